// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysis/generation.h"
#include "analysissnapshot.h"

#include <QFutureWatcher>
#include <QWidget>

#include <memory>

class QCustomPlot;
class QLabel;
class QSpinBox;

namespace lmp::widgets {

// Serving the window's model: for a prompt and a number of output tokens (on the window's batch, dtypes, execution
// and device), the time to first token, the time per output token as the KV cache grows, the end-to-end time and
// tokens per second, and a chart over the generated tokens: each step's expected time and roofline bound, and the
// memory footprint against the device's memory. Computed off the GUI thread; the newest request wins.
class GenerationView : public QWidget
{
    Q_OBJECT
public:
    explicit GenerationView(QWidget* parent = nullptr);
    ~GenerationView() override;

    // The window's analysis: its model, library, settings and device.
    void setCurrentAnalysis(SnapshotPtr snapshot);
    void setPrompt(analysis::Int prompt);
    void setTokens(analysis::Int tokens);
    analysis::Int prompt() const;
    analysis::Int tokens() const;
    // The last result shown (null before the first, or without a device).
    const std::shared_ptr<const analysis::GenerationResult>& result() const { return m_result; }
    // Why nothing is shown ("" when a result is).
    QString message() const;
    bool isBusy() const { return m_pending || m_again; }
    bool waitForIdle(int timeoutMs = 30000);
    QCustomPlot* plot() const { return m_plot; }

Q_SIGNALS:
    void resultShown();

private:
    void request();
    void showResult(std::shared_ptr<const analysis::GenerationResult> result);

    SnapshotPtr m_snapshot;
    QSpinBox* m_prompt = nullptr;
    QSpinBox* m_tokens = nullptr;
    QLabel* m_figures = nullptr;
    QCustomPlot* m_plot = nullptr;
    QFutureWatcher<std::shared_ptr<const analysis::GenerationResult>> m_watcher;
    std::shared_ptr<const analysis::GenerationResult> m_result;
    std::uint64_t m_requested = 0;
    std::uint64_t m_running = 0;
    bool m_again = false;
    bool m_pending = false; // a started request whose result has not come back yet
};

} // namespace lmp::widgets
