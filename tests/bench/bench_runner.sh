#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark (not a test): wall time of `finscope run --json` for every
# catalogue scenario, with the kernel's floor beside it where a plain C
# equivalent exists (plain_scenarios.c: the same calls by the same processes
# in a fresh user + network namespace, without capture, sock_diag or
# settling). Then the whole catalogue, the engine's cost of an idle step
# (a step that sends nothing: usleep(0)), and the capture's drops.
# Medians of N runs. With BEFORE_BUILD_DIR, a "before ms" column runs that
# build's finscope interleaved with this one (run for run), so that both
# columns see the same load.
#   bench_runner.sh BUILD_DIR [N] [BEFORE_BUILD_DIR]
set -euo pipefail
build=${1:?usage: bench_runner.sh BUILD_DIR [RUNS]}
runs=${2:-10}
before=${3:-}
finscope="$build/bin/finscope"
plain="$build/bin/plain_scenarios"
here=$(cd "$(dirname "$0")" && pwd)
scenarios="$here/../../resources/scenarios"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

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
    echo "${d:-0}" >>"$work/drops"  # a file: this runs in a command substitution's subshell
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

median_pair_ms() {  # "after before": medians of "$finscope" and the before build, run alternately
  local a=() b=() t0 t1
  for _ in $(seq "$runs"); do
    t0=$(date +%s%N); "$before/bin/finscope" "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N)
    b+=($(( (t1 - t0) / 1000 )))
    t0=$(date +%s%N); "$finscope" "$@" >"$work/out" 2>&1 || true; t1=$(date +%s%N)
    a+=($(( (t1 - t0) / 1000 )))
    local d
    d=$(sed -n 's/.*"\([0-9]*\) packets were dropped by the capture.*/\1/p' "$work/out" | head -1)
    echo "${d:-0}" >>"$work/drops"
  done
  local m
  for m in "${a[*]}" "${b[*]}"; do
    printf '%s\n' $m | sort -n | awk '{x[NR]=$1} END {printf "%.1f ", x[int((NR+1)/2)]/1000}'
  done
  echo
}

floor_ms() {  # the plain C program for scenario $1, or "-" when there is none
  if "$plain" "$1" >/dev/null 2>&1; then
    median_ms unshare -Urn sh -c "ip link set lo up; exec '$plain' '$1'"
  else
    printf -- '-'
  fi
}

printf '%-36s %12s %12s %8s %12s\n' scenario "finscope ms" "floor ms" ratio "before ms"
total=0
totalBefore=0
for file in "$scenarios"/*.fsc; do
  id=$(basename "$file" .fsc); id=${id#[0-9][0-9]-}
  b="-"
  if [ -n "$before" ]; then
    read -r f b < <(median_pair_ms run --json "$file")
    totalBefore=$(awk -v a="$totalBefore" -v x="$b" 'BEGIN { print a + x }')
  else
    f=$(median_ms "$finscope" run --json "$file")
  fi
  total=$(awk -v a="$total" -v x="$f" 'BEGIN { print a + x }')
  p=$(floor_ms "$id"); r="-"
  [ "$p" != "-" ] && r=$(awk -v a="$f" -v x="$p" 'BEGIN { printf "%.1fx", a / x }')
  printf '%-36s %12s %12s %8s %12s\n' "$id" "$f" "$p" "$r" "$b"
done
printf '%-36s %12s %12s %8s %12s\n' "whole catalogue (sum of medians)" "$total" "" "" "${before:+$totalBefore}"

# An idle step: 1 against 101 usleep(0) steps; the floor is usleep(0) itself (~0).
idle() {
  printf 'title: idle steps\n\nclient: socket()\n' >"$work/idle$1.fsc"
  for _ in $(seq "$1"); do printf 'client: usleep(0)\n' >>"$work/idle$1.fsc"; done
  if [ -n "$before" ]; then median_pair_ms run --json "$work/idle$1.fsc"; else median_ms "$finscope" run --json "$work/idle$1.fsc"; fi
}
read -r one oneBefore < <(idle 1)
read -r many manyBefore < <(idle 101)
step="-"
[ -n "$before" ] && step=$(awk -v a="$oneBefore" -v b="$manyBefore" 'BEGIN { printf "%.2f", (b - a) / 100 }')
printf '%-36s %12s %12s %8s %12s\n' "engine overhead per idle step (ms)" \
  "$(awk -v a="$one" -v b="$many" 'BEGIN { printf "%.2f", (b - a) / 100 }')" "" "" "$step"
drops=$(awk '{n += $1} END {print n + 0}' "$work/drops" 2>/dev/null || echo 0)
printf '%-36s %12s\n' "packets dropped by the capture" "$drops"
