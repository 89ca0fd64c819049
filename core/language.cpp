// SPDX-License-Identifier: MIT
#include "core/language.h"

#include <cstdlib>

namespace finscope {

std::string languageOfLocale(std::string_view locale) {
    // Traditional Chinese locales (Taiwan, Hong Kong, Macau) get English
    // rather than a script their readers did not ask for.
    for (std::string_view traditional : {"zh_TW", "zh_HK", "zh_MO", "zh_Hant"})
        if (locale.substr(0, traditional.size()) == traditional) return {};
    if (locale == "zh" || locale.substr(0, 3) == "zh_" || locale.substr(0, 3) == "zh." || locale.substr(0, 3) == "zh@")
        return kChinese;
    return {};
}

std::string messageLanguage() {
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* value = std::getenv(name);
        if (value && *value) return languageOfLocale(value);
    }
    return {};
}

} // namespace finscope
