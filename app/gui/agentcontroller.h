// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agent/prompt.h"
#include "agent/provider.h"
#include "analysis/workspace.h"
#include "analysissnapshot.h"
#include "source/sourcelocator.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lmp::db {
class DatabaseSession;
}
namespace lmp::agent {
class DraftQueue;
class KeyStore;
class Provider;
} // namespace lmp::agent

namespace lmp::app {

// The agent's settings as the user set them (QSettings "agent/..."): which provider, its command line or base URL,
// the model, the timeout, how many drafts run at once, and whether a refused answer gets a repair round. The API
// key is never among them: it lives in the system keychain or the environment.
struct AgentSettings
{
    agent::ProviderConfig provider;
    int concurrency = 2;
    bool repairRound = true;
    bool previewPrompt = true; // show the prompt of a single draft before it is sent

    static AgentSettings load();
    void save() const;
    // Whether a draft can be asked for: a command for the command provider, a model for the APIs.
    QString problem() const;
};

// Drafts with the agent for the window: the entries of module classes the database lacks (one, or every missing
// one of the open model, a few at a time) and the architecture definition of a model that could not be opened.
// Asynchronous and cancellable; drafts land in the user database (and the user architecture folder) as pending,
// where the review pane shows them. Never runs anything from an answer.
class AgentController : public QObject
{
    Q_OBJECT
public:
    AgentController(db::DatabaseSession* session, QWidget* window);
    ~AgentController() override;

    void setSourceRoots(const QList<source::SourceRoot>& roots, const QString& pythonExecutable);
    // The classes of the model's modules that have no database entry (nor a rejected one), containers such as
    // torch.nn.ModuleList aside; children before their parents.
    static std::vector<std::string> missingClasses(const widgets::AnalysisSnapshot& snapshot);

    // Drafts the entries of these classes on the snapshot's model (a prompt preview first for a single class,
    // when the settings ask for it).
    void draftModules(const std::vector<std::string>& classPaths, widgets::SnapshotPtr snapshot);
    // Drafts the architecture definition (and the entries it needs) of a model whose config has no definition.
    void draftArchitecture(const QString& source, std::shared_ptr<const analysis::Workspace> workspace);
    void cancel();
    bool isBusy() const { return m_busy; }
    // The prompt of the last draft started, and a window that shows it (Database → Show the Last Prompt).
    const std::optional<agent::Prompt>& lastPrompt() const { return m_lastPrompt; }
    void showLastPrompt();

Q_SIGNALS:
    void busyChanged(bool busy);
    // A line for the status bar: "Drafting 2 of 5: LlamaMLP…".
    void status(const QString& text);
    // A draft landed (the database changed; the review pane shows it).
    void landed(const QString& key);
    // Something went wrong or was refused; message is for the user (every reason).
    void problem(const QString& message);
    // An architecture definition landed in the user folder: the window reloads its architectures and opens source.
    void architectureLanded(const QString& file, const QString& source);

private:
    void withProvider(std::function<void(std::shared_ptr<QString> key)> then);
    void setBusy(bool busy);

    QPointer<db::DatabaseSession> m_session;
    QWidget* m_window;
    QList<source::SourceRoot> m_roots;
    QString m_python;
    agent::KeyStore* m_keys = nullptr;
    agent::DraftQueue* m_queue = nullptr;
    agent::Provider* m_architectureProvider = nullptr;
    std::optional<agent::Prompt> m_lastPrompt;
    bool m_busy = false;
};

} // namespace lmp::app
