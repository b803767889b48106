// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysissnapshot.h"
#include "report/writers.h"

#include <QSize>

#include <vector>

namespace lmp::widgets {

// The charts a report embeds, drawn by the window's chart widgets off-screen: the roofline (with a device), where
// the work goes per class and per layer. Each chart carries an SVG document and a PNG (for print). Needs a
// QApplication (any platform, offscreen included).
std::vector<report::Chart> reportCharts(const SnapshotPtr& snapshot, QSize size = QSize(1000, 600));

} // namespace lmp::widgets
