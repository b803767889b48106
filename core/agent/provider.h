// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Where drafts come from: an LLM behind an external command (a coding agent's non-interactive mode, or any
// program: the prompt on stdin or in a file, the answer on stdout), the Anthropic Messages API, or any
// OpenAI-compatible chat-completions endpoint (a local model server included). Asynchronous, cancellable, with a
// timeout per attempt and retries with backoff on 429 and 5xx. The answer is untrusted text: nothing in it is
// ever run; the drafting code extracts and checks the JSON it should hold.
//
// The API key is handed in memory (from the system keychain or an environment variable, see keystore.h) and is
// never written to settings, files or logs, nor put in an error message.

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace lmp::agent {

enum class ProviderKind { Command, Anthropic, OpenAI };

// "command", "anthropic", "openai"
QString providerKindName(ProviderKind kind);
std::optional<ProviderKind> providerKindFromName(const QString& name);

struct ProviderConfig
{
    ProviderKind kind = ProviderKind::Command;
    // Command: the program and its arguments, split like a shell would (QProcess::splitCommand), never run
    // through a shell. An argument "{prompt_file}" is replaced by the path of a temporary file holding the
    // prompt (removed afterwards); without one the prompt goes to the program's stdin.
    QString command;
    // Anthropic: https://api.anthropic.com (the path /v1/messages is appended); OpenAI-compatible:
    // https://api.openai.com/v1 or a local server's base (the path /chat/completions is appended).
    QString baseUrl;
    QString model; // "claude-sonnet-4-5", "gpt-4.1", a local model's name; for Command a free label
    int timeoutMs = 300000; // per attempt
    int maxRetries = 3; // more attempts after a 429 or a 5xx (or a command that could not start: none)
    int maxTokens = 16000;
    bool stream = false; // ask the API to stream (server-sent events); the reply is the same text either way
    int retryBaseMs = 1000; // the wait before the first retry, doubled for each further one (Retry-After wins)
    int retryMaxMs = 60000; // the longest wait before a retry, Retry-After included
    qint64 maxAnswerBytes = 8 * 1024 * 1024; // a longer answer (a command's stdout, an HTTP body) is an error

    // "anthropic/claude-sonnet-4-5", "openai/gpt-4.1", "command/<model or program name>": what a draft's
    // validator says it came from ("agent:" + id()).
    QString id() const;
};

struct Request
{
    QString system; // instructions
    QString prompt; // the user message
};

struct Reply
{
    bool ok = false;
    QString text; // the answer (ok), the whole text the model returned
    QString error; // why there is no answer: "timed out after 300 s", "HTTP 401: ...", "cancelled", ...
    bool cancelled = false;
    bool unreachable = false; // could not connect / could not start the command / no key: a setup problem
    int attempts = 0;
};

// One request at a time per provider object. finished() is emitted exactly once per start(), from the event loop
// (never inside start() or cancel()).
class Provider : public QObject
{
    Q_OBJECT
public:
    explicit Provider(ProviderConfig config, QObject* parent = nullptr)
        : QObject(parent)
        , m_config(std::move(config))
    { }
    ~Provider() override = default;

    const ProviderConfig& config() const { return m_config; }
    virtual void start(const Request& request) = 0;
    // Stops the request: finished() follows with cancelled set. Nothing the request would have written is.
    virtual void cancel() = 0;
    virtual bool isRunning() const = 0;

Q_SIGNALS:
    void finished(const lmp::agent::Reply& reply);
    // For a progress line: "attempt 2 of 4 after HTTP 429", "42 kB received".
    void progress(const QString& message);

protected:
    ProviderConfig m_config;
};

// A provider for the configuration; apiKey is used by the HTTP providers only (may be empty for a local server
// that needs none).
std::unique_ptr<Provider> makeProvider(const ProviderConfig& config, const QString& apiKey, QObject* parent = nullptr);

} // namespace lmp::agent
