# SPDX-License-Identifier: GPL-3.0-or-later
# The compare view: two analyses side by side (a tree model, totals, grouped bars and the exports).
target_sources(lmp_widgets PRIVATE
    comparemodel.cpp comparemodel.h
    compareview.cpp compareview.h
)
