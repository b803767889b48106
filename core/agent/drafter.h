// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Drafting entries with an agent: one module class (ModuleDrafter), or many with a concurrency limit (DraftQueue).
// Asynchronous: a provider answers from the event loop; an answer is examined (draft.h) and, when clean, lands in
// the user database as pending through DatabaseSession::addDraft() on the thread the session lives on. A refused,
// failed or cancelled draft writes nothing.

#include "draft.h"
#include "prompt.h"
#include "provider.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lmp::agent {

// Drafts the entry of one module class: sends the prompt, examines the answer (extractEntry(), sanitizeDraft(),
// checkDraft()), gives a refused answer one repair round (the prompt, the refused answer and every reason, asking
// for one corrected entry) unless that is switched off, and lands a clean draft with DatabaseSession::addDraft().
// A key that would shadow a validated entry is refused before anything is asked.
//
// The provider is not owned (make it the drafter's child to tie them). The drafter connects to it only while a
// request of its own runs; a provider deleted meanwhile fails the draft, and a drafter deleted meanwhile cancels the
// request. One start() per drafter; after it, exactly one of landed(), refused() or failed() follows, from the event
// loop, and then finished().
class ModuleDrafter : public QObject
{
    Q_OBJECT

public:
    enum class State { Idle, Asking, Repairing, Landed, Refused, Failed, Cancelled };

    // origin: its empty fields are filled from the provider's configuration (agentId) and the prompt (version, hash).
    ModuleDrafter(db::DatabaseSession* session, Provider* provider, Prompt prompt, std::string key,
        DraftContext context = {}, DraftOrigin origin = {}, QObject* parent = nullptr);
    ~ModuleDrafter() override;

    // Whether a refused first answer gets a repair round (default: yes).
    void setRepairRound(bool allowed) { m_repairRound = allowed; }
    void setLimits(const AnswerLimits& limits) { m_limits = limits; }
    // The time a landed draft records (default: the current UTC time).
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

    const std::string& key() const { return m_key; } // normalized
    const DraftOrigin& origin() const { return m_origin; }
    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Asking || m_state == State::Repairing; }
    // The answers received, in order (two after a repair round).
    const QStringList& answers() const { return m_answers; }
    // The refusals of each answer examined, in order.
    const std::vector<std::vector<Refusal>>& refusalRounds() const { return m_rounds; }
    // After landed(): what restoring takes the change back (for an undo stack).
    const std::optional<db::DatabaseSession::UndoState>& undoState() const { return m_undo; }

    // The request of a repair round: the prompt's system text, and its text followed by the refused answer (cut at
    // 64 KiB) and every reason, asking for one corrected entry for the module.
    static Request repairRequest(
        const Prompt& prompt, std::string_view key, const QString& answer, const std::vector<Refusal>& refusals);

public Q_SLOTS:
    void start();
    // Cancels the running request: failed(key, "cancelled") follows once the provider stopped; nothing is written,
    // even if an answer was on its way. Before start(): start() reports the cancellation and asks nothing.
    void cancel();

Q_SIGNALS:
    void landed(const QString& key);
    // reasons: every refusal of every round ("first answer: rule: message", "repaired answer: ..."); answerText: the
    // last answer (empty when nothing was asked).
    void refused(const QString& key, const QStringList& reasons, const QString& answerText);
    // A provider error, a timeout or a cancellation ("cancelled"): nothing written.
    void failed(const QString& key, const QString& error);
    void progress(const QString& text);
    // After landed(), refused() or failed().
    void finished(const QString& key);

private:
    void ask(const Request& request);
    void onReply(const lmp::agent::Reply& reply);
    void finishRefused();
    void finishFailed(const QString& error, bool cancelled);
    void disconnectProvider();

    QPointer<db::DatabaseSession> m_session;
    QPointer<Provider> m_provider;
    Prompt m_prompt;
    std::string m_key;
    DraftContext m_context;
    DraftOrigin m_origin;
    AnswerLimits m_limits;
    bool m_repairRound = true;
    std::function<QDateTime()> m_clock;

    State m_state = State::Idle;
    bool m_cancelRequested = false;
    QStringList m_answers;
    std::vector<std::vector<Refusal>> m_rounds;
    std::optional<db::DatabaseSession::UndoState> m_undo;
    QMetaObject::Connection m_finishedConnection;
    QMetaObject::Connection m_progressConnection;
    QMetaObject::Connection m_destroyedConnection;
};

// Drafts many module classes ("Draft all missing"), at most concurrency() at a time, each with its own provider from
// the factory (owned by the queue, deleted after its draft). cancel() stops the queued drafts before they start and
// cancels the running ones; each is reported cancelled, and none writes anything.
class DraftQueue : public QObject
{
    Q_OBJECT

public:
    using ProviderFactory = std::function<std::unique_ptr<Provider>()>;
    enum class Outcome { Queued, Running, Landed, Refused, Failed, Cancelled };

    struct Job
    {
        std::string key;
        Prompt prompt;
        DraftContext context;
    };

    DraftQueue(db::DatabaseSession* session, ProviderFactory factory, QObject* parent = nullptr);
    ~DraftQueue() override;

    void setConcurrency(int concurrency) { m_concurrency = std::max(1, concurrency); }
    int concurrency() const { return m_concurrency; }
    void setRepairRound(bool allowed) { m_repairRound = allowed; }
    void setLimits(const AnswerLimits& limits) { m_limits = limits; }
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

    // Adds a draft; a key already queued or running is ignored. While the queue runs, it starts when a slot frees.
    void enqueue(Job job);
    // Starts drafting the queued keys.
    void start();
    void cancel();

    // Started (or cancelling) and not finished yet.
    bool isRunning() const { return m_active; }
    int total() const { return m_total; }
    int done() const { return m_done; }
    int runningCount() const { return static_cast<int>(m_running.size()); }
    std::optional<Outcome> outcome(const std::string& key) const;

Q_SIGNALS:
    void started(const QString& key);
    void landed(const QString& key);
    void refused(const QString& key, const QStringList& reasons, const QString& answerText);
    void failed(const QString& key, const QString& error);
    void cancelled(const QString& key);
    void message(const QString& key, const QString& text);
    // After each draft ends (landed, refused, failed or cancelled).
    void progress(int done, int total);
    // Every draft ended.
    void finished();

private:
    void startMore();
    void drafterFinished(ModuleDrafter* drafter);
    void setOutcome(const std::string& key, Outcome outcome);
    void countDone();
    void maybeFinish();

    QPointer<db::DatabaseSession> m_session;
    ProviderFactory m_factory;
    int m_concurrency = 2;
    bool m_repairRound = true;
    AnswerLimits m_limits;
    std::function<QDateTime()> m_clock;

    std::deque<Job> m_queued;
    std::vector<ModuleDrafter*> m_running; // children of the queue
    std::vector<std::pair<std::string, Outcome>> m_outcomes;
    int m_total = 0;
    int m_done = 0;
    bool m_active = false; // between start() (or a cancel() with queued drafts) and finished()
    int m_unreported = 0; // cancelled queued drafts not reported yet
};

} // namespace lmp::agent
