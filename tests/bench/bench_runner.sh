#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark (not a test): wall time of `finscope run --json` for every
# catalogue scenario, with the kernel's floor beside it where a plain C
# equivalent exists (plain_scenarios.c: the same calls by the same processes
# in a fresh user + network namespace, without capture, sock_diag or
# settling). Then the whole catalogue, the engine's cost of an idle step
# (a step that sends nothing: usleep(0)), and the capture's drops.
# Medians of N runs.
#   bench_runner.sh BUILD_DIR [N]
set -euo pipefail
build=${1:?usage: bench_runner.sh BUILD_DIR [RUNS]}
runs=${2:-10}
finscope="$build/bin/finscope"
plain="$build/bin/plain_scenarios"
here=$(cd "$(dirname "$0")" && pwd)
scenarios="$here/../../resources/scenarios"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
drops=0

median_ms() {  # median wall time in ms of running "$@" $runs times
  local times=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >"$work/out" 2>&1 || true
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
    # Packets the kernel dropped before the capture saw them (a note says so).
    local d
    d=$(sed -n 's/.*"\([0-9]*\) packets were dropped by the capture.*/\1/p' "$work/out" | head -1)
    drops=$(( drops + ${d:-0} ))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

floor_ms() {  # the plain C program for scenario $1, or "-" when there is none
  if "$plain" "$1" >/dev/null 2>&1; then
    median_ms unshare -Urn sh -c "ip link set lo up; exec '$plain' '$1'"
  else
    printf -- '-'
  fi
}

printf '%-36s %12s %12s %8s\n' scenario "finscope ms" "floor ms" ratio
total=0
for file in "$scenarios"/*.fsc; do
  id=$(basename "$file" .fsc); id=${id#[0-9][0-9]-}
  f=$(median_ms "$finscope" run --json "$file")
  total=$(awk -v a="$total" -v b="$f" 'BEGIN { print a + b }')
  p=$(floor_ms "$id"); r="-"
  [ "$p" != "-" ] && r=$(awk -v a="$f" -v b="$p" 'BEGIN { printf "%.1fx", a / b }')
  printf '%-36s %12s %12s %8s\n' "$id" "$f" "$p" "$r"
done
printf '%-36s %12s\n' "whole catalogue (sum of medians)" "$total"

# An idle step: 1 against 101 usleep(0) steps; the floor is usleep(0) itself (~0).
idle() {
  printf 'title: idle steps\n\nclient: socket()\n' >"$work/idle$1.fsc"
  for _ in $(seq "$1"); do printf 'client: usleep(0)\n' >>"$work/idle$1.fsc"; done
  median_ms "$finscope" run --json "$work/idle$1.fsc"
}
one=$(idle 1); many=$(idle 101)
printf '%-36s %12s\n' "engine overhead per idle step (ms)" \
  "$(awk -v a="$one" -v b="$many" 'BEGIN { printf "%.2f", (b - a) / 100 }')"
printf '%-36s %12s\n' "packets dropped by the capture" "$drops"
