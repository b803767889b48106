// SPDX-License-Identifier: GPL-3.0-or-later
// The main window as a user drives it: the first start on the built-in default model, opening models (and
// failing to, without losing the analysis on screen), the tree and the roofline selecting each other, settings
// that re-analyze off the GUI thread while the view keeps its expansion, drag and drop, and the saved session.
#include "analysis/workspace.h"
#include "analysisrunner.h"
#include "chartutil.h"
#include "db/databasesession.h"
#include "formulaeditor.h"
#include "formulaqsci.h"
#include "mainwindow.h"
#include "moduletreemodel.h"
#include "moduletreeproxy.h"
#include "reviewpane.h"
#include "rooflineplot.h"
#include "settingspanel.h"
#include "testworkspace.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QDropEvent>
#include <QLineEdit>
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

bool waitShown(MainWindow& w, QSignalSpy& spy)
{
    if (!spy.wait(20000))
        return false;
    // A newer analysis may follow (settings changed while a model was read): wait until none runs.
    return w.runner()->waitForIdle(20000);
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
        QVERIFY(w.runner()->waitForIdle(20000));
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
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
