// SPDX-License-Identifier: GPL-3.0-or-later
#include "format.h"

#include <QLocale>

#include <cmath>

namespace lmp::widgets {

namespace {

QLocale& localeSlot()
{
    static QLocale locale = [] {
        QLocale c = QLocale::c();
        c.setNumberOptions(QLocale::OmitGroupSeparator);
        return c;
    }();
    return locale;
}

QString significant(double v, int precision)
{
    // 3 significant digits without an exponent: 123, 12.3, 1.23.
    const double a = std::fabs(v);
    const int decimals = a >= 100 ? precision - 3 : a >= 10 ? precision - 2 : precision - 1;
    return localNumber(v, 'f', std::max(0, decimals));
}

} // namespace

const QLocale& displayLocale()
{
    return localeSlot();
}

void setDisplayLocale(const QLocale& locale)
{
    QLocale copy = locale;
    // Digit groups only where the exact texts put them: 2048 tokens, not 2,048.
    copy.setNumberOptions(QLocale::OmitGroupSeparator);
    localeSlot() = copy;
}

QString localNumber(double value, char format, int precision)
{
    return localeSlot().toString(value, format, precision);
}

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
        return localNumber(value, 'g', precision) + (unit.isEmpty() ? QString() : QLatin1Char(' ') + unit);
    }
    QString number = p == 0 && value == std::floor(value) ? localNumber(value, 'f', 0) : significant(scaled, precision);
    const QString prefix = QString::fromLatin1(prefixes[p]);
    if (unit.isEmpty())
        return prefix.isEmpty() ? number : number + QLatin1Char(' ') + prefix;
    return number + QLatin1Char(' ') + prefix + unit;
}

QString exactText(const formula::Number& value)
{
    if (!value.isInteger())
        return localNumber(value.toDouble(), 'g', 6);
    // formula::grouped writes exact digits in groups of three with commas; the locale picks the separator.
    QString text = QString::fromStdString(formula::grouped(value));
    const QString separator = localeSlot().groupSeparator();
    if (separator != QLatin1String(","))
        text.replace(QLatin1Char(','), separator);
    return text;
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
        return QStringLiteral("< ") + localNumber(0.001, 'g', 1) + QStringLiteral(" %");
    if (percent == 0 || std::fabs(percent) >= 0.1)
        return localNumber(percent, 'f', 1) + QStringLiteral(" %");
    return localNumber(percent, 'g', 2) + QStringLiteral(" %");
}

} // namespace lmp::widgets
