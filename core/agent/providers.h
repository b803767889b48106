// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The providers behind makeProvider() (provider.h): an external command, the Anthropic Messages API and
// OpenAI-compatible chat completions. Internal to core/agent: callers use makeProvider() and the Provider
// interface. Declared here for the tests of the pieces (the SSE parser) and to keep provider.cpp short.

#include "agent/provider.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QProcess>
#include <QString>
#include <QUrl>

#include <memory>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;
class QTemporaryFile;
class QTimer;

namespace lmp::agent {

// The answer of a request never contains more than this many bytes of an error body or of stderr.
inline constexpr qsizetype kMaxErrorBytes = 64 * 1024;

// What every provider shares: the contract of finished() (exactly once per start(), from the event loop, a
// cancel() before it turns it into "cancelled"), progress() and the removal of the key from every text.
class ProviderBase : public Provider
{
    Q_OBJECT
public:
    ProviderBase(ProviderConfig config, QString secret, QObject* parent);
    ~ProviderBase() override;

    void start(const Request& request) final;
    void cancel() final;
    bool isRunning() const final { return m_running; }

protected:
    // Starts the work of a request (m_running is set). Ends with complete(), now or later.
    virtual void begin(const Request& request) = 0;
    // Drops the work in flight without signals: a cancel(), a destruction.
    virtual void stop() = 0;

    // Ends the request: finished(reply) follows from the event loop. Only the first call of a request counts.
    void complete(Reply reply);
    bool isCompleting() const { return m_completing; }
    // progress(), the key removed.
    void report(const QString& message);
    // The text with the key (the secret handed in) replaced by "[key]".
    QString redacted(QString text) const;
    // "timed out after 300 s", "timed out after 0.2 s"
    static QString timeoutText(int ms);
    // An error reply.
    static Reply failure(const QString& error, int attempts, bool unreachable = false);

private:
    QString m_secret;
    bool m_running = false;
    bool m_completing = false;
    Reply m_result;
};

// A program run per request (never through a shell): the prompt on stdin or in a {prompt_file}, the answer on
// stdout. No retries: a program that cannot start is a setup problem.
class CommandProvider final : public ProviderBase
{
    Q_OBJECT
public:
    explicit CommandProvider(ProviderConfig config, QObject* parent = nullptr);
    ~CommandProvider() override;

private:
    void begin(const Request& request) override;
    void stop() override;

    void readStdout();
    void readStderr();
    void processFinished(int exitCode, QProcess::ExitStatus status);
    void processError(QProcess::ProcessError error);
    void timedOut();
    // Disconnects, kills and deletes (later) the process, removes the prompt file, stops the timer.
    void discard();
    // The first lines of stderr, for an error message.
    QString stderrHead() const;

    QProcess* m_process = nullptr;
    QTimer* m_timer = nullptr;
    std::unique_ptr<QTemporaryFile> m_promptFile;
    QString m_program;
    QByteArray m_stdout;
    QByteArray m_stderr;
    QElapsedTimer m_sinceProgress;
};

// One server-sent event: "event: NAME" and its "data:" lines joined by "\n".
struct SseEvent
{
    QByteArray event;
    QByteArray data;
};

// Splits a text/event-stream into events, fed in pieces as they arrive (lines cut anywhere).
class SseParser
{
public:
    std::vector<SseEvent> feed(const QByteArray& bytes);
    // The last event when the stream ended without its blank line.
    std::vector<SseEvent> finish();

private:
    void line(QByteArrayView line, std::vector<SseEvent>& events);

    QByteArray m_pending;
    QByteArray m_event;
    QByteArray m_data;
    bool m_hasData = false;
};

// The HTTP plumbing both APIs share: the request per attempt, its timeout, retries with backoff on 429 and 5xx,
// the size limit, streamed or whole bodies, errors from the server's JSON.
class HttpProvider : public ProviderBase
{
    Q_OBJECT
public:
    HttpProvider(ProviderConfig config, QString apiKey, QObject* parent);
    ~HttpProvider() override;

protected:
    // What a streamed answer has said so far.
    struct StreamState
    {
        QString text;
        bool done = false; // message_stop, [DONE]
        bool finishSeen = false; // a finish reason arrived (OpenAI servers that send no [DONE])
        bool truncated = false; // stopped at max_tokens
        QString error; // an error event
        bool retryable = false; // the error event is worth another attempt (overloaded)
    };
    // A whole (non-streamed) answer, read.
    struct Answer
    {
        bool ok = false;
        QString text;
        QString error;
        bool truncated = false;
    };

    virtual QString defaultBaseUrl() const = 0;
    virtual QString endpointPath() const = 0; // appended to the base URL's path
    virtual bool needsKey() const = 0;
    // The request's headers beyond content-type (the key among them).
    virtual void addHeaders(QNetworkRequest& request, const QString& apiKey) const = 0;
    virtual QJsonObject body(const Request& request) const = 0;
    virtual Answer readAnswer(const QJsonObject& answer) const = 0;
    virtual void readEvent(const SseEvent& event, StreamState& state) const = 0;
    virtual bool streamComplete(const StreamState& state) const = 0;

    // The message of an error body: {"error":{"message":...}}, {"error":"..."}, {"message":...}; empty if none.
    static QString serverMessage(const QByteArray& body);

private:
    void begin(const Request& request) override;
    void stop() override;

    void sendAttempt();
    void readData();
    void replyFinished();
    void timedOut();
    void abortReply();
    void retryOrFail(const QString& reason, const QString& error, int retryAfterMs);
    void succeed(const QString& text, bool truncated);
    // complete(), the request and its copy of the key dropped.
    void end(Reply reply);
    // Wait before the next attempt: Retry-After (seconds or an HTTP date) or the backoff, capped.
    int retryDelayMs(int retryAfterMs) const;
    void consume(const QByteArray& bytes);

    QString m_apiKey;
    QNetworkAccessManager* m_network = nullptr;
    QTimer* m_timer = nullptr;
    QTimer* m_retryTimer = nullptr;
    QNetworkReply* m_reply = nullptr;
    QNetworkRequest m_request;
    QByteArray m_body;
    int m_attempt = 0;
    QString m_retryReason;
    // Per attempt.
    int m_status = 0;
    bool m_streaming = false;
    qint64 m_received = 0;
    QByteArray m_answerBytes;
    SseParser m_sse;
    StreamState m_stream;
    QElapsedTimer m_sinceProgress;
};

// POST {base}/v1/messages.
class AnthropicProvider final : public HttpProvider
{
    Q_OBJECT
public:
    AnthropicProvider(ProviderConfig config, QString apiKey, QObject* parent = nullptr);

private:
    QString defaultBaseUrl() const override;
    QString endpointPath() const override;
    bool needsKey() const override { return true; }
    void addHeaders(QNetworkRequest& request, const QString& apiKey) const override;
    QJsonObject body(const Request& request) const override;
    Answer readAnswer(const QJsonObject& answer) const override;
    void readEvent(const SseEvent& event, StreamState& state) const override;
    bool streamComplete(const StreamState& state) const override { return state.done; }
};

// POST {base}/chat/completions.
class OpenAIProvider final : public HttpProvider
{
    Q_OBJECT
public:
    OpenAIProvider(ProviderConfig config, QString apiKey, QObject* parent = nullptr);

private:
    QString defaultBaseUrl() const override;
    QString endpointPath() const override;
    bool needsKey() const override { return false; }
    void addHeaders(QNetworkRequest& request, const QString& apiKey) const override;
    QJsonObject body(const Request& request) const override;
    Answer readAnswer(const QJsonObject& answer) const override;
    void readEvent(const SseEvent& event, StreamState& state) const override;
    bool streamComplete(const StreamState& state) const override { return state.done || state.finishSeen; }
};

} // namespace lmp::agent
