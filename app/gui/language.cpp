// SPDX-License-Identifier: GPL-3.0-or-later
#include "language.h"

#include "format.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

#include <array>

namespace lmp::app {

std::span<const Language> languages()
{
    static constexpr std::array<Language, 3> kLanguages { {
        { "en", "English" },
        { "de", "Deutsch" },
        { "fr", "Français" },
    } };
    return kLanguages;
}

std::optional<QLocale> localeForLanguage(const QString& code)
{
    if (code.isEmpty() || code == QLatin1String("system"))
        return QLocale::system();
    for (const Language& language : languages()) {
        if (code == QLatin1String(language.code))
            return QLocale(code);
    }
    return std::nullopt;
}

bool applyLanguage(const QLocale& locale)
{
    QLocale::setDefault(locale);
    widgets::setDisplayLocale(locale);
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return true;
    auto* app = QCoreApplication::instance();
    // Qt's own texts (dialog buttons, the file dialog), from the system's Qt translations where installed.
    auto* qt = new QTranslator(app);
    if (qt->load(
            locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    auto* own = new QTranslator(app);
    if (own->load(locale, QStringLiteral("lm-predictor"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(own);
        return true;
    }
    delete own;
    return false;
}

} // namespace lmp::app
