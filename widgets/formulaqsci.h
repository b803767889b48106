// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The QScintilla headers the formula editor uses. They use the words `signals` and `slots`, which QT_NO_KEYWORDS
// turns off for this project: defined for them only.

#ifdef QT_NO_KEYWORDS
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define LMP_QSCI_KEYWORDS
#endif

#include <Qsci/qscicommand.h>
#include <Qsci/qscicommandset.h>
#include <Qsci/qscilexercustom.h>
#include <Qsci/qsciscintilla.h>

#ifdef LMP_QSCI_KEYWORDS
#undef slots
#undef signals
#undef LMP_QSCI_KEYWORDS
#endif
