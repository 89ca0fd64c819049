// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

/// Which language FinScope speaks to its user: English, or Simplified
/// Chinese under a Chinese locale. Machine output (JSON) never changes.
namespace finscope {

inline constexpr const char* kChinese = "zh_CN";

/// The message language from the environment, as setlocale() would choose
/// it: the first non-empty of LC_ALL, LC_MESSAGES, LANG. "zh_CN" for a
/// Simplified Chinese locale (zh_CN, zh_SG, zh_Hans, plain zh); "" for
/// anything else, which means English.
std::string messageLanguage();

/// The same decision for one locale name ("zh_CN.UTF-8" -> "zh_CN").
std::string languageOfLocale(std::string_view locale);

} // namespace finscope
