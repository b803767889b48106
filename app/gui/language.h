// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLocale>
#include <QString>

#include <optional>
#include <span>

namespace lmp::app {

// The window's language: QSettings key, "" (or "system") for the system's locale, else a code of languages().
inline constexpr const char* kLanguageSetting = "language";

struct Language
{
    const char* code; // "en", "de", "fr"
    const char* nativeName; // as the language writes itself: "Deutsch"
};

// The languages the window is translated into, English (the source) first.
std::span<const Language> languages();

// The locale of a language setting: the system's for "" and "system", that language's (with its number
// format) for a code of languages(); nullopt for anything else.
std::optional<QLocale> localeForLanguage(const QString& code);

// Makes locale the application's: QLocale's default, the figures' display locale, and Qt's and the window's
// translations (installed on the application, which keeps them). Returns whether the window has a translation
// into locale's language (English needs none: true).
bool applyLanguage(const QLocale& locale);

} // namespace lmp::app
