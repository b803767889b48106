// SPDX-License-Identifier: GPL-3.0-or-later
#include "session.h"

namespace lmp::cli {

int Session::analyze()
{
    if (m_options.positional.size() != 2) {
        m_err << "lmp: analyze takes one MODEL (a config.json, a folder or a model id)\n";
        return BadInput;
    }
    if (m_options.format == "html" || m_options.format == "pdf")
        return reportCommand();
    const auto r = analyzeToReport();
    if (!r)
        return BadInput;
    const auto format = report::formatFromName(m_options.format).value_or(report::Format::Text);
    std::string text;
    switch (format) {
    case report::Format::Json:
        text = report::writeJson(*r);
        break;
    case report::Format::Csv:
        text = report::writeCsv(*r);
        break;
    case report::Format::Markdown:
        text = report::writeMarkdown(*r);
        break;
    default:
        text = report::writeText(*r);
    }
    if (!writeOutput(text))
        return BadInput;
    warnIncomplete(*r);
    return Success;
}

} // namespace lmp::cli
