// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysis/workspace.h"
#include "analysissnapshot.h"
#include "db/layereddatabase.h"
#include "source/sourcelocator.h"

#include <QMainWindow>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <memory>

class QAction;
class QCheckBox;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QToolButton;
class QTreeView;
class QUndoStack;

namespace lmp::db {
class DatabaseSession;
}

namespace lmp::widgets {
class AnalysisRunner;
class ArchitectureReview;
class BreakdownChart;
class CompareView;
class GenerationView;
class FormulaEditor;
class ModuleTreeModel;
class ModuleTreeProxy;
class ReviewPane;
class RooflinePlot;
class SettingsPanel;
class SweepChart;
} // namespace lmp::widgets

namespace lmp::app {

class AgentController;

// The desktop application's window: the module tree of the analysis in the middle, the settings on the left,
// the roofline, the breakdowns and the sweep in docks. Every change re-analyzes off the GUI thread.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    static constexpr const char* kDefaultModel = "TinyLlama/TinyLlama-1.1B-Chat-v1.0";
    static constexpr const char* kDefaultHardware = "nvidia-h100-sxm";

    explicit MainWindow(std::shared_ptr<const analysis::Workspace> workspace, QWidget* parent = nullptr);
    // database: the one the workspace was loaded from (Workspace::load's), taken over by the review session instead
    // of reading the files again. A workspace from Workspace::loadLazily() (no library yet): the first analyses use
    // the entries their model needs, and the whole database is read off the GUI thread once the first analysis is
    // on screen; until it lands the database's editors, the comparison and the database actions wait.
    MainWindow(std::shared_ptr<const analysis::Workspace> workspace, std::optional<db::LayeredDatabase> database,
        QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a model (a config.json, a folder, a model id or a module dump) off the GUI thread. On failure the
    // current analysis stays and the error shows above the tree.
    void openModel(const QString& source);
    void setAnalysisSettings(const analysis::Settings& settings, const std::string& hardwareId);
    // Restores the last session's window, settings and model (QSettings); false if there was none.
    bool restoreSession();
    void setPersistent(bool persistent) { m_persistent = persistent; }
    // Selects the row of a module instance by full name, expanding its ancestors; false if there is none.
    bool selectModule(const QString& fullName);
    // Only validated database entries (pending and needs-changes ones are left out, not just marked).
    void setValidatedOnly(bool validatedOnly);
    bool validatedOnly() const;
    // Writes the user database (atomically); false with the error shown when it could not.
    bool saveDatabase();
    // The folders to look in for module source code, and a Python interpreter to ask ("" for none); kept in
    // QSettings under source/roots and source/python.
    void setSourceFolders(const QStringList& folders, const QString& python);

    // For tests and headless use.
    widgets::AnalysisRunner* runner() const { return m_runner; }
    widgets::ModuleTreeModel* treeModel() const { return m_model; }
    widgets::ModuleTreeProxy* treeProxy() const { return m_proxy; }
    QTreeView* treeView() const { return m_view; }
    widgets::SettingsPanel* settingsPanel() const { return m_panel; }
    widgets::RooflinePlot* rooflinePlot() const { return m_roofline; }
    widgets::BreakdownChart* breakdownChart() const { return m_breakdown; }
    widgets::SweepChart* sweepChart() const { return m_sweep; }
    widgets::FormulaEditor* formulaEditor() const { return m_editor; }
    // The review pane, built on first use (its dock shown, the Review menu opened, or this call).
    widgets::ReviewPane* reviewPane();
    QDockWidget* editorDock() const { return m_editorDock; }
    QDockWidget* reviewDock() const { return m_reviewDock; }
    QDockWidget* sweepDock() const { return m_sweepDock; }
    widgets::ArchitectureReview* architectureReview() const { return m_definitions; }
    QDockWidget* definitionsDock() const { return m_definitionsDock; }
    // The compare view, built on first use (the dock shown, or this call).
    widgets::CompareView* compareView();
    QDockWidget* compareDock() const { return m_compareDock; }
    QDockWidget* generationDock() const { return m_generationDock; }
    widgets::GenerationView* generationView() const { return m_generation; }
    void showGeneration();
    // Shows the Compare dock, raised and given room.
    void showCompare();
    db::DatabaseSession* session() const { return m_session; }
    AgentController* agent() const { return m_agent; }
    // Drafts the entries of the open model's classes that have none (a few at a time), or of one class.
    void draftMissingEntries();
    void draftEntry(const QString& classPath);
    // Drafts the definition of the model that could not be opened for lack of one (false: there is none).
    bool draftRefusedModel();
    QUndoStack* undoStack() const { return m_undo; }
    // View > Language: the system's, then every translation; the choice applies at the next start.
    QMenu* languageMenu() const { return m_languageMenu; }
    QString errorText() const; // the error shown above the tree ("" when none)
    QString summaryText() const; // the summary above the tree, as plain text
    // Whether the whole database is loaded (always, but for a window started on Workspace::loadLazily()).
    bool isDatabaseLoaded() const { return !m_databasePending; }
    const widgets::SnapshotPtr& snapshot() const { return m_snapshot; }
    QStringList recentModels() const { return m_recent; }
    // Writes the current analysis' report to a file in the format its suffix names (html, md, csv, json, pdf, txt),
    // charts embedded in HTML and PDF. "" on success, else the message.
    QString exportReport(const QString& file) const;

Q_SIGNALS:
    // A new analysis is on screen.
    void analysisShown();
    // The whole database landed (a window started on Workspace::loadLazily()).
    void databaseLoaded();

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createDocks();
    // The Compare dock (the window's analysis against a side B of the user's choosing) and its View action.
    void createLanguageMenu(QMenu* view);
    void createCompareDock(QMenu* view);
    void createGenerationDock(QMenu* view);
    void layoutDocks();
    QWidget* createCentre();
    void settingsChanged();
    void requestAnalysis();
    void showSnapshot(const widgets::SnapshotPtr& snapshot, bool newModel);
    void showError(const QString& message);
    void expandOverview();
    void expandMatches();
    void updateSummary();
    void updateRecentMenu();
    void addRecent(const QString& source);
    void currentRowChanged();
    void selectNode(model::NodeId node);
    void openFileDialog();
    void openFolderDialog();
    void browseModels();
    void exportChart();
    void exportReportDialog();
    void saveSession();
    std::optional<hardware::Profile> currentHardware() const;
    void openDatabase(std::optional<db::LayeredDatabase> database);
    // A window started without the whole database: reads it off the GUI thread (once), then takes it over.
    void startDatabaseLoad();
    void takeDatabase(analysis::LoadedDatabase loaded);
    // The widgets and actions that read or change the database, off while it is not loaded.
    void setDatabaseReady(bool ready);
    void databaseChanged();
    void syncEntryViews();
    void applyEdit(const QString& key, const nlohmann::ordered_json& entry);
    void showClassInTree(const QString& key);
    void editSourceFolders();
    QString reviewerName() const;
    bool confirmUnsavedDatabase();
    void treeContextMenu(const QPoint& position);
    void architectureLanded(const QString& file, const QString& source);
    // Reads the architecture definitions again (built-in and the user's folder) after one landed or was reviewed.
    bool reloadArchitectures(const QString& why);
    QList<source::SourceRoot> sourceRoots() const;
    QString pythonExecutable() const;

    std::shared_ptr<const analysis::Workspace> m_workspace;
    widgets::AnalysisRunner* m_runner;
    widgets::ModuleTreeModel* m_model;
    widgets::ModuleTreeProxy* m_proxy;
    QTreeView* m_view = nullptr;
    widgets::SettingsPanel* m_panel = nullptr;
    QComboBox* m_modelBox = nullptr;
    widgets::RooflinePlot* m_roofline = nullptr;
    widgets::BreakdownChart* m_breakdown = nullptr;
    widgets::SweepChart* m_sweep = nullptr;
    db::DatabaseSession* m_session = nullptr;
    QUndoStack* m_undo = nullptr;
    widgets::FormulaEditor* m_editor = nullptr;
    widgets::ReviewPane* m_review = nullptr;
    QDockWidget* m_editorDock = nullptr;
    QDockWidget* m_reviewDock = nullptr;
    widgets::ArchitectureReview* m_definitions = nullptr; // the user's architecture definitions, for review
    QDockWidget* m_definitionsDock = nullptr;
    QAction* m_validatedOnlyAction = nullptr;
    QAction* m_saveDatabaseAction = nullptr;
    AgentController* m_agent = nullptr;
    QWidget* m_agentBar = nullptr; // status bar: the agent's progress and Cancel
    QLabel* m_agentLabel = nullptr;
    QToolButton* m_draftModelButton = nullptr; // in the error bar: draft the definition of a refused model
    QString m_refusedSource; // a model that could not be opened for lack of an architecture definition
    QString m_databaseError; // why the user database could not be opened ("" when it was)
    QString m_shownEntryKey; // the entry the editor and the review pane show
    QDockWidget* m_settingsDock = nullptr;
    QDockWidget* m_rooflineDock = nullptr;
    QDockWidget* m_breakdownDock = nullptr;
    QDockWidget* m_sweepDock = nullptr;
    widgets::CompareView* m_compare = nullptr;
    QDockWidget* m_compareDock = nullptr;
    QDockWidget* m_generationDock = nullptr;
    widgets::GenerationView* m_generation = nullptr;
    QLineEdit* m_filter = nullptr;
    QCheckBox* m_warningsOnly = nullptr;
    QToolButton* m_selfButton = nullptr;
    QToolButton* m_columnsButton = nullptr;
    QLabel* m_summary = nullptr;
    QWidget* m_errorBar = nullptr;
    QLabel* m_errorLabel = nullptr;
    QProgressBar* m_busy = nullptr;
    QLabel* m_status = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_languageMenu = nullptr;
    QMenu* m_reviewMenu = nullptr;
    QAction* m_undoAction = nullptr;
    QAction* m_redoAction = nullptr;
    QAction* m_selfAction = nullptr;
    QStringList m_recent;
    QString m_pendingSource;
    QString m_openSource; // where the open model came from (a config, a folder or a model id)
    widgets::SnapshotPtr m_snapshot;
    bool m_persistent = true;
    bool m_databasePending = false; // started on Workspace::loadLazily(): the whole database is not loaded yet
    bool m_databaseLoading = false; // its load runs
    bool m_keepLibrary = false; // the session's next change comes with its library (takeDatabase)
    bool m_readyOnWholeAnalysis = false; // the database landed: ready once an analysis with its library is shown
    QList<QAction*> m_databaseActions; // off while the database is pending
    bool m_syncingSelection = false;
    bool m_columnsSized = false;
    bool m_docksSized = false;
    bool m_stateRestored = false;
    bool m_rightSized = false;
};

} // namespace lmp::app
