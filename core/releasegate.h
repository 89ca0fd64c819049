// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

namespace finscope {

/// Releases the steps of a `together:` block at one instant. The runner
/// says how many will come and sends each endpoint its step; each agent
/// prepares, arrives here and spins; the last to arrive opens the gate for
/// all, so their calls start within microseconds of each other.
///
/// The gate lives in a shared anonymous mapping made before the endpoints
/// are forked (shared() in the runner, before startEndpoint), so every
/// endpoint process, forked ones included, sees the same one.
class ReleaseGate {
public:
    /// The process's gate; the first call maps it.
    static ReleaseGate& shared();

    /// Runner side, before sending the block's steps: `count` agents will pass.
    void expect(unsigned count);
    /// The generation now: awaitRelease() waits for it to change.
    std::uint32_t generation() const;
    /// Agent side: arrive, and wait until all `count` have arrived; the last
    /// one to arrive opens the gate for all.
    void pass();
    /// Runner side: wait until the gate opened (false after `timeoutMs`,
    /// e.g. when an agent died; the gate is then opened for the others).
    bool awaitRelease(std::uint32_t before, int timeoutMs);

private:
    struct Words {
        std::uint32_t arrived;
        std::uint32_t generation;
        std::uint32_t expected;
    };
    void open();
    explicit ReleaseGate(Words* words) : m_words(words) {}
    Words* m_words;
};

} // namespace finscope
