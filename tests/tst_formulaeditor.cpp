// SPDX-License-Identifier: GPL-3.0-or-later
// The formula editor on the built-in entries and Llama-2-7B (prefill, B = 1, S = 128): the value as you type, every
// error underlined at its bytes, completion, the call tree against the analysis, the breakdown sum, Apply and
// Revert, and the highlighting. Every number is derived by hand in the comments.
#include "analysissnapshot.h"
#include "db/layereddatabase.h"
#include "formulaeditor.h"
#include "formulalexer.h"
#include "formulaqsci.h"
#include "testworkspace.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>
#include <QTreeWidget>

#include <nlohmann/json.hpp>

#include <cmath>

using namespace lmp;
using widgets::FormulaEditor;
using widgets::FormulaLexer;
using Json = nlohmann::ordered_json;

namespace {

const QString kLinear = QStringLiteral("torch__nn__Linear");
const QString kMlp = QStringLiteral("transformers__models__llama__modeling_llama__LlamaMLP");
const QString kDecoder = QStringLiteral("transformers__models__llama__modeling_llama__LlamaDecoderLayer");

const db::ModuleDatabase& builtin()
{
    static const db::ModuleDatabase database = [] {
        auto loaded = db::LayeredDatabase::loadBuiltin();
        if (const auto* e = std::get_if<db::DbError>(&loaded))
            qFatal("built-in database: %s", e->describe().c_str());
        return std::get<db::ModuleDatabase>(std::move(loaded));
    }();
    return database;
}

Json entry(const QString& key)
{
    const Json* e = builtin().entry(key.toStdString());
    if (!e)
        qFatal("no built-in entry %s", qPrintable(key));
    return *e;
}

// Llama-2-7B, a prefill of 128 tokens of one sequence: T = N = 128.
const widgets::SnapshotPtr& llama()
{
    static const widgets::SnapshotPtr snapshot = [] {
        analysis::Settings settings;
        settings.batch = 1;
        settings.seq = 128;
        return widgets::makeSnapshot(test::loadModel(QStringLiteral("meta-llama/Llama-2-7b-hf")),
            test::workspace().library, settings, std::nullopt);
    }();
    return snapshot;
}

// The stored node of an instance, by walking its dotted name from the root.
std::optional<model::NodeId> nodeId(const model::ModuleTree& tree, const QString& fullName)
{
    model::NodeId id = tree.root();
    for (const QString& part : fullName.split(QLatin1Char('.'), Qt::SkipEmptyParts)) {
        const auto& children = tree.node(id).children;
        const auto it = std::find_if(
            children.begin(), children.end(), [&](const model::ChildRef& c) { return c.name == part.toStdString(); });
        if (it == children.end())
            return std::nullopt;
        id = it->node;
    }
    return id;
}

model::NodeId child(const model::ModuleTree& tree, model::NodeId parent, const char* name)
{
    for (const auto& c : tree.node(parent).children) {
        if (c.name == name)
            return c.node;
    }
    qFatal("no child %s", name);
}

void select(FormulaEditor& editor, const QString& fullName, const QString& key, const Json& e,
    const QString& status = QStringLiteral("validated"))
{
    const auto id = nodeId(llama()->tree(), fullName);
    QVERIFY(id);
    editor.setAnalysis(llama(), id, fullName);
    editor.setEntry(key, e, status, QStringLiteral("built-in"));
}

QString inclusiveFlops(model::NodeId node)
{
    const auto& value = llama()->result.nodes[node].inclusive[formula::Kind::Flops];
    return value ? QString::fromStdString(value->toString()) : QString();
}

// WCAG 2 relative luminance and contrast ratio.
double luminance(const QColor& c)
{
    auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double contrast(const QColor& a, const QColor& b)
{
    const double x = luminance(a), y = luminance(b);
    return (std::max(x, y) + 0.05) / (std::min(x, y) + 0.05);
}

int styleAt(QsciScintilla* editor, int position)
{
    return static_cast<int>(
        editor->SendScintilla(QsciScintillaBase::SCI_GETSTYLEAT, static_cast<unsigned long>(position)));
}

} // namespace

class TestFormulaEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(llama()->library);
    }

    // Typing a template on model.layers.0.mlp.down_proj (Linear 11008 -> 4096, N = T = 128) shows its value.
    void typingUpdatesValue()
    {
        FormulaEditor editor;
        // The breakdown list runs under the model tester. The call tree is a QTreeWidget, whose model (Qt's QTreeModel)
        // gives an item's children under every column: the tester's "common error #3", not a model of ours.
        QAbstractItemModelTester breakdown(
            editor.breakdownTree()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        editor.resize(900, 700);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        select(editor, QStringLiteral("model.layers.0.mlp.down_proj"), kLinear, entry(kLinear));
        QsciScintilla* ed = editor.editor();
        QVERIFY(ed);
        QCOMPARE(editor.pageField(editor.currentPage()), QStringLiteral("formula_template"));
        ed->selectAll();
        ed->removeSelectedText();
        ed->setFocus();
        const QString typed = QStringLiteral("2 * ${N} * ${in_features} * ${out_features}");
        QTest::keyClicks(ed, typed);
        QCOMPARE(ed->text(), typed);
        // 2 * 128 * 11008 * 4096 = 256 * 45,088,768 = 11,542,724,608.
        QVERIFY2(editor.valueText().contains(QStringLiteral("11,542,724,608")), qPrintable(editor.valueText()));
        QVERIFY(editor.errorRanges().empty());
        QVERIFY(editor.bindingText().contains(QStringLiteral("in_features = 11,008")));

        ed->setText(QStringLiteral("${in_features}"));
        QVERIFY2(editor.valueText().startsWith(QStringLiteral("= 11,008")), qPrintable(editor.valueText()));
        QVERIFY(!editor.valueText().contains(QStringLiteral("11,542")));
        // The call tree of a template without calls is its root alone, with the value.
        QCOMPARE(editor.callTree()->topLevelItemCount(), 1);
        QCOMPARE(editor.callTree()->topLevelItem(0)->childCount(), 0);
        QCOMPARE(editor.callTree()
                     ->topLevelItem(0)
                     ->data(FormulaEditor::ValueColumn, FormulaEditor::ExactValueRole)
                     .toString(),
            QStringLiteral("11008"));

        // A real number is shown as one; an evaluation error with its message.
        ed->setText(QStringLiteral("${in_features} / 3"));
        QVERIFY2(editor.valueText().contains(QStringLiteral("3669.33")), qPrintable(editor.valueText()));
        QVERIFY(editor.valueText().contains(QStringLiteral("real")));
        ed->setText(QStringLiteral("${in_features} // (${N} - 128)"));
        QVERIFY2(editor.valueText().startsWith(QStringLiteral("error:")), qPrintable(editor.valueText()));
        QVERIFY(editor.valueText().contains(QStringLiteral("zero")));
    }

    void errorsUnderlined_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QList<int>>("ranges"); // begin, end, begin, end, ... in UTF-8 bytes
        // "2 ^ 3 + foo(1) + {nope}(2)": '^' is byte 2; "foo" bytes 8-10 (after "2 ^ 3 + ", 8 bytes); "{nope}" starts
        // after "2 ^ 3 + foo(1) + " (17 bytes) and is 6 bytes long.
        QTest::addRow("three errors") << "2 ^ 3 + foo(1) + {nope}(2)" << QList<int> { 2, 3, 8, 11, 17, 23 };
        // '×' is two bytes (C3 97): the error covers bytes 2-3, and "#" after " × 3 " is byte 7.
        QTest::addRow("after a two-byte character") << QStringLiteral("2 × 3 # 4") << QList<int> { 2, 4, 7, 8 };
        // A second line: "1 +\n" is 4 bytes, so "foo" on the next line is bytes 4-6.
        QTest::addRow("two lines") << "1 +\nfoo(2)" << QList<int> { 4, 7 };
        QTest::addRow("none") << "2 * ${N}" << QList<int> {};
    }
    void errorsUnderlined()
    {
        QFETCH(QString, text);
        QFETCH(QList<int>, ranges);
        FormulaEditor editor;
        select(editor, QStringLiteral("model.layers.0.mlp.down_proj"), kLinear, entry(kLinear));
        editor.editor()->setText(text);
        QList<int> drawn;
        for (const auto& r : editor.errorRanges())
            drawn << static_cast<int>(r.begin) << static_cast<int>(r.end);
        QCOMPARE(drawn, ranges);
        QCOMPARE(editor.errorMessages().size(), ranges.size() / 2);
        QCOMPARE(editor.hasErrors(), !ranges.isEmpty());
        if (!ranges.isEmpty()) {
            QVERIFY(editor.valueText().contains(QStringLiteral("error")));
            QVERIFY(!editor.applyButton()->isEnabled());
        }
        // Fixed: every underline goes.
        editor.editor()->setText(QStringLiteral("1"));
        QVERIFY(editor.errorRanges().empty());
        QVERIFY(editor.errorMessages().isEmpty());
    }

    void errorMessages()
    {
        FormulaEditor editor;
        select(editor, QStringLiteral("model.layers.0.mlp.down_proj"), kLinear, entry(kLinear));
        editor.editor()->setText(QStringLiteral("2 ^ 3 + foo(1) + {nope}(2)"));
        const QStringList messages = editor.errorMessages();
        QCOMPARE(messages.size(), 3);
        QVERIFY2(messages[0].startsWith(QStringLiteral("1:3 ")) && messages[0].contains(QStringLiteral("'**'")),
            qPrintable(messages[0]));
        QVERIFY2(messages[1].startsWith(QStringLiteral("1:9 ")) && messages[1].contains(QStringLiteral("foo")),
            qPrintable(messages[1]));
        QVERIFY2(messages[2].startsWith(QStringLiteral("1:18 ")) && messages[2].contains(QStringLiteral("nope")),
            qPrintable(messages[2]));
        // Resting the mouse on an underline shows its message (Scintilla's dwell notification at byte 9, in "foo").
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        Q_EMIT editor.editor()->SCN_DWELLSTART(9, 20, 5);
        QVERIFY2(QToolTip::text().contains(QStringLiteral("foo")), qPrintable(QToolTip::text()));
        Q_EMIT editor.editor()->SCN_DWELLEND(9, 20, 5);
    }

    void completion()
    {
        FormulaEditor editor;
        select(editor, QStringLiteral("model.layers.0.mlp.down_proj"), kLinear, entry(kLinear));
        // After "${": the entry's parameters (flop, then memory-only) and the context variables.
        const QStringList parameters = editor.completions(QStringLiteral("2 * ${"));
        for (const char* name : { "${N}", "${in_features}", "${out_features}", "${bias}", "${w_bytes}", "${a_bytes}",
                 "${B}", "${S}", "${P}", "${S_kv}", "${T}", "${kv_bytes}" })
            QVERIFY2(parameters.contains(QLatin1String(name)), name);
        QCOMPARE(parameters.indexOf(QStringLiteral("${N}")), 0);
        QCOMPARE(parameters.count(QStringLiteral("${N}")), 1); // a parameter that is also a context name, once
        QVERIFY(!parameters.contains(QStringLiteral("{torch__nn__Linear}(")));
        // The context variables come with their descriptions; parameters with their value on the node.
        const auto items = editor.completionItems(QStringLiteral("${"));
        const auto batch = std::find_if(items.begin(), items.end(), [](const auto& c) { return c.text == "${B}"; });
        QVERIFY(batch != items.end());
        QVERIFY2(batch->description.contains(QStringLiteral("batch")), qPrintable(batch->description));
        const auto in =
            std::find_if(items.begin(), items.end(), [](const auto& c) { return c.text == "${in_features}"; });
        QVERIFY(in != items.end());
        QVERIFY2(in->label.contains(QStringLiteral("11,008")), qPrintable(in->label));
        // What was typed filters.
        const QStringList in_ = editor.completions(QStringLiteral("${in"));
        QCOMPARE(in_, QStringList { QStringLiteral("${in_features}") });

        // After "{": module keys, as a call.
        const QStringList keys = editor.completions(QStringLiteral("1 + {"));
        QVERIFY(keys.contains(QStringLiteral("{torch__nn__Linear}(")));
        QVERIFY(keys.contains(QStringLiteral("{") + kMlp + QStringLiteral("}(")));
        QVERIFY(!keys.contains(QStringLiteral("${N}")));
        QVERIFY(editor.completions(QStringLiteral("{Lin")).contains(QStringLiteral("{torch__nn__Linear}(")));
        // A dotted path matches the key's "__" form.
        QVERIFY(editor.completions(QStringLiteral("{torch.nn.Li")).contains(QStringLiteral("{torch__nn__Linear}(")));
        // setModuleKeys() replaces the library's keys.
        editor.setModuleKeys({ QStringLiteral("my__pkg__Block"), QStringLiteral("torch__nn__Linear") });
        QCOMPARE(editor.completions(QStringLiteral("{")),
            QStringList({ QStringLiteral("{my__pkg__Block}("), QStringLiteral("{torch__nn__Linear}(") }));

        // A word: functions, and parameters that start with it.
        const QStringList ceil = editor.completions(QStringLiteral("1 + cei"));
        QCOMPARE(ceil, QStringList({ QStringLiteral("ceil("), QStringLiteral("ceil_div(") }));
        QVERIFY(editor.completions(QStringLiteral("i")).contains(QStringLiteral("${in_features}")));
        QVERIFY(editor.completions(QStringLiteral("i")).contains(QStringLiteral("if(")));
        // Inside a module call's parentheses: the callee's parameter names.
        const QStringList named = editor.completions(QStringLiteral("{torch__nn__Linear}(N=1, in"));
        QVERIFY(named.contains(QStringLiteral("in_features=")));
        QVERIFY(!named.contains(QStringLiteral("out_features=")));
        QVERIFY(!editor.completions(QStringLiteral("{torch__nn__Linear}(N=1) + in")).contains("in_features="));

        // In the editor: "${" opens the list, Return inserts the first item (the entry's first parameter).
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QsciScintilla* ed = editor.editor();
        ed->setText(QString());
        ed->setFocus();
        QTest::keyClicks(ed, QStringLiteral("2 * ${"));
        QVERIFY(ed->isListActive());
        QTest::keyClick(ed, Qt::Key_Return);
        QCOMPARE(ed->text(), QStringLiteral("2 * ${N}"));
        QVERIFY(!ed->isListActive());
        QVERIFY2(editor.valueText().startsWith(QStringLiteral("= 256 ")), qPrintable(editor.valueText())); // 2 * 128
        // "{Lin" and Return: the call to Linear.
        QTest::keyClicks(ed, QStringLiteral(" + {Lin"));
        QVERIFY(ed->isListActive());
        QTest::keyClick(ed, Qt::Key_Return);
        QCOMPARE(ed->text(), QStringLiteral("2 * ${N} + {torch__nn__Linear}("));
        // Ctrl+Space after a word: the functions that start with it.
        ed->setText(QStringLiteral("1 + cei"));
        ed->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, 7UL);
        QVERIFY(!ed->isListActive());
        QTest::keyClick(ed, Qt::Key_Space, Qt::ControlModifier);
        QVERIFY(ed->isListActive());
        QTest::keyClick(ed, Qt::Key_Down);
        QTest::keyClick(ed, Qt::Key_Return);
        QCOMPARE(ed->text(), QStringLiteral("1 + ceil_div("));
    }

    // LlamaDecoderLayer on model.layers.0: the call tree's calls and values are the analysis's figures of the
    // layer's children.
    void callTree()
    {
        FormulaEditor editor;
        QAbstractItemModelTester breakdownTester(
            editor.breakdownTree()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        select(editor, QStringLiteral("model.layers.0"), kDecoder, entry(kDecoder));
        const auto& tree = llama()->tree();
        const model::NodeId layer = *nodeId(tree, QStringLiteral("model.layers.0"));
        QTreeWidgetItem* root = editor.callTree()->topLevelItem(0);
        QVERIFY(root);
        QCOMPARE(editor.callTree()->topLevelItemCount(), 1);
        QCOMPARE(
            root->data(FormulaEditor::ValueColumn, FormulaEditor::ExactValueRole).toString(), inclusiveFlops(layer));

        // formula_template: RMSNorm + attention + RMSNorm + MLP + the residual adds; the second RMSNorm, with the same
        // arguments, is answered by the memo.
        QStringList calls;
        for (int i = 0; i < root->childCount(); ++i)
            calls << root->child(i)->text(FormulaEditor::CallColumn) + QLatin1Char('|')
                    + root->child(i)->text(FormulaEditor::MemoColumn);
        QCOMPARE(calls, QStringList({ "LlamaRMSNorm|", "LlamaAttention|", "LlamaRMSNorm|memo", "LlamaMLP|" }));
        const char* children[] = { "input_layernorm", "self_attn", "post_attention_layernorm", "mlp" };
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(root->child(i)->data(FormulaEditor::ValueColumn, FormulaEditor::ExactValueRole).toString(),
                inclusiveFlops(child(tree, layer, children[i])));
        }

        // By hand (T = 128, hidden 4096, intermediate 11008, no biases):
        // RMSNorm: 4 * T * hidden = 4 * 128 * 4096 = 2,097,152.
        QCOMPARE(root->child(0)->data(FormulaEditor::ValueColumn, FormulaEditor::ExactValueRole).toString(),
            QStringLiteral("2097152"));
        QCOMPARE(root->child(0)->text(FormulaEditor::ArgumentsColumn), QStringLiteral("N=128, hidden_size=4,096"));
        // MLP: three projections 2 * 128 * 4096 * 11008 = 11,542,724,608 each (34,628,173,824), SiLU 4 * 128 * 11008
        // = 5,636,096, the gating product 128 * 11008 = 1,409,024: 34,635,218,944.
        QTreeWidgetItem* mlp = root->child(3);
        QCOMPARE(mlp->data(FormulaEditor::ValueColumn, FormulaEditor::ExactValueRole).toString(),
            QStringLiteral("34635218944"));
        QVERIFY(mlp->text(FormulaEditor::ValueColumn).startsWith(QStringLiteral("34,635,218,944")));
        // Inside it: gate_proj, up_proj (the memo: same arguments), the activation, down_proj.
        QStringList inner;
        for (int i = 0; i < mlp->childCount(); ++i)
            inner << mlp->child(i)->text(FormulaEditor::CallColumn) + QLatin1Char('|')
                    + mlp->child(i)->data(FormulaEditor::ValueColumn, FormulaEditor::ExactValueRole).toString()
                    + QLatin1Char('|') + mlp->child(i)->text(FormulaEditor::MemoColumn);
        QCOMPARE(inner,
            QStringList({ "Linear|11542724608|", "Linear|11542724608|memo", "SiLU|5636096|", "Linear|11542724608|" }));
        // The layer's breakdown adds up to its formula.
        QVERIFY2(editor.breakdownText().contains(QStringLiteral("= formula_template ✓")),
            qPrintable(editor.breakdownText()));
    }

    void applyAndRevert()
    {
        FormulaEditor editor;
        const Json original = entry(kMlp);
        select(editor, QStringLiteral("model.layers.0.mlp"), kMlp, original);
        QVERIFY(!editor.isModified());
        QVERIFY(!editor.applyButton()->isEnabled());
        QVERIFY(!editor.revertButton()->isEnabled());
        // The built-in MLP's breakdown sums to its formula: 34,635,218,944 (see callTree()).
        QVERIFY2(editor.breakdownText().contains(QStringLiteral("Σ breakdown = 34,635,218,944 = formula_template ✓")),
            qPrintable(editor.breakdownText()));
        QCOMPARE(editor.breakdownTree()->topLevelItemCount(), 5);
        QCOMPARE(editor.breakdownTree()->topLevelItem(3)->text(FormulaEditor::ItemColumn),
            QStringLiteral("gating_multiply"));
        QCOMPARE(editor.breakdownTree()
                     ->topLevelItem(3)
                     ->data(FormulaEditor::ItemValueColumn, FormulaEditor::ExactValueRole)
                     .toString(),
            QStringLiteral("1409024"));
        QCOMPARE(editor.pageCount(), 6 + 5);
        QCOMPARE(editor.pageField(7), QStringLiteral("breakdown.up_proj"));

        QSignalSpy modified(&editor, &FormulaEditor::modifiedChanged);
        QString appliedKey;
        Json applied;
        int applies = 0;
        connect(&editor, &FormulaEditor::applyRequested, this, [&](const QString& key, const Json& e) {
            appliedKey = key;
            applied = e;
            ++applies;
        });

        QVERIFY(editor.setCurrentPage(QStringLiteral("matmul_template")));
        QsciScintilla* ed = editor.editor();
        const QString before = ed->text();
        QCOMPARE(before.toStdString(), original["flop_analysis"]["matmul_template"].get<std::string>());
        const QString edited = before + QStringLiteral(" + 0");
        ed->setText(edited);
        QVERIFY(editor.isModified());
        QCOMPARE(modified.size(), 1);
        QCOMPARE(modified.at(0).at(0).toBool(), true);
        QVERIFY(editor.applyButton()->isEnabled());

        // An error anywhere disables Apply.
        ed->setText(edited + QStringLiteral(" ^ 2"));
        QVERIFY(!editor.applyButton()->isEnabled());
        editor.apply();
        QCOMPARE(applies, 0);
        ed->setText(edited);
        QVERIFY(editor.applyButton()->isEnabled());
        editor.applyButton()->click();
        QCOMPARE(applies, 1);
        QCOMPARE(appliedKey, kMlp);
        Json expected = original;
        expected["flop_analysis"]["matmul_template"] = edited.toStdString();
        QVERIFY(applied == expected);
        QCOMPARE(applied.dump(), expected.dump()); // key order kept

        // Revert: the text as set, not modified.
        editor.revertButton()->click();
        QCOMPARE(ed->text(), before);
        QVERIFY(!editor.isModified());
        QCOMPARE(modified.size(), 2);
        QCOMPARE(modified.at(1).at(0).toBool(), false);
        QVERIFY(!editor.applyButton()->isEnabled());

        // A breakdown item that no longer adds up: gating_multiply 0 leaves the sum 1,409,024 short.
        QVERIFY(editor.setCurrentPage(QStringLiteral("breakdown.gating_multiply")));
        editor.editor()->setText(QStringLiteral("0"));
        QVERIFY2(editor.breakdownText().contains(QStringLiteral("≠ formula_template 34,635,218,944")),
            qPrintable(editor.breakdownText()));
        QVERIFY(editor.breakdownText().contains(QStringLiteral("difference -1,409,024")));
        editor.applyButton()->click();
        QCOMPARE(applies, 2);
        expected = original;
        expected["flop_analysis"]["breakdown"]["gating_multiply"] = "0";
        QCOMPARE(applied.dump(), expected.dump());

        // The same entry set again (a re-analysis) keeps the edit; the applied entry, as stored, resets it.
        select(editor, QStringLiteral("model.layers.0.mlp"), kMlp, original);
        QVERIFY(editor.isModified());
        select(editor, QStringLiteral("model.layers.0.mlp"), kMlp, applied, QStringLiteral("pending"));
        QVERIFY(!editor.isModified());
        QCOMPARE(editor.pageEditor(editor.pageCount() - 2)->text(), QStringLiteral("0"));
        QVERIFY2(editor.headerText().contains(QStringLiteral("pending")), qPrintable(editor.headerText()));
    }

    // A missing matmul_template is "unknown", not 0, until a template is added.
    void missingTemplate()
    {
        FormulaEditor editor;
        Json linear = entry(kLinear);
        linear["flop_analysis"].erase("matmul_template");
        select(editor, QStringLiteral("model.layers.0.mlp.down_proj"), kLinear, linear);
        QVERIFY(!editor.isPagePresent(1));
        editor.setCurrentPage(1);
        QVERIFY2(editor.valueText().startsWith(QStringLiteral("unknown")), qPrintable(editor.valueText()));
        QVERIFY(!editor.valueText().contains(QLatin1Char('0')));
        QVERIFY(!editor.isModified());

        editor.addTemplate(1);
        QVERIFY(editor.isPagePresent(1));
        QVERIFY(editor.isModified());
        QVERIFY(editor.hasErrors()); // empty: not a formula yet
        QVERIFY(!editor.applyButton()->isEnabled());
        editor.editor()->setText(QStringLiteral("2 * ${N} * ${in_features} * ${out_features}"));
        QVERIFY(editor.valueText().contains(QStringLiteral("11,542,724,608")));
        QVERIFY(editor.applyButton()->isEnabled());
        const Json edited = editor.editedEntry();
        QCOMPARE(edited["flop_analysis"]["matmul_template"].get<std::string>(),
            std::string("2 * ${N} * ${in_features} * ${out_features}"));
        editor.revert();
        QVERIFY(!editor.isPagePresent(1));
        QVERIFY(!editor.isModified());
    }

    // No node of the class selected: the context alone, and the parameters left unbound are named.
    void contextAlone()
    {
        FormulaEditor editor;
        editor.setAnalysis(llama(), std::nullopt, QString());
        editor.setEntry(kLinear, entry(kLinear), QStringLiteral("validated"), QStringLiteral("built-in"));
        QVERIFY(editor.bindingText().contains(QStringLiteral("context alone")));
        QVERIFY2(editor.bindingText().contains(QStringLiteral("${in_features}, ${out_features}, ${bias}")),
            qPrintable(editor.bindingText()));
        QVERIFY(editor.valueText().startsWith(QStringLiteral("error:")));
        QVERIFY(editor.valueText().contains(QStringLiteral("in_features")));
        // The context does give N: 2 * N = 256.
        editor.editor()->setText(QStringLiteral("2 * ${N}"));
        QVERIFY2(editor.valueText().startsWith(QStringLiteral("= 256 ")), qPrintable(editor.valueText()));

        // A node of another class binds nothing either.
        const auto norm = nodeId(llama()->tree(), QStringLiteral("model.norm"));
        editor.setAnalysis(llama(), norm, QStringLiteral("model.norm"));
        QVERIFY(editor.bindingText().contains(QStringLiteral("context alone")));
        QCOMPARE(editor.editor()->text(), QStringLiteral("2 * ${N}")); // the edit stays
    }

    void headerAndNoEntry()
    {
        FormulaEditor editor;
        select(editor, QStringLiteral("model.layers.0.mlp"), kMlp, entry(kMlp), QStringLiteral("needs_changes"));
        const QString header = editor.headerText();
        QVERIFY2(header.contains(QStringLiteral("model.layers.0.mlp")), qPrintable(header));
        QVERIFY(header.contains(QStringLiteral("transformers.models.llama.modeling_llama.LlamaMLP")));
        QVERIFY(header.contains(kMlp));
        QVERIFY(header.contains(QStringLiteral("needs changes")));
        QVERIFY(header.contains(QStringLiteral("not reviewed")));
        QVERIFY(header.contains(QStringLiteral("built-in")));

        // The model's root (LlamaForCausalLM) as a class without an entry.
        QSignalSpy create(&editor, &FormulaEditor::createRequested);
        editor.setAnalysis(llama(), llama()->tree().root(), QString());
        editor.clearEntry(QStringLiteral("LlamaForCausalLM has no entry"));
        QVERIFY(!editor.hasEntry());
        QCOMPARE(editor.messageText(), QStringLiteral("LlamaForCausalLM has no entry"));
        QVERIFY(!editor.editor());
        const auto buttons = editor.findChildren<QPushButton*>();
        QPushButton* newEntry = nullptr;
        for (QPushButton* b : buttons) {
            if (b->text().startsWith(QStringLiteral("New entry")))
                newEntry = b;
        }
        QVERIFY(newEntry);
        newEntry->click();
        QCOMPARE(create.size(), 1);
        QCOMPARE(
            create.at(0).at(0).toString(), QStringLiteral("transformers.models.llama.modeling_llama.LlamaForCausalLM"));
    }

    void readOnly()
    {
        FormulaEditor editor;
        select(editor, QStringLiteral("model.layers.0.mlp"), kMlp, entry(kMlp));
        editor.setReadOnly(true);
        QVERIFY(editor.editor()->isReadOnly());
        QVERIFY(editor.applyButton()->isHidden());
    }

    // The lexer's styles at byte positions, from formula::tokenize.
    void lexerStyles()
    {
        FormulaEditor editor;
        select(editor, QStringLiteral("model.layers.0.mlp.down_proj"), kLinear, entry(kLinear));
        QsciScintilla* ed = editor.editor();
        // Bytes: "max" 0-2, "(" 3, "${N}" 4-7, "," 8, "2" 10, ")" 11, "+" 13, "{torch__nn__Linear}" 15-33, "(" 34,
        // "N" 35, "=" 36, "1" 37, ")" 38, "^" 40, "x" 42, "1.5e3" 46-50 after " * ".
        ed->setText(QStringLiteral("max(${N}, 2) + {torch__nn__Linear}(N=1) ^ x * 1.5e3"));
        ed->SendScintilla(QsciScintillaBase::SCI_COLOURISE, 0UL, -1L);
        QCOMPARE(styleAt(ed, 0), int(FormulaLexer::Function));
        QCOMPARE(styleAt(ed, 2), int(FormulaLexer::Function));
        QCOMPARE(styleAt(ed, 3), int(FormulaLexer::Bracket));
        QCOMPARE(styleAt(ed, 4), int(FormulaLexer::Parameter));
        QCOMPARE(styleAt(ed, 7), int(FormulaLexer::Parameter));
        QCOMPARE(styleAt(ed, 8), int(FormulaLexer::Bracket));
        QCOMPARE(styleAt(ed, 9), int(FormulaLexer::Default));
        QCOMPARE(styleAt(ed, 10), int(FormulaLexer::Number));
        QCOMPARE(styleAt(ed, 13), int(FormulaLexer::Operator));
        QCOMPARE(styleAt(ed, 15), int(FormulaLexer::ModuleKey));
        QCOMPARE(styleAt(ed, 33), int(FormulaLexer::ModuleKey));
        QCOMPARE(styleAt(ed, 34), int(FormulaLexer::Bracket));
        QCOMPARE(styleAt(ed, 35), int(FormulaLexer::Identifier));
        QCOMPARE(styleAt(ed, 36), int(FormulaLexer::Operator));
        QCOMPARE(styleAt(ed, 37), int(FormulaLexer::Number));
        QCOMPARE(styleAt(ed, 40), int(FormulaLexer::Error));
        QCOMPARE(styleAt(ed, 42), int(FormulaLexer::Identifier));
        QCOMPARE(styleAt(ed, 46), int(FormulaLexer::Number));
        QCOMPARE(styleAt(ed, 50), int(FormulaLexer::Number));
        // Editing restyles: "max" becomes an unknown word.
        ed->SendScintilla(QsciScintillaBase::SCI_INSERTTEXT, 0UL, "x");
        ed->SendScintilla(QsciScintillaBase::SCI_COLOURISE, 0UL, -1L);
        QCOMPARE(styleAt(ed, 0), int(FormulaLexer::Identifier));
        QCOMPARE(styleAt(ed, 5), int(FormulaLexer::Parameter));

        // Every style has a name and a colour readable on the white paper.
        FormulaLexer* lexer = qobject_cast<FormulaLexer*>(ed->lexer());
        QVERIFY(lexer);
        for (int s = 0; s < FormulaLexer::StyleCount; ++s) {
            QVERIFY(!lexer->description(s).isEmpty());
            // WCAG contrast of text on its paper: 4.5:1 or more.
            const double ratio = contrast(lexer->defaultColor(s), lexer->defaultPaper(s));
            QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("style %1: %2:1").arg(s).arg(ratio)));
        }
        QVERIFY(lexer->description(FormulaLexer::StyleCount).isEmpty());
    }
};

QTEST_MAIN(TestFormulaEditor)
#include "tst_formulaeditor.moc"
