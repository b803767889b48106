// SPDX-License-Identifier: GPL-3.0-or-later
#include "generationview.h"

#include "chartutil.h"
#include "format.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace lmp::widgets {

GenerationView::GenerationView(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    auto* form = new QHBoxLayout;
    m_prompt = new QSpinBox(this);
    m_prompt->setRange(1, 1 << 26);
    m_prompt->setValue(1024);
    m_prompt->setGroupSeparatorShown(true);
    m_prompt->setToolTip(tr("Tokens in the prompt: the prefill that produces the first output token"));
    m_tokens = new QSpinBox(this);
    m_tokens->setRange(1, 1 << 24);
    m_tokens->setValue(256);
    m_tokens->setGroupSeparatorShown(true);
    m_tokens->setToolTip(tr("Output tokens per sequence, the first one included"));
    form->addWidget(new QLabel(tr("Prompt:"), this));
    form->addWidget(m_prompt);
    form->addWidget(new QLabel(tr("Output tokens:"), this));
    form->addWidget(m_tokens);
    form->addStretch(1);
    layout->addLayout(form);

    auto* body = new QHBoxLayout;
    m_figures = new QLabel(this);
    m_figures->setTextFormat(Qt::RichText);
    m_figures->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_figures->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_figures->setMinimumWidth(260);
    body->addWidget(m_figures);
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumSize(320, 200);
    m_plot->xAxis->setLabel(tr("output token"));
    m_plot->yAxis->setLabel(tr("step time (ms)"));
    m_plot->yAxis2->setLabel(tr("memory footprint (GB)"));
    m_plot->yAxis2->setVisible(true);
    m_plot->legend->setVisible(true);
    m_plot->legend->setFont(QFont(font().family(), std::max(7, font().pointSize() - 1)));
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignVCenter | Qt::AlignRight);
    body->addWidget(m_plot, 1);
    layout->addLayout(body, 1);

    connect(m_prompt, &QSpinBox::valueChanged, this, &GenerationView::request);
    connect(m_tokens, &QSpinBox::valueChanged, this, &GenerationView::request);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        const std::uint64_t finished = m_running;
        m_pending = false;
        auto result = m_watcher.result();
        if (finished == m_requested)
            showResult(std::move(result));
        if (m_again) {
            m_again = false;
            request();
        }
    });
    showResult(nullptr);
}

GenerationView::~GenerationView()
{
    m_watcher.waitForFinished();
}

void GenerationView::setCurrentAnalysis(SnapshotPtr snapshot)
{
    m_snapshot = std::move(snapshot);
    request();
}

void GenerationView::setPrompt(analysis::Int prompt)
{
    m_prompt->setValue(static_cast<int>(std::clamp<analysis::Int>(prompt, 1, 1 << 26)));
}

void GenerationView::setTokens(analysis::Int tokens)
{
    m_tokens->setValue(static_cast<int>(std::clamp<analysis::Int>(tokens, 1, 1 << 24)));
}

analysis::Int GenerationView::prompt() const
{
    return m_prompt->value();
}

analysis::Int GenerationView::tokens() const
{
    return m_tokens->value();
}

QString GenerationView::message() const
{
    if (!m_snapshot)
        return tr("Open a model to see how long serving it takes.");
    if (!m_snapshot->profile())
        return tr("Choose a device to see the time to first token and the time per output token.");
    if (m_snapshot->settings.phase == analysis::Phase::Train)
        return tr("Generation is for inference: choose prefill or decode.");
    return {};
}

void GenerationView::request()
{
    ++m_requested;
    if (!message().isEmpty()) {
        showResult(nullptr);
        return;
    }
    if (m_pending) {
        m_again = true; // the newest request runs when this one ends
        return;
    }
    m_running = m_requested;
    m_pending = true;
    const SnapshotPtr snapshot = m_snapshot;
    analysis::GenerationOptions options;
    options.prompt = m_prompt->value();
    options.tokens = m_tokens->value();
    m_watcher.setFuture(QtConcurrent::run([snapshot, options] {
        return std::make_shared<const analysis::GenerationResult>(analysis::generate(
            snapshot->tree(), *snapshot->library, snapshot->settings, *snapshot->profile(), options));
    }));
}

bool GenerationView::waitForIdle(int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (isBusy() && timer.elapsed() < timeoutMs) {
        m_watcher.waitForFinished();
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    return !isBusy();
}

void GenerationView::showResult(std::shared_ptr<const analysis::GenerationResult> result)
{
    m_result = std::move(result);
    m_plot->clearGraphs();
    m_plot->clearItems();
    if (!m_result) {
        const QString why = message();
        m_figures->setText(why.isEmpty() ? tr("Computing…") : why.toHtmlEscaped());
        m_plot->replot();
        return;
    }
    const auto& g = *m_result;
    const auto& hw = *m_snapshot->profile();
    auto row = [](const QString& name, const QString& value, const QString& bound = {}) {
        return QStringLiteral("<tr><td>%1</td><td align=\"right\"><b>%2</b></td><td align=\"right\">%3</td></tr>")
            .arg(name.toHtmlEscaped(), value.toHtmlEscaped(), bound.toHtmlEscaped());
    };
    QString html = QStringLiteral("<table cellspacing=\"2\">");
    html += QStringLiteral("<tr><td></td><td align=\"right\"><i>%1</i></td><td align=\"right\"><i>%2</i></td></tr>")
                .arg(tr("expected"), tr("bound"));
    html += row(tr("Time to first token"), secondsText(g.ttft), secondsText(g.ttftRoofline));
    if (g.tokens > 1) {
        html += row(tr("Time per output token"), secondsText(g.tpot), secondsText(g.tpotRoofline));
        html +=
            row(tr("  first / last step"), secondsText(g.tpotFirst) + QStringLiteral(" / ") + secondsText(g.tpotLast));
    }
    html += row(tr("End-to-end"), secondsText(g.endToEnd), secondsText(g.ttftRoofline + g.decodeRoofline));
    html += row(tr("Output tokens/s"), localNumber(g.tokensPerSecond, 'g', 4));
    if (g.tokens > 1)
        html += row(tr("Decode tokens/s"), localNumber(g.decodeTokensPerSecond, 'g', 4));
    if (g.kvCacheBytes)
        html += row(tr("KV cache at the end"), siText(g.kvCacheBytes->toDouble(), QStringLiteral("B")));
    if (g.footprintBytes)
        html += row(tr("Footprint at the end"), siText(g.footprintBytes->toDouble(), QStringLiteral("B")),
            tr("of %1").arg(siText(hw.memoryBytes, QStringLiteral("B"))));
    if (g.contextAtMemory)
        html += row(tr("Memory full at"), tr("%L1 tokens").arg(static_cast<qlonglong>(*g.contextAtMemory)));
    html += QStringLiteral("</table>");
    html += QStringLiteral("<p style=\"color:gray\">%1</p>")
                .arg(tr("%1 execution on %2;<br>%3.")
                         .arg(m_snapshot->settings.execution == analysis::Execution::Fused ? tr("Fused") : tr("Eager"),
                             QString::fromStdString(hw.name).toHtmlEscaped(),
                             hw.performance.fitted ? tr("efficiencies fitted to measured kernels")
                                                   : tr("default efficiencies, not measured on this device")));
    if (g.sampled)
        html += QStringLiteral("<p style=\"color:gray\">%1</p>")
                    .arg(tr("%1 decode steps analysed, the others interpolated.").arg(g.analysedSteps - 1));
    if (g.footprintBytes && hw.memoryBytes > 0 && g.footprintBytes->toDouble() > hw.memoryBytes)
        html += QStringLiteral("<p style=\"color:#b00020\">%1</p>")
                    .arg(tr("The footprint exceeds the device's memory.").toHtmlEscaped());
    m_figures->setText(html);
    // The figures keep their natural width; the chart takes the rest.
    m_figures->setMinimumWidth(std::max(260, m_figures->sizeHint().width()));

    // The decode steps over the output tokens they produce (the prefill's first token is the TTFT, off this scale).
    QVector<double> x, expected, bound, footprint;
    for (const auto& s : g.steps) {
        if (s.token < 2 && g.tokens > 1)
            continue;
        x.push_back(static_cast<double>(s.token));
        expected.push_back(s.seconds * 1e3);
        bound.push_back(s.roofline * 1e3);
        footprint.push_back(s.footprintBytes ? s.footprintBytes->toDouble() / 1e9 : qQNaN());
    }
    auto* e = m_plot->addGraph();
    e->setName(tr("expected step time"));
    e->setPen(QPen(QColor(0x1f, 0x77, 0xb4), 2));
    e->setData(x, expected, true);
    auto* b = m_plot->addGraph();
    b->setName(tr("roofline bound"));
    b->setPen(QPen(QColor(0x1f, 0x77, 0xb4), 1, Qt::DashLine));
    b->setData(x, bound, true);
    auto* f = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
    f->setName(tr("footprint"));
    f->setPen(QPen(QColor(0xd6, 0x27, 0x28), 2));
    f->setData(x, footprint, true);
    double top = 0;
    for (double v : expected)
        top = std::max(top, v);
    m_plot->xAxis->setRange(x.isEmpty() ? 0 : x.front(), x.isEmpty() ? 1 : std::max(x.back(), x.front() + 1));
    m_plot->yAxis->setRange(0, top > 0 ? top * 1.15 : 1);
    double memTop = hw.memoryBytes / 1e9;
    for (double v : footprint)
        if (!std::isnan(v))
            memTop = std::max(memTop, v);
    m_plot->yAxis2->setRange(0, memTop * 1.1);
    auto* memory = new QCPItemStraightLine(m_plot);
    memory->point1->setAxes(m_plot->xAxis, m_plot->yAxis2);
    memory->point2->setAxes(m_plot->xAxis, m_plot->yAxis2);
    memory->point1->setCoords(0, hw.memoryBytes / 1e9);
    memory->point2->setCoords(1, hw.memoryBytes / 1e9);
    memory->setPen(QPen(QColor(0xd6, 0x27, 0x28), 1, Qt::DotLine));
    auto* label = new QCPItemText(m_plot);
    label->position->setAxes(m_plot->xAxis, m_plot->yAxis2);
    label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    label->position->setCoords(m_plot->xAxis->range().lower, hw.memoryBytes / 1e9);
    label->setText(tr("device memory %1").arg(siText(hw.memoryBytes, QStringLiteral("B"))));
    label->setColor(QColor(0xd6, 0x27, 0x28));
    m_plot->replot();
    Q_EMIT resultShown();
}

} // namespace lmp::widgets
