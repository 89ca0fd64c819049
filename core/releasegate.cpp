// SPDX-License-Identifier: MIT
#include "core/releasegate.h"

#include "core/clock.h"

#include <climits>
#include <ctime>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace finscope {
namespace {

// Not FUTEX_PRIVATE_FLAG: the words are shared between processes.
long futex(std::uint32_t* word, int op, std::uint32_t value, const timespec* timeout = nullptr) {
    return ::syscall(SYS_futex, word, op, value, timeout, nullptr, 0);
}

std::uint32_t load(std::uint32_t* w) { return __atomic_load_n(w, __ATOMIC_SEQ_CST); }

/// How long an agent spins before it sleeps: longer than the runner takes to
/// hand out a block's steps, short enough not to matter when one is missing.
constexpr std::int64_t kSpinMs = 200;

} // namespace

ReleaseGate& ReleaseGate::shared() {
    static ReleaseGate gate([] {
        void* page = ::mmap(nullptr, sizeof(Words), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        return page == MAP_FAILED ? nullptr : static_cast<Words*>(page);
    }());
    return gate;
}

void ReleaseGate::expect(unsigned count) {
    if (!m_words) return;
    __atomic_store_n(&m_words->arrived, 0, __ATOMIC_SEQ_CST);
    __atomic_store_n(&m_words->expected, count, __ATOMIC_SEQ_CST);
}

void ReleaseGate::open() {
    __atomic_store_n(&m_words->expected, 0, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&m_words->generation, 1, __ATOMIC_SEQ_CST);
    futex(&m_words->generation, FUTEX_WAKE, INT_MAX);
}

void ReleaseGate::pass() {
    if (!m_words) return;
    // The generation is read before arriving, and only the last arrival
    // changes it, so no agent can miss its own release.
    const std::uint32_t generation = load(&m_words->generation);
    const std::uint32_t arrived = __atomic_add_fetch(&m_words->arrived, 1, __ATOMIC_SEQ_CST);
    if (arrived >= load(&m_words->expected)) {
        // The last one opens the gate itself: the others are spinning on
        // other CPUs and see it at once, where a wake-up through the runner
        // and the scheduler costs tens to hundreds of microseconds, and that
        // difference decides whether two FINs cross.
        open();
        return;
    }
    const std::int64_t spinUntil = monotonicMs() + kSpinMs;
    while (load(&m_words->generation) == generation && monotonicMs() < spinUntil) __builtin_ia32_pause();
    while (load(&m_words->generation) == generation) futex(&m_words->generation, FUTEX_WAIT, generation);
}

bool ReleaseGate::awaitRelease(std::uint32_t before, int timeoutMs) {
    if (!m_words) return false;
    const std::int64_t deadline = monotonicMs() + timeoutMs;
    for (;;) {
        const std::uint32_t now = load(&m_words->generation);
        if (now != before) return true;
        if (monotonicMs() >= deadline) break;
        const timespec wait{0, 10'000'000};  // re-check the deadline now and then
        futex(&m_words->generation, FUTEX_WAIT, now, &wait);
    }
    open();  // one never came (it died): free the others
    return false;
}

std::uint32_t ReleaseGate::generation() const { return m_words ? load(&m_words->generation) : 0; }

} // namespace finscope
