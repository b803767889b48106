// SPDX-License-Identifier: GPL-3.0-or-later
#include "keystore.h"

#include <QStandardPaths>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <algorithm>
#include <utility>

namespace lmp::agent {

namespace {

KeyResult failed(const QString& error, bool notFound = false)
{
    KeyResult result;
    result.error = error;
    result.notFound = notFound;
    return result;
}

QString noKeyForCommand()
{
    return QStringLiteral("the command provider takes no API key");
}

// The keychain backend's message, with the key (if it were ever there) taken out.
QString keychainError(const QKeychain::Job* job, const QString& key)
{
    QString message = job->errorString().simplified();
    if (!key.isEmpty())
        message.replace(key, QStringLiteral("[key]"));
    QString what;
    switch (job->error()) {
    case QKeychain::NoBackendAvailable:
        what = QStringLiteral("no keychain service is available");
        break;
    case QKeychain::AccessDeniedByUser:
        what = QStringLiteral("access denied by the user");
        break;
    case QKeychain::AccessDenied:
        what = QStringLiteral("access denied");
        break;
    case QKeychain::CouldNotDeleteEntry:
        what = QStringLiteral("could not delete the key");
        break;
    case QKeychain::NotImplemented:
        what = QStringLiteral("not supported here");
        break;
    case QKeychain::NoError:
    case QKeychain::EntryNotFound:
    case QKeychain::OtherError:
        break;
    }
    // QtKeychain says "Unknown error" where the backend said nothing more.
    if (message.compare(QStringLiteral("Unknown error"), Qt::CaseInsensitive) == 0)
        message.clear();
    if (what.isEmpty() && message.isEmpty())
        what = QStringLiteral("failed without a message from the keychain service (error %1)").arg(int(job->error()));
    return QStringLiteral("system keychain: ")
        + (what.isEmpty()           ? message
                : message.isEmpty() ? what
                                    : what + QStringLiteral(" (") + message + u')');
}

} // namespace

QString keyAccount(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::Anthropic:
        return QStringLiteral("anthropic-api-key");
    case ProviderKind::OpenAI:
        return QStringLiteral("openai-api-key");
    case ProviderKind::Command:
        break;
    }
    return QString();
}

QStringList keyVariables(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::Anthropic:
        return { QStringLiteral("ANTHROPIC_API_KEY"), QStringLiteral("LMP_API_KEY") };
    case ProviderKind::OpenAI:
        return { QStringLiteral("OPENAI_API_KEY"), QStringLiteral("LMP_API_KEY") };
    case ProviderKind::Command:
        break;
    }
    return {};
}

void KeyStore::answer(const QObject* context, Callback done, KeyResult result)
{
    if (!context || !done)
        return;
    QTimer::singleShot(0, context, [done = std::move(done), result = std::move(result)] { done(result); });
}

// EnvironmentKeyStore

EnvironmentKeyStore::EnvironmentKeyStore(QObject* parent)
    : KeyStore(parent)
{ }

EnvironmentKeyStore::EnvironmentKeyStore(QProcessEnvironment environment, QObject* parent)
    : KeyStore(parent)
    , m_environment(std::move(environment))
{ }

void EnvironmentKeyStore::readKey(ProviderKind kind, const QObject* context, Callback done)
{
    const QStringList variables = keyVariables(kind);
    if (variables.isEmpty()) {
        answer(context, std::move(done), failed(noKeyForCommand(), true));
        return;
    }
    for (const QString& variable : variables) {
        QString value = m_environment ? m_environment->value(variable) : qEnvironmentVariable(qPrintable(variable));
        value = value.trimmed();
        if (value.isEmpty())
            continue;
        KeyResult result;
        result.ok = true;
        result.key = std::move(value);
        result.source = QStringLiteral("the environment (%1)").arg(variable);
        answer(context, std::move(done), std::move(result));
        return;
    }
    answer(context, std::move(done),
        failed(QStringLiteral("no %1 in the environment").arg(variables.join(QStringLiteral(" or "))), true));
}

void EnvironmentKeyStore::writeKey(ProviderKind kind, const QString& key, const QObject* context, Callback done)
{
    Q_UNUSED(kind)
    Q_UNUSED(key)
    answer(context, std::move(done), failed(QStringLiteral("the environment cannot store a key")));
}

void EnvironmentKeyStore::deleteKey(ProviderKind kind, const QObject* context, Callback done)
{
    Q_UNUSED(kind)
    answer(context, std::move(done), failed(QStringLiteral("the environment cannot delete a key")));
}

// KeychainKeyStore

KeychainKeyStore::KeychainKeyStore(QObject* parent)
    // Test programs (QStandardPaths' test mode) use a service of their own: they never touch the user's keys.
    : KeychainKeyStore(QStandardPaths::isTestModeEnabled() ? QString(kKeychainService) + QStringLiteral(" (test)")
                                                           : QString(kKeychainService),
        parent)
{ }

KeychainKeyStore::KeychainKeyStore(const QString& service, QObject* parent)
    : KeyStore(parent)
    , m_service(service)
{ }

void KeychainKeyStore::readKey(ProviderKind kind, const QObject* context, Callback done)
{
    const QString account = keyAccount(kind);
    if (account.isEmpty()) {
        answer(context, std::move(done), failed(noKeyForCommand(), true));
        return;
    }
    auto* job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(account);
    QPointer<const QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this, [guard, done = std::move(done)](QKeychain::Job* finished) {
        auto* read = static_cast<QKeychain::ReadPasswordJob*>(finished);
        KeyResult result;
        if (read->error() == QKeychain::NoError) {
            result.key = read->textData().trimmed();
            result.ok = !result.key.isEmpty();
            result.notFound = !result.ok;
            result.source = QStringLiteral("the system keychain");
            if (!result.ok)
                result.error = QStringLiteral("the key in the system keychain is empty");
        } else if (read->error() == QKeychain::EntryNotFound) {
            result = failed(QStringLiteral("no key in the system keychain"), true);
        } else {
            result = failed(keychainError(read, QString()));
        }
        answer(guard.data(), done, std::move(result));
    });
    job->start();
}

void KeychainKeyStore::writeKey(ProviderKind kind, const QString& key, const QObject* context, Callback done)
{
    const QString account = keyAccount(kind);
    if (account.isEmpty()) {
        answer(context, std::move(done), failed(noKeyForCommand()));
        return;
    }
    if (key.trimmed().isEmpty()) {
        answer(context, std::move(done), failed(QStringLiteral("the key is empty")));
        return;
    }
    auto* job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(account);
    job->setTextData(key.trimmed());
    QPointer<const QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this,
        [guard, done = std::move(done), key = key.trimmed()](QKeychain::Job* finished) {
            KeyResult result;
            if (finished->error() == QKeychain::NoError) {
                result.ok = true;
                result.source = QStringLiteral("the system keychain");
            } else {
                result = failed(keychainError(finished, key));
            }
            answer(guard.data(), done, std::move(result));
        });
    job->start();
}

void KeychainKeyStore::deleteKey(ProviderKind kind, const QObject* context, Callback done)
{
    const QString account = keyAccount(kind);
    if (account.isEmpty()) {
        answer(context, std::move(done), failed(noKeyForCommand()));
        return;
    }
    auto* job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(account);
    QPointer<const QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this, [guard, done = std::move(done)](QKeychain::Job* finished) {
        KeyResult result;
        if (finished->error() == QKeychain::NoError || finished->error() == QKeychain::EntryNotFound) {
            result.ok = true;
            result.source = QStringLiteral("the system keychain");
        } else {
            result = failed(keychainError(finished, QString()));
        }
        answer(guard.data(), done, std::move(result));
    });
    job->start();
}

// ChainKeyStore

ChainKeyStore::ChainKeyStore(std::vector<KeyStore*> stores, QObject* parent)
    : KeyStore(parent)
    , m_stores(std::move(stores))
{
    for (KeyStore* store : m_stores)
        store->setParent(this);
}

QString ChainKeyStore::name() const
{
    QStringList names;
    for (const KeyStore* store : m_stores)
        names.append(store->name());
    return names.join(QStringLiteral(", then "));
}

bool ChainKeyStore::canWrite() const
{
    return std::any_of(m_stores.begin(), m_stores.end(), [](const KeyStore* store) { return store->canWrite(); });
}

void ChainKeyStore::readKey(ProviderKind kind, const QObject* context, Callback done)
{
    readFrom(0, kind, QPointer<const QObject>(context), std::move(done), {}, false);
}

void ChainKeyStore::readFrom(std::size_t index, ProviderKind kind, QPointer<const QObject> context, Callback done,
    QStringList errors, bool anyError)
{
    if (!context)
        return;
    if (index == m_stores.size()) {
        KeyResult result =
            failed(errors.isEmpty() ? QStringLiteral("no key") : errors.join(QStringLiteral("; ")), !anyError);
        answer(context.data(), std::move(done), std::move(result));
        return;
    }
    m_stores[index]->readKey(kind, this,
        [this, index, kind, context, done = std::move(done), errors, anyError](const KeyResult& result) mutable {
            if (result.ok) {
                if (context && done)
                    done(result);
                return;
            }
            errors.append(result.error);
            readFrom(index + 1, kind, context, std::move(done), std::move(errors), anyError || !result.notFound);
        });
}

void ChainKeyStore::writeKey(ProviderKind kind, const QString& key, const QObject* context, Callback done)
{
    for (KeyStore* store : m_stores) {
        if (store->canWrite()) {
            store->writeKey(kind, key, context, std::move(done));
            return;
        }
    }
    answer(context, std::move(done), failed(QStringLiteral("no key store here can store a key")));
}

void ChainKeyStore::deleteKey(ProviderKind kind, const QObject* context, Callback done)
{
    if (!canWrite()) {
        answer(context, std::move(done), failed(QStringLiteral("no key store here can delete a key")));
        return;
    }
    deleteFrom(0, kind, QPointer<const QObject>(context), std::move(done), {});
}

void ChainKeyStore::deleteFrom(
    std::size_t index, ProviderKind kind, QPointer<const QObject> context, Callback done, QStringList errors)
{
    if (!context)
        return;
    while (index < m_stores.size() && !m_stores[index]->canWrite())
        ++index;
    if (index == m_stores.size()) {
        KeyResult result = errors.isEmpty() ? KeyResult { true, QString(), false, QString(), name() }
                                            : failed(errors.join(QStringLiteral("; ")));
        answer(context.data(), std::move(done), std::move(result));
        return;
    }
    m_stores[index]->deleteKey(
        kind, this, [this, index, kind, context, done = std::move(done), errors](const KeyResult& result) mutable {
            if (!result.ok)
                errors.append(result.error);
            deleteFrom(index + 1, kind, context, std::move(done), std::move(errors));
        });
}

std::unique_ptr<KeyStore> makeKeyStore(QObject* parent)
{
    return std::make_unique<ChainKeyStore>(
        std::vector<KeyStore*> { new EnvironmentKeyStore, new KeychainKeyStore }, parent);
}

} // namespace lmp::agent
