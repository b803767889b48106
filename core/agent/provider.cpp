// SPDX-License-Identifier: GPL-3.0-or-later
#include "provider.h"

#include "providers.h"

#include <QFileInfo>
#include <QMetaObject>
#include <QProcess>

#include <utility>

namespace lmp::agent {

QString providerKindName(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::Command:
        return QStringLiteral("command");
    case ProviderKind::Anthropic:
        return QStringLiteral("anthropic");
    case ProviderKind::OpenAI:
        return QStringLiteral("openai");
    }
    return QString();
}

std::optional<ProviderKind> providerKindFromName(const QString& name)
{
    for (const ProviderKind kind : { ProviderKind::Command, ProviderKind::Anthropic, ProviderKind::OpenAI }) {
        if (name.compare(providerKindName(kind), Qt::CaseInsensitive) == 0)
            return kind;
    }
    return std::nullopt;
}

QString ProviderConfig::id() const
{
    QString label = model.trimmed();
    if (label.isEmpty() && kind == ProviderKind::Command) {
        const QStringList words = QProcess::splitCommand(command);
        if (!words.isEmpty())
            label = QFileInfo(words.front()).fileName();
    }
    return label.isEmpty() ? providerKindName(kind) : providerKindName(kind) + u'/' + label;
}

std::unique_ptr<Provider> makeProvider(const ProviderConfig& config, const QString& apiKey, QObject* parent)
{
    switch (config.kind) {
    case ProviderKind::Command:
        return std::make_unique<CommandProvider>(config, parent);
    case ProviderKind::Anthropic:
        return std::make_unique<AnthropicProvider>(config, apiKey, parent);
    case ProviderKind::OpenAI:
        return std::make_unique<OpenAIProvider>(config, apiKey, parent);
    }
    return nullptr;
}

// ProviderBase

ProviderBase::ProviderBase(ProviderConfig config, QString secret, QObject* parent)
    : Provider(std::move(config), parent)
    , m_secret(std::move(secret))
{ }

ProviderBase::~ProviderBase() = default;

void ProviderBase::start(const Request& request)
{
    if (m_running) {
        // The running request goes on; this start() gets its own finished().
        const Reply refused = failure(QStringLiteral("another request of this provider is running"), 0);
        QMetaObject::invokeMethod(
            this, [this, refused] { Q_EMIT finished(refused); }, Qt::QueuedConnection);
        return;
    }
    m_running = true;
    m_completing = false;
    m_result = Reply();
    begin(request);
}

void ProviderBase::cancel()
{
    if (!m_running)
        return;
    Reply cancelled = failure(QStringLiteral("cancelled"), m_completing ? m_result.attempts : 0);
    cancelled.cancelled = true;
    if (m_completing) {
        // The answer is queued but not delivered: it is not wanted any more.
        m_result = cancelled;
        return;
    }
    stop();
    complete(cancelled);
}

void ProviderBase::complete(Reply reply)
{
    if (!m_running || m_completing)
        return;
    m_completing = true;
    reply.error = redacted(reply.error);
    m_result = std::move(reply);
    QMetaObject::invokeMethod(
        this,
        [this] {
            const Reply result = std::exchange(m_result, Reply());
            m_running = false;
            m_completing = false;
            Q_EMIT finished(result); // last: a receiver may delete this provider
        },
        Qt::QueuedConnection);
}

void ProviderBase::report(const QString& message)
{
    Q_EMIT progress(redacted(message));
}

QString ProviderBase::redacted(QString text) const
{
    if (!m_secret.isEmpty())
        text.replace(m_secret, QStringLiteral("[key]"));
    return text;
}

QString ProviderBase::timeoutText(int ms)
{
    const QString seconds = ms % 1000 == 0 ? QString::number(ms / 1000) : QString::number(ms / 1000.0, 'g', 3);
    return QStringLiteral("timed out after %1 s").arg(seconds);
}

Reply ProviderBase::failure(const QString& error, int attempts, bool unreachable)
{
    Reply reply;
    reply.error = error;
    reply.attempts = attempts;
    reply.unreachable = unreachable;
    return reply;
}

} // namespace lmp::agent
