// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What a reviewer (the review pane) and a drafting agent (agent/draft.h) check of an entry: its breakdown evaluated
// on every module of its class in an analysed model, and the checks (the database's rules on the entry; sanity of
// its figures on the model's modules). Plain computation: runs on any thread, tested directly.

#include "analysis.h"
#include "db/dbcheck.h"
#include "db/layereddatabase.h"
#include "model/modelloader.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lmp::analysis {

// One check of an entry, passed or failed, with a short reason.
struct EntryCheck
{
    enum class Scope { Database, Model };
    Scope scope = Scope::Database;
    // Database scope: the rule (db::ruleName: "schema", "breakdown_sum", ...), or "database" for the summary of an
    // entry without problems. Model scope: "finite", "matmul", "breakdown_sum", "self" or "params".
    QString id;
    QString title; // "Matmul FLOPs ≤ FLOPs"
    bool passed = true;
    QString reason; // "matmul 5,636,096 > FLOPs 4,508,876"
    QString where; // the field ("flop_analysis.breakdown", with line:column), or the module ("model.layers.0.mlp ×32")
    QString detail; // for a template problem: the template's line with a caret and tildes under the error (monospace)
};

// The breakdown of an entry on one stored node of the model (identical layers are one node).
struct BreakdownRow
{
    model::NodeId node = 0;
    QString name; // the first instance's full name
    formula::Int instances = 0; // instances of that node in the model
    std::vector<formula::NamedValue> bindings; // analysis::nodeBindings
    QStringList bindingWarnings; // params that do not evaluate
    std::vector<std::optional<formula::Number>> items; // by breakdown item; nullopt where it failed
    QStringList itemErrors; // by breakdown item; "" where it evaluated
    std::optional<formula::Number> sum; // of the items; nullopt when one failed or there are none
    std::optional<formula::Number> total; // formula_template
    QString totalError;
    std::optional<bool> sumMatches; // sum == total (exact for integers, 1e-9 relative for reals); nullopt: no sum
    Figures figures; // every template of the entry on this node (nullopt where none or failed)
};

struct EntryEvaluation
{
    QStringList itemNames; // the breakdown's items, in the entry's order
    std::vector<BreakdownRow> rows; // one per stored node of the class, in the model's order
    std::vector<EntryCheck> checks; // Scope::Model, per row
    QString message; // why there are no rows ("" when there are)
};

// A model analysed with some settings: what an entry is evaluated on. The pointers keep what they point at alive
// (the review pane's point into its analysis snapshot).
struct AnalyzedModel
{
    std::shared_ptr<const model::LoadedModel> model;
    Settings settings;
    std::shared_ptr<const AnalysisResult> result; // analyze() of the model with these settings
    std::shared_ptr<const std::vector<Int>> instances; // instanceCounts(model->tree); null: every node runs once
};

// Analyses the model with the library (analyze() and instanceCounts()).
AnalyzedModel analyzeModel(
    std::shared_ptr<const model::LoadedModel> model, const formula::Library& library, const Settings& settings);

// The stored nodes of an analysed model by module class, in the order named_modules() first meets them, and their
// first instances' names. Built once per analysis.
class ClassIndex
{
public:
    explicit ClassIndex(AnalyzedModel analyzed = {});

    const AnalyzedModel& analyzed() const { return m_analyzed; }
    // A model and its analysis are there.
    bool hasModel() const { return m_analyzed.model && m_analyzed.result; }
    // Nodes of the class (key in either form) that run in the model (at least one instance).
    const std::vector<model::NodeId>& nodesOf(std::string_view key) const;
    QString firstName(model::NodeId node) const;
    // Instances of a stored node in the model.
    Int instancesOf(model::NodeId node) const;

private:
    AnalyzedModel m_analyzed;
    std::unordered_map<std::string, std::vector<model::NodeId>> m_byKey; // normalized key -> nodes
    std::vector<QString> m_firstNames;
};

// A library of the database as it is now, for evaluating the entry under review: every winning entry that is valid
// and not rejected (as an analysis uses them; calls into a rejected entry fail and say so), plus the entry of
// `includeKey` even when it is rejected.
std::shared_ptr<const formula::Library> buildReviewLibrary(
    const db::LayeredDatabase& database, std::string_view includeKey = {});

// Evaluates the entry `key` on every node of its class in the index's model with its analysis' settings, and
// checks each node: every figure finite and non-negative, matmul FLOPs ≤ FLOPs, the breakdown sums to the total, the
// entry counts at least what its children count (self ≥ 0, per figure; a training step's children count three
// times the forward), and params_template equals the parameters the model's tensors hold. Without a model, or
// without a node of that class, message says so.
EntryEvaluation evaluateEntry(const formula::Library& library, std::string_view key, const ClassIndex& index);

// The database's problems of an entry (DatabaseSession::checkEntry) as checks; an entry without problems gives one
// passing check.
std::vector<EntryCheck> databaseChecks(const std::vector<db::Problem>& problems);

// Exact digits in groups of three (29,261,612,449,792); real numbers with up to 6 significant digits; "?" for none.
// The same text as widgets::exactText(), for the reasons of the checks.
QString groupedDigits(const formula::Number& value);
QString groupedDigits(const std::optional<formula::Number>& value);

} // namespace lmp::analysis
