// SPDX-License-Identifier: GPL-3.0-or-later
// The main window as a user drives it: the first start on the built-in default model, opening models (and
// failing to, without losing the analysis on screen), the tree and the roofline selecting each other, settings
// that re-analyze off the GUI thread while the view keeps its expansion, drag and drop, and the saved session.
#include "agent/architecturedraft.h"
#include "agent/keystore.h"
#include "agentcontroller.h"
#include "agentsettingsdialog.h"
#include "analysis/workspace.h"
#include "analysisrunner.h"
#include "architecturereview.h"
#include "breakdownchart.h"
#include "chartutil.h"
#include "compareview.h"
#include "db/databasesession.h"
#include "formulaeditor.h"
#include "formulaqsci.h"
#include "language.h"
#include "mainwindow.h"
#include "moduletreemodel.h"
#include "moduletreeproxy.h"
#include "report/report.h"
#include "report/writers.h"
#include "reviewpane.h"
#include "rooflineplot.h"
#include "settingspanel.h"
#include "testworkspace.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QDropEvent>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>

#include <nlohmann/json.hpp>

using namespace lmp;
using app::MainWindow;
using widgets::ModuleTreeModel;

namespace {

QString sharedConfig(const char* file)
{
    return QStringLiteral(LMP_SHARED_DATA_DIR "/configs/") + QString::fromLatin1(file);
}

// Generous: the CI build (Debug, AddressSanitizer) reads and compiles the whole database in seconds, and an
// agent's answer lands with several such reads.
bool waitShown(MainWindow& w, QSignalSpy& spy)
{
    if (!spy.wait(90000))
        return false;
    // A newer analysis may follow (settings changed while a model was read): wait until none runs.
    return w.runner()->waitForIdle(90000);
}

QString currentName(const MainWindow& w)
{
    return w.treeView()->currentIndex().data(ModuleTreeModel::FullNameRole).toString();
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LM-Predictor-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
    }

    // The first start shows a real analysis of the built-in default model, with its tree and roofline.
    void firstStart()
    {
        MainWindow w(test::sharedWorkspace());
        QAbstractItemModelTester tester(w.treeModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(w.treeProxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(!w.restoreSession());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy shown(&w, &MainWindow::analysisShown);
        w.openModel(QString::fromLatin1(MainWindow::kDefaultModel));
        QVERIFY(waitShown(w, shown));
        QVERIFY(w.errorText().isEmpty());
        QVERIFY(w.windowTitle().contains(QStringLiteral("TinyLlama")));
        const QModelIndex root = w.treeModel()->index(0, 0);
        QCOMPARE(
            root.siblingAtColumn(ModuleTreeModel::ClassColumn).data().toString(), QStringLiteral("LlamaForCausalLM"));
        // TinyLlama-1.1B: 1,100,048,384 parameters (SOURCES.md).
        QCOMPARE(root.siblingAtColumn(ModuleTreeModel::ParamsColumn).data(ModuleTreeModel::SortRole).toDouble(),
            1100048384.0);
        // The 22 layers are one run, expanded to show it.
        const QModelIndex run = w.treeModel()->indexForName(QStringLiteral("model.layers.0"));
        QVERIFY(run.isValid());
        QCOMPARE(run.parent().data(ModuleTreeModel::InstancesRole).toLongLong(), 22);
        QVERIFY(w.treeView()->isExpanded(w.treeProxy()->mapFromSource(run.parent().parent())));
        QVERIFY(w.rooflinePlot()->pointCount() > 0);
        QVERIFY(w.rooflinePlot()->hasRoofs()); // the default device, an H100 SXM, has compute peaks
        QCOMPARE(w.recentModels().value(0), QString::fromLatin1(MainWindow::kDefaultModel));
    }

    void badModelKeepsAnalysis_data()
    {
        QTest::addColumn<QString>("text"); // the file's content; "" means: the file does not exist
        QTest::addColumn<QString>("expected"); // part of the message
        QTest::addRow("truncated json") << R"({"architectures": ["LlamaForCausalLM"], "hidden_size": )"
                                        << "config.json";
        QTest::addRow("unknown architecture")
            << R"({"architectures": ["NoSuchModelForCausalLM"], "model_type": "nosuch"})"
            << "NoSuchModelForCausalLM";
        QTest::addRow("wrong type")
            << R"({"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": "big"})"
            << "hidden_size";
        QTest::addRow("missing file") << ""
                                      << "config.json";
    }
    void badModelKeepsAnalysis()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        MainWindow w(test::sharedWorkspace());
        w.setPersistent(false);
        QSignalSpy shown(&w, &MainWindow::analysisShown);
        w.openModel(QStringLiteral("meta-llama/Llama-2-7b-hf"));
        QVERIFY(waitShown(w, shown));
        const widgets::SnapshotPtr before = w.snapshot();
        QVERIFY(w.selectModule(QStringLiteral("model.layers.1.mlp")));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config.json"));
        if (!text.isEmpty()) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text.toUtf8());
        }
        QSignalSpy failed(w.runner(), &widgets::AnalysisRunner::failed);
        w.openModel(path);
        QVERIFY2(failed.wait(20000), qPrintable(w.windowTitle() + QLatin1Char(' ') + w.errorText()));
        QVERIFY2(w.errorText().contains(expected), qPrintable(w.errorText()));
        QVERIFY(w.errorText().contains(path) || w.errorText().contains(QStringLiteral("config.json")));
        // Nothing lost: the same analysis, rows and selection.
        QCOMPARE(w.snapshot(), before);
        QCOMPARE(currentName(w), QStringLiteral("model.layers.1.mlp"));
        QVERIFY(!w.recentModels().contains(path));
        // The next good model clears the error.
        w.openModel(QStringLiteral("openai-community/gpt2"));
        QVERIFY(waitShown(w, shown));
        QVERIFY(w.errorText().isEmpty());
    }

    // Tree -> roofline: the selected module's points are ringed. Roofline -> tree: a click selects the first
    // instance of the module under the pointer.
    void selectionLinking()
    {
        MainWindow w(test::sharedWorkspace());
        w.setPersistent(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy shown(&w, &MainWindow::analysisShown);
        w.openModel(QStringLiteral("meta-llama/Llama-2-7b-hf"));
        QVERIFY(waitShown(w, shown));

        QVERIFY(w.selectModule(QStringLiteral("model.layers.4.mlp.down_proj")));
        const auto downProj = w.treeView()->currentIndex().data(ModuleTreeModel::NodeIdRole).toUInt();
        QCOMPARE(w.rooflinePlot()->selectedNodes(), std::vector<model::NodeId> { downProj });
        QVERIFY(w.selectModule(QStringLiteral("model.layers.4.mlp")));
        const auto& selected = w.rooflinePlot()->selectedNodes();
        QVERIFY(std::find(selected.begin(), selected.end(), downProj) != selected.end());
        QVERIFY(selected.size() >= 3); // the MLP, its projections (gate/up share a node with... none), the SiLU

        // Click the point of the attention's own work: the tree selects model.layers.0.self_attn.
        const QModelIndex attention = w.treeModel()->indexForName(QStringLiteral("model.layers.0.self_attn"));
        const auto attentionNode = attention.data(ModuleTreeModel::NodeIdRole).toUInt();
        QPointF pixel;
        QVERIFY(w.rooflinePlot()->pointPosition(attentionNode, &pixel));
        QSignalSpy clicked(w.rooflinePlot(), &widgets::RooflinePlot::nodeClicked);
        QTest::mouseClick(w.rooflinePlot()->plot(), Qt::LeftButton, {}, pixel.toPoint());
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(currentName(w), QStringLiteral("model.layers.0.self_attn"));
        QCOMPARE(w.rooflinePlot()->selectedNodes().front(), attentionNode);
        QVERIFY(w.treeView()->isExpanded(w.treeView()->currentIndex().parent()));
    }

    // A settings change re-analyzes off the GUI thread; the tree keeps its expansion and selection.
    void settingsReanalyze()
    {
        MainWindow w(test::sharedWorkspace());
        w.setPersistent(false);
        w.show();
        QSignalSpy shown(&w, &MainWindow::analysisShown);
        w.openModel(QStringLiteral("meta-llama/Llama-2-7b-hf"));
        QVERIFY(waitShown(w, shown));
        w.settingsPanel()->seqBox()->setValue(128);
        QVERIFY(waitShown(w, shown));
        QVERIFY(w.selectModule(QStringLiteral("model.layers.2.self_attn.k_proj")));
        const QModelIndex layer2 = w.treeView()->currentIndex().parent().parent();
        QVERIFY(w.treeView()->isExpanded(layer2));
        const auto flopsAt = [&w] {
            return w.treeModel()
                ->index(0, ModuleTreeModel::MatmulFlopsColumn)
                .data(ModuleTreeModel::SortRole)
                .toDouble();
        };
        QCOMPARE(flopsAt(), 1700001759232.0); // Llama-2-7B at 128 tokens (SOURCES.md)

        QSignalSpy reset(w.treeModel(), &QAbstractItemModel::modelReset);
        w.settingsPanel()->seqBox()->setValue(2048);
        QVERIFY(waitShown(w, shown));
        QCOMPARE(w.snapshot()->settings.seq, 2048);
        QCOMPARE(flopsAt(), 29261612449792.0); // at 2048 tokens (SOURCES.md)
        QCOMPARE(reset.size(), 0);
        QCOMPARE(currentName(w), QStringLiteral("model.layers.2.self_attn.k_proj"));
        QVERIFY(w.treeView()->isExpanded(w.treeView()->currentIndex().parent().parent()));

        // Decode: one token after 2047 cached, the past box enabled.
        w.settingsPanel()->phaseBox()->setCurrentIndex(1);
        QVERIFY(waitShown(w, shown));
        QCOMPARE(w.snapshot()->settings.phase, analysis::Phase::Decode);
        QCOMPARE(w.snapshot()->settings.seq, 1);
        QCOMPARE(w.snapshot()->settings.past, 2047);
        QVERIFY(w.settingsPanel()->pastBox()->isEnabled());
        QCOMPARE(currentName(w), QStringLiteral("model.layers.2.self_attn.k_proj"));

        // Many changes at once: only the last one's result stays on screen.
        for (int seq : { 3, 5, 7, 9, 11 })
            w.settingsPanel()->seqBox()->setValue(seq);
        QVERIFY(w.runner()->waitForIdle(90000));
        QCoreApplication::processEvents();
        QCOMPARE(w.snapshot()->settings.seq, 11);
    }

    void filterAndSelf()
    {
        MainWindow w(test::sharedWorkspace());
        w.setPersistent(false);
        QSignalSpy shown(&w, &MainWindow::analysisShown);
        w.openModel(QStringLiteral("meta-llama/Llama-2-7b-hf"));
        QVERIFY(waitShown(w, shown));
        auto* filter = w.findChild<QLineEdit*>(QStringLiteral("filter"));
        QVERIFY(filter);
        QTest::keyClicks(filter, QStringLiteral("o_proj"));
        QCOMPARE(w.treeProxy()->filterText(), QStringLiteral("o_proj"));
        const QModelIndex o = w.treeProxy()->mapFromSource(
            w.treeModel()->indexForName(QStringLiteral("model.layers.9.self_attn.o_proj")));
        QVERIFY(o.isValid());
        QVERIFY(
            !w.treeProxy()->mapFromSource(w.treeModel()->indexForName(QStringLiteral("model.layers.9.mlp"))).isValid());
        filter->clear();
        auto buttons = w.findChildren<QToolButton*>();
        auto self = std::find_if(
            buttons.begin(), buttons.end(), [](QToolButton* b) { return b->text() == QStringLiteral("Self"); });
        QVERIFY(self != buttons.end());
        (*self)->click();
        QVERIFY(w.treeModel()->selfCosts());
        QCOMPARE(w.treeModel()->headerData(ModuleTreeModel::FlopsColumn, Qt::Horizontal).toString(),
            QStringLiteral("FLOPs (self)"));
    }

    void dropOpensModel()
    {
        MainWindow w(test::sharedWorkspace());
        w.setPersistent(false);
        QSignalSpy shown(&w, &MainWindow::analysisShown);
        w.openModel(QStringLiteral("meta-llama/Llama-2-7b-hf"));
        QVERIFY(waitShown(w, shown));
        const QString file = sharedConfig("openai-community__gpt2.json");
        QVERIFY(QFileInfo::exists(file));
        QMimeData mime;
        mime.setUrls({ QUrl::fromLocalFile(file) });
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        QVERIFY(waitShown(w, shown));
        QCOMPARE(
            w.treeModel()->index(0, ModuleTreeModel::ClassColumn).data().toString(), QStringLiteral("GPT2LMHeadModel"));
        QCOMPARE(w.recentModels().value(0), file);
        QCOMPARE(w.recentModels().value(1), QStringLiteral("meta-llama/Llama-2-7b-hf"));
    }

    // A window started without the whole database (Workspace::loadLazily): the first analysis takes the model's
    // entries alone and gives the same figures; the database is read off the GUI thread after it, and the editors,
    // the review pane and the comparison wait for it.
    void lazyStartTakesOverTheDatabase()
    {
        QTemporaryDir dir;
        auto loaded = analysis::Workspace::loadLazily(dir.filePath(QStringLiteral("module_db.json")));
        QVERIFY(std::holds_alternative<analysis::Workspace>(loaded));
        auto ws = std::make_shared<const analysis::Workspace>(std::move(std::get<analysis::Workspace>(loaded)));
        QVERIFY(!ws->library && ws->lazyDatabase);
        MainWindow w(ws);
        w.setPersistent(false);
        QVERIFY(!w.isDatabaseLoaded());
        QVERIFY(!w.reviewPane()->isEnabled());
        QVERIFY(!w.editorDock()->widget()->isEnabled());
        QSignalSpy shown(&w, &MainWindow::analysisShown);
        QSignalSpy ready(&w, &MainWindow::databaseLoaded);
        w.openModel(QStringLiteral("meta-llama/Llama-2-7b-hf"));
        QVERIFY(shown.wait(90000));
        const auto first = w.snapshot()->library;
        // Llama-2-7B at 128 tokens, by hand: the Linears 2 x 128 x (32 x (4 x 4096^2 + 3 x 4096 x 11008) + 4096 x
        // 32000) = 1,691,411,808,256, QK^T and PV 4 x 128^2 x 4096 x 32 = 8,589,934,592, rotary 2 x 64 x 128.
        w.settingsPanel()->seqBox()->setValue(128);
        QVERIFY(ready.count() > 0 || ready.wait(90000));
        QVERIFY(w.runner()->waitForIdle(90000));
        QVERIFY(w.isDatabaseLoaded());
        QVERIFY(w.reviewPane()->isEnabled());
        QVERIFY(w.editorDock()->widget()->isEnabled());
        QVERIFY(w.session()->database().keys().size() > 100);
        QVERIFY(w.snapshot()->library == w.runner()->library());
        QVERIFY(first->moduleCount() < w.snapshot()->library->moduleCount());
        QCOMPARE(w.treeModel()->index(0, ModuleTreeModel::MatmulFlopsColumn).data(ModuleTreeModel::SortRole).toDouble(),
            1700001759232.0);
        // The same report on the model's entries alone.
        const auto& s = *w.snapshot();
        auto json = [&s](const formula::Library& library) {
            const auto result = analysis::analyze(s.tree(), library, s.settings, s.profile());
            return report::writeJson(report::makeReport(*s.model, library, s.settings, s.profile(), result, {}));
        };
        QCOMPARE(json(*first), json(*s.library));
    }

    // A user database that does not load: the window says so and keeps saying it, analyses use the built-in
    // database, and the file is left exactly as it was.
    void brokenUserDatabase()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("module_db.json"));
        const QByteArray broken = R"({"schema_version": 2, "modules": {"torch.nn.Linear": )";
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(broken);
        }
        auto loaded = analysis::Workspace::load(path);
        QVERIFY(std::holds_alternative<analysis::Workspace>(loaded));
        auto ws = std::make_shared<const analysis::Workspace>(std::move(std::get<analysis::Workspace>(loaded)));
        QCOMPARE(ws->warnings.size(), 1);
        MainWindow w(ws);
        w.setPersistent(false);
        QVERIFY(w.errorText().contains(QStringLiteral("module_db.json")));
        QSignalSpy shown(&w, &MainWindow::analysisShown);
        w.openModel(QStringLiteral("meta-llama/Llama-2-7b-hf"));
        QVERIFY(waitShown(w, shown));
        QVERIFY(w.errorText().contains(QStringLiteral("module_db.json")));
        w.settingsPanel()->seqBox()->setValue(128);
        QVERIFY(waitShown(w, shown));
        QCOMPARE(w.treeModel()->index(0, ModuleTreeModel::MatmulFlopsColumn).data(ModuleTreeModel::SortRole).toDouble(),
            1700001759232.0);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), broken);
    }

    // The review loop as a user runs it: an edit in the formula editor lands in the user layer as pending, the tree
    // re-analyzes with it and marks it, undo takes it back and redo brings it again; approving it in the review pane
    // and saving writes the status, the reviewer and both revisions to disk.
    // At the window's default size the charts read: the titles are elided inside their plots, the ridge's label
    // sits inside the axis rect, the legend keeps off the data. File > Export lists every chart.
    void chartsReadAtDefaultSize()
    {
        MainWindow w(test::sharedWorkspace());
        w.setPersistent(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy shown(&w, &MainWindow::analysisShown);
        w.openModel(QStringLiteral("meta-llama/Llama-3.1-8B"));
        QVERIFY(waitShown(w, shown));
        QTest::qWait(300); // the docks settle
        widgets::RooflinePlot* roofline = w.rooflinePlot();
        QCustomPlot* plot = roofline->plot();
        plot->replot();
        const QRect axisRect = plot->axisRect()->rect();
        for (QCPTextElement* element : { roofline->titleElement(), roofline->detailsElement() }) {
            auto* text = dynamic_cast<widgets::ChartTextElement*>(element);
            QVERIFY(text);
            QVERIFY2(plot->rect().contains(text->shownRect()), qPrintable(text->shownText()));
        }
        QVERIFY(roofline->ridgeLabelShown());
        const QRectF ridge(
            roofline->ridgeLabel()->topLeft->pixelPosition(), roofline->ridgeLabel()->bottomRight->pixelPosition());
        QVERIFY(QRectF(axisRect).adjusted(-0.5, -0.5, 0.5, 0.5).contains(ridge.normalized()));
        QVERIFY(!plot->legend->outerRect().intersects(axisRect));
        QVERIFY(axisRect.width() >= plot->width() / 2);

        QCustomPlot* bars = w.breakdownChart()->plot();
        bars->replot();
        auto* title = dynamic_cast<widgets::ChartTextElement*>(w.breakdownChart()->titleElement());
        QVERIFY(title);
        QVERIFY2(bars->rect().contains(title->shownRect()), qPrintable(title->shownText()));

        const auto* exportMenu = w.findChild<QMenu*>(QStringLiteral("exportMenu"));
        QVERIFY(exportMenu);
        QStringList entries;
        for (const QAction* a : exportMenu->actions())
            if (!a->isSeparator())
                entries << a->text();
        QCOMPARE(entries.size(), 4); // the three charts and the report
        QVERIFY(entries.last().contains(QStringLiteral("Report")));

        // The report the window exports is the analysis on screen: its totals and the summary's.
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("report.html"));
        QCOMPARE(w.exportReport(file), QString());
        QFile html(file);
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QByteArray bytes = html.readAll();
        const auto& total = *w.snapshot()->result.node(w.snapshot()->tree().root()).inclusive[formula::Kind::Flops];
        QVERIFY(bytes.contains(QByteArray::fromStdString(formula::grouped(total))));
        QVERIFY(bytes.contains("<svg")); // the charts, embedded
        QVERIFY(w.exportReport(dir.filePath(QStringLiteral("report.docx"))).contains(QStringLiteral("report.docx")));
    }

    void editReviewAndSave()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("module_db.json")); // created by the first save
        auto loaded = analysis::Workspace::load(path);
        QVERIFY(std::holds_alternative<analysis::Workspace>(loaded));
        auto ws = std::make_shared<const analysis::Workspace>(std::move(std::get<analysis::Workspace>(loaded)));
        MainWindow w(ws);
        w.setPersistent(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy shown(&w, &MainWindow::analysisShown);
        w.openModel(QStringLiteral("meta-llama/Llama-2-7b-hf"));
        QVERIFY(waitShown(w, shown));
        w.settingsPanel()->seqBox()->setValue(128);
        QVERIFY(waitShown(w, shown));
        QVERIFY2(
            w.summaryText().contains(QStringLiteral("Every formula used was validated")), qPrintable(w.summaryText()));

        // LlamaMLP at T = 128 tokens, by hand: three projections 3 * 2*128*4096*11008 = 34,628,173,824, the SiLU
        // 4 * 128*11008 = 5,636,096 (its entry's count) and the gating product 128*11008 = 1,409,024.
        auto mlpFlops = [&w] {
            return w.treeModel()
                ->indexForName(QStringLiteral("model.layers.0.mlp"))
                .siblingAtColumn(ModuleTreeModel::FlopsColumn)
                .data(ModuleTreeModel::SortRole)
                .toDouble();
        };
        QCOMPARE(mlpFlops(), 34635218944.0);

        w.editorDock()->show();
        QVERIFY(w.selectModule(QStringLiteral("model.layers.0.mlp")));
        widgets::FormulaEditor* editor = w.formulaEditor();
        QCOMPARE(editor->entryKey(), QStringLiteral("transformers__models__llama__modeling_llama__LlamaMLP"));
        QVERIFY(editor->setCurrentPage(QStringLiteral("formula_template")));
        QString text = editor->editor()->text();
        QVERIFY(text.contains(QStringLiteral(" + ${N} * ${intermediate_size}")));
        text.replace(QStringLiteral(" + ${N} * ${intermediate_size}"), QString()); // leave out the gating product
        editor->editor()->setText(text);
        QVERIFY(!editor->hasErrors());
        QVERIFY(editor->isModified());
        editor->apply();
        QVERIFY(waitShown(w, shown));
        QCOMPARE(mlpFlops(), 34635218944.0 - 1409024.0);
        const std::string key = "transformers__models__llama__modeling_llama__LlamaMLP";
        QCOMPARE(w.session()->database().layerOf(key)->layer, db::Layer::User);
        QCOMPARE(w.session()->database().databaseOf(key)->status(key), db::Status::Pending);
        const QModelIndex mlp = w.treeModel()->indexForName(QStringLiteral("model.layers.0.mlp"));
        QVERIFY(mlp.data(ModuleTreeModel::UnreviewedRole).toBool());
        // 32 MLPs, 32 decoder layers, LlamaModel and LlamaForCausalLM rest on it.
        QVERIFY2(w.summaryText().contains(QStringLiteral("66 modules use unreviewed formulas")),
            qPrintable(w.summaryText()));

        // Undo and redo through the window's undo stack.
        w.undoStack()->undo();
        QVERIFY(waitShown(w, shown));
        QCOMPARE(mlpFlops(), 34635218944.0);
        QVERIFY(!w.session()->database().user() || !w.session()->database().user()->contains(key));
        w.undoStack()->redo();
        QVERIFY(waitShown(w, shown));
        QCOMPARE(mlpFlops(), 34635218944.0 - 1409024.0);

        // Approve in the review pane, then save.
        w.reviewDock()->show();
        widgets::ReviewPane* pane = w.reviewPane();
        pane->selectEntry(QString::fromStdString(key));
        pane->reviewerEdit()->setText(QStringLiteral("Ada"));
        pane->notesEdit()->setPlainText(QStringLiteral("the gating product is in the SiLU's count"));
        QVERIFY(pane->approve());
        QVERIFY(waitShown(w, shown));
        QVERIFY2(
            w.summaryText().contains(QStringLiteral("Every formula used was validated")), qPrintable(w.summaryText()));
        QVERIFY(w.saveDatabase());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto json = nlohmann::json::parse(f.readAll().toStdString());
        const auto& entry = json.at("modules").at(key);
        QCOMPARE(entry.at("validation").at("status").get<std::string>(), std::string("validated"));
        QCOMPARE(entry.at("validation").at("validator").get<std::string>(), std::string("Ada"));
        QVERIFY(!entry.at("flop_analysis").at("formula_template").get<std::string>().empty());
        QVERIFY(entry.at("flop_analysis").at("formula_template").get<std::string>().find("${N} * ${intermediate_size}")
            == std::string::npos);
        const auto& history = entry.at("history");
        QVERIFY(history.size() >= 2);
        QCOMPARE(history[history.size() - 1].at("action").get<std::string>(), std::string("validate"));
        QCOMPARE(history[history.size() - 2].at("action").get<std::string>(), std::string("edit"));
    }

    // A rejected entry is never used: its modules are warned like modules without an entry, and the summary says
    // so. With validated formulas only, a pending entry is left out too.
    void rejectedAndValidatedOnly()
    {
        QTemporaryDir dir;
        auto loaded = analysis::Workspace::load(dir.filePath(QStringLiteral("module_db.json")));
        QVERIFY(std::holds_alternative<analysis::Workspace>(loaded));
        auto ws = std::make_shared<const analysis::Workspace>(std::move(std::get<analysis::Workspace>(loaded)));
        MainWindow w(ws);
        w.setPersistent(false);
        QSignalSpy shown(&w, &MainWindow::analysisShown);
        w.openModel(QStringLiteral("meta-llama/Llama-2-7b-hf"));
        QVERIFY(waitShown(w, shown));
        QVERIFY(std::holds_alternative<db::DatabaseSession::UndoState>(
            w.session()->reject("torch.nn.SiLU", QStringLiteral("Bob"), QStringLiteral("counts 4 per element?"))));
        QVERIFY(waitShown(w, shown));
        const QModelIndex act = w.treeModel()->indexForName(QStringLiteral("model.layers.0.mlp.act_fn"));
        QVERIFY2(act.data(ModuleTreeModel::WarningRole).toString().contains(QStringLiteral("is not used: rejected")),
            qPrintable(act.data(ModuleTreeModel::WarningRole).toString()));
        QCOMPARE(
            act.siblingAtColumn(ModuleTreeModel::ReviewColumn).data().toString(), QStringLiteral("not used: rejected"));
        QVERIFY(w.summaryText().contains(QStringLiteral("not used: torch.nn.SiLU: rejected")));

        QVERIFY(std::holds_alternative<db::DatabaseSession::UndoState>(w.session()->requestChanges(
            "transformers.models.llama.modeling_llama.LlamaRMSNorm", QStringLiteral("Bob"), QString())));
        QVERIFY(waitShown(w, shown));
        QVERIFY(w.summaryText().contains(QStringLiteral("use unreviewed formulas")));
        w.setValidatedOnly(true);
        QVERIFY(waitShown(w, shown));
        QVERIFY2(w.summaryText().contains(QStringLiteral("Every formula used was validated · validated entries only")),
            qPrintable(w.summaryText()));
        const QModelIndex norm = w.treeModel()->indexForName(QStringLiteral("model.norm"));
        QVERIFY(norm.data(ModuleTreeModel::WarningRole).toString().contains(QStringLiteral("--validated-only")));
    }

    // A config of a family nobody defined is refused; the agent (a scripted command) drafts its definition and
    // entries, which land pending; the model opens, marked unreviewed; approved, the analysis rests on reviewed
    // formulas only, and its numbers are the hand derivation's (tst_architecturedraft: Nova, 2 layers).
    void agentDraftsRefusedModel()
    {
        QSettings().clear();
        const QString data = QStringLiteral(LMP_TEST_DATA_DIR "/newfamily");
        const QString userFolder = model::ArchitectureRegistry::defaultUserFolder();
        QDir(userFolder).removeRecursively();
        QTemporaryDir dir;
        // The agent: reads the prompt, waits for the test's go, answers with the fixture's definition and entries.
        const QString go = dir.filePath(QStringLiteral("go"));
        const QString script = dir.filePath(QStringLiteral("agent.sh"));
        {
            QFile f(script);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("#!/bin/sh\ncat > '" + dir.filePath(QStringLiteral("prompt.txt")).toUtf8() + "'\nwhile [ ! -e '"
                + go.toUtf8() + "' ]; do sleep 0.05; done\ncat '" + data.toUtf8() + "/agent_answer.md'\n");
        }
        QFile::setPermissions(script, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QSettings settings;
        settings.setValue(QStringLiteral("agent/provider"), QStringLiteral("command"));
        settings.setValue(QStringLiteral("agent/command"), QString(QStringLiteral("/bin/sh ") + script));
        settings.setValue(QStringLiteral("agent/model"), QStringLiteral("scripted"));
        settings.setValue(QStringLiteral("agent/previewPrompt"), false);

        auto loaded = analysis::Workspace::load(dir.filePath(QStringLiteral("module_db.json")));
        QVERIFY(std::holds_alternative<analysis::Workspace>(loaded));
        auto ws = std::make_shared<const analysis::Workspace>(std::move(std::get<analysis::Workspace>(loaded)));
        MainWindow w(ws);
        w.setPersistent(false);
        w.setSourceFolders({ data + QStringLiteral("/source") }, QString());
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy shown(&w, &MainWindow::analysisShown);
        w.openModel(QString::fromLatin1(MainWindow::kDefaultModel));
        QVERIFY(waitShown(w, shown));

        // Refused: no definition for NovaForCausalLM; the analysis on screen stays.
        QVERIFY(!w.draftRefusedModel());
        // The model's folder: its config and its checkpoint's header, as a download leaves them.
        const QString modelDir = dir.filePath(QStringLiteral("models/nova-tiny"));
        QVERIFY(QDir().mkpath(modelDir));
        for (const char* name : { "config.json", "model.safetensors" })
            QVERIFY(QFile::copy(data + u'/' + QLatin1String(name), modelDir + u'/' + QLatin1String(name)));
        w.openModel(modelDir);
        QTRY_VERIFY_WITH_TIMEOUT(w.errorText().contains(QStringLiteral("NovaForCausalLM")), 60000);
        QVERIFY(w.windowTitle().contains(QStringLiteral("TinyLlama")));

        QSignalSpy busy(w.agent(), &app::AgentController::busyChanged);
        QVERIFY(w.draftRefusedModel());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(dir.filePath(QStringLiteral("prompt.txt"))), 60000);
        QVERIFY(w.agent()->isBusy());
        // The prompt holds the modeling source found in the source folder.
        auto prompt = [&dir] {
            QFile f(dir.filePath(QStringLiteral("prompt.txt")));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        QTRY_VERIFY(prompt().contains("class NovaMLP(nn.Module):"));
        // The window keeps the prompt it sent, with its version, for Database → Show the Last Prompt.
        QVERIFY(w.agent()->lastPrompt());
        QCOMPARE(w.agent()->lastPrompt()->version, QString::fromLatin1(agent::kArchitecturePromptVersion));
        QVERIFY(prompt().contains(w.agent()->lastPrompt()->text.left(200).toUtf8()));
        // A picture of the window while the agent drafts (LMP_AGENT_SCREENSHOT=FILE.png keeps it to look at).
        QString picture = qEnvironmentVariable("LMP_AGENT_SCREENSHOT");
        if (picture.isEmpty())
            picture = dir.filePath(QStringLiteral("drafting.png"));
        QTest::qWait(100);
        const QImage image = w.grab().toImage();
        QVERIFY(image.width() >= 1600 && !image.isNull());
        QVERIFY(image.save(picture));

        // The answer: the definition and 5 entries land pending, the model opens.
        QFile(go).open(QIODevice::WriteOnly);
        QVERIFY(waitShown(w, shown));
        QVERIFY2(w.windowTitle().contains(QStringLiteral("nova-tiny")), qPrintable(w.windowTitle()));
        QVERIFY(!w.agent()->isBusy());
        const QString file = QDir(userFolder).filePath(QStringLiteral("novaforcausallm.json"));
        QVERIFY(QFile::exists(file));
        QVERIFY(w.definitionsDock()->isVisible());
        QTest::qWait(300); // the docks settle
        if (picture.endsWith(QStringLiteral(".png")))
            QVERIFY(w.grab().save(picture.chopped(4) + QStringLiteral("-landed.png")));
        QCOMPARE(w.architectureReview()->currentFile(), file);
        QCOMPARE(w.architectureReview()->currentStatus(), std::optional(model::ArchitectureStatus::Pending));
        QVERIFY2(w.architectureReview()->comparisonText().startsWith(QStringLiteral("matches: 27 tensors, 107,072")),
            qPrintable(w.architectureReview()->comparisonText()));
        const QModelIndex root = w.treeModel()->index(0, 0);
        QCOMPARE(
            root.siblingAtColumn(ModuleTreeModel::ParamsColumn).data(ModuleTreeModel::SortRole).toDouble(), 107072.0);
        QVERIFY2(w.summaryText().contains(QStringLiteral("unreviewed")), qPrintable(w.summaryText()));
        QVERIFY2(w.summaryText().contains(QStringLiteral("architecture definition pending review")),
            qPrintable(w.summaryText()));
        const QStringList keys { QStringLiteral("transformers.models.nova.modeling_nova.NovaAttention"),
            QStringLiteral("transformers.models.nova.modeling_nova.NovaMLP"),
            QStringLiteral("transformers.models.nova.modeling_nova.NovaDecoderLayer") };
        for (const QString& key : keys)
            QCOMPARE(w.session()->database().user()->status(key.toStdString()), std::optional(db::Status::Pending));

        // The review: the definition in its pane, the entries in the review pane, one after the other.
        w.architectureReview()->setReviewer(QStringLiteral("Ada"));
        QVERIFY(w.architectureReview()->review(model::ArchitectureStatus::Validated));
        QVERIFY(waitShown(w, shown));
        w.reviewPane()->reviewerEdit()->setText(QStringLiteral("Ada"));
        int approved = 0;
        while (w.reviewPane()->nextPending()) {
            QVERIFY2(w.reviewPane()->approve(), qPrintable(w.reviewPane()->messageText()));
            QVERIFY(++approved <= 5);
        }
        QCOMPARE(approved, 5);
        QVERIFY(w.saveDatabase());
        QVERIFY(w.runner()->waitForIdle(90000));
        QVERIFY2(
            w.summaryText().contains(QStringLiteral("Every formula used was validated")), qPrintable(w.summaryText()));
        QVERIFY(!w.summaryText().contains(QStringLiteral("architecture definition")));

        // A prefill of 8 tokens, batch 1: 1,508,480 FLOPs, 1,474,688 of them in matrix products (the derivation).
        analysis::Settings s = w.settingsPanel()->settings();
        s.phase = analysis::Phase::Prefill;
        s.batch = 1;
        s.seq = 8;
        s.past = 0;
        s.logitsLastOnly = false;
        w.setAnalysisSettings(s, MainWindow::kDefaultHardware);
        QVERIFY(waitShown(w, shown));
        const QModelIndex top = w.treeModel()->index(0, 0);
        QCOMPARE(
            top.siblingAtColumn(ModuleTreeModel::FlopsColumn).data(ModuleTreeModel::SortRole).toDouble(), 1508480.0);

        // The model's own classes have no entry yet: "Draft All Missing" would ask for them. A hostile answer to
        // one is refused with its reasons, and the saved database keeps its bytes.
        QVERIFY(app::AgentController::missingClasses(*w.snapshot())
            == (std::vector<std::string> { "transformers.models.nova.modeling_nova.NovaModel",
                "transformers.models.nova.modeling_nova.NovaForCausalLM" }));
        const QString hostile = dir.filePath(QStringLiteral("hostile.sh"));
        {
            QFile f(hostile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("#!/bin/sh\ncat > /dev/null\necho '<script>alert(1)</script> {\"module_path\": 1}'\n");
        }
        settings.setValue(QStringLiteral("agent/command"), QString(QStringLiteral("/bin/sh ") + hostile));
        settings.setValue(QStringLiteral("agent/repairRound"), false);
        QFile dbFile(dir.filePath(QStringLiteral("module_db.json")));
        QVERIFY(dbFile.open(QIODevice::ReadOnly));
        const QByteArray savedDb = dbFile.readAll();
        dbFile.close();
        w.draftEntry(QStringLiteral("transformers.models.nova.modeling_nova.NovaModel"));
        QVERIFY(w.agent()->isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(!w.agent()->isBusy(), 60000);
        QVERIFY2(w.errorText().contains(QStringLiteral("NovaModel was refused")), qPrintable(w.errorText()));
        QVERIFY(!w.session()->dirty());
        QVERIFY(dbFile.open(QIODevice::ReadOnly));
        QCOMPARE(dbFile.readAll(), savedDb);
        QDir(userFolder).removeRecursively();
    }

    // The agent settings: the provider, its model and base URL go to the settings file; a key typed there goes to
    // the keychain (a test service in test mode) or nowhere, never into the settings file.
    void agentSettingsKeepTheKeyOut()
    {
        QSettings().clear();
        const QString key = QStringLiteral("sk-lmp-dialog-7d1e0c5a94b2");
        app::AgentSettingsDialog dialog;
        auto* provider = dialog.findChild<QComboBox*>();
        QVERIFY(provider);
        provider->setCurrentIndex(provider->findData(QStringLiteral("openai")));
        QLineEdit* keyField = nullptr;
        QLineEdit* modelField = nullptr;
        QLineEdit* urlField = nullptr;
        for (auto* edit : dialog.findChildren<QLineEdit*>()) {
            if (edit->echoMode() == QLineEdit::Password)
                keyField = edit;
            else if (edit->placeholderText().contains(QStringLiteral("model's name")))
                modelField = edit;
            else if (edit->placeholderText().contains(QStringLiteral("127.0.0.1")))
                urlField = edit;
        }
        QVERIFY(keyField && modelField && urlField);
        QVERIFY(keyField->isEnabled());
        modelField->setText(QStringLiteral("local-model"));
        urlField->setText(QStringLiteral("http://127.0.0.1:8080/v1"));
        keyField->setText(key);
        dialog.show();
        dialog.accept();
        // Stored (the dialog closes) or refused by a machine without a keychain (it stays open, saying why).
        QTRY_VERIFY_WITH_TIMEOUT(dialog.isEnabled(), 60000);
        QVERIFY(keyField->text().isEmpty());
        const bool stored = dialog.result() == QDialog::Accepted;
        if (!stored)
            QVERIFY(dialog.findChildren<QLabel*>().size() > 0);
        QSettings settings;
        settings.sync();
        const app::AgentSettings saved = app::AgentSettings::load();
        QCOMPARE(saved.provider.kind, agent::ProviderKind::OpenAI);
        QCOMPARE(saved.provider.model, QStringLiteral("local-model"));
        QCOMPARE(saved.provider.baseUrl, QStringLiteral("http://127.0.0.1:8080/v1"));
        QFile file(settings.fileName());
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(settings.fileName()));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.contains("local-model"));
        QVERIFY(!bytes.contains(key.toUtf8()));
        for (const QString& k : settings.allKeys())
            QVERIFY(!settings.value(k).toString().contains(key));
        if (stored) {
            // Leave the test service empty again.
            auto keys = agent::makeKeyStore();
            bool deleted = false;
            keys->deleteKey(
                agent::ProviderKind::OpenAI, keys.get(), [&deleted](const agent::KeyResult&) { deleted = true; });
            QTRY_VERIFY_WITH_TIMEOUT(deleted, 60000);
        }
    }

    void sessionPersists()
    {
        QSettings().clear();
        analysis::Settings s;
        s.phase = analysis::Phase::Decode;
        s.batch = 8;
        s.seq = 1;
        s.past = 4095;
        s.kvDtype = analysis::Dtype::FP8;
        s.eagerAttention = true;
        {
            MainWindow w(test::sharedWorkspace());
            QSignalSpy shown(&w, &MainWindow::analysisShown);
            w.setAnalysisSettings(s, "nvidia-a100-80gb");
            w.openModel(QStringLiteral("mistralai/Mistral-7B-v0.1"));
            QVERIFY(waitShown(w, shown));
            w.close();
        }
        MainWindow w(test::sharedWorkspace());
        QVERIFY(w.restoreSession());
        const analysis::Settings r = w.settingsPanel()->settings();
        QCOMPARE(r.phase, s.phase);
        QCOMPARE(r.batch, s.batch);
        QCOMPARE(r.past, s.past);
        QCOMPARE(r.kvDtype, s.kvDtype);
        QCOMPARE(r.eagerAttention, true);
        QCOMPARE(w.settingsPanel()->hardwareId(), std::string("nvidia-a100-80gb"));
        QCOMPARE(w.recentModels().value(0), QStringLiteral("mistralai/Mistral-7B-v0.1"));
    }

    // The Compare view and the review pane are built on first use; the Review menu holds the pane's actions once it
    // opens, and a pane built later shows the window's analysis.
    void panesBuiltOnFirstUse()
    {
        QSettings().clear();
        MainWindow w(test::sharedWorkspace());
        QSignalSpy shown(&w, &MainWindow::analysisShown);
        w.openModel(QStringLiteral("meta-llama/Llama-2-7b-hf"));
        QVERIFY(waitShown(w, shown));
        QVERIFY(!w.reviewDock()->widget());
        QVERIFY(!w.compareDock()->widget());
        QMenu* review = nullptr;
        for (QAction* a : w.menuBar()->actions()) {
            if (a->menu() && a->text() == QStringLiteral("&Review"))
                review = a->menu();
        }
        QVERIFY(review);
        QVERIFY(review->actions().isEmpty());
        Q_EMIT review->aboutToShow();
        QVERIFY(w.reviewDock()->widget());
        QVERIFY(review->actions().contains(w.reviewPane()->approveAction()));
        QVERIFY(review->actions().contains(w.reviewPane()->nextPendingAction()));
        w.showCompare();
        QCOMPARE(w.compareDock()->widget(), static_cast<QWidget*>(w.compareView()));
        QVERIFY(w.snapshot());
        QTRY_VERIFY(w.compareView()->sideA() == w.snapshot());
    }

    // View > Language: the system's language first, then each translation under its own name; the choice is kept
    // for the next start (main() reads it), and a language this version does not know falls back to the system's.
    void languageChoiceIsKept()
    {
        QSettings().clear();
        QStringList codes;
        {
            MainWindow w(test::sharedWorkspace());
            QMenu* menu = w.languageMenu();
            QVERIFY(menu);
            QList<QAction*> choices;
            for (QAction* a : menu->actions()) {
                if (!a->isSeparator())
                    choices << a;
            }
            for (QAction* a : choices)
                codes << a->data().toString();
            QCOMPARE(codes, (QStringList { QString(), "en", "de", "fr" }));
            QVERIFY(choices[0]->isChecked());
            QCOMPARE(choices[2]->text(), QStringLiteral("Deutsch"));
            QCOMPARE(choices[3]->text(), QString::fromUtf8("Français"));
            choices[2]->trigger();
            QCOMPARE(QSettings().value(QString::fromLatin1(app::kLanguageSetting)).toString(), QStringLiteral("de"));
            QVERIFY(choices[2]->isChecked());
            QVERIFY(!choices[0]->isChecked());
        }
        {
            MainWindow w(test::sharedWorkspace());
            const auto actions = w.languageMenu()->actions();
            const auto de = std::find_if(actions.begin(), actions.end(),
                [](QAction* a) { return a->data().toString() == QStringLiteral("de"); });
            QVERIFY(de != actions.end() && (*de)->isChecked());
        }
        QSettings().setValue(QString::fromLatin1(app::kLanguageSetting), QStringLiteral("xx"));
        {
            MainWindow w(test::sharedWorkspace());
            QVERIFY(w.languageMenu()->actions().value(0)->isChecked());
        }
        QVERIFY(app::localeForLanguage(QStringLiteral("fr")).has_value());
        QCOMPARE(app::localeForLanguage(QStringLiteral("fr"))->language(), QLocale::French);
        QCOMPARE(app::localeForLanguage(QString()), QLocale::system());
        QVERIFY(!app::localeForLanguage(QStringLiteral("xx")));
        QSettings().clear();
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
