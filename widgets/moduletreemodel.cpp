// SPDX-License-Identifier: GPL-3.0-or-later
#include "moduletreemodel.h"

#include "analysis/breakdown.h"
#include "format.h"

#include <QApplication>
#include <QIcon>
#include <QPainter>
#include <QPixmap>
#include <QStyle>

#include <algorithm>
#include <cctype>
#include <functional>

namespace lmp::widgets {

using analysis::Kind;
using formula::Int;
using formula::Number;

namespace {

// A row whose own figures rest on a formula nobody validated: an amber disc with a question mark.
QIcon unreviewedIcon()
{
    static const QIcon icon = [] {
        QPixmap pixmap(32, 32);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0xe0, 0x9a, 0x10));
        painter.drawEllipse(QRectF(2, 2, 28, 28));
        painter.setPen(Qt::white);
        QFont font = painter.font();
        font.setBold(true);
        font.setPixelSize(22);
        painter.setFont(font);
        painter.drawText(QRectF(2, 2, 28, 28), Qt::AlignCenter, QStringLiteral("?"));
        return QIcon(pixmap);
    }();
    return icon;
}

bool numbered(const std::string& name)
{
    return !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isdigit(c); });
}

// The end of the numbered run of one stored node that starts at position i of a node's children.
std::size_t runEnd(const model::Node& n, std::size_t i)
{
    std::size_t j = i + 1;
    if (!numbered(n.children[i].name))
        return j;
    while (j < n.children.size() && n.children[j].node == n.children[i].node && numbered(n.children[j].name))
        ++j;
    return j;
}

const std::string kDash = "\u2013"; // en dash: layers.0–31

Kind kindOfColumn(int column)
{
    switch (column) {
    case ModuleTreeModel::FlopsColumn:
        return Kind::Flops;
    case ModuleTreeModel::MatmulFlopsColumn:
        return Kind::MatmulFlops;
    case ModuleTreeModel::ReadsColumn:
        return Kind::Reads;
    case ModuleTreeModel::WritesColumn:
        return Kind::Writes;
    case ModuleTreeModel::IntermediatesColumn:
        return Kind::Intermediates;
    default:
        return Kind::Params;
    }
}

double value(const std::optional<Number>& n)
{
    return n ? n->toDouble() : -1.0;
}

} // namespace

ModuleTreeModel::ModuleTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
{ }

ModuleTreeModel::~ModuleTreeModel() = default;

void ModuleTreeModel::clearRows()
{
    m_rows.clear();
    m_topCount = 0;
}

void ModuleTreeModel::setSnapshot(SnapshotPtr snapshot)
{
    const bool sameModel = m_snapshot && snapshot && m_snapshot->model == snapshot->model;
    if (sameModel) {
        // Same rows, new figures: views keep their expansion, selection and scroll position.
        Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        m_snapshot = std::move(snapshot);
    } else {
        beginResetModel();
        m_snapshot = std::move(snapshot);
        clearRows();
        m_firstNames = m_snapshot ? m_snapshot->tree().firstInstanceNames() : std::vector<std::string>();
        if (m_snapshot && m_snapshot->tree().storedNodes() > 0 && !m_snapshot->result.nodes.empty()) {
            Row root;
            root.node = m_snapshot->tree().root();
            root.name = {};
            m_rows.push_back(root);
            m_topCount = 1;
        }
    }
    m_totalFlops = 0;
    m_totalSeconds = 0;
    m_classPaths.clear();
    if (m_snapshot) {
        for (model::NodeId id = 0; id < m_snapshot->tree().storedNodes(); ++id)
            m_classPaths.push_back(QString::fromStdString(m_snapshot->tree().node(id).classPath));
    }
    if (m_snapshot && m_topCount) {
        const auto& total = m_snapshot->result.node(m_snapshot->tree().root());
        m_totalFlops = value(total.inclusive[Kind::Flops]);
        m_totalSeconds = total.expectedSeconds;
    }
    if (sameModel)
        Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    else
        endResetModel();
}

void ModuleTreeModel::setSelfCosts(bool self)
{
    if (self == m_self)
        return;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    m_self = self;
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    Q_EMIT headerDataChanged(Qt::Horizontal, FlopsColumn, ShareColumn);
}

void ModuleTreeModel::makeChildren(int rowIndex) const
{
    if (m_rows[rowIndex].childCount >= 0)
        return;
    const model::ModuleTree& tree = m_snapshot->tree();
    std::vector<Row> made;
    const Row parent = m_rows[rowIndex];
    if (parent.run) {
        const model::Node& list = tree.node(parent.list);
        for (int i = parent.runFirst; i <= parent.runLast; ++i) {
            Row r;
            r.parent = rowIndex;
            r.node = list.children[i].node;
            r.name = parent.prefix.empty() ? list.children[i].name : parent.prefix + "." + list.children[i].name;
            made.push_back(std::move(r));
        }
    } else {
        const model::Node& n = tree.node(parent.node);
        for (std::size_t i = 0; i < n.children.size();) {
            const auto& c = n.children[i];
            const std::size_t end = runEnd(n, i);
            Row r;
            r.parent = rowIndex;
            if (end - i > 1) {
                // A run of identical numbered blocks inside a list with other runs (DeepSeek's dense and MoE
                // layers): "3–60".
                r.node = c.node;
                r.run = true;
                r.list = parent.node;
                r.runFirst = static_cast<int>(i);
                r.runLast = static_cast<int>(end - 1);
                r.count = static_cast<Int>(end - i);
                r.name = c.name + kDash + n.children[end - 1].name;
            } else {
                const model::Node& child = tree.node(c.node);
                const std::size_t childRun = child.children.empty() ? 0 : runEnd(child, 0);
                if (childRun > 1 && childRun == child.children.size()) {
                    // A list that is one run of identical blocks: its row is the run, "layers.0–31".
                    r.node = child.children[0].node;
                    r.run = true;
                    r.list = c.node;
                    r.runFirst = 0;
                    r.runLast = static_cast<int>(childRun - 1);
                    r.count = static_cast<Int>(childRun);
                    r.prefix = c.name;
                    r.name = c.name + "." + child.children[0].name + kDash + child.children.back().name;
                } else {
                    r.node = c.node;
                    r.name = c.name;
                }
            }
            made.push_back(std::move(r));
            i = end;
        }
    }
    const int first = static_cast<int>(m_rows.size());
    for (std::size_t k = 0; k < made.size(); ++k) {
        made[k].row = static_cast<int>(k);
        m_rows.push_back(std::move(made[k]));
    }
    m_rows[rowIndex].firstChild = first;
    m_rows[rowIndex].childCount = static_cast<int>(made.size());
}

int ModuleTreeModel::childCountOf(int row) const
{
    makeChildren(row);
    return m_rows[row].childCount;
}

int ModuleTreeModel::rowOf(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<int>(index.internalId()) : -1;
}

QModelIndex ModuleTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= NumColumns || !m_snapshot)
        return {};
    if (!parent.isValid())
        return row < m_topCount ? createIndex(row, column, quintptr(row)) : QModelIndex();
    if (parent.model() != this)
        return {};
    const int p = rowOf(parent);
    if (row >= childCountOf(p))
        return {};
    return createIndex(row, column, quintptr(m_rows[p].firstChild + row));
}

QModelIndex ModuleTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    const int p = m_rows[rowOf(child)].parent;
    if (p < 0)
        return {};
    return createIndex(m_rows[p].row, 0, quintptr(p));
}

int ModuleTreeModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return m_topCount;
    if (parent.column() != 0)
        return 0;
    return childCountOf(rowOf(parent));
}

int ModuleTreeModel::columnCount(const QModelIndex& parent) const
{
    Q_UNUSED(parent);
    return NumColumns;
}

bool ModuleTreeModel::hasChildren(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return m_topCount > 0;
    if (parent.column() != 0)
        return false;
    const Row& r = m_rows[rowOf(parent)];
    return r.run || !m_snapshot->tree().node(r.node).children.empty();
}

QString ModuleTreeModel::fullName(int row) const
{
    // Filtering asks for every row's name and its ancestors': each is built once, from the parent's.
    const Row& r = m_rows[row];
    if (!r.fullName.isNull())
        return r.fullName;
    int p = r.parent;
    while (p >= 0 && m_rows[p].run)
        p = m_rows[p].parent; // a run's row adds nothing to its instances' names
    const QString own = QString::fromStdString(r.name);
    QString name;
    if (p < 0 || m_rows[p].parent < 0)
        name = own; // under the root (whose name is empty)
    else
        name = fullName(p) + QLatin1Char('.') + own;
    m_rows[row].fullName = name.isNull() ? QStringLiteral("") : name;
    return m_rows[row].fullName;
}

analysis::Figures ModuleTreeModel::figures(const Row& row) const
{
    const auto& a = m_snapshot->result.node(row.node);
    return analysis::scaled(m_self ? a.self : a.inclusive, row.count);
}

double ModuleTreeModel::weightBytesPerParam() const
{
    const double params = static_cast<double>(m_snapshot->tree().totalParams());
    if (!m_snapshot->result.storedWeights.empty() && params > 0)
        return m_snapshot->result.weightBytes.toDouble() / params;
    return analysis::dtypeBytes(m_snapshot->settings.weightDtype).toDouble();
}

analysis::InstanceTime ModuleTreeModel::times(const Row& row, bool self) const
{
    const auto& result = m_snapshot->result;
    const auto& tree = m_snapshot->tree();
    const auto& a = result.node(row.node);
    analysis::InstanceTime t { a.expectedSeconds, a.seconds };
    // A member of a fused group (QKV, gate/up) takes its share of the group's kernel from its parent.
    if (row.parent >= 0 && !row.run && row.prefix.empty()) {
        const Row& p = m_rows[static_cast<std::size_t>(row.parent)];
        const model::Node& parent = tree.node(p.node);
        if (!result.node(p.node).childTimes.empty()) {
            for (std::size_t i = 0; i < parent.children.size(); ++i) {
                if (parent.children[i].name == row.name) {
                    t = analysis::instanceTime(result, parent, p.node, i);
                    break;
                }
            }
        }
    }
    if (self) {
        const model::Node& node = tree.node(row.node);
        for (std::size_t i = 0; i < node.children.size(); ++i) {
            const auto c = analysis::instanceTime(result, node, row.node, i);
            t.expected -= c.expected;
            t.bound -= c.bound;
        }
        t.expected = std::max(0.0, t.expected);
        t.bound = std::max(0.0, t.bound);
    }
    return t;
}

double ModuleTreeModel::seconds(const Row& row) const
{
    if (!m_snapshot->profile())
        return 0;
    return times(row, m_self).expected * static_cast<double>(row.count);
}

double ModuleTreeModel::rooflineSeconds(const Row& row) const
{
    if (!m_snapshot->profile())
        return 0;
    return times(row, m_self).bound * static_cast<double>(row.count);
}

Int ModuleTreeModel::params(const Row& row) const
{
    const model::Node& n = m_snapshot->tree().node(row.node);
    return (m_self ? n.ownParams : n.inclusiveParams) * row.count;
}

QVariant ModuleTreeModel::display(const Row& row, int column) const
{
    switch (column) {
    case NameColumn: {
        if (row.parent < 0)
            return tr("(model)");
        QString name = QString::fromStdString(row.name);
        if (row.run)
            name += QStringLiteral(" \u00d7") + QString::number(static_cast<qlonglong>(row.count));
        return name;
    }
    case ClassColumn: {
        const std::string& c = m_snapshot->tree().node(row.node).classPath;
        const auto dot = c.rfind('.');
        return QString::fromStdString(dot == std::string::npos ? c : c.substr(dot + 1));
    }
    case FlopsColumn:
    case MatmulFlopsColumn:
    case ReadsColumn:
    case WritesColumn:
    case IntermediatesColumn: {
        const auto f = figures(row)[kindOfColumn(column)];
        return f ? siText(f->toDouble()) : QStringLiteral("?");
    }
    case ParamsColumn:
        return siText(static_cast<double>(params(row)));
    case WeightBytesColumn:
        return siText(static_cast<double>(params(row)) * weightBytesPerParam());
    case IntensityColumn: {
        const auto p = analysis::rooflinePosition(figures(row), nullptr, m_snapshot->settings.actDtype);
        if (!p.intensity)
            return QStringLiteral("–");
        return *p.intensity >= 1000 ? siText(*p.intensity) : localNumber(*p.intensity, 'g', 3);
    }
    case BoundColumn: {
        const auto p = analysis::rooflinePosition(figures(row), m_snapshot->profile(), m_snapshot->settings.actDtype);
        switch (p.bound) {
        case analysis::Bound::Compute:
            return tr("compute");
        case analysis::Bound::Memory:
            return tr("memory");
        default:
            return QStringLiteral("–");
        }
    }
    case TimeColumn:
        return m_snapshot->profile() ? secondsText(seconds(row)) : QStringLiteral("–");
    case RooflineColumn:
        return m_snapshot->profile() ? secondsText(rooflineSeconds(row)) : QStringLiteral("–");
    case ShareColumn: {
        const QVariant share = data(createIndex(row.row, ShareColumn, quintptr(&row - m_rows.data())), ShareRole);
        return share.isValid() ? percentText(share.toDouble()) : QString();
    }
    case ReviewColumn:
        return reviewText(row);
    }
    return {};
}

QString ModuleTreeModel::reviewText(const Row& row) const
{
    const auto& a = m_snapshot->result.node(row.node);
    const std::string& classPath = m_snapshot->tree().node(row.node).classPath;
    const auto& library = *m_snapshot->library;
    if (const auto id = library.find(classPath)) {
        const std::string& status = library.status(*id);
        if (status == "validated")
            return a.unreviewed.empty() ? tr("validated") : tr("validated, calls unreviewed");
        if (status == "pending")
            return tr("pending");
        if (status == "needs_changes")
            return tr("needs changes");
        return QString::fromStdString(status);
    }
    const std::string excluded = library.exclusionReason(classPath);
    if (!excluded.empty())
        return tr("not used: %1").arg(QString::fromStdString(excluded));
    if (a.restsOnUnreviewed)
        return tr("(unreviewed inside)");
    return QStringLiteral("–");
}

QStringList ModuleTreeModel::unreviewedNames(const Row& row) const
{
    QStringList names;
    const auto& library = *m_snapshot->library;
    for (const formula::ModuleId id : m_snapshot->result.node(row.node).unreviewed)
        names << QStringLiteral("%1 (%2)").arg(QString::fromStdString(formula::modulePathFromKey(library.key(id))),
            QString::fromStdString(library.status(id)));
    return names;
}

QVariant ModuleTreeModel::sortValue(const Row& row, int column) const
{
    switch (column) {
    case NameColumn:
        return static_cast<qlonglong>(&row - m_rows.data()); // module order: rows are made in that order per parent
    case ClassColumn:
        return QString::fromStdString(m_snapshot->tree().node(row.node).classPath);
    case FlopsColumn:
    case MatmulFlopsColumn:
    case ReadsColumn:
    case WritesColumn:
    case IntermediatesColumn:
        return value(figures(row)[kindOfColumn(column)]);
    case ParamsColumn:
        return static_cast<double>(params(row));
    case WeightBytesColumn:
        return static_cast<double>(params(row)) * weightBytesPerParam();
    case IntensityColumn: {
        const auto p = analysis::rooflinePosition(figures(row), nullptr, m_snapshot->settings.actDtype);
        return p.intensity.value_or(-1.0);
    }
    case BoundColumn:
        return static_cast<int>(
            analysis::rooflinePosition(figures(row), m_snapshot->profile(), m_snapshot->settings.actDtype).bound);
    case TimeColumn:
        return seconds(row);
    case RooflineColumn:
        return rooflineSeconds(row);
    case ShareColumn: {
        const QVariant share = data(createIndex(row.row, ShareColumn, quintptr(&row - m_rows.data())), ShareRole);
        return share.isValid() ? share.toDouble() : -1.0;
    }
    case ReviewColumn:
        return reviewText(row);
    }
    return {};
}

QVariant ModuleTreeModel::tooltip(const Row& row, int column) const
{
    const auto& a = m_snapshot->result.node(row.node);
    const QString count = row.count > 1 ? tr(" (%1 instances)").arg(exactText(Number::integer(row.count))) : QString();
    switch (column) {
    case NameColumn:
    case ClassColumn: {
        QString text =
            QStringLiteral("<b>%1</b><br>%2%3")
                .arg(fullName(static_cast<int>(&row - m_rows.data())).toHtmlEscaped(),
                    QString::fromStdString(m_snapshot->tree().node(row.node).classPath).toHtmlEscaped(), count);
        if (!a.hasEntry)
            text += QStringLiteral("<br>") + tr("No database entry: the figures are the sum of its modules.");
        for (const auto& w : a.warnings)
            text += QStringLiteral("<br>\u26a0 ") + QString::fromStdString(w).toHtmlEscaped();
        if (!a.complete && a.warnings.empty())
            text += QStringLiteral("<br>") + tr("Some modules inside could not be evaluated; their work is missing.");
        if (!a.unreviewed.empty())
            text += QStringLiteral("<br>")
                + tr("Uses unreviewed formulas: %1")
                      .arg(unreviewedNames(row).join(QStringLiteral(", ")).toHtmlEscaped());
        return text;
    }
    case ReviewColumn: {
        if (!a.unreviewed.empty())
            return tr("Its figures use formulas nobody has validated yet: %1")
                .arg(unreviewedNames(row).join(QStringLiteral(", ")));
        if (a.restsOnUnreviewed)
            return tr("Some modules inside use formulas nobody has validated yet.");
        if (a.hasEntry)
            return tr("Its formulas were reviewed and validated.");
        return {};
    }
    case FlopsColumn:
    case MatmulFlopsColumn:
    case ReadsColumn:
    case WritesColumn:
    case IntermediatesColumn: {
        const Kind k = kindOfColumn(column);
        const auto f = figures(row)[k];
        const QString unit = k == Kind::Flops || k == Kind::MatmulFlops ? tr("FLOPs") : tr("bytes");
        QString text = exactText(f) + QLatin1Char(' ') + unit + count;
        if (row.count > 1) {
            const auto one = (m_self ? a.self : a.inclusive)[k];
            text += QStringLiteral("\n") + tr("%1 each").arg(exactText(one));
        }
        return text;
    }
    case ParamsColumn:
        return QString(exactText(Number::integer(params(row))) + QLatin1Char(' ') + tr("parameters") + count);
    case WeightBytesColumn:
        return QString(exactText(Number::real(static_cast<double>(params(row)) * weightBytesPerParam()))
            + QLatin1Char(' ')
            + (m_snapshot->result.storedWeights.empty()
                    ? tr("bytes of weights in %1")
                          .arg(QString::fromLatin1(analysis::dtypeName(m_snapshot->settings.weightDtype).data(),
                              analysis::dtypeName(m_snapshot->settings.weightDtype).size()))
                    : tr("bytes of weights at the checkpoint's %1 bytes per parameter on average (%2)")
                          .arg(localNumber(weightBytesPerParam(), 'g', 4),
                              QString::fromStdString(m_snapshot->result.storedWeights))));
    case TimeColumn:
        return m_snapshot->profile()
            ? tr("%1 s expected on %2 (%3 execution)")
                  .arg(localNumber(seconds(row), 'g', 6), QString::fromStdString(m_snapshot->profile()->name),
                      m_snapshot->settings.execution == analysis::Execution::Fused ? tr("fused") : tr("eager"))
            : tr("Choose a device to estimate time.");
    case RooflineColumn:
        return m_snapshot->profile()
            ? tr("%1 s roofline bound on %2: no kernel runs faster")
                  .arg(localNumber(rooflineSeconds(row), 'g', 6), QString::fromStdString(m_snapshot->profile()->name))
            : tr("Choose a device to estimate time.");
    default:
        return {};
    }
}

QVariant ModuleTreeModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !m_snapshot || index.model() != this)
        return {};
    const Row& row = m_rows[rowOf(index)];
    const int column = index.column();
    const auto& a = m_snapshot->result.node(row.node);
    switch (role) {
    case Qt::DisplayRole:
        return display(row, column);
    case Qt::ToolTipRole:
        return tooltip(row, column);
    case Qt::TextAlignmentRole:
        return column >= FlopsColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::DecorationRole:
        if (column == NameColumn && !a.warnings.empty())
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        if (column == NameColumn && !a.unreviewed.empty())
            return unreviewedIcon();
        return {};
    case Qt::ForegroundRole:
        if (!a.complete && column >= FlopsColumn && column <= IntermediatesColumn)
            return QColor(0xb0, 0x40, 0x00); // a lower bound: something inside is missing
        if (column == ReviewColumn && a.restsOnUnreviewed)
            return QColor(0x9a, 0x60, 0x00);
        return {};
    case SortRole:
        return sortValue(row, column);
    case ShareRole: {
        if (column != ShareColumn)
            return {};
        if (m_snapshot->profile() && m_totalSeconds > 0)
            return seconds(row) / m_totalSeconds;
        const auto f = figures(row)[Kind::Flops];
        if (!f || m_totalFlops <= 0)
            return {};
        return f->toDouble() / m_totalFlops;
    }
    case NodeIdRole:
        return static_cast<uint>(row.node);
    case FullNameRole:
        return fullName(rowOf(index));
    case ClassRole:
        return m_classPaths[row.node];
    case WarningRole: {
        QStringList w;
        for (const auto& text : a.warnings)
            w << QString::fromStdString(text);
        return w.join(QLatin1Char('\n'));
    }
    case IncompleteRole:
        return !a.complete;
    case InstancesRole:
        return static_cast<qlonglong>(row.count);
    case UnreviewedRole:
        return !a.unreviewed.empty();
    case RestsOnUnreviewedRole:
        return a.restsOnUnreviewed;
    }
    return {};
}

QVariant ModuleTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= NumColumns)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case NameColumn:
            return tr("Module");
        case ClassColumn:
            return tr("Class");
        case FlopsColumn:
            return m_self ? tr("FLOPs (self)") : tr("FLOPs");
        case MatmulFlopsColumn:
            return m_self ? tr("Matmul (self)") : tr("Matmul");
        case ReadsColumn:
            return tr("Reads (B)");
        case WritesColumn:
            return tr("Writes (B)");
        case IntermediatesColumn:
            return tr("Intermediates (B)");
        case ParamsColumn:
            return tr("Params");
        case WeightBytesColumn:
            return tr("Weights (B)");
        case IntensityColumn:
            return tr("FLOP/B");
        case BoundColumn:
            return tr("Bound");
        case TimeColumn:
            return tr("Time");
        case RooflineColumn:
            return tr("Bound time");
        case ShareColumn:
            return tr("Share");
        case ReviewColumn:
            return tr("Review");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case NameColumn:
            return tr("The module's attribute name, as named_modules() lists it. A run of identical blocks is one "
                      "row (\u00d7N) holding their total; expand it to see each instance.");
        case ClassColumn:
            return tr("The module's class (full path in the tooltip).");
        case FlopsColumn:
            return tr("Floating-point operations: a multiply-add counts 2, as torch.utils.flop_counter counts.");
        case MatmulFlopsColumn:
            return tr("The FLOPs of matrix multiplications (run on the matrix units).");
        case ReadsColumn:
            return tr("Bytes read from device memory: weights, inputs, KV cache.");
        case WritesColumn:
            return tr("Bytes written to device memory: outputs, KV cache updates.");
        case IntermediatesColumn:
            return tr("Bytes of temporary tensors written and read back inside the module.");
        case ParamsColumn:
            return tr("Parameters (tied weights counted once).");
        case WeightBytesColumn:
            return tr("Parameters times the bytes per weight of the chosen weight dtype.");
        case IntensityColumn:
            return tr("Arithmetic intensity: FLOPs per byte of memory traffic (reads + writes + twice the "
                      "intermediates).");
        case BoundColumn:
            return tr("Which roof limits the module on the chosen device: compute or memory bandwidth.");
        case TimeColumn:
            return tr("Expected time: every kernel at the efficiency measured kernels reach on the device, with a "
                      "floor and a launch cost per kernel, in the chosen execution model (eager or fused).");
        case RooflineColumn:
            return tr("Roofline bound: max(matmul FLOPs / matrix peak + other FLOPs / vector peak, bytes / "
                      "bandwidth) at the datasheet's peaks, summed over the kernels: no measurement is below it.");
        case ShareColumn:
            return tr("Share of the model's total time (of its FLOPs without a device).");
        case ReviewColumn:
            return tr("The review status of the module's database entry. Pending and needs-changes formulas are "
                      "used and marked; rejected ones are never used.");
        }
    }
    return {};
}

std::optional<std::string> ModuleTreeModel::firstInstanceName(model::NodeId node) const
{
    if (!m_snapshot || m_topCount == 0 || node >= m_firstNames.size())
        return std::nullopt;
    if (node != m_snapshot->tree().root() && m_firstNames[node].empty())
        return std::nullopt; // no instance uses it
    return m_firstNames[node];
}

QModelIndex ModuleTreeModel::indexForName(const QString& fullName) const
{
    if (!m_snapshot || m_topCount == 0)
        return {};
    std::string rest = fullName.toStdString();
    int row = 0; // the root
    const model::ModuleTree& tree = m_snapshot->tree();
    while (!rest.empty()) {
        const int n = childCountOf(row);
        int next = -1;
        for (int k = 0; k < n && next < 0; ++k) {
            const Row c = m_rows[m_rows[row].firstChild + k]; // a copy: making rows below may move them
            if (!c.run) {
                if (rest == c.name || rest.rfind(c.name + ".", 0) == 0) {
                    next = m_rows[row].firstChild + k;
                    rest = rest.size() == c.name.size() ? std::string() : rest.substr(c.name.size() + 1);
                }
                continue;
            }
            // A run: does the name continue with one of its instances?
            std::string r = rest;
            if (!c.prefix.empty()) {
                if (r.rfind(c.prefix + ".", 0) != 0)
                    continue;
                r = r.substr(c.prefix.size() + 1);
            }
            const std::string head = r.substr(0, r.find('.'));
            const model::Node& list = tree.node(c.list);
            for (int i = c.runFirst; i <= c.runLast; ++i) {
                if (list.children[i].name == head) {
                    const int runRow = m_rows[row].firstChild + k;
                    childCountOf(runRow);
                    next = m_rows[runRow].firstChild + (i - c.runFirst);
                    rest = r.size() == head.size() ? std::string() : r.substr(head.size() + 1);
                    break;
                }
            }
        }
        if (next < 0)
            return {};
        row = next;
    }
    return createIndex(m_rows[row].row, 0, quintptr(row));
}

QModelIndex ModuleTreeModel::firstIndexForNode(model::NodeId node) const
{
    const auto name = firstInstanceName(node);
    return name ? indexForName(QString::fromStdString(*name)) : QModelIndex();
}

std::vector<model::NodeId> ModuleTreeModel::nodesUnder(const QModelIndex& index) const
{
    std::vector<model::NodeId> out;
    if (!index.isValid() || !m_snapshot)
        return out;
    const model::ModuleTree& tree = m_snapshot->tree();
    std::vector<bool> seen(tree.storedNodes(), false);
    std::function<void(model::NodeId)> visit = [&](model::NodeId id) {
        if (seen[id])
            return;
        seen[id] = true;
        out.push_back(id);
        for (const auto& c : tree.node(id).children)
            visit(c.node);
    };
    const Row& r = m_rows[rowOf(index)];
    if (r.run) {
        const model::Node& list = tree.node(r.list);
        for (int i = r.runFirst; i <= r.runLast; ++i)
            visit(list.children[i].node);
    } else {
        visit(r.node);
    }
    return out;
}

} // namespace lmp::widgets
