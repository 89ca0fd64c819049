// SPDX-License-Identifier: MIT
#include "ui/uilanguage.h"

#include "core/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace UiLanguage {

namespace {
QString g_current;
const auto kKey = u"ui/language"_s;
}

QString choice()
{
    const QString value = QSettings().value(kKey).toString();
    return value == u"en"_s || value == u"zh_CN"_s ? value : QString();
}

void setChoice(const QString& language)
{
    if (language.isEmpty())
        QSettings().remove(kKey);
    else
        QSettings().setValue(kKey, language);
}

QString systemLanguage()
{
    return QString::fromStdString(finscope::messageLanguage());
}

QString effective()
{
    const QString chosen = choice();
    if (chosen == u"en"_s)
        return QString();
    if (chosen == u"zh_CN"_s)
        return chosen;
    return systemLanguage();
}

QString install(QCoreApplication& app)
{
    g_current.clear();
    const QString language = effective();
    if (language.isEmpty())
        return g_current;
    // FinScope's strings are compiled into the program (qt_add_translations);
    // Qt's own (dialog buttons, context menus) come from the system's Qt.
    auto* own = new QTranslator(&app);
    if (own->load(u":/i18n/finscope_"_s + language))
        QCoreApplication::installTranslator(own);
    auto* qt = new QTranslator(&app);
    if (qt->load(QLocale(language), u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    QLocale::setDefault(QLocale(language));
    g_current = language;
    return g_current;
}

QString current()
{
    return g_current;
}

void setCurrentForTesting(const QString& language)
{
    g_current = language;
}

} // namespace UiLanguage
