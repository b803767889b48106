// SPDX-License-Identifier: GPL-3.0-or-later
#include "session.h"

namespace lmp::cli {

template <typename Subject>
int Session::writeReportFile(const Subject& subject, const std::function<std::vector<report::Chart>()>& drawCharts)
{
    std::optional<report::Format> format;
    if (m_options.formatGiven)
        format = report::formatFromName(m_options.format);
    else if (m_options.output)
        format = report::formatFromFileName(*m_options.output);
    if (!format) {
        if (m_options.output)
            m_err << "lmp: cannot tell the format of '" << *m_options.output
                  << "': name it .html, .md, .csv, .json, .pdf or .txt, or give --format\n";
        else
            m_err << "lmp: a report needs -o FILE.html|md|csv|json|pdf (or --format to write to stdout)\n";
        return BadInput;
    }
    std::vector<report::Chart> charts;
    if (*format == report::Format::Html || *format == report::Format::Pdf)
        if (drawCharts)
            charts = drawCharts();
    std::string text;
    switch (*format) {
    case report::Format::Text:
        text = report::writeText(subject);
        break;
    case report::Format::Markdown:
        text = report::writeMarkdown(subject);
        break;
    case report::Format::Csv:
        text = report::writeCsv(subject);
        break;
    case report::Format::Json:
        text = report::writeJson(subject);
        break;
    case report::Format::Html:
        text = report::writeHtml(subject, charts);
        break;
    case report::Format::Pdf: {
        if (!m_options.output) {
            m_err << "lmp: a PDF needs -o FILE.pdf\n";
            return BadInput;
        }
        const std::string error = writePdfFile(report::writePrintHtml(subject, charts), charts, *m_options.output);
        if (!error.empty()) {
            m_err << "lmp: " << error << "\n";
            return BadInput;
        }
        return Success;
    }
    }
    return writeOutput(text) ? Success : BadInput;
}

int Session::reportCommand()
{
    if (m_options.positional.size() != 2) {
        m_err << "lmp: report takes one MODEL (a config.json, a folder or a model id)\n";
        return BadInput;
    }
    const auto r = analyzeToReport();
    if (!r)
        return BadInput;
    const int status = writeReportFile(*r, [&] {
        return reportCharts({ std::make_shared<const model::LoadedModel>(std::move(*m_model)),
            std::make_shared<const formula::Library>(std::move(m_library)), r->settings, r->hardware });
    });
    if (status == Success)
        warnIncomplete(*r);
    return status;
}

std::optional<std::pair<report::Report, ChartSource>> Session::compareSide(
    const std::string& modelArgument, const std::map<std::string, std::string>& own, const char* side)
{
    std::map<std::string, std::string> options = m_options.analysis;
    for (const auto& [name, value] : own)
        options[name] = value;
    auto parsed = analysis::settingsFromOptions(options);
    if (const auto* error = std::get_if<std::string>(&parsed)) {
        m_err << "lmp: " << side << ": " << *error << "\n";
        return std::nullopt;
    }
    const analysis::Settings settings = std::get<analysis::Settings>(parsed);
    std::optional<hardware::Profile> profile;
    if (const auto it = options.find("hardware"); it != options.end()) {
        if (!m_catalogue) {
            auto loaded = hardware::Catalogue::loadBuiltin({ hardware::Catalogue::defaultUserFolder() });
            if (const auto* e = std::get_if<hardware::ProfileError>(&loaded)) {
                m_err << "lmp: " << e->describe() << "\n";
                return std::nullopt;
            }
            m_catalogue.emplace(std::move(std::get<hardware::Catalogue>(loaded)));
        }
        const hardware::Profile* p = m_catalogue->find(it->second);
        if (!p) {
            m_err << "lmp: " << side << ": no hardware profile '" << it->second << "' (lmp hardware list)\n";
            return std::nullopt;
        }
        profile = *p;
    }
    auto registry = model::ArchitectureRegistry::loadBuiltin({ model::ArchitectureRegistry::defaultUserFolder() });
    if (const auto* e = std::get_if<model::ModelError>(&registry)) {
        m_err << "lmp: " << e->describe() << "\n";
        return std::nullopt;
    }
    auto loaded =
        model::loadModel(QString::fromStdString(modelArgument), std::get<model::ArchitectureRegistry>(registry));
    if (const auto* e = std::get_if<model::ModelError>(&loaded)) {
        m_err << "lmp: " << side << ": " << e->describe() << "\n";
        return std::nullopt;
    }
    auto model = std::make_shared<const model::LoadedModel>(std::move(std::get<model::LoadedModel>(loaded)));
    const hardware::Profile* hw = profile ? &*profile : nullptr;
    const auto result = analysis::analyze(model->tree, *m_sharedLibrary, settings, hw);
    report::ReportOptions reportOptions;
    reportOptions.depth = m_options.depth;
    reportOptions.expand = m_options.expand;
    reportOptions.validatedOnly = m_options.validatedOnly;
    reportOptions.generator = "LM-Predictor " + QCoreApplication::applicationVersion().toStdString();
    report::Report r = report::makeReport(*model, *m_sharedLibrary, settings, hw, result, reportOptions);
    return std::make_pair(std::move(r), ChartSource { model, m_sharedLibrary, settings, profile });
}

int Session::compareCommand()
{
    if (m_options.positional.size() < 2 || m_options.positional.size() > 3) {
        m_err << "lmp: compare takes MODEL_A and MODEL_B (or one MODEL under two settings: --b-weight-dtype fp8, "
                 "--a-hardware nvidia-a100-80gb --b-hardware nvidia-h100-sxm, ...)\n";
        return BadInput;
    }
    const std::string modelA = m_options.positional[1];
    const std::string modelB = m_options.positional.size() == 3 ? m_options.positional[2] : modelA;
    if (!openDatabase())
        return BadInput;
    m_sharedLibrary = analysis::buildLibrary(*m_db, m_options.validatedOnly);
    auto a = compareSide(modelA, m_options.sideA, "A");
    if (!a)
        return BadInput;
    auto b = compareSide(modelB, m_options.sideB, "B");
    if (!b)
        return BadInput;
    if (modelA == modelB && a->first.settings == b->first.settings
        && (a->first.hardware ? a->first.hardware->id : "") == (b->first.hardware ? b->first.hardware->id : ""))
        m_err << "lmp: warning: both sides are the same model under the same settings\n";
    const report::Comparison comparison = report::compare(std::move(a->first), std::move(b->first));
    if (!m_options.output && !m_options.formatGiven) {
        m_out << report::writeText(comparison);
        return Success;
    }
    return writeReportFile(comparison, [&] { return comparisonCharts(a->second, b->second); });
}

} // namespace lmp::cli
