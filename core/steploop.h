// SPDX-License-Identifier: MIT
#pragma once

#include "core/agentprotocol.h"
#include "core/scenario.h"

#include <functional>
#include <vector>

namespace finscope {

/// Runs a step written with a loop (`until EAGAIN`, `until 0`, `5 times`)
/// inside the endpoint, without a round trip per call, and keeps the reply
/// small: a loop of thousands of calls shows its first and last calls in
/// full and says what the ones between did.
class StepLoop {
public:
    /// One pass of the step: the records of its calls.
    using Once = std::function<std::vector<agent::CallRecord>()>;

    static std::vector<agent::CallRecord> run(const Step& step, const Once& once);

    /// How many call ids a step may use: the runner hands out ranges.
    static std::int64_t callIdRange(const Step& step);

    /// Calls kept in full at each end of a long loop.
    static constexpr std::size_t kShown = 10;
};

} // namespace finscope
