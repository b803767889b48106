// SPDX-License-Identifier: GPL-3.0-or-later
// The lmp command line as a user runs it: the seed design's worked example, cycles, exit codes, reviews.

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <functional>

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

QString dataFile(const char* name)
{
    return QStringLiteral(LMP_TEST_DATA_DIR "/") + QString::fromLatin1(name);
}

QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void reportFiles_data();
    void reportFiles();
    void compareSides();
    void plotCommand();
    void sweepPastInPrefill();
    void seedWorkedExample_data();
    void seedWorkedExample();
    void seedWorkedExampleText();
    void cycleIsNamed();
    void exactIntegersPastTwoToThe64();
    void eval_data();
    void eval();
    void builtinDatabaseIsClean();
    void builtinExampleBlock();
    void review();
    void reviewNeverTouchesCorruptDatabase();
    void badUsage_data();
    void badUsage();
    void listAndShow();
    void inspect();
    void analyzeFormats();
    void analyzeBadOptions_data();
    void analyzeBadOptions();
    void sweep();
    void hardware();
    void dbHistory();
    void dbDiff();
    void dbCheckShowsLineColumnAndCaret();
    void dbMissingFile();
    void analyzeSaysWhichFormulasItTrusts();
    void analyzeImagesAndStoredWeights();
    void agentDryRunShowsTheForwardCode();
    void agentCommandProvider();
    void agentKeyIsNeverWritten();
    void moduleDumpUnknownTotals();
    void agentDraftsAnArchitecture();
    void generate();
    void executionTimes();
    void chartModuleMissing();

private:
    // executable: another copy of lmp ("": the one under test).
    Run lmp(const QStringList& args, const QString& executable = QString());

    QTemporaryDir m_home;
    QString m_executable;
};

void TestCli::initTestCase()
{
    m_executable = qEnvironmentVariable("LMP_EXECUTABLE");
    QVERIFY2(QFile::exists(m_executable), "LMP_EXECUTABLE must name the lmp binary");
    QVERIFY(m_home.isValid());
}

Run TestCli::lmp(const QStringList& args, const QString& executable)
{
    QProcess process;
    // A private home: the default user database must never be the developer's own.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_home.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.path() + QStringLiteral("/data"));
    process.setProcessEnvironment(env);
    process.start(executable.isEmpty() ? m_executable : executable, args);
    if (!process.waitForFinished(60000))
        return {};
    return { process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
        QString::fromUtf8(process.readAllStandardError()) };
}

void TestCli::seedWorkedExample_data()
{
    QTest::addColumn<bool>("withBuiltin");
    QTest::addRow("seed database alone") << false;
    QTest::addRow("seed database over the built-in one") << true;
}

// SEED-DESIGN.md's TransformerBlock at B=1, S=2048, hidden_size=4096, num_heads=32, intermediate_size=11008,
// dtype_bytes=2, evaluated from the seed's own templates (tests/data/seed_example_db.json).
// Expected values by hand (N = B*S = 2048, h = 4096, I = 11008, nh = 32, hd = h/nh = 128):
//   Linear(N,h,h)        = 2*2048*4096*4096               =  68,719,476,736
//   attention FLOPs      = 4*68,719,476,736 + 2*1*32*2048*2048*128 = 274,877,906,944 + 34,359,738,368
//                        = 309,237,645,312
//   LayerNorm            = 5*2048*4096                    =      41,943,040
//   Linear(N,h,I)        = 2*2048*4096*11008              = 184,683,593,728  (the seed prints 184,885,575,680)
//   MLP                  = 2*184,683,593,728 + 2048*11008 = 369,389,731,840
//   block FLOPs          = 309,237,645,312 + 2*41,943,040 + 369,389,731,840 = 678,711,263,232
//                          (the seed prints 679,115,227,136)
// Reads (bytes, dtype 2):
//   attention  = 4*h*h*2 + N*h*2                = 134,217,728 + 16,777,216 = 150,994,944
//   LayerNorm  = (N*h + 2*h)*2                  = 16,793,600
//   MLP        = (h*I*2 + N*h*2) + (I*h*2 + N*I*2) = 106,954,752 + 135,266,304 = 242,221,056
//   block      = 150,994,944 + 2*16,793,600 + 242,221,056 = 426,803,200
// Writes: attention N*h*2 = 16,777,216; each LayerNorm 16,777,216; MLP (down projection) N*h*2 = 16,777,216;
//   block = 4*16,777,216 = 67,108,864
// Intermediates: attention nh*S*S*2 = 268,435,456; LayerNorm 0; MLP 2*N*I*2 = 90,177,536;
//   block = 358,612,992
void TestCli::seedWorkedExample()
{
    QFETCH(bool, withBuiltin);
    QStringList args { QStringLiteral("compute"), QStringLiteral("TransformerBlock"), QStringLiteral("--db"),
        dataFile("seed_example_db.json"), QStringLiteral("-p"), QStringLiteral("B=1"), QStringLiteral("-p"),
        QStringLiteral("S=2048"), QStringLiteral("-p"), QStringLiteral("hidden_size=4096"), QStringLiteral("-p"),
        QStringLiteral("num_heads=32"), QStringLiteral("-p"), QStringLiteral("intermediate_size=11008"),
        QStringLiteral("-p"), QStringLiteral("dtype_bytes=2"), QStringLiteral("--format"), QStringLiteral("json") };
    if (!withBuiltin)
        args << QStringLiteral("--no-builtin");
    const Run r = lmp(args);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto json = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(json.at("flops").get<std::int64_t>(), 678'711'263'232);
    QCOMPARE(json.at("reads").get<std::int64_t>(), 426'803'200);
    QCOMPARE(json.at("writes").get<std::int64_t>(), 67'108'864);
    QCOMPARE(json.at("intermediates").get<std::int64_t>(), 358'612'992);
    // Schema-1 entries have no matmul or params template: unknown, not zero.
    QVERIFY(json.at("matmul_flops").is_null());
    QVERIFY(json.at("params").is_null());
    const auto& breakdown = json.at("breakdown");
    QCOMPARE(breakdown.at("attention").get<std::int64_t>(), 309'237'645'312);
    QCOMPARE(breakdown.at("input_layernorm").get<std::int64_t>(), 41'943'040);
    QCOMPARE(breakdown.at("mlp").get<std::int64_t>(), 369'389'731'840);
    QCOMPARE(breakdown.at("post_attention_layernorm").get<std::int64_t>(), 41'943'040);
    QCOMPARE(json.at("parameters").at("S").get<int>(), 2048);
}

void TestCli::seedWorkedExampleText()
{
    const Run r = lmp({ QStringLiteral("compute"), QStringLiteral("MultiHeadAttention"), QStringLiteral("--no-builtin"),
        QStringLiteral("--db"), dataFile("seed_example_db.json"), QStringLiteral("-pB=1"), QStringLiteral("-pS=2048"),
        QStringLiteral("-phidden_size=4096"), QStringLiteral("-pnum_heads=32"), QStringLiteral("-pdtype_bytes=2") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("309,237,645,312")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("309.24 G")));
    QVERIFY(r.out.contains(QStringLiteral("attention_scores")));
    QVERIFY(r.out.contains(QStringLiteral("34,359,738,368")));
    QVERIFY(r.out.contains(QStringLiteral("unknown")));
}

void TestCli::cycleIsNamed()
{
    const Run compute = lmp({ QStringLiteral("compute"), QStringLiteral("Encoder"), QStringLiteral("--no-builtin"),
        QStringLiteral("--db"), dataFile("cycle_db.json"), QStringLiteral("-p"), QStringLiteral("n=1") });
    QCOMPARE(compute.exitCode, 2);
    QVERIFY2(compute.err.contains(QStringLiteral("cycle: Encoder -> Decoder -> Encoder")), qPrintable(compute.err));
    const Run check = lmp({ QStringLiteral("db"), QStringLiteral("check"), QStringLiteral("--no-builtin"),
        QStringLiteral("--db"), dataFile("cycle_db.json") });
    QCOMPARE(check.exitCode, 1);
    QVERIFY2(check.out.contains(QStringLiteral("Encoder -> Decoder -> Encoder"))
            || check.out.contains(QStringLiteral("Decoder -> Encoder -> Decoder")),
        qPrintable(check.out));
}

void TestCli::exactIntegersPastTwoToThe64()
{
    // 2 * 10^12 * 10^6 * 10^6 = 2e24 > 2^64 (1.8e19): must come out digit for digit, not as a double.
    const Run r = lmp({ QStringLiteral("compute"), QStringLiteral("torch.nn.Linear"), QStringLiteral("-p"),
        QStringLiteral("N=10**12"), QStringLiteral("-p"), QStringLiteral("in_features=1000000"), QStringLiteral("-p"),
        QStringLiteral("out_features=1000000"), QStringLiteral("-p"), QStringLiteral("bias=1"), QStringLiteral("-p"),
        QStringLiteral("w_bytes=2"), QStringLiteral("-p"), QStringLiteral("a_bytes=2"), QStringLiteral("--format"),
        QStringLiteral("json") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    // flops = 2e24 + N*out (bias) = 2,000,001,000,000,000,000,000,000
    QVERIFY2(r.out.contains(QStringLiteral("\"flops\": 2000001000000000000000000,")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("\"matmul_flops\": 2000000000000000000000000,")));
    // params = in*out + out (bias)
    QVERIFY(r.out.contains(QStringLiteral("\"params\": 1000001000000")));
}

void TestCli::eval_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("expected"); // on stdout for 0, on stderr otherwise

    QTest::addRow("exact power") << QStringList { QStringLiteral("2 ** 100") } << 0
                                 << QStringLiteral("1267650600228229401496703205376\n");
    QTest::addRow("parameters") << QStringList { QStringLiteral("${h} * ${dtype_bytes}"), QStringLiteral("-p"),
        QStringLiteral("h=4096"), QStringLiteral("-p"), QStringLiteral("dtype_bytes=2") }
                                << 0 << QStringLiteral("8192\n");
    QTest::addRow("module call with the built-in database")
        << QStringList { QStringLiteral("{torch.nn.Linear}(N=2, in_features=3, out_features=4, bias=0)") } << 0
        << QStringLiteral("48\n");
    QTest::addRow("reads kind") << QStringList {
        QStringLiteral("{torch.nn.Linear}(N=2, in_features=3, out_features=4, bias=0)"), QStringLiteral("--kind"),
        QStringLiteral("reads"), QStringLiteral("-p"), QStringLiteral("w_bytes=2"), QStringLiteral("-p"),
        QStringLiteral("a_bytes=4")
    } << 0 << QStringLiteral("48\n"); // 3*4*2 + 2*3*4
    QTest::addRow("json") << QStringList { QStringLiteral("7 / 2"), QStringLiteral("--format"), QStringLiteral("json") }
                          << 0 << QStringLiteral("{\n  \"kind\": \"flops\",\n  \"value\": 3.5\n}\n");
    QTest::addRow("syntax error") << QStringList { QStringLiteral("1 +") } << 2
                                  << QStringLiteral("the formula ends where a value was expected (formula 1:4)");
    QTest::addRow("unbound") << QStringList { QStringLiteral("${h} * 2") } << 2
                             << QStringLiteral("unbound parameter 'h': give it a value (-p h=...)");
    QTest::addRow("division by zero") << QStringList { QStringLiteral("1 // 0") } << 2
                                      << QStringLiteral("division by zero");
    QTest::addRow("overflow") << QStringList { QStringLiteral("10 ** 39") } << 2 << QStringLiteral("overflow");
    QTest::addRow("bad -p value") << QStringList { QStringLiteral("${h}"), QStringLiteral("-p"),
        QStringLiteral("h=12x") } << 2
                                  << QStringLiteral("-p h=12x");
}

void TestCli::eval()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, expected);
    const Run r = lmp(QStringList { QStringLiteral("eval") } + args);
    QCOMPARE(r.exitCode, exitCode);
    if (exitCode == 0)
        QCOMPARE(r.out, expected);
    else
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
}

void TestCli::builtinDatabaseIsClean()
{
    const Run r = lmp({ QStringLiteral("db"), QStringLiteral("check") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QStringLiteral("0 problems")), qPrintable(r.out));
}

void TestCli::builtinExampleBlock()
{
    // The built-in example block counts both attention matmuls, softmax and the residual adds.
    // By hand, N = 2048, h = 4096, I = 11008, nh = 32, S = 2048:
    //   projections 4 * 2*N*h*h = 274,877,906,944; Q K^T and P V 2 * 2*nh*S*S*(h/nh) = 68,719,476,736;
    //   softmax 5*nh*S*S = 671,088,640; LayerNorm 8*N*h each = 67,108,864; MLP 2*2*N*h*I + N*I
    //   = 369,389,731,840; residual adds 2*N*h = 16,777,216.
    //   total = 274,877,906,944 + 68,719,476,736 + 671,088,640 + 2*67,108,864 + 369,389,731,840 + 16,777,216
    //         = 713,809,199,104; matmul = 274,877,906,944 + 68,719,476,736 + 369,367,187,456 = 712,964,571,136
    const Run r = lmp({ QStringLiteral("compute"), QStringLiteral("lmp.examples.TransformerBlock"),
        QStringLiteral("-pB=1"), QStringLiteral("-pS=2048"), QStringLiteral("-phidden_size=4096"),
        QStringLiteral("-pnum_heads=32"), QStringLiteral("-pintermediate_size=11008"), QStringLiteral("-pw_bytes=2"),
        QStringLiteral("-pa_bytes=2"), QStringLiteral("--format=json") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto json = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(json.at("flops").get<std::int64_t>(), 713'809'199'104);
    QCOMPARE(json.at("matmul_flops").get<std::int64_t>(), 712'964'571'136);
    // params: 4*h*h + 2*h*I + 2 LayerNorms * 2*h = 67,108,864 + 90,177,536 + 16,384
    QCOMPARE(json.at("params").get<std::int64_t>(), 157'302'784);
}

void TestCli::review()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("db.json"));
    QVERIFY(QFile::copy(dataFile("seed_example_db.json"), path));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    const Run r = lmp({ QStringLiteral("db"), QStringLiteral("validate"), QStringLiteral("MultiHeadAttention"),
        QStringLiteral("--no-builtin"), QStringLiteral("--db"), path, QStringLiteral("--reviewer"),
        QStringLiteral("alice"), QStringLiteral("--notes"), QStringLiteral("both matmuls? no: one") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto json = nlohmann::json::parse(fileBytes(path).toStdString());
    QCOMPARE(json.at("schema_version").get<int>(), 2);
    const auto& entry = json.at("modules").at("MultiHeadAttention");
    QCOMPARE(entry.at("validation").at("status").get<std::string>(), std::string("validated"));
    QCOMPARE(entry.at("validation").at("validator").get<std::string>(), std::string("alice"));
    QCOMPARE(entry.at("history").size(), std::size_t(1));
    QCOMPARE(entry.at("history")[0].at("author").get<std::string>(), std::string("alice"));
    // The other entries are untouched.
    const auto before = nlohmann::json::parse(fileBytes(dataFile("seed_example_db.json")).toStdString());
    QVERIFY(json.at("modules").at("torch__nn__Linear") == before.at("torch__nn__Linear"));

    const Run reject = lmp({ QStringLiteral("db"), QStringLiteral("reject"), QStringLiteral("MultiHeadAttention"),
        QStringLiteral("--no-builtin"), QStringLiteral("--db"), path, QStringLiteral("--reviewer"),
        QStringLiteral("bob") });
    QCOMPARE(reject.exitCode, 0);
    const auto after = nlohmann::json::parse(fileBytes(path).toStdString());
    QCOMPARE(after.at("modules").at("MultiHeadAttention").at("validation").at("status").get<std::string>(),
        std::string("rejected"));
    QCOMPARE(after.at("modules").at("MultiHeadAttention").at("history").size(), std::size_t(2));

    const Run noReviewer = lmp({ QStringLiteral("db"), QStringLiteral("validate"), QStringLiteral("MultiHeadAttention"),
        QStringLiteral("--no-builtin"), QStringLiteral("--db"), path });
    QCOMPARE(noReviewer.exitCode, 2);
    QVERIFY(noReviewer.err.contains(QStringLiteral("--reviewer")));
}

void TestCli::reviewNeverTouchesCorruptDatabase()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("db.json"));
    QByteArray truncated = fileBytes(dataFile("seed_example_db.json"));
    truncated.truncate(truncated.size() / 2);
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(truncated);
    }
    const Run r =
        lmp({ QStringLiteral("db"), QStringLiteral("validate"), QStringLiteral("MLP"), QStringLiteral("--no-builtin"),
            QStringLiteral("--db"), path, QStringLiteral("--reviewer"), QStringLiteral("alice") });
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("db.json")), qPrintable(r.err));
    QCOMPARE(fileBytes(path), truncated);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList { QStringLiteral("db.json") });
    // Every other command refuses it the same way.
    const Run check = lmp({ QStringLiteral("db"), QStringLiteral("check"), QStringLiteral("--db"), path });
    QCOMPARE(check.exitCode, 2);
}

void TestCli::badUsage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::addRow("no command") << QStringList {} << QStringLiteral("Usage: lmp");
    QTest::addRow("unknown command") << QStringList { QStringLiteral("frobnicate") }
                                     << QStringLiteral("unknown command 'frobnicate'");
    QTest::addRow("unknown option") << QStringList { QStringLiteral("eval"), QStringLiteral("1"),
        QStringLiteral("--fast") } << QStringLiteral("unknown option '--fast'");
    QTest::addRow("param without value") << QStringList { QStringLiteral("eval"), QStringLiteral("1"),
        QStringLiteral("-p"), QStringLiteral("x") }
                                         << QStringLiteral("-p expects NAME=VALUE");
    QTest::addRow("option without value") << QStringList { QStringLiteral("eval"), QStringLiteral("1"),
        QStringLiteral("--db") } << QStringLiteral("option --db needs a value");
    QTest::addRow("bad format") << QStringList { QStringLiteral("eval"), QStringLiteral("1"),
        QStringLiteral("--format"), QStringLiteral("xml") }
                                << QStringLiteral("--format must be text (table), json, csv, markdown, html or pdf");
    QTest::addRow("bad kind") << QStringList { QStringLiteral("eval"), QStringLiteral("1"), QStringLiteral("--kind"),
        QStringLiteral("joules") }
                              << QStringLiteral("--kind must be");
    // A --db file that does not exist yet is an empty database (dbMissingFile); one that is a folder is an error.
    QTest::addRow("database is a folder") << QStringList { QStringLiteral("db"), QStringLiteral("list"),
        QStringLiteral("--db"), QStringLiteral(LMP_TEST_DATA_DIR) }
                                          << QStringLiteral("is a directory, not a database file");
    QTest::addRow("diff with a bad revision") << QStringList { QStringLiteral("db"), QStringLiteral("diff"),
        QStringLiteral("torch.nn.Linear"), QStringLiteral("one"), QStringLiteral("current") }
                                              << QStringLiteral("'one' is not a revision");
    QTest::addRow("diff with one revision") << QStringList { QStringLiteral("db"), QStringLiteral("diff"),
        QStringLiteral("torch.nn.Linear"), QStringLiteral("1") }
                                            << QStringLiteral("db diff takes one MODULE and optionally two revisions");
    QTest::addRow("history of an unknown entry") << QStringList { QStringLiteral("db"), QStringLiteral("history"),
        QStringLiteral("Nope") } << QStringLiteral("no entry 'Nope'");
    QTest::addRow("unknown module") << QStringList { QStringLiteral("compute"), QStringLiteral("torch.nn.Nope") }
                                    << QStringLiteral("no module 'torch.nn.Nope'");
    QTest::addRow("unknown db subcommand") << QStringList { QStringLiteral("db"), QStringLiteral("drop") }
                                           << QStringLiteral("unknown db subcommand 'drop'");
    QTest::addRow("show unknown entry") << QStringList { QStringLiteral("db"), QStringLiteral("show"),
        QStringLiteral("Nope") } << QStringLiteral("no entry 'Nope'");
}

void TestCli::badUsage()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = lmp(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
}

void TestCli::listAndShow()
{
    const Run list = lmp({ QStringLiteral("db"), QStringLiteral("list") });
    QCOMPARE(list.exitCode, 0);
    QVERIFY(list.out.contains(QStringLiteral("torch.nn.Linear")));
    QVERIFY(list.out.contains(QStringLiteral("validated")));
    QVERIFY(list.out.contains(QStringLiteral("built-in")));
    const Run show = lmp({ QStringLiteral("db"), QStringLiteral("show"), QStringLiteral("torch__nn__Linear"),
        QStringLiteral("--format"), QStringLiteral("json") });
    QCOMPARE(show.exitCode, 0);
    const auto json = nlohmann::json::parse(show.out.toStdString());
    QCOMPARE(json.at("module_path").get<std::string>(), std::string("torch.nn.Linear"));
}

void TestCli::inspect()
{
    const Run json = lmp({ QStringLiteral("inspect"), QStringLiteral("meta-llama/Llama-2-7b-hf"),
        QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--depth"), QStringLiteral("2") });
    QVERIFY2(json.exitCode == 0, qPrintable(json.err));
    const auto doc = nlohmann::json::parse(json.out.toStdString());
    // The published count (SOURCES.md): 6,738,415,616.
    QCOMPARE(doc.at("params").get<std::int64_t>(), 6'738'415'616);
    QCOMPARE(doc.at("tree").at("class").get<std::string>(),
        std::string("transformers.models.llama.modeling_llama.LlamaForCausalLM"));
    const Run text = lmp({ QStringLiteral("inspect"), QStringLiteral("meta-llama/Llama-2-7b-hf") });
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains(QStringLiteral("6,738,415,616 parameters")), qPrintable(text.out));
    QVERIFY(text.out.contains(QStringLiteral("0-31  x32")));
    QVERIFY2(text.out.contains(QStringLiteral("6,738,415,616 parameters (6.74 G), ")), qPrintable(text.out.left(200)));
    // Below a thousand the exact count stands alone (856: the dump's own "parameters" field).
    const Run tiny = lmp({ QStringLiteral("inspect"), dataFile("tiny_llama_module_dump.json") });
    QCOMPARE(tiny.exitCode, 0);
    QVERIFY2(tiny.out.contains(QStringLiteral("\n856 parameters, 20 modules\n")), qPrintable(tiny.out.left(200)));
    const Run bad = lmp({ QStringLiteral("inspect"), dataFile("cycle_db.json") });
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains(QStringLiteral("cycle_db.json: architectures: missing")), qPrintable(bad.err));
}

void TestCli::analyzeFormats()
{
    const QStringList base { QStringLiteral("analyze"), QStringLiteral("meta-llama/Llama-2-7b-hf"),
        QStringLiteral("--seq"), QStringLiteral("128"), QStringLiteral("--hardware"),
        QStringLiteral("nvidia-h100-sxm") };
    const Run json = lmp(base + QStringList { QStringLiteral("--format"), QStringLiteral("json") });
    QVERIFY2(json.exitCode == 0, qPrintable(json.err));
    const auto doc = nlohmann::json::parse(json.out.toStdString());
    // SOURCES.md's reference: Llama-2-7b prefill B=1 S=128, flop_counter convention.
    QCOMPARE(doc.at("total").at("matmul_flops").get<std::int64_t>(), 1'700'001'759'232);
    QCOMPARE(doc.at("total").at("params").get<std::int64_t>(), 6'738'415'616);
    QVERIFY(doc.at("total").at("time_s").get<double>() > 0);
    QVERIFY(doc.at("nodes").size() > 10);
    QCOMPARE(doc.at("nodes")[0].at("name").get<std::string>(), std::string());

    const Run table = lmp(base + QStringList { QStringLiteral("--depth"), QStringLiteral("2") });
    QCOMPARE(table.exitCode, 0);
    QVERIFY2(table.out.contains(QStringLiteral("1,700,001,759,232 in matmuls")), qPrintable(table.out));
    QVERIFY(table.out.contains(QStringLiteral("LlamaForCausalLM")));

    const Run csv = lmp(base + QStringList { QStringLiteral("--format"), QStringLiteral("csv") });
    QCOMPARE(csv.exitCode, 0);
    QVERIFY(csv.out.startsWith(QStringLiteral("module,class,flops,matmul_flops,reads,writes,intermediates,params")));
    QVERIFY(csv.out.contains(QStringLiteral(",transformers.models.llama.modeling_llama.LlamaForCausalLM,")));

    const Run markdown = lmp(base
        + QStringList {
            QStringLiteral("--format"), QStringLiteral("markdown"), QStringLiteral("--depth"), QStringLiteral("1") });
    QCOMPARE(markdown.exitCode, 0);
    QVERIFY(markdown.out.contains(QStringLiteral("| module")));

    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("report.json"));
    const Run file =
        lmp(base + QStringList { QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("-o"), out });
    QCOMPARE(file.exitCode, 0);
    QVERIFY(file.out.isEmpty());
    QCOMPARE(nlohmann::json::parse(fileBytes(out).toStdString()).at("total").at("matmul_flops").get<std::int64_t>(),
        1'700'001'759'232);
}

void TestCli::analyzeBadOptions_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("message");
    QTest::addRow("bad phase") << QStringList { QStringLiteral("--phase"), QStringLiteral("warmup") }
                               << "--phase is prefill, decode or train";
    QTest::addRow("zero batch") << QStringList { QStringLiteral("--batch"), QStringLiteral("0") }
                                << "--batch takes a whole number";
    QTest::addRow("absurd seq") << QStringList { QStringLiteral("--seq"), QStringLiteral("1e20") }
                                << "--seq takes a whole number";
    QTest::addRow("bad dtype") << QStringList { QStringLiteral("--weight-dtype"), QStringLiteral("fp7") }
                               << "--weight-dtype is fp32";
    QTest::addRow("unknown hardware") << QStringList { QStringLiteral("--hardware"), QStringLiteral("abacus") }
                                      << "no hardware profile 'abacus'";
    QTest::addRow("bad attention") << QStringList { QStringLiteral("--attention"), QStringLiteral("flash") }
                                   << "--attention is eager or sdpa";
    QTest::addRow("bad image size") << QStringList { QStringLiteral("--image-size"), QStringLiteral("1024x") }
                                    << "--image-size is WIDTHxHEIGHT";
    QTest::addRow("negative images") << QStringList { QStringLiteral("--images"), QStringLiteral("-1") }
                                     << "--images takes a whole number";
}

void TestCli::analyzeImagesAndStoredWeights()
{
    // One 1024x1024 image: smart_resize to 980x980 (28-pixel units, the processor's default max_pixels), 70 x 70
    // patches merged 2 x 2 = 1,225 tokens, plus <|vision_start|> and <|vision_end|>.
    Run r = lmp({ QStringLiteral("analyze"), QStringLiteral("Qwen/Qwen2.5-VL-3B-Instruct"), QStringLiteral("--seq"),
        QStringLiteral("128"), QStringLiteral("--images"), QStringLiteral("1"), QStringLiteral("--image-size"),
        QStringLiteral("1024x1024"), QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--depth"),
        QStringLiteral("0") });
    QCOMPARE(r.exitCode, 0);
    auto json = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(json["total"]["image_tokens"].get<int>(), 1227);
    // A text-only model says that it ignores images.
    r = lmp({ QStringLiteral("analyze"), QStringLiteral("meta-llama/Llama-2-7b-hf"), QStringLiteral("--images"),
        QStringLiteral("2"), QStringLiteral("--depth"), QStringLiteral("0") });
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral("note: this model takes no images")), qPrintable(r.out));
    // DeepSeek-V3's checkpoint stores fp8 weights with 128 x 128 block scales: the default weight bytes are its;
    // --weight-dtype bf16 asks for 2 bytes a parameter.
    r = lmp({ QStringLiteral("analyze"), QStringLiteral("deepseek-ai/DeepSeek-V3"), QStringLiteral("--format"),
        QStringLiteral("json"), QStringLiteral("--depth"), QStringLiteral("0") });
    json = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(json["total"]["weight_bytes"].get<std::int64_t>(), 673150552416LL);
    QVERIFY(json["total"]["stored_weights"].get<std::string>().find("fp8") != std::string::npos);
    r = lmp({ QStringLiteral("analyze"), QStringLiteral("deepseek-ai/DeepSeek-V3"), QStringLiteral("--weight-dtype"),
        QStringLiteral("bf16"), QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--depth"),
        QStringLiteral("0") });
    json = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(json["total"]["weight_bytes"].get<std::int64_t>(), 2 * 671026404352LL);
    QVERIFY(json["total"]["stored_weights"].is_null());
}

void TestCli::analyzeBadOptions()
{
    QFETCH(QStringList, options);
    QFETCH(QString, message);
    const Run r = lmp(QStringList { QStringLiteral("analyze"), QStringLiteral("meta-llama/Llama-2-7b-hf") } + options);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
}

void TestCli::sweep()
{
    const Run r = lmp({ QStringLiteral("sweep"), QStringLiteral("meta-llama/Llama-2-7b-hf"), QStringLiteral("--over"),
        QStringLiteral("seq"), QStringLiteral("--values"), QStringLiteral("128:2048:1920"), QStringLiteral("--metric"),
        QStringLiteral("matmul_flops"), QStringLiteral("--format"), QStringLiteral("json") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto doc = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(doc.at("points").size(), std::size_t(2));
    QCOMPARE(doc.at("points")[0].at("matmul_flops").get<std::int64_t>(), 1'700'001'759'232);
    QCOMPARE(doc.at("points")[1].at("matmul_flops").get<std::int64_t>(), 29'261'612'449'792);
    const Run bad = lmp({ QStringLiteral("sweep"), QStringLiteral("meta-llama/Llama-2-7b-hf"), QStringLiteral("--over"),
        QStringLiteral("seq"), QStringLiteral("--values"), QStringLiteral("10:1:1") });
    QCOMPARE(bad.exitCode, 2);
    QVERIFY(bad.err.contains(QStringLiteral("STOP >= START")));
}

void TestCli::hardware()
{
    const Run list = lmp({ QStringLiteral("hardware"), QStringLiteral("list") });
    QCOMPARE(list.exitCode, 0);
    QVERIFY(list.out.contains(QStringLiteral("nvidia-h100-sxm")));
    QVERIFY(list.out.contains(QStringLiteral("amd-mi300x")));
    const Run show = lmp({ QStringLiteral("hardware"), QStringLiteral("show"), QStringLiteral("nvidia-h100-sxm") });
    QCOMPARE(show.exitCode, 0);
    QVERIFY(nlohmann::json::parse(show.out.toStdString()).at("sources").size() > 2);
}

// Two reviews of the seed's MultiHeadAttention (pending, validator "manual", notes "Agent-generated, awaiting human
// validation") in a copy of the seed database: alice validates it with long notes, bob rejects it.
static QString reviewedCopy(const QTemporaryDir& dir, const std::function<Run(const QStringList&)>& lmp)
{
    const QString path = dir.filePath(QStringLiteral("db.json"));
    QFile::copy(dataFile("seed_example_db.json"), path);
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    const QStringList db { QStringLiteral("--no-builtin"), QStringLiteral("--db"), path };
    lmp(QStringList { QStringLiteral("db"), QStringLiteral("validate"), QStringLiteral("MultiHeadAttention"),
            QStringLiteral("--reviewer"), QStringLiteral("alice"), QStringLiteral("--notes"),
            QString(80, QLatin1Char('x')) }
        + db);
    lmp(QStringList { QStringLiteral("db"), QStringLiteral("reject"), QStringLiteral("MultiHeadAttention"),
            QStringLiteral("--reviewer"), QStringLiteral("bob") }
        + db);
    return path;
}

void TestCli::dbHistory()
{
    QTemporaryDir dir;
    const QString path = reviewedCopy(dir, [this](const QStringList& args) { return lmp(args); });
    const QStringList db { QStringLiteral("--no-builtin"), QStringLiteral("--db"), path };
    const Run text =
        lmp(QStringList { QStringLiteral("db"), QStringLiteral("history"), QStringLiteral("MultiHeadAttention") } + db);
    QVERIFY2(text.exitCode == 0, qPrintable(text.err));
    QVERIFY2(text.out.startsWith(QStringLiteral("# MultiHeadAttention: 2 revisions\n")), qPrintable(text.out));
    QVERIFY(text.out.contains(QStringLiteral("\nrevision 1  user  ")));
    QVERIFY(text.out.contains(QStringLiteral("  alice  validate\n")));
    QVERIFY(text.out.contains(QStringLiteral("  /validation/status: \"pending\" \u2192 \"validated\"\n")));
    QVERIFY(text.out.contains(QStringLiteral("  /validation/validator: \"manual\" \u2192 \"alice\"\n")));
    // 82 characters of JSON ("xxx...") are cut to 57 and "...": the quote and 56 x.
    QVERIFY2(text.out.contains(
                 QStringLiteral("  /validation/notes: \"Agent-generated, awaiting human validation\" \u2192 \"")
                 + QString(56, QLatin1Char('x')) + QStringLiteral("...\n")),
        qPrintable(text.out));
    QVERIFY(text.out.contains(QStringLiteral("  notes: ") + QString(80, QLatin1Char('x')) + QStringLiteral("\n")));
    QVERIFY(text.out.contains(QStringLiteral("\nrevision 2  user  ")));
    QVERIFY(text.out.contains(QStringLiteral("  bob  reject\n")));
    QVERIFY(text.out.contains(QStringLiteral("  /validation/status: \"validated\" \u2192 \"rejected\"\n")));

    const Run json = lmp(QStringList { QStringLiteral("db"), QStringLiteral("history"),
                             QStringLiteral("MultiHeadAttention"), QStringLiteral("--format"), QStringLiteral("json") }
        + db);
    QVERIFY2(json.exitCode == 0, qPrintable(json.err));
    const auto doc = nlohmann::json::parse(json.out.toStdString());
    const auto& revisions = doc.at("revisions");
    QCOMPARE(revisions.size(), std::size_t(2));
    QCOMPARE(revisions[0].at("revision").get<int>(), 1);
    QCOMPARE(revisions[0].at("layer").get<std::string>(), std::string("user"));
    QCOMPARE(revisions[0].at("author").get<std::string>(), std::string("alice"));
    QCOMPARE(revisions[1].at("action").get<std::string>(), std::string("reject"));
    // Full values in JSON.
    bool notesFound = false;
    for (const auto& change : revisions[0].at("changes")) {
        if (change.at("pointer") == "/validation/notes") {
            notesFound = true;
            QCOMPARE(change.at("new").get<std::string>(), std::string(80, 'x'));
        }
    }
    QVERIFY(notesFound);

    // A built-in entry without revisions.
    const Run builtin =
        lmp({ QStringLiteral("db"), QStringLiteral("history"), QStringLiteral("lmp.examples.TransformerBlock") });
    QCOMPARE(builtin.exitCode, 0);
}

void TestCli::dbDiff()
{
    QTemporaryDir dir;
    const QString path = reviewedCopy(dir, [this](const QStringList& args) { return lmp(args); });
    const QStringList db { QStringLiteral("--no-builtin"), QStringLiteral("--db"), path };
    // Default: revision 1 (alice's) against the current entry (bob's).
    const Run last =
        lmp(QStringList { QStringLiteral("db"), QStringLiteral("diff"), QStringLiteral("MultiHeadAttention") } + db);
    QVERIFY2(last.exitCode == 0, qPrintable(last.err));
    QVERIFY2(
        last.out.startsWith(QStringLiteral("diff MultiHeadAttention\n--- revision 1 (user, ")), qPrintable(last.out));
    QVERIFY(last.out.contains(QStringLiteral(", alice, validate)\n+++ current entry (user)\n@@ -")));
    QVERIFY(last.out.contains(QStringLiteral("\"status\": \"[-validated-]{+rejected+}\",\n")));
    QVERIFY(last.out.contains(QStringLiteral("\"validator\": \"[-alice-]{+bob+}\",\n")));
    QVERIFY(last.out.contains(
        QStringLiteral("\"notes\": [-\"") + QString(80, QLatin1Char('x')) + QStringLiteral("\"-]{+null+}\n")));
    // Unchanged lines far from a change are left out.
    QVERIFY(!last.out.contains(QStringLiteral("thinking_process")));

    // Before the first revision against revision 2.
    const Run both = lmp(QStringList { QStringLiteral("db"), QStringLiteral("diff"),
                             QStringLiteral("MultiHeadAttention"), QStringLiteral("0"), QStringLiteral("user:2") }
        + db);
    QVERIFY2(both.exitCode == 0, qPrintable(both.err));
    QVERIFY(both.out.contains(QStringLiteral("--- before revision 1 (user)\n+++ revision 2 (user, ")));
    QVERIFY(both.out.contains(QStringLiteral("\"status\": \"[-pending-]{+rejected+}\",\n")));
    QVERIFY(both.out.contains(QStringLiteral("\"validator\": \"[-manual-]{+bob+}\",\n")));

    // A revision against itself.
    const Run same = lmp(QStringList { QStringLiteral("db"), QStringLiteral("diff"),
                             QStringLiteral("MultiHeadAttention"), QStringLiteral("2"), QStringLiteral("current") }
        + db);
    QCOMPARE(same.exitCode, 0);
    QVERIFY2(same.out.endsWith(QStringLiteral("(no changes)\n")), qPrintable(same.out));

    const Run missing = lmp(QStringList { QStringLiteral("db"), QStringLiteral("diff"),
                                QStringLiteral("MultiHeadAttention"), QStringLiteral("7"), QStringLiteral("current") }
        + db);
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains(QStringLiteral("no revision 7 (the revisions are 1, 2)")), qPrintable(missing.err));
}

void TestCli::dbCheckShowsLineColumnAndCaret()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("db.json"));
    // Line 10 holds the template: 8 spaces and "formula_template": (20 characters) before the value, column 29.
    const QByteArray text = R"json({
  "schema_version": 2,
  "modules": {
    "torch__nn__ReLU": {
      "module_path": "torch.nn.ReLU",
      "code_location": {"file": "torch/nn/modules/activation.py", "line_start": 1, "line_end": 2},
      "flop_analysis": {
        "thinking_process": "one comparison per element",
        "parameters": ["N", "features"],
        "formula_template": "${N} * ${features} ^ 2",
        "module_depends": []
      },
      "memory_analysis": {
        "thinking_process": "reads and writes each element",
        "parameters": ["N", "features"],
        "reads_template": "${N} * ${features} * ${a_bytes}",
        "writes_template": "${N} * ${features} * ${a_bytes}",
        "intermediates_template": "0",
        "module_depends": []
      },
      "validation": {"status": "pending", "validator": null, "date": null, "notes": null}
    }
  }
}
)json";
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    }
    const Run r = lmp({ QStringLiteral("db"), QStringLiteral("check"), QStringLiteral("--no-builtin"),
        QStringLiteral("--db"), path });
    QCOMPARE(r.exitCode, 1);
    // "${N} * ${features} " is 19 bytes: the caret sits under byte 19, after the two spaces of indent.
    const QString expected = path + QStringLiteral(":10:29: torch__nn__ReLU: flop_analysis.formula_template: ");
    QVERIFY2(r.out.startsWith(expected), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("\n  ${N} * ${features} ^ 2\n") + QString(21, QLatin1Char(' '))
                 + QStringLiteral("^\n")),
        qPrintable(r.out));
    QVERIFY(r.out.endsWith(QStringLiteral("1 entries checked, 1 problem\n")));

    const Run json = lmp({ QStringLiteral("db"), QStringLiteral("check"), QStringLiteral("--no-builtin"),
        QStringLiteral("--db"), path, QStringLiteral("--format"), QStringLiteral("json") });
    QCOMPARE(json.exitCode, 1);
    const auto problem = nlohmann::json::parse(json.out.toStdString()).at("problems").at(0);
    QCOMPARE(problem.at("line").get<int>(), 10);
    QCOMPARE(problem.at("column").get<int>(), 29);
    QCOMPARE(problem.at("rule").get<std::string>(), std::string("template_syntax"));
    QCOMPARE(problem.at("formula_error").at("begin").get<int>(), 19);
    QCOMPARE(problem.at("formula_error").at("end").get<int>(), 20);
}

void TestCli::analyzeSaysWhichFormulasItTrusts()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("user.json"));
    const QStringList analyze { QStringLiteral("analyze"), QStringLiteral("meta-llama/Llama-2-7b-hf"),
        QStringLiteral("--seq"), QStringLiteral("128"), QStringLiteral("--db"), db };
    // Everything built in is validated.
    const Run clean = lmp(analyze + QStringList { QStringLiteral("--depth"), QStringLiteral("0") });
    QVERIFY2(clean.exitCode == 0, qPrintable(clean.err));
    QVERIFY2(clean.out.contains(QStringLiteral("formulas: every formula used was validated")), qPrintable(clean.out));

    // A reviewer asks for changes to LlamaMLP: its 32 instances use it, and so do the 32 decoder layers, LlamaModel
    // and LlamaForCausalLM, whose entries call it (directly or not): 66 modules.
    const Run review = lmp({ QStringLiteral("db"), QStringLiteral("request-changes"),
        QStringLiteral("transformers.models.llama.modeling_llama.LlamaMLP"), QStringLiteral("--db"), db,
        QStringLiteral("--reviewer"), QStringLiteral("alice"), QStringLiteral("--notes"),
        QStringLiteral("the gating product is counted twice?") });
    QVERIFY2(review.exitCode == 0, qPrintable(review.err));
    const Run marked = lmp(analyze + QStringList { QStringLiteral("--depth"), QStringLiteral("0") });
    QCOMPARE(marked.exitCode, 0);
    QVERIFY2(marked.out.contains(QStringLiteral("formulas: 66 modules use unreviewed formulas "
                                                "(transformers.models.llama.modeling_llama.LlamaMLP (needs_changes))")),
        qPrintable(marked.out));
    // The totals are the same numbers: a formula under review is still used.
    QVERIFY(marked.out.contains(QStringLiteral("1,700,632,018,944 FLOPs")));
    const Run json = lmp(analyze + QStringList { QStringLiteral("--format"), QStringLiteral("json") });
    const auto doc = nlohmann::json::parse(json.out.toStdString());
    QCOMPARE(doc.at("formulas").at("unreviewed_modules").get<int>(), 66);
    bool mlpMarked = false;
    for (const auto& node : doc.at("nodes")) {
        if (node.at("name") == "model.layers.0.mlp")
            mlpMarked = node.at("unreviewed")[0] == "transformers.models.llama.modeling_llama.LlamaMLP";
    }
    QVERIFY(mlpMarked);

    // --validated-only leaves the entry out: each MLP sums its children (three projections and the SiLU) and loses
    // its own gating product, N * intermediate_size = 128 * 11008 per layer; the decoder layer's entry calls the
    // MLP's, so it cannot be evaluated either and sums its children, losing its two residual adds, 2 * 128 * 4096
    // per layer: 1,700,632,018,944 - 32 * 1,409,024 - 32 * 1,048,576 = 1,700,553,375,744.
    const Run validated = lmp(
        analyze + QStringList { QStringLiteral("--depth"), QStringLiteral("0"), QStringLiteral("--validated-only") });
    QCOMPARE(validated.exitCode, 0);
    QVERIFY2(validated.out.contains(QStringLiteral("1,700,553,375,744 FLOPs")), qPrintable(validated.out));
    QVERIFY(validated.out.contains(QStringLiteral("formulas: every formula used was validated; validated entries only; "
                                                  "not used: "
                                                  "transformers.models.llama.modeling_llama.LlamaMLP: needs_changes")));

    // A rejected entry is never used: the SiLU modules are warned, and LlamaMLP, which calls it, cannot be evaluated.
    const Run reject = lmp({ QStringLiteral("db"), QStringLiteral("reject"), QStringLiteral("torch.nn.SiLU"),
        QStringLiteral("--db"), db, QStringLiteral("--reviewer"), QStringLiteral("bob") });
    QCOMPARE(reject.exitCode, 0);
    const Run rejected = lmp(analyze + QStringList { QStringLiteral("--depth"), QStringLiteral("0") });
    QCOMPARE(rejected.exitCode, 0);
    QVERIFY2(rejected.out.contains(QStringLiteral("not used: torch.nn.SiLU: rejected")), qPrintable(rejected.out));
    QVERIFY2(rejected.err.contains(QStringLiteral("the database entry for torch.nn.SiLU is not used: rejected")),
        qPrintable(rejected.err));
}

void TestCli::agentDryRunShowsTheForwardCode()
{
    // A real class, looked up in a source folder: the prompt holds its forward().
    QTemporaryDir dir;
    const Run r = lmp({ QStringLiteral("agent"), QStringLiteral("transformers.models.llama.modeling_llama.LlamaMLP"),
        QStringLiteral("--source-root"), dataFile("source/checkout/transformers"), QStringLiteral("--dry-run"),
        QStringLiteral("--db"), dir.filePath(QStringLiteral("db.json")) });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("lmp-module-prompt/1")));
    QVERIFY(r.out.contains(QStringLiteral("class LlamaMLP(nn.Module):")));
    QVERIFY2(r.out.contains(QStringLiteral("def forward(self, x):")), qPrintable(r.out.left(3000)));
    QVERIFY(r.out.contains(QStringLiteral("down_proj = self.down_proj(self.act_fn(self.gate_proj(x)) * project(x))")));
    QVERIFY(r.out.contains(QStringLiteral("forward() is at lines 47-52.")));
    // The schema, the context variables and a reviewed example go with it.
    QVERIFY(r.out.contains(QStringLiteral("${S_kv}")));
    QVERIFY(r.out.contains(QStringLiteral("\"matmul_template\"")));
    QVERIFY(r.out.contains(QStringLiteral("torch.nn.Linear:")));
    // Nothing was written by a dry run.
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("db.json"))));
}

void TestCli::agentCommandProvider()
{
    // A scripted agent (an external command) answers with an entry for a class the database lacks.
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("db.json"));
    auto script = [&dir](const char* name, const QByteArray& answer) {
        const QString path = dir.filePath(QString::fromLatin1(name));
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write("#!/bin/sh\ncat > /dev/null\ncat <<'LMP_ANSWER'\n" + answer + "\nLMP_ANSWER\n");
        f.close();
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return path;
    };
    const QByteArray good = R"lmp(Here is the entry:
```json
{"module_path": "toy.nn.Scale",
 "code_location": {"file": "toy/nn.py", "line_start": 3, "line_end": 9},
 "flop_analysis": {"thinking_process": "forward() multiplies every element by a scalar: N * features FLOPs.",
   "parameters": ["N", "features"], "formula_template": "${N} * ${features}", "matmul_template": "0",
   "module_depends": [], "breakdown": {"scale": "${N} * ${features}"}},
 "memory_analysis": {"thinking_process": "reads the input, writes the output", "parameters": ["N", "features"],
   "reads_template": "${N} * ${features} * ${a_bytes}", "writes_template": "${N} * ${features} * ${a_bytes}",
   "intermediates_template": "0", "params_template": "0", "module_depends": []},
 "validation": {"status": "validated", "validator": "me", "date": "2020-01-01", "notes": "trust me"}}
```)lmp";
    const QStringList base { QStringLiteral("agent"), QStringLiteral("toy.nn.Scale"), QStringLiteral("--db"), db,
        QStringLiteral("--provider"), QStringLiteral("command") };
    const Run landed = lmp(base + QStringList { QStringLiteral("--command"), script("good.sh", good) });
    QVERIFY2(landed.exitCode == 0, qPrintable(landed.err));
    QVERIFY(landed.out.contains(QStringLiteral("toy.nn.Scale: drafted (pending review)")));
    const auto json = nlohmann::json::parse(fileBytes(db).toStdString());
    const auto& entry = json.at("modules").at("toy__nn__Scale");
    // What the draft claimed about its own review is discarded: pending, by the agent.
    QCOMPARE(entry.at("validation").at("status").get<std::string>(), std::string("pending"));
    QVERIFY(entry.at("validation").at("validator").get<std::string>().rfind("agent:command/", 0) == 0);
    QVERIFY(entry.at("history").back().at("notes").get<std::string>().find("lmp-module-prompt/1") != std::string::npos);

    // A refused answer: exit 1, the reasons on stderr, the file byte for byte as it was.
    const QByteArray before = fileBytes(db);
    const QByteArray cycle = R"lmp({"module_path": "toy.nn.Other",
        "code_location": {"file": "toy/nn.py", "line_start": 12, "line_end": 20}, "flop_analysis": {"thinking_process": "",
        "parameters": ["N"], "formula_template": "{toy__nn__Nope}(${N})", "matmul_template": "0", "module_depends":
        ["toy__nn__Nope"], "breakdown": {}}, "memory_analysis": {"thinking_process": "", "parameters": [],
        "reads_template": "0", "writes_template": "0", "intermediates_template": "0", "module_depends": []}})lmp";
    const Run refused = lmp({ QStringLiteral("agent"), QStringLiteral("toy.nn.Other"), QStringLiteral("--db"), db,
        QStringLiteral("--provider"), QStringLiteral("command"), QStringLiteral("--no-repair"),
        QStringLiteral("--command"), script("bad.sh", cycle) });
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(QStringLiteral("toy__nn__Nope")), qPrintable(refused.err));
    QCOMPARE(fileBytes(db), before);

    // An agent that never answers: the timeout ends it (exit 2), and the database keeps its bytes.
    const QElapsedTimer started = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    const Run slow = lmp({ QStringLiteral("agent"), QStringLiteral("toy.nn.Other"), QStringLiteral("--db"), db,
        QStringLiteral("--provider"), QStringLiteral("command"), QStringLiteral("--timeout"), QStringLiteral("1"),
        QStringLiteral("--command"), script("slow.sh", "LMP_ANSWER\nsleep 30\ncat <<'LMP_ANSWER'") });
    QCOMPARE(slow.exitCode, 2);
    QVERIFY2(slow.err.contains(QStringLiteral("slow.sh timed out after 1 s")), qPrintable(slow.err));
    QVERIFY(started.elapsed() < 20000);
    QCOMPARE(fileBytes(db), before);

    // A command that does not exist: exit 2.
    const Run missing =
        lmp(base + QStringList { QStringLiteral("--command"), dir.filePath(QStringLiteral("no-such-agent")) });
    QCOMPARE(missing.exitCode, 2);
    // No provider: bad usage.
    const Run usage = lmp({ QStringLiteral("agent"), QStringLiteral("toy.nn.Scale"), QStringLiteral("--db"), db });
    QCOMPARE(usage.exitCode, 2);
    QVERIFY(usage.err.contains(QStringLiteral("--provider")));
}

void TestCli::agentKeyIsNeverWritten()
{
    // An OpenAI-compatible server on 127.0.0.1 answers with an entry; the key comes from the environment. It goes to
    // the server in the Authorization header and nowhere else: not in the database, not in any file under the
    // program's home, configuration and cache folders, not on stdout or stderr.
    const QByteArray key = "sk-lmp-test-2f9c1a77e0b34d5e";
    QTemporaryDir home;
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QByteArray request;
    const QByteArray entry = R"lmp({"module_path": "toy.nn.Scale",
 "code_location": {"file": "toy/nn.py", "line_start": 3, "line_end": 9},
 "flop_analysis": {"thinking_process": "one multiply per element", "parameters": ["N", "features"],
   "formula_template": "${N} * ${features}", "matmul_template": "0", "module_depends": [],
   "breakdown": {"scale": "${N} * ${features}"}},
 "memory_analysis": {"thinking_process": "reads the input, writes the output", "parameters": ["N", "features"],
   "reads_template": "${N} * ${features} * ${a_bytes}", "writes_template": "${N} * ${features} * ${a_bytes}",
   "intermediates_template": "0", "params_template": "0", "module_depends": []}})lmp";
    const nlohmann::json reply = { { "id", "chatcmpl-1" }, { "object", "chat.completion" },
        { "choices",
            { { { "index", 0 }, { "finish_reason", "stop" },
                { "message",
                    { { "role", "assistant" }, { "content", "```json\n" + entry.toStdString() + "\n```" } } } } } } };
    const QByteArray body = QByteArray::fromStdString(reply.dump());
    connect(&server, &QTcpServer::newConnection, &server, [&] {
        QTcpSocket* socket = server.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [&, socket] {
            request += socket->readAll();
            const qsizetype end = request.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QByteArray head = request.left(end).toLower();
            const qsizetype at = head.indexOf("content-length:");
            const qsizetype length =
                at < 0 ? 0 : head.mid(at + 15, head.indexOf('\r', at) - at - 15).trimmed().toLongLong();
            if (request.size() < end + 4 + length)
                return;
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            socket->disconnectFromHost();
        });
    });

    const QString db = home.filePath(QStringLiteral("db.json"));
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
    env.insert(QStringLiteral("TMPDIR"), home.filePath(QStringLiteral("tmp")));
    QVERIFY(QDir(home.path()).mkpath(QStringLiteral("tmp")));
    env.insert(QStringLiteral("OPENAI_API_KEY"), QString::fromLatin1(key));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("qt.network.*=true"));
    process.setProcessEnvironment(env);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(m_executable,
        { QStringLiteral("agent"), QStringLiteral("toy.nn.Scale"), QStringLiteral("--db"), db,
            QStringLiteral("--provider"), QStringLiteral("openai"), QStringLiteral("--base-url"),
            QStringLiteral("http://127.0.0.1:%1/v1").arg(server.serverPort()), QStringLiteral("--model"),
            QStringLiteral("local-model") });
    QVERIFY(finished.wait(60000)); // the event loop runs, so the server answers
    const QByteArray out = process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(process.exitCode() == 0, err.constData());
    QVERIFY(out.contains("toy.nn.Scale: drafted (pending review)"));
    // The request: the key in its header, the model and the prompt in the body.
    QVERIFY(request.startsWith("POST /v1/chat/completions "));
    QVERIFY2(request.toLower().contains(QByteArray("\r\nauthorization: bearer " + key.toLower() + "\r\n")),
        request.left(600).constData());
    QVERIFY(request.contains("\"local-model\""));
    QVERIFY(request.contains("toy.nn.Scale"));
    QVERIFY(!out.contains(key));
    QVERIFY(!err.contains(key));
    const auto json = nlohmann::json::parse(fileBytes(db).toStdString());
    QCOMPARE(json.at("modules").at("toy__nn__Scale").at("validation").at("validator").get<std::string>(),
        std::string("agent:openai/local-model"));
    int files = 0;
    QDirIterator it(home.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        ++files;
        QVERIFY2(!fileBytes(path).contains(key), qPrintable(path));
    }
    QVERIFY(files >= 1); // the database at least
}

void TestCli::reportFiles_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<QString>("start"); // the file's first bytes
    QTest::addRow("html") << "html"
                          << "<!DOCTYPE html>";
    QTest::addRow("markdown") << "md"
                              << "# meta-llama/Llama-3.1-8B";
    QTest::addRow("csv") << "csv"
                         << "module,class,flops";
    QTest::addRow("json") << "json"
                          << "{";
#ifdef LMP_HAVE_CHARTS // a build without the window writes no PDF (and says so)
    QTest::addRow("pdf") << "pdf"
                         << "%PDF-";
#endif
}

void TestCli::reportFiles()
{
    QFETCH(QString, suffix);
    QFETCH(QString, start);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("llama.") + suffix);
    const Run r = lmp({ QStringLiteral("report"), QStringLiteral("meta-llama/Llama-3.1-8B"), QStringLiteral("--seq"),
        QStringLiteral("128"), QStringLiteral("--hardware"), QStringLiteral("nvidia-h100-sxm"), QStringLiteral("-o"),
        file });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(!r.err.contains(QStringLiteral("QStandardPaths")), qPrintable(r.err)); // no noise from the GUI libraries
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY(bytes.startsWith(start.toUtf8()));
    // Llama-3.1-8B at S = 128, by hand: the LM head's matmul is 2 x 128 x 4096 x 128256 = 134,486,163,456 FLOPs;
    // the published parameter count is 8,030,261,248 (SOURCES.md).
    if (suffix != QStringLiteral("md") && suffix != QStringLiteral("pdf"))
        QVERIFY(bytes.contains("134486163456"));
    if (suffix == QStringLiteral("html") || suffix == QStringLiteral("md"))
        QVERIFY(bytes.contains("8,030,261,248"));
#ifdef LMP_HAVE_CHARTS
    if (suffix == QStringLiteral("html"))
        QVERIFY(bytes.contains("<svg")); // charts embedded
#endif
}

void TestCli::compareSides()
{
    // One model under two settings: bf16 against fp8 weights in decode. The weight bytes halve, FLOPs stay.
    const Run r = lmp({ QStringLiteral("compare"), QStringLiteral("meta-llama/Llama-3.1-8B"), QStringLiteral("--phase"),
        QStringLiteral("decode"), QStringLiteral("--a-weight-dtype"), QStringLiteral("bf16"),
        QStringLiteral("--b-weight-dtype"), QStringLiteral("fp8"), QStringLiteral("--format"),
        QStringLiteral("json") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto j = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(j.at("total").at("weight_bytes").at("a").get<std::int64_t>(), std::int64_t(16060522496));
    QCOMPARE(j.at("total").at("weight_bytes").at("b").get<std::int64_t>(), std::int64_t(8030261248));
    QCOMPARE(j.at("total").at("weight_bytes").at("ratio").get<double>(), 0.5);
    QCOMPARE(j.at("total").at("flops").at("ratio").get<double>(), 1.0);
    QCOMPARE(j.at("b").at("settings").at("w_bytes").get<int>(), 1);
    // The text form names what differs.
    const Run text = lmp({ QStringLiteral("compare"), QStringLiteral("meta-llama/Llama-3.1-8B"),
        QStringLiteral("--b-hardware"), QStringLiteral("nvidia-h100-sxm"), QStringLiteral("--a-hardware"),
        QStringLiteral("nvidia-a100-80gb"), QStringLiteral("--depth"), QStringLiteral("1") });
    QVERIFY2(text.exitCode == 0, qPrintable(text.err));
    QVERIFY2(text.out.contains(QStringLiteral("A: NVIDIA A100")), qPrintable(text.out.left(300)));
    QVERIFY(text.out.contains(QStringLiteral("expected time")));
#ifdef LMP_HAVE_CHARTS
    // Written like a report: the HTML carries the comparison's chart.
    QTemporaryDir dir;
    const QString html = dir.filePath(QStringLiteral("cmp.html"));
    const Run written = lmp({ QStringLiteral("compare"), QStringLiteral("meta-llama/Llama-3.1-8B"),
        QStringLiteral("--b-weight-dtype"), QStringLiteral("fp8"), QStringLiteral("-o"), html });
    QVERIFY2(written.exitCode == 0, qPrintable(written.err));
    QVERIFY(fileBytes(html).contains("<svg"));
    QVERIFY(fileBytes(html).contains("16,060,522,496"));
#endif
    // Bad input names the side and the option.
    const Run bad = lmp({ QStringLiteral("compare"), QStringLiteral("meta-llama/Llama-3.1-8B"),
        QStringLiteral("--b-weight-dtype"), QStringLiteral("fp5") });
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains(QStringLiteral("B: --weight-dtype")), qPrintable(bad.err));
    const Run unknown = lmp({ QStringLiteral("compare"), QStringLiteral("meta-llama/Llama-3.1-8B"),
        QStringLiteral("--b-colour"), QStringLiteral("red") });
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.err.contains(QStringLiteral("unknown option '--b-colour'")));
}

void TestCli::chartModuleMissing()
{
#ifdef LMP_HAVE_CHARTS
    // A copy of lmp without the chart module beside it: commands that draw say why they cannot, reports are still
    // written (without charts), and the rest works as before.
    QTemporaryDir dir;
    const QString copy = dir.filePath(QStringLiteral("bin/lmp"));
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("bin"))));
    QVERIFY(QFile::copy(m_executable, copy));
    QVERIFY(QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    const QString png = dir.filePath(QStringLiteral("roofline.png"));
    const Run plot =
        lmp({ QStringLiteral("plot"), QStringLiteral("roofline"), QStringLiteral("meta-llama/Llama-3.1-8B"),
                QStringLiteral("--hardware"), QStringLiteral("nvidia-h100-sxm"), QStringLiteral("-o"), png },
            copy);
    QCOMPARE(plot.exitCode, 2);
    QVERIFY2(plot.err.contains(QStringLiteral("chart module could not be loaded")), qPrintable(plot.err));
    QVERIFY(!QFile::exists(png));
    const QString html = dir.filePath(QStringLiteral("report.html"));
    const Run report = lmp({ QStringLiteral("report"), QStringLiteral("meta-llama/Llama-3.1-8B"),
                               QStringLiteral("--format"), QStringLiteral("html"), QStringLiteral("-o"), html },
        copy);
    QVERIFY2(report.exitCode == 0, qPrintable(report.err));
    QVERIFY2(report.err.contains(QStringLiteral("the report has no charts")), qPrintable(report.err));
    QVERIFY(fileBytes(html).contains("Llama"));
    QVERIFY(!fileBytes(html).contains("<svg"));
    const Run pdf =
        lmp({ QStringLiteral("report"), QStringLiteral("meta-llama/Llama-3.1-8B"), QStringLiteral("--format"),
                QStringLiteral("pdf"), QStringLiteral("-o"), dir.filePath(QStringLiteral("report.pdf")) },
            copy);
    QCOMPARE(pdf.exitCode, 2);
    QVERIFY2(pdf.err.contains(QStringLiteral("PDF needs charts")), qPrintable(pdf.err));
    const Run analyze = lmp({ QStringLiteral("analyze"), QStringLiteral("meta-llama/Llama-3.1-8B") }, copy);
    QVERIFY2(analyze.exitCode == 0, qPrintable(analyze.err));
    QVERIFY(analyze.err.isEmpty());
#else
    // A build without the window has no chart module: reports say they have no charts, and why.
    QTemporaryDir dir;
    const QString html = dir.filePath(QStringLiteral("report.html"));
    const Run report = lmp({ QStringLiteral("report"), QStringLiteral("meta-llama/Llama-3.1-8B"),
        QStringLiteral("--format"), QStringLiteral("html"), QStringLiteral("-o"), html });
    QVERIFY2(report.exitCode == 0, qPrintable(report.err));
    QVERIFY2(report.err.contains(QStringLiteral("no graphical libraries")), qPrintable(report.err));
#endif
}

void TestCli::plotCommand()
{
#ifdef LMP_HAVE_CHARTS
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("roofline.png"));
    const Run r = lmp({ QStringLiteral("plot"), QStringLiteral("roofline"), QStringLiteral("meta-llama/Llama-3.1-8B"),
        QStringLiteral("--hardware"), QStringLiteral("nvidia-h100-sxm"), QStringLiteral("--size"),
        QStringLiteral("400x300"), QStringLiteral("--scale"), QStringLiteral("2"), QStringLiteral("-o"), png });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    // The PNG header's width and height (big-endian, bytes 16 to 23): the chosen size times the scale.
    const QByteArray bytes = fileBytes(png);
    QVERIFY(bytes.startsWith("\x89PNG"));
    auto be32 = [&](int at) {
        return (quint32(quint8(bytes[at])) << 24) | (quint32(quint8(bytes[at + 1])) << 16)
            | (quint32(quint8(bytes[at + 2])) << 8) | quint32(quint8(bytes[at + 3]));
    };
    QCOMPARE(be32(16), quint32(800));
    QCOMPARE(be32(20), quint32(600));
    const QString svg = dir.filePath(QStringLiteral("sweep.svg"));
    const Run sweep = lmp({ QStringLiteral("plot"), QStringLiteral("sweep"), QStringLiteral("meta-llama/Llama-3.1-8B"),
        QStringLiteral("--over"), QStringLiteral("batch"), QStringLiteral("--from"), QStringLiteral("1"),
        QStringLiteral("--to"), QStringLiteral("64"), QStringLiteral("--points"), QStringLiteral("4"),
        QStringLiteral("-o"), svg });
    QVERIFY2(sweep.exitCode == 0, qPrintable(sweep.err));
    QVERIFY(fileBytes(svg).contains("<svg"));
    const Run noDevice = lmp({ QStringLiteral("plot"), QStringLiteral("roofline"),
        QStringLiteral("meta-llama/Llama-3.1-8B"), QStringLiteral("-o"), png });
    QCOMPARE(noDevice.exitCode, 2);
    QVERIFY(noDevice.err.contains(QStringLiteral("--hardware")));
#else
    const Run r = lmp({ QStringLiteral("plot"), QStringLiteral("roofline"), QStringLiteral("meta-llama/Llama-3.1-8B"),
        QStringLiteral("-o"), QStringLiteral("x.png") });
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QStringLiteral("no charts")));
#endif
}

void TestCli::sweepPastInPrefill()
{
    // --over past in prefill: the prompt of 128 tokens continues after P cached ones; each point says so.
    const Run r = lmp({ QStringLiteral("sweep"), QStringLiteral("meta-llama/Llama-3.1-8B"), QStringLiteral("--seq"),
        QStringLiteral("128"), QStringLiteral("--over"), QStringLiteral("past"), QStringLiteral("--values"),
        QStringLiteral("0,1000"), QStringLiteral("--metric"), QStringLiteral("matmul_flops"),
        QStringLiteral("--format"), QStringLiteral("json") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto j = nlohmann::json::parse(r.out.toStdString());
    const auto& points = j.at("points");
    QCOMPARE(points.size(), std::size_t(2));
    QCOMPARE(points[1].at("seq").get<int>(), 128);
    QCOMPARE(points[1].at("past").get<int>(), 1000);
    // 32 layers x 2 attention products x 2 x 32 heads x 128 queries x 1,000 more keys x 128 head_dim.
    QCOMPARE(points[1].at("matmul_flops").get<std::int64_t>() - points[0].at("matmul_flops").get<std::int64_t>(),
        std::int64_t(32) * 2 * 2 * 32 * 128 * 1000 * 128);
    const Run train = lmp({ QStringLiteral("sweep"), QStringLiteral("meta-llama/Llama-3.1-8B"),
        QStringLiteral("--phase"), QStringLiteral("train"), QStringLiteral("--over"), QStringLiteral("past"),
        QStringLiteral("--values"), QStringLiteral("1,2") });
    QCOMPARE(train.exitCode, 2);
    QVERIFY(train.err.contains(QStringLiteral("caches nothing")));
}

void TestCli::moduleDumpUnknownTotals()
{
    // A module dump binds a Linear's bias from its tensors (no "bias" tensor: no bias): q_proj, Linear(8, 8) over
    // 4 tokens, is 2*4*8*8 = 512 FLOPs. Modules the dump cannot bind (its norms lack hidden_size) stay unknown, and
    // so does the total: a dash, never 0.
    const Run r = lmp({ QStringLiteral("analyze"), dataFile("tiny_llama_module_dump.json"), QStringLiteral("--seq"),
        QStringLiteral("4"), QStringLiteral("--format"), QStringLiteral("json") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto json = nlohmann::json::parse(r.out.toStdString());
    QVERIFY(json.at("total").at("flops").is_null());
    const nlohmann::json* q = nullptr;
    for (const auto& n : json.at("nodes"))
        if (n.at("name") == "model.layers.0.self_attn.q_proj")
            q = &n;
    QVERIFY(q);
    QCOMPARE(q->at("flops").get<std::int64_t>(), std::int64_t(512));
    const Run text = lmp({ QStringLiteral("analyze"), dataFile("tiny_llama_module_dump.json"), QStringLiteral("--seq"),
        QStringLiteral("4") });
    QVERIFY2(text.out.contains(QStringLiteral("total: - FLOPs (- in matmuls)")), qPrintable(text.out.left(400)));
}

void TestCli::agentDraftsAnArchitecture()
{
    // A config whose family has no definition: refused by analyze; `lmp agent` drafts the definition and its
    // entries with a scripted agent; they land pending, and analyze says what the numbers rest on.
    QTemporaryDir dir;
    const QString model = dataFile("newfamily");
    const QString db = dir.filePath(QStringLiteral("db.json"));
    const Run refused = lmp({ QStringLiteral("analyze"), model, QStringLiteral("--db"), db });
    QCOMPARE(refused.exitCode, 2);
    QVERIFY(refused.err.contains(QStringLiteral("NovaForCausalLM")));
    const QString script = dir.filePath(QStringLiteral("agent.sh"));
    {
        QFile f(script);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("#!/bin/sh\ncat > '" + dir.filePath(QStringLiteral("prompt.txt")).toUtf8() + "'\ncat '"
            + dataFile("newfamily/agent_answer.md").toUtf8() + "'\n");
    }
    QFile::setPermissions(script, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const Run drafted = lmp({ QStringLiteral("agent"), model, QStringLiteral("--db"), db, QStringLiteral("--provider"),
        QStringLiteral("command"), QStringLiteral("--command"), script, QStringLiteral("--source-root"),
        dataFile("newfamily/source") });
    QVERIFY2(drafted.exitCode == 0, qPrintable(drafted.err + drafted.out));
    QVERIFY(fileBytes(dir.filePath(QStringLiteral("prompt.txt"))).contains("class NovaMLP(nn.Module):"));
    const QString definition =
        m_home.path() + QStringLiteral("/data/LM-Predictor/lm-predictor/architectures/novaforcausallm.json");
    QVERIFY2(QFile::exists(definition), qPrintable(drafted.out));
    const Run analyzed = lmp({ QStringLiteral("analyze"), model, QStringLiteral("--db"), db, QStringLiteral("--depth"),
        QStringLiteral("0"), QStringLiteral("--seq"), QStringLiteral("8") });
    QFile::remove(definition);
    QVERIFY2(analyzed.exitCode == 0, qPrintable(analyzed.err));
    // 107,072 parameters: embeddings 256*64, two layers of 37,120, the final norm 64, the LM head 256*64.
    QVERIFY(analyzed.out.contains(QStringLiteral("107,072 parameters")));
    QVERIFY2(analyzed.out.contains(QStringLiteral("architecture: architecture definition pending review")),
        qPrintable(analyzed.out));
    QVERIFY(analyzed.out.contains(QStringLiteral("use unreviewed formulas")));
}

void TestCli::dbMissingFile()
{
    QTemporaryDir dir;
    // Reading commands work on the built-in database alone and create nothing.
    const QString absent = dir.filePath(QStringLiteral("absent.json"));
    const Run list = lmp({ QStringLiteral("db"), QStringLiteral("list"), QStringLiteral("--db"), absent });
    QVERIFY2(list.exitCode == 0, qPrintable(list.err));
    QVERIFY(list.out.contains(QStringLiteral("torch.nn.Linear")));
    QVERIFY2(list.err.contains(absent + QStringLiteral(" does not exist yet; using the built-in database alone")),
        qPrintable(list.err));
    const Run show = lmp({ QStringLiteral("db"), QStringLiteral("show"), QStringLiteral("torch.nn.Linear"),
        QStringLiteral("--db"), absent });
    QCOMPARE(show.exitCode, 0);
    const Run check = lmp({ QStringLiteral("db"), QStringLiteral("check"), QStringLiteral("--db"), absent });
    QCOMPARE(check.exitCode, 0);
    QVERIFY(!QFile::exists(absent));

    // The first review creates it, and says so.
    const QString created = dir.filePath(QStringLiteral("my.json"));
    const Run review = lmp({ QStringLiteral("db"), QStringLiteral("validate"), QStringLiteral("torch.nn.Linear"),
        QStringLiteral("--db"), created, QStringLiteral("--reviewer"), QStringLiteral("alice") });
    QVERIFY2(review.exitCode == 0, qPrintable(review.err));
    QVERIFY2(review.err.contains(created + QStringLiteral(" does not exist yet; it will be created")),
        qPrintable(review.err));
    QVERIFY(QFile::exists(created));
    const auto json = nlohmann::json::parse(fileBytes(created).toStdString());
    QCOMPARE(json.at("schema_version").get<int>(), 2);
    QCOMPARE(json.at("modules").size(), std::size_t(1));
    const auto& entry = json.at("modules").at("torch__nn__Linear");
    QCOMPARE(entry.at("validation").at("validator").get<std::string>(), std::string("alice"));
    QCOMPARE(entry.at("history").back().at("author").get<std::string>(), std::string("alice"));
    // Now it exists: no more notice.
    const Run again = lmp({ QStringLiteral("db"), QStringLiteral("list"), QStringLiteral("--db"), created });
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(!again.err.contains(QStringLiteral("does not exist")), qPrintable(again.err));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

// lmp generate: the hand-checkable figures in every format, and its errors.
void TestCli::generate()
{
    const QStringList base { QStringLiteral("generate"), QStringLiteral("meta-llama/Llama-3.1-8B"),
        QStringLiteral("--hardware"), QStringLiteral("nvidia-h100-sxm"), QStringLiteral("--prompt"),
        QStringLiteral("1024"), QStringLiteral("--tokens"), QStringLiteral("256"), QStringLiteral("--execution"),
        QStringLiteral("fused") };
    const Run json = lmp(base + QStringList { QStringLiteral("--format"), QStringLiteral("json") });
    QVERIFY2(json.exitCode == 0, qPrintable(json.err));
    const auto doc = nlohmann::json::parse(json.out.toStdString());
    const double ttft = doc.at("ttft_s").get<double>(), tpot = doc.at("tpot_s").get<double>();
    QVERIFY(ttft > doc.at("ttft_roofline_s").get<double>());
    QVERIFY(tpot > doc.at("tpot_roofline_s").get<double>());
    QCOMPARE(doc.at("steps").size(), std::size_t(256));
    double decode = 0;
    for (std::size_t i = 1; i < 256; ++i)
        decode += doc.at("steps")[i].at("time_s").get<double>();
    QVERIFY(std::abs(decode / 255 - tpot) <= 1e-12 * tpot);
    QVERIFY(std::abs(doc.at("end_to_end_s").get<double>() - (ttft + decode)) <= 1e-12 * (ttft + decode));
    // 2 x 32 layers x 8 KV heads x 128 x (1,024 + 255) tokens x 2 bytes.
    QCOMPARE(doc.at("kv_cache_bytes").get<std::int64_t>(), 167'641'088);
    QCOMPARE(doc.at("steps")[255].at("cached").get<std::int64_t>(), 1279);

    const Run csv = lmp(base
        + QStringList {
            QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--tokens"), QStringLiteral("16") });
    QCOMPARE(csv.exitCode, 0);
    QCOMPARE(csv.out.count(QLatin1Char('\n')), 17);
    QVERIFY(csv.out.startsWith(QStringLiteral("token,cached,time_s,roofline_s,kv_cache_bytes")));

    const Run text = lmp(base + QStringList { QStringLiteral("--tokens"), QStringLiteral("16") });
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains(QStringLiteral("time to first token")), qPrintable(text.out));
    QVERIFY(text.out.contains(QStringLiteral("time per output token")));
    // 2 x 32 x 8 x 128 x (1,024 + 15) x 2 bytes = 136,183,808.
    QVERIFY(text.out.contains(QStringLiteral("136.18 MB")));

    const Run noDevice = lmp({ QStringLiteral("generate"), QStringLiteral("meta-llama/Llama-3.1-8B") });
    QCOMPARE(noDevice.exitCode, 2);
    QVERIFY(noDevice.err.contains(QStringLiteral("--hardware")));
    const Run badTokens = lmp(base + QStringList { QStringLiteral("--tokens"), QStringLiteral("0") });
    QCOMPARE(badTokens.exitCode, 2);
    QVERIFY2(badTokens.err.contains(QStringLiteral("--tokens")), qPrintable(badTokens.err));
    const Run phase = lmp(base + QStringList { QStringLiteral("--phase"), QStringLiteral("decode") });
    QCOMPARE(phase.exitCode, 2);
}

// Both times in every output, labelled; --execution and --tf32 are checked.
void TestCli::executionTimes()
{
    const QStringList base { QStringLiteral("analyze"), QStringLiteral("meta-llama/Llama-2-7b-hf"),
        QStringLiteral("--hardware"), QStringLiteral("nvidia-a100-80gb"), QStringLiteral("--format"),
        QStringLiteral("json") };
    for (const char* execution : { "eager", "fused" }) {
        const Run run = lmp(base + QStringList { QStringLiteral("--execution"), QString::fromLatin1(execution) });
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const auto doc = nlohmann::json::parse(run.out.toStdString());
        QCOMPARE(doc.at("settings").at("execution").get<std::string>(), std::string(execution));
        const double time = doc.at("total").at("time_s").get<double>();
        const double bound = doc.at("total").at("roofline_s").get<double>();
        QVERIFY(bound > 0 && time > bound);
        QCOMPARE(doc.at("hardware_profile").at("performance").at("basis").get<std::string>(), std::string("fitted"));
        for (const auto& node : doc.at("nodes"))
            QVERIFY(node.at("roofline_s").get<double>() <= node.at("time_s").get<double>() * (1 + 1e-12));
    }
    const Run bad = lmp(base + QStringList { QStringLiteral("--execution"), QStringLiteral("graph") });
    QCOMPARE(bad.exitCode, 2);
    QVERIFY(bad.err.contains(QStringLiteral("--execution is eager or fused")));
    const Run csv =
        lmp({ QStringLiteral("analyze"), QStringLiteral("meta-llama/Llama-2-7b-hf"), QStringLiteral("--hardware"),
            QStringLiteral("nvidia-a100-80gb"), QStringLiteral("--format"), QStringLiteral("csv") });
    QVERIFY(csv.out.startsWith(QStringLiteral(
        "module,class,flops,matmul_flops,reads,writes,intermediates,params,intensity,bound,time_s,roofline_s,share")));
}
