// SPDX-License-Identifier: GPL-3.0-or-later
#include "chartutil.h"

#include "format.h"

#include <QFont>
#include <QFontMetrics>

#include <algorithm>
#include <array>
#include <cmath>

namespace lmp::widgets {

namespace {

// Tableau's 10 colours plus two darker ones: readable on white, distinct in print.
constexpr std::array<QRgb, 12> kPalette = { 0x4e79a7, 0xf28e2b, 0x59a14f, 0xe15759, 0x76b7b2, 0xedc948, 0xb07aa1,
    0xff9da7, 0x9c755f, 0x2f4b7c, 0x8cd17d, 0xd37295 };

// FNV-1a over the UTF-16 text: unlike qHash it does not depend on a per-process seed.
std::size_t paletteSlot(const QString& classPath)
{
    std::uint32_t h = 2166136261u;
    for (QChar c : classPath) {
        h ^= c.unicode();
        h *= 16777619u;
    }
    return h % kPalette.size();
}

QString trimmedNumber(double value, int significant)
{
    QString text = localNumber(value, 'g', significant);
    if (text.contains(QLatin1Char('e'))) // 'g' switches to exponents below 1e-4 or past the digits
        text = localNumber(value, 'f', significant);
    return text;
}

struct SiParts
{
    QString number;
    QString prefix;
};

SiParts siParts(double value, int significant)
{
    if (!std::isfinite(value))
        return { QStringLiteral("–"), {} };
    if (value == 0)
        return { QStringLiteral("0"), {} };
    static const std::array<const char*, 7> prefixes = { "", "k", "M", "G", "T", "P", "E" };
    std::size_t index = 0;
    double scaled = value;
    while (index + 1 < prefixes.size() && std::fabs(scaled) >= 999.5) {
        scaled /= 1000;
        ++index;
    }
    if (index == 0 && std::fabs(value) < 1)
        return { localNumber(value, 'g', significant), {} };
    return { trimmedNumber(scaled, significant), QLatin1String(prefixes[index]) };
}

} // namespace

QString siNumber(double value, int significant)
{
    const SiParts parts = siParts(value, significant);
    return parts.prefix.isEmpty() ? parts.number : parts.number + QLatin1Char(' ') + parts.prefix;
}

TimeUnit timeUnitFor(double maxSeconds)
{
    if (maxSeconds >= 1)
        return { 1, QStringLiteral("s") };
    if (maxSeconds >= 1e-3)
        return { 1e3, QStringLiteral("ms") };
    if (maxSeconds >= 1e-6)
        return { 1e6, QStringLiteral("µs") };
    return { 1e9, QStringLiteral("ns") };
}

QVector<double> SiTicker::createTickVector(double tickStep, const QCPRange& range)
{
    QVector<double> ticks = QCPAxisTicker::createTickVector(tickStep, range);
    for (double& tick : ticks) {
        if (std::fabs(tick) < 1e-6 * tickStep) // summed steps give 1e-13 for zero
            tick = 0;
    }
    return ticks;
}

QString SiTicker::getTickLabel(double tick, const QLocale&, QChar, int)
{
    return siNumber(tick, 4);
}

QString SiLogTicker::getTickLabel(double tick, const QLocale&, QChar, int)
{
    return siNumber(tick, 3);
}

QString stepText(const analysis::Settings& s)
{
    const QString batch = QString::fromStdString(formula::toString(s.batch));
    const QString seq = QString::fromStdString(formula::toString(s.seq));
    switch (s.phase) {
    case analysis::Phase::Prefill:
        return QObject::tr("prefill, batch %1 × %2 tokens").arg(batch, seq);
    case analysis::Phase::Decode: {
        const QString past = QString::fromStdString(formula::toString(s.past));
        if (s.seq == 1)
            return QObject::tr("decode, batch %1, 1 new token after %2 cached").arg(batch, past);
        return QObject::tr("decode, batch %1, %2 new tokens after %3 cached").arg(batch, seq, past);
    }
    case analysis::Phase::Train:
        return QObject::tr("training step, batch %1 × %2 tokens").arg(batch, seq);
    }
    return {};
}

QString snapshotTitle(const AnalysisSnapshot& snapshot)
{
    const std::string_view dtype = analysis::dtypeName(snapshot.settings.actDtype);
    const QString where = snapshot.profile()
        ? QObject::tr("%1 on %2").arg(snapshot.model->name, QString::fromStdString(snapshot.profile()->name))
        : snapshot.model->name;
    // Two short lines rather than one long one: the charts sit in narrow docks.
    return QStringLiteral("%1\n%2 · %3")
        .arg(where, stepText(snapshot.settings), QString::fromUtf8(dtype.data(), static_cast<qsizetype>(dtype.size())));
}

QString classShortName(const QString& classPath)
{
    const qsizetype dot = classPath.lastIndexOf(QLatin1Char('.'));
    return dot < 0 ? classPath : classPath.mid(dot + 1);
}

QColor classColor(const QString& classPath)
{
    return QColor(kPalette[paletteSlot(classPath)]);
}

std::vector<QColor> classColors(const QStringList& classPaths)
{
    std::vector<QColor> out;
    std::array<bool, kPalette.size()> taken {};
    std::size_t used = 0;
    for (const QString& path : classPaths) {
        std::size_t slot = paletteSlot(path);
        if (used < kPalette.size()) {
            while (taken[slot])
                slot = (slot + 1) % kPalette.size();
            taken[slot] = true;
            ++used;
            out.emplace_back(kPalette[slot]);
        } else {
            out.push_back(QColor(kPalette[slot]).darker(140)); // more classes than colours: shades
        }
    }
    return out;
}

QColor otherColor()
{
    return QColor(0xba, 0xb0, 0xac);
}

QFont chartFont(int pointSize)
{
    QFont font;
    font.setPointSize(pointSize);
    return font;
}

void applyChartStyle(QCustomPlot* plot)
{
    // The title texts' widths must not become the widget's minimum width: a dock may be narrower.
    plot->setMinimumSize(220, 160);
    plot->setBackground(Qt::white);
    plot->setFont(chartFont());
    plot->legend->setFont(chartFont());
    plot->legend->setBrush(QColor(255, 255, 255, 210));
    plot->legend->setBorderPen(QPen(QColor(0xc8, 0xc8, 0xc8)));
    for (QCPAxis* axis : { plot->xAxis, plot->yAxis }) {
        axis->setTickLabelFont(chartFont());
        axis->setLabelFont(chartFont());
        axis->grid()->setPen(QPen(QColor(0xdc, 0xdc, 0xdc), 1, Qt::DotLine));
        axis->grid()->setSubGridPen(QPen(QColor(0xee, 0xee, 0xee), 1, Qt::DotLine));
        axis->setBasePen(QPen(QColor(0x60, 0x60, 0x60)));
        axis->setTickPen(QPen(QColor(0x60, 0x60, 0x60)));
        axis->setSubTickPen(QPen(QColor(0x90, 0x90, 0x90)));
    }
}

ChartTextElement::ChartTextElement(QCustomPlot* plot, const QString& text, const QFont& font)
    : QCPTextElement(plot, text, font)
{ }

void ChartTextElement::draw(QCPPainter* painter)
{
    const QFont font = mainFont();
    const QFontMetrics metrics(font);
    QStringList lines = mText.split(QLatin1Char('\n'));
    for (QString& line : lines)
        line = metrics.elidedText(line, Qt::ElideMiddle, std::max(1, mRect.width()));
    m_shown = lines.join(QLatin1Char('\n'));
    painter->setFont(font);
    painter->setPen(QPen(mainTextColor()));
    painter->drawText(mRect, (mTextFlags & ~Qt::TextWordWrap) | Qt::TextDontClip, m_shown, &mTextBoundingRect);
}

QSize ChartTextElement::minimumOuterSizeHint() const
{
    QSize size = QCPTextElement::minimumOuterSizeHint();
    size.setWidth(mMargins.left() + mMargins.right() + QFontMetrics(mFont).averageCharWidth() * 6);
    return size;
}

TitleRows addTitleRows(QCustomPlot* plot)
{
    TitleRows rows;
    QFont bold = chartFont(10);
    bold.setBold(true);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->insertRow(0);
    rows.headline = new ChartTextElement(plot, QString(), bold);
    rows.headline->setMargins(QMargins(4, 4, 4, 0));
    rows.details = new ChartTextElement(plot, QString(), chartFont(9));
    rows.details->setTextColor(QColor(0x50, 0x50, 0x50));
    rows.details->setMargins(QMargins(4, 1, 4, 2));
    plot->plotLayout()->addElement(0, 0, rows.headline);
    plot->plotLayout()->addElement(1, 0, rows.details);
    return rows;
}

} // namespace lmp::widgets
