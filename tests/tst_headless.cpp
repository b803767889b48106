// SPDX-License-Identifier: GPL-3.0-or-later
// lm-predictor --screenshot: opens the window on any platform plugin, analyzes, saves the whole window, exits.
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestHeadless : public QObject
{
    Q_OBJECT
private:
    struct Run
    {
        int exitCode;
        QString err;
    };
    Run run(const QStringList& args, const QString& wrapper = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(
            QStringLiteral("QT_QPA_PLATFORM"), wrapper.isEmpty() ? QStringLiteral("offscreen") : QStringLiteral("xcb"));
        if (!wrapper.isEmpty())
            env.insert(QStringLiteral("ASAN_OPTIONS"), QStringLiteral("detect_leaks=0")); // X's own allocations
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        p.setProcessEnvironment(env);
        if (wrapper.isEmpty())
            p.start(qEnvironmentVariable("LMP_GUI_EXECUTABLE"), args);
        else
            p.start(wrapper,
                QStringList { "-a", "-s", "-screen 0 1600x1000x24", qEnvironmentVariable("LMP_GUI_EXECUTABLE") }
                    + args);
        if (!p.waitForFinished(120000))
            return { -1, QStringLiteral("timeout") };
        return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardError()) };
    }
    QTemporaryDir m_dir;

private Q_SLOTS:
    void screenshot_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QSize>("size");
        QTest::addRow("default model") << QStringList {} << QSize(1440, 900);
        QTest::addRow("llama prefill, selected") << QStringList { "meta-llama/Llama-2-7b-hf", "--seq", "2048",
            "--select", "model.layers.0.mlp", "--size", "1280x800" }
                                                 << QSize(1280, 800);
        QTest::addRow("deepseek decode") << QStringList { "deepseek-ai/DeepSeek-V3", "--phase", "decode", "--past",
            "4095", "--hardware", "nvidia-h200" }
                                         << QSize(1440, 900);
    }
    void screenshot()
    {
        QFETCH(QStringList, args);
        QFETCH(QSize, size);
        const QString file = m_dir.filePath(QStringLiteral("shot.png"));
        QFile::remove(file);
        const Run r = run(QStringList { "--screenshot", file } + args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QImage image(file);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), size);
        // Not a blank window: the tree and the charts paint many colours.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
    }

    // A real X server (Xvfb, installed by packaging/setup-debian.sh): the xcb platform plugin, real fonts.
    void underXvfb()
    {
        const QString file = m_dir.filePath(QStringLiteral("xvfb.png"));
        const Run r = run({ "--screenshot", file, "deepseek-ai/DeepSeek-V3", "--phase", "decode", "--past", "4095" },
            QStringLiteral("xvfb-run"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QImage image(file);
        QCOMPARE(image.size(), QSize(1440, 900));
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addRow("no such model") << QStringList { "no/such-model-anywhere" } << "no/such-model-anywhere";
        QTest::addRow("no such module") << QStringList { "openai-community/gpt2", "--select", "transformer.h.99" }
                                        << "transformer.h.99";
        QTest::addRow("bad batch") << QStringList { "--batch", "0" } << "--batch";
        QTest::addRow("bad hardware") << QStringList { "--hardware", "abacus" } << "abacus";
    }
    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = run(QStringList { "--screenshot", m_dir.filePath(QStringLiteral("bad.png")) } + args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    // --version needs no display: on a machine without one (an X platform and no DISPLAY) it still answers.
    void versionWithoutDisplay()
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        p.setProcessEnvironment(env);
        p.start(qEnvironmentVariable("LMP_GUI_EXECUTABLE"), { QStringLiteral("--version") });
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()).trimmed(), QStringLiteral("lm-predictor " LMP_VERSION));
    }
};

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
