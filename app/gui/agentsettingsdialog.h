// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agentcontroller.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace lmp::agent {
class KeyStore;
}

namespace lmp::app {

// Database → Agent Settings: the provider (a command, the Anthropic Messages API, an OpenAI-compatible server),
// its command line or base URL and model, timeouts and concurrency, and the API key, which goes to the system
// keychain (never into the settings file; the field is cleared once stored).
class AgentSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AgentSettingsDialog(QWidget* parent = nullptr);

    AgentSettings settings() const;
    void accept() override;

private:
    void providerChanged();
    void storeKey();
    void showKeySource();

    QComboBox* m_provider;
    QLineEdit* m_command;
    QLineEdit* m_baseUrl;
    QLineEdit* m_model;
    QSpinBox* m_timeout;
    QSpinBox* m_concurrency;
    QCheckBox* m_stream;
    QCheckBox* m_repair;
    QCheckBox* m_preview;
    QLineEdit* m_key;
    QLabel* m_keyStatus;
    agent::KeyStore* m_keys;
};

} // namespace lmp::app
