# SPDX-License-Identifier: GPL-3.0-or-later
# The chart widgets and the breakdowns they draw.
lmp_add_test(tst_breakdown LIBS lmp_core)
lmp_add_test(tst_charts LIBS lmp_widgets)
# Export of every chart, the layout at the sizes they get, the off-screen renderer and lmp plot's entry point.
lmp_add_test(tst_chartexport LIBS lmp_widgets)
target_sources(tst_chartexport PRIVATE ${PROJECT_SOURCE_DIR}/app/lmp/plotcommand.cpp ${PROJECT_SOURCE_DIR}/app/lmp/plotcommand.h)
target_include_directories(tst_chartexport PRIVATE ${PROJECT_SOURCE_DIR}/app/lmp)
