// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysis/entryevaluation.h"
#include "analysissnapshot.h"
#include "db/databasesession.h"
#include "reviewmodel.h"
#include "source/sourcelocator.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QList>
#include <QString>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class QAction;
class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTableWidget;
class QTreeView;
class QTreeWidget;
class QUndoStack;

namespace lmp::widgets {

class HistoryView;
class MarkdownView;
class SourceView;

// The review pane (a dock of the main window): the database's entries by status, and for the one selected its
// thinking processes, templates, breakdown on the open model, the module's source code, the checks and its
// history; approve, reject or request changes with the reviewer's name and notes, each undoable on the window's undo
// stack until the database is saved.
//
// Keyboard (the shortcuts work while the focus is inside the pane; the window may widen an action's context):
//   Ctrl+Shift+A approve, Ctrl+Shift+R reject, Ctrl+Shift+C request changes,
//   Ctrl+Down / Ctrl+Up the next / previous pending entry, Ctrl+Shift+N the notes field;
//   in the entry list also the plain keys A, R, C, J (next pending), K (previous pending), N (notes) and / (filter).
//   Escape in the notes, reviewer or filter field goes back to the list.
//
// The window owns the session and the undo stack, and both outlive the pane. Every change the pane makes goes
// through the stack as a SessionChangeCommand. After saving the session the window calls sessionSaved() (the
// stack is cleared: what is saved is no longer undone); when the user chose "Keep mine" over a file another
// program changed, overwriteOnSave() is true and the window saves with DatabaseSession::save(true).
class ReviewPane : public QWidget
{
    Q_OBJECT
public:
    // QSettings key of the reviewer's name.
    static constexpr const char* kReviewerSetting = "review/reviewer";
    // How long the configured Python interpreter may take to say where a package lies.
    static constexpr int kInterpreterTimeoutMs = 10000;

    ReviewPane(db::DatabaseSession* session, QUndoStack* undoStack, QWidget* parent = nullptr);
    ~ReviewPane() override;

    // The analysis on screen (null: none): the breakdown and the model's checks are evaluated on it.
    void setAnalysis(SnapshotPtr snapshot);
    // Where to look for module source code (the user's folders, in order) and the Python interpreter to ask for
    // an installed package's folder ("" for none; its answer for the entry's package is tried after the folders).
    // The lookup runs off the GUI thread; sourceShown() says when the view shows its outcome.
    void setSourceRoots(QList<source::SourceRoot> roots, QString pythonExecutable);

    // Shows an entry (key in either form: torch__nn__Linear or torch.nn.Linear); a class without an entry shows
    // that it has none. The window calls it when the tree's selection changes class; it does not emit
    // entrySelected().
    void selectEntry(const QString& key);
    // The entry shown, its key as in its file ("" when none).
    QString currentKey() const { return m_currentKey; }

    // Reviews the entry shown with the reviewer's name and notes; false (with the reason in messageText()) when
    // no entry is shown, the reviewer's name is empty or the session refuses.
    bool approve();
    bool reject();
    bool requestChanges();
    // Selects the next / previous pending entry in the database's order (that the filter shows); false when there
    // is none.
    bool nextPending();
    bool previousPending();
    // The file changed on disk: reads it again (unsaved changes are dropped, the undo stack is cleared). On an
    // error the bar shows it and nothing changes.
    bool reloadFromDisk();
    // The file changed on disk: keep the session as it is (the next save overwrites the file).
    void keepMine();
    bool overwriteOnSave() const { return m_overwriteOnSave; }
    // The window saved the session: clears the undo stack and the "keep mine" choice.
    void sessionSaved();

    // For tests: the clock reviews are dated by (default: the current UTC time).
    void setClock(std::function<QDateTime()> clock);

    // Parts, for the window's menus and for tests. QWidget::actions() holds the six actions below.
    QAction* approveAction() const { return m_approveAction; }
    QAction* rejectAction() const { return m_rejectAction; }
    QAction* requestChangesAction() const { return m_requestChangesAction; }
    QAction* nextPendingAction() const { return m_nextPendingAction; }
    QAction* previousPendingAction() const { return m_previousPendingAction; }
    QAction* focusNotesAction() const { return m_focusNotesAction; }
    ReviewModel* model() const { return m_model; }
    ReviewProxy* proxy() const { return m_proxy; }
    QTreeView* entryView() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filter; }
    QComboBox* statusCombo() const { return m_statusCombo; }
    QLabel* entryTitle() const { return m_title; }
    QLabel* entryHeader() const { return m_header; }
    MarkdownView* flopThinkingView() const { return m_flopThinking; }
    MarkdownView* memoryThinkingView() const { return m_memoryThinking; }
    QPlainTextEdit* templatesView() const { return m_templates; }
    QTableWidget* breakdownTable() const { return m_breakdown; }
    QLabel* breakdownMessage() const { return m_breakdownMessage; }
    const analysis::EntryEvaluation& evaluation() const { return m_evaluation; }
    QTreeWidget* checksTree() const { return m_checksTree; }
    const std::vector<analysis::EntryCheck>& checks() const { return m_checks; }
    SourceView* sourceView() const { return m_sourceView; }
    HistoryView* historyView() const { return m_history; }
    QLineEdit* reviewerEdit() const { return m_reviewer; }
    QPlainTextEdit* notesEdit() const { return m_notes; }
    QString messageText() const;
    QFrame* reloadBar() const { return m_reloadBar; }
    QPushButton* reloadButton() const { return m_reloadButton; }
    QPushButton* keepMineButton() const { return m_keepMineButton; }
    QString reloadBarText() const;
    QTabWidget* contentTabs() const { return m_contentTabs; }
    QTabWidget* evaluationTabs() const { return m_evaluationTabs; }
    // Whether a source lookup is running.
    bool sourcePending() const { return m_sourcePending; }

    // The breakdown table's columns: the module (its first instance), its instances, ✓/✗ (the items sum to the
    // total), the total (formula_template), the items' sum, one column per breakdown item, then the parameters the
    // analysis binds on the module.
    enum BreakdownColumn { NodeColumn, InstancesColumn, VerdictColumn, TotalColumn, SumColumn, FirstItemColumn };
    // The data role of a breakdown cell holding its exact value as decimal digits ("11542724608").
    static constexpr int ExactValueRole = Qt::UserRole + 1;

Q_SIGNALS:
    // The user selected an entry in the list.
    void entrySelected(const QString& key);
    // An entry's status changed through the pane (a review, its undo or redo); an empty key after a reload (any
    // entry may have changed). The window analyzes again.
    void reviewChanged(const QString& key);
    // The source view shows the lookup for the entry shown (or why there is none).
    void sourceShown();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    // Wide: the entry list beside the details, the thinking process beside the source. Narrower (a dock): the list
    // above the details; narrow: the thinking process above the source.
    void adaptLayout();
    void buildActions();
    QWidget* buildListPanel();
    QWidget* buildReviewBox();
    QWidget* buildDetails();
    QFrame* buildReloadBar();

    void currentChanged(const QModelIndex& current);
    void beforeRefresh();
    void afterRefresh();
    void sessionChanged();
    void showEntry(const QString& key, bool reloadSource);
    void showNoEntry(const QString& message);
    void updateEvaluation();
    void updateChecks();
    void fillBreakdownTable();
    void fillChecksTree();
    void lookUpSource();
    void updateActions();
    void selectInList(const QString& key);
    bool review(db::Status status);
    bool stepPending(int direction);
    void setMessage(const QString& text, bool error);
    void showReloadBar();
    const db::Json* currentEntry() const;
    const formula::Library* library();

    db::DatabaseSession* m_session;
    QUndoStack* m_undoStack;
    std::function<QDateTime()> m_clock;

    ReviewModel* m_model;
    ReviewProxy* m_proxy;
    QTreeView* m_view = nullptr;
    QLineEdit* m_filter = nullptr;
    QComboBox* m_statusCombo = nullptr;
    QSplitter* m_mainSplitter = nullptr; // the entry list and the details
    QSplitter* m_topSplitter = nullptr; // the thinking process and the source code
    QWidget* m_sourcePart = nullptr; // the source code: in m_topSplitter, or a tab of m_contentTabs when narrow
    int m_layoutWidthClass = -1; // which layout adaptLayout() chose last
    QLabel* m_title = nullptr;
    QLabel* m_header = nullptr;
    QTabWidget* m_contentTabs = nullptr;
    QTabWidget* m_evaluationTabs = nullptr;
    MarkdownView* m_flopThinking = nullptr;
    MarkdownView* m_memoryThinking = nullptr;
    QPlainTextEdit* m_templates = nullptr;
    QTableWidget* m_breakdown = nullptr;
    QLabel* m_breakdownMessage = nullptr;
    QTreeWidget* m_checksTree = nullptr;
    SourceView* m_sourceView = nullptr;
    HistoryView* m_history = nullptr;
    QLineEdit* m_reviewer = nullptr;
    QPlainTextEdit* m_notes = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_checkSummary = nullptr;
    QFrame* m_reloadBar = nullptr;
    QLabel* m_reloadLabel = nullptr;
    QPushButton* m_reloadButton = nullptr;
    QPushButton* m_keepMineButton = nullptr;

    QAction* m_approveAction = nullptr;
    QAction* m_rejectAction = nullptr;
    QAction* m_requestChangesAction = nullptr;
    QAction* m_nextPendingAction = nullptr;
    QAction* m_previousPendingAction = nullptr;
    QAction* m_focusNotesAction = nullptr;

    QString m_currentKey; // as in its file; "" when none
    QString m_shownClass; // the key selectEntry() asked for when it has no entry
    db::Json m_shownEntry; // the entry as shown (null: none)
    db::Layer m_shownLayer = db::Layer::Builtin;
    bool m_refreshing = false;
    bool m_programmatic = false;
    bool m_overwriteOnSave = false;

    SnapshotPtr m_snapshot; // the analysis the entry is evaluated on
    analysis::ClassIndex m_index; // of m_snapshot
    std::shared_ptr<const formula::Library> m_library; // of the session as it is; null: to be built
    std::shared_ptr<const formula::Library> m_rejectedLibrary; // with the rejected entry shown
    QString m_rejectedLibraryKey;
    analysis::EntryEvaluation m_evaluation;
    std::vector<analysis::EntryCheck> m_checks;

    QList<source::SourceRoot> m_sourceRoots;
    QString m_python;
    QString m_sourceFor; // what the source view shows: module path + code location
    QFutureWatcher<source::SourceLookup>* m_sourceWatcher = nullptr;
    quint64 m_sourceGeneration = 0;
    bool m_sourcePending = false;
};

} // namespace lmp::widgets
