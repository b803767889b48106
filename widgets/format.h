// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "formula/number.h"

#include <QLocale>
#include <QString>

#include <optional>

namespace lmp::widgets {

// The locale every figure of the window is written in: decimal point, digit groups. The C locale (29.3,
// 29,261,612,449,792) unless the application sets another; the window sets the user's, the command line
// and the reports keep C so that their text does not depend on where they run.
const QLocale& displayLocale();
void setDisplayLocale(const QLocale& locale);
// A number in the display locale: QString::number's formats ('f', 'g') and precision.
QString localNumber(double value, char format = 'g', int precision = 6);

// 29.26 T, 14.9 G, 512: three significant digits with an SI prefix, for a cell or a tick label.
QString siText(double value, int precision = 3);
// siText plus a unit: "29.3 TFLOP", "1.07 GB" ("" unit: bare).
QString siText(double value, const QString& unit, int precision = 3);
// Exact digits in groups of three (29,261,612,449,792); real numbers with up to 6 significant digits.
QString exactText(const formula::Number& value);
QString exactText(const std::optional<formula::Number>& value);
// 21.4 ms, 830 µs, 1.25 s.
QString secondsText(double seconds);
// 45.6 %, 0.062 %.
QString percentText(double fraction);

} // namespace lmp::widgets
