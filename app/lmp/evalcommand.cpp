// SPDX-License-Identifier: GPL-3.0-or-later
#include "session.h"

namespace lmp::cli {

int Session::eval()
{
    if (m_options.positional.size() != 2) {
        m_err << "lmp: eval takes one FORMULA (quote it)\n";
        return BadInput;
    }
    if (!openDatabase())
        return BadInput;
    buildLibrary();
    const auto compiled = m_library.compile(m_options.positional[1]);
    if (!compiled.ok()) {
        printFormulaErrors(compiled.errors);
        return BadInput;
    }
    formula::Evaluator evaluator(m_library);
    evaluator.setMemoization(!m_options.noMemo);
    if (!setContext(evaluator))
        return BadInput;
    const Kind kind = *formula::kindFromName(m_options.kind);
    const auto result = evaluator.evaluate(*compiled.program, kind);
    if (!result.ok()) {
        printFormulaErrors({ result.error() });
        return BadInput;
    }
    if (m_options.format == "json") {
        report::JsonWriter w;
        w.beginObject().key("kind").value(std::string(formula::kindName(kind))).key("value").value(result.value());
        w.endObject();
        m_out << w.str();
    } else {
        m_out << result.value().toString() << "\n";
    }
    return Success;
}

int Session::compute()
{
    if (m_options.positional.size() != 2) {
        m_err << "lmp: compute takes one MODULE (a module path or key)\n";
        return BadInput;
    }
    if (!openDatabase())
        return BadInput;
    buildLibrary();
    const std::string& wanted = m_options.positional[1];
    const auto id = m_library.find(wanted);
    if (!id) {
        m_err << "lmp: no module '" << wanted << "' in the database";
        if (m_db->contains(wanted))
            m_err << " that can be evaluated: its entry has schema errors (run 'lmp db check')";
        m_err << "\n";
        return BadInput;
    }
    for (const auto& d : m_library.diagnostics()) {
        if (d.moduleKey == m_library.key(*id))
            m_err << "lmp: warning: " << d.field << ": " << d.error.describe() << "\n";
    }
    formula::Evaluator evaluator(m_library);
    evaluator.setMemoization(!m_options.noMemo);
    if (!setContext(evaluator))
        return BadInput;
    for (const auto& [name, text] : m_options.params) {
        const auto& sig = m_library.signature(*id);
        if (std::find(sig.begin(), sig.end(), name) == sig.end() && !m_library.symbol(name))
            m_err << "lmp: warning: -p " << name << " is not used by any template\n";
    }

    struct Figure
    {
        Kind kind;
        std::optional<Number> value; // nullopt: unknown (no template of that kind)
    };
    std::vector<Figure> figures;
    for (Kind kind : formula::kAllKinds) {
        if (!m_library.hasTemplate(*id, kind)) {
            figures.push_back({ kind, std::nullopt });
            continue;
        }
        const auto r = evaluator.evaluate(*id, kind);
        if (!r.ok()) {
            printFormulaErrors({ r.error() });
            return BadInput;
        }
        figures.push_back({ kind, r.value() });
    }
    std::vector<std::pair<std::string, Number>> breakdown;
    for (std::size_t i = 0; i < m_library.breakdownSize(*id); ++i) {
        const auto r = evaluator.evaluateBreakdown(*id, i);
        if (!r.ok()) {
            printFormulaErrors({ r.error() });
            return BadInput;
        }
        breakdown.emplace_back(m_library.breakdownName(*id, i), r.value());
    }

    const std::string& key = m_library.key(*id);
    if (m_options.format == "json") {
        report::JsonWriter w;
        w.beginObject();
        w.key("module").value(formula::modulePathFromKey(key));
        w.key("key").value(key);
        w.key("parameters").beginObject();
        for (const auto& [name, text] : m_options.params)
            w.key(name).value(*evaluator.contextValue(name));
        w.endObject();
        for (const auto& f : figures) {
            w.key(formula::kindName(f.kind));
            if (f.value)
                w.value(*f.value);
            else
                w.null();
        }
        w.key("breakdown").beginObject();
        for (const auto& [name, value] : breakdown)
            w.key(name).value(value);
        w.endObject();
        w.endObject();
        m_out << w.str();
        return Success;
    }
    m_out << formula::modulePathFromKey(key) << "\n";
    if (!m_options.params.empty()) {
        m_out << "  with";
        for (const auto& [name, text] : m_options.params)
            m_out << " " << name << "=" << evaluator.contextValue(name)->toString();
        m_out << "\n";
    }
    m_out << "\n";
    std::size_t labelWidth = 18;
    for (const auto& [name, value] : breakdown)
        labelWidth = std::max(labelWidth, name.size() + 4);
    auto row = [&](const std::string& label, const std::optional<Number>& value, const std::string& note) {
        m_out << "  " << std::left << std::setw(static_cast<int>(labelWidth)) << label << std::right << std::setw(34)
              << (value ? grouped(*value) : std::string("unknown"));
        std::string details = value ? si(*value) : std::string();
        if (!note.empty())
            details += (details.empty() ? "" : ", ") + note;
        if (!details.empty())
            m_out << "  (" << details << ")";
        m_out << "\n";
    };
    for (const auto& f : figures) {
        const bool bytes = f.kind == Kind::Reads || f.kind == Kind::Writes || f.kind == Kind::Intermediates;
        row(std::string(formula::kindName(f.kind)) + (bytes ? " [bytes]" : ""), f.value,
            f.value ? std::string() : "no " + std::string(formula::kindTemplateField(f.kind)));
    }
    if (!breakdown.empty()) {
        m_out << "\n  FLOP breakdown:\n";
        const auto total = figures.front().value;
        for (const auto& [name, value] : breakdown) {
            std::string share;
            if (total && total->toDouble() != 0) {
                share = percentText(100.0 * value.toDouble() / total->toDouble());
            }
            row("  " + name, value, share);
        }
    }
    return Success;
}

} // namespace lmp::cli
