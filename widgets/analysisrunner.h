// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysis/workspace.h"
#include "analysissnapshot.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>

namespace lmp::widgets {

// Reads models and runs analyses off the GUI thread; results come back on the runner's thread as snapshots.
// Every request gets a generation number and a newer request makes older results stale: they are dropped, so
// the views only ever show the latest settings. While a model is being opened, analyses of the previous model
// are dropped too; the caller re-analyzes the new model if its settings changed meanwhile.
class AnalysisRunner : public QObject
{
    Q_OBJECT
public:
    explicit AnalysisRunner(std::shared_ptr<const analysis::Workspace> workspace, QObject* parent = nullptr);
    ~AnalysisRunner() override;

    const std::shared_ptr<const analysis::Workspace>& workspace() const { return m_workspace; }
    // Later requests read models with this workspace's architectures (a definition was added); the library set with
    // setLibrary() stays.
    void setWorkspace(std::shared_ptr<const analysis::Workspace> workspace) { m_workspace = std::move(workspace); }
    // The formula library later requests use (the database changed, or only validated entries are to be used);
    // null: the workspace's. Requests already running keep the library they started with.
    void setLibrary(std::shared_ptr<const formula::Library> library);
    const std::shared_ptr<const formula::Library>& library() const { return m_library; }

    // Reads a model (config.json, folder, model id or module dump) and analyzes it.
    std::uint64_t open(
        const QString& source, const analysis::Settings& settings, std::optional<hardware::Profile> hardware);
    // Analyzes an already read model with new settings.
    std::uint64_t analyze(std::shared_ptr<const model::LoadedModel> model, const analysis::Settings& settings,
        std::optional<hardware::Profile> hardware);

    bool isBusy() const { return m_running > 0; }
    bool isOpening() const { return m_pendingOpen != 0; }
    // Waits (for tests and the benchmark) until no job runs; false on timeout.
    bool waitForIdle(int timeoutMs = 30000);

Q_SIGNALS:
    // A result to show. newModel: it comes from open() (the tree changed).
    void finished(lmp::widgets::SnapshotPtr snapshot, bool newModel);
    // open() failed: the current analysis stays.
    void failed(const QString& source, const QString& message);
    void busyChanged(bool busy);

private:
    struct Outcome
    {
        SnapshotPtr snapshot;
        QString error;
    };
    // A snapshot of model on the window's whole library, or before it is loaded on the entries its tree needs
    // (run on the thread pool).
    static Outcome analyzeOn(const analysis::Workspace& workspace,
        const std::shared_ptr<const formula::Library>& library, std::shared_ptr<const model::LoadedModel> model,
        const analysis::Settings& settings, const std::optional<hardware::Profile>& hardware, std::uint64_t generation);
    void started();
    void deliver(std::uint64_t generation, bool open, const QString& source, Outcome outcome);
    void done(std::uint64_t generation, bool open, const QString& source, Outcome outcome);

    std::shared_ptr<const analysis::Workspace> m_workspace;
    std::shared_ptr<const formula::Library> m_library;
    std::uint64_t m_counter = 0;
    std::uint64_t m_pendingOpen = 0;
    std::uint64_t m_latestAnalyze = 0;
    std::uint64_t m_lastShown = 0;
    int m_running = 0;
};

} // namespace lmp::widgets
