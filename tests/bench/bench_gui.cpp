// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop application timings, run by hand (offscreen works): opening DeepSeek-V3 from its config.json to a
// painted window, re-analyzing Llama-3.1-405B after a sequence-length change to a repainted window, and the
// longest stretch the GUI thread went without serving its event loop during a scripted session.
//
//   QT_QPA_PLATFORM=offscreen build-rel/bin/bench_gui [repetitions]
#include "analysis/workspace.h"
#include "analysisrunner.h"
#include "mainwindow.h"
#include "moduletreemodel.h"
#include "moduletreeproxy.h"
#include "settingspanel.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTimer>
#include <QTreeView>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

using namespace lmp;

namespace {

// Records the longest gap between two runs of a 1 ms timer: how long the GUI thread was busy elsewhere.
class Watchdog : public QObject
{
public:
    Watchdog()
    {
        m_timer.setInterval(1);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last >= 0 && now - m_last > m_longest) {
                m_longest = now - m_last;
                m_where = m_phase;
            }
            m_last = now;
        });
    }
    void start()
    {
        m_clock.start();
        m_last = -1;
        m_timer.start();
    }
    void phase(const std::string& name) { m_phase = name; }
    double longestMs() const { return m_longest / 1e6; }
    const std::string& where() const { return m_where; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1;
    qint64 m_longest = 0;
    std::string m_phase, m_where;
};

struct Stats
{
    double median, max;
};

Stats stats(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return { v[v.size() / 2], v.back() };
}

bool waitShown(app::MainWindow& w, QSignalSpy& spy)
{
    if (!w.errorText().isEmpty()) {
        std::fprintf(stderr, "error: %s\n", qPrintable(w.errorText()));
        return false;
    }
    const int before = spy.size();
    QElapsedTimer t;
    t.start();
    while (spy.size() == before || w.runner()->isBusy()) {
        QEventLoop loop; // a real event loop, as the application runs
        QTimer::singleShot(2, &loop, &QEventLoop::quit);
        loop.exec();
        if (t.elapsed() > 60000 || !w.errorText().isEmpty()) {
            std::fprintf(stderr, "no analysis (%d signals, busy %d): %s\n", int(spy.size()), int(w.runner()->isBusy()),
                qPrintable(w.errorText()));
            return false;
        }
    }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    const int repetitions = argc > 1 ? std::max(1, std::atoi(argv[1])) : 10;
    auto loaded = analysis::Workspace::load();
    if (auto* e = std::get_if<QString>(&loaded)) {
        std::fprintf(stderr, "%s\n", qPrintable(*e));
        return 2;
    }
    auto workspace = std::make_shared<const analysis::Workspace>(std::move(std::get<analysis::Workspace>(loaded)));
    app::MainWindow w(workspace);
    w.setPersistent(false);
    w.resize(1440, 900);
    w.show();
    QSignalSpy shown(&w, &app::MainWindow::analysisShown);
    Watchdog watchdog;
    watchdog.start();

    const QString deepseek = QStringLiteral(":/lmp/configs/deepseek-ai__DeepSeek-V3.json");
    const QString llama405 = QStringLiteral(":/lmp/configs/meta-llama__Llama-3.1-405B.json");

    // 1. DeepSeek-V3 from file to painted window (every time a new model: a model reset, a new tree).
    std::vector<double> open;
    for (int i = 0; i < repetitions; ++i) {
        watchdog.phase("open DeepSeek-V3");
        QElapsedTimer t;
        t.start();
        w.openModel(deepseek);
        if (!waitShown(w, shown))
            return 1;
        w.repaint();
        open.push_back(t.nsecsElapsed() / 1e6);
        watchdog.phase("open another model");
        w.openModel(QStringLiteral("openai-community/gpt2"));
        if (!waitShown(w, shown))
            return 1;
    }

    // 2. Llama-3.1-405B: a new sequence length, re-analyzed and repainted.
    w.openModel(llama405);
    if (!waitShown(w, shown))
        return 1;
    std::vector<double> reanalyze;
    for (int i = 0; i < repetitions; ++i) {
        watchdog.phase("405B sequence change");
        QElapsedTimer t;
        t.start();
        w.settingsPanel()->seqBox()->setValue(i % 2 ? 2048 : 8192);
        if (!waitShown(w, shown))
            return 1;
        w.repaint();
        reanalyze.push_back(t.nsecsElapsed() / 1e6);
    }

    // 3. The rest of a session on DeepSeek-V3: expand a MoE layer's experts, filter, sort, decode, toggle.
    std::vector<std::pair<std::string, double>> steps;
    auto step = [&](const std::string& name, const std::function<void()>& action) {
        watchdog.phase(name);
        QElapsedTimer t;
        t.start();
        action();
        QCoreApplication::processEvents();
        w.repaint();
        steps.emplace_back(name, t.nsecsElapsed() / 1e6);
    };
    w.openModel(deepseek);
    if (!waitShown(w, shown))
        return 1;
    step("select an expert (expands its layer)",
        [&] { w.selectModule(QStringLiteral("model.layers.30.mlp.experts.200.down_proj")); });
    step("filter 'down_proj' (DeepSeek-V3)",
        [&] { w.findChild<QLineEdit*>(QStringLiteral("filter"))->setText(QStringLiteral("down_proj")); });
    step("clear the filter", [&] { w.findChild<QLineEdit*>(QStringLiteral("filter"))->clear(); });
    step(
        "sort by time", [&] { w.treeView()->sortByColumn(widgets::ModuleTreeModel::TimeColumn, Qt::DescendingOrder); });
    step("self costs", [&] { w.treeModel()->setSelfCosts(true); });
    step("decode phase", [&] {
        w.settingsPanel()->phaseBox()->setCurrentIndex(1);
        waitShown(w, shown);
    });
    // Let the sweep chart's background work finish while the watchdog keeps measuring.
    watchdog.phase("idle (sweep chart computing)");
    QEventLoop idleLoop;
    QTimer::singleShot(3000, &idleLoop, &QEventLoop::quit);
    idleLoop.exec();

    const Stats o = stats(open), r = stats(reanalyze);
    std::printf("open DeepSeek-V3 config.json -> painted window: median %.1f ms, max %.1f ms (%d runs)\n", o.median,
        o.max, repetitions);
    std::printf("Llama-3.1-405B sequence change -> re-analyzed, repainted: median %.1f ms, max %.1f ms (%d runs)\n",
        r.median, r.max, repetitions);
    for (const auto& [name, ms] : steps)
        std::printf("  %-45s %.1f ms\n", name.c_str(), ms);
    std::printf("longest GUI-thread stall: %.1f ms (during: %s)\n", watchdog.longestMs(), watchdog.where().c_str());
    return 0;
}
