// SPDX-License-Identifier: GPL-3.0-or-later
#include "format.h"

#include <QLocale>

#include <cmath>

namespace lmp::widgets {

namespace {

QString significant(double v, int precision)
{
    // 3 significant digits without an exponent: 123, 12.3, 1.23.
    const double a = std::fabs(v);
    const int decimals = a >= 100 ? precision - 3 : a >= 10 ? precision - 2 : precision - 1;
    return QString::number(v, 'f', std::max(0, decimals));
}

} // namespace

QString siText(double value, int precision)
{
    return siText(value, QString(), precision);
}

QString siText(double value, const QString& unit, int precision)
{
    if (!std::isfinite(value))
        return QStringLiteral("?");
    static const char* const prefixes[] = { "", "k", "M", "G", "T", "P", "E", "Z", "Y", "R", "Q" };
    double scaled = value;
    int p = 0;
    while (std::fabs(scaled) >= 999.5 && p < 10) {
        scaled /= 1000.0;
        ++p;
    }
    if (p == 0 && value != std::floor(value) && std::fabs(value) < 1 && value != 0) {
        // Below one (intensities, fractions): plain significant digits.
        return QString::number(value, 'g', precision) + (unit.isEmpty() ? QString() : QLatin1Char(' ') + unit);
    }
    QString number =
        p == 0 && value == std::floor(value) ? QString::number(value, 'f', 0) : significant(scaled, precision);
    const QString prefix = QString::fromLatin1(prefixes[p]);
    if (unit.isEmpty())
        return prefix.isEmpty() ? number : number + QLatin1Char(' ') + prefix;
    return number + QLatin1Char(' ') + prefix + unit;
}

QString exactText(const formula::Number& value)
{
    if (!value.isInteger())
        return QLocale::c().toString(value.toDouble(), 'g', 6);
    return QString::fromStdString(formula::grouped(value));
}

QString exactText(const std::optional<formula::Number>& value)
{
    return value ? exactText(*value) : QStringLiteral("?");
}

QString secondsText(double seconds)
{
    if (!std::isfinite(seconds))
        return QStringLiteral("?");
    if (seconds == 0)
        return QStringLiteral("0");
    const double a = std::fabs(seconds);
    if (a >= 1)
        return significant(seconds, 3) + QStringLiteral(" s");
    if (a >= 1e-3)
        return significant(seconds * 1e3, 3) + QStringLiteral(" ms");
    if (a >= 1e-6)
        return significant(seconds * 1e6, 3) + QStringLiteral(" µs");
    return significant(seconds * 1e9, 3) + QStringLiteral(" ns");
}

QString percentText(double fraction)
{
    const double percent = fraction * 100;
    if (percent > 0 && percent < 0.001)
        return QStringLiteral("< 0.001 %");
    if (percent == 0 || std::fabs(percent) >= 0.1)
        return QString::number(percent, 'f', 1) + QStringLiteral(" %");
    return QString::number(percent, 'g', 2) + QStringLiteral(" %");
}

} // namespace lmp::widgets
