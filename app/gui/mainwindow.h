// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysis/workspace.h"
#include "analysissnapshot.h"

#include <QMainWindow>
#include <QStringList>

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

namespace lmp::widgets {
class AnalysisRunner;
class BreakdownChart;
class ModuleTreeModel;
class ModuleTreeProxy;
class RooflinePlot;
class SettingsPanel;
class SweepChart;
} // namespace lmp::widgets

namespace lmp::app {

// The desktop application's window: the module tree of the analysis in the middle, the settings on the left,
// the roofline, the breakdowns and the sweep in docks. Every change re-analyzes off the GUI thread.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    static constexpr const char* kDefaultModel = "TinyLlama/TinyLlama-1.1B-Chat-v1.0";
    static constexpr const char* kDefaultHardware = "nvidia-h100-sxm";

    explicit MainWindow(std::shared_ptr<const analysis::Workspace> workspace, QWidget* parent = nullptr);
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

    // For tests and headless use.
    widgets::AnalysisRunner* runner() const { return m_runner; }
    widgets::ModuleTreeModel* treeModel() const { return m_model; }
    widgets::ModuleTreeProxy* treeProxy() const { return m_proxy; }
    QTreeView* treeView() const { return m_view; }
    widgets::SettingsPanel* settingsPanel() const { return m_panel; }
    widgets::RooflinePlot* rooflinePlot() const { return m_roofline; }
    widgets::BreakdownChart* breakdownChart() const { return m_breakdown; }
    widgets::SweepChart* sweepChart() const { return m_sweep; }
    QString errorText() const; // the error shown above the tree ("" when none)
    const widgets::SnapshotPtr& snapshot() const { return m_snapshot; }
    QStringList recentModels() const { return m_recent; }

Q_SIGNALS:
    // A new analysis is on screen.
    void analysisShown();

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createDocks();
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
    void saveSession();
    std::optional<hardware::Profile> currentHardware() const;

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
    QDockWidget* m_settingsDock = nullptr;
    QDockWidget* m_rooflineDock = nullptr;
    QDockWidget* m_breakdownDock = nullptr;
    QDockWidget* m_sweepDock = nullptr;
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
    QAction* m_selfAction = nullptr;
    QStringList m_recent;
    QString m_pendingSource;
    widgets::SnapshotPtr m_snapshot;
    bool m_persistent = true;
    bool m_syncingSelection = false;
    bool m_columnsSized = false;
    bool m_docksSized = false;
    bool m_stateRestored = false;
};

} // namespace lmp::app
