# SPDX-License-Identifier: GPL-3.0-or-later
# The "Open model" browser.
lmp_add_test(tst_modelbrowser LIBS lmp_widgets)
