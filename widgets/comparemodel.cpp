// SPDX-License-Identifier: GPL-3.0-or-later
#include "comparemodel.h"

#include "format.h"

#include <QColor>
#include <QFont>

#include <cmath>

namespace lmp::widgets {

using formula::Number;
using report::Metric;

namespace {

const QString kUnknown = QStringLiteral("\u2013"); // en dash: a figure nobody knows

QColor moreColor()
{
    return QColor(0xb0, 0x32, 0x20);
}

QColor lessColor()
{
    return QColor(0x1e, 0x7b, 0x34);
}

QColor absentColor()
{
    return QColor(0x80, 0x80, 0x80);
}

// +1: B is more, -1: B is less, 0: the same or unknown.
int direction(const report::Delta& d)
{
    if (d.ratio) {
        if (*d.ratio > 1 + 1e-12)
            return 1;
        if (*d.ratio < 1 - 1e-12)
            return -1;
        return 0;
    }
    if (d.difference) {
        const double v = d.difference->toDouble();
        return v > 0 ? 1 : v < 0 ? -1 : 0;
    }
    return 0;
}

QString ratioText(double ratio)
{
    const double a = std::fabs(ratio);
    const int decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 0.01 ? 3 : 5;
    return localNumber(ratio, 'f', decimals) + QStringLiteral("\u00d7");
}

QString signedText(const Number& n, Metric metric)
{
    const double v = n.toDouble();
    if (v == 0)
        return QStringLiteral("0");
    const QString sign = v > 0 ? QStringLiteral("+") : QStringLiteral("\u2212");
    return sign + CompareModel::metricText(std::fabs(v), metric);
}

QString exactSigned(const Number& n)
{
    const QString text = exactText(n);
    return n.toDouble() > 0 ? QStringLiteral("+") + text : text;
}

} // namespace

CompareModel::CompareModel(QObject* parent)
    : QAbstractItemModel(parent)
{ }

CompareModel::~CompareModel() = default;

QString CompareModel::metricTitle(Metric metric)
{
    switch (metric) {
    case Metric::Flops:
        return tr("FLOPs");
    case Metric::MatmulFlops:
        return tr("Matmul FLOPs");
    case Metric::Reads:
        return tr("Bytes read");
    case Metric::Writes:
        return tr("Bytes written");
    case Metric::Intermediates:
        return tr("Intermediates");
    case Metric::Traffic:
        return tr("Memory traffic");
    case Metric::Params:
        return tr("Parameters");
    case Metric::Seconds:
        return tr("Expected time");
    }
    return {};
}

QString CompareModel::metricText(double value, Metric metric)
{
    switch (metric) {
    case Metric::Seconds:
        return secondsText(value);
    case Metric::Params:
        return siText(value);
    case Metric::Flops:
    case Metric::MatmulFlops:
        return siText(value, QStringLiteral("FLOP"));
    default:
        return siText(value, QStringLiteral("B"));
    }
}

void CompareModel::setComparison(std::shared_ptr<const report::Comparison> comparison)
{
    beginResetModel();
    m_comparison = std::move(comparison);
    m_nodes.clear();
    m_top.clear();
    if (m_comparison) {
        // The rows come in module order with their depth: a row's parent is the last row above it that is less deep.
        std::vector<int> stack;
        m_nodes.resize(m_comparison->rows.size());
        for (std::size_t i = 0; i < m_comparison->rows.size(); ++i) {
            const int depth = m_comparison->rows[i].depth;
            while (!stack.empty() && m_comparison->rows[static_cast<std::size_t>(stack.back())].depth >= depth)
                stack.pop_back();
            Node& node = m_nodes[i];
            if (stack.empty()) {
                node.row = static_cast<int>(m_top.size());
                m_top.push_back(static_cast<int>(i));
            } else {
                node.parent = stack.back();
                auto& siblings = m_nodes[static_cast<std::size_t>(node.parent)].children;
                node.row = static_cast<int>(siblings.size());
                siblings.push_back(static_cast<int>(i));
            }
            stack.push_back(static_cast<int>(i));
        }
    }
    endResetModel();
}

void CompareModel::setMetric(Metric metric)
{
    if (metric == m_metric)
        return;
    m_metric = metric;
    Q_EMIT headerDataChanged(Qt::Horizontal, AColumn, RatioColumn);
    // Every row's four figure columns changed; the rows did not.
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

int CompareModel::nodeOf(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<int>(index.internalId()) : -1;
}

const report::ComparedRow* CompareModel::comparedRow(const QModelIndex& index) const
{
    const int node = nodeOf(index);
    if (node < 0 || !m_comparison || index.model() != this)
        return nullptr;
    return &m_comparison->rows[static_cast<std::size_t>(node)];
}

report::Delta CompareModel::delta(const QModelIndex& index) const
{
    const report::ComparedRow* row = comparedRow(index);
    return row ? m_comparison->row(*row, m_metric) : report::Delta {};
}

QModelIndex CompareModel::indexForName(const QString& name, int column) const
{
    if (!m_comparison)
        return {};
    const std::string wanted = name.toStdString();
    for (std::size_t i = 0; i < m_comparison->rows.size(); ++i) {
        if (m_comparison->rows[i].name == wanted)
            return createIndex(m_nodes[i].row, column, static_cast<quintptr>(i));
    }
    return {};
}

QModelIndex CompareModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= NumColumns || (parent.isValid() && parent.column() != 0))
        return {};
    const int p = nodeOf(parent);
    const std::vector<int>& children = p < 0 ? m_top : m_nodes[static_cast<std::size_t>(p)].children;
    if (row >= static_cast<int>(children.size()))
        return {};
    return createIndex(row, column, static_cast<quintptr>(children[static_cast<std::size_t>(row)]));
}

QModelIndex CompareModel::parent(const QModelIndex& child) const
{
    const int node = nodeOf(child);
    if (node < 0)
        return {};
    const int p = m_nodes[static_cast<std::size_t>(node)].parent;
    if (p < 0)
        return {};
    return createIndex(m_nodes[static_cast<std::size_t>(p)].row, 0, static_cast<quintptr>(p));
}

int CompareModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    const int p = nodeOf(parent);
    return static_cast<int>(p < 0 ? m_top.size() : m_nodes[static_cast<std::size_t>(p)].children.size());
}

int CompareModel::columnCount(const QModelIndex&) const
{
    return NumColumns;
}

QString CompareModel::classText(const report::ComparedRow& row, bool full) const
{
    auto name = [&](const report::Row& r) {
        return full ? QString::fromStdString(r.classPath) : QString::fromStdString(report::shortClass(r.classPath));
    };
    const QString a = row.a ? name(m_comparison->a.rows[*row.a]) : QString();
    const QString b = row.b ? name(m_comparison->b.rows[*row.b]) : QString();
    if (a.isEmpty())
        return b;
    if (b.isEmpty() || a == b)
        return a;
    return a + QStringLiteral(" | ") + b;
}

QVariant CompareModel::display(int node, int column) const
{
    const report::ComparedRow& row = m_comparison->rows[static_cast<std::size_t>(node)];
    switch (column) {
    case NameColumn: {
        const QString label = row.name.empty() ? tr("(model)") : QString::fromStdString(row.label);
        const report::Row* r = row.a ? &m_comparison->a.rows[*row.a] : &m_comparison->b.rows[*row.b];
        return r->repeat > 1 ? tr("%1 ×%2").arg(label, QString::fromStdString(formula::toString(r->repeat))) : label;
    }
    case ClassColumn:
        return classText(row, false);
    default:
        break;
    }
    const report::Delta d = m_comparison->row(row, m_metric);
    switch (column) {
    case AColumn:
        return d.a ? metricText(d.a->toDouble(), m_metric) : kUnknown;
    case BColumn:
        return d.b ? metricText(d.b->toDouble(), m_metric) : kUnknown;
    case DifferenceColumn:
        return d.difference ? signedText(*d.difference, m_metric) : kUnknown;
    case RatioColumn:
        if (!row.a)
            return tr("only in B");
        if (!row.b)
            return tr("only in A");
        return d.ratio ? ratioText(*d.ratio) : kUnknown;
    default:
        return {};
    }
}

QVariant CompareModel::tooltip(int node, int column) const
{
    const report::ComparedRow& row = m_comparison->rows[static_cast<std::size_t>(node)];
    const QString only = !row.a ? tr("Only side B has this module.")
        : !row.b                ? tr("Only side A has this module.")
                                : QString();
    switch (column) {
    case NameColumn: {
        QString text = row.name.empty() ? tr("The whole model") : QString::fromStdString(row.name);
        const report::Row* r = row.a ? &m_comparison->a.rows[*row.a] : &m_comparison->b.rows[*row.b];
        if (r->repeat > 1)
            text += QLatin1Char('\n')
                + tr("%1 identical blocks: the figures are those of one of them.")
                      .arg(QString::fromStdString(formula::toString(r->repeat)));
        if (!only.isEmpty())
            text += QLatin1Char('\n') + only;
        return text;
    }
    case ClassColumn:
        return classText(row, true);
    default:
        break;
    }
    const report::Delta d = m_comparison->row(row, m_metric);
    auto unknown = [&](bool present) { return present ? tr("Unknown: no formula gives this figure.") : only; };
    switch (column) {
    case AColumn:
        return d.a ? exactText(*d.a) : unknown(row.a.has_value());
    case BColumn:
        return d.b ? exactText(*d.b) : unknown(row.b.has_value());
    case DifferenceColumn:
        return d.difference ? tr("B \u2212 A = %1").arg(exactSigned(*d.difference))
                            : (only.isEmpty() ? tr("Unknown: a side's figure is unknown.") : only);
    case RatioColumn:
        if (!only.isEmpty())
            return only;
        if (d.ratio)
            return tr("B / A = %1").arg(localNumber(*d.ratio, 'g', 12));
        return d.a && d.a->toDouble() == 0 ? tr("A is 0: no ratio.") : tr("Unknown: a side's figure is unknown.");
    default:
        return {};
    }
}

QVariant CompareModel::sortValue(int node, int column) const
{
    const report::ComparedRow& row = m_comparison->rows[static_cast<std::size_t>(node)];
    if (column == NameColumn)
        return node;
    if (column == ClassColumn)
        return classText(row, false);
    const report::Delta d = m_comparison->row(row, m_metric);
    auto raw = [](const std::optional<Number>& n) { return n ? QVariant(n->toDouble()) : QVariant(); };
    switch (column) {
    case AColumn:
        return raw(d.a);
    case BColumn:
        return raw(d.b);
    case DifferenceColumn:
        return raw(d.difference);
    case RatioColumn:
        return d.ratio ? QVariant(*d.ratio) : QVariant();
    default:
        return {};
    }
}

QVariant CompareModel::data(const QModelIndex& index, int role) const
{
    const int node = nodeOf(index);
    if (node < 0 || !m_comparison || index.column() >= NumColumns)
        return {};
    const report::ComparedRow& row = m_comparison->rows[static_cast<std::size_t>(node)];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(node, column);
    case Qt::ToolTipRole:
        return tooltip(node, column);
    case Qt::TextAlignmentRole:
        return column >= AColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ForegroundRole: {
        if (!row.a || !row.b)
            return column == NameColumn || column == ClassColumn || column == RatioColumn ? QVariant(absentColor())
                                                                                          : QVariant();
        if (column != DifferenceColumn && column != RatioColumn)
            return {};
        const int dir = direction(m_comparison->row(row, m_metric));
        return dir > 0 ? QVariant(moreColor()) : dir < 0 ? QVariant(lessColor()) : QVariant();
    }
    case Qt::FontRole:
        if (row.a && row.b)
            return {};
        {
            QFont font;
            font.setItalic(true);
            return font;
        }
    case SortRole:
        return sortValue(node, column);
    case FullNameRole:
        return QString::fromStdString(row.name);
    case SidesRole:
        return !row.a ? QStringLiteral("b") : !row.b ? QStringLiteral("a") : QStringLiteral("both");
    default:
        return {};
    }
}

QVariant CompareModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case NameColumn:
            return tr("Module");
        case ClassColumn:
            return tr("Class");
        case AColumn:
            return tr("A");
        case BColumn:
            return tr("B");
        case DifferenceColumn:
            return tr("B \u2212 A");
        case RatioColumn:
            return tr("B / A");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        const QString metric = metricTitle(m_metric);
        switch (section) {
        case NameColumn:
            return tr("Modules in the order of named_modules(); a run of identical blocks is one row, with the "
                      "figures of one block.");
        case ClassColumn:
            return tr("The module's class (A | B where the sides differ).");
        case AColumn:
            return tr("%1 of side A, one instance.").arg(metric);
        case BColumn:
            return tr("%1 of side B, one instance.").arg(metric);
        case DifferenceColumn:
            return tr("%1: B minus A, exact while both are integers.").arg(metric);
        case RatioColumn:
            return tr("%1: B divided by A. Red: B needs more; green: B needs less.").arg(metric);
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole)
        return section >= AColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    return {};
}

} // namespace lmp::widgets
