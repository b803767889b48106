// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "report/comparison.h"

#include <QAbstractItemModel>
#include <QString>

#include <memory>
#include <vector>

namespace lmp::widgets {

// Two analyses side by side as a tree in module order (the rows of report::compare: runs of identical blocks
// collapsed, figures of one instance), with one metric in four columns: side A, side B, B − A and B / A. An
// unknown figure is a dash, never 0; the exact integers are in the tooltips. A module only one side has says so.
class CompareModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, ClassColumn, AColumn, BColumn, DifferenceColumn, RatioColumn, NumColumns };
    enum Role {
        SortRole = Qt::UserRole + 1, // the raw number (double; invalid where unknown), the module order for the name
        FullNameRole, // the dotted name of the (first) instance, "" for the model
        SidesRole, // "both", "a" (only side A has the module) or "b"
    };

    explicit CompareModel(QObject* parent = nullptr);
    ~CompareModel() override;

    // Null: no rows.
    void setComparison(std::shared_ptr<const report::Comparison> comparison);
    const std::shared_ptr<const report::Comparison>& comparison() const { return m_comparison; }

    void setMetric(report::Metric metric);
    report::Metric metric() const { return m_metric; }
    // "FLOPs", "Roofline time" ...
    static QString metricTitle(report::Metric metric);
    // A value of the metric with its unit: "29.3 TFLOP", "1.07 GB", "21.4 ms", "8.03 G" (parameters).
    static QString metricText(double value, report::Metric metric);

    // The compared row behind an index (null for an invalid index) and its figures in the chosen metric.
    const report::ComparedRow* comparedRow(const QModelIndex& index) const;
    report::Delta delta(const QModelIndex& index) const;
    // The row of a module by its dotted name ("model.layers.0.mlp"; "" the model itself); invalid if none.
    QModelIndex indexForName(const QString& name, int column = 0) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node
    {
        int parent = -1; // index into m_nodes, -1 at the top
        int row = 0; // position under the parent
        std::vector<int> children;
    };

    int nodeOf(const QModelIndex& index) const;
    QVariant display(int node, int column) const;
    QVariant tooltip(int node, int column) const;
    QVariant sortValue(int node, int column) const;
    QString classText(const report::ComparedRow& row, bool full) const;

    std::shared_ptr<const report::Comparison> m_comparison;
    std::vector<Node> m_nodes; // one per compared row, same order
    std::vector<int> m_top; // the top-level nodes
    report::Metric m_metric = report::Metric::Flops;
};

} // namespace lmp::widgets
