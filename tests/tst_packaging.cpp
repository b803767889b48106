// SPDX-License-Identifier: GPL-3.0-or-later
// What the package installs beside the programs: the bash completion of lmp (packaging/lmp.bash-completion), run by
// bash against the built lmp (commands, options, option values, catalogue and Hugging Face cache model ids, hardware
// profile ids, database keys), and the manual pages, which name every command and option the programs have.

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

class TestPackaging : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_executable = qEnvironmentVariable("LMP_EXECUTABLE");
        QVERIFY2(QFile::exists(m_executable), "LMP_EXECUTABLE must name the lmp binary");
        QVERIFY(QFile::exists(QStringLiteral(LMP_COMPLETION)));
        QVERIFY(m_home.isValid());
        // A Hugging Face cache holding one model.
        QVERIFY(QDir(m_home.path()).mkpath(QStringLiteral("hub/models--acme--tiny-gpt/snapshots")));
    }

    void completes_data()
    {
        QTest::addColumn<QStringList>("words"); // the command line, the last word being completed
        QTest::addColumn<QStringList>("offered"); // among the completions
        QTest::addColumn<QStringList>("notOffered");

        QTest::newRow("command") << QStringList { "lmp", "ana" } << QStringList { "analyze" } << QStringList {};
        QTest::newRow("every command") << QStringList { "lmp", "" }
                                       << QStringList { "inspect", "analyze", "sweep", "generate", "plot", "report",
                                              "compare", "export-python", "hardware", "db", "agent" }
                                       << QStringList {};
        QTest::newRow("option") << QStringList { "lmp", "analyze", "--pha" } << QStringList { "--phase" }
                                << QStringList {};
        QTest::newRow("phase") << QStringList { "lmp", "analyze", "--phase", "" }
                               << QStringList { "prefill", "decode", "train" } << QStringList {};
        QTest::newRow("dtype") << QStringList { "lmp", "analyze", "--kv-dtype", "fp" }
                               << QStringList { "fp32", "fp16", "fp8" } << QStringList { "bf16" };
        QTest::newRow("catalogue model") << QStringList { "lmp", "analyze", "meta-llama/Llama-2-7" }
                                         << QStringList { "meta-llama/Llama-2-7b-hf" } << QStringList {};
        QTest::newRow("cached model") << QStringList { "lmp", "inspect", "acme/" } << QStringList { "acme/tiny-gpt" }
                                      << QStringList {};
        QTest::newRow("hardware") << QStringList { "lmp", "analyze", "--hardware", "nvidia-h100" }
                                  << QStringList { "nvidia-h100-sxm" } << QStringList { "amd-mi300x" };
        QTest::newRow("after an option's value") << QStringList { "lmp", "analyze", "--seq", "128", "--exe" }
                                                 << QStringList { "--execution" } << QStringList {};
        QTest::newRow("db subcommand") << QStringList { "lmp", "db", "" }
                                       << QStringList { "check", "show", "history", "request-changes" }
                                       << QStringList {};
        QTest::newRow("db key") << QStringList { "lmp", "db", "show", "torch.nn.Lin" }
                                << QStringList { "torch.nn.Linear" } << QStringList {};
        QTest::newRow("hardware profile")
            << QStringList { "lmp", "hardware", "show", "amd" } << QStringList { "amd-mi300x" } << QStringList {};
        QTest::newRow("chart") << QStringList { "lmp", "plot", "" } << QStringList { "roofline", "breakdown", "sweep" }
                               << QStringList {};
        QTest::newRow("chart model") << QStringList { "lmp", "plot", "roofline", "deepseek-ai/DeepSeek-V" }
                                     << QStringList { "deepseek-ai/DeepSeek-V3" } << QStringList { "roofline" };
        QTest::newRow("generate formats") << QStringList { "lmp", "generate", "x", "--format", "" }
                                          << QStringList { "text", "json", "csv" } << QStringList { "html" };
    }

    void completes()
    {
        QFETCH(QStringList, words);
        QFETCH(QStringList, offered);
        QFETCH(QStringList, notOffered);
        QProcess bash;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PATH"),
            QFileInfo(m_executable).absolutePath() + QLatin1Char(':') + env.value(QStringLiteral("PATH")));
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("HF_HUB_CACHE"), m_home.filePath(QStringLiteral("hub")));
        bash.setProcessEnvironment(env);
        const QString script = QStringLiteral("source \"$1\"; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); "
                                              "_lmp; printf '%s\\n' \"${COMPREPLY[@]}\"");
        bash.start(QStringLiteral("bash"),
            QStringList { QStringLiteral("-c"), script, QStringLiteral("bash"), QStringLiteral(LMP_COMPLETION) }
                + words);
        QVERIFY(bash.waitForFinished(120000));
        QCOMPARE(bash.exitCode(), 0);
        const QStringList replies =
            QString::fromUtf8(bash.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (const QString& word : offered)
            QVERIFY2(replies.contains(word), qPrintable(word + QStringLiteral(" not in: ") + replies.join(u' ')));
        for (const QString& word : notOffered)
            QVERIFY2(!replies.contains(word), qPrintable(word + QStringLiteral(" offered: ") + replies.join(u' ')));
    }

    // Every command of lmp --help is a command of the manual page, and every long option it lists is in it.
    void manPageListsEveryCommand()
    {
        QProcess lmp;
        lmp.start(m_executable, { QStringLiteral("--help") });
        QVERIFY(lmp.waitForFinished(120000));
        const QString help = QString::fromUtf8(lmp.readAllStandardOutput());
        QFile file(QStringLiteral(LMP_MAN_DIR "/lmp.1"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        // roff escapes the hyphens of options: \-\-validated\-only.
        const QString page = QString::fromUtf8(file.readAll()).replace(QStringLiteral("\\-"), QStringLiteral("-"));
        const QString commands = help.section(QStringLiteral("Commands:"), 1).section(QStringLiteral("Options:"), 0, 0);
        QStringList names;
        static const QRegularExpression commandLine(
            QStringLiteral("^  ([a-z][a-z-]*)( ([a-z][a-z-]*))?"), QRegularExpression::MultilineOption);
        for (auto it = commandLine.globalMatch(commands); it.hasNext();) {
            const auto m = it.next();
            const QString name = m.captured(1) == QStringLiteral("db") || m.captured(1) == QStringLiteral("hardware")
                ? m.captured(1) + QLatin1Char(' ') + m.captured(3)
                : m.captured(1);
            names << name.trimmed();
        }
        QVERIFY2(names.size() >= 15, qPrintable(names.join(u',')));
        for (const QString& name : names) {
            const QString first = name.section(QLatin1Char(' '), 0, 0);
            QVERIFY2(page.contains(QStringLiteral(".B ") + name) || page.contains(QStringLiteral(".BI \"") + first)
                    || page.contains(QStringLiteral(".BR \"") + name) || page.contains(QStringLiteral(".B ") + first),
                qPrintable(QStringLiteral("lmp.1 lacks the command ") + name));
        }
        static const QRegularExpression longOption(QStringLiteral("(--[a-z][a-z0-9-]*)"));
        for (auto it = longOption.globalMatch(help); it.hasNext();) {
            const QString option = it.next().captured(1);
            QVERIFY2(page.contains(option), qPrintable(QStringLiteral("lmp.1 lacks ") + option));
        }
        QFile gui(QStringLiteral(LMP_MAN_DIR "/lm-predictor.1"));
        QVERIFY(gui.open(QIODevice::ReadOnly));
        const QString guiPage = QString::fromUtf8(gui.readAll()).replace(QStringLiteral("\\-"), QStringLiteral("-"));
        for (const char* option :
            { "--screenshot", "--select", "--size", "--fresh", "--db", "--validated-only", "--show", "--formula",
                "--review", "--language", "--hardware", "--phase", "--image-size", "--version" })
            QVERIFY2(guiPage.contains(QLatin1String(option)), option);
    }

private:
    QString m_executable;
    QTemporaryDir m_home;
};

QTEST_GUILESS_MAIN(TestPackaging)
#include "tst_packaging.moc"
