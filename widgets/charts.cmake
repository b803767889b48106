# SPDX-License-Identifier: GPL-3.0-or-later
# The chart widgets (QCustomPlot).
target_sources(lmp_widgets PRIVATE
)
