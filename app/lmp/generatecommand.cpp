// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/generation.h"
#include "session.h"

namespace lmp::cli {

namespace {

std::string optionalBytes(const std::optional<Number>& n)
{
    return n ? report::siText(Number::real(n->toDouble()), "B") : std::string("-");
}

} // namespace

int Session::generate()
{
    if (m_options.positional.size() != 2) {
        m_err << "lmp: generate takes one MODEL\n";
        return BadInput;
    }
    analysis::GenerationOptions options;
    for (auto [name, target] :
        { std::pair<const char*, Int*> { "prompt", &options.prompt }, { "tokens", &options.tokens } }) {
        const auto it = m_options.analysis.find(name);
        if (it == m_options.analysis.end())
            continue;
        const auto n = Number::parse(it->second);
        if (!n || !n->isInteger()) {
            m_err << "lmp: --" << name << " takes a whole number of tokens, not '" << it->second << "'\n";
            return BadInput;
        }
        *target = n->toInteger();
    }
    if (const std::string problem = analysis::generationProblem(options); !problem.empty()) {
        m_err << "lmp: " << problem << "\n";
        return BadInput;
    }
    if (m_options.analysis.count("phase") || m_options.analysis.count("seq") || m_options.analysis.count("past")) {
        m_err << "lmp: generate sets the phases itself: give --prompt and --tokens, not --phase, --seq or --past\n";
        return BadInput;
    }
    auto settings = analysisSettings();
    if (!settings)
        return BadInput;
    if (!loadHardware())
        return BadInput;
    if (!m_profile) {
        m_err << "lmp: generate needs a device: --hardware ID (lmp hardware lists them)\n";
        return BadInput;
    }
    if (!openModelAndLibrary())
        return BadInput;
    const auto g = analysis::generate(m_model->tree, m_library, *settings, *m_profile, options);

    std::string text;
    const std::string format = m_options.formatGiven ? m_options.format : std::string("text");
    if (format == "json") {
        report::JsonWriter w;
        w.beginObject();
        w.key("model").value(m_model->name.toStdString());
        w.key("hardware").value(m_profile->id);
        w.key("execution").value(std::string(analysis::executionName(settings->execution)));
        w.key("prompt").value(Number::integer(g.prompt));
        w.key("tokens").value(Number::integer(g.tokens));
        w.key("batch").value(Number::integer(g.batch));
        w.key("ttft_s").value(Number::real(g.ttft));
        w.key("ttft_roofline_s").value(Number::real(g.ttftRoofline));
        w.key("tpot_s").value(Number::real(g.tpot));
        w.key("tpot_roofline_s").value(Number::real(g.tpotRoofline));
        w.key("tpot_first_s").value(Number::real(g.tpotFirst));
        w.key("tpot_last_s").value(Number::real(g.tpotLast));
        w.key("decode_s").value(Number::real(g.decodeSeconds));
        w.key("end_to_end_s").value(Number::real(g.endToEnd));
        w.key("tokens_per_second").value(Number::real(g.tokensPerSecond));
        w.key("decode_tokens_per_second").value(Number::real(g.decodeTokensPerSecond));
        w.key("kv_cache_bytes");
        g.kvCacheBytes ? (void)w.value(*g.kvCacheBytes) : (void)w.null();
        w.key("footprint_bytes");
        g.footprintBytes ? (void)w.value(*g.footprintBytes) : (void)w.null();
        w.key("memory_bytes").value(Number::real(g.memoryBytes));
        w.key("context_at_memory");
        g.contextAtMemory ? (void)w.value(Number::integer(*g.contextAtMemory)) : (void)w.null();
        w.key("analysed_steps").value(static_cast<std::int64_t>(g.analysedSteps));
        w.key("sampled").value(g.sampled);
        w.key("notes").beginArray();
        for (const auto& n : g.notes)
            w.value(n);
        w.endArray();
        w.key("steps").beginArray();
        for (const auto& s : g.steps) {
            w.beginObject().key("token").value(Number::integer(s.token)).key("cached").value(Number::integer(s.cached));
            w.key("time_s").value(Number::real(s.seconds)).key("roofline_s").value(Number::real(s.roofline));
            w.key("kv_cache_bytes");
            s.kvCacheBytes ? (void)w.value(*s.kvCacheBytes) : (void)w.null();
            w.key("analysed").value(s.analysed).endObject();
        }
        w.endArray().endObject();
        text = w.str();
    } else if (format == "csv") {
        text = "token,cached,time_s,roofline_s,kv_cache_bytes,footprint_bytes,analysed\n";
        for (const auto& s : g.steps)
            text += formula::toString(s.token) + "," + formula::toString(s.cached) + ","
                + Number::real(s.seconds).toString() + "," + Number::real(s.roofline).toString() + ","
                + (s.kvCacheBytes ? s.kvCacheBytes->toString() : std::string()) + ","
                + (s.footprintBytes ? s.footprintBytes->toString() : std::string()) + "," + (s.analysed ? "1" : "0")
                + "\n";
    } else if (format == "text" || format == "table") {
        const auto& s = *settings;
        text = m_model->name.toStdString() + "  (" + m_model->architecture + ")\n";
        text += "generation: prompt " + report::exactText(Number::integer(g.prompt)) + " tokens, "
            + report::exactText(Number::integer(g.tokens)) + " generated, batch " + formula::toString(g.batch) + "; "
            + std::string(analysis::executionName(s.execution)) + " execution, activations "
            + std::string(analysis::dtypeName(s.actDtype)) + ", KV cache " + std::string(analysis::dtypeName(s.kvDtype))
            + "; " + m_profile->name + " ("
            + (m_profile->performance.fitted ? "fitted to measured kernels" : "default efficiencies, not measured")
            + ")\n\n";
        std::vector<std::vector<std::string>> rows {
            { "time to first token", report::secondsText(g.ttft), report::secondsText(g.ttftRoofline) },
            { "time per output token (mean)", g.tokens > 1 ? report::secondsText(g.tpot) : "-",
                g.tokens > 1 ? report::secondsText(g.tpotRoofline) : "-" },
            { "  first / last decode step",
                g.tokens > 1 ? report::secondsText(g.tpotFirst) + " / " + report::secondsText(g.tpotLast) : "-", "" },
            { "end-to-end", report::secondsText(g.endToEnd), report::secondsText(g.ttftRoofline + g.decodeRoofline) },
            { "output tokens per second", report::siText(Number::real(g.tokensPerSecond)), "" },
            { "decode tokens per second", g.tokens > 1 ? report::siText(Number::real(g.decodeTokensPerSecond)) : "-",
                "" },
            { "KV cache at the end", optionalBytes(g.kvCacheBytes), "" },
            { "footprint at the end", optionalBytes(g.footprintBytes),
                "of " + report::siText(Number::real(g.memoryBytes), "B") },
        };
        if (g.contextAtMemory)
            rows.push_back(
                { "memory full at", report::exactText(Number::integer(*g.contextAtMemory)) + " tokens", "" });
        text += report::textTable({ "", "expected", "roofline bound" }, rows, false, 1);
        for (const auto& n : g.notes)
            text += "note: " + n + "\n";
    } else {
        m_err << "lmp: generate writes text, json or csv, not '" << format << "'\n";
        return BadInput;
    }
    return writeOutput(text) ? Success : BadInput;
}

} // namespace lmp::cli
