// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysissnapshot.h"

#include <QAbstractItemModel>

#include <optional>
#include <string>
#include <vector>

namespace lmp::widgets {

// The module hierarchy of an analysis as named_modules() lists it, one row per module instance, with the
// analysis figures in columns. A numbered run of identical blocks (a model's 32 decoder layers) is one row,
// "layers.0–31 ×32", holding the run's totals; it expands to each instance. Rows are made the first time a
// view asks for them, so a model with tens of thousands of modules opens at once.
//
// A new analysis of the same model (settings changed) only swaps the figures: rows, expansion and selection
// stay. A different model resets the model.
class ModuleTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        ClassColumn,
        FlopsColumn,
        MatmulFlopsColumn,
        ReadsColumn,
        WritesColumn,
        IntermediatesColumn,
        ParamsColumn,
        WeightBytesColumn,
        IntensityColumn,
        BoundColumn,
        TimeColumn, // expected time
        RooflineColumn, // the roofline bound
        ShareColumn,
        ReviewColumn,
        NumColumns
    };
    enum Role {
        SortRole = Qt::UserRole + 1, // the raw number (double), or the module order for the name column
        ShareRole, // share of the model's total (0..1), for the share column's bar
        NodeIdRole, // the stored node (model::NodeId) of the row
        FullNameRole, // "model.layers.3.mlp"; a run: "model.layers.0–31"
        ClassRole, // "torch.nn.Linear"
        WarningRole, // this module's own warnings, joined by newlines ("" if none)
        IncompleteRole, // bool: some work inside could not be evaluated
        InstancesRole, // modules this row stands for (1, or the run's length)
        UnreviewedRole, // bool: the module's own figures use a formula nobody validated (its entry or one it calls)
        RestsOnUnreviewedRole, // bool: its figures (inclusive) rest on an unreviewed formula somewhere inside
    };

    explicit ModuleTreeModel(QObject* parent = nullptr);
    ~ModuleTreeModel() override;

    void setSnapshot(SnapshotPtr snapshot);
    const SnapshotPtr& snapshot() const { return m_snapshot; }

    // Self: each module's own work (inclusive minus its children); inclusive: with everything inside.
    void setSelfCosts(bool self);
    bool selfCosts() const { return m_self; }

    // The row of a module instance by full name ("model.layers.3.mlp"; a run's instances are found inside it).
    QModelIndex indexForName(const QString& fullName) const;
    // The first row (in module order) whose module is the stored node.
    QModelIndex firstIndexForNode(model::NodeId node) const;
    // The stored nodes in a row's subtree, its own included, each once.
    std::vector<model::NodeId> nodesUnder(const QModelIndex& index) const;
    // The full name of the first module instance (in module order) of a stored node; nullopt if none.
    std::optional<std::string> firstInstanceName(model::NodeId node) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    bool hasChildren(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        int parent = -1; // -1: a top-level row
        int row = 0; // position under the parent
        model::NodeId node = 0;
        formula::Int count = 1; // instances the row stands for
        std::string name; // attribute path under the parent row: "mlp", "layers.3", "layers.0–31"
        bool run = false; // a collapsed run of instances
        model::NodeId list = 0; // a run: the list node holding the instances
        int runFirst = 0, runLast = 0; // a run: the instances' positions in the list's children
        std::string prefix; // a run folded into its list's row: the list's name ("layers"), else ""
        mutable int firstChild = -1; // rows of the children, contiguous once made
        mutable int childCount = -1; // -1: not made yet
        mutable QString fullName; // made on first use (null until then)
    };

    void clearRows();
    void makeChildren(int row) const;
    int childCountOf(int row) const;
    int rowOf(const QModelIndex& index) const;
    QString fullName(int row) const;
    analysis::Figures figures(const Row& row) const;
    double seconds(const Row& row) const; // expected
    double rooflineSeconds(const Row& row) const;
    analysis::InstanceTime times(const Row& row, bool self) const;
    formula::Int params(const Row& row) const;
    // Bytes per weight: the dtype's, or the checkpoint's average where the weights count as stored.
    double weightBytesPerParam() const;
    QVariant display(const Row& row, int column) const;
    QVariant sortValue(const Row& row, int column) const;
    QVariant tooltip(const Row& row, int column) const;
    QString reviewText(const Row& row) const;
    QStringList unreviewedNames(const Row& row) const;

    SnapshotPtr m_snapshot;
    mutable std::vector<Row> m_rows; // rows 0..m_topCount-1 are the top level
    std::vector<QString> m_classPaths; // by stored node
    std::vector<std::string> m_firstNames; // by stored node: its first instance's full name
    int m_topCount = 0;
    bool m_self = false;
    double m_totalFlops = 0;
    double m_totalSeconds = 0;
};

} // namespace lmp::widgets
