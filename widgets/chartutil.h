// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysissnapshot.h"
#include "chartexport.h"

#include <QColor>
#include <QString>
#include <QStringList>

// qcustomplot.h spells Qt's keywords (signals, foreach), which QT_NO_KEYWORDS turns off: include it
// through this header, which lends them for the one include.
#ifdef QT_NO_KEYWORDS
#define signals Q_SIGNALS
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef foreach
#else
#include <qcustomplot.h>
#endif

#include <vector>

class QFont;

namespace lmp::widgets {

// Tick and value text with SI prefixes: 1e9 -> "1 G", 2.5e12 -> "2.5 T", 120 -> "120", 0.5 -> "0.5".
// Prefixes k M G T P E only (never milli or micro: small values keep their decimals).
QString siNumber(double value, int significant = 3);
// Values with units in labels and hover texts: siText() and secondsText() of format.h.

// A unit for an axis of times: the factor to multiply seconds by and its name ("ms").
struct TimeUnit
{
    double factor = 1;
    QString name;
};
TimeUnit timeUnitFor(double maxSeconds);

// Linear ticks labelled with siNumber().
class SiTicker : public QCPAxisTicker
{
protected:
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override;
    QString getTickLabel(double tick, const QLocale& locale, QChar formatChar, int precision) override;
};

// Decade ticks (log axis) labelled with siNumber(): 1, 10, 100, 1 k, ..., 1 G, 10 G.
class SiLogTicker : public QCPAxisTickerLog
{
protected:
    QString getTickLabel(double tick, const QLocale& locale, QChar formatChar, int precision) override;
};

// The step in words: "prefill, batch 1 × 2048 tokens", "decode, batch 1, 1 token after 4096 cached".
QString stepText(const analysis::Settings& settings);
// A chart's line of details: "meta-llama/Llama-2-7b-hf on NVIDIA H100 SXM5 80 GB · prefill, batch 1 × 2048 tokens ·
// bf16".
QString snapshotTitle(const AnalysisSnapshot& snapshot);

// "LlamaDecoderLayer" from "transformers.models.llama.LlamaDecoderLayer".
QString classShortName(const QString& classPath);

// A colour for a module class from a fixed palette, the same for the same class in every chart and run.
QColor classColor(const QString& classPath);
// Distinct colours for a set of classes: each takes classColor()'s slot when free, else the next free one.
std::vector<QColor> classColors(const QStringList& classPaths);
// The colour of the "other" group.
QColor otherColor();

// A text row of a plot's layout that fits any width: each line too wide for the row is elided in the middle (the
// full text is text()), and the row asks for no width of its own, so that a long title never widens the plot nor gets
// clipped at its edges.
class ChartTextElement : public QCPTextElement
{
public:
    ChartTextElement(QCustomPlot* plot, const QString& text, const QFont& font);

    // What the last draw showed (the elided text), and where, in the plot's pixels.
    QString shownText() const { return m_shown; }
    QRect shownRect() const { return mTextBoundingRect; }

protected:
    void draw(QCPPainter* painter) override;
    QSize minimumOuterSizeHint() const override;

private:
    QString m_shown;
};

// A bold headline and a grey line of details under it, as the plot's top two rows (the headline first).
struct TitleRows
{
    ChartTextElement* headline = nullptr;
    ChartTextElement* details = nullptr;
};
TitleRows addTitleRows(QCustomPlot* plot);

// The look every chart shares: white background, 9 pt text, light grid.
void applyChartStyle(QCustomPlot* plot);
QFont chartFont(int pointSize = 9);

} // namespace lmp::widgets
