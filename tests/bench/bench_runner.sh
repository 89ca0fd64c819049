#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark (not a test): wall time of `finscope run --json` for every
# catalogue scenario, and, where a plain C equivalent exists
# (plain_scenarios.c), the ratio against it. Medians of N runs.
#   bench_runner.sh BUILD_DIR [N]
set -euo pipefail
build=${1:?usage: bench_runner.sh BUILD_DIR [RUNS]}
runs=${2:-10}
finscope="$build/bin/finscope"
plain="$build/bin/plain_scenarios"
here=$(cd "$(dirname "$0")" && pwd)
scenarios="$here/../../resources/scenarios"

median_ms() {  # median wall time in ms of running "$@" $runs times
  local times=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

printf '%-36s %12s %12s %8s\n' scenario "finscope ms" "plain C ms" ratio
for file in "$scenarios"/*.fsc; do
  id=$(basename "$file" .fsc); id=${id#[0-9][0-9]-}
  f=$(median_ms "$finscope" run --json "$file")
  p="-"; r="-"
  if "$plain" "$id" >/dev/null 2>&1; then
    p=$(unshare -Urn sh -c "ip link set lo up 2>/dev/null; true" >/dev/null 2>&1; median_ms unshare -Urn sh -c "ip link set lo up; exec '$plain' '$id'")
    r=$(awk -v a="$f" -v b="$p" 'BEGIN { printf "%.1fx", a / b }')
  fi
  printf '%-36s %12s %12s %8s\n' "$id" "$f" "$p" "$r"
done
