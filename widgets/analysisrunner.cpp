// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysisrunner.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFuture>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

namespace lmp::widgets {

AnalysisRunner::Outcome AnalysisRunner::analyzeOn(const analysis::Workspace& workspace,
    const std::shared_ptr<const formula::Library>& library, std::shared_ptr<const model::LoadedModel> model,
    const analysis::Settings& settings, const std::optional<hardware::Profile>& hardware, std::uint64_t generation)
{
    // Before the whole database is loaded (Workspace::loadLazily), the entries this tree uses.
    auto used = library ? library : workspace.libraryForTree(model->tree);
    if (!used)
        return { nullptr, tr("the module database does not load") };
    return { makeSnapshot(std::move(model), std::move(used), settings, hardware, generation), {} };
}

AnalysisRunner::AnalysisRunner(std::shared_ptr<const analysis::Workspace> workspace, QObject* parent)
    : QObject(parent)
    , m_workspace(std::move(workspace))
    , m_library(m_workspace->library)
{ }

void AnalysisRunner::setLibrary(std::shared_ptr<const formula::Library> library)
{
    m_library = library ? std::move(library) : m_workspace->library;
}

AnalysisRunner::~AnalysisRunner()
{
    // Jobs hold their own copies of what they read; their results are delivered to this object only while it
    // lives (QFuture::then with this as the context).
    QThreadPool::globalInstance()->waitForDone();
}

void AnalysisRunner::started()
{
    if (m_running++ == 0)
        Q_EMIT busyChanged(true);
}

std::uint64_t AnalysisRunner::open(
    const QString& source, const analysis::Settings& settings, std::optional<hardware::Profile> hardware)
{
    const std::uint64_t generation = ++m_counter;
    m_pendingOpen = generation;
    started();
    auto workspace = m_workspace;
    auto library = m_library;
    QtConcurrent::run([workspace, library, source, settings, hardware, generation]() -> Outcome {
        auto loaded = workspace->loadModel(source);
        if (const auto* e = std::get_if<model::ModelError>(&loaded))
            return { nullptr, QString::fromStdString(e->describe()) };
        auto model = std::make_shared<const model::LoadedModel>(std::move(std::get<model::LoadedModel>(loaded)));
        return analyzeOn(*workspace, library, std::move(model), settings, hardware, generation);
    }).then(this, [this, generation, source](Outcome outcome) {
        deliver(generation, true, source, std::move(outcome));
    });
    return generation;
}

std::uint64_t AnalysisRunner::analyze(std::shared_ptr<const model::LoadedModel> model,
    const analysis::Settings& settings, std::optional<hardware::Profile> hardware)
{
    const std::uint64_t generation = ++m_counter;
    m_latestAnalyze = generation;
    started();
    auto library = m_library;
    auto workspace = m_workspace;
    QtConcurrent::run([model, library, workspace, settings, hardware, generation]() -> Outcome {
        return analyzeOn(*workspace, library, model, settings, hardware, generation);
    }).then(this, [this, generation](Outcome outcome) { deliver(generation, false, {}, std::move(outcome)); });
    return generation;
}

void AnalysisRunner::deliver(std::uint64_t generation, bool open, const QString& source, Outcome outcome)
{
    // A job that finished before its continuation was attached runs it at once, inside open() or analyze():
    // always deliver from the event loop, so that callers see results only after their call returned.
    QMetaObject::invokeMethod(
        this, [this, generation, open, source, outcome] { done(generation, open, source, outcome); },
        Qt::QueuedConnection);
}

void AnalysisRunner::done(std::uint64_t generation, bool open, const QString& source, Outcome outcome)
{
    --m_running;
    bool show = false;
    if (open) {
        show = generation == m_pendingOpen; // else a newer model was asked for
        if (show)
            m_pendingOpen = 0;
        if (show && !outcome.snapshot) {
            Q_EMIT failed(source, outcome.error);
            show = false;
        }
    } else {
        // Only the latest analysis, of the model on screen, after the last model shown.
        show = m_pendingOpen == 0 && generation == m_latestAnalyze && generation > m_lastShown && outcome.snapshot;
    }
    if (show) {
        m_lastShown = generation;
        Q_EMIT finished(outcome.snapshot, open);
    }
    if (m_running == 0)
        Q_EMIT busyChanged(false);
}

bool AnalysisRunner::waitForIdle(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (m_running > 0 && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::msleep(1);
    }
    return m_running == 0;
}

} // namespace lmp::widgets
