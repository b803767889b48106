// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentcommand.h"

#include "agent/architecturedraft.h"
#include "agent/drafter.h"
#include "agent/keystore.h"
#include "agent/prompt.h"
#include "analysis/workspace.h"
#include "cli.h"
#include "db/databasesession.h"
#include "formula/library.h"
#include "model/architecture.h"
#include "model/modelconfig.h"
#include "model/modelloader.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QTimer>

#include <memory>

namespace lmp::cli {

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

std::string s(const QString& text)
{
    return text.toStdString();
}

// The provider configuration from the options; a message when something is missing or wrong.
std::optional<agent::ProviderConfig> providerConfig(const std::map<std::string, std::string>& o, std::string& problem)
{
    agent::ProviderConfig config;
    const auto get = [&](const char* name) {
        const auto it = o.find(name);
        return it == o.end() ? QString() : q(it->second);
    };
    const QString kind = get("provider");
    if (kind.isEmpty()) {
        problem = "name a provider: --provider command --command CMD, --provider anthropic --model NAME, or "
                  "--provider openai --model NAME [--base-url URL]";
        return std::nullopt;
    }
    const auto parsed = agent::providerKindFromName(kind);
    if (!parsed) {
        problem = "--provider is command, anthropic or openai, not '" + s(kind) + "'";
        return std::nullopt;
    }
    config.kind = *parsed;
    config.command = get("command");
    config.baseUrl = get("base-url");
    config.model = get("model");
    if (config.kind == agent::ProviderKind::Command && config.command.trimmed().isEmpty()) {
        problem = "--provider command needs --command CMD (the prompt on its stdin, or in {prompt_file})";
        return std::nullopt;
    }
    if (config.kind != agent::ProviderKind::Command && config.model.trimmed().isEmpty()) {
        problem = "--provider " + s(kind) + " needs --model NAME";
        return std::nullopt;
    }
    if (const QString t = get("timeout"); !t.isEmpty()) {
        bool ok = false;
        const int seconds = t.toInt(&ok);
        if (!ok || seconds < 1 || seconds > 24 * 3600) {
            problem = "--timeout takes seconds from 1 to 86400, not '" + s(t) + "'";
            return std::nullopt;
        }
        config.timeoutMs = seconds * 1000;
    }
    return config;
}

// Reads the API key (environment, then the system keychain) for an HTTP provider; empty for a command.
std::optional<QString> readKey(agent::ProviderKind kind, std::ostream& err)
{
    if (kind == agent::ProviderKind::Command)
        return QString();
    auto store = agent::makeKeyStore();
    QEventLoop loop;
    std::optional<QString> key;
    QObject context;
    store->readKey(kind, &context, [&](const agent::KeyResult& r) {
        if (r.ok)
            key = r.key;
        else
            err << "lmp: no API key: " << s(r.error) << " (set "
                << s(agent::keyVariables(kind).join(QStringLiteral(" or ")))
                << ", or store one with lm-predictor's Agent Settings)\n";
        loop.quit();
    });
    loop.exec();
    return key;
}

void printPrompt(std::ostream& out, const agent::Prompt& prompt, const std::string& title)
{
    out << "=== " << title << " (" << s(prompt.version) << ", " << s(prompt.hash()) << ") ===\n\n"
        << "--- system ---\n"
        << s(prompt.system) << "\n\n--- prompt ---\n"
        << s(prompt.text) << "\n";
}

} // namespace

int runAgent(const AgentArguments& a, std::ostream& out, std::ostream& err)
{
    QList<source::SourceRoot> roots;
    for (const auto& r : a.sourceRoots) {
        if (!QFileInfo(q(r)).isDir()) {
            err << "lmp: --source-root " << r << ": no such folder\n";
            return BadInput;
        }
        roots.append({ q(r), QString() });
    }
    const auto python = a.options.count("python") ? q(a.options.at("python")) : QString();
    int concurrency = 2;
    if (const auto it = a.options.find("concurrency"); it != a.options.end()) {
        concurrency = std::atoi(it->second.c_str());
        if (concurrency < 1 || concurrency > 16) {
            err << "lmp: --concurrency takes 1 to 16, not '" << it->second << "'\n";
            return BadInput;
        }
    }
    std::string problem;
    std::optional<agent::ProviderConfig> config;
    if (!a.dryRun) {
        config = providerConfig(a.options, problem);
        if (!config) {
            err << "lmp: " << problem << "\n";
            return BadInput;
        }
    }

    // The database the drafts land in.
    db::DatabaseSession session;
    const QString userPath = a.database.value_or(db::LayeredDatabase::defaultUserPath());
    if (const auto e = session.open(userPath)) {
        err << "lmp: " << e->describe() << "\n";
        return BadInput;
    }
    if (!a.dryRun && !QFileInfo::exists(userPath))
        err << "lmp: " << s(userPath) << " does not exist yet; it will be created\n";

    auto registryLoaded =
        model::ArchitectureRegistry::loadBuiltin({ model::ArchitectureRegistry::defaultUserFolder() });
    if (const auto* e = std::get_if<model::ModelError>(&registryLoaded)) {
        err << "lmp: " << e->describe() << "\n";
        return BadInput;
    }
    const model::ArchitectureRegistry registry = std::get<model::ArchitectureRegistry>(std::move(registryLoaded));

    // What to draft: a model's missing entries, its missing definition, or one module class.
    const QString target = q(a.target);
    auto configLoaded = model::loadModelConfig(target);
    const bool isModel = std::holds_alternative<model::ModelConfig>(configLoaded);
    if (isModel && !registry.find(std::get<model::ModelConfig>(configLoaded).architecture)) {
        // The architecture has no definition: the agent drafts it, and the entries its classes need.
        const model::ModelConfig cfg = std::get<model::ModelConfig>(std::move(configLoaded));
        QString message;
        auto sources = agent::findModelingSources(cfg.modelType, cfg.architecture, roots, python, &message);
        if (sources.empty())
            err << "lmp: warning: the modeling source of '" << cfg.modelType << "' was not found"
                << (message.isEmpty() ? std::string() : ": " + s(message)) << " (use --source-root)\n";
        const agent::Prompt prompt =
            agent::buildArchitecturePrompt(agent::architectureTask(cfg, session.database(), std::move(sources)));
        if (a.dryRun) {
            printPrompt(out, prompt, "architecture definition of " + cfg.architecture);
            return Success;
        }
        const auto key = readKey(config->kind, err);
        if (!key)
            return BadInput;
        auto provider = agent::makeProvider(*config, *key);
        QEventLoop loop;
        agent::Reply reply;
        QObject::connect(provider.get(), &agent::Provider::finished, &loop, [&](const agent::Reply& r) {
            reply = r;
            loop.quit();
        });
        QObject::connect(provider.get(), &agent::Provider::progress, &loop,
            [&](const QString& text) { err << "lmp: " << s(text) << "\n"; });
        provider->start({ prompt.system, prompt.text });
        loop.exec();
        if (!reply.ok) {
            err << "lmp: the agent failed: " << s(reply.error) << "\n";
            return BadInput;
        }
        // Extraction and checks in one: every reason a refusal, nothing written unless all of it lands.
        agent::ArchitectureCheckContext context;
        context.config = cfg;
        context.registry = &registry;
        const agent::DraftOrigin origin { config->id(), prompt.version, prompt.hash() };
        const auto landing = agent::landArchitectureAnswer(agent::extractArchitectureAnswer(s(reply.text)), context,
            session, origin, model::ArchitectureRegistry::defaultUserFolder());
        if (!landing.ok()) {
            err << "lmp: the draft was refused; nothing was written:\n";
            for (const auto& r : landing.refusals)
                err << "  " << r.describe() << "\n";
            return ProblemsFound;
        }
        out << cfg.architecture << ": definition drafted in " << s(landing.file) << " (pending review)\n";
        for (const auto& k : landing.entryKeys)
            out << formula::modulePathFromKey(k) << ": entry drafted (pending review)\n";
        return Success;
    }

    std::vector<agent::DraftQueue::Job> jobs;
    if (isModel) {
        auto loaded = model::loadModel(target, registry);
        if (const auto* e = std::get_if<model::ModelError>(&loaded)) {
            err << "lmp: " << e->describe() << "\n";
            return BadInput;
        }
        auto modelPtr = std::make_shared<const model::LoadedModel>(std::get<model::LoadedModel>(std::move(loaded)));
        const auto library = analysis::buildLibrary(session.database());
        const auto& tree = modelPtr->tree;
        const std::vector<std::string> missing = agent::missingClasses(tree, *library);
        if (missing.empty()) {
            out << "every module of " << a.target << " has a database entry\n";
            return Success;
        }
        for (const auto& c : missing) {
            agent::DraftQueue::Job job;
            job.key = formula::normalizeModuleKey(c);
            job.prompt = agent::buildModulePrompt(agent::moduleTask(tree, c), session.database(), roots, python);
            job.context.model = modelPtr;
            jobs.push_back(std::move(job));
        }
    } else if (formula::isValidModuleKey(a.target)) {
        agent::DraftQueue::Job job;
        job.key = formula::normalizeModuleKey(a.target);
        agent::ModuleTask task;
        task.modulePath = formula::modulePathFromKey(job.key);
        source::SourceLookup lookup;
        job.prompt = agent::buildModulePrompt(task, session.database(), roots, python, &lookup);
        if (!lookup.found)
            err << "lmp: warning: the source of " << task.modulePath << " was not found: " << s(lookup.message)
                << " (use --source-root or --python)\n";
        jobs.push_back(std::move(job));
    } else {
        err << "lmp: '" << a.target
            << "' is neither a model nor a module path: " << std::get<model::ModelError>(configLoaded).describe()
            << "\n";
        return BadInput;
    }

    if (a.dryRun) {
        for (std::size_t i = 0; i < jobs.size(); ++i)
            printPrompt(out, jobs[i].prompt,
                "prompt " + std::to_string(i + 1) + " of " + std::to_string(jobs.size()) + ": "
                    + formula::modulePathFromKey(jobs[i].key));
        return Success;
    }
    const auto key = readKey(config->kind, err);
    if (!key)
        return BadInput;
    const agent::ProviderConfig cfg = *config;
    const QString apiKey = *key;
    agent::DraftQueue queue(&session, [cfg, apiKey] { return agent::makeProvider(cfg, apiKey); });
    queue.setConcurrency(concurrency);
    queue.setRepairRound(!a.noRepair);
    for (auto& job : jobs)
        queue.enqueue(std::move(job));
    int landed = 0, refused = 0, failed = 0;
    QEventLoop loop;
    QObject::connect(&queue, &agent::DraftQueue::landed, &loop, [&](const QString& k) {
        ++landed;
        out << formula::modulePathFromKey(s(k)) << ": drafted (pending review)\n";
    });
    QObject::connect(
        &queue, &agent::DraftQueue::refused, &loop, [&](const QString& k, const QStringList& reasons, const QString&) {
            ++refused;
            err << "lmp: " << formula::modulePathFromKey(s(k)) << ": the answer was refused; nothing was written:\n";
            for (const QString& r : reasons)
                err << "  " << s(r) << "\n";
        });
    QObject::connect(&queue, &agent::DraftQueue::failed, &loop, [&](const QString& k, const QString& error) {
        ++failed;
        err << "lmp: " << formula::modulePathFromKey(s(k)) << ": " << s(error) << "\n";
    });
    QObject::connect(&queue, &agent::DraftQueue::message, &loop, [&](const QString& k, const QString& text) {
        err << "lmp: " << formula::modulePathFromKey(s(k)) << ": " << s(text) << "\n";
    });
    QObject::connect(&queue, &agent::DraftQueue::finished, &loop, &QEventLoop::quit);
    queue.start();
    if (queue.isRunning())
        loop.exec();
    if (landed > 0) {
        if (const auto e = session.save()) {
            err << "lmp: cannot save the database: " << e->describe() << "\n";
            return BadInput;
        }
    }
    if (failed > 0)
        return BadInput;
    return refused > 0 ? ProblemsFound : Success;
}

} // namespace lmp::cli
