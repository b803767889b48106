// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "report/writers.h"

#include <QString>

#include <vector>

namespace lmp::widgets {

// Prints a report's print HTML (report::writePrintHtml) to a PDF file: A4 landscape, text as text (searchable),
// chart N's PNG where the HTML says <img src="chart:N">. Written atomically: a failure leaves no file. An error
// names the file and what failed; "" on success.
QString writePdf(const std::string& printHtml, const std::vector<report::Chart>& charts, const QString& file);

} // namespace lmp::widgets
