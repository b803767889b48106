# SPDX-License-Identifier: GPL-3.0-or-later
# The chart widgets and the breakdowns they draw.
lmp_add_test(tst_breakdown LIBS lmp_core)
lmp_add_test(tst_charts LIBS lmp_widgets)
