// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <vector>

/// Which kinds of question Predict mode asks about a call. Kept in core so
/// that the parser can check an author's `ask wire:` against the call it
/// follows (docs/predict-format.md, "The questions").
namespace finscope::fsc {

/// "return", "wire", "signal", "state": every kind, in the order they are asked.
const std::vector<std::string>& allQuestionTopics();

/// The kinds asked about `call` ("write" → return, wire, signal, state;
/// "sleep" → none), in that order.
std::vector<std::string> questionTopics(std::string_view call);

} // namespace finscope::fsc
