// SPDX-License-Identifier: GPL-3.0-or-later
// The source view beside an entry: on the fixture tree of data/source/, the header names file, lines and version
// and says whether the recorded lines drifted; the class and its forward are marked; not found and clear() show
// the message.

#include "sourceview.h"

#include <QTest>

// QScintilla's headers use the words `signals` and `slots`, which QT_NO_KEYWORDS turns off for this project.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#include <Qsci/qscilexerpython.h>
#include <Qsci/qsciscintilla.h>
#undef slots
#undef signals

using lmp::widgets::HighlightedLines;
using lmp::widgets::LineRange;
using lmp::widgets::SourceView;
namespace source = lmp::source;

Q_DECLARE_METATYPE(HighlightedLines)

namespace {

const QString kData = QStringLiteral(LMP_TEST_DATA_DIR "/source");
const QString kLlamaFile = QStringLiteral("src/transformers/models/llama/modeling_llama.py");
const QString kLlamaMlp = QStringLiteral("transformers.models.llama.modeling_llama.LlamaMLP");

source::SourceLookup lookup(const QString& root, const QString& modulePath, const QString& file, int start, int end)
{
    return source::locateClass(
        modulePath, source::CodeLocation { file, start, end, {} }, { source::SourceRoot { kData + u'/' + root, {} } });
}

} // namespace

class TestSourceView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showLookup_data();
    void showLookup();
    void markersPerLine();
    void notFound();
    void clear();
};

void TestSourceView::showLookup_data()
{
    QTest::addColumn<QString>("root");
    QTest::addColumn<QString>("modulePath");
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("start");
    QTest::addColumn<int>("end");
    QTest::addColumn<QStringList>("header"); // lines the header holds, in order
    QTest::addColumn<HighlightedLines>("highlighted");

    const QString installed = kData + QStringLiteral("/site-packages/transformers/models/llama/modeling_llama.py");
    QTest::addRow("drifted") << "site-packages" << kLlamaMlp << kLlamaFile << 34 << 53
                             << QStringList { "class LlamaMLP in modeling_llama.py", installed,
                                    "Lines 46–65, forward 59–64",
                                    "Version: transformers 4.98.0 (" + kData + "/site-packages/transformers)",
                                    "The recorded lines drifted: recorded 34–53, found at 46–65 in the installed "
                                    "version." }
                             << HighlightedLines { { 46, 65 }, { 59, 64 } };
    QTest::addRow("as recorded") << "checkout/transformers" << kLlamaMlp << kLlamaFile << 34 << 53
                                 << QStringList { "class LlamaMLP in modeling_llama.py",
                                        kData + "/checkout/transformers/" + kLlamaFile, "Lines 34–53, forward 47–52",
                                        "Version: transformers 4.99.0 (" + kData
                                            + "/checkout/transformers/src/transformers)",
                                        "The class is where it was recorded." }
                                 << HighlightedLines { { 34, 53 }, { 47, 52 } };
    QTest::addRow("recorded forward only")
        << "site-packages"
        << "torch.nn.Linear"
        << "torch/nn/modules/linear.py" << 51 << 52
        << QStringList { "class Linear in linear.py", kData + "/site-packages/torch/nn/modules/linear.py",
               "Lines 24–55, forward 51–52", "Version: torch 2.5.1 (" + kData + "/site-packages/torch)",
               "The recorded lines 51–52 lie inside the class." }
        << HighlightedLines { { 24, 55 }, { 51, 52 } };
    QTest::addRow("found by name, no forward")
        << "checkout/transformers"
        << "transformers.models.llama.modeling_llama.LlamaRMSNorm" << QString() << 0 << 0
        << QStringList { "class LlamaRMSNorm in modeling_llama.py", kData + "/checkout/transformers/" + kLlamaFile,
               "Lines 13–31, forward 23–28",
               "Version: transformers 4.99.0 (" + kData + "/checkout/transformers/src/transformers)",
               "No lines are recorded for this file: the class was found by "
               "name." }
        << HighlightedLines { { 13, 31 }, { 23, 28 } };
}

void TestSourceView::showLookup()
{
    QFETCH(QString, root);
    QFETCH(QString, modulePath);
    QFETCH(QString, file);
    QFETCH(int, start);
    QFETCH(int, end);
    QFETCH(QStringList, header);
    QFETCH(HighlightedLines, highlighted);

    const source::SourceLookup found = lookup(root, modulePath, file, start, end);
    QVERIFY2(found.found, qPrintable(found.message));
    SourceView view;
    view.resize(800, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.clear(QStringLiteral("before"));
    view.showLookup(found);

    QCOMPARE(view.headerText().split(u'\n'), header);
    QCOMPARE(view.highlightedLines(), highlighted);
    QCOMPARE(view.editor()->text(), found.text);
    QVERIFY(view.editor()->isReadOnly());
    QVERIFY(qobject_cast<QsciLexerPython*>(view.editor()->lexer()));
    // Scrolled so that the class's first line shows.
    const int first = view.editor()->firstVisibleLine();
    const int onScreen = int(view.editor()->SendScintilla(QsciScintilla::SCI_LINESONSCREEN));
    QVERIFY2(first <= highlighted.classLines.first - 1 && highlighted.classLines.first - 1 < first + onScreen,
        qPrintable(QStringLiteral("first visible %1, %2 on screen").arg(first).arg(onScreen)));
    // Read-only: typing changes nothing.
    QTest::keyClicks(view.editor(), QStringLiteral("xyz"));
    QCOMPARE(view.editor()->text(), found.text);
}

void TestSourceView::markersPerLine()
{
    SourceView view;
    view.showLookup(lookup(QStringLiteral("site-packages"), kLlamaMlp, kLlamaFile, 34, 53));
    QsciScintilla* editor = view.editor();
    // 0-based lines: 44 is before the class, 45 its first line, 58 its forward's first, 64 its last.
    QCOMPARE(editor->markersAtLine(44), 0u);
    const unsigned classOnly = editor->markersAtLine(45);
    QVERIFY(classOnly != 0);
    const unsigned both = editor->markersAtLine(58);
    QVERIFY((both & classOnly) == classOnly && both != classOnly);
    QCOMPARE(editor->markersAtLine(57), classOnly);
    QCOMPARE(editor->markersAtLine(64), classOnly);
    QCOMPARE(editor->markersAtLine(65), 0u);
}

void TestSourceView::notFound()
{
    const source::SourceLookup missing = lookup(QStringLiteral("checkout/transformers"),
        QStringLiteral("transformers.models.llama.modeling_llama.LlamaMLPX"), kLlamaFile, 34, 53);
    QVERIFY(!missing.found);
    SourceView view;
    view.showLookup(lookup(QStringLiteral("site-packages"), kLlamaMlp, kLlamaFile, 34, 53));
    view.showLookup(missing);
    QCOMPARE(view.headerText(), QStringLiteral("Source of class LlamaMLPX not found"));
    QCOMPARE(view.editor()->text(), missing.message);
    QVERIFY(view.editor()->text().startsWith(QStringLiteral("class LlamaMLPX not found in ") + kData
        + QStringLiteral("/checkout/transformers/") + kLlamaFile));
    QCOMPARE(view.highlightedLines(), HighlightedLines {});
    QCOMPARE(view.editor()->lexer(), nullptr);
}

void TestSourceView::clear()
{
    SourceView view;
    view.showLookup(lookup(QStringLiteral("site-packages"), kLlamaMlp, kLlamaFile, 34, 53));
    QVERIFY(!view.headerText().isEmpty());
    view.clear(QStringLiteral("Select an entry to see its source."));
    QCOMPARE(view.editor()->text(), QStringLiteral("Select an entry to see its source."));
    QCOMPARE(view.headerText(), QString());
    QCOMPARE(view.highlightedLines(), HighlightedLines {});
    QCOMPARE(view.editor()->lexer(), nullptr);
    QVERIFY(view.editor()->isReadOnly());
}

QTEST_MAIN(TestSourceView)
#include "tst_sourceview.moc"
