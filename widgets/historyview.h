// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "db/databasesession.h"

#include <QString>
#include <QWidget>

#include <optional>
#include <vector>

class QLabel;
class QTextEdit;
class QTreeWidget;

namespace lmp::widgets {

// An entry's history: its revisions on both layers (layer, number, date, author, action, notes), oldest first, then
// a row for the entry as it is now; below, a word-level diff with removed text red and struck out, added text
// green. Selecting one revision shows what it changed (from the revision before it); selecting two rows shows the
// change from the older to the newer (a revision against the current entry, for instance).
//
// The text shown comes from the database: it is only ever inserted as plain text with character formats, never
// read as HTML.
class HistoryView : public QWidget
{
    Q_OBJECT
public:
    enum Column { LayerColumn, RevisionColumn, DateColumn, AuthorColumn, ActionColumn, NotesColumn, NumColumns };
    // The date column's data role holding the revision's date as recorded (ISO 8601, UTC).
    static constexpr int DateRole = Qt::UserRole + 1;

    explicit HistoryView(QWidget* parent = nullptr);

    // The history of key in the session (which outlives this view); selects the newest revision. An empty key
    // clears the view.
    void setEntry(const db::DatabaseSession* session, const QString& key);
    void clear();

    // Shows the diff between two points of the entry's history; false with the error in the diff view when one
    // of them does not exist.
    bool showDiff(const db::RevisionRef& from, const db::RevisionRef& to);

    QTreeWidget* revisionList() const { return m_list; }
    QTextEdit* diffView() const { return m_diff; }
    // "user revision 3 → current entry"
    QString diffTitle() const;
    // The hunks shown now (empty when none).
    const std::vector<db::DiffHunk>& hunks() const { return m_hunks; }
    // The point of history a row of the revision list stands for.
    std::optional<db::RevisionRef> revisionAt(int row) const;

private:
    struct Point
    {
        db::RevisionRef ref;
        db::RevisionRef previous; // the point before it (for one selected row)
        QString label;
    };

    void selectionChanged();
    QString describe(const db::RevisionRef& ref) const;
    void showText(const QString& message);

    const db::DatabaseSession* m_session = nullptr;
    QString m_key;
    std::vector<Point> m_points; // by row
    std::vector<db::DiffHunk> m_hunks;
    QTreeWidget* m_list;
    QLabel* m_title;
    QTextEdit* m_diff;
};

} // namespace lmp::widgets
