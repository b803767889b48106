// SPDX-License-Identifier: GPL-3.0-or-later
// Where API keys come from: the environment, the system keychain (on this headless machine: a quick, clean
// failure), and the chain that asks the environment first. A fake store stands in for a working keychain.

#include "agent/keystore.h"

#include <QElapsedTimer>
#include <QHash>
#include <QTest>

#include <optional>
#include <utility>

using namespace lmp::agent;

namespace {

const QString kKey = QStringLiteral("sk-test-NEVER-LOG-ME-123");

QStringList g_messages;
QtMessageHandler g_previousHandler = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    g_messages.append(message);
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

// An in-memory keychain that answers from the event loop, like the real one; it can be told to fail.
class FakeKeyStore final : public KeyStore
{
public:
    using KeyStore::KeyStore;

    QString name() const override { return QStringLiteral("fake keychain"); }
    bool canWrite() const override { return true; }
    void readKey(ProviderKind kind, const QObject* context, Callback done) override
    {
        ++reads;
        KeyResult result;
        if (!failure.isEmpty()) {
            result.error = failure;
        } else if (keys.contains(kind)) {
            result.ok = true;
            result.key = keys.value(kind);
            result.source = name();
        } else {
            result.notFound = true;
            result.error = QStringLiteral("no key in the fake keychain");
        }
        answer(context, std::move(done), result);
    }
    void writeKey(ProviderKind kind, const QString& key, const QObject* context, Callback done) override
    {
        keys.insert(kind, key);
        KeyResult result;
        result.ok = true;
        answer(context, std::move(done), result);
    }
    void deleteKey(ProviderKind kind, const QObject* context, Callback done) override
    {
        keys.remove(kind);
        KeyResult result;
        result.ok = true;
        answer(context, std::move(done), result);
    }

    QHash<ProviderKind, QString> keys;
    QString failure;
    int reads = 0;
};

// Waits for one answer; checks that it did not come inside the call.
class Waiter : public QObject
{
public:
    KeyStore::Callback callback()
    {
        return [this](const KeyResult& r) {
            ++count;
            result = r;
        };
    }
    bool wait(int ms = 5000)
    {
        const bool arrived = QTest::qWaitFor([this] { return count > 0; }, ms);
        QTest::qWait(20);
        return arrived && count == 1;
    }
    int count = 0;
    KeyResult result;
};

QProcessEnvironment environment(const QList<std::pair<QString, QString>>& variables)
{
    QProcessEnvironment env;
    for (const auto& [name, value] : variables)
        env.insert(name, value);
    return env;
}

} // namespace

class TestKeyStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void names();
    void environmentReads_data();
    void environmentReads();
    void environmentOfTheProcess();
    void environmentCannotWrite();
    void answerAfterContextGone();
    void keychainFailsQuickly();
    void chainPrefersEnvironment();
    void chainFallsBack();
    void chainNothing();
    void chainWritesAndDeletes();
    void defaultChain();
};

void TestKeyStore::initTestCase()
{
    g_previousHandler = qInstallMessageHandler(recordMessage);
}

void TestKeyStore::cleanup()
{
    qunsetenv("ANTHROPIC_API_KEY");
    qunsetenv("OPENAI_API_KEY");
    qunsetenv("LMP_API_KEY");
    const QStringList messages = std::exchange(g_messages, QStringList());
    for (const QString& message : messages)
        QVERIFY2(!message.contains(kKey), "the key leaked into a log message");
}

void TestKeyStore::names()
{
    QCOMPARE(QString(kKeychainService), QStringLiteral("LM-Predictor"));
    QCOMPARE(keyAccount(ProviderKind::Anthropic), QStringLiteral("anthropic-api-key"));
    QCOMPARE(keyAccount(ProviderKind::OpenAI), QStringLiteral("openai-api-key"));
    QVERIFY(keyAccount(ProviderKind::Command).isEmpty());
    QCOMPARE(keyVariables(ProviderKind::Anthropic), QStringList({ "ANTHROPIC_API_KEY", "LMP_API_KEY" }));
    QCOMPARE(keyVariables(ProviderKind::OpenAI), QStringList({ "OPENAI_API_KEY", "LMP_API_KEY" }));
}

void TestKeyStore::environmentReads_data()
{
    QTest::addColumn<QString>("anthropic");
    QTest::addColumn<QString>("openai");
    QTest::addColumn<QString>("lmp");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("key"); // empty: not found
    QTest::addColumn<QString>("source");
    QTest::addRow("anthropic") << "sk-ant"
                               << "sk-oai"
                               << "sk-lmp" << int(ProviderKind::Anthropic) << "sk-ant"
                               << "the environment (ANTHROPIC_API_KEY)";
    QTest::addRow("openai") << "sk-ant"
                            << "sk-oai"
                            << "sk-lmp" << int(ProviderKind::OpenAI) << "sk-oai"
                            << "the environment (OPENAI_API_KEY)";
    QTest::addRow("lmp for anthropic") << ""
                                       << "sk-oai"
                                       << "sk-lmp" << int(ProviderKind::Anthropic) << "sk-lmp"
                                       << "the environment (LMP_API_KEY)";
    QTest::addRow("lmp for openai") << "sk-ant"
                                    << ""
                                    << "sk-lmp" << int(ProviderKind::OpenAI) << "sk-lmp"
                                    << "the environment (LMP_API_KEY)";
    QTest::addRow("blank is none") << "  "
                                   << ""
                                   << "" << int(ProviderKind::Anthropic) << ""
                                   << "";
    QTest::addRow("trimmed") << " sk-ant\n"
                             << ""
                             << "" << int(ProviderKind::Anthropic) << "sk-ant"
                             << "the environment (ANTHROPIC_API_KEY)";
    QTest::addRow("command") << "sk-ant"
                             << "sk-oai"
                             << "sk-lmp" << int(ProviderKind::Command) << ""
                             << "";
}

void TestKeyStore::environmentReads()
{
    QFETCH(QString, anthropic);
    QFETCH(QString, openai);
    QFETCH(QString, lmp);
    QFETCH(int, kind);
    QFETCH(QString, key);
    QFETCH(QString, source);
    EnvironmentKeyStore store(
        environment({ { "ANTHROPIC_API_KEY", anthropic }, { "OPENAI_API_KEY", openai }, { "LMP_API_KEY", lmp } }),
        nullptr);
    QCOMPARE(store.name(), QStringLiteral("environment"));
    QVERIFY(!store.canWrite());
    Waiter waiter;
    store.readKey(ProviderKind(kind), &waiter, waiter.callback());
    QCOMPARE(waiter.count, 0); // never inside the call
    QVERIFY(waiter.wait());
    QCOMPARE(waiter.result.ok, !key.isEmpty());
    QCOMPARE(waiter.result.key, key);
    QCOMPARE(waiter.result.source, source);
    QCOMPARE(waiter.result.notFound, key.isEmpty());
    QCOMPARE(waiter.result.error.isEmpty(), !key.isEmpty());
}

void TestKeyStore::environmentOfTheProcess()
{
    EnvironmentKeyStore store;
    Waiter none;
    store.readKey(ProviderKind::OpenAI, &none, none.callback());
    QVERIFY(none.wait());
    QVERIFY(!none.result.ok);
    QVERIFY(none.result.notFound);
    QCOMPARE(none.result.error, QStringLiteral("no OPENAI_API_KEY or LMP_API_KEY in the environment"));

    // Read when asked, not when made.
    qputenv("OPENAI_API_KEY", kKey.toUtf8());
    Waiter waiter;
    store.readKey(ProviderKind::OpenAI, &waiter, waiter.callback());
    QVERIFY(waiter.wait());
    QVERIFY(waiter.result.ok);
    QCOMPARE(waiter.result.key, kKey);
}

void TestKeyStore::environmentCannotWrite()
{
    EnvironmentKeyStore store;
    Waiter write;
    store.writeKey(ProviderKind::Anthropic, kKey, &write, write.callback());
    QVERIFY(write.wait());
    QVERIFY(!write.result.ok);
    QVERIFY(!write.result.error.contains(kKey));
    Waiter remove;
    store.deleteKey(ProviderKind::Anthropic, &remove, remove.callback());
    QVERIFY(remove.wait());
    QVERIFY(!remove.result.ok);
}

void TestKeyStore::answerAfterContextGone()
{
    EnvironmentKeyStore store(environment({ { "ANTHROPIC_API_KEY", "sk-ant" } }), nullptr);
    int calls = 0;
    {
        QObject context;
        store.readKey(ProviderKind::Anthropic, &context, [&calls](const KeyResult&) { ++calls; });
    }
    QTest::qWait(50);
    QCOMPARE(calls, 0);

    auto* chain = new ChainKeyStore({ new EnvironmentKeyStore(environment({}), nullptr), new FakeKeyStore });
    std::unique_ptr<ChainKeyStore> owner(chain);
    {
        QObject context;
        chain->readKey(ProviderKind::Anthropic, &context, [&calls](const KeyResult&) { ++calls; });
    }
    QTest::qWait(50);
    QCOMPARE(calls, 0);
}

void TestKeyStore::keychainFailsQuickly()
{
    // This machine has no keychain service (no D-Bus session, or no Secret Service on it): every job fails fast
    // with the backend's message. On a desktop with a keychain, the test's own service name is written, read back
    // and deleted.
    KeychainKeyStore store(QStringLiteral("LM-Predictor-test"), nullptr);
    QCOMPARE(store.name(), QStringLiteral("system keychain"));
    QVERIFY(store.canWrite());
    QElapsedTimer timer;
    timer.start();

    Waiter write;
    store.writeKey(ProviderKind::Anthropic, kKey, &write, write.callback());
    QCOMPARE(write.count, 0);
    QVERIFY2(write.wait(5000), "the keychain job did not answer within 5 s");
    QVERIFY(!write.result.error.contains(kKey));
    QVERIFY(write.result.key.isEmpty());

    Waiter read;
    store.readKey(ProviderKind::Anthropic, &read, read.callback());
    QVERIFY2(read.wait(5000), "the keychain job did not answer within 5 s");
    QVERIFY(!read.result.error.contains(kKey));
    if (write.result.ok) {
        QVERIFY(read.result.ok);
        QCOMPARE(read.result.key, kKey);
        Waiter remove;
        store.deleteKey(ProviderKind::Anthropic, &remove, remove.callback());
        QVERIFY(remove.wait(5000));
        QVERIFY(remove.result.ok);
    } else {
        qInfo("keychain unavailable here: %s", qPrintable(write.result.error));
        QVERIFY(write.result.error.startsWith("system keychain: "));
        QVERIFY(write.result.error.size() > QStringLiteral("system keychain: ").size());
        QVERIFY(!read.result.ok);
        QVERIFY(!read.result.error.isEmpty());
    }
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));

    Waiter command;
    store.readKey(ProviderKind::Command, &command, command.callback());
    QVERIFY(command.wait());
    QVERIFY(!command.result.ok);
    QVERIFY(command.result.notFound);
}

void TestKeyStore::chainPrefersEnvironment()
{
    auto* keychain = new FakeKeyStore;
    keychain->keys.insert(ProviderKind::Anthropic, QStringLiteral("from-keychain"));
    ChainKeyStore chain({ new EnvironmentKeyStore(environment({ { "ANTHROPIC_API_KEY", kKey } }), nullptr), keychain });
    QCOMPARE(chain.name(), QStringLiteral("environment, then fake keychain"));
    Waiter waiter;
    chain.readKey(ProviderKind::Anthropic, &waiter, waiter.callback());
    QCOMPARE(waiter.count, 0);
    QVERIFY(waiter.wait());
    QVERIFY(waiter.result.ok);
    QCOMPARE(waiter.result.key, kKey);
    QCOMPARE(waiter.result.source, QStringLiteral("the environment (ANTHROPIC_API_KEY)"));
    QCOMPARE(keychain->reads, 0);
}

void TestKeyStore::chainFallsBack()
{
    auto* keychain = new FakeKeyStore;
    keychain->keys.insert(ProviderKind::OpenAI, QStringLiteral("from-keychain"));
    ChainKeyStore chain({ new EnvironmentKeyStore(environment({ { "ANTHROPIC_API_KEY", kKey } }), nullptr), keychain });
    Waiter waiter;
    chain.readKey(ProviderKind::OpenAI, &waiter, waiter.callback());
    QVERIFY(waiter.wait());
    QVERIFY(waiter.result.ok);
    QCOMPARE(waiter.result.key, QStringLiteral("from-keychain"));
    QCOMPARE(keychain->reads, 1);
}

void TestKeyStore::chainNothing()
{
    auto* keychain = new FakeKeyStore;
    ChainKeyStore chain({ new EnvironmentKeyStore(environment({}), nullptr), keychain });
    Waiter none;
    chain.readKey(ProviderKind::Anthropic, &none, none.callback());
    QVERIFY(none.wait());
    QVERIFY(!none.result.ok);
    QVERIFY(none.result.notFound);
    QCOMPARE(none.result.error,
        QStringLiteral("no ANTHROPIC_API_KEY or LMP_API_KEY in the environment; no key in the fake keychain"));

    // A keychain that fails is a failure, not "no key".
    keychain->failure = QStringLiteral("system keychain: Cannot autolaunch D-Bus without X11 $DISPLAY");
    Waiter failed;
    chain.readKey(ProviderKind::Anthropic, &failed, failed.callback());
    QVERIFY(failed.wait());
    QVERIFY(!failed.result.ok);
    QVERIFY(!failed.result.notFound);
    QVERIFY(failed.result.error.endsWith("Cannot autolaunch D-Bus without X11 $DISPLAY"));
}

void TestKeyStore::chainWritesAndDeletes()
{
    auto* keychain = new FakeKeyStore;
    ChainKeyStore chain({ new EnvironmentKeyStore(environment({}), nullptr), keychain });
    QVERIFY(chain.canWrite());
    Waiter write;
    chain.writeKey(ProviderKind::OpenAI, kKey, &write, write.callback());
    QCOMPARE(write.count, 0);
    QVERIFY(write.wait());
    QVERIFY(write.result.ok);
    QCOMPARE(keychain->keys.value(ProviderKind::OpenAI), kKey);

    Waiter read;
    chain.readKey(ProviderKind::OpenAI, &read, read.callback());
    QVERIFY(read.wait());
    QCOMPARE(read.result.key, kKey);

    Waiter remove;
    chain.deleteKey(ProviderKind::OpenAI, &remove, remove.callback());
    QCOMPARE(remove.count, 0);
    QVERIFY(remove.wait());
    QVERIFY(remove.result.ok);
    QVERIFY(keychain->keys.isEmpty());

    ChainKeyStore readOnly({ new EnvironmentKeyStore(environment({}), nullptr) });
    QVERIFY(!readOnly.canWrite());
    Waiter refused;
    readOnly.writeKey(ProviderKind::OpenAI, kKey, &refused, refused.callback());
    QVERIFY(refused.wait());
    QVERIFY(!refused.result.ok);
    Waiter notDeleted;
    readOnly.deleteKey(ProviderKind::OpenAI, &notDeleted, notDeleted.callback());
    QVERIFY(notDeleted.wait());
    QVERIFY(!notDeleted.result.ok);
}

void TestKeyStore::defaultChain()
{
    const auto store = makeKeyStore();
    QCOMPARE(store->name(), QStringLiteral("environment, then system keychain"));
    QVERIFY(store->canWrite());
    qputenv("LMP_API_KEY", kKey.toUtf8());
    Waiter waiter;
    store->readKey(ProviderKind::Anthropic, &waiter, waiter.callback());
    QVERIFY(waiter.wait());
    QVERIFY(waiter.result.ok);
    QCOMPARE(waiter.result.key, kKey);
}

QTEST_GUILESS_MAIN(TestKeyStore)
#include "tst_keystore.moc"
