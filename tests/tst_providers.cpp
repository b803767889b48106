// SPDX-License-Identifier: GPL-3.0-or-later
// The agent's providers against a scripted HTTP/1.1 server on 127.0.0.1 (both wire formats, whole and streamed
// answers, retries, timeouts, cancels, limits) and fake agent programs written at test time; and that the API
// key shows up in no message, error, progress line, temporary file or child environment.

#include "agent/provider.h"
#include "agent/providers.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <utility>

using namespace lmp::agent;

namespace {

const QString kKey = QStringLiteral("sk-test-NEVER-LOG-ME-123");
const QString kSystem = QStringLiteral("You draft formula templates.\nAnswer with JSON.");
const QString kPrompt = QStringLiteral("Draft an entry for torch.nn.Linear.");

// Every message Qt logged, every error and progress line seen.
QStringList g_texts;
QtMessageHandler g_previousHandler = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    g_texts.append(message);
    if (type != QtDebugMsg && g_previousHandler)
        g_previousHandler(type, context, message);
}

// A canned answer of the test server.
struct Canned
{
    enum class Mode { Answer, Stream, Never, Close };
    Mode mode = Mode::Answer;
    int status = 200;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body; // Answer
    QList<QByteArray> chunks; // Stream: written one by one, chunkDelayMs apart, then the connection closes
    int chunkDelayMs = 5;
};

Canned json(int status, const QByteArray& body, QList<std::pair<QByteArray, QByteArray>> headers = {})
{
    Canned c;
    c.status = status;
    c.body = body;
    c.headers = std::move(headers);
    c.headers.push_back({ "Content-Type", "application/json" });
    return c;
}

// The bytes cut into pieces of `size`: lines and UTF-8 sequences split anywhere.
Canned stream(const QByteArray& bytes, int size = 7)
{
    Canned c;
    c.mode = Canned::Mode::Stream;
    c.headers.push_back({ "Content-Type", "text/event-stream; charset=utf-8" });
    for (qsizetype i = 0; i < bytes.size(); i += size)
        c.chunks.append(bytes.mid(i, size));
    return c;
}

Canned never()
{
    Canned c;
    c.mode = Canned::Mode::Never;
    return c;
}

Canned closing()
{
    Canned c;
    c.mode = Canned::Mode::Close;
    return c;
}

struct Recorded
{
    QByteArray method;
    QByteArray path;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 307:
        return "Temporary Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

// An HTTP/1.1 server on 127.0.0.1 that records each request and answers from a queue (the last answer repeats).
class TestServer : public QObject
{
    Q_OBJECT
public:
    TestServer()
    {
        connect(&m_server, &QTcpServer::newConnection, this, &TestServer::accept);
        m_server.listen(QHostAddress::LocalHost, 0);
    }

    QString base() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()); }
    void push(Canned canned) { m_queue.append(std::move(canned)); }

    QList<Recorded> requests;

private:
    void accept()
    {
        while (QTcpSocket* socket = m_server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    void read(QTcpSocket* socket)
    {
        QByteArray& buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
        Recorded request;
        const QList<QByteArray> first = lines.front().trimmed().split(' ');
        request.method = first.value(0);
        request.path = first.value(1);
        qsizetype length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon < 0)
                continue;
            const QByteArray name = lines[i].left(colon).trimmed().toLower();
            request.headers.insert(name, lines[i].mid(colon + 1).trimmed());
            if (name == "content-length")
                length = lines[i].mid(colon + 1).trimmed().toLongLong();
        }
        if (buffer.size() < headEnd + 4 + length)
            return;
        request.body = buffer.mid(headEnd + 4, length);
        m_buffers.remove(socket);
        requests.append(request);
        answer(socket);
    }

    void answer(QTcpSocket* socket)
    {
        if (!m_queue.isEmpty())
            m_last = m_queue.takeFirst();
        const Canned canned = m_last;
        if (canned.mode == Canned::Mode::Never)
            return;
        if (canned.mode == Canned::Mode::Close) {
            socket->close();
            return;
        }
        QByteArray head = "HTTP/1.1 " + QByteArray::number(canned.status) + ' ' + reasonPhrase(canned.status) + "\r\n";
        for (const auto& [name, value] : canned.headers)
            head += name + ": " + value + "\r\n";
        head += "Connection: close\r\n";
        if (canned.mode == Canned::Mode::Answer) {
            socket->write(
                head + "Content-Length: " + QByteArray::number(canned.body.size()) + "\r\n\r\n" + canned.body);
            socket->disconnectFromHost();
            return;
        }
        socket->write(head + "\r\n");
        int delay = 0;
        for (const QByteArray& chunk : canned.chunks) {
            delay += canned.chunkDelayMs;
            QTimer::singleShot(delay, socket, [socket, chunk] { socket->write(chunk); });
        }
        QTimer::singleShot(delay + canned.chunkDelayMs, socket, [socket] { socket->disconnectFromHost(); });
    }

    QTcpServer m_server;
    QList<Canned> m_queue;
    Canned m_last = json(500, R"({"error":{"message":"no canned answer"}})");
    QHash<QTcpSocket*, QByteArray> m_buffers;
};

// Runs a provider's requests and keeps what it said.
class Runner : public QObject
{
public:
    explicit Runner(Provider& provider)
        : m_provider(provider)
    {
        connect(&provider, &Provider::finished, this, [this](const Reply& reply) {
            replies.append(reply);
            g_texts.append(reply.error);
        });
        connect(&provider, &Provider::progress, this, [this](const QString& message) {
            progress.append(message);
            g_texts.append(message);
        });
    }

    void start(const Request& request = { kSystem, kPrompt })
    {
        m_timer.start();
        m_provider.start(request);
        emittedInCall = emittedInCall || !replies.isEmpty();
    }
    void cancel()
    {
        m_provider.cancel();
        emittedInCall = emittedInCall || !replies.isEmpty();
    }
    // Waits for the answer, then a little more: a second finished() would show.
    bool wait(int ms = 20000)
    {
        const bool arrived = QTest::qWaitFor([this] { return !replies.isEmpty(); }, ms);
        elapsedMs = m_timer.elapsed();
        QTest::qWait(30);
        return arrived;
    }
    Reply reply() const { return replies.value(0); }
    bool saw(const QString& text) const
    {
        return std::any_of(progress.begin(), progress.end(), [&](const QString& p) { return p.contains(text); });
    }

    QList<Reply> replies;
    QStringList progress;
    bool emittedInCall = false;
    qint64 elapsedMs = 0;

private:
    Provider& m_provider;
    QElapsedTimer m_timer;
};

ProviderConfig config(ProviderKind kind, const QString& baseUrl)
{
    ProviderConfig c;
    c.kind = kind;
    c.baseUrl = baseUrl;
    c.model = kind == ProviderKind::Anthropic ? QStringLiteral("claude-test") : QStringLiteral("gpt-test");
    c.maxTokens = 1234;
    c.timeoutMs = 10000;
    c.retryBaseMs = 10;
    c.retryMaxMs = 200;
    return c;
}

QByteArray sse(const QList<std::pair<QByteArray, QByteArray>>& events, const QByteArray& lineEnd = "\n")
{
    QByteArray bytes;
    for (const auto& [event, data] : events) {
        if (!event.isEmpty())
            bytes += "event: " + event + lineEnd;
        bytes += "data: " + data + lineEnd + lineEnd;
    }
    return bytes;
}

QByteArray anthropicDelta(const QString& text)
{
    const QJsonObject data { { "type", "content_block_delta" }, { "index", 0 },
        { "delta", QJsonObject { { "type", "text_delta" }, { "text", text } } } };
    return QJsonDocument(data).toJson(QJsonDocument::Compact);
}

QByteArray anthropicStream(const QStringList& pieces, const QByteArray& stopReason = "end_turn")
{
    QList<std::pair<QByteArray, QByteArray>> events {
        { "message_start",
            R"({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],)"
            R"("model":"claude-test","stop_reason":null,"usage":{"input_tokens":10,"output_tokens":1}}})" },
        { "content_block_start",
            R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})" },
        { "ping", R"({"type": "ping"})" },
    };
    for (const QString& piece : pieces)
        events.push_back({ "content_block_delta", anthropicDelta(piece) });
    events.push_back({ "content_block_stop", R"({"type":"content_block_stop","index":0})" });
    events.push_back({ "message_delta",
        R"({"type":"message_delta","delta":{"stop_reason":")" + stopReason
            + R"(","stop_sequence":null},"usage":{"output_tokens":15}})" });
    events.push_back({ "message_stop", R"({"type":"message_stop"})" });
    return sse(events);
}

QByteArray openaiStream(const QStringList& pieces, const QByteArray& finish = "stop", bool done = true)
{
    QList<std::pair<QByteArray, QByteArray>> events;
    events.push_back({ {},
        R"({"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":)"
        R"({"role":"assistant","content":""},"finish_reason":null}]})" });
    for (const QString& piece : pieces) {
        const QJsonObject chunk { { "choices",
            QJsonArray { QJsonObject { { "index", 0 }, { "delta", QJsonObject { { "content", piece } } },
                { "finish_reason", QJsonValue::Null } } } } };
        events.push_back({ {}, QJsonDocument(chunk).toJson(QJsonDocument::Compact) });
    }
    events.push_back({ {}, R"({"choices":[{"index":0,"delta":{},"finish_reason":")" + finish + R"("}]})" });
    if (done)
        events.push_back({ {}, "[DONE]" });
    return sse(events, "\r\n");
}

const QByteArray kAnthropicAnswer =
    R"({"id":"msg_1","type":"message","role":"assistant","model":"claude-test","content":[)"
    R"({"type":"text","text":"{\"flops\": "},{"type":"tool_use","id":"t","name":"x","input":{}},)"
    R"({"type":"text","text":"\"2 * ${N}\"} ✓"}],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":2}})";
const QString kAnthropicText = QStringLiteral("{\"flops\": \"2 * ${N}\"} ✓");

const QByteArray kOpenAIAnswer = R"({"id":"c1","object":"chat.completion","choices":[{"index":0,"message":)"
                                 R"({"role":"assistant","content":"Grüße {\"ok\": true}"},"finish_reason":"stop"}]})";
const QString kOpenAIText = QStringLiteral("Grüße {\"ok\": true}");

bool writeScript(const QString& path, const QByteArray& body)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write("#!/bin/sh\n" + body) > 0 && f.flush()
        && f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

} // namespace

class TestProviders : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void kindNames();
    void configId_data();
    void configId();
    void sseParser();

    void anthropicWhole();
    void anthropicStreamed();
    void anthropicMaxTokens();
    void anthropicStreamErrorRetried();
    void anthropicStreamErrorNotRetried();
    void anthropicNeedsKey();
    void openaiWhole();
    void openaiStreamed();
    void openaiNoKeyNoHeader();
    void openaiDefaultBase();

    void retried_data();
    void retried();
    void retriesExhausted();
    void retryAfterCapped();
    void clientErrorNotRetried_data();
    void clientErrorNotRetried();
    void serverEchoesKey();
    void redirectNotFollowed();
    void timesOut();
    void cancelDuringRequest();
    void cancelDuringRetryWait();
    void cancelAfterQueuedAnswer();
    void connectionRefused();
    void connectionClosed();
    void streamEndsEarly();
    void tooLong_data();
    void tooLong();
    void badBaseUrl_data();
    void badBaseUrl();
    void oneRequestAtATime();
    void destroyedWhileRunning();

    void commandStdin();
    void commandPromptFile();
    void commandExitCode();
    void commandMissing();
    void commandEmpty();
    void commandTimeout();
    void commandCancel();
    void commandTooLong();

    void keyInNoTemporaryFile();

private:
    QString script(const char* name, const QByteArray& body);

    QTemporaryDir m_scripts;
    QTemporaryDir m_tmp;
};

void TestProviders::initTestCase()
{
    QVERIFY(m_scripts.isValid());
    QVERIFY(m_tmp.isValid());
    // Temporary files of the providers go here, to be searched for the key.
    qputenv("TMPDIR", QFile::encodeName(m_tmp.path()));
    QCOMPARE(QDir(QDir::tempPath()).canonicalPath(), QDir(m_tmp.path()).canonicalPath());
    qunsetenv("ANTHROPIC_API_KEY");
    qunsetenv("OPENAI_API_KEY");
    // Whatever Qt's network code logs is searched too.
    QLoggingCategory::setFilterRules(QStringLiteral("qt.network.*=true"));
    g_previousHandler = qInstallMessageHandler(recordMessage);
}

void TestProviders::cleanup()
{
    qunsetenv("LMP_API_KEY");
    const QStringList texts = std::exchange(g_texts, QStringList());
    for (const QString& text : texts) {
        if (text.contains(kKey))
            QFAIL(qPrintable(QStringLiteral("the key leaked into: ") + QString(text).replace(kKey, "<KEY>").left(200)));
    }
}

QString TestProviders::script(const char* name, const QByteArray& body)
{
    const QString path = m_scripts.filePath(QString::fromLatin1(name));
    return writeScript(path, body) ? path : QString();
}

void TestProviders::kindNames()
{
    for (const ProviderKind kind : { ProviderKind::Command, ProviderKind::Anthropic, ProviderKind::OpenAI })
        QCOMPARE(providerKindFromName(providerKindName(kind)), kind);
    QCOMPARE(providerKindName(ProviderKind::OpenAI), QStringLiteral("openai"));
    QCOMPARE(providerKindFromName("Anthropic"), ProviderKind::Anthropic);
    QVERIFY(!providerKindFromName("gemini"));
    QVERIFY(!providerKindFromName(""));
}

void TestProviders::configId_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("id");
    QTest::addRow("anthropic") << int(ProviderKind::Anthropic) << ""
                               << "claude-sonnet-4-5"
                               << "anthropic/claude-sonnet-4-5";
    QTest::addRow("openai") << int(ProviderKind::OpenAI) << ""
                            << "gpt-4.1"
                            << "openai/gpt-4.1";
    QTest::addRow("command label") << int(ProviderKind::Command) << "claude -p"
                                   << "claude-code"
                                   << "command/claude-code";
    QTest::addRow("command program") << int(ProviderKind::Command) << "\"/opt/my agent/bin/agent\" --quiet"
                                     << ""
                                     << "command/agent";
    QTest::addRow("nothing") << int(ProviderKind::Command) << ""
                             << ""
                             << "command";
}

void TestProviders::configId()
{
    QFETCH(int, kind);
    QFETCH(QString, command);
    QFETCH(QString, model);
    QFETCH(QString, id);
    ProviderConfig c;
    c.kind = ProviderKind(kind);
    c.command = command;
    c.model = model;
    QCOMPARE(c.id(), id);
}

void TestProviders::sseParser()
{
    const QByteArray bytes = ": keep-alive\r\nevent: a\r\ndata: one\r\ndata:two\r\n\r\nid: 7\ndata: {\"x\": 1}\n\n"
                             "event: last\ndata: end";
    // Fed a byte at a time, and all at once: the same events.
    for (const int size : { 1, 5, int(bytes.size()) }) {
        SseParser parser;
        std::vector<SseEvent> events;
        for (qsizetype i = 0; i < bytes.size(); i += size) {
            for (SseEvent& e : parser.feed(bytes.mid(i, size)))
                events.push_back(std::move(e));
        }
        QCOMPARE(events.size(), std::size_t(2));
        for (SseEvent& e : parser.finish())
            events.push_back(std::move(e));
        QCOMPARE(events.size(), std::size_t(3));
        QCOMPARE(events[0].event, QByteArray("a"));
        QCOMPARE(events[0].data, QByteArray("one\ntwo"));
        QCOMPARE(events[1].event, QByteArray());
        QCOMPARE(events[1].data, QByteArray("{\"x\": 1}"));
        QCOMPARE(events[2].event, QByteArray("last"));
        QCOMPARE(events[2].data, QByteArray("end"));
    }
}

void TestProviders::anthropicWhole()
{
    TestServer server;
    server.push(json(200, kAnthropicAnswer));
    // A base with a path (a proxy) and a trailing slash.
    const auto provider = makeProvider(config(ProviderKind::Anthropic, server.base() + "/proxy/"), kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(provider->isRunning());
    QVERIFY(run.wait());
    QVERIFY(!run.emittedInCall);
    QVERIFY(!provider->isRunning());
    QCOMPARE(run.replies.size(), 1);
    const Reply reply = run.reply();
    QVERIFY2(reply.ok, qPrintable(reply.error));
    QCOMPARE(reply.text, kAnthropicText);
    QCOMPARE(reply.attempts, 1);
    QVERIFY(!reply.cancelled && !reply.unreachable);

    QCOMPARE(server.requests.size(), 1);
    const Recorded& request = server.requests.front();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, QByteArray("/proxy/v1/messages"));
    QCOMPARE(request.headers.value("x-api-key"), kKey.toUtf8());
    QCOMPARE(request.headers.value("anthropic-version"), QByteArray("2023-06-01"));
    QCOMPARE(request.headers.value("content-type"), QByteArray("application/json"));
    QVERIFY(!request.headers.contains("authorization"));
    const QJsonObject body = request.json();
    QCOMPARE(body.value("model").toString(), QStringLiteral("claude-test"));
    QCOMPARE(body.value("max_tokens").toInt(), 1234);
    QCOMPARE(body.value("system").toString(), kSystem);
    QCOMPARE(body.value("stream").toBool(true), false);
    const QJsonArray messages = body.value("messages").toArray();
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messages[0].toObject().value("role").toString(), QStringLiteral("user"));
    QCOMPARE(messages[0].toObject().value("content").toString(), kPrompt);
}

void TestProviders::anthropicStreamed()
{
    TestServer server;
    server.push(stream(anthropicStream({ "{\"flops\": ", "\"2 * ${N}\"", "} ✓" })));
    ProviderConfig c = config(ProviderKind::Anthropic, server.base());
    c.stream = true;
    const auto provider = makeProvider(c, kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(run.wait());
    QCOMPARE(run.replies.size(), 1);
    QVERIFY2(run.reply().ok, qPrintable(run.reply().error));
    QCOMPARE(run.reply().text, kAnthropicText);
    QCOMPARE(server.requests.size(), 1);
    QCOMPARE(server.requests[0].path, QByteArray("/v1/messages"));
    QCOMPARE(server.requests[0].headers.value("x-api-key"), kKey.toUtf8());
    QCOMPARE(server.requests[0].json().value("stream").toBool(), true);
    QVERIFY(!run.saw("token limit"));
}

void TestProviders::anthropicMaxTokens()
{
    for (const bool streamed : { false, true }) {
        TestServer server;
        if (streamed) {
            server.push(stream(anthropicStream({ "{\"flops\": " }, "max_tokens"), 64));
        } else {
            QByteArray answer = kAnthropicAnswer;
            answer.replace("end_turn", "max_tokens");
            server.push(json(200, answer));
        }
        ProviderConfig c = config(ProviderKind::Anthropic, server.base());
        c.stream = streamed;
        const auto provider = makeProvider(c, kKey);
        Runner run(*provider);
        run.start();
        QVERIFY(run.wait());
        QVERIFY(run.reply().ok);
        QVERIFY2(run.saw("token limit (1234)"), qPrintable(run.progress.join(" | ")));
    }
}

void TestProviders::anthropicStreamErrorRetried()
{
    TestServer server;
    server.push(
        stream(sse({ { "message_start", R"({"type":"message_start","message":{}})" },
                   { "error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})" } }),
            32));
    server.push(stream(anthropicStream({ "fine" }), 32));
    ProviderConfig c = config(ProviderKind::Anthropic, server.base());
    c.stream = true;
    const auto provider = makeProvider(c, kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(run.wait());
    QVERIFY2(run.reply().ok, qPrintable(run.reply().error));
    QCOMPARE(run.reply().text, QStringLiteral("fine"));
    QCOMPARE(run.reply().attempts, 2);
    QCOMPARE(server.requests.size(), 2);
}

void TestProviders::anthropicStreamErrorNotRetried()
{
    TestServer server;
    server.push(
        stream(sse({ { "error",
                   R"({"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long"}})" } }),
            32));
    ProviderConfig c = config(ProviderKind::Anthropic, server.base());
    c.stream = true;
    const auto provider = makeProvider(c, kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(run.wait());
    QVERIFY(!run.reply().ok);
    QVERIFY2(run.reply().error.contains("prompt is too long"), qPrintable(run.reply().error));
    QCOMPARE(server.requests.size(), 1);
}

void TestProviders::anthropicNeedsKey()
{
    TestServer server;
    const auto provider = makeProvider(config(ProviderKind::Anthropic, server.base()), QString());
    Runner run(*provider);
    run.start();
    QVERIFY(!run.emittedInCall);
    QVERIFY(run.wait());
    QCOMPARE(run.replies.size(), 1);
    QVERIFY(!run.reply().ok);
    QVERIFY(run.reply().unreachable);
    QVERIFY2(run.reply().error.contains("no API key"), qPrintable(run.reply().error));
    QCOMPARE(server.requests.size(), 0);
}

void TestProviders::openaiWhole()
{
    TestServer server;
    server.push(json(200, kOpenAIAnswer));
    const auto provider = makeProvider(config(ProviderKind::OpenAI, server.base() + "/v1"), kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(run.wait());
    QCOMPARE(run.replies.size(), 1);
    QVERIFY2(run.reply().ok, qPrintable(run.reply().error));
    QCOMPARE(run.reply().text, kOpenAIText);
    QCOMPARE(run.reply().attempts, 1);
    QCOMPARE(server.requests.size(), 1);
    const Recorded& request = server.requests.front();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, QByteArray("/v1/chat/completions"));
    QCOMPARE(request.headers.value("authorization"), "Bearer " + kKey.toUtf8());
    QVERIFY(!request.headers.contains("x-api-key"));
    const QJsonObject body = request.json();
    QCOMPARE(body.value("model").toString(), QStringLiteral("gpt-test"));
    QCOMPARE(body.value("max_tokens").toInt(), 1234);
    QCOMPARE(body.value("stream").toBool(true), false);
    const QJsonArray messages = body.value("messages").toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[0].toObject().value("role").toString(), QStringLiteral("system"));
    QCOMPARE(messages[0].toObject().value("content").toString(), kSystem);
    QCOMPARE(messages[1].toObject().value("role").toString(), QStringLiteral("user"));
    QCOMPARE(messages[1].toObject().value("content").toString(), kPrompt);
}

void TestProviders::openaiStreamed()
{
    // With [DONE]; and a server that sends none after its finish reason.
    for (const bool done : { true, false }) {
        TestServer server;
        server.push(stream(openaiStream({ "Grüße ", "{\"ok\": ", "true}" }, "stop", done), 5));
        ProviderConfig c = config(ProviderKind::OpenAI, server.base() + "/v1");
        c.stream = true;
        const auto provider = makeProvider(c, kKey);
        Runner run(*provider);
        run.start();
        QVERIFY(run.wait());
        QCOMPARE(run.replies.size(), 1);
        QVERIFY2(run.reply().ok, qPrintable(run.reply().error));
        QCOMPARE(run.reply().text, kOpenAIText);
        QCOMPARE(server.requests[0].json().value("stream").toBool(), true);
        QCOMPARE(server.requests[0].headers.value("authorization"), "Bearer " + kKey.toUtf8());
    }
    // finish_reason "length": a warning.
    TestServer server;
    server.push(stream(openaiStream({ "cut" }, "length"), 64));
    ProviderConfig c = config(ProviderKind::OpenAI, server.base());
    c.stream = true;
    const auto provider = makeProvider(c, kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(run.wait());
    QVERIFY(run.reply().ok);
    QVERIFY(run.saw("token limit"));
}

void TestProviders::openaiNoKeyNoHeader()
{
    TestServer server;
    server.push(json(200, kOpenAIAnswer));
    const auto provider = makeProvider(config(ProviderKind::OpenAI, server.base()), QString());
    Runner run(*provider);
    run.start();
    QVERIFY(run.wait());
    QVERIFY2(run.reply().ok, qPrintable(run.reply().error));
    QCOMPARE(server.requests.size(), 1);
    QCOMPARE(server.requests[0].path, QByteArray("/chat/completions"));
    QVERIFY(!server.requests[0].headers.contains("authorization"));
}

void TestProviders::openaiDefaultBase()
{
    // Nothing is sent: an invalid model stops it first; this checks the defaults are valid URLs.
    for (const ProviderKind kind : { ProviderKind::Anthropic, ProviderKind::OpenAI }) {
        ProviderConfig c = config(kind, QString());
        c.model.clear();
        const auto provider = makeProvider(c, kKey);
        Runner run(*provider);
        run.start();
        QVERIFY(run.wait());
        QVERIFY(run.reply().unreachable);
        QCOMPARE(run.reply().error, QStringLiteral("no model is configured"));
    }
}

void TestProviders::retried_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QList<int>>("statuses");
    QTest::addColumn<QString>("progress");
    QTest::addRow("anthropic 429") << int(ProviderKind::Anthropic) << QList<int> { 429 }
                                   << "attempt 2 of 4 after HTTP 429";
    QTest::addRow("openai 429") << int(ProviderKind::OpenAI) << QList<int> { 429 } << "attempt 2 of 4 after HTTP 429";
    QTest::addRow("500 then 503") << int(ProviderKind::Anthropic) << QList<int> { 500, 503 }
                                  << "attempt 3 of 4 after HTTP 503";
    QTest::addRow("529 overloaded") << int(ProviderKind::Anthropic) << QList<int> { 529 }
                                    << "attempt 2 of 4 after HTTP 529";
}

void TestProviders::retried()
{
    QFETCH(int, kind);
    QFETCH(QList<int>, statuses);
    QFETCH(QString, progress);
    TestServer server;
    for (const int status : statuses)
        server.push(json(status, R"({"type":"error","error":{"type":"rate_limit_error","message":"slow down"}})",
            { { "Retry-After", "0" } }));
    server.push(json(200, ProviderKind(kind) == ProviderKind::Anthropic ? kAnthropicAnswer : kOpenAIAnswer));
    const auto provider = makeProvider(config(ProviderKind(kind), server.base()), kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(run.wait());
    QCOMPARE(run.replies.size(), 1);
    QVERIFY2(run.reply().ok, qPrintable(run.reply().error));
    QCOMPARE(run.reply().attempts, statuses.size() + 1);
    QCOMPARE(server.requests.size(), statuses.size() + 1);
    QVERIFY2(run.saw(progress), qPrintable(run.progress.join(" | ")));
    // Every attempt is the same request.
    QCOMPARE(server.requests.back().body, server.requests.front().body);
}

void TestProviders::retriesExhausted()
{
    TestServer server;
    server.push(json(503, R"({"error":{"message":"the service is down"}})"));
    ProviderConfig c = config(ProviderKind::OpenAI, server.base());
    c.maxRetries = 2;
    const auto provider = makeProvider(c, kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(run.wait());
    QCOMPARE(run.replies.size(), 1);
    QVERIFY(!run.reply().ok && !run.reply().unreachable);
    QCOMPARE(run.reply().attempts, 3);
    QCOMPARE(server.requests.size(), 3);
    QCOMPARE(run.reply().error, QStringLiteral("HTTP 503: the service is down (after 3 attempts)"));
    QVERIFY(run.saw("attempt 3 of 3 after HTTP 503"));
}

void TestProviders::retryAfterCapped()
{
    TestServer server;
    server.push(json(429, R"({"error":{"message":"later"}})", { { "Retry-After", "3600" } }));
    server.push(json(200, kOpenAIAnswer));
    ProviderConfig c = config(ProviderKind::OpenAI, server.base());
    c.retryMaxMs = 100;
    const auto provider = makeProvider(c, kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(run.wait(5000));
    QVERIFY(run.reply().ok);
    QVERIFY(run.elapsedMs < 3000);
    QCOMPARE(run.reply().attempts, 2);
}

void TestProviders::clientErrorNotRetried_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    QTest::addRow("anthropic 401") << int(ProviderKind::Anthropic) << 401
                                   << QByteArray(R"({"type":"error","error":{"type":"authentication_error",)"
                                                 R"("message":"invalid x-api-key"}})")
                                   << "HTTP 401: invalid x-api-key";
    QTest::addRow("openai 400") << int(ProviderKind::OpenAI) << 400
                                << QByteArray(R"({"error":{"message":"max_tokens is too large","type":)"
                                              R"("invalid_request_error","param":"max_tokens"}})")
                                << "HTTP 400: max_tokens is too large";
    QTest::addRow("no JSON") << int(ProviderKind::OpenAI) << 401 << QByteArray("<html>denied</html>")
                             << "HTTP 401: Unauthorized";
}

void TestProviders::clientErrorNotRetried()
{
    QFETCH(int, kind);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    TestServer server;
    server.push(json(status, body));
    server.push(json(200, kOpenAIAnswer));
    const auto provider = makeProvider(config(ProviderKind(kind), server.base()), kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(run.wait());
    QCOMPARE(run.replies.size(), 1);
    QVERIFY(!run.reply().ok && !run.reply().unreachable && !run.reply().cancelled);
    QCOMPARE(run.reply().error, error);
    QCOMPARE(run.reply().attempts, 1);
    QCOMPARE(server.requests.size(), 1);
}

void TestProviders::serverEchoesKey()
{
    // A server quoting the key back (OpenAI quotes part of it): it never reaches the error text.
    TestServer server;
    server.push(json(401, R"({"error":{"message":"Incorrect API key provided: )" + kKey.toUtf8() + R"(."}})"));
    const auto provider = makeProvider(config(ProviderKind::OpenAI, server.base()), kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(run.wait());
    QVERIFY(!run.reply().ok);
    QCOMPARE(run.reply().error, QStringLiteral("HTTP 401: Incorrect API key provided: [key]."));
}

void TestProviders::redirectNotFollowed()
{
    TestServer server;
    TestServer elsewhere;
    server.push(json(307, "{}", { { "Location", (elsewhere.base() + "/v1/messages").toUtf8() } }));
    const auto provider = makeProvider(config(ProviderKind::Anthropic, server.base()), kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(run.wait());
    QVERIFY(!run.reply().ok);
    QVERIFY2(run.reply().error.startsWith("HTTP 307"), qPrintable(run.reply().error));
    QCOMPARE(server.requests.size(), 1);
    QCOMPARE(elsewhere.requests.size(), 0);
}

void TestProviders::timesOut()
{
    for (const bool streamed : { false, true }) {
        TestServer server;
        server.push(never());
        ProviderConfig c = config(ProviderKind::Anthropic, server.base());
        c.timeoutMs = 300;
        c.stream = streamed;
        const auto provider = makeProvider(c, kKey);
        Runner run(*provider);
        run.start();
        QVERIFY(run.wait(5000));
        QCOMPARE(run.replies.size(), 1);
        QVERIFY(!run.reply().ok && !run.reply().cancelled);
        QVERIFY2(run.reply().error.startsWith("timed out after 0.3 s"), qPrintable(run.reply().error));
        QCOMPARE(run.reply().attempts, 1);
        QVERIFY(run.elapsedMs >= 250 && run.elapsedMs < 4000);
        QCOMPARE(server.requests.size(), 1);
    }
}

void TestProviders::cancelDuringRequest()
{
    TestServer server;
    server.push(never());
    const auto provider = makeProvider(config(ProviderKind::OpenAI, server.base()), kKey);
    Runner run(*provider);
    run.start();
    QTRY_COMPARE(server.requests.size(), 1);
    run.cancel();
    QVERIFY(!run.emittedInCall);
    QVERIFY(run.wait(2000));
    QCOMPARE(run.replies.size(), 1);
    QVERIFY(run.reply().cancelled);
    QVERIFY(!run.reply().ok);
    QCOMPARE(run.reply().error, QStringLiteral("cancelled"));
    QVERIFY(!provider->isRunning());
    // Usable again.
    server.push(json(200, kOpenAIAnswer));
    run.replies.clear();
    run.start();
    QVERIFY(run.wait());
    QCOMPARE(run.replies.size(), 1);
    QVERIFY2(run.reply().ok, qPrintable(run.reply().error));
}

void TestProviders::cancelDuringRetryWait()
{
    TestServer server;
    server.push(json(429, R"({"error":{"message":"later"}})", { { "Retry-After", "30" } }));
    server.push(json(200, kOpenAIAnswer));
    ProviderConfig c = config(ProviderKind::OpenAI, server.base());
    c.retryMaxMs = 60000;
    const auto provider = makeProvider(c, kKey);
    Runner run(*provider);
    run.start();
    QTRY_VERIFY(run.saw("waiting 30 s before attempt 2 of 4"));
    run.cancel();
    QVERIFY(run.wait(2000));
    QCOMPARE(run.replies.size(), 1);
    QVERIFY(run.reply().cancelled);
    QTest::qWait(100);
    QCOMPARE(server.requests.size(), 1);
}

void TestProviders::cancelAfterQueuedAnswer()
{
    // The answer (here a refusal of the configuration) is decided but not delivered: cancel() wins, once.
    ProviderConfig c = config(ProviderKind::Anthropic, QStringLiteral("ftp://example.invalid"));
    const auto provider = makeProvider(c, kKey);
    Runner run(*provider);
    run.start();
    run.cancel();
    QVERIFY(!run.emittedInCall);
    QVERIFY(run.wait());
    QCOMPARE(run.replies.size(), 1);
    QVERIFY(run.reply().cancelled);
}

void TestProviders::connectionRefused()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    for (const ProviderKind kind : { ProviderKind::Anthropic, ProviderKind::OpenAI }) {
        const auto provider = makeProvider(config(kind, QStringLiteral("http://127.0.0.1:%1").arg(port)), kKey);
        Runner run(*provider);
        run.start();
        QVERIFY(run.wait());
        QCOMPARE(run.replies.size(), 1);
        QVERIFY(!run.reply().ok);
        QVERIFY(run.reply().unreachable);
        QCOMPARE(run.reply().error, QStringLiteral("could not connect to 127.0.0.1:%1: connection refused").arg(port));
        QCOMPARE(run.reply().attempts, 1);
    }
}

void TestProviders::connectionClosed()
{
    TestServer server;
    server.push(closing());
    const auto provider = makeProvider(config(ProviderKind::OpenAI, server.base()), kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(run.wait());
    QCOMPARE(run.replies.size(), 1);
    QVERIFY(!run.reply().ok && !run.reply().cancelled);
    QVERIFY(!run.reply().error.isEmpty());
}

void TestProviders::streamEndsEarly()
{
    TestServer server;
    QByteArray cut = anthropicStream({ "half" });
    cut.truncate(cut.indexOf("event: message_stop"));
    server.push(stream(cut, 40));
    ProviderConfig c = config(ProviderKind::Anthropic, server.base());
    c.stream = true;
    const auto provider = makeProvider(c, kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(run.wait());
    QVERIFY(!run.reply().ok);
    QVERIFY2(run.reply().error.startsWith("the answer stream ended early"), qPrintable(run.reply().error));
}

void TestProviders::tooLong_data()
{
    QTest::addColumn<bool>("streamed");
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<int>("size");
    QTest::addRow("whole, 64 KiB limit") << false << qint64(64 * 1024) << 200 * 1024;
    QTest::addRow("streamed, 64 KiB limit") << true << qint64(64 * 1024) << 200 * 1024;
    QTest::addRow("whole, default limit") << false << ProviderConfig().maxAnswerBytes << 9 * 1024 * 1024;
}

void TestProviders::tooLong()
{
    QFETCH(bool, streamed);
    QFETCH(qint64, limit);
    QFETCH(int, size);
    TestServer server;
    const QString text(size, u'x');
    if (streamed)
        server.push(stream(anthropicStream({ text }), 16 * 1024));
    else
        server.push(json(200, R"({"content":[{"type":"text","text":")" + text.toUtf8() + R"("}]})"));
    ProviderConfig c = config(ProviderKind::Anthropic, server.base());
    c.stream = streamed;
    c.maxAnswerBytes = limit;
    const auto provider = makeProvider(c, kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(run.wait());
    QCOMPARE(run.replies.size(), 1);
    QVERIFY(!run.reply().ok);
    QCOMPARE(run.reply().error, QStringLiteral("answer too long: the server sent more than %1 bytes").arg(limit));
}

void TestProviders::badBaseUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addRow("ftp") << "ftp://example.com/v1";
    QTest::addRow("file") << "file:///etc/passwd";
    QTest::addRow("no scheme") << "api.example.com";
    QTest::addRow("user info") << "https://user:secret@example.com";
    QTest::addRow("query") << "https://example.com/v1?key=x";
    QTest::addRow("spaces") << "http://exa mple.com";
}

void TestProviders::badBaseUrl()
{
    QFETCH(QString, url);
    const auto provider = makeProvider(config(ProviderKind::OpenAI, url), kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(!run.emittedInCall);
    QVERIFY(run.wait());
    QCOMPARE(run.replies.size(), 1);
    QVERIFY(!run.reply().ok);
    QVERIFY(run.reply().unreachable);
    QVERIFY2(run.reply().error.startsWith("invalid base URL"), qPrintable(run.reply().error));
}

void TestProviders::oneRequestAtATime()
{
    TestServer server;
    Canned slow = stream(anthropicStream({ "first" }), 64);
    slow.chunkDelayMs = 50;
    server.push(slow);
    ProviderConfig c = config(ProviderKind::Anthropic, server.base());
    c.stream = true;
    const auto provider = makeProvider(c, kKey);
    Runner run(*provider);
    run.start();
    run.start(); // refused, with its own finished()
    QVERIFY(!run.emittedInCall);
    QVERIFY(QTest::qWaitFor([&] { return run.replies.size() == 2; }, 10000));
    QTest::qWait(30);
    QCOMPARE(run.replies.size(), 2);
    QVERIFY(!run.replies[0].ok);
    QVERIFY(run.replies[0].error.contains("another request"));
    QVERIFY2(run.replies[1].ok, qPrintable(run.replies[1].error));
    QCOMPARE(run.replies[1].text, QStringLiteral("first"));
}

void TestProviders::destroyedWhileRunning()
{
    TestServer server;
    server.push(never());
    auto provider = makeProvider(config(ProviderKind::OpenAI, server.base()), kKey);
    Runner run(*provider);
    run.start();
    QTRY_COMPARE(server.requests.size(), 1);
    provider.reset();
    QTest::qWait(50);
    QCOMPARE(run.replies.size(), 0);

    ProviderConfig c;
    c.command = script("sleeper", "exec sleep 5\n");
    auto command = makeProvider(c, kKey);
    Runner commandRun(*command);
    commandRun.start();
    QTest::qWait(100);
    QElapsedTimer timer;
    timer.start();
    command.reset();
    QVERIFY(timer.elapsed() < 3000);
}

void TestProviders::commandStdin()
{
    // The fake agent: the prompt's first line and line count back, then its environment.
    qputenv("LMP_API_KEY", kKey.toUtf8());
    ProviderConfig c;
    c.command = "\""
        + script("agent one",
            "read first\nrest=$(cat | wc -l)\necho \"ANSWER to: $first (+$rest lines)\"\n"
            "echo \"args: $#\"\nenv\n")
        + "\" --flag \"two words\"";
    c.model = "fake-agent";
    const auto provider = makeProvider(c, kKey);
    QCOMPARE(provider->config().id(), QStringLiteral("command/fake-agent"));
    Runner run(*provider);
    run.start();
    QVERIFY(provider->isRunning());
    QVERIFY(!run.emittedInCall);
    QVERIFY(run.wait());
    QCOMPARE(run.replies.size(), 1);
    const Reply reply = run.reply();
    QVERIFY2(reply.ok, qPrintable(reply.error));
    QCOMPARE(reply.attempts, 1);
    // system + "\n\n" + prompt: two more line ends after the first line.
    QVERIFY2(reply.text.startsWith("ANSWER to: You draft formula templates. (+2 lines)\nargs: 2\n"),
        qPrintable(reply.text.left(200)));
    QVERIFY(reply.text.contains("\nPATH="));
    QVERIFY2(!reply.text.contains(kKey), "the child saw the key in its environment");
    QVERIFY(!reply.text.contains("LMP_API_KEY="));
}

void TestProviders::commandPromptFile()
{
    ProviderConfig c;
    c.command =
        script("file-agent", "echo \"file: $2\"\nls -l \"$2\" | cut -c1-10\ncat \"$2\"\n") + " -p {prompt_file}";
    const auto provider = makeProvider(c, kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(run.wait());
    QVERIFY2(run.reply().ok, qPrintable(run.reply().error));
    const QStringList lines = run.reply().text.split(u'\n');
    QVERIFY(lines.size() > 3);
    const QString path = lines[0].mid(QStringLiteral("file: ").size());
    QVERIFY2(QFileInfo(path).fileName().startsWith("lmp-prompt-"), qPrintable(path));
    QCOMPARE(lines[1], QStringLiteral("-rw-------"));
    QCOMPARE(run.reply().text.section(u'\n', 2), kSystem + "\n\n" + kPrompt);
    QVERIFY2(!QFile::exists(path), "the prompt file stays");
}

void TestProviders::commandExitCode()
{
    ProviderConfig c;
    c.command = script("failing",
        "cat >/dev/null\necho partial\necho 'error: unknown flag --x' >&2\n"
        "echo 'usage: agent [-p]' >&2\nexit 3\n");
    const auto provider = makeProvider(c, kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(run.wait());
    QCOMPARE(run.replies.size(), 1);
    QVERIFY(!run.reply().ok && !run.reply().unreachable);
    QCOMPARE(
        run.reply().error, QStringLiteral("failing exited with code 3: error: unknown flag --x / usage: agent [-p]"));
}

void TestProviders::commandMissing()
{
    ProviderConfig c;
    c.command = m_scripts.filePath("no-such-agent") + " -p";
    const auto provider = makeProvider(c, kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(!run.emittedInCall);
    QVERIFY(run.wait());
    QCOMPARE(run.replies.size(), 1);
    QVERIFY(!run.reply().ok);
    QVERIFY(run.reply().unreachable);
    QVERIFY2(run.reply().error.startsWith("could not start "), qPrintable(run.reply().error));
}

void TestProviders::commandEmpty()
{
    const auto provider = makeProvider(ProviderConfig(), kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(!run.emittedInCall);
    QVERIFY(run.wait());
    QVERIFY(run.reply().unreachable);
    QCOMPARE(run.reply().error, QStringLiteral("no command is configured"));
}

void TestProviders::commandTimeout()
{
    // A child of the script keeps the output open: the script is killed all the same.
    ProviderConfig c;
    c.command = script("sleepy", "sleep 5\necho late\n");
    c.timeoutMs = 300;
    const auto provider = makeProvider(c, kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(run.wait(5000));
    QCOMPARE(run.replies.size(), 1);
    QVERIFY(!run.reply().ok && !run.reply().cancelled);
    QCOMPARE(run.reply().error, QStringLiteral("sleepy timed out after 0.3 s"));
    QVERIFY(run.elapsedMs < 4000);
}

void TestProviders::commandCancel()
{
    ProviderConfig c;
    c.command = script("slow", "exec sleep 5\n");
    const auto provider = makeProvider(c, kKey);
    Runner run(*provider);
    run.start();
    QTest::qWait(100);
    run.cancel();
    QVERIFY(!run.emittedInCall);
    QVERIFY(run.wait(3000));
    QCOMPARE(run.replies.size(), 1);
    QVERIFY(run.reply().cancelled);
    QVERIFY(!provider->isRunning());
}

void TestProviders::commandTooLong()
{
    ProviderConfig c;
    c.command = script("chatty", "cat >/dev/null\nyes 'a long answer' | head -c 300000\n");
    c.maxAnswerBytes = 64 * 1024;
    const auto provider = makeProvider(c, kKey);
    Runner run(*provider);
    run.start();
    QVERIFY(run.wait());
    QCOMPARE(run.replies.size(), 1);
    QVERIFY(!run.reply().ok);
    QVERIFY2(run.reply().error.startsWith("answer too long"), qPrintable(run.reply().error));
}

void TestProviders::keyInNoTemporaryFile()
{
    // After all the runs above: no file left in the temporary folder holds the key, and no prompt file is left.
    QDirIterator it(m_tmp.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QVERIFY2(!QFileInfo(path).fileName().startsWith("lmp-prompt-"), qPrintable(path));
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            QVERIFY2(!f.readAll().contains(kKey.toUtf8()), qPrintable(path));
    }
}

QTEST_GUILESS_MAIN(TestProviders)
#include "tst_providers.moc"
