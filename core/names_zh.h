// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

/// Simplified Chinese for what core/names.h says in English: the meaning of
/// each errno (in the words zh_CN glibc prints, so a learner recognises them
/// from a terminal), a hint for the errors TCP teardown produces, and how to
/// read a man page reference. Keyed by the C name, which stays as it is.
namespace finscope::names {

/// `"EPIPE"` → `"断开的管道"`; "" for a name without a translation.
std::string errnoMeaningZh(std::string_view errnoName);
/// A sentence for learners about why this error happens on a socket
/// (`"ECONNRESET"` → `"对端发来了 RST ..."`); "" when there is none.
std::string errnoHintZh(std::string_view errnoName);
/// `"send(2)/tcp(7)"` → `"参见手册页 send(2)、tcp(7)（终端中输入 man 2 send）"`.
std::string manPageHintZh(std::string_view pages);

} // namespace finscope::names
