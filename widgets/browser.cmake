# SPDX-License-Identifier: GPL-3.0-or-later
# The "Open model" browser: the built-in catalogue and the local Hugging Face cache.
target_sources(lmp_widgets PRIVATE modelbrowserdialog.cpp modelbrowserdialog.h)
