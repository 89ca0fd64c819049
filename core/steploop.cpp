// SPDX-License-Identifier: MIT
#include "core/steploop.h"

#include "core/names.h"
#include "core/scenarioparser.h"

#include <algorithm>
#include <string>

namespace finscope {
namespace {

bool isRead(const std::string& call) { return call == "read" || call == "recv"; }

/// Whether the loop ends after this call. `until X` stops at X, and also
/// where a C loop `while (call() > 0)` would: at an error or at the end of
/// the file, which would otherwise repeat for ever. A SIGPIPE whose default
/// action kills the process ends every loop: the process is dead.
bool ends(const Repeat& r, const agent::CallRecord& c) {
    if (c.sigpipe && c.sigpipeDisposition == "default") return true;
    if (!c.ret) return true;
    if (r.kind == Repeat::Kind::Times) return false;
    const std::int64_t ret = *c.ret;
    if (r.kind == Repeat::Kind::UntilReturn && ret == r.ret) return true;
    if (r.kind == Repeat::Kind::UntilErrno && ret == -1 && names::errnoValue(r.errnoName) == c.err) return true;
    return ret == -1 || (ret == 0 && isRead(c.call));
}

/// What the calls of a long loop that are not shown did, kept as figures
/// only: a read loop's data would otherwise pile up in memory.
struct Hidden {
    std::int64_t count = 0, lo = 0, hi = 0, bytes = 0;
    void add(const agent::CallRecord& c) {
        const std::int64_t r = c.ret.value_or(0);
        lo = count == 0 ? r : std::min(lo, r);
        hi = count == 0 ? r : std::max(hi, r);
        if (r > 0) bytes += r;
        ++count;
    }
    std::string note() const {
        std::string out = std::to_string(count) + " more calls of the loop are not shown; they returned ";
        out += lo == hi ? std::to_string(lo) + " each" : std::to_string(lo) + " to " + std::to_string(hi);
        if (bytes > 0) out += " (" + std::to_string(bytes) + " bytes in all)";
        return out;
    }
};

} // namespace

std::int64_t StepLoop::callIdRange(const Step& step) {
    // A pass makes at most three calls (listen(), epoll_wait()).
    return step.repeat ? 1000 + 3 * kMaxRepeat : 1000;
}

std::vector<agent::CallRecord> StepLoop::run(const Step& step, const Once& once) {
    const Repeat& r = *step.repeat;
    const std::int64_t limit = r.kind == Repeat::Kind::Times ? r.count : kMaxRepeat;
    std::vector<agent::CallRecord> head, tail;
    Hidden hidden;
    std::int64_t calls = 0;
    bool ended = false;
    while (calls < limit && !ended) {
        auto pass = once();
        if (pass.empty()) break;
        ++calls;
        ended = ends(r, pass.back());
        for (auto& c : pass) {
            if (head.size() < kShown) {
                head.push_back(std::move(c));
                continue;
            }
            tail.push_back(std::move(c));
            if (tail.size() > kShown) {
                hidden.add(tail.front());
                tail.erase(tail.begin());
            }
        }
    }
    if (hidden.count > 0 && !tail.empty())
        tail.front().note += (tail.front().note.empty() ? "" : "; ") + hidden.note();
    head.insert(head.end(), std::make_move_iterator(tail.begin()), std::make_move_iterator(tail.end()));
    // Only the last call's bytes can be expected (data=); the others keep
    // their short preview in `result`, so a read loop's reply stays small.
    for (std::size_t i = 0; i + 1 < head.size(); ++i) head[i].data.clear();
    if (!head.empty()) {
        std::string& note = head.back().note;
        note += note.empty() ? "" : "; ";
        note += "call " + std::to_string(calls) + " of '" + r.text + "'";
        if (r.kind != Repeat::Kind::Times && !ended)
            note += ": stopped after " + std::to_string(kMaxRepeat) + " calls, the condition never came";
    }
    return head;
}

} // namespace finscope
