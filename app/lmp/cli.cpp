// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"

#include "agentcommand.h"
#include "reportoutput.h"
#include "analysis/analysis.h"
#include "analysis/breakdown.h"
#include "analysis/workspace.h"
#include "db/dbcheck.h"
#include "db/history.h"
#include "db/layereddatabase.h"
#include "formula/context.h"
#include "formula/evaluator.h"
#include "formula/library.h"
#include "hardware/hardware.h"
#include "model/architecture.h"
#include "model/modelconfig.h"
#include "model/modelloader.h"
#include "model/safetensors.h"
#include "analysis/sweep.h"
#include "report/jsonwriter.h"
#include "report/report.h"
#include "report/comparison.h"
#include "report/writers.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iomanip>
#include <map>
#include <optional>
#include <sstream>

namespace lmp::cli {

namespace {

using formula::Int;
using formula::Kind;
using formula::Number;

const char* kUsage = R"(Usage: lmp COMMAND [OPTIONS]

FLOPs, bytes and time of PyTorch modules from reviewed formula templates.

Commands:
  inspect MODEL [--depth N] [--expand] [--format text|json]
                        The module tree of a model, as transformers' named_modules() lists it, with
                        classes and exact parameter counts. MODEL is a config.json, a folder holding one,
                        or a Hugging Face model id (local cache first, then the built-in catalogue).
  models                The model ids of the built-in catalogue.
  analyze MODEL [--batch N] [--seq N] [--past N] [--phase prefill|decode] [--weight-dtype D]
          [--act-dtype D] [--kv-dtype D] [--hardware ID] [--attention eager|sdpa] [--causal full|half]
          [--logits all|last] [--images N] [--image-size WxH] [--validated-only] [--depth N]
          [--format table|json|csv|markdown] [-o FILE]
                        FLOPs (total and matmul), bytes read, written and materialized, parameters,
                        intensity, bound and roofline time of every module. Dtypes: fp32, bf16, fp16,
                        fp8, int8, int4. Decode is --seq new tokens (default 1) on --past cached ones.
                        Says how many modules use formulas nobody validated yet (pending or
                        needs_changes); rejected entries are never used. --validated-only uses
                        validated entries alone (a module without one sums its children, or is
                        reported as unknown).
  sweep MODEL --over seq|batch|past --values LIST|START:STOP:STEP [--metric M[,M...]] [analyze options]
                        One analysis per value; metrics: flops, matmul_flops, reads, writes,
                        intermediates, time_s, kv_cache_bytes, footprint_bytes (default: all).
  hardware list|show ID The accelerator profiles and the datasheet figures they come from.
  eval FORMULA [-p NAME=VALUE]... [--kind KIND]
                        Evaluate a formula; ${NAME} reads the -p values, {module}(...) calls the database.
  compute MODULE [-p NAME=VALUE]... [--format text|json]
                        Evaluate every template of a database entry (flops, matmul_flops, reads, writes,
                        intermediates, params) and its FLOP breakdown.
  db check              Check the database: schema, templates, dependencies, cycles, breakdown sums,
                        declared parameters. Prints file:line:column: module: field: message, and the
                        template's line with a caret under a template error. Exit 1 when it finds problems.
  db list               List the entries with their status and layer.
  db show MODULE        Print an entry.
  db history MODULE [--format text|json]
                        Every revision of an entry on both layers: number, layer, date, author, action,
                        notes and the changed fields (old -> new).
  db diff MODULE [REV_A REV_B]
                        Word-level diff between two revisions ([-removed-]{+added+}); default: the
                        revision before the last one against the current entry. A revision is N,
                        builtin:N, user:N (0: before the first revision) or current.
  agent MODULE_PATH|MODEL [--db FILE] [--source-root DIR]... [--python EXE] [--provider command|anthropic|openai]
        [--command CMD] [--base-url URL] [--model NAME] [--timeout S] [--concurrency N] [--no-repair] [--dry-run]
                        Draft with an LLM agent what the database lacks: the entry of a module class, every
                        entry a model's modules lack, or the architecture definition (and entries) of a
                        model whose config has none. Drafts are checked and land as pending for review;
                        nothing in an answer is run. --dry-run prints the prompts. The API key comes from
                        ANTHROPIC_API_KEY / OPENAI_API_KEY / LMP_API_KEY or the system keychain. Exit 0: the
                        drafts landed; 1: an answer was refused (reasons on stderr); 2: bad usage or the
                        provider failed.
  db validate MODULE --reviewer NAME [--notes TEXT]
  db reject MODULE --reviewer NAME [--notes TEXT]
  db request-changes MODULE --reviewer NAME [--notes TEXT]
                        Record a review in the user database, with a history revision.

Options:
  -p, --param NAME=VALUE  A parameter or context value (see the context variables below, or any
                          template parameter). VALUE is a number or a formula.
  --db FILE               The user database (default: the user's data folder). It overrides the
                          built-in database entry by entry; reviews are written to it. A file that
                          does not exist yet is an empty database, created by the first review.
  --no-builtin            Use only the --db file, without the built-in database.
  --kind KIND             flops, matmul_flops, reads, writes, intermediates or params (eval; default flops).
  --format FORMAT         text or json (default text).
  --no-memo               Evaluate without the memo cache.
  --validated-only        analyze, sweep, compute, eval: use validated database entries only.
  --depth N               inspect: show N levels below the model (default: all).
  --expand                inspect: list every instance of repeated blocks instead of grouping them.
  -h, --help              This help.
  --version               The version.

Exit status: 0 success, 1 a check found problems, 2 bad usage or bad input (message on stderr).
)";

// The context variables every template may use, from the one definition the formula language has.
std::string contextHelp()
{
    std::string out = "\nContext variables (every template may use them; the analysis sets them):\n";
    for (const auto& v : formula::contextVariables())
        out += "  " + std::string(v.name) + std::string(v.name.size() < 22 ? 22 - v.name.size() : 1, ' ')
            + std::string(v.description) + "\n";
    out += "Functions:";
    for (const auto& f : formula::functions())
        out += " " + std::string(f.signature);
    return out + "\n";
}

struct Options
{
    std::vector<std::string> positional;
    std::vector<std::pair<std::string, std::string>> params;
    std::optional<QString> db;
    bool noBuiltin = false;
    bool noMemo = false;
    bool validatedOnly = false;
    std::string kind = "flops";
    std::string format = "text";
    std::optional<std::string> reviewer;
    std::optional<std::string> notes;
    bool help = false;
    bool version = false;
    int depth = -1;
    bool expand = false;
    std::map<std::string, std::string> analysis; // --batch, --seq, --past, --phase, ... as given
    std::map<std::string, std::string> sideA; // compare: --a-batch, --a-hardware, ... (without the prefix)
    std::map<std::string, std::string> sideB;
    bool formatGiven = false; // --format was given (reports: else the -o suffix decides)
    std::optional<std::string> output; // -o FILE
    // agent
    std::vector<std::string> sourceRoots; // --source-root DIR, repeatable
    std::map<std::string, std::string> agent; // --provider, --command, --base-url, --model, --python, --timeout
    bool dryRun = false;
    bool noRepair = false;
};

struct UsageError
{
    std::string message;
};

Options parseOptions(const std::vector<std::string>& args)
{
    Options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto valueOf = [&](std::string_view name) -> std::string {
            // --name=value or --name value
            const std::string prefix = std::string(name) + "=";
            if (a.rfind(prefix, 0) == 0)
                return a.substr(prefix.size());
            if (i + 1 >= args.size())
                throw UsageError { "option " + std::string(name) + " needs a value" };
            return args[++i];
        };
        auto is = [&](std::string_view name) { return a == name || a.rfind(std::string(name) + "=", 0) == 0; };
        if (a == "-h" || a == "--help") {
            o.help = true;
        } else if (a == "--version") {
            o.version = true;
        } else if (a == "-p" || is("--param")) {
            o.params.emplace_back(valueOf(a == "-p" ? "-p" : "--param"), std::string());
        } else if (a.size() > 2 && a.rfind("-p", 0) == 0 && a[2] != '-') {
            o.params.emplace_back(a.substr(2), std::string());
        } else if (is("--db")) {
            o.db = QString::fromStdString(valueOf("--db"));
        } else if (a == "--no-builtin") {
            o.noBuiltin = true;
        } else if (a == "--no-memo") {
            o.noMemo = true;
        } else if (a == "--validated-only") {
            o.validatedOnly = true;
        } else if (a == "--expand") {
            o.expand = true;
        } else if (is("--depth")) {
            const std::string v = valueOf("--depth");
            char* end = nullptr;
            const long depth = std::strtol(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || depth < 0 || depth > 1000)
                throw UsageError { "--depth takes a number from 0 to 1000, not '" + v + "'" };
            o.depth = static_cast<int>(depth);
        } else if (is("--kind")) {
            o.kind = valueOf("--kind");
        } else if (is("--format")) {
            o.format = valueOf("--format");
            o.formatGiven = true;
        } else if ((a.rfind("--a-", 0) == 0 || a.rfind("--b-", 0) == 0) && a.size() > 4) {
            // compare: an analysis option for one side
            const std::string name = a.substr(4, a.find('=') == std::string::npos ? std::string::npos : a.find('=') - 4);
            static const char* const sideOptions[] = { "batch", "seq", "past", "phase", "weight-dtype", "act-dtype",
                "kv-dtype", "hardware", "attention", "causal", "logits", "images", "image-size" };
            if (std::find_if(std::begin(sideOptions), std::end(sideOptions), [&](const char* n) { return name == n; })
                == std::end(sideOptions))
                throw UsageError { "unknown option '" + a + "'" };
            (a[2] == 'a' ? o.sideA : o.sideB)[name] = valueOf(a.substr(0, 4) + name);
        } else if (is("--batch") || is("--seq") || is("--past") || is("--phase") || is("--weight-dtype")
            || is("--act-dtype") || is("--kv-dtype") || is("--hardware") || is("--attention") || is("--causal")
            || is("--logits") || is("--images") || is("--image-size")) {
            const std::string name =
                a.substr(2, a.find('=') == std::string::npos ? std::string::npos : a.find('=') - 2);
            o.analysis[name] = valueOf("--" + name);
        } else if (is("--over") || is("--values") || is("--metric")) {
            const std::string name =
                a.substr(2, a.find('=') == std::string::npos ? std::string::npos : a.find('=') - 2);
            o.analysis[name] = valueOf("--" + name);
        } else if (is("--source-root")) {
            o.sourceRoots.push_back(valueOf("--source-root"));
        } else if (is("--provider") || is("--command") || is("--base-url") || is("--model") || is("--python")
            || is("--timeout") || is("--concurrency")) {
            const std::string name =
                a.substr(2, a.find('=') == std::string::npos ? std::string::npos : a.find('=') - 2);
            o.agent[name] = valueOf("--" + name);
        } else if (a == "--dry-run") {
            o.dryRun = true;
        } else if (a == "--no-repair") {
            o.noRepair = true;
        } else if (a == "-o" || is("--output")) {
            o.output = valueOf(a == "-o" ? "-o" : "--output");
        } else if (is("--reviewer")) {
            o.reviewer = valueOf("--reviewer");
        } else if (is("--notes")) {
            o.notes = valueOf("--notes");
        } else if (a == "--") {
            for (++i; i < args.size(); ++i)
                o.positional.push_back(args[i]);
        } else if (a.size() > 1 && a[0] == '-'
            && !(a.size() > 1 && (std::isdigit(static_cast<unsigned char>(a[1])) || a[1] == '.'))) {
            throw UsageError { "unknown option '" + a + "'" };
        } else {
            o.positional.push_back(a);
        }
    }
    // NAME=VALUE split, checked.
    for (auto& [spec, value] : o.params) {
        const auto eq = spec.find('=');
        if (eq == std::string::npos || eq == 0)
            throw UsageError { "-p expects NAME=VALUE, got '" + spec + "'" };
        value = spec.substr(eq + 1);
        spec = spec.substr(0, eq);
        const bool validName = std::all_of(spec.begin(), spec.end(), [](unsigned char c) {
            return std::isalnum(c) || c == '_';
        }) && !std::isdigit(static_cast<unsigned char>(spec[0]));
        if (!validName)
            throw UsageError { "invalid parameter name '" + spec + "' in -p" };
        if (value.empty())
            throw UsageError { "-p " + spec + "= has no value" };
    }
    if (o.format == "table")
        o.format = "text";
    if (o.format == "md")
        o.format = "markdown";
    if (o.format != "text" && o.format != "json" && o.format != "csv" && o.format != "markdown" && o.format != "html"
        && o.format != "pdf")
        throw UsageError { "--format must be text (table), json, csv, markdown, html or pdf, not '" + o.format + "'" };
    if (!formula::kindFromName(o.kind))
        throw UsageError { "--kind must be flops, matmul_flops, reads, writes, intermediates or params, not '" + o.kind
            + "'" };
    return o;
}

// Digits in groups of three: 678,711,263,232.
using formula::grouped;

// An unknown figure (no entry, a failed evaluation) reads "?", never 0.
std::string groupedOrUnknown(const std::optional<Number>& value)
{
    return value ? grouped(*value) : std::string("?");
}

// 678.71 G, 1.23 T: for reading at a glance next to the exact figure.
std::string si(const Number& n)
{
    const double v = n.toDouble();
    const double a = std::fabs(v);
    static const char* prefixes[] = { "", "k", "M", "G", "T", "P", "E", "Z", "Y", "R", "Q" };
    int p = 0;
    double scaled = a;
    while (scaled >= 1000.0 && p < 10) {
        scaled /= 1000.0;
        ++p;
    }
    if (p == 0)
        return {};
    std::ostringstream s;
    s << std::fixed << std::setprecision(2) << (v < 0 ? -scaled : scaled) << ' ' << prefixes[p];
    return s.str();
}

// 45.6 %, and two significant digits below 0.1 %: 0.0062 %.
std::string percentText(double percent)
{
    std::ostringstream s;
    if (percent == 0 || std::fabs(percent) >= 0.1)
        s << std::fixed << std::setprecision(1) << percent;
    else
        s << std::setprecision(2) << percent;
    s << " %";
    return s.str();
}

class Session
{
public:
    Session(const Options& options, std::ostream& out, std::ostream& err)
        : m_options(options)
        , m_out(out)
        , m_err(err)
    { }

    // Opens the layered database; false (message printed) when it cannot be read. A --db file that does not exist
    // yet is an empty user layer: a command that writes creates it, the others read the built-in database alone.
    bool openDatabase(bool writes = false)
    {
        QString userPath = m_options.db.value_or(db::LayeredDatabase::defaultUserPath());
        if (m_options.noBuiltin && !m_options.db) {
            m_err << "lmp: --no-builtin needs --db FILE\n";
            return false;
        }
        std::variant<db::LayeredDatabase, db::DbError> opened = m_options.noBuiltin
            ? db::LayeredDatabase::open(db::ModuleDatabase(), userPath)
            : db::LayeredDatabase::withBuiltin(userPath);
        if (const auto* e = std::get_if<db::DbError>(&opened)) {
            m_err << "lmp: " << e->describe() << "\n";
            return false;
        }
        if (m_options.db && !QFileInfo::exists(*m_options.db) && !QFileInfo(*m_options.db).isSymLink()) {
            m_err << "lmp: " << m_options.db->toStdString() << " does not exist yet; "
                  << (writes                       ? "it will be created"
                             : m_options.noBuiltin ? "the database is empty"
                                                   : "using the built-in database alone")
                  << "\n";
        }
        m_db.emplace(std::move(std::get<db::LayeredDatabase>(opened)));
        return true;
    }

    // Builds the formula library: entries with schema errors and rejected entries are left out (db check names the
    // former; a call to the latter says it is rejected), and with --validated-only every entry not validated.
    void buildLibrary() { m_library = analysis::libraryFrom(*m_db, m_options.validatedOnly); }

    // -p values become the evaluation context; each value is a number or a constant formula.
    bool setContext(formula::Evaluator& evaluator)
    {
        for (const auto& [name, text] : m_options.params) {
            const auto value = parseValue(name, text);
            if (!value)
                return false;
            evaluator.setContext(name, *value);
        }
        return true;
    }

    std::optional<Number> parseValue(const std::string& name, const std::string& text)
    {
        if (const auto n = Number::parse(text))
            return n;
        const formula::Library empty;
        const auto compiled = empty.compile(text, "-p " + name);
        if (!compiled.ok()) {
            m_err << "lmp: -p " << name << "=" << text << ": " << compiled.errors.front().message << "\n";
            return std::nullopt;
        }
        formula::Evaluator evaluator(empty);
        const auto r = evaluator.evaluate(*compiled.program);
        if (!r.ok()) {
            m_err << "lmp: -p " << name << "=" << text << ": " << r.error().message << "\n";
            return std::nullopt;
        }
        return r.value();
    }

    void printFormulaErrors(const std::vector<formula::FormulaError>& errors)
    {
        for (const auto& e : errors)
            m_err << "lmp: " << e.describeWithSource() << "\n";
    }

    int eval()
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

    int compute()
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
            m_out << "  " << std::left << std::setw(static_cast<int>(labelWidth)) << label << std::right
                  << std::setw(34) << (value ? grouped(*value) : std::string("unknown"));
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

    // The --hardware profile, when one is named; false (message printed) when it cannot be had.
    bool loadHardware()
    {
        const auto it = m_options.analysis.find("hardware");
        if (it == m_options.analysis.end())
            return true;
        auto loaded = hardware::Catalogue::loadBuiltin({ hardware::Catalogue::defaultUserFolder() });
        if (const auto* e = std::get_if<hardware::ProfileError>(&loaded)) {
            m_err << "lmp: " << e->describe() << "\n";
            return false;
        }
        m_catalogue.emplace(std::move(std::get<hardware::Catalogue>(loaded)));
        m_profile = m_catalogue->find(it->second);
        if (!m_profile)
            m_err << "lmp: no hardware profile '" << it->second << "' (lmp hardware list)\n";
        return m_profile != nullptr;
    }

    // The MODEL argument as a module tree; false (message printed) when it cannot be read.
    bool loadModelArgument()
    {
        auto registry = model::ArchitectureRegistry::loadBuiltin({ model::ArchitectureRegistry::defaultUserFolder() });
        if (const auto* e = std::get_if<model::ModelError>(&registry)) {
            m_err << "lmp: " << e->describe() << "\n";
            return false;
        }
        auto loaded = model::loadModel(
            QString::fromStdString(m_options.positional[1]), std::get<model::ArchitectureRegistry>(registry));
        if (const auto* e = std::get_if<model::ModelError>(&loaded)) {
            m_err << "lmp: " << e->describe() << "\n";
            return false;
        }
        m_model.emplace(std::move(std::get<model::LoadedModel>(loaded)));
        return true;
    }

    int models()
    {
        for (const QString& id : model::builtinModelIds())
            m_out << id.toStdString() << "\n";
        return Success;
    }

    int inspect()
    {
        if (m_options.positional.size() != 2) {
            m_err << "lmp: inspect takes one MODEL (a config.json, a folder or a model id)\n";
            return BadInput;
        }
        if (!loadModelArgument())
            return BadInput;
        const model::LoadedModel& loadedModel = *m_model;
        const auto& checkpoint = loadedModel.checkpoint;
        const auto& comparison = loadedModel.comparison;
        if (m_options.format == "json")
            inspectJson(loadedModel, checkpoint, comparison);
        else
            inspectText(loadedModel);
        if (comparison) {
            if (m_options.format != "json") {
                m_out << "\ncheckpoint: " << checkpoint->files.size() << " file(s), " << checkpoint->tensors.size()
                      << " tensors, " << grouped(Number::integer(comparison->checkpointParams))
                      << " parameters of the tree, " << grouped(Number::integer(checkpoint->totalBytes()))
                      << " bytes\n";
            }
            auto list = [&](const char* what, const std::vector<std::string>& names) {
                if (names.empty())
                    return;
                m_err << "lmp: " << what << " (" << names.size() << "):";
                for (std::size_t i = 0; i < names.size() && i < 10; ++i)
                    m_err << " " << names[i];
                m_err << (names.size() > 10 ? " ...\n" : "\n");
            };
            list("tensors of the tree missing from the checkpoint", comparison->missing);
            list("checkpoint tensors that are no parameter of the tree (buffers?)", comparison->extra);
            list("shapes that differ", comparison->shapeMismatches);
            for (const QString& shard : checkpoint->missingShards)
                m_err << "lmp: shard not downloaded: " << shard.toStdString() << "\n";
            if (!comparison->matches()) {
                m_err << "lmp: the checkpoint does not match the tree: tree "
                      << grouped(Number::integer(comparison->treeParams)) << " parameters, checkpoint "
                      << grouped(Number::integer(comparison->checkpointParams)) << "\n";
                return ProblemsFound;
            }
        }
        return Success;
    }

    void inspectJson(const model::LoadedModel& loadedModel, const std::optional<model::Checkpoint>& checkpoint,
        const std::optional<model::CheckpointComparison>& comparison)
    {
        report::JsonWriter w;
        w.beginObject();
        const model::ModuleTree& tree = loadedModel.tree;
        w.key("model").value(loadedModel.name.toStdString());
        w.key("architecture").value(loadedModel.architecture);
        w.key("params").value(Number::integer(tree.totalParams()));
        w.key("modules").value(Number::integer(tree.moduleCount()));
        if (checkpoint && comparison) {
            auto names = [&](const char* key, const std::vector<std::string>& list) {
                w.key(key).beginArray();
                for (const auto& n : list)
                    w.value(n);
                w.endArray();
            };
            w.key("checkpoint").beginObject();
            w.key("files").value(static_cast<std::int64_t>(checkpoint->files.size()));
            w.key("tensors").value(static_cast<std::int64_t>(checkpoint->tensors.size()));
            w.key("params").value(Number::integer(comparison->checkpointParams));
            w.key("bytes").value(Number::integer(checkpoint->totalBytes()));
            w.key("matches").value(comparison->matches());
            names("missing", comparison->missing);
            names("extra", comparison->extra);
            names("shape_mismatches", comparison->shapeMismatches);
            w.endObject();
        }
        w.key("tree");
        std::function<void(const std::string&, const std::string&, model::NodeId, int)> emit =
            [&](const std::string& name, const std::string& fullName, model::NodeId id, int depth) {
                const model::Node& n = tree.node(id);
                w.beginObject();
                w.key("name").value(fullName);
                w.key("class").value(n.classPath);
                w.key("params").value(Number::integer(n.inclusiveParams));
                if (!n.params.empty()) {
                    w.key("attributes").beginObject();
                    for (const auto& p : n.params)
                        if (p.deferred())
                            w.key(p.name).value(p.expression);
                        else
                            w.key(p.name).value(p.value);
                    w.endObject();
                }
                if (!n.tensors.empty()) {
                    w.key("tensors").beginArray();
                    for (const auto& t : n.tensors) {
                        w.beginObject().key("name").value(t.name).key("shape").beginArray();
                        for (auto d : t.shape)
                            w.value(Number::integer(d));
                        w.endArray();
                        if (!t.tiedTo.empty())
                            w.key("tied_to").value(t.tiedTo);
                        w.endObject();
                    }
                    w.endArray();
                }
                if (!n.children.empty() && (m_options.depth < 0 || depth < m_options.depth)) {
                    w.key("children").beginArray();
                    for (const auto& c : n.children)
                        emit(c.name, fullName.empty() ? c.name : fullName + "." + c.name, c.node, depth + 1);
                    w.endArray();
                }
                w.endObject();
                (void)name;
            };
        emit({}, {}, tree.root(), 0);
        w.endObject();
        m_out << w.str();
    }

    void inspectText(const model::LoadedModel& loadedModel)
    {
        const model::ModuleTree& tree = loadedModel.tree;
        m_out << loadedModel.name.toStdString() << "  (" << loadedModel.architecture << ")\n";
        m_out << grouped(Number::integer(tree.totalParams())) << " parameters ("
              << si(Number::integer(tree.totalParams())) << "), " << grouped(Number::integer(tree.moduleCount()))
              << " modules\n\n";
        m_out << model::treeTable(tree, m_options.depth, m_options.expand);
    }

    std::optional<analysis::Settings> analysisSettings()
    {
        auto parsed = analysis::settingsFromOptions(m_options.analysis);
        if (const auto* error = std::get_if<std::string>(&parsed)) {
            m_err << "lmp: " << *error << "\n";
            return std::nullopt;
        }
        return std::get<analysis::Settings>(parsed);
    }

    // Writes text to -o FILE (atomically) or to stdout; false (message printed) when the file cannot be written.
    bool writeOutput(const std::string& data)
    {
        if (!m_options.output) {
            m_out << data;
            return true;
        }
        QSaveFile f(QString::fromStdString(*m_options.output));
        if (!f.open(QIODevice::WriteOnly)
            || f.write(data.data(), static_cast<qint64>(data.size())) != static_cast<qint64>(data.size())
            || !f.commit()) {
            m_err << "lmp: cannot write " << *m_options.output << ": " << f.errorString().toStdString() << "\n";
            return false;
        }
        return true;
    }

    // The report of the MODEL argument under the command line's settings; nullopt (message printed) on bad input.
    std::optional<report::Report> analyzeToReport()
    {
        const auto settings = analysisSettings();
        if (!settings)
            return std::nullopt;
        if (!loadHardware())
            return std::nullopt;
        if (!openDatabase())
            return std::nullopt;
        buildLibrary();
        if (!loadModelArgument())
            return std::nullopt;
        const analysis::AnalysisResult result = analysis::analyze(m_model->tree, m_library, *settings, m_profile);
        if (m_profile && !m_profile->hasCompute())
            m_err << "lmp: warning: " << m_profile->name << " has no published compute peak: times count memory "
                  << "traffic only\n";
        report::ReportOptions options;
        options.depth = m_options.depth;
        options.expand = m_options.expand;
        options.validatedOnly = m_options.validatedOnly;
        options.generator = "LM-Predictor " + QCoreApplication::applicationVersion().toStdString();
        return report::makeReport(*m_model, m_library, *settings, m_profile, result, options);
    }

    // Names the modules whose figures the totals leave out.
    void warnIncomplete(const report::Report& r)
    {
        if (r.complete && r.warnings.empty())
            return;
        m_err << "lmp: warning: " << r.warnings.size() << " module" << (r.warnings.size() == 1 ? "" : "s")
              << " could not be evaluated completely; the totals leave that work out:\n";
        for (std::size_t i = 0; i < r.warnings.size() && i < 8; ++i)
            m_err << "  " << r.warnings[i] << "\n";
    }

    int analyze()
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

    // Writes a report or comparison in the format -o's suffix (or --format) names: html, md, csv, json, pdf, text.
    // Charts come along in HTML and PDF where the build has the window's widgets.
    template <typename Subject>
    int writeReportFile(const Subject& subject, const std::vector<ChartSource>& chartSources)
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
            for (const auto& source : chartSources)
                for (auto& chart : reportCharts(source))
                    charts.push_back(std::move(chart));
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

    int reportCommand()
    {
        if (m_options.positional.size() != 2) {
            m_err << "lmp: report takes one MODEL (a config.json, a folder or a model id)\n";
            return BadInput;
        }
        const auto r = analyzeToReport();
        if (!r)
            return BadInput;
        std::vector<ChartSource> sources;
        if (chartsAvailable())
            sources.push_back({ std::make_shared<const model::LoadedModel>(*m_model),
                std::make_shared<const formula::Library>(std::move(m_library)), r->settings, r->hardware });
        const int status = writeReportFile(*r, sources);
        if (status == Success)
            warnIncomplete(*r);
        return status;
    }

    // One side of a comparison: its model and the analysis options with that side's --a-/--b- options over the
    // common ones.
    std::optional<std::pair<report::Report, ChartSource>> compareSide(
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
        auto loaded = model::loadModel(QString::fromStdString(modelArgument), std::get<model::ArchitectureRegistry>(registry));
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

    int compareCommand()
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
        return writeReportFile(comparison, {});
    }

    int sweep()
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
            "kv_cache_bytes", "footprint_bytes" };
        if (const auto m = m_options.analysis.find("metric"); m != m_options.analysis.end()) {
            std::vector<std::string> chosen;
            std::size_t start = 0;
            while (start <= m->second.size()) {
                const auto c = m->second.find(',', start);
                const std::string name =
                    m->second.substr(start, c == std::string::npos ? std::string::npos : c - start);
                if (std::find(metrics.begin(), metrics.end(), name) == metrics.end()) {
                    m_err << "lmp: unknown --metric '" << name << "' (flops, matmul_flops, reads, writes, "
                          << "intermediates, time_s, kv_cache_bytes, footprint_bytes)\n";
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
        if (!profile)
            metrics.erase(std::remove(metrics.begin(), metrics.end(), "time_s"), metrics.end());
        if (!openDatabase())
            return BadInput;
        buildLibrary();
        if (!loadModelArgument())
            return BadInput;
        const auto samples =
            analysis::runSweep(m_model->tree, m_library, *settings, profile, *axis, values, { settings->phase });
        std::vector<std::vector<std::optional<Number>>> table;
        for (const auto& sample : samples) {
            std::vector<std::optional<Number>> row;
            for (const auto& m : metrics) {
                if (m == "time_s")
                    row.push_back(Number::real(sample.seconds));
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
                    row.push_back(csv                        ? (n ? n->toString() : std::string())
                            : !n                             ? std::string("-")
                            : metrics[j] == "time_s"         ? report::secondsText(n->toDouble())
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

    int hardwareCommand()
    {
        if (m_options.positional.size() < 2 || (m_options.positional[1] != "list" && m_options.positional[1] != "show")
            || (m_options.positional[1] == "show" && m_options.positional.size() != 3)) {
            m_err << "lmp: hardware list, or hardware show ID\n";
            return BadInput;
        }
        auto loaded = hardware::Catalogue::loadBuiltin({ hardware::Catalogue::defaultUserFolder() });
        if (const auto* e = std::get_if<hardware::ProfileError>(&loaded)) {
            m_err << "lmp: " << e->describe() << "\n";
            return BadInput;
        }
        const auto& catalogue = std::get<hardware::Catalogue>(loaded);
        if (m_options.positional[1] == "list") {
            for (const auto& p : catalogue.profiles()) {
                std::ostringstream bw;
                bw << std::setprecision(4) << p.bandwidth / 1e12;
                m_out << std::left << std::setw(20) << p.id << std::setw(34) << p.name << std::right << std::setw(8)
                      << si(Number::real(p.matrixPeak("bf16"))) << "FLOP/s bf16  " << bw.str() << " TB/s  "
                      << std::setprecision(4) << p.memoryBytes / double(1 << 30) << " GiB\n";
            }
            return Success;
        }
        const hardware::Profile* p = catalogue.find(m_options.positional[2]);
        if (!p) {
            m_err << "lmp: no hardware profile '" << m_options.positional[2] << "' (lmp hardware list)\n";
            return BadInput;
        }
        QFile f(p->file);
        if (f.open(QIODevice::ReadOnly))
            m_out << f.readAll().toStdString();
        return Success;
    }

    int db()
    {
        static const char* kSubcommands = "check, list, show, history, diff, validate, reject, request-changes";
        if (m_options.positional.size() < 2) {
            m_err << "lmp: db needs a subcommand: " << kSubcommands << "\n";
            return BadInput;
        }
        const std::string& sub = m_options.positional[1];
        const bool review = sub == "validate" || sub == "reject" || sub == "request-changes";
        if (sub != "check" && sub != "list" && sub != "show" && sub != "history" && sub != "diff" && !review) {
            m_err << "lmp: unknown db subcommand '" << sub << "'; the subcommands are " << kSubcommands << "\n";
            return BadInput;
        }
        const std::size_t count = m_options.positional.size();
        if (sub == "diff") {
            if (count != 3 && count != 5) {
                m_err << "lmp: db diff takes one MODULE and optionally two revisions: MODULE [REV_A REV_B]\n";
                return BadInput;
            }
        } else {
            const std::size_t expected = (sub == "check" || sub == "list") ? 2 : 3;
            if (count != expected) {
                m_err << "lmp: db " << sub << (expected == 3 ? " takes one MODULE\n" : " takes no arguments\n");
                return BadInput;
            }
        }
        if (!openDatabase(review))
            return BadInput;
        if (sub == "check")
            return dbCheck();
        if (sub == "list")
            return dbList();
        const std::string key = formula::normalizeModuleKey(m_options.positional[2]);
        if (!m_db->contains(key)) {
            m_err << "lmp: no entry '" << m_options.positional[2] << "' in the database\n";
            return BadInput;
        }
        if (sub == "show")
            return dbShow(key);
        if (sub == "history")
            return dbHistory(key);
        if (sub == "diff")
            return dbDiff(key);
        const db::Status status = sub == "validate" ? db::Status::Validated
            : sub == "reject"                       ? db::Status::Rejected
                                                    : db::Status::NeedsChanges;
        return dbReview(key, status);
    }

    int dbCheck()
    {
        const auto problems = db::checkDatabase(*m_db);
        const auto keys = m_db->keys();
        if (m_options.format == "json") {
            report::JsonWriter w;
            w.beginObject().key("entries").value(static_cast<std::int64_t>(keys.size()));
            w.key("problems").beginArray();
            for (const auto& p : problems) {
                w.beginObject().key("key").value(p.key).key("field").value(p.field).key("message").value(p.message);
                w.key("rule").value(std::string(db::ruleName(p.rule))).key("pointer").value(p.pointer);
                w.key("file").value(p.file.toStdString()).key("line").value(p.line).key("column").value(p.column);
                if (p.formulaError) {
                    const auto& e = *p.formulaError;
                    w.key("formula_error").beginObject().key("kind").value(std::string(formula::errorKindName(e.kind)));
                    w.key("where").value(e.where).key("begin").value(static_cast<std::int64_t>(e.range.begin));
                    w.key("end").value(static_cast<std::int64_t>(e.range.end)).endObject();
                }
                w.endObject();
            }
            w.endArray().endObject();
            m_out << w.str();
        } else {
            for (const auto& p : problems) {
                m_out << p.file.toStdString();
                if (p.line > 0) {
                    m_out << ":" << p.line;
                    if (p.column > 0)
                        m_out << ":" << p.column;
                }
                m_out << ": " << (p.key.empty() ? std::string("(file)") : p.key);
                if (!p.field.empty())
                    m_out << ": " << p.field;
                m_out << ": " << p.message << "\n";
                // The template's line with a caret and tildes under the error's range.
                const std::string withSource = p.describeWithSource();
                if (const auto source = withSource.find('\n', p.describe().size()); source != std::string::npos)
                    m_out << withSource.substr(source + 1) << "\n";
            }
            m_out << keys.size() << " entries checked, " << problems.size() << " problem"
                  << (problems.size() == 1 ? "" : "s") << "\n";
        }
        return problems.empty() ? Success : ProblemsFound;
    }

    // A JSON value on one line, cut to about `limit` characters (at a character boundary) with "...".
    static std::string shortValue(const db::Json& value, std::size_t limit)
    {
        std::string text = value.dump(-1, ' ', false, db::Json::error_handler_t::replace);
        if (text.size() <= limit)
            return text;
        std::size_t cut = limit - 3;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
            --cut;
        return text.substr(0, cut) + "...";
    }

    static std::string layerName(db::Layer layer) { return layer == db::Layer::Builtin ? "built-in" : "user"; }

    int dbHistory(const std::string& key)
    {
        const auto history = db::mergedHistory(*m_db, key);
        if (m_options.format == "json") {
            db::Json out = db::Json::object();
            out["key"] = key;
            out["module_path"] = formula::modulePathFromKey(key);
            db::Json revisions = db::Json::array();
            for (const auto& [layer, r] : history) {
                db::Json changes = db::Json::array();
                for (const auto& c : r.changes)
                    changes.push_back({ { "pointer", c.pointer }, { "old", c.oldValue }, { "new", c.newValue } });
                revisions.push_back({ { "revision", r.revision }, { "layer", layerName(layer) }, { "date", r.date },
                    { "author", r.author }, { "action", r.action }, { "notes", r.notes },
                    { "changes", std::move(changes) } });
            }
            out["revisions"] = std::move(revisions);
            m_out << out.dump(2, ' ', false, db::Json::error_handler_t::replace) << "\n";
            return Success;
        }
        m_out << "# " << formula::modulePathFromKey(key) << ": " << history.size() << " revision"
              << (history.size() == 1 ? "" : "s") << "\n";
        if (history.empty())
            m_out << "(no revisions recorded)\n";
        for (const auto& [layer, r] : history) {
            m_out << "\nrevision " << r.revision << "  " << layerName(layer) << "  " << r.date << "  "
                  << (r.author.empty() ? std::string("(no author)") : r.author) << "  " << r.action << "\n";
            if (!r.notes.empty())
                m_out << "  notes: " << r.notes << "\n";
            for (const auto& c : r.changes) {
                m_out << "  " << (c.pointer.empty() ? std::string("(the entry)") : c.pointer) << ": "
                      << shortValue(c.oldValue, 60) << " \u2192 " << shortValue(c.newValue, 60) << "\n";
            }
        }
        return Success;
    }

    // "3", "builtin:3", "user:3", "0" (before the first revision) or "current". A bare number is the winning
    // layer's revision when its entry records it, else the other layer's.
    std::optional<db::RevisionRef> parseRevision(const std::string& key, const std::string& text)
    {
        const db::Layer winning = m_db->layerOf(key)->layer;
        if (text == "current")
            return db::RevisionRef { winning, db::kCurrentRevision };
        std::string number = text;
        std::optional<db::Layer> layer;
        if (text.rfind("builtin:", 0) == 0 || text.rfind("built-in:", 0) == 0) {
            layer = db::Layer::Builtin;
            number = text.substr(text.find(':') + 1);
        } else if (text.rfind("user:", 0) == 0) {
            layer = db::Layer::User;
            number = text.substr(5);
        }
        const bool digits = !number.empty() && number.size() < 10
            && std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits) {
            m_err << "lmp: '" << text << "' is not a revision: N, builtin:N, user:N or current\n";
            return std::nullopt;
        }
        const int n = std::stoi(number);
        auto records = [&](db::Layer l) {
            const db::ModuleDatabase* d = l == db::Layer::Builtin ? &m_db->builtin() : m_db->user();
            if (!d || !d->contains(key))
                return false;
            const auto h = d->history(key);
            return n == 0 || std::any_of(h.begin(), h.end(), [&](const db::Revision& r) { return r.revision == n; });
        };
        if (layer)
            return db::RevisionRef { *layer, n };
        const db::Layer other = winning == db::Layer::User ? db::Layer::Builtin : db::Layer::User;
        return db::RevisionRef { records(winning) || !records(other) ? winning : other, n };
    }

    int dbDiff(const std::string& key)
    {
        const db::Layer winning = m_db->layerOf(key)->layer;
        db::RevisionRef from { winning, 0 };
        db::RevisionRef to { winning, db::kCurrentRevision };
        if (m_options.positional.size() == 5) {
            const auto a = parseRevision(key, m_options.positional[3]);
            const auto b = parseRevision(key, m_options.positional[4]);
            if (!a || !b)
                return BadInput;
            from = *a;
            to = *b;
        } else {
            const auto history = m_db->databaseOf(key)->history(key);
            if (history.empty()) {
                m_out << "diff " << formula::modulePathFromKey(key)
                      << "\n(no revisions recorded: nothing to compare)\n";
                return Success;
            }
            from.revision = history.size() >= 2 ? history[history.size() - 2].revision : 0;
        }
        const auto hunks = db::diffRevisions(*m_db, key, from, to);
        if (const auto* e = std::get_if<db::DbError>(&hunks)) {
            m_err << "lmp: " << e->describe() << "\n";
            return BadInput;
        }
        const auto history = db::mergedHistory(*m_db, key);
        auto describe = [&](const db::RevisionRef& r) {
            if (r.revision == db::kCurrentRevision)
                return "current entry (" + layerName(r.layer) + ")";
            if (r.revision == 0)
                return "before revision 1 (" + layerName(r.layer) + ")";
            std::string out = "revision " + std::to_string(r.revision) + " (" + layerName(r.layer);
            for (const auto& [layer, rev] : history) {
                if (rev.revision == r.revision) {
                    out += ", " + rev.date + ", " + (rev.author.empty() ? std::string("no author") : rev.author) + ", "
                        + rev.action;
                    break;
                }
            }
            return out + ")";
        };
        const auto& list = std::get<std::vector<db::DiffHunk>>(hunks);
        m_out << "diff " << formula::modulePathFromKey(key) << "\n";
        m_out << "--- " << describe(from) << "\n";
        m_out << "+++ " << describe(to) << "\n";
        if (!db::hasChanges(list)) {
            m_out << "(no changes)\n";
            return Success;
        }
        printWordDiff(list);
        return Success;
    }

    // The word diff as git --word-diff=plain shows it: the lines that change, with 3 lines of context, each group
    // headed by "@@ -OLD_LINE +NEW_LINE @@".
    void printWordDiff(const std::vector<db::DiffHunk>& hunks)
    {
        struct Line
        {
            std::string text;
            bool changed = false;
            int oldLine = 1;
            int newLine = 1;
        };
        std::vector<Line> lines(1);
        int oldLine = 1;
        int newLine = 1;
        auto put = [&](std::string_view text, db::DiffOp op) {
            for (char c : text) {
                if (op != db::DiffOp::Equal)
                    lines.back().changed = true;
                if (c != '\n') {
                    lines.back().text += c;
                    continue;
                }
                if (op != db::DiffOp::Added)
                    ++oldLine;
                if (op != db::DiffOp::Removed)
                    ++newLine;
                lines.push_back({ {}, false, oldLine, newLine });
            }
        };
        for (const db::DiffHunk& h : hunks) {
            put(h.op == db::DiffOp::Removed ? "[-" : h.op == db::DiffOp::Added ? "{+" : "", h.op);
            put(h.text, h.op);
            put(h.op == db::DiffOp::Removed ? "-]" : h.op == db::DiffOp::Added ? "+}" : "", h.op);
        }
        if (lines.back().text.empty() && !lines.back().changed)
            lines.pop_back();
        constexpr std::size_t kContext = 3;
        std::vector<bool> shown(lines.size(), false);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (!lines[i].changed)
                continue;
            const std::size_t first = i >= kContext ? i - kContext : 0;
            const std::size_t last = std::min(lines.size() - 1, i + kContext);
            for (std::size_t j = first; j <= last; ++j)
                shown[j] = true;
        }
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (!shown[i])
                continue;
            if (i == 0 || !shown[i - 1])
                m_out << "@@ -" << lines[i].oldLine << " +" << lines[i].newLine << " @@\n";
            m_out << lines[i].text << "\n";
        }
    }

    int dbList()
    {
        const auto keys = m_db->keys();
        if (m_options.format == "json") {
            report::JsonWriter w;
            w.beginArray();
            for (const auto& key : keys) {
                const auto* database = m_db->databaseOf(key);
                const auto status = database ? database->status(key) : std::nullopt;
                w.beginObject().key("key").value(key).key("module_path").value(formula::modulePathFromKey(key));
                w.key("status");
                if (status)
                    w.value(std::string(db::statusName(*status)));
                else
                    w.null();
                w.key("layer").value(m_db->layerOf(key)->name().toStdString()).endObject();
            }
            w.endArray();
            m_out << w.str();
            return Success;
        }
        std::size_t width = 10;
        for (const auto& key : keys)
            width = std::max(width, formula::modulePathFromKey(key).size());
        m_out << std::left << std::setw(static_cast<int>(width) + 2) << "MODULE" << std::setw(15) << "STATUS"
              << "LAYER\n";
        for (const auto& key : keys) {
            const auto* database = m_db->databaseOf(key);
            const auto status = database ? database->status(key) : std::nullopt;
            m_out << std::left << std::setw(static_cast<int>(width) + 2) << formula::modulePathFromKey(key)
                  << std::setw(15) << (status ? std::string(db::statusName(*status)) : std::string("(invalid)"))
                  << m_db->layerOf(key)->name().toStdString() << "\n";
        }
        return Success;
    }

    int dbShow(const std::string& key)
    {
        const db::Json* entry = m_db->entry(key);
        if (m_options.format == "json") {
            m_out << entry->dump(2) << "\n";
            return Success;
        }
        m_out << "# " << formula::modulePathFromKey(key) << "  (" << m_db->layerOf(key)->name().toStdString() << ")\n";
        m_out << entry->dump(2) << "\n";
        return Success;
    }

    int dbReview(const std::string& key, db::Status status)
    {
        if (!m_options.reviewer || m_options.reviewer->empty()) {
            m_err << "lmp: a review needs --reviewer NAME\n";
            return BadInput;
        }
        if (m_options.noBuiltin == false && !m_options.db)
            m_err << "lmp: writing the review to " << m_db->userPath().toStdString() << "\n";
        if (const auto e = m_db->setValidation(key, status, QString::fromStdString(*m_options.reviewer),
                QString::fromStdString(m_options.notes.value_or(std::string())), QDateTime::currentDateTimeUtc())) {
            m_err << "lmp: " << e->describe() << "\n";
            return BadInput;
        }
        if (const auto e = m_db->saveUser()) {
            m_err << "lmp: " << e->describe() << "\n";
            return BadInput;
        }
        m_out << formula::modulePathFromKey(key) << ": " << db::statusName(status) << " by " << *m_options.reviewer
              << "\n";
        return Success;
    }

private:
    const Options& m_options;
    std::ostream& m_out;
    std::ostream& m_err;
    std::optional<db::LayeredDatabase> m_db;
    formula::Library m_library;
    std::optional<hardware::Catalogue> m_catalogue;
    const hardware::Profile* m_profile = nullptr;
    std::optional<model::LoadedModel> m_model;
    std::shared_ptr<const formula::Library> m_sharedLibrary; // compare: one library for both sides
};

} // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    Options options;
    try {
        options = parseOptions(args);
    } catch (const UsageError& e) {
        err << "lmp: " << e.message << "\nTry 'lmp --help'.\n";
        return BadInput;
    }
    if (options.version) {
        out << "lmp " << QCoreApplication::applicationVersion().toStdString() << "\n";
        return Success;
    }
    if (options.help || options.positional.empty()) {
        (options.help ? out : err) << kUsage << contextHelp();
        return options.help ? Success : BadInput;
    }
    Session session(options, out, err);
    const std::string& command = options.positional.front();
    if (command == "eval")
        return session.eval();
    if (command == "inspect")
        return session.inspect();
    if (command == "models")
        return session.models();
    if (command == "analyze")
        return session.analyze();
    if (command == "sweep")
        return session.sweep();
    if (command == "report")
        return session.reportCommand();
    if (command == "compare")
        return session.compareCommand();
    if (command == "hardware")
        return session.hardwareCommand();
    if (command == "compute")
        return session.compute();
    if (command == "db")
        return session.db();
    if (command == "agent") {
        if (options.positional.size() != 2) {
            err << "lmp: agent takes one MODULE_PATH or MODEL\n";
            return BadInput;
        }
        return runAgent(
            { options.positional[1], options.db, options.sourceRoots, options.agent, options.dryRun, options.noRepair },
            out, err);
    }
    err << "lmp: unknown command '" << command << "'\nTry 'lmp --help'.\n";
    return BadInput;
}

} // namespace lmp::cli
