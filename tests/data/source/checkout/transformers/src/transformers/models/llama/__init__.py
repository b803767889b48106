# Fixture for tst_sourcelocator.
