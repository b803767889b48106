// SPDX-License-Identifier: GPL-3.0-or-later
#include "historyview.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTextCharFormat>
#include <QTextCursor>
#include <QTextEdit>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <set>

namespace lmp::widgets {

namespace {

QString layerName(db::Layer layer)
{
    return layer == db::Layer::User ? HistoryView::tr("user") : HistoryView::tr("built-in");
}

// The revision numbers a layer's entry records (a user copy carries the built-in ones along).
std::set<int> layerRevisions(const db::LayeredDatabase& database, db::Layer layer, std::string_view key)
{
    std::set<int> out;
    const db::ModuleDatabase* layerDb = layer == db::Layer::Builtin ? &database.builtin() : database.user();
    if (!layerDb || !layerDb->contains(key))
        return out;
    for (const db::Revision& r : layerDb->history(key))
        out.insert(r.revision);
    return out;
}

} // namespace

HistoryView::HistoryView(QWidget* parent)
    : QWidget(parent)
    , m_list(new QTreeWidget(this))
    , m_title(new QLabel(this))
    , m_diff(new QTextEdit(this))
{
    m_list->setColumnCount(NumColumns);
    m_list->setHeaderLabels({ tr("Layer"), tr("Revision"), tr("Date"), tr("Author"), tr("Action"), tr("Notes") });
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setAllColumnsShowFocus(true);
    m_list->header()->setStretchLastSection(true);
    m_list->setToolTip(tr("Select a revision to see what it changed, or two rows to compare them"));

    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);

    m_diff->setReadOnly(true);
    m_diff->setAcceptRichText(false);
    m_diff->setLineWrapMode(QTextEdit::WidgetWidth);
    m_diff->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto* bottom = new QWidget(this);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(m_title);
    bottomLayout->addWidget(m_diff, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_list);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &HistoryView::selectionChanged);
    clear();
}

void HistoryView::clear()
{
    m_session = nullptr;
    m_key.clear();
    m_points.clear();
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    showText(tr("No entry selected."));
    m_title->clear();
}

void HistoryView::setEntry(const db::DatabaseSession* session, const QString& key)
{
    if (!session || key.isEmpty()) {
        clear();
        return;
    }
    const std::string k = key.toStdString();
    const db::LayeredDatabase& database = session->database();
    const auto layerInfo = database.layerOf(k);
    if (!layerInfo) {
        clear();
        showText(tr("No entry %1 in the database.").arg(key));
        return;
    }
    m_session = session;
    m_key = key;
    m_points.clear();

    const std::vector<db::LayerRevision> history = session->history(k);
    const std::set<int> builtinNumbers = layerRevisions(database, db::Layer::Builtin, k);
    const std::set<int> userNumbers = layerRevisions(database, db::Layer::User, k);
    auto previousOf = [&](db::Layer layer, int revision) {
        const std::set<int>& numbers = layer == db::Layer::Builtin ? builtinNumbers : userNumbers;
        auto it = numbers.lower_bound(revision);
        return db::RevisionRef { layer, it == numbers.begin() ? 0 : *std::prev(it) };
    };

    const QSignalBlocker blocker(m_list);
    m_list->clear();
    for (const db::LayerRevision& r : history) {
        const db::Revision& rev = r.revision;
        auto* item = new QTreeWidgetItem(m_list);
        item->setText(LayerColumn, layerName(r.layer));
        item->setText(RevisionColumn, QString::number(rev.revision));
        // 2027-01-02T03:04:05Z shown as 2027-01-02 03:04 (UTC); the whole date in the tooltip and DateRole.
        const QString date = QString::fromStdString(rev.date);
        const QDateTime parsed = QDateTime::fromString(date, Qt::ISODate);
        item->setText(
            DateColumn, parsed.isValid() ? parsed.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : date);
        item->setData(DateColumn, DateRole, date);
        item->setToolTip(DateColumn, date);
        item->setText(AuthorColumn, QString::fromStdString(rev.author));
        item->setText(ActionColumn, QString::fromStdString(rev.action));
        item->setText(NotesColumn, QString::fromStdString(rev.notes));
        item->setToolTip(NotesColumn, QString::fromStdString(rev.notes));
        m_points.push_back({ { r.layer, rev.revision }, previousOf(r.layer, rev.revision),
            tr("%1 revision %2").arg(layerName(r.layer)).arg(rev.revision) });
    }
    // The entry as it is now, in the layer whose entry wins.
    const db::RevisionRef current { layerInfo->layer, db::kCurrentRevision };
    db::RevisionRef beforeCurrent = current;
    if (!m_points.empty() && m_points.back().ref.layer == layerInfo->layer)
        beforeCurrent = m_points.back().ref;
    auto* now = new QTreeWidgetItem(m_list);
    now->setText(LayerColumn, layerName(layerInfo->layer));
    now->setText(RevisionColumn, tr("current"));
    now->setText(NotesColumn, tr("the entry as it is now"));
    QFont italic = now->font(NotesColumn);
    italic.setItalic(true);
    for (int c = 0; c < NumColumns; ++c)
        now->setFont(c, italic);
    m_points.push_back({ current, beforeCurrent, tr("current entry") });
    for (int c = 0; c + 1 < NumColumns; ++c)
        m_list->resizeColumnToContents(c);

    // The newest revision: what the last change did.
    const int row = m_points.size() > 1 ? static_cast<int>(m_points.size()) - 2 : 0;
    m_list->setCurrentItem(m_list->topLevelItem(row));
    m_list->topLevelItem(row)->setSelected(true);
    selectionChanged();
}

std::optional<db::RevisionRef> HistoryView::revisionAt(int row) const
{
    if (row < 0 || row >= static_cast<int>(m_points.size()))
        return std::nullopt;
    return m_points[static_cast<std::size_t>(row)].ref;
}

QString HistoryView::diffTitle() const
{
    return m_title->text();
}

void HistoryView::selectionChanged()
{
    if (!m_session)
        return;
    std::vector<int> rows;
    for (QTreeWidgetItem* item : m_list->selectedItems())
        rows.push_back(m_list->indexOfTopLevelItem(item));
    std::sort(rows.begin(), rows.end());
    if (rows.empty()) {
        m_hunks.clear();
        m_title->clear();
        showText(tr("Select a revision to see what it changed, or two to compare them."));
        return;
    }
    if (rows.size() == 1) {
        const Point& p = m_points[static_cast<std::size_t>(rows.front())];
        showDiff(p.previous, p.ref);
        return;
    }
    showDiff(m_points[static_cast<std::size_t>(rows.front())].ref, m_points[static_cast<std::size_t>(rows.back())].ref);
}

QString HistoryView::describe(const db::RevisionRef& ref) const
{
    if (ref.revision == db::kCurrentRevision)
        return tr("current %1 entry").arg(layerName(ref.layer));
    if (ref.revision == 0)
        return tr("%1 entry before its first revision").arg(layerName(ref.layer));
    return tr("%1 revision %2").arg(layerName(ref.layer)).arg(ref.revision);
}

bool HistoryView::showDiff(const db::RevisionRef& from, const db::RevisionRef& to)
{
    m_hunks.clear();
    if (!m_session || m_key.isEmpty()) {
        showText(tr("No entry selected."));
        return false;
    }
    m_title->setText(tr("%1 → %2").arg(describe(from), describe(to)));
    auto result = m_session->diff(m_key.toStdString(), from, to);
    if (const auto* error = std::get_if<db::DbError>(&result)) {
        showText(tr("No diff: %1").arg(QString::fromStdString(error->message)));
        return false;
    }
    m_hunks = std::get<std::vector<db::DiffHunk>>(std::move(result));

    m_diff->clear();
    QTextCursor cursor(m_diff->document());
    const QTextCharFormat plain;
    QTextCharFormat removed;
    removed.setForeground(QColor(0xa0, 0x10, 0x10));
    removed.setBackground(QColor(0xff, 0xdc, 0xdc));
    removed.setFontStrikeOut(true);
    QTextCharFormat added;
    added.setForeground(QColor(0x10, 0x70, 0x20));
    added.setBackground(QColor(0xd8, 0xf5, 0xd8));
    int firstChange = -1;
    for (const db::DiffHunk& hunk : m_hunks) {
        if (hunk.op != db::DiffOp::Equal && firstChange < 0)
            firstChange = cursor.position();
        // insertText: the text as it is, never markup.
        cursor.insertText(QString::fromStdString(hunk.text),
            hunk.op == db::DiffOp::Removed     ? removed
                : hunk.op == db::DiffOp::Added ? added
                                               : plain);
    }
    if (!db::hasChanges(m_hunks))
        m_title->setText(m_title->text() + tr(" (no changes)"));
    QTextCursor at(m_diff->document());
    at.setPosition(std::max(0, firstChange));
    m_diff->setTextCursor(at);
    m_diff->ensureCursorVisible();
    return true;
}

void HistoryView::showText(const QString& message)
{
    m_diff->setPlainText(message);
}

} // namespace lmp::widgets
