// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentcontroller.h"

#include "agent/architecturedraft.h"
#include "agent/drafter.h"
#include "agent/keystore.h"
#include "agent/prompt.h"
#include "db/databasesession.h"
#include "formula/library.h"
#include "model/modelconfig.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFutureWatcher>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace lmp::app {

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

QString shortName(const std::string& key)
{
    const std::string path = formula::modulePathFromKey(formula::normalizeModuleKey(key));
    return q(path.substr(path.rfind('.') + 1));
}

// Shows the prompt before it is sent; true: send it.
// Shows a prompt; with send, asks whether to send it (true: send).
bool showPrompt(QWidget* parent, const QString& title, const agent::Prompt& prompt, bool send)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(title);
    dialog.resize(900, 700);
    auto* layout = new QVBoxLayout(&dialog);
    auto* label = new QLabel(
        (send ? QObject::tr("This prompt (%1, %2) goes to the agent. Its answer is checked like any database entry "
                            "and lands as pending for review; nothing in it is run.")
              : QObject::tr("The last prompt sent to the agent (%1, %2)."))
            .arg(prompt.version, prompt.hash().left(19) + QStringLiteral("…")),
        &dialog);
    label->setWordWrap(true);
    layout->addWidget(label);
    auto* text = new QPlainTextEdit(&dialog);
    text->setReadOnly(true);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text->setPlainText(prompt.system + QStringLiteral("\n\n") + prompt.text);
    layout->addWidget(text, 1);
    auto* box = new QDialogButtonBox(send ? QDialogButtonBox::Cancel : QDialogButtonBox::Close, &dialog);
    if (send)
        box->addButton(QObject::tr("Send to the Agent"), QDialogButtonBox::AcceptRole);
    QObject::connect(box, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(box);
    return dialog.exec() == QDialog::Accepted;
}

bool previewPrompt(QWidget* parent, const QString& title, const agent::Prompt& prompt)
{
    return showPrompt(parent, title, prompt, true);
}

} // namespace

AgentSettings AgentSettings::load()
{
    QSettings s;
    s.beginGroup(QStringLiteral("agent"));
    AgentSettings a;
    a.provider.kind =
        agent::providerKindFromName(s.value(QStringLiteral("provider"), QStringLiteral("command")).toString())
            .value_or(agent::ProviderKind::Command);
    a.provider.command = s.value(QStringLiteral("command")).toString();
    a.provider.baseUrl = s.value(QStringLiteral("baseUrl")).toString();
    a.provider.model = s.value(QStringLiteral("model")).toString();
    a.provider.timeoutMs = std::max(5, s.value(QStringLiteral("timeoutSeconds"), 300).toInt()) * 1000;
    a.provider.stream = s.value(QStringLiteral("stream"), false).toBool();
    a.concurrency = std::clamp(s.value(QStringLiteral("concurrency"), 2).toInt(), 1, 16);
    a.repairRound = s.value(QStringLiteral("repairRound"), true).toBool();
    a.previewPrompt = s.value(QStringLiteral("previewPrompt"), true).toBool();
    return a;
}

void AgentSettings::save() const
{
    QSettings s;
    s.beginGroup(QStringLiteral("agent"));
    s.setValue(QStringLiteral("provider"), agent::providerKindName(provider.kind));
    s.setValue(QStringLiteral("command"), provider.command);
    s.setValue(QStringLiteral("baseUrl"), provider.baseUrl);
    s.setValue(QStringLiteral("model"), provider.model);
    s.setValue(QStringLiteral("timeoutSeconds"), provider.timeoutMs / 1000);
    s.setValue(QStringLiteral("stream"), provider.stream);
    s.setValue(QStringLiteral("concurrency"), concurrency);
    s.setValue(QStringLiteral("repairRound"), repairRound);
    s.setValue(QStringLiteral("previewPrompt"), previewPrompt);
}

QString AgentSettings::problem() const
{
    if (provider.kind == agent::ProviderKind::Command && provider.command.trimmed().isEmpty())
        return QObject::tr("No agent is set up: choose a provider in Database → Agent Settings (a command such as a "
                           "coding agent's non-interactive mode, the Anthropic API or an OpenAI-compatible server).");
    if (provider.kind != agent::ProviderKind::Command && provider.model.trimmed().isEmpty())
        return QObject::tr("The agent's model is not set (Database → Agent Settings).");
    return {};
}

AgentController::AgentController(db::DatabaseSession* session, QWidget* window)
    : QObject(window)
    , m_session(session)
    , m_window(window)
{
    m_keys = agent::makeKeyStore(this).release();
    m_keys->setParent(this);
}

AgentController::~AgentController() = default;

void AgentController::setSourceRoots(const QList<source::SourceRoot>& roots, const QString& pythonExecutable)
{
    m_roots = roots;
    m_python = pythonExecutable;
}

void AgentController::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

std::vector<std::string> AgentController::missingClasses(const widgets::AnalysisSnapshot& snapshot)
{
    return agent::missingClasses(snapshot.tree(), *snapshot.library);
}

void AgentController::withProvider(std::function<void(std::shared_ptr<QString> key)> then)
{
    const AgentSettings settings = AgentSettings::load();
    if (settings.provider.kind == agent::ProviderKind::Command) {
        then(std::make_shared<QString>());
        return;
    }
    m_keys->readKey(settings.provider.kind, this, [this, then](const agent::KeyResult& result) {
        if (!result.ok) {
            setBusy(false);
            Q_EMIT problem(
                tr("No API key for the agent: %1. Set %2 in the environment, or store a key in Database → "
                   "Agent Settings.")
                    .arg(result.error, agent::keyVariables(AgentSettings::load().provider.kind).join(tr(" or "))));
            return;
        }
        then(std::make_shared<QString>(result.key));
    });
}

void AgentController::draftModules(const std::vector<std::string>& classPaths, widgets::SnapshotPtr snapshot)
{
    if (m_busy) {
        Q_EMIT problem(tr("The agent is already drafting; wait for it or cancel it."));
        return;
    }
    if (classPaths.empty() || !snapshot || !m_session)
        return;
    const AgentSettings settings = AgentSettings::load();
    if (const QString p = settings.problem(); !p.isEmpty()) {
        Q_EMIT problem(p);
        return;
    }
    setBusy(true);
    Q_EMIT status(tr("Preparing the prompts (reading the source code)…"));
    // Prompts read source files (and may ask the Python interpreter where a package lies): off the GUI thread, on
    // a copy of the database.
    struct Prepared
    {
        std::vector<agent::DraftQueue::Job> jobs;
    };
    auto database = std::make_shared<const db::LayeredDatabase>(m_session->database());
    const auto roots = m_roots;
    const QString python = m_python;
    auto* watcher = new QFutureWatcher<Prepared>(this);
    connect(watcher, &QFutureWatcher<Prepared>::finished, this, [this, watcher, snapshot, settings] {
        watcher->deleteLater();
        Prepared prepared = watcher->result();
        if (prepared.jobs.empty()) {
            setBusy(false);
            return;
        }
        m_lastPrompt = prepared.jobs.front().prompt;
        if (prepared.jobs.size() == 1 && settings.previewPrompt
            && !previewPrompt(m_window, tr("Draft %1 with the agent").arg(shortName(prepared.jobs.front().key)),
                prepared.jobs.front().prompt)) {
            setBusy(false);
            Q_EMIT status(tr("Draft cancelled."));
            return;
        }
        withProvider([this, prepared = std::move(prepared), settings](std::shared_ptr<QString> key) mutable {
            const agent::ProviderConfig config = settings.provider;
            auto factory = [config, key]() { return agent::makeProvider(config, *key); };
            m_queue = new agent::DraftQueue(m_session, factory, this);
            m_queue->setConcurrency(settings.concurrency);
            m_queue->setRepairRound(settings.repairRound);
            const int total = static_cast<int>(prepared.jobs.size());
            for (auto& job : prepared.jobs)
                m_queue->enqueue(std::move(job));
            connect(m_queue, &agent::DraftQueue::started, this, [this](const QString& k) {
                Q_EMIT status(tr("Drafting %1 with the agent (%2 of %3 done)…")
                                  .arg(shortName(k.toStdString()))
                                  .arg(m_queue->done())
                                  .arg(m_queue->total()));
            });
            connect(m_queue, &agent::DraftQueue::landed, this, [this](const QString& k) {
                Q_EMIT landed(k);
                Q_EMIT status(tr("%1 drafted: pending review (%2 of %3 done).")
                                  .arg(shortName(k.toStdString()))
                                  .arg(m_queue->done())
                                  .arg(m_queue->total()));
            });
            connect(m_queue, &agent::DraftQueue::refused, this,
                [this](const QString& k, const QStringList& reasons, const QString&) {
                    Q_EMIT problem(tr("The agent's draft of %1 was refused; nothing was written:\n%2")
                                       .arg(shortName(k.toStdString()), reasons.join(u'\n')));
                });
            connect(m_queue, &agent::DraftQueue::failed, this, [this](const QString& k, const QString& error) {
                Q_EMIT problem(tr("Drafting %1 failed: %2").arg(shortName(k.toStdString()), error));
            });
            connect(m_queue, &agent::DraftQueue::finished, this, [this, total] {
                Q_EMIT status(tr("The agent finished: %1 of %2 drafts done.").arg(m_queue->done()).arg(total));
                m_queue->deleteLater();
                m_queue = nullptr;
                setBusy(false);
            });
            m_queue->start();
        });
    });
    watcher->setFuture(QtConcurrent::run([classPaths, snapshot, database, roots, python]() {
        Prepared p;
        for (const std::string& c : classPaths) {
            agent::DraftQueue::Job job;
            job.key = formula::normalizeModuleKey(c);
            job.prompt = agent::buildModulePrompt(agent::moduleTask(snapshot->tree(), c), *database, roots, python);
            job.context.model = snapshot->model;
            p.jobs.push_back(std::move(job));
        }
        return p;
    }));
}

void AgentController::draftArchitecture(const QString& source, std::shared_ptr<const analysis::Workspace> workspace)
{
    if (m_busy) {
        Q_EMIT problem(tr("The agent is already drafting; wait for it or cancel it."));
        return;
    }
    const AgentSettings settings = AgentSettings::load();
    if (const QString p = settings.problem(); !p.isEmpty()) {
        Q_EMIT problem(p);
        return;
    }
    auto loaded = model::loadModelConfig(source);
    if (const auto* e = std::get_if<model::ModelError>(&loaded)) {
        Q_EMIT problem(tr("Cannot read the config of %1: %2").arg(source, q(e->describe())));
        return;
    }
    const model::ModelConfig config = std::get<model::ModelConfig>(std::move(loaded));
    QString sourcesMessage;
    auto sources =
        agent::findModelingSources(config.modelType, config.architecture, m_roots, m_python, &sourcesMessage);
    const agent::Prompt prompt =
        agent::buildArchitecturePrompt(agent::architectureTask(config, m_session->database(), std::move(sources)));
    m_lastPrompt = prompt;
    if (settings.previewPrompt
        && !previewPrompt(m_window, tr("Draft the %1 definition with the agent").arg(q(config.architecture)), prompt))
        return;
    setBusy(true);
    Q_EMIT status(tr("Drafting the %1 definition with the agent…").arg(q(config.architecture)));
    withProvider([this, settings, prompt, config, source, workspace](std::shared_ptr<QString> key) {
        m_architectureProvider = agent::makeProvider(settings.provider, *key, this).release();
        connect(m_architectureProvider, &agent::Provider::progress, this, [this, config](const QString& text) {
            Q_EMIT status(tr("Drafting the %1 definition: %2").arg(q(config.architecture), text));
        });
        connect(m_architectureProvider, &agent::Provider::finished, this,
            [this, settings, prompt, config, source, workspace](const agent::Reply& reply) {
                m_architectureProvider->deleteLater();
                m_architectureProvider = nullptr;
                setBusy(false);
                if (!reply.ok) {
                    Q_EMIT problem(
                        tr("Drafting the %1 definition failed: %2").arg(q(config.architecture), reply.error));
                    return;
                }
                // Extraction and checks in one: every reason a refusal, nothing written unless all of it lands.
                agent::ArchitectureCheckContext context;
                context.config = config;
                context.registry = &workspace->registry;
                agent::DraftOrigin origin { settings.provider.id(), prompt.version, prompt.hash() };
                const agent::ArchitectureLanding landing =
                    agent::landArchitectureAnswer(agent::extractArchitectureAnswer(reply.text.toStdString()), context,
                        *m_session, origin, model::ArchitectureRegistry::defaultUserFolder());
                if (!landing.ok()) {
                    QStringList reasons;
                    for (const auto& r : landing.refusals)
                        reasons << q(r.describe());
                    Q_EMIT problem(tr("The agent's %1 definition was refused; nothing was written:\n%2")
                                       .arg(q(config.architecture), reasons.join(u'\n')));
                    return;
                }
                Q_EMIT status(tr("The %1 definition and %2 entries landed: pending review.")
                                  .arg(q(config.architecture))
                                  .arg(landing.entryKeys.size()));
                Q_EMIT architectureLanded(landing.file, source);
            });
        Q_EMIT status(tr("Waiting for the agent (%1)…").arg(settings.provider.id()));
        m_architectureProvider->start({ prompt.system, prompt.text });
    });
}

void AgentController::showLastPrompt()
{
    if (!m_lastPrompt) {
        Q_EMIT status(tr("No prompt was sent to the agent yet."));
        return;
    }
    showPrompt(m_window, tr("The Last Prompt"), *m_lastPrompt, false);
}

void AgentController::cancel()
{
    if (m_queue)
        m_queue->cancel();
    if (m_architectureProvider)
        m_architectureProvider->cancel();
}

} // namespace lmp::app
