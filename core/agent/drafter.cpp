// SPDX-License-Identifier: GPL-3.0-or-later
#include "drafter.h"

#include "formula/library.h"

#include <QTimer>

#include <algorithm>

namespace lmp::agent {

namespace {

// How much of a refused answer a repair request quotes back.
constexpr qsizetype kRepairEchoBytes = 64 * 1024;

QString fromStd(const std::string& text)
{
    return QString::fromStdString(text);
}

QStringList reasonLines(const std::vector<std::vector<Refusal>>& rounds)
{
    QStringList out;
    for (std::size_t r = 0; r < rounds.size(); ++r) {
        const QString prefix = rounds.size() == 1 ? QString()
            : r == 0                              ? QStringLiteral("first answer: ")
                                                  : QStringLiteral("repaired answer: ");
        for (const Refusal& refusal : rounds[r])
            out << prefix + fromStd(refusal.describe());
    }
    return out;
}

} // namespace

// ---------------------------------------------------------------------------------------------------------------
// ModuleDrafter

ModuleDrafter::ModuleDrafter(db::DatabaseSession* session, Provider* provider, Prompt prompt, std::string key,
    DraftContext context, DraftOrigin origin, QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_provider(provider)
    , m_prompt(std::move(prompt))
    , m_key(formula::normalizeModuleKey(key))
    , m_context(std::move(context))
    , m_origin(std::move(origin))
{
    if (m_origin.agentId.isEmpty() && provider)
        m_origin.agentId = provider->config().id();
    if (m_origin.promptVersion.isEmpty())
        m_origin.promptVersion = m_prompt.version;
    if (m_origin.promptHash.isEmpty())
        m_origin.promptHash = m_prompt.hash();
}

ModuleDrafter::~ModuleDrafter()
{
    disconnectProvider();
    // Nobody is left to hear the answer: stop asking.
    if (isRunning() && m_provider && m_provider->isRunning())
        m_provider->cancel();
}

Request ModuleDrafter::repairRequest(
    const Prompt& prompt, std::string_view key, const QString& answer, const std::vector<Refusal>& refusals)
{
    // The quoted answer sits in a fence longer than any run of backticks inside it.
    int longest = 0;
    for (qsizetype i = 0, run = 0; i < answer.size(); ++i) {
        run = answer[i] == u'`' ? run + 1 : 0;
        longest = std::max(longest, static_cast<int>(run));
    }
    const QString fence(std::max(3, longest + 1), u'`');
    QByteArray quoted = answer.toUtf8();
    QString cut;
    if (quoted.size() > kRepairEchoBytes) {
        qsizetype end = kRepairEchoBytes;
        while (end > 0 && (static_cast<unsigned char>(quoted[end]) & 0xC0) == 0x80)
            --end; // not inside a character
        cut = QStringLiteral("\n[… %1 more bytes not shown]").arg(quoted.size() - end);
        quoted.truncate(end);
    }
    QString text = prompt.text;
    text += QStringLiteral("\n\n---\n\nYour previous answer was refused. It was:\n\n") + fence + u'\n'
        + QString::fromUtf8(quoted) + cut + u'\n' + fence + QStringLiteral("\n\nThe reasons:\n");
    for (const Refusal& r : refusals) {
        QString reason = fromStd(r.describe());
        reason.replace(u'\n', QStringLiteral("\n  "));
        text += QStringLiteral("- ") + reason + u'\n';
    }
    text += QStringLiteral("\nAnswer again with exactly one corrected entry for %1, as one ```json block, fixing every "
                           "reason above. Validation and history in an entry are discarded.\n")
                .arg(fromStd(formula::modulePathFromKey(key)));
    return { prompt.system, text };
}

void ModuleDrafter::start()
{
    if (m_state != State::Idle)
        return;
    const QString key = fromStd(m_key);
    if (m_cancelRequested) {
        m_state = State::Asking;
        QTimer::singleShot(0, this, [this] { finishFailed(tr("cancelled"), true); });
        return;
    }
    if (!m_session) {
        m_state = State::Asking;
        QTimer::singleShot(0, this, [this] { finishFailed(tr("no database session"), false); });
        return;
    }
    // Nothing to ask where nothing can land.
    if (auto shadow = shadowRefusal(m_key, m_session->database())) {
        m_state = State::Asking;
        m_rounds.push_back({ std::move(*shadow) });
        QTimer::singleShot(0, this, [this] { finishRefused(); });
        return;
    }
    if (!m_provider) {
        m_state = State::Asking;
        QTimer::singleShot(0, this, [this] { finishFailed(tr("no provider"), false); });
        return;
    }
    m_state = State::Asking;
    Q_EMIT progress(tr("asking %1 for %2").arg(m_origin.agentId, key));
    ask({ m_prompt.system, m_prompt.text });
}

void ModuleDrafter::ask(const Request& request)
{
    disconnectProvider();
    m_finishedConnection = connect(m_provider, &Provider::finished, this, &ModuleDrafter::onReply);
    m_progressConnection = connect(m_provider, &Provider::progress, this, &ModuleDrafter::progress);
    m_destroyedConnection = connect(m_provider, &QObject::destroyed, this, [this] {
        QTimer::singleShot(0, this, [this] {
            if (isRunning())
                finishFailed(m_cancelRequested ? tr("cancelled") : tr("the provider was closed"), m_cancelRequested);
        });
    });
    m_provider->start(request);
}

void ModuleDrafter::cancel()
{
    if (m_cancelRequested || (m_state != State::Idle && !isRunning()))
        return;
    m_cancelRequested = true; // before start(): start() reports the cancellation
    if (m_state == State::Idle)
        return;
    if (m_provider && m_provider->isRunning()) {
        m_provider->cancel(); // finished() follows, with cancelled set
        return;
    }
    QTimer::singleShot(0, this, [this] {
        if (isRunning())
            finishFailed(tr("cancelled"), true);
    });
}

void ModuleDrafter::disconnectProvider()
{
    if (m_finishedConnection)
        disconnect(m_finishedConnection);
    if (m_progressConnection)
        disconnect(m_progressConnection);
    if (m_destroyedConnection)
        disconnect(m_destroyedConnection);
    m_finishedConnection = {};
    m_progressConnection = {};
    m_destroyedConnection = {};
}

void ModuleDrafter::onReply(const Reply& reply)
{
    if (!isRunning())
        return;
    disconnectProvider();
    if (m_cancelRequested || reply.cancelled) {
        finishFailed(tr("cancelled"), true);
        return;
    }
    if (!reply.ok) {
        finishFailed(reply.error.isEmpty() ? tr("the provider gave no answer") : reply.error, false);
        return;
    }
    if (!m_session) {
        finishFailed(tr("the database session was closed"), false);
        return;
    }
    m_answers << reply.text;
    Q_EMIT progress(tr("checking the answer for %1").arg(fromStd(m_key)));
    const QByteArray utf8 = reply.text.toUtf8();
    ExaminedAnswer examined = examineAnswer(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())),
        m_key, *m_session, m_context, m_limits);
    if (examined.ok()) {
        const QDateTime now = m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
        auto result =
            m_session->addDraft(m_key, std::move(examined.entry), m_origin.validator(), m_origin.notes(), now);
        if (auto* error = std::get_if<db::DbError>(&result)) {
            finishFailed(fromStd(error->describe()), false);
            return;
        }
        m_undo = std::get<db::DatabaseSession::UndoState>(std::move(result));
        m_state = State::Landed;
        Q_EMIT landed(fromStd(m_key));
        Q_EMIT finished(fromStd(m_key));
        return;
    }
    m_rounds.push_back(std::move(examined.refusals));
    const bool repairable = std::none_of(
        m_rounds.back().begin(), m_rounds.back().end(), [](const Refusal& r) { return r.rule == "shadow"; });
    if (m_repairRound && m_state == State::Asking && repairable && m_provider) {
        m_state = State::Repairing;
        Q_EMIT progress(tr("the answer for %1 was refused (%n reason(s)); asking for a correction", nullptr,
            static_cast<int>(m_rounds.back().size()))
                            .arg(fromStd(m_key)));
        ask(repairRequest(m_prompt, m_key, reply.text, m_rounds.back()));
        return;
    }
    finishRefused();
}

void ModuleDrafter::finishRefused()
{
    m_state = State::Refused;
    const QString key = fromStd(m_key);
    Q_EMIT refused(key, reasonLines(m_rounds), m_answers.isEmpty() ? QString() : m_answers.back());
    Q_EMIT finished(key);
}

void ModuleDrafter::finishFailed(const QString& error, bool cancelled)
{
    disconnectProvider();
    m_state = cancelled ? State::Cancelled : State::Failed;
    const QString key = fromStd(m_key);
    Q_EMIT failed(key, error);
    Q_EMIT finished(key);
}

// ---------------------------------------------------------------------------------------------------------------
// DraftQueue

DraftQueue::DraftQueue(db::DatabaseSession* session, ProviderFactory factory, QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_factory(std::move(factory))
{ }

DraftQueue::~DraftQueue()
{
    // The drafters are children: their providers stop with them, and nothing lands after this.
    for (ModuleDrafter* drafter : m_running)
        disconnect(drafter, nullptr, this, nullptr);
}

std::optional<DraftQueue::Outcome> DraftQueue::outcome(const std::string& key) const
{
    const std::string normalized = formula::normalizeModuleKey(key);
    const auto it =
        std::find_if(m_outcomes.begin(), m_outcomes.end(), [&](const auto& o) { return o.first == normalized; });
    return it == m_outcomes.end() ? std::nullopt : std::optional<Outcome>(it->second);
}

void DraftQueue::setOutcome(const std::string& key, Outcome outcome)
{
    const auto it = std::find_if(m_outcomes.begin(), m_outcomes.end(), [&](const auto& o) { return o.first == key; });
    if (it == m_outcomes.end())
        m_outcomes.emplace_back(key, outcome);
    else
        it->second = outcome;
}

void DraftQueue::enqueue(Job job)
{
    job.key = formula::normalizeModuleKey(job.key);
    const auto current = outcome(job.key);
    if (current && (*current == Outcome::Queued || *current == Outcome::Running))
        return;
    setOutcome(job.key, Outcome::Queued);
    m_queued.push_back(std::move(job));
    ++m_total;
    if (m_active)
        QTimer::singleShot(0, this, &DraftQueue::startMore);
}

void DraftQueue::start()
{
    m_active = true;
    startMore();
}

void DraftQueue::startMore()
{
    if (!m_active)
        return;
    while (static_cast<int>(m_running.size()) < m_concurrency && !m_queued.empty()) {
        Job job = std::move(m_queued.front());
        m_queued.pop_front();
        const QString key = QString::fromStdString(job.key);
        std::unique_ptr<Provider> provider = m_factory ? m_factory() : nullptr;
        auto* drafter = new ModuleDrafter(
            m_session, provider.get(), std::move(job.prompt), job.key, std::move(job.context), {}, this);
        if (provider)
            provider.release()->setParent(drafter); // deleted with its drafter
        drafter->setRepairRound(m_repairRound);
        drafter->setLimits(m_limits);
        if (m_clock)
            drafter->setClock(m_clock);
        connect(drafter, &ModuleDrafter::landed, this, &DraftQueue::landed);
        connect(drafter, &ModuleDrafter::refused, this, &DraftQueue::refused);
        connect(drafter, &ModuleDrafter::failed, this, [this, drafter](const QString& k, const QString& error) {
            if (drafter->state() == ModuleDrafter::State::Cancelled)
                Q_EMIT cancelled(k);
            else
                Q_EMIT failed(k, error);
        });
        connect(
            drafter, &ModuleDrafter::progress, this, [this, key](const QString& text) { Q_EMIT message(key, text); });
        connect(drafter, &ModuleDrafter::finished, this, [this, drafter] { drafterFinished(drafter); });
        m_running.push_back(drafter);
        setOutcome(job.key, Outcome::Running);
        Q_EMIT started(key);
        drafter->start();
    }
    maybeFinish();
}

void DraftQueue::maybeFinish()
{
    if (!m_active || !m_running.empty() || !m_queued.empty() || m_unreported > 0)
        return;
    m_active = false;
    Q_EMIT finished();
}

void DraftQueue::drafterFinished(ModuleDrafter* drafter)
{
    const auto it = std::find(m_running.begin(), m_running.end(), drafter);
    if (it == m_running.end())
        return;
    m_running.erase(it);
    Outcome outcome = Outcome::Failed;
    switch (drafter->state()) {
    case ModuleDrafter::State::Landed:
        outcome = Outcome::Landed;
        break;
    case ModuleDrafter::State::Refused:
        outcome = Outcome::Refused;
        break;
    case ModuleDrafter::State::Cancelled:
        outcome = Outcome::Cancelled;
        break;
    default:
        break;
    }
    setOutcome(drafter->key(), outcome);
    drafter->deleteLater();
    countDone();
    startMore();
}

void DraftQueue::countDone()
{
    ++m_done;
    Q_EMIT progress(m_done, m_total);
}

void DraftQueue::cancel()
{
    std::deque<Job> queued;
    queued.swap(m_queued);
    for (const Job& job : queued)
        setOutcome(job.key, Outcome::Cancelled);
    // The queued ones never start; they are reported from the event loop, as the running ones are.
    if (!queued.empty()) {
        m_active = true;
        m_unreported += static_cast<int>(queued.size());
        QTimer::singleShot(0, this, [this, queued = std::move(queued)] {
            for (const Job& job : queued) {
                --m_unreported;
                Q_EMIT cancelled(QString::fromStdString(job.key));
                countDone();
            }
            maybeFinish();
        });
    }
    for (ModuleDrafter* drafter : m_running)
        drafter->cancel();
}

} // namespace lmp::agent
