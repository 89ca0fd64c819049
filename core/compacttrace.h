// SPDX-License-Identifier: MIT
#pragma once

#include "core/traceevent.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

/// A trace kept in memory compactly: a TraceEvent is ~540 bytes plus its
/// strings, but the strings of a trace repeat (endpoints, calls, flags,
/// addresses, states, the engine's why sentences). Each event is stored as
/// a few bytes of varints with its repeated strings as numbers into one
/// pool, and decoded back into a TraceEvent on demand (a few hundred
/// nanoseconds). A million-event trace takes ~60 MB instead of ~600 MB.
///
/// Extensible: an event type the codec does not know (added to EventBody
/// later) is stored as its JSON line and read back with parseTraceLine, so it
/// round-trips, only less compactly. A field added to a known type must be
/// added to the codec (compacttrace.cpp fails to compile until it is).
namespace finscope {

class CompactTrace {
public:
    CompactTrace();
    ~CompactTrace();
    CompactTrace(const CompactTrace&) = delete;
    CompactTrace& operator=(const CompactTrace&) = delete;

    void append(const TraceEvent& event);
    /// The event at `index` (< size()), decoded.
    TraceEvent at(std::size_t index) const;
    std::size_t size() const { return m_offsets.size(); }
    bool empty() const { return m_offsets.empty(); }
    void clear();
    /// Keeps the first `count` events (count <= size()); the pooled strings stay.
    void truncate(std::size_t count);
    /// Heap bytes held: records, offsets, pooled strings and the pool's index.
    std::size_t bytesUsed() const;

private:
    class Pool;
    class Writer;
    class Reader;

    std::vector<std::uint8_t> m_bytes;       ///< every record, back to back
    std::vector<std::uint64_t> m_offsets;    ///< record i starts at m_offsets[i]
    std::unique_ptr<Pool> m_pool;
    std::int64_t m_baseNs = 0;               ///< times are stored relative to the first event's
};

} // namespace finscope
