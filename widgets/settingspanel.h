// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysis/analysis.h"

#include <QWidget>

#include <string>
#include <utility>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;

namespace lmp::widgets {

// The analysis settings: batch, sequence, past tokens, phase, dtypes, attention and the device. Every change
// emits settingsChanged() at once; the caller re-analyzes off the GUI thread.
class SettingsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SettingsPanel(QWidget* parent = nullptr);

    analysis::Settings settings() const;
    void setSettings(const analysis::Settings& settings);
    // The devices offered: (id, display name); "" id means none.
    void setHardwareChoices(const std::vector<std::pair<std::string, std::string>>& choices);
    std::string hardwareId() const;
    void setHardwareId(const std::string& id);

    QSpinBox* batchBox() const { return m_batch; }
    QSpinBox* seqBox() const { return m_seq; }
    QSpinBox* pastBox() const { return m_past; }
    QComboBox* phaseBox() const { return m_phase; }
    QComboBox* hardwareBox() const { return m_hardware; }

Q_SIGNALS:
    void settingsChanged();

private:
    void phaseChanged();
    void changed();

    QComboBox* m_phase;
    QSpinBox* m_batch;
    QSpinBox* m_seq;
    QSpinBox* m_past;
    QComboBox* m_weightDtype;
    QComboBox* m_actDtype;
    QComboBox* m_kvDtype;
    QComboBox* m_attention;
    QCheckBox* m_causalHalf;
    QCheckBox* m_logitsLast;
    QComboBox* m_execution;
    QCheckBox* m_tf32;
    QComboBox* m_hardware;
    QSpinBox* m_images;
    QSpinBox* m_imageWidth;
    QSpinBox* m_imageHeight;
    bool m_updating = false;
};

} // namespace lmp::widgets
