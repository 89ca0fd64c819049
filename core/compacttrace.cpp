// SPDX-License-Identifier: MIT
#include "core/compacttrace.h"

#include "core/tracejson.h"

#include <bit>
#include <cstring>

namespace finscope {

// A field added to one of these types must be written and read below; the
// sizes say when one was (on the x86-64 libstdc++ build CI and developers use).
#if defined(__x86_64__) && defined(__GLIBCXX__)
static_assert(sizeof(RunEvent) == 328 && sizeof(StepEvent) == 72 && sizeof(SyscallEvent) == 456 &&
                  sizeof(PacketEvent) == 448 && sizeof(StateEvent) == 272 && sizeof(SignalEvent) == 144 &&
                  sizeof(ExitEvent) == 88 && sizeof(ExpectEvent) == 128 && sizeof(NoteEvent) == 72 &&
                  sizeof(SummaryEvent) == 104 && sizeof(PauseEvent) == 40 && sizeof(WireEvent) == 104,
              "a trace event type changed: update CompactTrace's Writer and Reader (core/compacttrace.cpp)");
#endif

namespace {
// Short strings repeat (names, flags, addresses); long ones rarely do and
// would only fill the pool's index.
constexpr std::size_t kMaxPooledLength = 96;
// Past this many distinct strings, new ones are stored in their record.
constexpr std::size_t kMaxPooledStrings = 1 << 18;
constexpr std::size_t kBlockSize = 256 * 1024;
// The kind byte of an event stored as its JSON line.
constexpr std::uint8_t kJsonKind = 0xff;
} // namespace

/// Distinct short strings, each stored once, numbered from 0. Views into
/// the blocks stay valid: blocks are never moved or grown.
class CompactTrace::Pool {
public:
    /// The string's number, or -1 if it is not pooled (too long, pool full).
    std::int64_t intern(std::string_view s) {
        if (s.size() > kMaxPooledLength) return -1;
        if (auto it = m_index.find(s); it != m_index.end()) return it->second;
        if (m_views.size() >= kMaxPooledStrings) return -1;
        if (m_blocks.empty() || m_used + s.size() > kBlockSize) {
            m_blocks.push_back(std::make_unique<char[]>(kBlockSize));
            m_used = 0;
        }
        char* at = m_blocks.back().get() + m_used;
        if (!s.empty()) std::memcpy(at, s.data(), s.size());
        m_used += s.size();
        const std::string_view stored(at, s.size());
        const auto id = static_cast<std::uint32_t>(m_views.size());
        m_views.push_back(stored);
        m_index.emplace(stored, id);
        return id;
    }
    std::string_view get(std::uint64_t id) const { return m_views[id]; }
    std::size_t bytesUsed() const {
        // An unordered_map node: key, value, next pointer, cached hash; one bucket pointer each.
        return m_blocks.size() * kBlockSize + m_views.capacity() * sizeof(std::string_view) +
               m_index.size() * (sizeof(std::string_view) + 4 * sizeof(void*)) + m_index.bucket_count() * sizeof(void*);
    }

private:
    std::vector<std::unique_ptr<char[]>> m_blocks;
    std::size_t m_used = 0;
    std::vector<std::string_view> m_views;
    std::unordered_map<std::string_view, std::uint32_t> m_index;
};

/// Appends one event's fields as varints and string references.
class CompactTrace::Writer {
public:
    Writer(std::vector<std::uint8_t>& out, Pool& pool) : m_out(out), m_pool(pool) {}

    void u(std::uint64_t v) {
        while (v >= 0x80) {
            m_out.push_back(static_cast<std::uint8_t>(v | 0x80));
            v >>= 7;
        }
        m_out.push_back(static_cast<std::uint8_t>(v));
    }
    void i(std::int64_t v) { u((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63)); }
    void b(bool v) { m_out.push_back(v ? 1 : 0); }
    void s(std::string_view v) {
        // Even: a pool number; odd: the length of the bytes that follow.
        if (const std::int64_t id = m_pool.intern(v); id >= 0) return u(static_cast<std::uint64_t>(id) << 1);
        u((static_cast<std::uint64_t>(v.size()) << 1) | 1);
        m_out.insert(m_out.end(), v.begin(), v.end());
    }
    template <class T> void oi(const std::optional<T>& v) {
        b(v.has_value());
        if (v) i(static_cast<std::int64_t>(*v));
    }
    void os(const std::optional<std::string>& v) {
        b(v.has_value());
        if (v) s(*v);
    }

    void body(const RunEvent& e) {
        s(e.scenario), s(e.title), s(e.path);
        u(e.endpoints.size());
        for (const auto& ep : e.endpoints) s(ep);
        s(e.capture), s(e.captureNote), s(e.kernel), s(e.version);
        b(e.wire.has_value());
        if (!e.wire) return;
        u(e.wire->hosts.size());
        for (const auto& [endpoint, address] : e.wire->hosts) s(endpoint), s(address);
        i(e.wire->delayNs), u(std::bit_cast<std::uint64_t>(e.wire->loss)), u(e.wire->seed);
    }
    void body(const StepEvent& e) { i(e.index), i(e.line), s(e.endpoint), s(e.text); }
    void body(const SyscallEvent& e) {
        i(e.callId), s(e.endpoint), i(e.pid), s(e.call), s(e.args), s(e.socket), oi(e.ret), os(e.errnoName);
        os(e.errnoText), s(e.man), b(e.errnoStale), os(e.staleErrno), i(e.tEnterNs), oi(e.tExitNs), i(e.line);
        s(e.phase), b(e.blocked), s(e.result), s(e.note);
    }
    void body(const PacketEvent& e) {
        s(e.src), s(e.dst), os(e.from), os(e.to), s(e.flags), u(e.seq), u(e.ack), u(e.seqAbs), u(e.ackAbs);
        u(e.len), u(e.win), s(e.payloadHex), s(e.conn), oi(e.mss), oi(e.wscale), b(e.sackOk);
        u(e.sack.size());
        for (auto v : e.sack) u(v);
        oi(e.tsval), oi(e.tsecr), oi(e.winScaled);
        u(e.frame.size());
        m_out.insert(m_out.end(), e.frame.begin(), e.frame.end());
        i(e.linkType), u(e.frameLen);
        oi(e.frameId), s(e.fate), oi(e.deliveredNs), s(e.dropReason);
    }
    void body(const StateEvent& e) {
        s(e.endpoint), s(e.socket), s(e.state), s(e.source), u(e.recvQ), u(e.sendQ), s(e.local), s(e.remote);
        b(e.orphan), s(e.timer), s(e.conn);
    }
    void body(const SignalEvent& e) { s(e.endpoint), s(e.signal), s(e.disposition), s(e.action), oi(e.callId); }
    void body(const ExitEvent& e) { s(e.endpoint), i(e.pid), oi(e.status), os(e.signal); }
    void body(const ExpectEvent& e) { i(e.line), s(e.endpoint), b(e.ok), s(e.expected), s(e.actual), oi(e.callId); }
    void body(const NoteEvent& e) { s(e.level), s(e.text), i(e.line); }
    void body(const PauseEvent& e) {
        i(e.index), i(e.line), b(e.held.has_value());
        if (!e.held) return;
        u(e.held->size());
        for (auto f : *e.held) i(f);
    }
    void body(const WireEvent& e) { i(e.frame), s(e.fate), s(e.conn), s(e.dropReason); }
    void body(const SummaryEvent& e) {
        b(e.ok), i(e.expectations), i(e.failed), s(e.capture), i(e.packets), i(e.events), i(e.durationNs);
        s(e.error), b(e.stopped);
    }

private:
    std::vector<std::uint8_t>& m_out;
    Pool& m_pool;
};

/// Reads back what Writer wrote, in the same order.
class CompactTrace::Reader {
public:
    Reader(const std::uint8_t* at, const Pool& pool) : m_at(at), m_pool(pool) {}

    std::uint64_t u() {
        std::uint64_t v = 0;
        for (int shift = 0;; shift += 7) {
            const std::uint8_t byte = *m_at++;
            v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if (!(byte & 0x80)) return v;
        }
    }
    std::int64_t i() {
        const std::uint64_t v = u();
        return static_cast<std::int64_t>((v >> 1) ^ (~(v & 1) + 1));
    }
    bool b() { return *m_at++ != 0; }
    std::string s() {
        const std::uint64_t v = u();
        if (!(v & 1)) return std::string(m_pool.get(v >> 1));
        const auto* start = reinterpret_cast<const char*>(m_at);
        m_at += v >> 1;
        return std::string(start, static_cast<std::size_t>(v >> 1));
    }
    template <class T> void oi(std::optional<T>& v) {
        if (b()) v = static_cast<T>(i());
    }
    void os(std::optional<std::string>& v) {
        if (b()) v = s();
    }
    template <class T> void n(T& v) { v = static_cast<T>(i()); }
    template <class T> void un(T& v) { v = static_cast<T>(u()); }

    void body(RunEvent& e) {
        e.scenario = s(), e.title = s(), e.path = s();
        e.endpoints.resize(u());
        for (auto& ep : e.endpoints) ep = s();
        e.capture = s(), e.captureNote = s(), e.kernel = s(), e.version = s();
        if (!b()) return;
        auto& wire = e.wire.emplace();
        for (auto count = u(); count > 0; --count) {
            std::string endpoint = s();
            wire.hosts[endpoint] = s();
        }
        n(wire.delayNs), wire.loss = std::bit_cast<double>(u()), un(wire.seed);
    }
    void body(StepEvent& e) { n(e.index), n(e.line), e.endpoint = s(), e.text = s(); }
    void body(SyscallEvent& e) {
        n(e.callId), e.endpoint = s(), n(e.pid), e.call = s(), e.args = s(), e.socket = s(), oi(e.ret);
        os(e.errnoName), os(e.errnoText), e.man = s(), e.errnoStale = b(), os(e.staleErrno), n(e.tEnterNs);
        oi(e.tExitNs), n(e.line), e.phase = s(), e.blocked = b(), e.result = s(), e.note = s();
    }
    void body(PacketEvent& e) {
        e.src = s(), e.dst = s(), os(e.from), os(e.to), e.flags = s(), un(e.seq), un(e.ack), un(e.seqAbs);
        un(e.ackAbs), un(e.len), un(e.win), e.payloadHex = s(), e.conn = s(), oi(e.mss), oi(e.wscale);
        e.sackOk = b();
        e.sack.resize(u());
        for (auto& v : e.sack) un(v);
        oi(e.tsval), oi(e.tsecr), oi(e.winScaled);
        e.frame.resize(u());
        if (!e.frame.empty()) std::memcpy(e.frame.data(), m_at, e.frame.size());
        m_at += e.frame.size();
        n(e.linkType), un(e.frameLen);
        oi(e.frameId), e.fate = s(), oi(e.deliveredNs), e.dropReason = s();
    }
    void body(StateEvent& e) {
        e.endpoint = s(), e.socket = s(), e.state = s(), e.source = s(), un(e.recvQ), un(e.sendQ);
        e.local = s(), e.remote = s(), e.orphan = b(), e.timer = s(), e.conn = s();
    }
    void body(SignalEvent& e) { e.endpoint = s(), e.signal = s(), e.disposition = s(), e.action = s(), oi(e.callId); }
    void body(ExitEvent& e) { e.endpoint = s(), n(e.pid), oi(e.status), os(e.signal); }
    void body(ExpectEvent& e) { n(e.line), e.endpoint = s(), e.ok = b(), e.expected = s(), e.actual = s(), oi(e.callId); }
    void body(NoteEvent& e) { e.level = s(), e.text = s(), n(e.line); }
    void body(PauseEvent& e) {
        n(e.index), n(e.line);
        if (!b()) return;
        auto& held = e.held.emplace(u());
        for (auto& f : held) n(f);
    }
    void body(WireEvent& e) { n(e.frame), e.fate = s(), e.conn = s(), e.dropReason = s(); }
    void body(SummaryEvent& e) {
        e.ok = b(), n(e.expectations), n(e.failed), e.capture = s(), n(e.packets), n(e.events), n(e.durationNs);
        e.error = s(), e.stopped = b();
    }

private:
    const std::uint8_t* m_at;
    const Pool& m_pool;
};

namespace {
/// Types the codec knows (a `requires` on Writer::body would also match
/// conversions; an explicit list is plainer).
template <class T>
constexpr bool kKnown = std::is_same_v<T, RunEvent> || std::is_same_v<T, StepEvent> || std::is_same_v<T, SyscallEvent> ||
                        std::is_same_v<T, PacketEvent> || std::is_same_v<T, StateEvent> ||
                        std::is_same_v<T, SignalEvent> || std::is_same_v<T, ExitEvent> ||
                        std::is_same_v<T, ExpectEvent> || std::is_same_v<T, NoteEvent> ||
                        std::is_same_v<T, PauseEvent> || std::is_same_v<T, SummaryEvent> ||
                        std::is_same_v<T, WireEvent>;

/// Default-constructs alternative `index` of the body, so that Reader can fill it.
template <std::size_t I = 0> EventBody bodyAt(std::size_t index) {
    if constexpr (I < std::variant_size_v<EventBody>) {
        if (index == I) return EventBody(std::in_place_index<I>);
        return bodyAt<I + 1>(index);
    } else {
        return EventBody{};
    }
}
} // namespace

CompactTrace::CompactTrace() : m_pool(std::make_unique<Pool>()) {}
CompactTrace::~CompactTrace() = default;

void CompactTrace::append(const TraceEvent& event) {
    if (m_offsets.empty()) m_baseNs = event.tNs;
    const auto position = static_cast<std::int64_t>(m_offsets.size());
    m_offsets.push_back(m_bytes.size());
    Writer w(m_bytes, *m_pool);
    const bool known = std::visit([](const auto& body) { return kKnown<std::decay_t<decltype(body)>>; }, event.body);
    if (!known) {
        // A kind added after this codec: its JSON line keeps every field.
        m_bytes.push_back(kJsonKind);
        w.s(toJsonLine(event));
        return;
    }
    m_bytes.push_back(static_cast<std::uint8_t>(event.body.index()));
    w.i(event.id - position);   // 0 for a trace read in order
    w.i(event.tNs - m_baseNs);
    w.u(event.causes.size());
    for (auto c : event.causes) w.i(event.id - c);
    w.s(event.why);
    std::visit([&w](const auto& body) {
        if constexpr (kKnown<std::decay_t<decltype(body)>>) w.body(body);
    }, event.body);
}

TraceEvent CompactTrace::at(std::size_t index) const {
    const std::uint8_t kind = m_bytes[m_offsets[index]];
    Reader body(m_bytes.data() + m_offsets[index] + 1, *m_pool);
    if (kind == kJsonKind) {
        auto parsed = parseTraceLine(body.s());
        return std::move(parsed.event);
    }
    TraceEvent e;
    e.body = bodyAt(kind);
    e.id = body.i() + static_cast<std::int64_t>(index);
    e.tNs = body.i() + m_baseNs;
    e.causes.resize(body.u());
    for (auto& c : e.causes) c = e.id - body.i();
    e.why = body.s();
    std::visit([&body](auto& b) {
        if constexpr (kKnown<std::decay_t<decltype(b)>>) body.body(b);
    }, e.body);
    return e;
}

void CompactTrace::clear() {
    m_bytes = {};
    m_offsets = {};
    m_pool = std::make_unique<Pool>();
    m_baseNs = 0;
}

void CompactTrace::truncate(std::size_t count) {
    if (count >= m_offsets.size())
        return;
    m_bytes.resize(static_cast<std::size_t>(m_offsets[count]));
    m_offsets.resize(count);
    if (count == 0)
        m_baseNs = 0;
}

std::size_t CompactTrace::bytesUsed() const {
    return m_bytes.capacity() + m_offsets.capacity() * sizeof(std::uint64_t) + m_pool->bytesUsed();
}

} // namespace finscope
