// SPDX-License-Identifier: GPL-3.0-or-later
// The command provider: a program run per request, never through a shell.

#include "providers.h"

#include <QDir>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QTemporaryFile>
#include <QTimer>

#include <utility>

namespace lmp::agent {

namespace {

// The argument replaced by the path of the file holding the prompt.
const QString kPromptFileArgument = QStringLiteral("{prompt_file}");
// Environment variables this program reads keys from that the child never needs: the provider-specific ones
// (ANTHROPIC_API_KEY, OPENAI_API_KEY) stay, a coding agent may use them itself.
const char* const kPrivateVariables[] = { "LMP_API_KEY" };
// stderr lines quoted in an error.
constexpr int kStderrLines = 5;
constexpr int kStderrChars = 600;

} // namespace

CommandProvider::CommandProvider(ProviderConfig config, QObject* parent)
    : ProviderBase(std::move(config), QString(), parent)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &CommandProvider::timedOut);
}

CommandProvider::~CommandProvider()
{
    discard();
}

void CommandProvider::begin(const Request& request)
{
    m_stdout.clear();
    m_stderr.clear();
    QStringList arguments = QProcess::splitCommand(m_config.command);
    if (arguments.isEmpty()) {
        complete(failure(QStringLiteral("no command is configured"), 1, true));
        return;
    }
    m_program = arguments.takeFirst();

    QByteArray prompt = request.prompt.toUtf8();
    if (!request.system.isEmpty())
        prompt = request.system.toUtf8() + "\n\n" + prompt;

    bool toStdin = true;
    for (QString& argument : arguments) {
        if (argument != kPromptFileArgument)
            continue;
        if (!m_promptFile) {
            m_promptFile =
                std::make_unique<QTemporaryFile>(QDir::tempPath() + QStringLiteral("/lmp-prompt-XXXXXX.txt"));
            const bool written = m_promptFile->open()
                && m_promptFile->setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
                && m_promptFile->write(prompt) == prompt.size() && m_promptFile->flush();
            if (!written) {
                const QString why = m_promptFile->errorString();
                m_promptFile.reset();
                complete(failure(QStringLiteral("could not write the prompt file: %1").arg(why), 1));
                return;
            }
            m_promptFile->close();
        }
        argument = m_promptFile->fileName();
        toStdin = false;
    }

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char* name : kPrivateVariables)
        environment.remove(QString::fromLatin1(name));

    m_process = new QProcess(this);
    m_process->setProcessEnvironment(environment);
    connect(m_process, &QProcess::readyReadStandardOutput, this, &CommandProvider::readStdout);
    connect(m_process, &QProcess::readyReadStandardError, this, &CommandProvider::readStderr);
    connect(m_process, &QProcess::finished, this, &CommandProvider::processFinished);
    connect(m_process, &QProcess::errorOccurred, this, &CommandProvider::processError);
    m_sinceProgress.start();
    report(QStringLiteral("running %1").arg(QFileInfo(m_program).fileName()));
    m_process->start(m_program, arguments);
    // Buffered until the program runs; the end of the input either way, so that a reader of stdin never waits.
    if (toStdin)
        m_process->write(prompt);
    m_process->closeWriteChannel();
    if (m_config.timeoutMs > 0)
        m_timer->start(m_config.timeoutMs);
}

void CommandProvider::stop()
{
    discard();
}

void CommandProvider::readStdout()
{
    if (!m_process)
        return;
    m_stdout += m_process->readAllStandardOutput();
    if (m_stdout.size() > m_config.maxAnswerBytes) {
        const qint64 limit = m_config.maxAnswerBytes;
        discard();
        complete(failure(QStringLiteral("answer too long: %1 printed more than %2 bytes")
                             .arg(QFileInfo(m_program).fileName())
                             .arg(limit),
            1));
        return;
    }
    if (m_sinceProgress.elapsed() >= 1000) {
        m_sinceProgress.restart();
        report(QStringLiteral("%1 kB received").arg(m_stdout.size() / 1000));
    }
}

void CommandProvider::readStderr()
{
    if (!m_process)
        return;
    const QByteArray bytes = m_process->readAllStandardError();
    m_stderr += bytes.left(kMaxErrorBytes - m_stderr.size());
}

void CommandProvider::processFinished(int exitCode, QProcess::ExitStatus status)
{
    readStdout();
    if (!m_process)
        return; // the answer was too long
    readStderr();
    const QString name = QFileInfo(m_program).fileName();
    discard();
    QString error;
    if (status == QProcess::CrashExit)
        error = QStringLiteral("%1 crashed").arg(name);
    else if (exitCode != 0)
        error = QStringLiteral("%1 exited with code %2").arg(name).arg(exitCode);
    if (!error.isEmpty()) {
        const QString head = stderrHead();
        complete(failure(head.isEmpty() ? error : error + QStringLiteral(": ") + head, 1));
        return;
    }
    Reply reply;
    reply.ok = true;
    reply.text = QString::fromUtf8(m_stdout);
    reply.attempts = 1;
    m_stdout.clear();
    complete(std::move(reply));
}

void CommandProvider::processError(QProcess::ProcessError error)
{
    // Crashed is followed by finished(); write errors (a program that does not read its input) are not fatal.
    if (error != QProcess::FailedToStart || !m_process)
        return;
    const QString why = m_process->errorString();
    discard();
    complete(failure(QStringLiteral("could not start %1: %2").arg(m_program, why), 1, true));
}

void CommandProvider::timedOut()
{
    if (!m_process)
        return;
    discard();
    complete(failure(QStringLiteral("%1 %2").arg(QFileInfo(m_program).fileName(), timeoutText(m_config.timeoutMs)), 1));
}

void CommandProvider::discard()
{
    m_timer->stop();
    if (m_process) {
        QProcess* process = std::exchange(m_process, nullptr);
        process->disconnect(this);
        if (process->state() != QProcess::NotRunning) {
            process->kill();
            // Reaps it; after SIGKILL this is short.
            process->waitForFinished(5000);
        }
        process->deleteLater();
    }
    m_promptFile.reset(); // removes the file
}

QString CommandProvider::stderrHead() const
{
    const QStringList lines = QString::fromUtf8(m_stderr).split(u'\n', Qt::SkipEmptyParts);
    QStringList head;
    for (const QString& line : lines) {
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty())
            head.append(trimmed);
        if (head.size() == kStderrLines)
            break;
    }
    QString text = head.join(QStringLiteral(" / "));
    if (text.size() > kStderrChars)
        text = text.left(kStderrChars) + QStringLiteral("…");
    return text;
}

} // namespace lmp::agent
