#!/bin/sh
# SPDX-License-Identifier: MIT
# Opening a 1,000,000-event JSON trace in the desktop program: the old way
# (read whole, a DOM per line, on the window's thread) against the new
# (worker thread, batches, compact records), each in a fresh process, RUNS times.
#   tests/bench/bench_load.sh build/ci [RUNS] [EVENTS]
set -eu
build=${1:?usage: bench_load.sh BUILD_DIR [RUNS] [EVENTS]}
runs=${2:-3}
events=${3:-1000000}
bench="$build/bin/bench_load"
trace=${TMPDIR:-/tmp}/finscope-bench-$events.jsonl
if [ ! -s "$trace" ]; then
    echo "generating $trace ($events events)"
    "$bench" generate "$trace" "$events"
fi
ls -l "$trace"
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
export XDG_CONFIG_HOME=$(mktemp -d)
i=0
while [ "$i" -lt "$runs" ]; do
    "$bench" old "$trace"
    "$bench" new "$trace"
    i=$((i + 1))
done
rm -rf "$XDG_CONFIG_HOME"
