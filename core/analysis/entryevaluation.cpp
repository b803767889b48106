// SPDX-License-Identifier: GPL-3.0-or-later
#include "entryevaluation.h"

#include "breakdown.h"
#include "formula/evaluator.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace lmp::analysis {

using formula::Int;
using formula::Kind;
using formula::Number;

namespace {

// Texts of these free functions, translated in one context.
class Text
{
    Q_DECLARE_TR_FUNCTIONS(EntryEvaluation)
};

// Exactly for integers; to a relative 1e-9 for reals (as db check compares the breakdown).
bool sameValue(const Number& a, const Number& b)
{
    if (a.isInteger() && b.isInteger())
        return a.toInteger() == b.toInteger();
    const double x = a.toDouble(), y = b.toDouble();
    return std::fabs(x - y) <= 1e-9 * std::max({ 1.0, std::fabs(x), std::fabs(y) });
}

bool lessOrEqual(const Number& a, const Number& b)
{
    if (a.isInteger() && b.isInteger())
        return a.toInteger() <= b.toInteger();
    return a.toDouble() <= b.toDouble() || sameValue(a, b);
}

bool negative(const Number& n)
{
    return n.isInteger() ? n.toInteger() < 0 : n.toDouble() < 0;
}

bool finite(const Number& n)
{
    return n.isInteger() || std::isfinite(n.toDouble());
}

QString kindLabel(Kind kind)
{
    switch (kind) {
    case Kind::Flops:
        return Text::tr("FLOPs");
    case Kind::MatmulFlops:
        return Text::tr("matmul FLOPs");
    case Kind::Reads:
        return Text::tr("reads");
    case Kind::Writes:
        return Text::tr("writes");
    case Kind::Intermediates:
        return Text::tr("intermediates");
    case Kind::Params:
        return Text::tr("params");
    }
    return {};
}

QString ruleTitle(db::Rule rule)
{
    switch (rule) {
    case db::Rule::Json:
        return Text::tr("The entry is JSON");
    case db::Rule::Schema:
        return Text::tr("Schema");
    case db::Rule::Key:
        return Text::tr("Key");
    case db::Rule::ModulePath:
        return Text::tr("Module path matches the key");
    case db::Rule::CodeLocation:
        return Text::tr("Code location");
    case db::Rule::TemplateSyntax:
        return Text::tr("Templates compile");
    case db::Rule::UnknownModule:
        return Text::tr("Called modules exist");
    case db::Rule::Cycle:
        return Text::tr("No call cycle");
    case db::Rule::ModuleDepends:
        return Text::tr("module_depends lists the calls");
    case db::Rule::UndeclaredParameter:
        return Text::tr("Parameters are declared");
    case db::Rule::CheckValues:
        return Text::tr("check_values");
    case db::Rule::SampleValues:
        return Text::tr("Evaluates on sample values");
    case db::Rule::BreakdownSum:
        return Text::tr("Breakdown sums on sample values");
    }
    return {};
}

} // namespace

AnalyzedModel analyzeModel(
    std::shared_ptr<const model::LoadedModel> model, const formula::Library& library, const Settings& settings)
{
    AnalyzedModel out;
    out.settings = settings;
    if (!model)
        return out;
    out.result = std::make_shared<const AnalysisResult>(analyze(model->tree, library, settings));
    out.instances = std::make_shared<const std::vector<Int>>(instanceCounts(model->tree));
    out.model = std::move(model);
    return out;
}

ClassIndex::ClassIndex(AnalyzedModel analyzed)
    : m_analyzed(std::move(analyzed))
{
    if (!hasModel() || m_analyzed.model->tree.storedNodes() == 0)
        return;
    const model::ModuleTree& tree = m_analyzed.model->tree;
    m_firstNames.resize(tree.storedNodes());
    std::vector<bool> seen(tree.storedNodes(), false);
    std::vector<model::NodeId> order;
    // The first instance of each stored node in named_modules() order; a node seen before has its subtree seen too.
    tree.walk([&](const std::string& name, const model::Node& node, int) {
        const auto id = static_cast<model::NodeId>(&node - &tree.node(0));
        if (seen[id])
            return false;
        seen[id] = true;
        m_firstNames[id] = QString::fromStdString(name);
        order.push_back(id);
        return true;
    });
    for (model::NodeId id : order) {
        if (instancesOf(id) > 0)
            m_byKey[formula::normalizeModuleKey(tree.node(id).classPath)].push_back(id);
    }
}

const std::vector<model::NodeId>& ClassIndex::nodesOf(std::string_view key) const
{
    static const std::vector<model::NodeId> none;
    const auto it = m_byKey.find(formula::normalizeModuleKey(key));
    return it == m_byKey.end() ? none : it->second;
}

QString ClassIndex::firstName(model::NodeId node) const
{
    return node < m_firstNames.size() ? m_firstNames[node] : QString();
}

Int ClassIndex::instancesOf(model::NodeId node) const
{
    const std::vector<Int>* counts = m_analyzed.instances.get();
    return counts && node < counts->size() ? (*counts)[node] : 1;
}

std::shared_ptr<const formula::Library> buildReviewLibrary(const db::LayeredDatabase& database, std::string_view key)
{
    db::SpecSelection selection = database.moduleSpecs(false);
    if (!key.empty()) {
        const std::string wanted = formula::normalizeModuleKey(key);
        const auto it = std::find_if(selection.excluded.begin(), selection.excluded.end(),
            [&](const auto& e) { return formula::normalizeModuleKey(e.first) == wanted; });
        const db::ModuleDatabase* layer = database.databaseOf(key);
        if (it != selection.excluded.end() && layer && layer->isValid(key)) {
            if (auto spec = layer->moduleSpec(key)) {
                selection.specs.push_back(std::move(*spec));
                selection.excluded.erase(it);
            }
        }
    }
    return std::make_shared<const formula::Library>(
        formula::Library::build(selection.specs, {}, std::move(selection.excluded)));
}

EntryEvaluation evaluateEntry(const formula::Library& library, std::string_view key, const ClassIndex& index)
{
    EntryEvaluation out;
    const auto id = library.find(key);
    const QString className = [&] {
        const QString path = QString::fromStdString(formula::modulePathFromKey(key));
        return path.mid(path.lastIndexOf(u'.') + 1);
    }();
    if (!id) {
        out.message = Text::tr("The entry cannot be evaluated: it has schema errors (see the checks).");
        return out;
    }
    for (std::size_t i = 0; i < library.breakdownSize(*id); ++i)
        out.itemNames << QString::fromStdString(library.breakdownName(*id, i));

    if (!index.hasModel()) {
        out.message = Text::tr("No model is open: open one to evaluate the entry on its modules.");
        return out;
    }
    const std::vector<model::NodeId>& nodes = index.nodesOf(key);
    if (nodes.empty()) {
        out.message = Text::tr("%1 has no module of class %2.").arg(index.analyzed().model->name, className);
        return out;
    }

    const AnalyzedModel& analyzed = index.analyzed();
    const Settings& settings = analyzed.settings;
    // A training step counts the forward three times (analyze): the children's figures include that.
    const Int factor = settings.phase == Phase::Train ? 3 : 1;
    const model::ModuleTree& tree = analyzed.model->tree;
    const std::vector<formula::NamedValue> context = settings.context();
    for (model::NodeId nodeId : nodes) {
        const model::Node& node = tree.node(nodeId);
        BreakdownRow row;
        row.node = nodeId;
        row.name = index.firstName(nodeId);
        row.instances = index.instancesOf(nodeId);
        std::vector<std::string> warnings;
        row.bindings = nodeBindings(node, library.signature(*id), library, settings, &warnings);
        for (const auto& w : warnings)
            row.bindingWarnings << QString::fromStdString(w);

        formula::Evaluator evaluator(library);
        evaluator.setContext(context);
        QStringList figureErrors;
        for (Kind k : formula::kAllKinds) {
            if (!library.hasTemplate(*id, k))
                continue;
            const auto r = evaluator.evaluate(*id, k, row.bindings);
            if (r.ok())
                row.figures[k] = r.value();
            else
                figureErrors << kindLabel(k) + QStringLiteral(": ") + QString::fromStdString(r.error().describe());
        }
        if (library.hasTemplate(*id, Kind::Flops)) {
            row.total = row.figures[Kind::Flops];
            if (!row.total) {
                const auto r = evaluator.evaluate(*id, Kind::Flops, row.bindings);
                row.totalError = r.ok() ? QString() : QString::fromStdString(r.error().describe());
            }
        }
        bool itemsOk = library.breakdownSize(*id) > 0;
        std::optional<Number> sum = Number::integer(0);
        for (std::size_t i = 0; i < library.breakdownSize(*id); ++i) {
            const auto r = evaluator.evaluateBreakdown(*id, i, row.bindings);
            if (r.ok()) {
                row.items.push_back(r.value());
                row.itemErrors << QString();
                sum = addFigures(sum, r.value());
            } else {
                row.items.push_back(std::nullopt);
                row.itemErrors << QString::fromStdString(r.error().describe());
                itemsOk = false;
            }
        }
        if (itemsOk)
            row.sum = sum;
        if (row.sum && row.total)
            row.sumMatches = sameValue(*row.sum, *row.total);

        // The checks of this node.
        const QString where = row.instances > 1
            ? Text::tr("%1 ×%2").arg(row.name, QString::fromStdString(formula::toString(row.instances)))
            : row.name;
        auto check = [&](const char* checkId, const QString& title, bool passed, const QString& reason) {
            out.checks.push_back(
                { EntryCheck::Scope::Model, QString::fromLatin1(checkId), title, passed, reason, where, {} });
        };

        {
            QStringList bad = figureErrors;
            for (Kind k : formula::kAllKinds) {
                const auto& v = row.figures[k];
                if (v && (!finite(*v) || negative(*v)))
                    bad << Text::tr("%1 = %2").arg(kindLabel(k), groupedDigits(*v));
            }
            for (std::size_t i = 0; i < row.items.size(); ++i) {
                const auto& v = row.items[i];
                if (!v)
                    bad << Text::tr("breakdown %1: %2")
                               .arg(out.itemNames.value(static_cast<int>(i)), row.itemErrors[i]);
                else if (!finite(*v) || negative(*v))
                    bad << Text::tr("breakdown %1 = %2")
                               .arg(out.itemNames.value(static_cast<int>(i)), groupedDigits(*v));
            }
            for (const QString& w : row.bindingWarnings)
                bad << w;
            check("finite", Text::tr("Every figure evaluates, finite and ≥ 0"), bad.isEmpty(),
                bad.isEmpty() ? Text::tr("%1 figures and %2 breakdown items")
                                    .arg(std::count_if(row.figures.values.begin(), row.figures.values.end(),
                                        [](const auto& v) { return v.has_value(); }))
                                    .arg(row.items.size())
                              : bad.join(QStringLiteral("; ")));
        }

        const auto& flops = row.figures[Kind::Flops];
        const auto& matmul = row.figures[Kind::MatmulFlops];
        if (flops && matmul) {
            const bool ok = lessOrEqual(*matmul, *flops);
            check("matmul", Text::tr("Matmul FLOPs ≤ FLOPs"), ok,
                (ok ? Text::tr("matmul %1 ≤ FLOPs %2") : Text::tr("matmul %1 > FLOPs %2"))
                    .arg(groupedDigits(*matmul), groupedDigits(*flops)));
        }

        if (!row.items.empty()) {
            if (row.sumMatches) {
                const bool ok = *row.sumMatches;
                check("breakdown_sum", Text::tr("Breakdown sums to the total"), ok,
                    ok ? Text::tr("sum %1 = total %2").arg(groupedDigits(*row.sum), groupedDigits(*row.total))
                       : Text::tr("sum %1 ≠ total %2 (off by %3)")
                             .arg(groupedDigits(*row.sum), groupedDigits(*row.total),
                                 groupedDigits(subtractFigures(row.sum, row.total))));
            } else {
                check("breakdown_sum", Text::tr("Breakdown sums to the total"), false,
                    Text::tr("the breakdown or the total does not evaluate"));
            }
        }

        // The entry against its children: what the analysis takes as this module's own work (self) is the entry's
        // figure minus the children's inclusive figures; negative means the entry misses work its children do.
        const AnalysisResult& result = *analyzed.result;
        const bool childWithEntry = std::any_of(node.children.begin(), node.children.end(),
            [&](const model::ChildRef& c) { return c.node < result.nodes.size() && result.nodes[c.node].hasEntry; });
        if (childWithEntry) {
            QStringList negatives, shown;
            for (Kind k : { Kind::Flops, Kind::MatmulFlops, Kind::Reads, Kind::Writes, Kind::Intermediates }) {
                if (!row.figures[k])
                    continue;
                std::optional<Number> children = Number::integer(0);
                for (const model::ChildRef& c : node.children)
                    children = c.node < result.nodes.size() ? addFigures(children, result.nodes[c.node].inclusive[k])
                                                            : std::nullopt;
                const auto self = subtractFigures(scaleFigure(row.figures[k], factor), children);
                if (!self)
                    continue;
                const QString text = Text::tr("%1 %2 − children %3 = %4")
                                         .arg(kindLabel(k), groupedDigits(scaleFigure(row.figures[k], factor)),
                                             groupedDigits(children), groupedDigits(self));
                if (negative(*self))
                    negatives << text;
                else if (k == Kind::Flops)
                    shown << text;
            }
            check("self", Text::tr("Counts at least its children (self ≥ 0)"), negatives.isEmpty(),
                negatives.isEmpty() ? shown.join(QStringLiteral("; ")) : negatives.join(QStringLiteral("; ")));
        }

        if (const auto& params = row.figures[Kind::Params]) {
            const Number tensors = Number::integer(node.inclusiveParams);
            const bool ok = sameValue(*params, tensors);
            check("params", Text::tr("Parameters match the model's tensors"), ok,
                ok ? Text::tr("%1 parameters").arg(groupedDigits(tensors))
                   : Text::tr("params_template gives %1, the model's tensors hold %2 (tied weights count once)")
                         .arg(groupedDigits(*params), groupedDigits(tensors)));
        }

        out.rows.push_back(std::move(row));
    }
    return out;
}

std::vector<EntryCheck> databaseChecks(const std::vector<db::Problem>& problems)
{
    std::vector<EntryCheck> out;
    for (const db::Problem& p : problems) {
        EntryCheck c;
        c.scope = EntryCheck::Scope::Database;
        c.id = QString::fromLatin1(db::ruleName(p.rule).data(), static_cast<qsizetype>(db::ruleName(p.rule).size()));
        c.title = ruleTitle(p.rule);
        c.passed = false;
        c.reason = QString::fromStdString(p.message);
        QString where = QString::fromStdString(p.field.empty() ? std::string("(entry)") : p.field);
        if (p.line > 0)
            where += QStringLiteral(" %1:%2").arg(p.line).arg(p.column);
        if (p.formulaError && !p.formulaError->text.empty()) {
            const formula::FormulaError& e = *p.formulaError;
            const auto [endLine, endColumn] = formula::lineAndColumn(e.text, e.range.end);
            where += Text::tr(", template %1:%2–%3:%4").arg(e.line()).arg(e.column()).arg(endLine).arg(endColumn);
            const std::string withSource = p.describeWithSource();
            if (const auto newline = withSource.find('\n'); newline != std::string::npos)
                c.detail = QString::fromStdString(withSource.substr(newline + 1));
        }
        c.where = where;
        out.push_back(std::move(c));
    }
    if (out.empty()) {
        out.push_back({ EntryCheck::Scope::Database, QStringLiteral("database"), Text::tr("Database checks"), true,
            Text::tr("schema, templates, calls, cycles, module_depends, parameters and the breakdown on sample values"),
            {}, {} });
    }
    return out;
}

QString groupedDigits(const Number& value)
{
    if (!value.isInteger())
        return QLocale::c().toString(value.toDouble(), 'g', 6);
    return QString::fromStdString(formula::grouped(value));
}

QString groupedDigits(const std::optional<Number>& value)
{
    return value ? groupedDigits(*value) : QStringLiteral("?");
}

} // namespace lmp::analysis
