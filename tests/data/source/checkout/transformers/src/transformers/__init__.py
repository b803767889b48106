# Fixture for tst_sourcelocator: the package root of a fake transformers checkout.
__version__ = "4.99.0"
