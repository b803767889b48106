// SPDX-License-Identifier: GPL-3.0-or-later
#include "session.h"

namespace lmp::cli {

int Session::sweep()
{
    if (m_options.positional.size() != 2) {
        m_err << "lmp: sweep takes one MODEL\n";
        return BadInput;
    }
    const auto over = m_options.analysis.find("over");
    const auto valuesIt = m_options.analysis.find("values");
    const auto axis = over == m_options.analysis.end() ? std::nullopt : analysis::sweepAxisFromName(over->second);
    if (!axis) {
        m_err << "lmp: sweep needs --over seq, batch or past\n";
        return BadInput;
    }
    if (valuesIt == m_options.analysis.end()) {
        m_err << "lmp: sweep needs --values, a list (128,256,512) or a range START:STOP:STEP\n";
        return BadInput;
    }
    auto parsed = analysis::parseSweepValues(valuesIt->second);
    if (const auto* error = std::get_if<std::string>(&parsed)) {
        m_err << "lmp: " << *error << "\n";
        return BadInput;
    }
    const std::vector<Int> values = std::get<std::vector<Int>>(std::move(parsed));
    std::vector<std::string> metrics { "flops", "matmul_flops", "reads", "writes", "intermediates", "time_s",
        "roofline_s", "kv_cache_bytes", "footprint_bytes" };
    if (const auto m = m_options.analysis.find("metric"); m != m_options.analysis.end()) {
        std::vector<std::string> chosen;
        std::size_t start = 0;
        while (start <= m->second.size()) {
            const auto c = m->second.find(',', start);
            const std::string name = m->second.substr(start, c == std::string::npos ? std::string::npos : c - start);
            if (std::find(metrics.begin(), metrics.end(), name) == metrics.end()) {
                m_err << "lmp: unknown --metric '" << name << "' (flops, matmul_flops, reads, writes, "
                      << "intermediates, time_s, roofline_s, kv_cache_bytes, footprint_bytes)\n";
                return BadInput;
            }
            chosen.push_back(name);
            if (c == std::string::npos)
                break;
            start = c + 1;
        }
        metrics = chosen;
    }
    auto settings = analysisSettings();
    if (!settings)
        return BadInput;
    if (const std::string problem = analysis::sweepProblem(*axis, settings->phase); !problem.empty()) {
        m_err << "lmp: --over " << over->second << ": " << problem << "\n";
        return BadInput;
    }
    if (!loadHardware())
        return BadInput;
    const hardware::Profile* profile = m_profile;
    if (!profile) {
        metrics.erase(std::remove(metrics.begin(), metrics.end(), "time_s"), metrics.end());
        metrics.erase(std::remove(metrics.begin(), metrics.end(), "roofline_s"), metrics.end());
    }
    if (!openModelAndLibrary())
        return BadInput;
    const auto samples =
        analysis::runSweep(m_model->tree, m_library, *settings, profile, *axis, values, { settings->phase });
    std::vector<std::vector<std::optional<Number>>> table;
    for (const auto& sample : samples) {
        std::vector<std::optional<Number>> row;
        for (const auto& m : metrics) {
            if (m == "time_s")
                row.push_back(Number::real(sample.seconds));
            else if (m == "roofline_s")
                row.push_back(Number::real(sample.roofline));
            else if (m == "kv_cache_bytes")
                row.push_back(sample.kvCacheBytes);
            else if (m == "footprint_bytes")
                row.push_back(sample.footprintBytes);
            else
                row.push_back(sample.total[*formula::kindFromName(m)]);
        }
        table.push_back(std::move(row));
    }
    // Each point says the step it analysed: new tokens and cached tokens.
    std::string text;
    if (m_options.format == "json") {
        report::JsonWriter w;
        w.beginObject().key("over").value(over->second);
        w.key("phase").value(std::string(analysis::phaseName(settings->phase)));
        w.key("points").beginArray();
        for (std::size_t i = 0; i < samples.size(); ++i) {
            w.beginObject().key(over->second).value(Number::integer(samples[i].x));
            w.key("seq").value(Number::integer(samples[i].settings.seq));
            w.key("past").value(Number::integer(samples[i].settings.past));
            w.key("batch").value(Number::integer(samples[i].settings.batch));
            for (std::size_t j = 0; j < metrics.size(); ++j) {
                w.key(metrics[j]);
                if (table[i][j])
                    w.value(*table[i][j]);
                else
                    w.null();
            }
            w.endObject();
        }
        w.endArray().endObject();
        text = w.str();
    } else {
        const bool csv = m_options.format == "csv";
        std::vector<std::string> header { over->second };
        for (const char* extra : { "seq", "past" })
            if (over->second != extra)
                header.push_back(extra);
        const std::size_t fixed = header.size();
        header.insert(header.end(), metrics.begin(), metrics.end());
        std::vector<std::vector<std::string>> rows;
        for (std::size_t i = 0; i < samples.size(); ++i) {
            std::vector<std::string> row { formula::toString(samples[i].x) };
            if (over->second != "seq")
                row.push_back(formula::toString(samples[i].settings.seq));
            if (over->second != "past")
                row.push_back(formula::toString(samples[i].settings.past));
            for (std::size_t j = 0; j < metrics.size(); ++j) {
                const auto& n = table[i][j];
                row.push_back(csv                                                ? (n ? n->toString() : std::string())
                        : !n                                                     ? std::string("-")
                        : (metrics[j] == "time_s" || metrics[j] == "roofline_s") ? report::secondsText(n->toDouble())
                                                                                 : report::siText(n));
            }
            rows.push_back(std::move(row));
        }
        if (csv) {
            for (std::size_t i = 0; i < header.size(); ++i)
                text += (i ? "," : "") + header[i];
            text += "\n";
            for (const auto& row : rows) {
                for (std::size_t i = 0; i < row.size(); ++i)
                    text += (i ? "," : "") + report::csvField(row[i]);
                text += "\n";
            }
        } else {
            text = report::textTable(header, rows, m_options.format == "markdown", 0);
            (void)fixed;
        }
    }
    return writeOutput(text) ? Success : BadInput;
}

} // namespace lmp::cli
