// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysissnapshot.h"
#include "report/writers.h"

#include <QSize>

#include <vector>

namespace lmp::widgets {

// The report of a finished analysis (the window's summary and every export read it).
report::Report reportOf(const AnalysisSnapshot& snapshot, report::ReportOptions options = {});

// Writes a snapshot's report to a file in the format its suffix names (.html, .md, .csv, .json, .pdf, .txt), charts
// embedded in HTML and PDF; atomically. "" on success, else the message (naming the file).
QString exportReport(const SnapshotPtr& snapshot, const QString& file, report::ReportOptions options = {});

// The charts a report embeds, drawn by the window's chart widgets off-screen: the roofline (with a device), where
// the work goes per class and per layer. Each chart carries an SVG document and a PNG (for print). Needs a
// QApplication (any platform, offscreen included).
std::vector<report::Chart> reportCharts(const SnapshotPtr& snapshot, QSize size = QSize(1000, 600));

} // namespace lmp::widgets
