#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `finscope import` of a 1,000,008-packet teardown capture, against a bare
# libpcap read loop and `tcpdump -nn -r` on the same file in the same run.
# Goals (docs/benchmarks.md): the full connection list in <= 1 s, <= 150
# bytes resident per packet. Needs tcpdump for the comparison
# (apt-get install tcpdump; the bench only, not a build dependency).
#
#   tests/bench/bench_import.sh BUILD_DIR [RUNS] [CAPTURE]
set -euo pipefail
build=${1:?usage: bench_import.sh BUILD_DIR [RUNS] [CAPTURE]}
runs=${2:-5}
capture=${3:-${TMPDIR:-/tmp}/finscope-bench-teardown.pcap}
bin=$build/bin

[ -f "$capture" ] || "$bin/gen_teardown_capture" "$capture"
packets=$("$bin/pcap_read_loop" "$capture" | cut -d' ' -f1)
size=$(stat -c %s "$capture")
echo "capture: $capture, $packets packets, $((size / 1000000)) MB"

# measure LABEL CMD...: median wall seconds and largest max RSS (KB) of $runs runs.
measure() {
  local label=$1; shift
  local walls=() rss=0 stats
  stats=$(mktemp)
  for _ in $(seq "$runs"); do
    local out
    /usr/bin/time -o "$stats" -f "%e %M" "$@" >/dev/null 2>&1 || true
    out=$(tail -1 "$stats")
    walls+=("${out% *}")
    [ "${out#* }" -gt "$rss" ] && rss=${out#* }
  done
  rm -f "$stats"
  local median
  median=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  printf '%-34s %8s s  %8d KB  %6.1f B/packet\n' "$label" "$median" "$rss" \
    "$(echo "$rss * 1024 / $packets" | bc -l)"
}

measure "libpcap read loop (floor)" "$bin/pcap_read_loop" "$capture"
measure "finscope import (connection list)" "$bin/finscope" import "$capture"
measure "finscope import --json" "$bin/finscope" import --json "$capture"
measure "finscope import --conn 5000" "$bin/finscope" import --conn 5000 "$capture"
if command -v tcpdump >/dev/null; then
  runs=1 measure "tcpdump -nn -r (1 run)" tcpdump -nn -r "$capture"
else
  echo "tcpdump -nn -r: not installed (apt-get install tcpdump)"
fi

# The same capture opened in the desktop program: the list, stalls, memory, one connection's ladder.
if [ -x "$bin/bench_capture_gui" ]; then
  QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$bin/bench_capture_gui" "$capture" 2>/dev/null
fi
