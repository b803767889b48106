// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Where the API keys of the HTTP providers live: the system keychain (service "LM-Predictor", accounts
// "anthropic-api-key" and "openai-api-key") or environment variables (ANTHROPIC_API_KEY, OPENAI_API_KEY, or
// LMP_API_KEY for either). Never in settings, files or logs. Every operation is asynchronous: its callback runs
// once, from the event loop (never inside the call), and not at all once its context object is gone. Hold a key
// only as long as it is needed: read it, make the provider, drop the string.

#include "agent/provider.h"

#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace lmp::agent {

// The keychain's service name ("LM-Predictor (test)" for test programs, in QStandardPaths' test mode).
inline constexpr QLatin1StringView kKeychainService("LM-Predictor");

// "anthropic-api-key", "openai-api-key"; empty for the command provider, which takes no key.
QString keyAccount(ProviderKind kind);
// The environment variables a key of the kind is read from, in order: {"ANTHROPIC_API_KEY", "LMP_API_KEY"}.
QStringList keyVariables(ProviderKind kind);

struct KeyResult
{
    bool ok = false;
    QString key; // a read's key (ok); empty otherwise, never in an error
    bool notFound = false; // a read found no key (not a failure of the store itself)
    QString error; // why not: "no ANTHROPIC_API_KEY or LMP_API_KEY in the environment", "keychain: ..."
    QString source; // where the key was or went: "the environment (ANTHROPIC_API_KEY)", "the system keychain"
};

class KeyStore : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const KeyResult& result)>;

    explicit KeyStore(QObject* parent = nullptr)
        : QObject(parent)
    { }

    // "environment", "system keychain"
    virtual QString name() const = 0;
    virtual bool canWrite() const = 0;
    // done(result) later, from the event loop, if context is still alive.
    virtual void readKey(ProviderKind kind, const QObject* context, Callback done) = 0;
    virtual void writeKey(ProviderKind kind, const QString& key, const QObject* context, Callback done) = 0;
    virtual void deleteKey(ProviderKind kind, const QObject* context, Callback done) = 0;

protected:
    // Runs done(result) from the event loop if context is still alive.
    static void answer(const QObject* context, Callback done, KeyResult result);
};

// Reads ANTHROPIC_API_KEY / OPENAI_API_KEY, then LMP_API_KEY, from the process environment when asked (or from the
// environment given). Cannot write or delete.
class EnvironmentKeyStore final : public KeyStore
{
    Q_OBJECT
public:
    explicit EnvironmentKeyStore(QObject* parent = nullptr);
    EnvironmentKeyStore(QProcessEnvironment environment, QObject* parent);

    QString name() const override { return QStringLiteral("environment"); }
    bool canWrite() const override { return false; }
    void readKey(ProviderKind kind, const QObject* context, Callback done) override;
    void writeKey(ProviderKind kind, const QString& key, const QObject* context, Callback done) override;
    void deleteKey(ProviderKind kind, const QObject* context, Callback done) override;

private:
    std::optional<QProcessEnvironment> m_environment; // none: the process's, read at each call
};

// The system keychain through QtKeychain (Secret Service, KWallet, macOS Keychain, Windows Credential Store). On a
// machine without one (headless, no D-Bus session) every job fails quickly with the backend's message.
class KeychainKeyStore final : public KeyStore
{
    Q_OBJECT
public:
    // service: the keychain's service name (tests use their own).
    explicit KeychainKeyStore(QObject* parent = nullptr);
    KeychainKeyStore(const QString& service, QObject* parent);

    QString name() const override { return QStringLiteral("system keychain"); }
    bool canWrite() const override { return true; }
    void readKey(ProviderKind kind, const QObject* context, Callback done) override;
    void writeKey(ProviderKind kind, const QString& key, const QObject* context, Callback done) override;
    void deleteKey(ProviderKind kind, const QObject* context, Callback done) override;

private:
    QString m_service;
};

// Stores tried in order: a read answers with the first key found (the environment before the keychain); a write
// goes to the first store that can write; a delete to every store that can.
class ChainKeyStore final : public KeyStore
{
    Q_OBJECT
public:
    // The stores become children of the chain.
    ChainKeyStore(std::vector<KeyStore*> stores, QObject* parent = nullptr);

    QString name() const override;
    bool canWrite() const override;
    void readKey(ProviderKind kind, const QObject* context, Callback done) override;
    void writeKey(ProviderKind kind, const QString& key, const QObject* context, Callback done) override;
    void deleteKey(ProviderKind kind, const QObject* context, Callback done) override;

private:
    void readFrom(std::size_t index, ProviderKind kind, QPointer<const QObject> context, Callback done,
        QStringList errors, bool anyError);
    void deleteFrom(
        std::size_t index, ProviderKind kind, QPointer<const QObject> context, Callback done, QStringList errors);

    std::vector<KeyStore*> m_stores;
};

// The environment first, then the system keychain.
std::unique_ptr<KeyStore> makeKeyStore(QObject* parent = nullptr);

} // namespace lmp::agent
