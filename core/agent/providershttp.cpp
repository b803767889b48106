// SPDX-License-Identifier: GPL-3.0-or-later
// The HTTP providers: the Anthropic Messages API and OpenAI-compatible chat completions.

#include "providers.h"

#include <QDateTime>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace lmp::agent {

namespace {

const QString kAnthropicBase = QStringLiteral("https://api.anthropic.com");
const QString kOpenAIBase = QStringLiteral("https://api.openai.com/v1");
const QByteArray kAnthropicVersion = QByteArrayLiteral("2023-06-01");
// A server's message quoted in an error.
constexpr int kMessageChars = 500;

bool isLoopback(const QUrl& url)
{
    const QString host = url.host();
    if (host.compare(QStringLiteral("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

// A header value may not carry a line break or another control character.
bool isHeaderSafe(const QString& value)
{
    return std::none_of(value.begin(), value.end(), [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; });
}

QString oneLine(QString text)
{
    text = text.simplified();
    if (text.size() > kMessageChars)
        text = text.left(kMessageChars) + QStringLiteral("…");
    return text;
}

QJsonObject parseObject(const QByteArray& bytes, QString* error = nullptr)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = QStringLiteral("%1 at byte %2").arg(parseError.errorString()).arg(parseError.offset);
        return {};
    }
    if (!document.isObject() && error)
        *error = QStringLiteral("not a JSON object");
    return document.object();
}

QString truncationWarning(int maxTokens)
{
    return QStringLiteral("warning: the answer stopped at the token limit (%1): it may be cut off").arg(maxTokens);
}

} // namespace

// SseParser

std::vector<SseEvent> SseParser::feed(const QByteArray& bytes)
{
    std::vector<SseEvent> events;
    m_pending += bytes;
    qsizetype start = 0;
    for (;;) {
        const qsizetype end = m_pending.indexOf('\n', start);
        if (end < 0)
            break;
        QByteArrayView text(m_pending.constData() + start, end - start);
        if (text.endsWith('\r'))
            text.chop(1);
        line(text, events);
        start = end + 1;
    }
    m_pending.remove(0, start);
    return events;
}

std::vector<SseEvent> SseParser::finish()
{
    std::vector<SseEvent> events;
    if (!m_pending.isEmpty()) {
        QByteArrayView text(m_pending);
        if (text.endsWith('\r'))
            text.chop(1);
        line(text, events);
        m_pending.clear();
    }
    line(QByteArrayView(), events);
    return events;
}

void SseParser::line(QByteArrayView text, std::vector<SseEvent>& events)
{
    if (text.isEmpty()) {
        if (m_hasData || !m_event.isEmpty())
            events.push_back({ std::exchange(m_event, QByteArray()), std::exchange(m_data, QByteArray()) });
        m_hasData = false;
        return;
    }
    if (text.startsWith(':'))
        return; // a comment, a keep-alive
    const qsizetype colon = text.indexOf(':');
    const QByteArrayView field = colon < 0 ? text : text.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : text.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);
    if (field == "event") {
        m_event = value.toByteArray();
    } else if (field == "data") {
        if (m_hasData)
            m_data += '\n';
        m_data.append(value);
        m_hasData = true;
    }
}

// HttpProvider

HttpProvider::HttpProvider(ProviderConfig config, QString apiKey, QObject* parent)
    : ProviderBase(std::move(config), apiKey, parent)
    , m_apiKey(std::move(apiKey))
    , m_network(new QNetworkAccessManager(this))
    , m_timer(new QTimer(this))
    , m_retryTimer(new QTimer(this))
{
    // A redirect would carry the key's header to wherever it points: never followed.
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_timer->setSingleShot(true);
    m_retryTimer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &HttpProvider::timedOut);
    connect(m_retryTimer, &QTimer::timeout, this, &HttpProvider::sendAttempt);
}

HttpProvider::~HttpProvider()
{
    abortReply();
}

void HttpProvider::end(Reply reply)
{
    // The request's copy of the key goes now; the provider's own goes with it.
    m_request = QNetworkRequest();
    m_body.clear();
    m_answerBytes.clear();
    complete(std::move(reply));
}

void HttpProvider::begin(const Request& request)
{
    m_attempt = 0;
    const QString base = m_config.baseUrl.trimmed().isEmpty() ? defaultBaseUrl() : m_config.baseUrl.trimmed();
    QUrl url(base, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != u"http" && scheme != u"https") || url.host().isEmpty() || !url.userInfo().isEmpty()
        || url.hasQuery() || url.hasFragment()) {
        end(failure(QStringLiteral("invalid base URL \"%1\": an http or https URL without user, query or "
                                   "fragment is expected")
                        .arg(oneLine(base)),
            0, true));
        return;
    }
    if (m_config.model.trimmed().isEmpty()) {
        end(failure(QStringLiteral("no model is configured"), 0, true));
        return;
    }
    if (needsKey() && m_apiKey.isEmpty()) {
        end(failure(QStringLiteral("no API key for %1: set one in the keychain or the environment")
                        .arg(providerKindName(m_config.kind)),
            0, true));
        return;
    }
    if (!isHeaderSafe(m_apiKey)) {
        end(failure(QStringLiteral("the API key holds a line break or another control character"), 0, true));
        return;
    }
    if (!m_apiKey.isEmpty() && scheme == u"http" && !isLoopback(url))
        report(QStringLiteral("warning: the API key goes unencrypted to %1 (http)").arg(url.host()));

    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + endpointPath());
    m_request = QNetworkRequest(url);
    m_request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    m_request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("LM-Predictor"));
    m_request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    m_request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    m_request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    addHeaders(m_request, m_apiKey);
    m_body = QJsonDocument(body(request)).toJson(QJsonDocument::Compact);
    m_retryReason.clear();
    sendAttempt();
}

void HttpProvider::stop()
{
    abortReply();
    m_retryTimer->stop();
    m_request = QNetworkRequest(); // the key's header copy
    m_body.clear();
}

void HttpProvider::sendAttempt()
{
    ++m_attempt;
    const int attempts = std::max(0, m_config.maxRetries) + 1;
    if (m_attempt > 1)
        report(QStringLiteral("attempt %1 of %2 after %3").arg(m_attempt).arg(attempts).arg(m_retryReason));
    m_status = 0;
    m_streaming = false;
    m_received = 0;
    m_answerBytes.clear();
    m_sse = SseParser();
    m_stream = StreamState();
    m_sinceProgress.start();
    m_reply = m_network->post(m_request, m_body);
    connect(m_reply, &QNetworkReply::readyRead, this, &HttpProvider::readData);
    connect(m_reply, &QNetworkReply::finished, this, &HttpProvider::replyFinished);
    if (m_config.timeoutMs > 0)
        m_timer->start(m_config.timeoutMs);
}

void HttpProvider::readData()
{
    if (!m_reply)
        return;
    if (m_status == 0) {
        m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QString type = m_reply->header(QNetworkRequest::ContentTypeHeader).toString();
        // text/event-stream, or whatever a local server calls it; a whole JSON answer is read as one.
        m_streaming = m_config.stream && m_status >= 200 && m_status < 300
            && !type.contains(QStringLiteral("json"), Qt::CaseInsensitive);
    }
    const QByteArray bytes = m_reply->readAll();
    m_received += bytes.size();
    if (m_received > m_config.maxAnswerBytes) {
        abortReply();
        m_timer->stop();
        end(failure(QStringLiteral("answer too long: the server sent more than %1 bytes").arg(m_config.maxAnswerBytes),
            m_attempt));
        return;
    }
    consume(bytes);
    if (m_sinceProgress.elapsed() >= 1000) {
        m_sinceProgress.restart();
        report(QStringLiteral("%1 kB received").arg(m_received / 1000));
    }
}

void HttpProvider::consume(const QByteArray& bytes)
{
    if (!m_streaming) {
        m_answerBytes += bytes;
        return;
    }
    for (const SseEvent& event : m_sse.feed(bytes))
        readEvent(event, m_stream);
}

void HttpProvider::replyFinished()
{
    if (!m_reply)
        return;
    m_timer->stop();
    readData();
    if (!m_reply)
        return; // too long
    QNetworkReply* reply = std::exchange(m_reply, nullptr);
    reply->disconnect(this);
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = reply->error();
    const QString host = m_request.url().host();

    if (status == 0) {
        switch (error) {
        case QNetworkReply::ConnectionRefusedError:
            end(failure(QStringLiteral("could not connect to %1:%2: connection refused")
                            .arg(host)
                            .arg(m_request.url().port(m_request.url().scheme() == u"https" ? 443 : 80)),
                m_attempt, true));
            return;
        case QNetworkReply::HostNotFoundError:
            end(failure(QStringLiteral("host not found: %1").arg(host), m_attempt, true));
            return;
        case QNetworkReply::ProxyConnectionRefusedError:
        case QNetworkReply::ProxyNotFoundError:
        case QNetworkReply::NetworkSessionFailedError:
        case QNetworkReply::TemporaryNetworkFailureError:
        case QNetworkReply::UnknownProxyError:
            end(failure(
                QStringLiteral("could not connect to %1: %2").arg(host, reply->errorString()), m_attempt, true));
            return;
        default:
            end(failure(QStringLiteral("network error talking to %1: %2").arg(host, reply->errorString()), m_attempt));
            return;
        }
    }

    if (status >= 200 && status < 300) {
        if (m_streaming) {
            for (const SseEvent& event : m_sse.finish())
                readEvent(event, m_stream);
            if (!m_stream.error.isEmpty()) {
                if (m_stream.retryable)
                    retryOrFail(QStringLiteral("an error in the stream"), m_stream.error, -1);
                else
                    end(failure(m_stream.error, m_attempt));
                return;
            }
            if (!streamComplete(m_stream)) {
                const QString why =
                    error != QNetworkReply::NoError ? reply->errorString() : QStringLiteral("the connection closed");
                end(failure(QStringLiteral("the answer stream ended early: %1").arg(why), m_attempt));
                return;
            }
            succeed(m_stream.text, m_stream.truncated);
            return;
        }
        if (error != QNetworkReply::NoError) {
            end(failure(QStringLiteral("the answer was cut: %1").arg(reply->errorString()), m_attempt));
            return;
        }
        QString parseError;
        const QJsonObject object = parseObject(m_answerBytes, &parseError);
        if (!parseError.isEmpty()) {
            end(failure(QStringLiteral("could not read the answer: %1").arg(parseError), m_attempt));
            return;
        }
        const Answer answer = readAnswer(object);
        if (!answer.ok) {
            end(failure(answer.error, m_attempt));
            return;
        }
        succeed(answer.text, answer.truncated);
        return;
    }

    // An error status: the message from the server's JSON, or the reason phrase; never the request.
    QString message = serverMessage(m_answerBytes);
    if (message.isEmpty())
        message = oneLine(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
    const QString text = message.isEmpty() ? QStringLiteral("HTTP %1").arg(status)
                                           : QStringLiteral("HTTP %1: %2").arg(status).arg(message);
    if (status == 429 || status >= 500) {
        int retryAfterMs = -1;
        const QByteArray retryAfter = reply->rawHeader(QByteArrayLiteral("Retry-After")).trimmed();
        bool isNumber = false;
        const double seconds = retryAfter.toDouble(&isNumber);
        if (isNumber && seconds >= 0) {
            retryAfterMs = static_cast<int>(std::min(seconds * 1000.0, 1e9));
        } else if (!retryAfter.isEmpty()) {
            const QDateTime when = QDateTime::fromString(QString::fromLatin1(retryAfter), Qt::RFC2822Date);
            if (when.isValid())
                retryAfterMs =
                    static_cast<int>(std::clamp<qint64>(QDateTime::currentDateTimeUtc().msecsTo(when), 0, 1000000000));
        }
        retryOrFail(QStringLiteral("HTTP %1").arg(status), text, retryAfterMs);
        return;
    }
    if (status >= 300 && status < 400)
        end(failure(text + QStringLiteral(" (redirects are not followed: check the base URL)"), m_attempt));
    else
        end(failure(text, m_attempt));
}

void HttpProvider::retryOrFail(const QString& reason, const QString& error, int retryAfterMs)
{
    const int attempts = std::max(0, m_config.maxRetries) + 1;
    if (m_attempt >= attempts) {
        end(failure(
            m_attempt > 1 ? QStringLiteral("%1 (after %2 attempts)").arg(error).arg(m_attempt) : error, m_attempt));
        return;
    }
    m_retryReason = reason;
    const int delay = retryDelayMs(retryAfterMs);
    if (delay >= 1000)
        report(QStringLiteral("%1: waiting %2 s before attempt %3 of %4")
                   .arg(reason)
                   .arg(delay / 1000)
                   .arg(m_attempt + 1)
                   .arg(attempts));
    m_retryTimer->start(delay);
}

int HttpProvider::retryDelayMs(int retryAfterMs) const
{
    const qint64 cap = std::max(0, m_config.retryMaxMs);
    if (retryAfterMs >= 0)
        return static_cast<int>(std::min<qint64>(retryAfterMs, cap));
    qint64 delay = std::max(0, m_config.retryBaseMs);
    for (int i = 1; i < m_attempt && delay < cap; ++i)
        delay *= 2;
    return static_cast<int>(std::min(delay, cap));
}

void HttpProvider::succeed(const QString& text, bool truncated)
{
    if (truncated)
        report(truncationWarning(m_config.maxTokens));
    Reply reply;
    reply.ok = true;
    reply.text = text;
    reply.attempts = m_attempt;
    end(std::move(reply));
}

void HttpProvider::timedOut()
{
    if (!m_reply)
        return;
    abortReply();
    end(failure(
        timeoutText(m_config.timeoutMs) + QStringLiteral(" waiting for %1").arg(m_request.url().host()), m_attempt));
}

void HttpProvider::abortReply()
{
    m_timer->stop();
    if (!m_reply)
        return;
    QNetworkReply* reply = std::exchange(m_reply, nullptr);
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

QString HttpProvider::serverMessage(const QByteArray& body)
{
    const QJsonObject object = parseObject(body);
    const QJsonValue error = object.value(QStringLiteral("error"));
    QString message;
    if (error.isObject())
        message = error.toObject().value(QStringLiteral("message")).toString();
    else if (error.isString())
        message = error.toString();
    if (message.isEmpty())
        message = object.value(QStringLiteral("message")).toString();
    if (message.isEmpty())
        message = object.value(QStringLiteral("detail")).toString(); // some local servers
    return oneLine(message);
}

// AnthropicProvider

AnthropicProvider::AnthropicProvider(ProviderConfig config, QString apiKey, QObject* parent)
    : HttpProvider(std::move(config), std::move(apiKey), parent)
{ }

QString AnthropicProvider::defaultBaseUrl() const
{
    return kAnthropicBase;
}

QString AnthropicProvider::endpointPath() const
{
    return QStringLiteral("/v1/messages");
}

void AnthropicProvider::addHeaders(QNetworkRequest& request, const QString& apiKey) const
{
    request.setRawHeader(QByteArrayLiteral("x-api-key"), apiKey.toUtf8());
    request.setRawHeader(QByteArrayLiteral("anthropic-version"), kAnthropicVersion);
}

QJsonObject AnthropicProvider::body(const Request& request) const
{
    QJsonObject body {
        { QStringLiteral("model"), m_config.model },
        { QStringLiteral("max_tokens"), m_config.maxTokens },
        { QStringLiteral("messages"),
            QJsonArray { QJsonObject {
                { QStringLiteral("role"), QStringLiteral("user") }, { QStringLiteral("content"), request.prompt } } } },
        { QStringLiteral("stream"), m_config.stream },
    };
    if (!request.system.isEmpty())
        body.insert(QStringLiteral("system"), request.system);
    return body;
}

HttpProvider::Answer AnthropicProvider::readAnswer(const QJsonObject& answer) const
{
    Answer result;
    if (answer.value(QStringLiteral("type")).toString() == u"error") {
        result.error =
            QStringLiteral("the server answered with an error: %1").arg(serverMessage(QJsonDocument(answer).toJson()));
        return result;
    }
    const QJsonValue content = answer.value(QStringLiteral("content"));
    if (!content.isArray()) {
        result.error = QStringLiteral("could not read the answer: it has no \"content\" array");
        return result;
    }
    for (const QJsonValue& block : content.toArray()) {
        const QJsonObject object = block.toObject();
        if (object.value(QStringLiteral("type")).toString() == u"text")
            result.text += object.value(QStringLiteral("text")).toString();
    }
    result.truncated = answer.value(QStringLiteral("stop_reason")).toString() == u"max_tokens";
    result.ok = true;
    return result;
}

void AnthropicProvider::readEvent(const SseEvent& event, StreamState& state) const
{
    const QJsonObject data = parseObject(event.data);
    QString type = data.value(QStringLiteral("type")).toString();
    if (type.isEmpty())
        type = QString::fromUtf8(event.event);
    if (type == u"content_block_start") {
        const QJsonObject block = data.value(QStringLiteral("content_block")).toObject();
        if (block.value(QStringLiteral("type")).toString() == u"text")
            state.text += block.value(QStringLiteral("text")).toString();
    } else if (type == u"content_block_delta") {
        const QJsonObject delta = data.value(QStringLiteral("delta")).toObject();
        if (delta.value(QStringLiteral("type")).toString() == u"text_delta")
            state.text += delta.value(QStringLiteral("text")).toString();
    } else if (type == u"message_delta") {
        const QJsonObject delta = data.value(QStringLiteral("delta")).toObject();
        if (delta.value(QStringLiteral("stop_reason")).toString() == u"max_tokens")
            state.truncated = true;
    } else if (type == u"message_stop") {
        state.done = true;
    } else if (type == u"error" && state.error.isEmpty()) {
        const QJsonObject error = data.value(QStringLiteral("error")).toObject();
        const QString kind = error.value(QStringLiteral("type")).toString();
        const QString message = oneLine(error.value(QStringLiteral("message")).toString());
        state.error = QStringLiteral("error in the answer stream: %1")
                          .arg(message.isEmpty() ? (kind.isEmpty() ? QStringLiteral("unknown") : kind) : message);
        state.retryable = kind == u"overloaded_error" || kind == u"api_error" || kind == u"rate_limit_error";
    }
}

// OpenAIProvider

OpenAIProvider::OpenAIProvider(ProviderConfig config, QString apiKey, QObject* parent)
    : HttpProvider(std::move(config), std::move(apiKey), parent)
{ }

QString OpenAIProvider::defaultBaseUrl() const
{
    return kOpenAIBase;
}

QString OpenAIProvider::endpointPath() const
{
    return QStringLiteral("/chat/completions");
}

void OpenAIProvider::addHeaders(QNetworkRequest& request, const QString& apiKey) const
{
    if (!apiKey.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + apiKey.toUtf8());
}

QJsonObject OpenAIProvider::body(const Request& request) const
{
    QJsonArray messages;
    if (!request.system.isEmpty())
        messages.append(QJsonObject {
            { QStringLiteral("role"), QStringLiteral("system") }, { QStringLiteral("content"), request.system } });
    messages.append(QJsonObject {
        { QStringLiteral("role"), QStringLiteral("user") }, { QStringLiteral("content"), request.prompt } });
    return QJsonObject {
        { QStringLiteral("model"), m_config.model },
        { QStringLiteral("max_tokens"), m_config.maxTokens },
        { QStringLiteral("messages"), messages },
        { QStringLiteral("stream"), m_config.stream },
    };
}

HttpProvider::Answer OpenAIProvider::readAnswer(const QJsonObject& answer) const
{
    Answer result;
    if (answer.contains(QStringLiteral("error"))) {
        result.error =
            QStringLiteral("the server answered with an error: %1").arg(serverMessage(QJsonDocument(answer).toJson()));
        return result;
    }
    const QJsonObject choice = answer.value(QStringLiteral("choices")).toArray().at(0).toObject();
    const QJsonValue content = choice.value(QStringLiteral("message")).toObject().value(QStringLiteral("content"));
    if (!content.isString()) {
        const QString refusal =
            choice.value(QStringLiteral("message")).toObject().value(QStringLiteral("refusal")).toString();
        result.error = refusal.isEmpty() ? QStringLiteral("could not read the answer: no choices[0].message.content")
                                         : QStringLiteral("the model refused: %1").arg(oneLine(refusal));
        return result;
    }
    result.text = content.toString();
    result.truncated = choice.value(QStringLiteral("finish_reason")).toString() == u"length";
    result.ok = true;
    return result;
}

void OpenAIProvider::readEvent(const SseEvent& event, StreamState& state) const
{
    if (event.data.trimmed() == "[DONE]") {
        state.done = true;
        return;
    }
    const QJsonObject data = parseObject(event.data);
    if (data.contains(QStringLiteral("error"))) {
        if (state.error.isEmpty())
            state.error = QStringLiteral("error in the answer stream: %1").arg(serverMessage(event.data));
        return;
    }
    const QJsonObject choice = data.value(QStringLiteral("choices")).toArray().at(0).toObject();
    const QJsonValue content = choice.value(QStringLiteral("delta")).toObject().value(QStringLiteral("content"));
    if (content.isString())
        state.text += content.toString();
    const QJsonValue finish = choice.value(QStringLiteral("finish_reason"));
    if (finish.isString()) {
        state.finishSeen = true;
        if (finish.toString() == u"length")
            state.truncated = true;
    }
}

} // namespace lmp::agent
