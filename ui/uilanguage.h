// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

class QCoreApplication;

/// The language of the interface: English, or Simplified Chinese when the
/// system's message locale is Chinese or the user chose it in View ▸
/// Language (kept in QSettings, so no environment variable is needed).
/// A change takes effect at the next start: every window is built with
/// the translators already installed.
namespace UiLanguage {

/// What the user chose: "" follows the system, "en" or "zh_CN".
QString choice();
void setChoice(const QString& language);
/// The system's message language as core/language.h decides it: "zh_CN" or "" (English).
QString systemLanguage();
/// What the next start will use: "zh_CN" or "" (English).
QString effective();
/// Installs the translators for effective() (FinScope's own strings, built
/// from translations/*.ts, and Qt's). Returns the language installed.
QString install(QCoreApplication& app);
/// The language install() put in place: "zh_CN" or "".
QString current();
/// For tests: pretends install() chose `language` (the GUI's localized
/// catalogue and errno texts follow current()).
void setCurrentForTesting(const QString& language);
inline bool isChinese() { return current() == QLatin1String("zh_CN"); }

} // namespace UiLanguage
