// SPDX-License-Identifier: GPL-3.0-or-later
#include "reviewpane.h"

#include "format.h"
#include "historyview.h"
#include "markdownview.h"
#include "reviewcommands.h"
#include "sourceview.h"

#include <QAction>
#include <QComboBox>
#include <QFontDatabase>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPainterPath>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QResizeEvent>
#include <QSettings>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <climits>

namespace lmp::widgets {

using formula::Number;

namespace {

// The snapshot as the entry evaluation sees it: its members, kept alive by the snapshot.
analysis::AnalyzedModel analyzedModel(const SnapshotPtr& snapshot)
{
    if (!snapshot)
        return {};
    return { snapshot->model, snapshot->settings,
        std::shared_ptr<const analysis::AnalysisResult>(snapshot, &snapshot->result),
        std::shared_ptr<const std::vector<formula::Int>>(snapshot, &snapshot->instances) };
}

enum class Mark { Pass, Fail, Neutral };

// A disc with a check mark, a cross, or nothing: the state of a check, legible in any style and font.
QIcon markIcon(Mark mark)
{
    static const std::array<QIcon, 3> icons = [] {
        std::array<QIcon, 3> out;
        for (int m = 0; m < 3; ++m) {
            QPixmap pixmap(32, 32);
            pixmap.fill(Qt::transparent);
            QPainter painter(&pixmap);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setPen(Qt::NoPen);
            const QColor colors[] = { QColor(0x2e, 0x9a, 0x4a), QColor(0xc8, 0x32, 0x32), QColor(0x9a, 0x9a, 0x9a) };
            painter.setBrush(colors[m]);
            painter.drawEllipse(QRectF(2, 2, 28, 28));
            QPen pen(Qt::white, 4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
            painter.setPen(pen);
            if (m == 0) {
                QPainterPath path;
                path.moveTo(9, 16.5);
                path.lineTo(14, 21.5);
                path.lineTo(23, 11);
                painter.drawPath(path);
            } else if (m == 1) {
                painter.drawLine(QPointF(11, 11), QPointF(21, 21));
                painter.drawLine(QPointF(21, 11), QPointF(11, 21));
            } else {
                painter.drawLine(QPointF(10, 16), QPointF(22, 16));
            }
            out[static_cast<std::size_t>(m)] = QIcon(pixmap);
        }
        return out;
    }();
    return icons[static_cast<std::size_t>(mark)];
}

// Elides text at its end; the view elides at the start, which suits module paths (their class name is at the end).
class ElideRightDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        option->textElideMode = Qt::ElideRight;
    }
};

QString jsonString(const db::Json& object, const char* field)
{
    if (!object.is_object())
        return {};
    const auto it = object.find(field);
    return it != object.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

const db::Json* jsonObject(const db::Json& object, const char* field)
{
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(field);
    return it != object.end() && it->is_object() ? &*it : nullptr;
}

QString className(const QString& modulePath)
{
    return modulePath.mid(modulePath.lastIndexOf(u'.') + 1);
}

QString statusText(const std::optional<db::Status>& status)
{
    return ReviewModel::groupName(ReviewModel::groupOf(status));
}

// A template field as the reviewer reads it: its name, then the template on the next line, indented.
void appendTemplate(QString& out, const db::Json& section, const char* field)
{
    if (!section.contains(field))
        return;
    const db::Json& value = section.at(field);
    out += QStringLiteral("%1:\n").arg(QString::fromLatin1(field));
    if (value.is_string())
        out += QStringLiteral("    %1\n").arg(QString::fromStdString(value.get<std::string>()));
    else if (value.is_null())
        out += ReviewPane::tr("    (none: unknown)\n");
    else
        out += QStringLiteral("    %1\n").arg(QString::fromStdString(value.dump()));
}

QString parameterList(const db::Json& section)
{
    QStringList names;
    if (section.contains("parameters") && section.at("parameters").is_array()) {
        for (const db::Json& p : section.at("parameters"))
            names << (p.is_string() ? QString::fromStdString(p.get<std::string>()) : QString::fromStdString(p.dump()));
    }
    return names.isEmpty() ? ReviewPane::tr("(none)") : names.join(QStringLiteral(", "));
}

QString templatesText(const db::Json& entry)
{
    QString out;
    if (const db::Json* flop = jsonObject(entry, "flop_analysis")) {
        out += ReviewPane::tr("FLOP parameters: %1\n\n").arg(parameterList(*flop));
        appendTemplate(out, *flop, "formula_template");
        appendTemplate(out, *flop, "matmul_template");
        if (const db::Json* breakdown = jsonObject(*flop, "breakdown")) {
            out += QStringLiteral("breakdown:\n");
            for (const auto& [name, value] : breakdown->items()) {
                out += QStringLiteral("    %1 = %2\n")
                           .arg(QString::fromStdString(name),
                               value.is_string() ? QString::fromStdString(value.get<std::string>())
                                                 : QString::fromStdString(value.dump()));
            }
        }
        out += u'\n';
    }
    if (const db::Json* memory = jsonObject(entry, "memory_analysis")) {
        out += ReviewPane::tr("Memory parameters: %1\n\n").arg(parameterList(*memory));
        for (const char* field : { "reads_template", "writes_template", "intermediates_template", "params_template" })
            appendTemplate(out, *memory, field);
    }
    return out;
}

QString bindingsText(const std::vector<formula::NamedValue>& values)
{
    QStringList parts;
    for (const auto& v : values)
        parts << QStringLiteral("%1=%2").arg(
            QString::fromStdString(v.name), QString::fromStdString(v.value.toString()));
    return parts.join(QStringLiteral(", "));
}

QTableWidgetItem* numberItem(const std::optional<Number>& value, const QString& error = {})
{
    auto* item = new QTableWidgetItem;
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    if (value) {
        item->setText(exactText(*value));
        item->setData(ReviewPane::ExactValueRole, QString::fromStdString(value->toString()));
        item->setToolTip(siText(value->toDouble(), QStringLiteral("FLOP")));
    } else {
        item->setText(error.isEmpty() ? QStringLiteral("—") : ReviewPane::tr("error"));
        item->setToolTip(error);
        if (!error.isEmpty())
            item->setForeground(QColor(0xc8, 0x32, 0x32));
    }
    return item;
}

} // namespace

ReviewPane::ReviewPane(db::DatabaseSession* session, QUndoStack* undoStack, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_undoStack(undoStack)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
    , m_model(new ReviewModel(session, this))
    , m_proxy(new ReviewProxy(this))
    , m_sourceWatcher(new QFutureWatcher<source::SourceLookup>(this))
{
    m_proxy->setSourceModel(m_model);
    buildActions();

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(buildListPanel(), 1);
    leftLayout->addWidget(buildReviewBox());

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter = splitter;
    splitter->addWidget(left);
    splitter->addWidget(buildDetails());
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({ 390, 710 });
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(buildReloadBar());
    layout->addWidget(splitter, 1);

    m_reviewer->setText(QSettings().value(QString::fromLatin1(kReviewerSetting)).toString());
    connect(m_reviewer, &QLineEdit::textChanged, this,
        [](const QString& text) { QSettings().setValue(QString::fromLatin1(kReviewerSetting), text.trimmed()); });

    connect(m_model, &ReviewModel::aboutToRefresh, this, &ReviewPane::beforeRefresh);
    connect(m_model, &ReviewModel::refreshed, this, &ReviewPane::afterRefresh);
    // Group rows ("Pending (3)") span the columns.
    auto spanGroups = [this] {
        for (int r = 0; r < m_proxy->rowCount(); ++r)
            m_view->setFirstColumnSpanned(r, {}, true);
    };
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this, spanGroups] {
        spanGroups();
        m_view->expandAll();
    });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [spanGroups](const QModelIndex& parent) {
        if (!parent.isValid())
            spanGroups();
    });
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, spanGroups);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex& current) { currentChanged(current); });
    connect(m_session, &db::DatabaseSession::fileChangedOnDisk, this, &ReviewPane::showReloadBar);
    connect(m_sourceWatcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_sourceWatcher->future().resultCount() == 0)
            return;
        m_sourcePending = false;
        m_sourceView->showLookup(m_sourceWatcher->result());
        Q_EMIT sourceShown();
    });

    spanGroups();
    m_view->expandAll();
    showNoEntry(tr("Select an entry to review it."));
    if (m_session->changedOnDisk())
        showReloadBar();
}

ReviewPane::~ReviewPane() = default;

void ReviewPane::buildActions()
{
    auto make = [this](const QString& text, const QKeySequence& shortcut, const QString& tip) {
        auto* action = new QAction(text, this);
        action->setShortcut(shortcut);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        action->setToolTip(QStringLiteral("%1 (%2)").arg(tip, shortcut.toString(QKeySequence::NativeText)));
        addAction(action);
        return action;
    };
    m_approveAction = make(
        tr("&Approve"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A), tr("Mark the entry validated; A in the list"));
    m_requestChangesAction = make(tr("Request &Changes"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C),
        tr("Send the entry back for changes; C in the list"));
    m_rejectAction =
        make(tr("&Reject"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), tr("Reject the entry; R in the list"));
    m_nextPendingAction = make(tr("&Next Pending Entry"), QKeySequence(Qt::CTRL | Qt::Key_Down),
        tr("Select the next pending entry; J in the list"));
    m_previousPendingAction = make(tr("&Previous Pending Entry"), QKeySequence(Qt::CTRL | Qt::Key_Up),
        tr("Select the previous pending entry; K in the list"));
    m_focusNotesAction = make(tr("Review &Notes"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
        tr("Write the review's notes; N in the list"));
    connect(m_approveAction, &QAction::triggered, this, [this] { approve(); });
    connect(m_rejectAction, &QAction::triggered, this, [this] { reject(); });
    connect(m_requestChangesAction, &QAction::triggered, this, [this] { requestChanges(); });
    connect(m_nextPendingAction, &QAction::triggered, this, [this] { nextPending(); });
    connect(m_previousPendingAction, &QAction::triggered, this, [this] { previousPending(); });
    connect(m_focusNotesAction, &QAction::triggered, this, [this] { m_notes->setFocus(Qt::ShortcutFocusReason); });
}

QWidget* ReviewPane::buildListPanel()
{
    auto* panel = new QWidget(this);
    m_filter = new QLineEdit(panel);
    m_filter->setPlaceholderText(tr("Filter modules (/)"));
    m_filter->setClearButtonEnabled(true);
    m_statusCombo = new QComboBox(panel);
    m_statusCombo->addItem(tr("All statuses"));
    for (int g = 0; g < ReviewModel::GroupCount; ++g)
        m_statusCombo->addItem(ReviewModel::groupName(static_cast<ReviewModel::Group>(g)), g);

    m_view = new QTreeView(panel);
    m_view->setModel(m_proxy);
    m_view->setUniformRowHeights(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAllColumnsShowFocus(true);
    m_view->setTextElideMode(Qt::ElideLeft);
    // The module path takes the room left; the other columns keep a modest width (their tooltips say it all).
    QHeaderView* header = m_view->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(ReviewModel::ModuleColumn, QHeaderView::Stretch);
    const QFontMetrics metrics = m_view->fontMetrics();
    header->resizeSection(ReviewModel::LayerColumn, metrics.horizontalAdvance(tr("built-in")) + 16);
    header->resizeSection(ReviewModel::ValidatorColumn, metrics.horizontalAdvance(QStringLiteral("M")) * 7);
    for (int c = ReviewModel::LayerColumn; c < ReviewModel::NumColumns; ++c)
        m_view->setItemDelegateForColumn(c, new ElideRightDelegate(m_view));
    header->resizeSection(ReviewModel::DateColumn, metrics.horizontalAdvance(QStringLiteral("2026-12-31")) + 16);
    m_view->installEventFilter(this);
    m_filter->installEventFilter(this);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterText(text);
        m_view->expandAll();
        selectInList(m_currentKey);
    });
    connect(m_statusCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        const QVariant group = m_statusCombo->itemData(index);
        m_proxy->setGroupFilter(
            group.isValid() ? std::optional(static_cast<ReviewModel::Group>(group.toInt())) : std::nullopt);
        m_view->expandAll();
        selectInList(m_currentKey);
    });

    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_statusCombo);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filterRow);
    layout->addWidget(m_view, 1);
    return panel;
}

QWidget* ReviewPane::buildReviewBox()
{
    auto* box = new QFrame(this);
    box->setFrameShape(QFrame::StyledPanel);
    m_reviewer = new QLineEdit(box);
    m_reviewer->setPlaceholderText(tr("Your name (required)"));
    m_reviewer->installEventFilter(this);
    m_notes = new QPlainTextEdit(box);
    m_notes->setPlaceholderText(tr("Notes for the entry's history (Ctrl+Shift+N)"));
    m_notes->setTabChangesFocus(true);
    m_notes->setFixedHeight(m_notes->fontMetrics().lineSpacing() * 3 + 14);
    m_notes->installEventFilter(this);
    m_checkSummary = new QLabel(box);
    m_checkSummary->setTextFormat(Qt::PlainText);
    m_checkSummary->setWordWrap(true);
    m_message = new QLabel(box);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setMinimumHeight(m_message->fontMetrics().lineSpacing() * 2);
    m_message->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    auto* reviewerLabel = new QLabel(tr("Re&viewer:"), box);
    reviewerLabel->setBuddy(m_reviewer);
    auto* reviewerRow = new QHBoxLayout;
    reviewerRow->addWidget(reviewerLabel);
    reviewerRow->addWidget(m_reviewer, 1);

    auto* buttons = new QHBoxLayout;
    for (QAction* action : { m_approveAction, m_requestChangesAction, m_rejectAction }) {
        auto* button = new QToolButton(box);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        buttons->addWidget(button);
    }

    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(reviewerRow);
    layout->addWidget(m_notes);
    layout->addLayout(buttons);
    layout->addWidget(m_checkSummary);
    layout->addWidget(m_message);
    return box;
}

void ReviewPane::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    adaptLayout();
}

void ReviewPane::adaptLayout()
{
    const int w = width();
    const int widthClass = w >= 1400 ? 2 : (w >= 760 ? 1 : 0);
    if (widthClass == m_layoutWidthClass)
        return;
    m_layoutWidthClass = widthClass;
    if (widthClass == 2) {
        m_mainSplitter->setOrientation(Qt::Horizontal);
        m_mainSplitter->setSizes({ 390, std::max(400, w - 390) });
    } else {
        m_mainSplitter->setOrientation(Qt::Vertical);
        const int h = std::max(400, height());
        m_mainSplitter->setSizes({ h * 22 / 100, h * 78 / 100 });
    }
    // Narrow: the source code is a tab beside the thinking process, with the whole height; wider: side by side.
    const int sourceTab = m_contentTabs->indexOf(m_sourcePart);
    if (widthClass == 0 && sourceTab < 0) {
        m_contentTabs->insertTab(1, m_sourcePart, tr("Source Code"));
    } else if (widthClass > 0 && sourceTab >= 0) {
        m_contentTabs->removeTab(sourceTab);
        m_topSplitter->addWidget(m_sourcePart);
        m_sourcePart->show();
    }
}

QWidget* ReviewPane::buildDetails()
{
    auto* details = new QWidget(this);
    m_title = new QLabel(details);
    m_title->setTextFormat(Qt::PlainText);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header = new QLabel(details);
    m_header->setTextFormat(Qt::PlainText);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // Thinking processes, templates and history.
    m_contentTabs = new QTabWidget(details);
    auto* thinking = new QSplitter(Qt::Vertical, m_contentTabs);
    auto thinkingPart = [thinking](const QString& title, MarkdownView*& view) {
        auto* part = new QWidget(thinking);
        auto* label = new QLabel(title, part);
        QFont bold = label->font();
        bold.setBold(true);
        label->setFont(bold);
        view = new MarkdownView(part);
        auto* l = new QVBoxLayout(part);
        l->setContentsMargins(0, 2, 0, 0);
        l->addWidget(label);
        l->addWidget(view, 1);
        thinking->addWidget(part);
    };
    thinkingPart(tr("FLOPs"), m_flopThinking);
    thinkingPart(tr("Memory"), m_memoryThinking);
    thinking->setStretchFactor(0, 3);
    thinking->setStretchFactor(1, 2);
    m_contentTabs->addTab(thinking, tr("Thinking Process"));
    m_templates = new QPlainTextEdit(m_contentTabs);
    m_templates->setReadOnly(true);
    m_templates->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_templates->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_contentTabs->addTab(m_templates, tr("Templates"));
    m_history = new HistoryView(m_contentTabs);
    m_contentTabs->addTab(m_history, tr("History"));

    // The module's source code.
    auto* sourcePart = new QWidget(details);
    m_sourcePart = sourcePart;
    auto* sourceLabel = new QLabel(tr("Source Code"), sourcePart);
    QFont bold = sourceLabel->font();
    bold.setBold(true);
    sourceLabel->setFont(bold);
    m_sourceView = new SourceView(sourcePart);
    auto* sourceLayout = new QVBoxLayout(sourcePart);
    sourceLayout->setContentsMargins(0, 0, 0, 0);
    sourceLayout->addWidget(sourceLabel);
    sourceLayout->addWidget(m_sourceView, 1);

    // Checks and the breakdown on the model.
    m_evaluationTabs = new QTabWidget(details);
    m_checksTree = new QTreeWidget(m_evaluationTabs);
    m_checksTree->setColumnCount(2);
    m_checksTree->setHeaderLabels({ tr("Check"), tr("Result") });
    m_checksTree->setUniformRowHeights(false);
    m_checksTree->setWordWrap(false);
    m_checksTree->header()->setStretchLastSection(true);
    m_evaluationTabs->addTab(m_checksTree, tr("Checks"));
    auto* breakdownPart = new QWidget(m_evaluationTabs);
    m_breakdownMessage = new QLabel(breakdownPart);
    m_breakdownMessage->setTextFormat(Qt::PlainText);
    m_breakdownMessage->setWordWrap(true);
    m_breakdown = new QTableWidget(breakdownPart);
    m_breakdown->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_breakdown->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_breakdown->verticalHeader()->setVisible(false);
    auto* breakdownLayout = new QVBoxLayout(breakdownPart);
    breakdownLayout->setContentsMargins(0, 0, 0, 0);
    breakdownLayout->addWidget(m_breakdownMessage);
    breakdownLayout->addWidget(m_breakdown, 1);
    m_evaluationTabs->addTab(breakdownPart, tr("Breakdown on the Model"));

    auto* top = new QSplitter(Qt::Horizontal, details);
    m_topSplitter = top;
    top->addWidget(m_contentTabs);
    top->addWidget(sourcePart);
    top->setStretchFactor(0, 1);
    top->setStretchFactor(1, 1);
    auto* vertical = new QSplitter(Qt::Vertical, details);
    vertical->addWidget(top);
    vertical->addWidget(m_evaluationTabs);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(details);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_header);
    layout->addWidget(vertical, 1);
    return details;
}

QFrame* ReviewPane::buildReloadBar()
{
    m_reloadBar = new QFrame(this);
    m_reloadBar->setFrameShape(QFrame::StyledPanel);
    m_reloadBar->setAutoFillBackground(true);
    QPalette palette = m_reloadBar->palette();
    palette.setColor(QPalette::Window, QColor(0xff, 0xf4, 0xcc));
    palette.setColor(QPalette::WindowText, QColor(0x40, 0x30, 0x00));
    m_reloadBar->setPalette(palette);
    m_reloadLabel = new QLabel(m_reloadBar);
    m_reloadLabel->setTextFormat(Qt::PlainText);
    m_reloadLabel->setWordWrap(true);
    m_reloadButton = new QPushButton(tr("Reload"), m_reloadBar);
    m_keepMineButton = new QPushButton(tr("Keep Mine"), m_reloadBar);
    m_keepMineButton->setToolTip(tr("Keep the entries as they are here; the next save overwrites the file"));
    connect(m_reloadButton, &QPushButton::clicked, this, [this] { reloadFromDisk(); });
    connect(m_keepMineButton, &QPushButton::clicked, this, [this] { keepMine(); });
    auto* layout = new QHBoxLayout(m_reloadBar);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_reloadLabel, 1);
    layout->addWidget(m_reloadButton);
    layout->addWidget(m_keepMineButton);
    m_reloadBar->setVisible(false);
    return m_reloadBar;
}

void ReviewPane::setAnalysis(SnapshotPtr snapshot)
{
    if (snapshot == m_snapshot)
        return;
    m_snapshot = std::move(snapshot);
    m_index = analysis::ClassIndex(analyzedModel(m_snapshot));
    if (!m_currentKey.isEmpty() && currentEntry()) {
        updateEvaluation();
        updateChecks();
    }
}

void ReviewPane::setSourceRoots(QList<source::SourceRoot> roots, QString pythonExecutable)
{
    m_sourceRoots = std::move(roots);
    m_python = std::move(pythonExecutable);
    if (!m_currentKey.isEmpty())
        lookUpSource();
}

void ReviewPane::setClock(std::function<QDateTime()> clock)
{
    m_clock = std::move(clock);
}

const db::Json* ReviewPane::currentEntry() const
{
    return m_currentKey.isEmpty() ? nullptr : m_session->database().entry(m_currentKey.toStdString());
}

const formula::Library* ReviewPane::library()
{
    const std::string key = m_currentKey.toStdString();
    const db::ModuleDatabase* layer = m_session->database().databaseOf(key);
    if (layer && layer->status(key) == db::Status::Rejected) {
        // The analysis never uses a rejected entry; the reviewer still sees what it would count.
        if (!m_rejectedLibrary || m_rejectedLibraryKey != m_currentKey) {
            m_rejectedLibrary = analysis::buildReviewLibrary(m_session->database(), key);
            m_rejectedLibraryKey = m_currentKey;
        }
        return m_rejectedLibrary.get();
    }
    if (!m_library)
        m_library = analysis::buildReviewLibrary(m_session->database());
    return m_library.get();
}

// Selection

void ReviewPane::currentChanged(const QModelIndex& current)
{
    if (m_refreshing || m_programmatic)
        return;
    const QString key = m_model->keyAt(m_proxy->mapToSource(current));
    if (key.isEmpty() || key == m_currentKey)
        return;
    showEntry(key, true);
    Q_EMIT entrySelected(key);
}

void ReviewPane::selectEntry(const QString& key)
{
    const std::string k = key.toStdString();
    const db::ModuleDatabase* layer = m_session->database().databaseOf(k);
    if (!layer) {
        m_currentKey.clear();
        m_shownClass = key;
        showNoEntry(tr("No database entry for %1.").arg(QString::fromStdString(formula::modulePathFromKey(k))));
        selectInList({});
        return;
    }
    const QString fileKey = QString::fromStdString(layer->fileKey(k).value_or(k));
    if (fileKey != m_currentKey)
        showEntry(fileKey, true);
    selectInList(fileKey);
}

void ReviewPane::selectInList(const QString& key)
{
    const QModelIndex index = key.isEmpty() ? QModelIndex() : m_proxy->mapFromSource(m_model->indexForKey(key));
    m_programmatic = true;
    if (index.isValid()) {
        m_view->expand(index.parent());
        m_view->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        // A hidden view has no height to scroll in: showEvent() scrolls once it has.
        if (m_view->isVisible())
            m_view->scrollTo(index);
    } else {
        m_view->selectionModel()->clearSelection();
    }
    m_programmatic = false;
}

void ReviewPane::beforeRefresh()
{
    m_refreshing = true;
}

void ReviewPane::afterRefresh()
{
    m_refreshing = false;
    m_library.reset();
    m_rejectedLibrary.reset();
    if (!m_currentKey.isEmpty()) {
        if (const db::Json* entry = currentEntry()) {
            const auto layer = m_session->database().layerOf(m_currentKey.toStdString());
            if (*entry == m_shownEntry && layer && layer->layer == m_shownLayer) {
                // Another entry changed: this one's figures may rest on it; what it says did not change.
                updateEvaluation();
                updateChecks();
            } else {
                showEntry(m_currentKey, false);
            }
            selectInList(m_currentKey);
        } else {
            const QString gone = m_currentKey;
            m_currentKey.clear();
            m_shownClass = gone;
            showNoEntry(tr("The entry %1 is no longer in the database.")
                            .arg(QString::fromStdString(formula::modulePathFromKey(gone.toStdString()))));
            selectInList({});
        }
    } else if (!m_shownClass.isEmpty() && m_session->database().contains(m_shownClass.toStdString())) {
        // The class shown had no entry; now it has one (an agent's draft, a reload).
        selectEntry(m_shownClass);
    }
    updateActions();
}

// The entry

void ReviewPane::showNoEntry(const QString& message)
{
    m_shownEntry = db::Json();
    m_title->setText(message);
    m_header->clear();
    m_header->setVisible(false);
    m_flopThinking->setMarkdownText(QString());
    m_memoryThinking->setMarkdownText(QString());
    m_templates->clear();
    m_evaluation = {};
    m_checks.clear();
    m_breakdown->clear();
    m_breakdown->setRowCount(0);
    m_breakdown->setColumnCount(0);
    m_breakdownMessage->setText(message);
    m_checksTree->clear();
    m_checkSummary->clear();
    ++m_sourceGeneration;
    m_sourcePending = false;
    m_sourceFor.clear();
    m_sourceView->clear(message);
    m_history->clear();
    updateActions();
}

void ReviewPane::showEntry(const QString& key, bool reloadSource)
{
    const std::string k = key.toStdString();
    const db::Json* entry = m_session->database().entry(k);
    const db::ModuleDatabase* layer = m_session->database().databaseOf(k);
    if (!entry || !layer) {
        showNoEntry(tr("No database entry for %1.").arg(key));
        return;
    }
    const bool sameEntry = key == m_currentKey;
    m_currentKey = key;
    m_shownClass.clear();
    m_shownEntry = *entry;
    m_shownLayer = m_session->database().layerOf(k)->layer;

    const std::optional<db::Status> status = layer->status(k);
    QString modulePath = jsonString(*entry, "module_path");
    if (modulePath.isEmpty())
        modulePath = QString::fromStdString(formula::modulePathFromKey(k));
    const auto info = m_session->database().layerOf(k);
    const bool user = info && info->layer == db::Layer::User;
    m_title->setText(tr("%1 — %2").arg(className(modulePath), statusText(status)));

    QStringList lines;
    lines << modulePath;
    QString layerText = user
        ? (m_session->database().builtin().contains(k) ? tr("user entry (overrides the built-in one)")
                                                       : tr("user entry"))
        : tr("built-in entry");
    if (const db::Json* validation = jsonObject(*entry, "validation")) {
        const QString validator = jsonString(*validation, "validator");
        const QString date = jsonString(*validation, "date");
        if (!validator.isEmpty())
            layerText += tr(" · reviewed by %1 on %2").arg(validator, date.isEmpty() ? tr("an unknown date") : date);
        lines << layerText;
        const QString notes = jsonString(*validation, "notes");
        if (!notes.isEmpty())
            lines << tr("Notes: %1").arg(notes);
    } else {
        lines << layerText;
    }
    m_header->setText(lines.join(u'\n'));
    m_header->setVisible(true);

    QString flopThinking, memoryThinking;
    if (const db::Json* flop = jsonObject(*entry, "flop_analysis"))
        flopThinking = jsonString(*flop, "thinking_process");
    if (const db::Json* memory = jsonObject(*entry, "memory_analysis"))
        memoryThinking = jsonString(*memory, "thinking_process");
    if (!sameEntry || m_flopThinking->markdownText() != flopThinking)
        m_flopThinking->setMarkdownText(flopThinking);
    if (!sameEntry || m_memoryThinking->markdownText() != memoryThinking)
        m_memoryThinking->setMarkdownText(memoryThinking);
    const QString templates = templatesText(*entry);
    if (m_templates->toPlainText() != templates)
        m_templates->setPlainText(templates);

    m_history->setEntry(m_session, key);
    updateEvaluation();
    updateChecks();

    const source::CodeLocation location = source::codeLocationOf(*entry);
    const QString sourceFor = QStringList { modulePath, location.file, QString::number(location.lineStart),
        QString::number(location.lineEnd), location.commit }
                                  .join(u'\n');
    if (reloadSource || sourceFor != m_sourceFor)
        lookUpSource();
    updateActions();
}

void ReviewPane::updateEvaluation()
{
    const formula::Library* lib = library();
    m_evaluation = analysis::evaluateEntry(*lib, m_currentKey.toStdString(), m_index);
    fillBreakdownTable();
}

void ReviewPane::updateChecks()
{
    const db::Json* entry = currentEntry();
    if (!entry)
        return;
    m_checks = analysis::databaseChecks(m_session->checkEntry(m_currentKey.toStdString(), *entry));
    m_checks.insert(m_checks.end(), m_evaluation.checks.begin(), m_evaluation.checks.end());
    fillChecksTree();
}

void ReviewPane::fillBreakdownTable()
{
    const analysis::EntryEvaluation& e = m_evaluation;
    m_breakdown->clear();
    // The verdict first, the parameters last: the columns a reviewer reads first stay in view.
    QStringList headers { tr("Module"), tr("Instances"), tr("Sum = total"), tr("Total (formula_template)"), tr("Sum") };
    headers += e.itemNames;
    const int bindingsColumn = FirstItemColumn + static_cast<int>(e.itemNames.size());
    headers << tr("Parameters");
    m_breakdown->setColumnCount(static_cast<int>(headers.size()));
    m_breakdown->setHorizontalHeaderLabels(headers);
    m_breakdown->setRowCount(static_cast<int>(e.rows.size()));

    QString context;
    if (const SnapshotPtr& snapshot = m_snapshot)
        context = bindingsText(snapshot->settings.context());
    for (int r = 0; r < static_cast<int>(e.rows.size()); ++r) {
        const analysis::BreakdownRow& row = e.rows[static_cast<std::size_t>(r)];
        auto* name = new QTableWidgetItem(row.name);
        name->setToolTip(row.name);
        m_breakdown->setItem(r, NodeColumn, name);
        auto* instances = new QTableWidgetItem(QString::fromStdString(formula::toString(row.instances)));
        instances->setData(ExactValueRole, instances->text());
        instances->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_breakdown->setItem(r, InstancesColumn, instances);

        auto* verdict = new QTableWidgetItem;
        verdict->setTextAlignment(Qt::AlignCenter);
        if (row.sumMatches) {
            verdict->setText(*row.sumMatches ? QStringLiteral("✓") : QStringLiteral("✗"));
            verdict->setForeground(*row.sumMatches ? QColor(0x1e, 0x7a, 0x36) : QColor(0xb0, 0x20, 0x20));
            QFont bold = verdict->font();
            bold.setBold(true);
            verdict->setFont(bold);
            verdict->setData(ExactValueRole, *row.sumMatches);
            verdict->setToolTip(*row.sumMatches ? tr("The breakdown sums to the total")
                                                : tr("The breakdown does not sum to the total"));
        } else {
            verdict->setText(QStringLiteral("—"));
            verdict->setToolTip(e.itemNames.isEmpty() ? tr("The entry has no breakdown")
                                                      : tr("The breakdown or the total does not evaluate"));
        }
        m_breakdown->setItem(r, VerdictColumn, verdict);
        m_breakdown->setItem(r, TotalColumn, numberItem(row.total, row.totalError));
        m_breakdown->setItem(r, SumColumn, numberItem(row.sum));
        for (std::size_t i = 0; i < row.items.size(); ++i)
            m_breakdown->setItem(r, FirstItemColumn + static_cast<int>(i),
                numberItem(row.items[i], row.itemErrors.value(static_cast<int>(i))));

        auto* bindings = new QTableWidgetItem(bindingsText(row.bindings));
        QString tip = tr("Bound on the module: %1\nEverything else from the analysis: %2")
                          .arg(bindings->text().isEmpty() ? tr("nothing") : bindings->text(), context);
        if (!row.bindingWarnings.isEmpty())
            tip += u'\n' + row.bindingWarnings.join(u'\n');
        bindings->setToolTip(tip);
        m_breakdown->setItem(r, bindingsColumn, bindings);
    }
    m_breakdown->resizeColumnsToContents();
    m_breakdown->setColumnWidth(NodeColumn, std::min(m_breakdown->columnWidth(NodeColumn), 260));
    m_breakdown->setColumnWidth(bindingsColumn, std::min(m_breakdown->columnWidth(bindingsColumn), 420));

    QString message = e.message;
    if (message.isEmpty()) {
        const SnapshotPtr& snapshot = m_snapshot;
        message = tr("%1 on %2: %3 %4 of this class (FLOPs of one instance each; %5 phase, batch %6, %7 tokens)")
                      .arg(className(QString::fromStdString(formula::modulePathFromKey(m_currentKey.toStdString()))),
                          snapshot->model->name)
                      .arg(e.rows.size())
                      .arg(e.rows.size() == 1 ? tr("module") : tr("modules"))
                      .arg(QString::fromLatin1(analysis::phaseName(snapshot->settings.phase).data()))
                      .arg(QString::fromStdString(formula::toString(snapshot->settings.batch)))
                      .arg(QString::fromStdString(formula::toString(snapshot->settings.seq)));
        if (snapshot->settings.phase == analysis::Phase::Train)
            message += tr("; the training step counts three times these forward figures");
        if (e.itemNames.isEmpty())
            message += tr(". The entry has no breakdown.");
    }
    m_breakdownMessage->setText(message);
}

void ReviewPane::fillChecksTree()
{
    m_checksTree->clear();
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    auto addGroup = [this](const QString& title) {
        auto* item = new QTreeWidgetItem(m_checksTree);
        item->setText(0, title);
        item->setFirstColumnSpanned(true);
        QFont bold = item->font(0);
        bold.setBold(true);
        item->setFont(0, bold);
        return item;
    };
    // A check: its title and reason; a failed one also shows, on full-width lines below, where the problem is, the
    // whole reason and, for a template, its line with a caret under the error.
    auto addCheck = [&mono](QTreeWidgetItem* parent, const analysis::EntryCheck& check) {
        auto* item = new QTreeWidgetItem(parent);
        item->setIcon(0, markIcon(check.passed ? Mark::Pass : Mark::Fail));
        item->setText(0, check.title);
        item->setText(1, check.reason);
        QString tip = check.where.isEmpty() ? check.reason : check.where + QStringLiteral(": ") + check.reason;
        if (!check.detail.isEmpty())
            tip += u'\n' + check.detail;
        item->setToolTip(0, tr("%1 (%2)").arg(check.title, check.id));
        item->setToolTip(1, tip);
        if (check.passed)
            return;
        const QColor red(0xb0, 0x20, 0x20);
        item->setForeground(1, red);
        const bool located = check.scope == analysis::EntryCheck::Scope::Database && !check.where.isEmpty();
        if (!located && check.detail.isEmpty() && check.reason.size() <= 60)
            return;
        auto* reason = new QTreeWidgetItem(item);
        reason->setText(0, located ? QStringLiteral("%1: %2").arg(check.where, check.reason) : check.reason);
        reason->setForeground(0, red);
        reason->setToolTip(0, tip);
        reason->setFirstColumnSpanned(true);
        if (!check.detail.isEmpty()) {
            auto* detail = new QTreeWidgetItem(item);
            detail->setText(0, check.detail);
            detail->setFont(0, mono);
            detail->setFirstColumnSpanned(true);
        }
    };

    int failed = 0;
    QTreeWidgetItem* database = addGroup(tr("Database entry"));
    bool databaseOk = true;
    for (const analysis::EntryCheck& c : m_checks) {
        if (c.scope != analysis::EntryCheck::Scope::Database)
            continue;
        addCheck(database, c);
        databaseOk = databaseOk && c.passed;
        failed += c.passed ? 0 : 1;
    }
    database->setIcon(0, markIcon(databaseOk ? Mark::Pass : Mark::Fail));

    const SnapshotPtr& snapshot = m_snapshot;
    if (!m_evaluation.message.isEmpty() || m_evaluation.rows.empty()) {
        QTreeWidgetItem* model = addGroup(tr("On the model"));
        model->setIcon(0, markIcon(Mark::Neutral));
        auto* note = new QTreeWidgetItem(model);
        note->setText(0, m_evaluation.message);
        note->setFirstColumnSpanned(true);
    } else {
        QTreeWidgetItem* group = nullptr;
        QString where;
        bool ok = true;
        for (const analysis::EntryCheck& c : m_checks) {
            if (c.scope != analysis::EntryCheck::Scope::Model)
                continue;
            if (!group || c.where != where) {
                if (group)
                    group->setIcon(0, markIcon(ok ? Mark::Pass : Mark::Fail));
                group = addGroup(tr("%1 on %2").arg(c.where, snapshot->model->name));
                where = c.where;
                ok = true;
            }
            addCheck(group, c);
            ok = ok && c.passed;
            failed += c.passed ? 0 : 1;
        }
        if (group)
            group->setIcon(0, markIcon(ok ? Mark::Pass : Mark::Fail));
    }
    m_checksTree->expandAll();
    // The titles' column fits the titles (not the full-width lines under failed checks).
    int titleWidth = 0;
    for (const analysis::EntryCheck& c : m_checks)
        titleWidth = std::max(titleWidth, m_checksTree->fontMetrics().horizontalAdvance(c.title));
    m_checksTree->setColumnWidth(
        0, std::min(titleWidth + 2 * m_checksTree->indentation() + m_checksTree->iconSize().width() + 24, 340));

    const int total = static_cast<int>(m_checks.size());
    m_checkSummary->setText(failed == 0 ? tr("All %1 checks pass.").arg(total)
                                        : tr("%1 of %2 checks fail: see Checks.").arg(failed).arg(total));
    QPalette palette = m_checkSummary->palette();
    palette.setColor(QPalette::WindowText, failed == 0 ? QColor(0x1e, 0x7a, 0x36) : QColor(0xb0, 0x20, 0x20));
    m_checkSummary->setPalette(palette);
}

void ReviewPane::lookUpSource()
{
    const db::Json* entry = currentEntry();
    if (!entry)
        return;
    QString modulePath = jsonString(*entry, "module_path");
    if (modulePath.isEmpty())
        modulePath = QString::fromStdString(formula::modulePathFromKey(m_currentKey.toStdString()));
    const source::CodeLocation location = source::codeLocationOf(*entry);
    m_sourceFor = QStringList { modulePath, location.file, QString::number(location.lineStart),
        QString::number(location.lineEnd), location.commit }
                      .join(u'\n');
    ++m_sourceGeneration;
    m_sourcePending = true;
    m_sourceView->clear(tr("Looking for the source of %1…").arg(className(modulePath)));
    // Reading files (and asking an interpreter) may be slow: off the GUI thread, values only.
    m_sourceWatcher->setFuture(QtConcurrent::run([modulePath, location, roots = m_sourceRoots, python = m_python] {
        QList<source::SourceRoot> all = roots;
        if (!python.isEmpty()) {
            if (auto root = source::interpreterRoot(python, modulePath, kInterpreterTimeoutMs))
                all << *root;
        }
        return source::locateClass(modulePath, location, all);
    }));
}

// Reviews

void ReviewPane::updateActions()
{
    const bool entry = !m_currentKey.isEmpty() && currentEntry();
    for (QAction* a : { m_approveAction, m_rejectAction, m_requestChangesAction })
        a->setEnabled(entry);
}

void ReviewPane::setMessage(const QString& text, bool error)
{
    m_message->setText(text);
    QPalette palette = m_message->palette();
    palette.setColor(QPalette::WindowText, error ? QColor(0xb0, 0x20, 0x20) : palette.color(QPalette::Text));
    m_message->setPalette(palette);
}

QString ReviewPane::messageText() const
{
    return m_message->text();
}

bool ReviewPane::approve()
{
    return review(db::Status::Validated);
}

bool ReviewPane::reject()
{
    return review(db::Status::Rejected);
}

bool ReviewPane::requestChanges()
{
    return review(db::Status::NeedsChanges);
}

bool ReviewPane::review(db::Status status)
{
    if (m_currentKey.isEmpty() || !currentEntry()) {
        setMessage(tr("Select an entry to review first."), true);
        return false;
    }
    const QString reviewer = m_reviewer->text().trimmed();
    if (reviewer.isEmpty()) {
        setMessage(tr("Enter your name as the reviewer first: every review records who made it."), true);
        m_reviewer->setFocus(Qt::OtherFocusReason);
        return false;
    }
    QSettings().setValue(QString::fromLatin1(kReviewerSetting), reviewer);
    const QString key = m_currentKey;
    QPointer<ReviewPane> self(this);
    auto applied = [self](const QString& k) {
        if (self)
            Q_EMIT self->reviewChanged(k);
    };
    if (auto error = pushReview(
            *m_undoStack, *m_session, key, status, reviewer, m_notes->toPlainText().trimmed(), m_clock(), applied)) {
        setMessage(tr("Not reviewed: %1").arg(QString::fromStdString(error->describe())), true);
        return false;
    }
    m_notes->clear();
    setMessage(tr("%1: %2 by %3. Undo takes it back.")
                   .arg(className(QString::fromStdString(formula::modulePathFromKey(key.toStdString()))),
                       statusText(status), reviewer),
        false);
    Q_EMIT reviewChanged(key);
    return true;
}

bool ReviewPane::nextPending()
{
    return stepPending(1);
}

bool ReviewPane::previousPending()
{
    return stepPending(-1);
}

bool ReviewPane::stepPending(int direction)
{
    if (m_proxy->groupFilter() && *m_proxy->groupFilter() != ReviewModel::PendingGroup)
        m_statusCombo->setCurrentIndex(0); // every status: the pending ones show again
    const QModelIndex current = m_model->indexForKey(m_currentKey);
    const int order = current.isValid() ? current.data(ReviewModel::OrderRole).toInt() : (direction > 0 ? -1 : INT_MAX);
    const QModelIndex group = m_proxy->mapFromSource(m_model->groupIndex(ReviewModel::PendingGroup));
    QModelIndex target;
    for (int r = 0; r < m_proxy->rowCount(group); ++r) {
        const QModelIndex i = m_proxy->index(r, 0, group);
        const int o = i.data(ReviewModel::OrderRole).toInt();
        if (direction > 0 && o > order) {
            target = i;
            break;
        }
        if (direction < 0 && o < order)
            target = i;
    }
    if (!target.isValid()) {
        setMessage(
            direction > 0 ? tr("No pending entry after this one.") : tr("No pending entry before this one."), false);
        return false;
    }
    m_view->expand(group);
    m_view->selectionModel()->setCurrentIndex(target, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(target);
    setMessage({}, false);
    return true;
}

// The file on disk

void ReviewPane::showReloadBar()
{
    m_reloadLabel->setText(tr("The database file was changed by another program."));
    m_reloadBar->setToolTip(m_session->userPath());
    m_reloadBar->setVisible(true);
}

QString ReviewPane::reloadBarText() const
{
    return m_reloadLabel->text();
}

bool ReviewPane::reloadFromDisk()
{
    if (auto error = m_session->reload()) {
        m_reloadLabel->setText(
            tr("The file could not be read again; nothing changed: %1").arg(QString::fromStdString(error->describe())));
        m_reloadBar->setVisible(true);
        return false;
    }
    m_reloadBar->setVisible(false);
    m_overwriteOnSave = false;
    // The stack's states are those of the file as it was.
    m_undoStack->clear();
    setMessage(tr("Reloaded %1.").arg(m_session->userPath()), false);
    Q_EMIT reviewChanged(QString());
    return true;
}

void ReviewPane::keepMine()
{
    m_reloadBar->setVisible(false);
    m_overwriteOnSave = true;
}

void ReviewPane::sessionSaved()
{
    m_undoStack->clear();
    m_overwriteOnSave = false;
    m_reloadBar->setVisible(false);
}

void ReviewPane::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_view->currentIndex().isValid())
        m_view->scrollTo(m_view->currentIndex());
}

// Keys

bool ReviewPane::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto* key = static_cast<QKeyEvent*>(event);
    const Qt::KeyboardModifiers modifiers = key->modifiers() & ~Qt::KeypadModifier;
    if (watched == m_view && modifiers == Qt::NoModifier) {
        switch (key->key()) {
        case Qt::Key_A:
            approve();
            return true;
        case Qt::Key_R:
            reject();
            return true;
        case Qt::Key_C:
            requestChanges();
            return true;
        case Qt::Key_J:
            nextPending();
            return true;
        case Qt::Key_K:
            previousPending();
            return true;
        case Qt::Key_N:
            m_notes->setFocus(Qt::ShortcutFocusReason);
            return true;
        case Qt::Key_Slash:
            m_filter->setFocus(Qt::ShortcutFocusReason);
            m_filter->selectAll();
            return true;
        default:
            break;
        }
    }
    if ((watched == m_notes || watched == m_reviewer || watched == m_filter) && key->key() == Qt::Key_Escape
        && modifiers == Qt::NoModifier) {
        m_view->setFocus(Qt::ShortcutFocusReason);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace lmp::widgets
