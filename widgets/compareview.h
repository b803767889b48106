// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysis/workspace.h"
#include "analysissnapshot.h"
#include "report/comparison.h"

#include <QString>
#include <QStringList>
#include <QWidget>

#include <memory>
#include <optional>
#include <string>
#include <vector>

class QComboBox;
class QCPBarsGroup;
class QCustomPlot;
class QCPTextElement;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableWidget;
class QTreeView;

namespace lmp::widgets {

class AnalysisRunner;
class CompareModel;
class SettingsPanel;

// The profiler's "diff against a baseline": side A (the window's analysis) against side B (a model and settings
// chosen in the view's own form, analysed off the GUI thread), as a header naming both sides, a table of the
// totals with difference and ratio, a tree of every module in one metric, and grouped bars of where the work goes
// per module class. The comparison exports as HTML, Markdown, CSV, JSON, text or PDF.
class CompareView : public QWidget
{
    Q_OBJECT
public:
    explicit CompareView(std::shared_ptr<const analysis::Workspace> workspace, QWidget* parent = nullptr);
    ~CompareView() override;

    // The architectures and hardware later B requests use.
    void setWorkspace(std::shared_ptr<const analysis::Workspace> workspace);

    // Side A: the window's current analysis and where its model came from (a config, a folder or a model id). The
    // first one also fills side B's form, so that B starts as a copy of A. B's analysis uses A's formula library.
    void setCurrentAnalysis(SnapshotPtr snapshot, const QString& source);
    // The models the B chooser offers after the current one (the built-in catalogue follows).
    void setRecentModels(const QStringList& recent);

    // Side B: fills the form and analyses it off the GUI thread (the result shows when it comes; a newer request
    // makes older results stale).
    void setSideB(const QString& source, const analysis::Settings& settings, const std::string& hardwareId);
    // Analyses what side B's form says.
    void requestSideB();
    // Sets the form of side B to side A's model and settings (B then equals A).
    void resetSideB();
    // Swaps the sides: B shows what A showed, and sideARequested() asks the window to analyse B's model and settings.
    void swapSides();

    // Compares two analyses at once (the rows collapsed like the tree).
    void setComparison(SnapshotPtr a, SnapshotPtr b);

    const SnapshotPtr& sideA() const { return m_a; }
    const SnapshotPtr& sideB() const { return m_b; }
    QString sideASource() const { return m_aSource; }
    QString sideBSource() const;
    // Null until both sides are there.
    const std::shared_ptr<const report::Comparison>& comparison() const { return m_comparison; }
    // An error about side B ("" when none).
    QString errorText() const;
    bool isBusy() const;
    // Waits (for tests) until no analysis of side B runs; false on timeout.
    bool waitForIdle(int timeoutMs = 60000);

    void setMetric(report::Metric metric);
    report::Metric metric() const { return m_metric; }

    CompareModel* model() const { return m_model; }
    QTreeView* treeView() const { return m_tree; }
    QTableWidget* totalsTable() const { return m_totals; }
    QComboBox* modelBox() const { return m_modelBox; }
    SettingsPanel* sideBSettings() const { return m_panel; }
    QCustomPlot* plot() const { return m_plot; }
    QTabWidget* pages() const { return m_pages; }
    QString headerText() const; // both sides' lines, as plain text

    // The bar chart's classes, largest A + B first, and their values in the chosen metric's unit.
    int barCount() const { return static_cast<int>(m_bars.size()); }
    QString barLabel(int index) const;
    double barValueA(int index) const;
    double barValueB(int index) const;

    // The bar chart as PNG, SVG or PDF by the file's suffix.
    bool exportTo(const QString& file, int width, int height, QString* error = nullptr);
    // The comparison by the file's suffix: .html/.htm, .md, .csv, .json, .txt, .pdf (the bar chart embedded in
    // HTML and PDF), or the bar chart alone as .png or .svg. "" on success, else the error.
    QString exportComparison(const QString& file);
    // The bar chart as a report chart (SVG and PNG).
    report::Chart chart(int width = 1000, int height = 560);

Q_SIGNALS:
    // The comparison on screen changed.
    void comparisonChanged();
    // Swap: the window is to show this model and these settings as side A.
    void sideARequested(const QString& source, const lmp::analysis::Settings& settings, const QString& hardwareId);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    struct Bar
    {
        QString classPath;
        QString label;
        double a = 0;
        double b = 0;
        bool inA = false;
        bool inB = false;
    };

    // What side B's form asked for.
    struct Request
    {
        QString source;
        analysis::Settings settings;
        std::string hardwareId;
        bool operator==(const Request&) const = default;
    };

    void request(bool force);
    void bFinished(const SnapshotPtr& snapshot, bool newModel);
    void bFailed(const QString& source, const QString& message);
    void showError(const QString& message);
    void updateModelChoices();
    void compareNow();
    void updateHeader();
    void updateTotals();
    void rebuildChart();
    void updateChartTitle(int width);
    std::optional<hardware::Profile> profileFor(const std::string& id) const;
    void exportDialog();

    std::shared_ptr<const analysis::Workspace> m_workspace;
    AnalysisRunner* m_runner;
    CompareModel* m_model;
    SnapshotPtr m_a;
    SnapshotPtr m_b;
    QString m_aSource;
    QString m_bLoadedSource; // the source side B's model was read from
    QString m_bRequestedSource; // the source of the latest B request
    std::optional<Request> m_lastRequest;
    std::shared_ptr<const report::Comparison> m_comparison;
    report::Metric m_metric = report::Metric::Seconds;
    QStringList m_recent;
    bool m_formFilled = false;
    bool m_stale = false; // side A changed while the view was hidden
    bool m_columnsSized = false;
    std::vector<Bar> m_bars;
    double m_scale = 1;

    QLabel* m_headerA;
    QLabel* m_headerB;
    QLabel* m_error;
    QLabel* m_busy;
    QComboBox* m_modelBox;
    SettingsPanel* m_panel;
    QPushButton* m_swap;
    QPushButton* m_reset;
    QPushButton* m_export;
    QComboBox* m_metricBox;
    QTableWidget* m_totals;
    QTreeView* m_tree;
    QCustomPlot* m_plot;
    QTabWidget* m_pages = nullptr; // the figures and the chart

    QCPTextElement* m_title = nullptr;
    QCPTextElement* m_details = nullptr;
    QCPBarsGroup* m_group = nullptr; // A and B side by side
    QString m_headline; // the chart's title before eliding
};

} // namespace lmp::widgets
