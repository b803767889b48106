// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/modelconfig.h"

#include <QDialog>
#include <QList>
#include <QStringList>

class QAbstractItemModel;
class QDialogButtonBox;
class QLineEdit;
class QModelIndex;
class QSortFilterProxyModel;
class QStandardItem;
class QStandardItemModel;
class QTreeView;

namespace lmp::widgets {

// "Open model": the built-in catalogue of published configs and the models of the local Hugging Face cache,
// in one filterable, sortable tree. Double-click or OK picks a model; selectedSource() is what
// model::loadModelConfig() opens.
class ModelBrowserDialog : public QDialog
{
    Q_OBJECT

public:
    enum Role {
        SourceRole = Qt::UserRole + 1, // on column 0 of a model row: a catalogue id or a cached config path
        SortRole, // raw sort key of every cell (weight bytes as a number)
    };
    enum Column { IdColumn, ArchitectureColumn, ModelTypeColumn, RevisionColumn, WeightsColumn, ColumnCount };

    explicit ModelBrowserDialog(
        QWidget* parent = nullptr, const QStringList& cacheDirs = model::huggingFaceCacheDirs());

    // The model id of a catalogue row or the config.json path of a cached model; empty when no model row is
    // selected.
    QString selectedSource() const;

    QAbstractItemModel* sourceModel() const;
    QSortFilterProxyModel* proxyModel() const;

public Q_SLOTS:
    // Reads the catalogue and the caches again.
    void reload();

private:
    QList<QStandardItem*> catalogueGroup() const;
    QList<QStandardItem*> cacheGroup() const;
    QString sourceAt(const QModelIndex& proxyIndex) const;
    void filterChanged(const QString& text);
    void updateSpans();
    void updateOkButton();

    QStringList m_cacheDirs;
    QStandardItemModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_filter;
    QTreeView* m_view;
    QDialogButtonBox* m_buttons;
};

} // namespace lmp::widgets
