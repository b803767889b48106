// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentsettingsdialog.h"

#include "agent/keystore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace lmp::app {

AgentSettingsDialog::AgentSettingsDialog(QWidget* parent)
    : QDialog(parent)
    , m_keys(agent::makeKeyStore(this).release())
{
    setWindowTitle(tr("Agent Settings"));
    m_keys->setParent(this);
    const AgentSettings current = AgentSettings::load();
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("The agent drafts database entries (and architecture definitions) for what the "
                                "database lacks. Its answers are checked like any entry and land as pending for "
                                "review; nothing in them is ever run."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    m_provider = new QComboBox(this);
    m_provider->addItem(tr("External command"), QStringLiteral("command"));
    m_provider->addItem(tr("Anthropic Messages API"), QStringLiteral("anthropic"));
    m_provider->addItem(tr("OpenAI-compatible server"), QStringLiteral("openai"));
    m_provider->setCurrentIndex(m_provider->findData(agent::providerKindName(current.provider.kind)));
    form->addRow(tr("&Provider:"), m_provider);
    m_command = new QLineEdit(current.provider.command, this);
    m_command->setPlaceholderText(tr("e.g. claude -p   (the prompt on stdin; {prompt_file} for a file)"));
    m_command->setToolTip(tr("The program and its arguments, split like a shell would but never run by one. "
                             "An argument {prompt_file} is replaced by a file holding the prompt; otherwise the "
                             "prompt goes to its standard input. Its standard output is the answer."));
    form->addRow(tr("&Command:"), m_command);
    m_baseUrl = new QLineEdit(current.provider.baseUrl, this);
    m_baseUrl->setPlaceholderText(tr("default: the provider's public endpoint; e.g. http://127.0.0.1:8080/v1"));
    form->addRow(tr("&Base URL:"), m_baseUrl);
    m_model = new QLineEdit(current.provider.model, this);
    m_model->setPlaceholderText(tr("the model's name, e.g. claude-sonnet-4-5"));
    form->addRow(tr("&Model:"), m_model);
    m_timeout = new QSpinBox(this);
    m_timeout->setRange(5, 3600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setValue(current.provider.timeoutMs / 1000);
    form->addRow(tr("&Timeout per attempt:"), m_timeout);
    m_concurrency = new QSpinBox(this);
    m_concurrency->setRange(1, 16);
    m_concurrency->setValue(current.concurrency);
    form->addRow(tr("Drafts at &once:"), m_concurrency);
    m_stream = new QCheckBox(tr("Stream the answer"), this);
    m_stream->setChecked(current.provider.stream);
    form->addRow(QString(), m_stream);
    m_repair = new QCheckBox(tr("Send a refused answer's reasons back once (repair round)"), this);
    m_repair->setChecked(current.repairRound);
    form->addRow(QString(), m_repair);
    m_preview = new QCheckBox(tr("Show the prompt before drafting one module"), this);
    m_preview->setChecked(current.previewPrompt);
    form->addRow(QString(), m_preview);
    auto* keyRow = new QHBoxLayout;
    m_key = new QLineEdit(this);
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("paste a key to store it in the system keychain"));
    auto* store = new QPushButton(tr("Store"), this);
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(store);
    auto* keyLabel = new QLabel(tr("API &key:"), this);
    keyLabel->setBuddy(m_key);
    form->addRow(keyLabel, keyRow);
    m_keyStatus = new QLabel(this);
    m_keyStatus->setWordWrap(true);
    form->addRow(QString(), m_keyStatus);
    layout->addLayout(form);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(box, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(box);
    connect(m_provider, &QComboBox::currentIndexChanged, this, &AgentSettingsDialog::providerChanged);
    connect(store, &QPushButton::clicked, this, &AgentSettingsDialog::storeKey);
    providerChanged();
    resize(640, sizeHint().height());
}

AgentSettings AgentSettingsDialog::settings() const
{
    AgentSettings a = AgentSettings::load();
    a.provider.kind =
        agent::providerKindFromName(m_provider->currentData().toString()).value_or(agent::ProviderKind::Command);
    a.provider.command = m_command->text().trimmed();
    a.provider.baseUrl = m_baseUrl->text().trimmed();
    a.provider.model = m_model->text().trimmed();
    a.provider.timeoutMs = m_timeout->value() * 1000;
    a.provider.stream = m_stream->isChecked();
    a.concurrency = m_concurrency->value();
    a.repairRound = m_repair->isChecked();
    a.previewPrompt = m_preview->isChecked();
    return a;
}

void AgentSettingsDialog::accept()
{
    settings().save();
    // A key typed but not stored yet is stored now; the dialog closes once the keychain took it, and stays open
    // with the reason when it did not (the key is not kept anywhere else).
    const auto kind = agent::providerKindFromName(m_provider->currentData().toString());
    if (m_key->text().isEmpty() || !kind || *kind == agent::ProviderKind::Command) {
        m_key->clear();
        QDialog::accept();
        return;
    }
    const QString key = m_key->text();
    m_key->clear();
    setEnabled(false);
    m_keyStatus->setText(tr("Storing the key…"));
    m_keys->writeKey(*kind, key, this, [this](const agent::KeyResult& result) {
        setEnabled(true);
        if (result.ok) {
            QDialog::accept();
            return;
        }
        m_keyStatus->setText(tr("Could not store the key: %1").arg(result.error));
    });
}

void AgentSettingsDialog::providerChanged()
{
    const bool command = m_provider->currentData().toString() == QStringLiteral("command");
    m_command->setEnabled(command);
    m_baseUrl->setEnabled(!command);
    m_key->setEnabled(!command);
    m_stream->setEnabled(!command);
    showKeySource();
}

void AgentSettingsDialog::showKeySource()
{
    const auto kind = agent::providerKindFromName(m_provider->currentData().toString());
    if (!kind || *kind == agent::ProviderKind::Command) {
        m_keyStatus->setText(tr("A command needs no key here (it runs with your environment)."));
        return;
    }
    m_keyStatus->setText(tr("Looking for a key…"));
    m_keys->readKey(*kind, this, [this](const agent::KeyResult& result) {
        m_keyStatus->setText(
            result.ok ? tr("A key is set, from %1.").arg(result.source) : tr("No key yet: %1").arg(result.error));
    });
}

void AgentSettingsDialog::storeKey()
{
    const auto kind = agent::providerKindFromName(m_provider->currentData().toString());
    if (!kind || *kind == agent::ProviderKind::Command || m_key->text().isEmpty())
        return;
    const QString key = m_key->text();
    m_key->clear();
    m_keys->writeKey(*kind, key, this, [this](const agent::KeyResult& result) {
        m_keyStatus->setText(
            result.ok ? tr("Stored in %1.").arg(result.source) : tr("Could not store the key: %1").arg(result.error));
    });
}

} // namespace lmp::app
