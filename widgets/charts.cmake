# SPDX-License-Identifier: GPL-3.0-or-later
# The chart widgets (QCustomPlot).
target_sources(lmp_widgets PRIVATE
    breakdownchart.cpp breakdownchart.h
    chartexport.cpp chartexport.h
    chartexportdialog.cpp chartexportdialog.h
    chartrender.cpp chartrender.h
    chartutil.cpp chartutil.h
    rooflineplot.cpp rooflineplot.h
    sweepchart.cpp sweepchart.h
)
# SweepChart runs its analyses on the thread pool.
target_link_libraries(lmp_widgets PUBLIC Qt6::Concurrent)
