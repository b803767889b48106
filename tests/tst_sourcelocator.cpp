// SPDX-License-Identifier: GPL-3.0-or-later
// Finding a module class's Python source: the class's lines in a text (recorded, inside the record, drifted),
// resolving module paths and recorded files against checkouts, package folders and site-packages (the fixture
// tree in data/source/), versions, git HEADs, odd files, and the interpreter lookup with a fake "python".

#include "source/sourcelocator.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace lmp::source;

namespace {

const QString kData = QStringLiteral(LMP_TEST_DATA_DIR "/source");
const QString kCheckout = kData + QStringLiteral("/checkout/transformers");
const QString kSitePackages = kData + QStringLiteral("/site-packages");
const QString kLlamaFile = QStringLiteral("src/transformers/models/llama/modeling_llama.py");
const QString kLlamaMlp = QStringLiteral("transformers.models.llama.modeling_llama.LlamaMLP");
// A commit hash for the .git folders made at test time.
const QString kSha = QStringLiteral("3009a8a4c1e0f1d6c8b2a7e5f4d3c2b1a0918273");

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return QDir().mkpath(QFileInfo(path).path()) && f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

bool writeScript(const QString& path, const QByteArray& body)
{
    return writeFile(path, "#!/bin/sh\n" + body)
        && QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

QString readText(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

bool copyTree(const QString& from, const QString& to)
{
    const QDir source(from);
    if (!QDir().mkpath(to))
        return false;
    const auto entries = source.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden);
    for (const QFileInfo& entry : entries) {
        const QString target = to + u'/' + entry.fileName();
        if (entry.isDir() ? !copyTree(entry.filePath(), target) : !QFile::copy(entry.filePath(), target))
            return false;
    }
    return true;
}

// "34-53 forward 47-52 drifted +12", or "not found".
QString printed(const ClassMatch& m)
{
    if (!m.found)
        return QStringLiteral("not found");
    QString s = QStringLiteral("%1-%2").arg(m.classStart).arg(m.classEnd);
    if (m.forwardStart > 0)
        s += QStringLiteral(" forward %1-%2").arg(m.forwardStart).arg(m.forwardEnd);
    if (m.drifted)
        s += QStringLiteral(" drifted %1%2").arg(m.drift > 0 ? QStringLiteral("+") : QString()).arg(m.drift);
    return s;
}

// "<file under data/source> 34-53 forward 47-52 recorded 34-53 drifted +12", or "not found".
QString printed(const SourceLookup& l)
{
    if (!l.found)
        return QStringLiteral("not found");
    QString s = QDir(kData).relativeFilePath(l.file) + QStringLiteral(" %1-%2").arg(l.classStart).arg(l.classEnd);
    if (l.forwardStart > 0)
        s += QStringLiteral(" forward %1-%2").arg(l.forwardStart).arg(l.forwardEnd);
    if (l.recordedStart > 0)
        s += QStringLiteral(" recorded %1-%2").arg(l.recordedStart).arg(l.recordedEnd);
    if (l.drifted)
        s += QStringLiteral(" drifted %1%2").arg(l.drift > 0 ? QStringLiteral("+") : QString()).arg(l.drift);
    return s;
}

// Replaces the fixture folder by DATA, to compare messages and versions.
QString relative(QString text)
{
    return text.replace(kData, QStringLiteral("DATA"));
}

QList<SourceRoot> roots(const QStringList& relativePaths)
{
    QList<SourceRoot> out;
    for (const QString& path : relativePaths)
        out << SourceRoot { kData + u'/' + path, {} };
    return out;
}

// A class with decorators, a decorated forward holding a nested def, then a function.
const QByteArray kDecorated = "import x\n"
                              "\n"
                              "@dataclass\n"
                              "@other(\n"
                              "    arg=1,\n"
                              ")\n"
                              "class A:\n"
                              "    x = 1\n"
                              "\n"
                              "    @torch.no_grad()\n"
                              "    def forward(self):\n"
                              "        def inner():\n"
                              "            pass\n"
                              "        return inner()\n"
                              "\n"
                              "def after():\n"
                              "    pass\n";

} // namespace

class TestSourceLocator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void findClass_data();
    void findClass();
    void locate_data();
    void locate();
    void notFound_data();
    void notFound();
    void ignoredRecordedFile();
    void oddFileOnDisk();
    void hugeFile();
    void decode_data();
    void decode();
    void readSourceFile();
    void versions_data();
    void versions();
    void gitHead_data();
    void gitHead();
    void checkoutVersionAndCommitNote();
    void sameCommit_data();
    void sameCommit();
    void codeLocationOf_data();
    void codeLocationOf();
    void packageFolderArguments();
    void packageFolderRefusesNames_data();
    void packageFolderRefusesNames();
    void packageFolderFailures();
    void packageFolderTimeout();

private:
    QTemporaryDir m_dir;
};

void TestSourceLocator::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(QFileInfo(kCheckout + u'/' + kLlamaFile).isFile());
    clearPackageFolderCache();
}

void TestSourceLocator::findClass_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("recordedStart");
    QTest::addColumn<int>("recordedEnd");
    QTest::addColumn<QString>("expected");

    QTest::addRow("decorators, nested def") << kDecorated << "A" << 0 << 0 << "3-14 forward 10-14";
    QTest::addRow("CRLF") << QByteArray(kDecorated).replace("\n", "\r\n") << "A" << 0 << 0 << "3-14 forward 10-14";
    QTest::addRow("CR only") << QByteArray(kDecorated).replace("\n", "\r") << "A" << 0 << 0 << "3-14 forward 10-14";
    QTest::addRow("recorded: exact") << kDecorated << "A" << 3 << 14 << "3-14 forward 10-14";
    QTest::addRow("recorded: from the class line, kept") << kDecorated << "A" << 7 << 14 << "7-14 forward 10-14";
    QTest::addRow("recorded: end too short, kept") << kDecorated << "A" << 3 << 9 << "3-9 forward 10-14";
    QTest::addRow("recorded: forward only, inside the class") << kDecorated << "A" << 11 << 14 << "3-14 forward 10-14";
    QTest::addRow("recorded: elsewhere, drifted up")
        << kDecorated << "A" << 20 << 31 << "3-14 forward 10-14 drifted -17";
    QTest::addRow("recorded: past the end, drifted")
        << kDecorated << "A" << 500 << 520 << "3-14 forward 10-14 drifted -497";
    QTest::addRow("recorded: from a blank line above, kept") << kDecorated << "A" << 2 << 14 << "2-14 forward 10-14";
    QTest::addRow("recorded: from the code above, drifted")
        << kDecorated << "A" << 1 << 14 << "3-14 forward 10-14 drifted +2";
    QTest::addRow("recorded: end before start") << kDecorated << "A" << 7 << 2 << "7-7 forward 10-14";
    QTest::addRow("tabs") << QByteArray(
        "class A:\n\tdef forward(self):\n\t\treturn 1\n        # eight spaces: one tab\n"
        "\tdef other(self):\n\t\treturn 2\nx = 1\n")
                          << "A" << 0 << 0 << "1-6 forward 2-3";
    QTest::addRow("tab and eight spaces are one indentation")
        << QByteArray("class\tA:\n\tx = 1\n        def forward(self):\n\t\treturn x\nb = 2\n") << "A" << 0 << 0
        << "1-4 forward 3-4";
    QTest::addRow("docstring decoy at column 0") << QByteArray(
        "def f():\n    \"\"\"\nclass A:\n\"\"\"\n    return 1\nclass A(B):\n    def forward(self, x): "
        "return x\n") << "A" << 0 << 0 << "6-7 forward 7-7";
    QTest::addRow("single-quoted docstring decoy")
        << QByteArray("x = '''\nclass A:\n'''\nclass A:\n    pass\n") << "A" << 0 << 0 << "4-5";
    QTest::addRow("string continued by an escaped line end")
        << QByteArray("x = \"abc\\\nclass A:\"\nclass A:\n    pass\n") << "A" << 0 << 0 << "3-4";
    QTest::addRow("multi-line class statement")
        << QByteArray("class A(\n    Base,\n):\n    def forward(\n        self,\n    ):\n        return 1\n\nx = 1\n")
        << "A" << 0 << 0 << "1-7 forward 4-7";
    QTest::addRow("brackets spanning lines at column 0")
        << QByteArray("class A:\n    table = {\n'a': 1,\n}\n    def forward(self):\n        pass\nz = 0\n") << "A" << 0
        << 0 << "1-6 forward 5-6";
    QTest::addRow("one line") << QByteArray("class A: pass\nclass B:\n    pass\n") << "A" << 0 << 0 << "1-1";
    QTest::addRow("async forward") << QByteArray("class A:\n    async def forward(self):\n        pass\n") << "A" << 0
                                   << 0 << "1-3 forward 2-3";
    QTest::addRow("forward of a nested class is not the class's") << QByteArray(
        "class A:\n    class B:\n        def forward(self):\n            pass\n    def go(self):\n"
        "        pass\n") << "A" << 0 << 0 << "1-6";
    QTest::addRow("trailing comments and blank lines")
        << QByteArray("class A:\n    x = 1\n\n    # inside\n\n# outside\n\nclass B: pass\n") << "A" << 0 << 0 << "1-4";
    QTest::addRow("comment above a decorator is not the class's")
        << QByteArray("# Copied from elsewhere\n@dec\n# between\nclass A:\n    pass\n") << "A" << 0 << 0 << "2-5";
    QTest::addRow("at the end without a newline") << QByteArray("x = 1\nclass A:\n    pass") << "A" << 0 << 0 << "2-3";
    QTest::addRow("nested class by name")
        << QByteArray("class Outer:\n    class A:\n        x = 1\n    y = 2\n") << "A" << 0 << 0 << "2-3";
    const QByteArray twice = "if X:\n    class A:\n        pass\nelse:\n    class A:\n        def forward(self):\n"
                             "            pass\n";
    QTest::addRow("twice: the first") << twice << "A" << 0 << 0 << "2-3";
    QTest::addRow("twice: recorded inside the second") << twice << "A" << 6 << 7 << "5-7 forward 6-7";
    QTest::addRow("twice: the nearest to the record") << twice << "A" << 10 << 12 << "5-7 forward 6-7 drifted -5";
    QTest::addRow("a longer name") << QByteArray("class AB:\n    pass\n") << "A" << 0 << 0 << "not found";
    QTest::addRow("not a class statement") << QByteArray("classA = 1\nx = 'class A'\n") << "A" << 0 << 0 << "not found";
    QTest::addRow("not an identifier") << QByteArray("class A:\n    pass\n") << "A-B" << 0 << 0 << "not found";
    QTest::addRow("empty") << QByteArray() << "A" << 0 << 0 << "not found";
}

void TestSourceLocator::findClass()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, name);
    QFETCH(int, recordedStart);
    QFETCH(int, recordedEnd);
    QFETCH(QString, expected);
    QCOMPARE(printed(lmp::source::findClass(QString::fromUtf8(text), name, recordedStart, recordedEnd)), expected);
}

void TestSourceLocator::locate_data()
{
    QTest::addColumn<QStringList>("rootPaths");
    QTest::addColumn<QString>("modulePath");
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("lineStart");
    QTest::addColumn<int>("lineEnd");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("version");

    const QString llamaCheckout = QStringLiteral("checkout/transformers/") + kLlamaFile;
    const QString checkoutVersion = QStringLiteral("transformers 4.99.0 (DATA/checkout/transformers/src/transformers)");
    const QString llamaInstalled = QStringLiteral("site-packages/transformers/models/llama/modeling_llama.py");
    const QString installedVersion = QStringLiteral("transformers 4.98.0 (DATA/site-packages/transformers)");
    const QString torchVersion = QStringLiteral("torch 2.5.1 (DATA/site-packages/torch)");
    const QString linear = QStringLiteral("site-packages/torch/nn/modules/linear.py");

    QTest::addRow("recorded lines correct")
        << QStringList { "checkout/transformers" } << kLlamaMlp << kLlamaFile << 34 << 53
        << llamaCheckout + " 34-53 forward 47-52 recorded 34-53" << checkoutVersion;
    QTest::addRow("drifted in an installed package folder")
        << QStringList { "site-packages/transformers" } << kLlamaMlp << kLlamaFile << 34 << 53
        << llamaInstalled + " 46-65 forward 59-64 recorded 34-53 drifted +12" << installedVersion;
    QTest::addRow("drifted in site-packages")
        << QStringList { "site-packages" } << kLlamaMlp << kLlamaFile << 34 << 53
        << llamaInstalled + " 46-65 forward 59-64 recorded 34-53 drifted +12" << installedVersion;
    QTest::addRow("the first root wins") << QStringList { "site-packages", "checkout/transformers" } << kLlamaMlp
                                         << kLlamaFile << 34 << 53
                                         << llamaInstalled + " 46-65 forward 59-64 recorded 34-53 drifted +12"
                                         << installedVersion;
    QTest::addRow("a missing root is skipped")
        << QStringList { "nowhere", "checkout/transformers" } << kLlamaMlp << kLlamaFile << 34 << 53
        << llamaCheckout + " 34-53 forward 47-52 recorded 34-53" << checkoutVersion;
    QTest::addRow("checkout's src/ as the root")
        << QStringList { "checkout/transformers/src" } << kLlamaMlp << kLlamaFile << 34 << 53
        << llamaCheckout + " 34-53 forward 47-52 recorded 34-53" << checkoutVersion;
    QTest::addRow("by module path only") << QStringList { "checkout/transformers" } << kLlamaMlp << QString() << 0 << 0
                                         << llamaCheckout + " 34-53 forward 47-52" << checkoutVersion;
    QTest::addRow("decorated class") << QStringList { "checkout/transformers" }
                                     << "transformers.models.llama.modeling_llama.LlamaRMSNorm" << kLlamaFile << 13
                                     << 31 << llamaCheckout + " 13-31 forward 23-28 recorded 13-31" << checkoutVersion;
    QTest::addRow("decorated forward over several lines")
        << QStringList { "checkout/transformers" } << "transformers.models.llama.modeling_llama.LlamaAttention"
        << kLlamaFile << 66 << 85 << llamaCheckout + " 66-85 forward 78-85 recorded 66-85" << checkoutVersion;
    QTest::addRow("multi-line class statement, nested class")
        << QStringList { "checkout/transformers" } << "transformers.models.llama.modeling_llama.LlamaDecoderLayer"
        << kLlamaFile << 0 << 0 << llamaCheckout + " 88-100 forward 99-100" << checkoutVersion;
    QTest::addRow("module file of a dotted path")
        << QStringList { "checkout/transformers" } << "transformers.activations.SiLUActivation" << QString() << 0 << 0
        << "checkout/transformers/src/transformers/activations.py 6-13 forward "
           "12-13"
        << checkoutVersion;
    QTest::addRow("torch: recorded lines inside the class")
        << QStringList { "site-packages" } << "torch.nn.Linear"
        << "torch/nn/modules/linear.py" << 51 << 52 << linear + " 24-55 forward 51-52 recorded 51-52" << torchVersion;
    QTest::addRow("torch: the package folder as the root")
        << QStringList { "site-packages/torch" } << "torch.nn.Linear"
        << "torch/nn/modules/linear.py" << 51 << 52 << linear + " 24-55 forward 51-52 recorded 51-52" << torchVersion;
    QTest::addRow("torch: re-export found by a search")
        << QStringList { "site-packages" } << "torch.nn.Linear" << QString() << 0 << 0
        << linear + " 24-55 forward 51-52" << torchVersion;
    QTest::addRow("torch: search from the package folder")
        << QStringList { "site-packages/torch" } << "torch.nn.SiLU" << QString() << 0 << 0
        << "site-packages/torch/nn/modules/activation.py 5-20 forward 15-16" << torchVersion;
    QTest::addRow("database key form") << QStringList { "site-packages" } << "torch__nn__Linear" << QString() << 0 << 0
                                       << linear + " 24-55 forward 51-52" << torchVersion;
    QTest::addRow("recorded file gone: found by module path, record not applied")
        << QStringList { "site-packages" } << kLlamaMlp << "src/transformers/models/llama/old_llama.py" << 34 << 53
        << llamaInstalled + " 46-65 forward 59-64" << installedVersion;
}

void TestSourceLocator::locate()
{
    QFETCH(QStringList, rootPaths);
    QFETCH(QString, modulePath);
    QFETCH(QString, file);
    QFETCH(int, lineStart);
    QFETCH(int, lineEnd);
    QFETCH(QString, expected);
    QFETCH(QString, version);

    const SourceLookup lookup =
        locateClass(modulePath, CodeLocation { file, lineStart, lineEnd, {} }, roots(rootPaths));
    QCOMPARE(printed(lookup), expected);
    QCOMPARE(relative(lookup.version), version);
    QVERIFY(QFileInfo(lookup.file).isAbsolute());
    QCOMPARE(lookup.text, readText(lookup.file));
    QCOMPARE(lookup.className, modulePath.section(u'.', -1).section(QStringLiteral("__"), -1));
    QVERIFY2(lookup.commitNote.isEmpty(), qPrintable(lookup.commitNote));
    if (QTest::currentDataTag() == QByteArray("recorded file gone: found by module path, record not applied"))
        QVERIFY2(lookup.message.contains(QStringLiteral("recorded lines do not apply")), qPrintable(lookup.message));
    else
        QVERIFY2(lookup.message.isEmpty(), qPrintable(lookup.message));
}

void TestSourceLocator::notFound_data()
{
    QTest::addColumn<QStringList>("rootPaths");
    QTest::addColumn<QString>("modulePath");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("expected"); // lines the message holds

    QTest::addRow("class not found") << QStringList { "checkout/transformers" }
                                     << "transformers.models.llama.modeling_llama.LlamaMLPX" << kLlamaFile
                                     << QStringList { "class LlamaMLPX not found in "
                                                      "DATA/checkout/transformers/"
                                            + kLlamaFile };
    QTest::addRow("file missing")
        << QStringList { "checkout/transformers" } << "transformers.models.gone.modeling_gone.GoneMLP"
        << "src/transformers/models/gone/modeling_gone.py"
        << QStringList {
               "The source of transformers.models.gone.modeling_gone.GoneMLP was not found: no "
               "file of it exists in the source folders.",
               "Tried:",
               "  DATA/checkout/transformers/src/transformers/models/gone/modeling_gone.py: "
               "missing",
               "  DATA/checkout/transformers/transformers/models/gone/modeling_gone.py: missing",
           };
    QTest::addRow("no roots") << QStringList {} << kLlamaMlp << kLlamaFile
                              << QStringList { "No source folders are configured: add a git checkout (of transformers, "
                                               "of PyTorch), an installed package folder or a site-packages folder." };
    QTest::addRow("root not a folder") << QStringList { "site-packages/torch/version.py" } << kLlamaMlp << kLlamaFile
                                       << QStringList { "  DATA/site-packages/torch/version.py: not a folder" };
    QTest::addRow("no class name") << QStringList { "site-packages" } << "torch.nn." << QString()
                                   << QStringList { "The module path 'torch.nn.' does not end in a class name." };
    QTest::addRow("search: mentioned, never defined")
        << QStringList { "site-packages" } << "torch.nn.Module" << QString()
        << QStringList { "class Module not found in DATA/site-packages/torch/nn/__init__.py",
               "  DATA/site-packages/torch/nn: searched for class Module" };
    QTest::addRow("search without a match")
        << QStringList { "site-packages" } << "torch.nn.Conv2d" << QString()
        << QStringList { "  DATA/site-packages/torch/nn: searched for class Conv2d" };
}

void TestSourceLocator::notFound()
{
    QFETCH(QStringList, rootPaths);
    QFETCH(QString, modulePath);
    QFETCH(QString, file);
    QFETCH(QStringList, expected);

    const SourceLookup lookup = locateClass(modulePath, CodeLocation { file, 10, 20, {} }, roots(rootPaths));
    QVERIFY(!lookup.found);
    QVERIFY(lookup.file.isEmpty());
    QCOMPARE(lookup.classStart, 0);
    const QStringList lines = relative(lookup.message).split(u'\n');
    for (const QString& line : expected)
        QVERIFY2(lines.contains(line), qPrintable(relative(lookup.message)));
    // Files the search looked into that merely mention the name are not reported as lacking the class.
    QVERIFY2(!lookup.message.contains(QStringLiteral("linear.py")), qPrintable(lookup.message));
}

void TestSourceLocator::ignoredRecordedFile()
{
    // A recorded path that climbs out of the root or is absolute is never joined; the module path still works.
    for (const QString& file : { QStringLiteral("../../../etc/passwd.py"), QStringLiteral("/etc/passwd"),
             QStringLiteral("src/../../x.py"), QStringLiteral("notes.txt") }) {
        const SourceLookup lookup =
            locateClass(kLlamaMlp, CodeLocation { file, 34, 53, {} }, roots({ "checkout/transformers" }));
        QVERIFY2(lookup.found, qPrintable(file));
        QCOMPARE(lookup.classStart, 34);
        QCOMPARE(lookup.recordedStart, 0);
        QVERIFY2(lookup.message.contains(QStringLiteral("is not a relative path to a .py file; it was ignored")),
            qPrintable(lookup.message));
    }
}

void TestSourceLocator::oddFileOnDisk()
{
    // Tabs, CRLF and a byte that is not UTF-8 (a Latin-1 é without a coding declaration).
    const QString root = m_dir.filePath(QStringLiteral("odd"));
    QVERIFY(writeFile(root + QStringLiteral("/pkg/__init__.py"), ""));
    QVERIFY(writeFile(root + QStringLiteral("/pkg/mod.py"),
        "# caf\xe9\r\nclass\tTabbed(Base):\r\n\tdef forward(self):\r\n\t\treturn 1\r\n\r\nx = 1\r\n"));
    const SourceLookup lookup = locateClass(QStringLiteral("pkg.mod.Tabbed"), CodeLocation { "pkg/mod.py", 2, 4, {} },
        { SourceRoot { root, QStringLiteral("odd files") } });
    QCOMPARE(lookup.file, root + QStringLiteral("/pkg/mod.py"));
    QCOMPARE(printed(lookup).section(u' ', 1), QStringLiteral("2-4 forward 3-4 recorded 2-4"));
    QVERIFY(!lookup.text.contains(u'\r'));
    QVERIFY(lookup.text.startsWith(QStringLiteral("# caf") + QChar(0xFFFD) + u'\n'));
    QVERIFY2(lookup.message.contains(QStringLiteral("is not valid UTF-8")), qPrintable(lookup.message));
    QCOMPARE(lookup.rootLabel, QStringLiteral("odd files"));
    QCOMPARE(lookup.version, QStringLiteral("pkg, version unknown (%1/pkg)").arg(QDir::toNativeSeparators(root)));
}

void TestSourceLocator::hugeFile()
{
    const QString root = m_dir.filePath(QStringLiteral("huge"));
    QByteArray text = "class Big:\n    pass\n";
    text += QByteArray(kMaxSourceBytes, '#');
    QVERIFY(writeFile(root + QStringLiteral("/big.py"), text));
    const SourceLookup lookup = locateClass(QStringLiteral("big.Big"), CodeLocation {}, { SourceRoot { root, {} } });
    QVERIFY(!lookup.found);
    QVERIFY2(lookup.message.contains(QStringLiteral("big.py is 8.0 MiB, larger than the 8 MiB a source file may have "
                                                    "here; not read")),
        qPrintable(lookup.message));
}

void TestSourceLocator::decode_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("warned");

    QTest::addRow("CRLF") << QByteArray("a\r\nb\r\n") << "a\nb\n" << false;
    QTest::addRow("CR") << QByteArray("a\rb") << "a\nb" << false;
    QTest::addRow("byte order mark") << QByteArray("\xEF\xBB\xBF"
                                                   "class A: pass")
                                     << "class A: pass" << false;
    QTest::addRow("UTF-8") << QByteArray("s = 'caf\xC3\xA9'") << QString::fromUtf8("s = 'caf\xC3\xA9'") << false;
    QTest::addRow("not UTF-8") << QByteArray("s = '\xff\xfe'\n") << QStringLiteral("s = '\uFFFD\uFFFD'\n") << true;
    QTest::addRow("Latin-1 declared") << QByteArray("# -*- coding: latin-1 -*-\ns = '\xe9'\n")
                                      << QString::fromUtf8("# -*- coding: latin-1 -*-\ns = '\xC3\xA9'\n") << false;
    QTest::addRow("Latin-1 declared on line 2")
        << QByteArray("#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-1 :\n\xe9")
        << QString::fromUtf8("#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-1 :\n\xC3\xA9") << false;
    QTest::addRow("NUL bytes") << QByteArray("a\0b", 3) << QString(QStringLiteral("a") + QChar(0) + u'b') << false;
}

void TestSourceLocator::decode()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, text);
    QFETCH(bool, warned);
    const SourceText source = decodeSource(bytes, QStringLiteral("x.py"));
    QVERIFY(source.ok);
    QCOMPARE(source.text, text);
    QCOMPARE(!source.message.isEmpty(), warned);
}

void TestSourceLocator::readSourceFile()
{
    const QString path = m_dir.filePath(QStringLiteral("read/a.py"));
    QVERIFY(writeFile(path, "class A:\n    pass\n"));
    QCOMPARE(lmp::source::readSourceFile(path).text, QStringLiteral("class A:\n    pass\n"));
    const SourceText tooLarge = lmp::source::readSourceFile(path, 8);
    QVERIFY(!tooLarge.ok);
    QVERIFY(tooLarge.message.contains(QStringLiteral("larger than")));
    const SourceText folder = lmp::source::readSourceFile(m_dir.filePath(QStringLiteral("read")));
    QVERIFY(!folder.ok);
    QVERIFY(folder.message.endsWith(QStringLiteral("is not a regular file")));
    const SourceText missing = lmp::source::readSourceFile(m_dir.filePath(QStringLiteral("read/b.py")));
    QVERIFY(!missing.ok);
    QVERIFY(missing.message.endsWith(QStringLiteral("does not exist")));
}

void TestSourceLocator::versions_data()
{
    QTest::addColumn<QString>("root");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");

    QTest::addRow("checkout") << "checkout/transformers"
                              << "checkout/transformers/" + kLlamaFile
                              << "transformers 4.99.0 (DATA/checkout/transformers/src/transformers)";
    QTest::addRow("package folder, dist-info") << "site-packages/transformers"
                                               << "site-packages/transformers/models/llama/modeling_llama.py"
                                               << "transformers 4.98.0 (DATA/site-packages/transformers)";
    QTest::addRow("site-packages, dist-info") << "site-packages"
                                              << "site-packages/transformers/models/llama/modeling_llama.py"
                                              << "transformers 4.98.0 (DATA/site-packages/transformers)";
    QTest::addRow("torch, version.py") << "site-packages"
                                       << "site-packages/torch/nn/modules/linear.py"
                                       << "torch 2.5.1 (DATA/site-packages/torch)";
    QTest::addRow("torch folder") << "site-packages/torch"
                                  << "site-packages/torch/nn/modules/linear.py"
                                  << "torch 2.5.1 (DATA/site-packages/torch)";
}

void TestSourceLocator::versions()
{
    QFETCH(QString, root);
    QFETCH(QString, file);
    QFETCH(QString, expected);
    QCOMPARE(relative(sourceVersion(kData + u'/' + root, kData + u'/' + file).describe()), expected);
    const QString package = expected.section(u'(', 1).chopped(1).replace(QStringLiteral("DATA"), kData);
    QCOMPARE(packageVersion(package).value_or(QStringLiteral("none")), expected.section(u' ', 1, 1));
}

void TestSourceLocator::gitHead_data()
{
    QTest::addColumn<QStringList>("files"); // "path=content" under the test's folder
    QTest::addColumn<QString>("checkout");
    QTest::addColumn<QString>("expected"); // "commit branch", or "none"

    const QString other = QStringLiteral("1111111111111111111111111111111111111111");
    QTest::addRow("branch") << QStringList { "c/.git/HEAD=ref: refs/heads/main\n",
        "c/.git/refs/heads/main=" + kSha + "\n" }
                            << "c" << kSha + " main";
    QTest::addRow("packed ref") << QStringList { "c/.git/HEAD=ref: refs/heads/dev\n",
        "c/.git/packed-refs=# pack-refs with: peeled fully-peeled sorted\n" + other + " refs/heads/main\n" + kSha
            + " refs/heads/dev\n^" + other + "\n" }
                                << "c" << kSha + " dev";
    QTest::addRow("loose ref over packed") << QStringList { "c/.git/HEAD=ref: refs/heads/main\n",
        "c/.git/refs/heads/main=" + kSha, "c/.git/packed-refs=" + other + " refs/heads/main\n" }
                                           << "c" << kSha + " main";
    QTest::addRow("detached") << QStringList { "c/.git/HEAD=" + kSha.toUpper() + "\n" } << "c" << kSha + " ";
    QTest::addRow("worktree") << QStringList { "wt/.git=gitdir: ../repo/.git/worktrees/wt\n",
        "repo/.git/worktrees/wt/HEAD=ref: refs/heads/feature\n", "repo/.git/worktrees/wt/commondir=../..\n",
        "repo/.git/refs/heads/feature=" + kSha + "\n", "repo/.git/HEAD=ref: refs/heads/main\n" }
                              << "wt" << kSha + " feature";
    QTest::addRow("no commits yet") << QStringList { "c/.git/HEAD=ref: refs/heads/main\n" } << "c"
                                    << " main";
    QTest::addRow("no .git") << QStringList { "c/README=x" } << "c"
                             << "none";
    QTest::addRow("garbage HEAD") << QStringList { "c/.git/HEAD=garbage\n" } << "c"
                                  << "none";
    QTest::addRow("ref climbing out") << QStringList { "c/.git/HEAD=ref: refs/../../../x\n", "x=" + kSha } << "c"
                                      << "none";
    QTest::addRow("short hash in ref") << QStringList { "c/.git/HEAD=ref: refs/heads/main\n",
        "c/.git/refs/heads/main=3009a8a4" }
                                       << "c"
                                       << " main";
}

void TestSourceLocator::gitHead()
{
    QFETCH(QStringList, files);
    QFETCH(QString, checkout);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const QString& file : files)
        QVERIFY(writeFile(dir.filePath(file.section(u'=', 0, 0)), file.section(u'=', 1).toUtf8()));
    const auto head = readGitHead(dir.filePath(checkout));
    QCOMPARE(head ? head->commit + u' ' + head->branch : QStringLiteral("none"), expected);
}

void TestSourceLocator::checkoutVersionAndCommitNote()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString checkout = dir.filePath(QStringLiteral("transformers"));
    QVERIFY(copyTree(kCheckout, checkout));
    // A folder named .git cannot be committed to the fixture: made here.
    QVERIFY(writeFile(checkout + QStringLiteral("/.git/HEAD"), "ref: refs/heads/main\n"));
    QVERIFY(writeFile(checkout + QStringLiteral("/.git/refs/heads/main"), kSha.toUtf8() + '\n'));

    CodeLocation location { kLlamaFile, 34, 53, QStringLiteral("abcdef0123456789") };
    SourceLookup lookup = locateClass(kLlamaMlp, location, { SourceRoot { checkout, {} } });
    QVERIFY(lookup.found);
    QCOMPARE(lookup.version,
        QStringLiteral("transformers 4.99.0, git checkout at 3009a8a4 (%1)").arg(QDir::toNativeSeparators(checkout)));
    QCOMPARE(
        lookup.commitNote, QStringLiteral("The entry was recorded at commit abcdef01; this checkout is at 3009a8a4."));
    QCOMPARE(lookup.rootLabel, checkout);

    location.commit = kSha.left(10);
    lookup = locateClass(kLlamaMlp, location, { SourceRoot { checkout, {} } });
    QVERIFY(lookup.found);
    QVERIFY(lookup.commitNote.isEmpty());
    // The checkout's src/ as the root: the repository above it is the checkout.
    lookup = locateClass(kLlamaMlp, location, { SourceRoot { checkout + QStringLiteral("/src"), {} } });
    QCOMPARE(lookup.version,
        QStringLiteral("transformers 4.99.0, git checkout at 3009a8a4 (%1)").arg(QDir::toNativeSeparators(checkout)));
}

void TestSourceLocator::sameCommit_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("same");
    QTest::addRow("equal") << kSha << kSha << true;
    QTest::addRow("abbreviated") << kSha.left(7) << kSha << true;
    QTest::addRow("abbreviated, other order, case") << kSha.toUpper() << kSha.left(12) << true;
    QTest::addRow("too short") << kSha.left(6) << kSha << false;
    QTest::addRow("different") << QStringLiteral("3009a8a5") << kSha << false;
    QTest::addRow("empty") << QString() << kSha << false;
}

void TestSourceLocator::sameCommit()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, same);
    QCOMPARE(lmp::source::sameCommit(a, b), same);
}

void TestSourceLocator::codeLocationOf_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected"); // file|start|end|commit

    QTest::addRow("full") << QByteArray(R"({"code_location": {"file": "torch/nn/modules/linear.py", "line_start": 124,
                                            "line_end": 125, "commit": "abc1234"}})")
                          << "torch/nn/modules/linear.py|124|125|abc1234";
    QTest::addRow("no commit") << QByteArray(R"({"code_location": {"file": "a.py", "line_start": 1, "line_end": 2}})")
                               << "a.py|1|2|";
    QTest::addRow("wrong types") << QByteArray(R"({"code_location": {"file": 3, "line_start": "1", "line_end": 2.5}})")
                                 << "|0|0|";
    QTest::addRow("negative and huge") << QByteArray(
        R"({"code_location": {"line_start": -4, "line_end": 99999999999}})")
                                       << "|0|2147483647|";
    QTest::addRow("not an object") << QByteArray(R"({"code_location": "a.py"})") << "|0|0|";
    QTest::addRow("missing") << QByteArray(R"({"module_path": "x.Y"})") << "|0|0|";
    QTest::addRow("entry not an object") << QByteArray(R"([1, 2])") << "|0|0|";
}

void TestSourceLocator::codeLocationOf()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const CodeLocation l = lmp::source::codeLocationOf(nlohmann::ordered_json::parse(json.toStdString()));
    QCOMPARE(QStringLiteral("%1|%2|%3|%4").arg(l.file).arg(l.lineStart).arg(l.lineEnd).arg(l.commit), expected);
}

void TestSourceLocator::packageFolderArguments()
{
    clearPackageFolderCache();
    const QString site = m_dir.filePath(QStringLiteral("python/site/transformers"));
    QVERIFY(QDir().mkpath(site));
    const QString args = m_dir.filePath(QStringLiteral("python/args.txt"));
    const QString python = m_dir.filePath(QStringLiteral("python/python"));
    QVERIFY(writeScript(python, "printf '%s\\n' \"$@\" > '" + args.toUtf8() + "'\necho '" + site.toUtf8() + "'\n"));

    QCOMPARE(packageFolder(python, QStringLiteral("transformers"), 10000), site);
    const QStringList passed = readText(args).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(passed,
        (QStringList { "-I", "-c",
            "import importlib.util,sys; s=importlib.util.find_spec(sys.argv[1]); print(s.submodule_search_locations[0] "
            "if s and s.submodule_search_locations else '')",
            "transformers" }));

    // Cached: the interpreter is not run again until the cache is cleared.
    QVERIFY(QFile::remove(args));
    QCOMPARE(packageFolder(python, QStringLiteral("transformers"), 10000), site);
    QVERIFY(!QFileInfo::exists(args));
    const auto root = interpreterRoot(python, kLlamaMlp, 10000);
    QVERIFY(root);
    QCOMPARE(root->path, site);
    QVERIFY(!QFileInfo::exists(args));
    clearPackageFolderCache();
    QCOMPARE(packageFolder(python, QStringLiteral("transformers"), 10000), site);
    QVERIFY(QFileInfo::exists(args));
}

void TestSourceLocator::packageFolderRefusesNames_data()
{
    QTest::addColumn<QString>("package");
    QTest::addRow("shell") << "os; rm";
    QTest::addRow("substitution") << "$(touch x)";
    QTest::addRow("dotted") << "torch.nn";
    QTest::addRow("option") << "-c";
    QTest::addRow("space") << "a b";
    QTest::addRow("digit first") << "1abc";
    QTest::addRow("empty") << "";
    QTest::addRow("not ASCII") << QString::fromUtf8("caf\xC3\xA9");
    QTest::addRow("too long") << QString(101, u'a');
}

void TestSourceLocator::packageFolderRefusesNames()
{
    QFETCH(QString, package);
    clearPackageFolderCache();
    const QString marker = m_dir.filePath(QStringLiteral("refuse/ran"));
    const QString python = m_dir.filePath(QStringLiteral("refuse/python"));
    QVERIFY(writeScript(python, "touch '" + marker.toUtf8() + "'\necho /\n"));
    QFile::remove(marker);
    QVERIFY(!packageFolder(python, package, 10000));
    if (!isIdentifier(package.section(u'.', 0, 0)))
        QVERIFY(!interpreterRoot(python, package + QStringLiteral(".x.Y"), 10000));
    QVERIFY2(!QFileInfo::exists(marker), "the interpreter ran");
    QVERIFY(!isIdentifier(package));
}

void TestSourceLocator::packageFolderFailures()
{
    clearPackageFolderCache();
    const QString dir = m_dir.filePath(QStringLiteral("fail"));
    QVERIFY(writeScript(dir + QStringLiteral("/notafolder"), "echo '" + dir.toUtf8() + "/nothing'\n"));
    QVERIFY(writeScript(dir + QStringLiteral("/relative"), "echo 'lib/site'\n"));
    QVERIFY(writeScript(dir + QStringLiteral("/empty"), "echo\n"));
    QVERIFY(writeScript(dir + QStringLiteral("/exit1"), "echo /\nexit 1\n"));
    for (const char* name : { "notafolder", "relative", "empty", "exit1", "missing" })
        QVERIFY2(!packageFolder(dir + u'/' + QLatin1StringView(name), QStringLiteral("torch"), 10000), name);
    QVERIFY(!packageFolder(QString(), QStringLiteral("torch"), 10000));
    QVERIFY(!packageFolder(dir + QStringLiteral("/empty"), QStringLiteral("torch"), 0));
}

void TestSourceLocator::packageFolderTimeout()
{
    clearPackageFolderCache();
    const QString python = m_dir.filePath(QStringLiteral("slow/python"));
    QVERIFY(writeScript(python, "exec sleep 20\n"));
    QElapsedTimer clock;
    clock.start();
    QVERIFY(!packageFolder(python, QStringLiteral("torch"), 300));
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
}

QTEST_GUILESS_MAIN(TestSourceLocator)
#include "tst_sourcelocator.moc"
