// SPDX-License-Identifier: GPL-3.0-or-later
#include "modelbrowserdialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFont>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>

#include <variant>

namespace lmp::widgets {

namespace {

// Groups keep their order (catalogue, then cache) whichever column sorts, and never match a filter themselves:
// a group shows while one of its rows matches.
class BrowserProxy : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override
    {
        if (!left.parent().isValid() && !right.parent().isValid()) {
            if (left.row() == right.row())
                return false;
            return (sortOrder() == Qt::AscendingOrder) == (left.row() < right.row());
        }
        return QSortFilterProxyModel::lessThan(left, right);
    }

    bool filterAcceptsRow(int row, const QModelIndex& parent) const override
    {
        if (!parent.isValid() && !filterRegularExpression().pattern().isEmpty())
            return false;
        return QSortFilterProxyModel::filterAcceptsRow(row, parent);
    }
};

QStandardItem* cell(const QString& text, const QVariant& sortKey = {})
{
    auto* item = new QStandardItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    item->setData(sortKey.isValid() ? sortKey : QVariant(text), ModelBrowserDialog::SortRole);
    return item;
}

// A model row: its source on the first cell, every cell selectable.
QList<QStandardItem*> modelRow(const QString& id, const QString& source, const QString& architecture,
    const QString& modelType, const QString& revision, const QString& weights, qint64 weightBytes)
{
    QList<QStandardItem*> row { cell(id), cell(architecture), cell(modelType), cell(revision),
        cell(weights, weightBytes) };
    row[ModelBrowserDialog::IdColumn]->setData(source, ModelBrowserDialog::SourceRole);
    return row;
}

// A group heading: bold, not selectable, with the number of models beside it.
QList<QStandardItem*> groupRow(const QString& title, const QString& count)
{
    QList<QStandardItem*> row;
    for (int column = 0; column < ModelBrowserDialog::ColumnCount; ++column) {
        auto* item = cell(column == 0 ? title : column == 1 ? count : QString());
        item->setFlags(Qt::ItemIsEnabled);
        row << item;
    }
    QFont bold = row[0]->font();
    bold.setBold(true);
    row[0]->setFont(bold);
    return row;
}

} // namespace

ModelBrowserDialog::ModelBrowserDialog(QWidget* parent, const QStringList& cacheDirs)
    : QDialog(parent)
    , m_cacheDirs(cacheDirs)
    , m_model(new QStandardItemModel(0, ColumnCount, this))
    , m_proxy(new BrowserProxy(this))
    , m_filter(new QLineEdit(this))
    , m_view(new QTreeView(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Open Model"));
    resize(860, 540);

    m_model->setHorizontalHeaderLabels({ tr("Model"), tr("Architecture"), tr("Type"), tr("Revision"), tr("Weights") });
    const QStringList headerTips { tr("The model id; the cached copy's folder in the tooltip"),
        tr("architectures[0] of the config: the class that selects the architecture definition"),
        tr("model_type of the config"), tr("The snapshot of the Hugging Face cache: the one refs/main names"),
        tr("Size of the snapshot's safetensors files, when downloaded") };
    for (int column = 0; column < ColumnCount; ++column)
        m_model->setHeaderData(column, Qt::Horizontal, headerTips[column], Qt::ToolTipRole);

    m_proxy->setSourceModel(m_model);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setSortRole(SortRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);

    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setPlaceholderText(tr("Filter by id, architecture or type"));
    m_filter->setClearButtonEnabled(true);

    m_view->setObjectName(QStringLiteral("models"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(IdColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAllColumnsShowFocus(true);
    m_view->setAlternatingRowColors(true);
    m_view->setUniformRowHeights(true);

    auto* refresh = m_buttons->addButton(tr("&Refresh"), QDialogButtonBox::ActionRole);
    refresh->setToolTip(tr("Read the Hugging Face cache again"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Open"));
    m_buttons->button(QDialogButtonBox::Ok)->setDefault(true);

    auto* intro = new QLabel(
        tr("Published configs built into LM-Predictor, and the models downloaded into the local Hugging Face "
           "cache. Only config.json is read: nothing is downloaded or loaded."),
        this);
    intro->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_buttons);

    connect(m_filter, &QLineEdit::textChanged, this, &ModelBrowserDialog::filterChanged);
    connect(
        m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ModelBrowserDialog::updateOkButton);
    connect(m_view, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        if (!sourceAt(index).isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(refresh, &QPushButton::clicked, this, &ModelBrowserDialog::reload);

    reload();
    m_filter->setFocus();
}

QString ModelBrowserDialog::selectedSource() const
{
    const auto rows = m_view->selectionModel()->selectedRows(IdColumn);
    return rows.isEmpty() ? QString() : sourceAt(rows.front());
}

QAbstractItemModel* ModelBrowserDialog::sourceModel() const
{
    return m_model;
}

QSortFilterProxyModel* ModelBrowserDialog::proxyModel() const
{
    return m_proxy;
}

void ModelBrowserDialog::reload()
{
    m_model->removeRows(0, m_model->rowCount());
    m_model->appendRow(catalogueGroup());
    m_model->appendRow(cacheGroup());
    m_view->expandAll();
    for (int column = 0; column < ColumnCount; ++column)
        m_view->resizeColumnToContents(column);
    updateSpans();
    updateOkButton();
}

QList<QStandardItem*> ModelBrowserDialog::catalogueGroup() const
{
    const QStringList ids = model::builtinModelIds();
    auto group = groupRow(tr("Built-in catalogue"), tr("%n model(s)", nullptr, int(ids.size())));
    group[0]->setToolTip(tr("Published config.json files shipped with LM-Predictor; they open offline"));
    for (const QString& id : ids) {
        // The catalogue's own copy, even when the cache holds the same id.
        const auto config = model::loadModelConfig(model::builtinConfigPath(id));
        QString architecture;
        QString modelType;
        if (const auto* c = std::get_if<model::ModelConfig>(&config)) {
            architecture = QString::fromStdString(c->architecture);
            modelType = QString::fromStdString(c->modelType);
        }
        auto row = modelRow(id, id, architecture, modelType, QString(), QString(), -1);
        row[IdColumn]->setToolTip(id);
        row[WeightsColumn]->setToolTip(tr("The config only: the built-in catalogue holds no weights"));
        group[0]->appendRow(row);
    }
    return group;
}

QList<QStandardItem*> ModelBrowserDialog::cacheGroup() const
{
    QStringList folders;
    for (const QString& dir : m_cacheDirs)
        folders << QDir::toNativeSeparators(dir);
    const auto models = model::cachedModels(m_cacheDirs);
    auto group = groupRow(tr("Hugging Face cache"), tr("%n model(s)", nullptr, int(models.size())));
    group[0]->setToolTip(tr("Searched: %1").arg(folders.join(QStringLiteral(", "))));
    const QLocale locale;
    for (const model::CachedModel& m : models) {
        const bool readable = !m.architecture.empty();
        auto row =
            modelRow(m.id, m.configPath, readable ? QString::fromStdString(m.architecture) : tr("unreadable config"),
                QString::fromStdString(m.modelType), m.revision.left(12),
                m.hasWeights ? locale.formattedDataSize(m.weightBytes) : tr("config only"),
                m.hasWeights ? m.weightBytes : 0);
        row[IdColumn]->setToolTip(QDir::toNativeSeparators(m.configPath));
        row[RevisionColumn]->setToolTip(m.revision);
        if (!readable) {
            QFont italic = row[ArchitectureColumn]->font();
            italic.setItalic(true);
            row[ArchitectureColumn]->setFont(italic);
            row[ArchitectureColumn]->setToolTip(
                tr("The config.json cannot be parsed or names no architecture; opening it shows why"));
        }
        if (!m.hasWeights)
            row[WeightsColumn]->setToolTip(tr("No safetensors files in this snapshot"));
        group[0]->appendRow(row);
    }
    if (models.empty()) {
        // One line that says where the cache was looked for, spanning the columns.
        const QString text = folders.isEmpty()
            ? tr("No Hugging Face cache folder to search")
            : tr("No models with a config.json in %1").arg(folders.join(QStringLiteral(", ")));
        auto* info = cell(text);
        info->setFlags(Qt::ItemIsEnabled);
        info->setToolTip(tr("Set HF_HUB_CACHE or HF_HOME to search another folder"));
        group[0]->appendRow(info);
    }
    return group;
}

QString ModelBrowserDialog::sourceAt(const QModelIndex& proxyIndex) const
{
    if (!proxyIndex.isValid())
        return {};
    return m_proxy->mapToSource(proxyIndex.siblingAtColumn(IdColumn)).data(SourceRole).toString();
}

void ModelBrowserDialog::filterChanged(const QString& text)
{
    m_proxy->setFilterFixedString(text);
    m_view->expandAll();
    updateSpans();
    // Keep a model selected, so that Return opens the first match.
    if (!text.isEmpty() && selectedSource().isEmpty()) {
        for (int group = 0; group < m_proxy->rowCount(); ++group) {
            const QModelIndex first = m_proxy->index(0, IdColumn, m_proxy->index(group, IdColumn));
            if (!sourceAt(first).isEmpty()) {
                m_view->selectionModel()->setCurrentIndex(
                    first, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                break;
            }
        }
    }
    updateOkButton();
}

void ModelBrowserDialog::updateSpans()
{
    // Spans are kept by persistent index: rows that a filter hid and shows again need theirs back.
    for (int group = 0; group < m_proxy->rowCount(); ++group) {
        const QModelIndex parent = m_proxy->index(group, IdColumn);
        for (int row = 0; row < m_proxy->rowCount(parent); ++row) {
            if (sourceAt(m_proxy->index(row, IdColumn, parent)).isEmpty())
                m_view->setFirstColumnSpanned(row, parent, true);
        }
    }
}

void ModelBrowserDialog::updateOkButton()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!selectedSource().isEmpty());
}

} // namespace lmp::widgets
