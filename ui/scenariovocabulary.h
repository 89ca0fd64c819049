// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

/// The words a scenario is written in, from the parser's own tables
/// (core/names.h and the call table of core/scenario/): what the editor
/// colours and offers to complete.
namespace ScenarioVocabulary {

/// `socket`, `connect`, `write`, ...
QStringList callNames();
/// errno and signal names, flags of every set, socket options: `EPIPE`, `SIGPIPE`, `MSG_NOSIGNAL`, `SO_LINGER`.
QStringList constantNames();
/// The words of the step syntax: `times`, `until`, `together`, `wire`, `state`, ...
QStringList keywords();
/// Everything above and the header keys, sorted, without duplicates: the completer's list.
QStringList completions();

} // namespace ScenarioVocabulary
