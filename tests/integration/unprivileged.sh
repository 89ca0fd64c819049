#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Proves FinScope works for an ordinary user: no root, no capabilities.
# As root (CI), it creates an unprivileged user and runs as that user;
# as an ordinary user, it runs as itself.
#   unprivileged.sh FINSCOPE SCENARIO_FILE
set -euo pipefail
out=$(mktemp)
# The build tree may sit where an ordinary user cannot reach (under /root):
# give the user its own copies, so that only what is tested can fail.
stage=$(mktemp -d)
chmod 755 "$stage"
cp "$1" "$stage/finscope"
cp "$2" "$stage/scenario.fsc"
chmod 755 "$stage/finscope"; chmod 644 "$stage/scenario.fsc"
finscope=$stage/finscope
scenario=$stage/scenario.fsc
trap 'rm -rf "$out" "$stage"' EXIT

# kind_has KIND TEXT: an event of that kind contains TEXT (keys come in any order).
kind_has() { grep "\"kind\":\"$1\"" "$out" | grep -q "$2"; }

as_user() {
  if [ "$(id -u)" -eq 0 ]; then
    id finscope-ci >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin finscope-ci
    runuser -u finscope-ci -- env "$@"
  else
    env "$@"
  fi
}

# 1. The normal path: a private user + network namespace, packets captured.
if ! as_user "$finscope" run --json "$scenario" >"$out"; then
  echo "FAIL: finscope run as an unprivileged user exited non-zero"; cat "$out"; exit 1
fi
if grep -q '"capture":"none"' "$out" && grep -q 'refuses unprivileged user namespaces' "$out"; then
  echo "SKIP-WORTHY: this machine refuses unprivileged user namespaces:"
  grep -o '"capture_note":"[^"]*"' "$out" | head -1
  exit 77
fi
kind_has run '"capture":"namespace"' || { echo "FAIL: not in a private namespace"; head -3 "$out"; exit 1; }
grep -q '"kind":"packet"' "$out" || { echo "FAIL: no packets captured as an unprivileged user"; exit 1; }
grep -q '"kind":"state"' "$out" || { echo "FAIL: no TCP states sampled as an unprivileged user"; exit 1; }
kind_has summary '"ok":true' || { echo "FAIL: the run did not succeed"; tail -3 "$out"; exit 1; }
echo "ok: unprivileged run in a private namespace with $(grep -c '"kind":"packet"' "$out") packets"

# 2. The fallback: namespaces unavailable and no right to capture on the host.
#    The run must still work, and say on its output that there are no packets.
if ! as_user FINSCOPE_NO_NAMESPACE=1 "$finscope" run --json "$scenario" >"$out"; then
  echo "FAIL: fallback run exited non-zero"; tail -5 "$out"; exit 1
fi
if kind_has run '"capture":"host"'; then
  kind_has summary '"ok":true' || { echo "FAIL: host-mode fallback run did not succeed"; exit 1; }
  echo "ok: fallback on the host loopback (this user may capture there)"
else
  kind_has run '"capture":"none"' || { echo "FAIL: fallback did not report capture none"; exit 1; }
  kind_has note 'No packets can be captured' || { echo "FAIL: no-capture banner missing"; exit 1; }
  ! grep -q '"kind":"packet"' "$out" || { echo "FAIL: packets without capture?"; exit 1; }
  grep -q '"kind":"syscall"' "$out" || { echo "FAIL: no syscalls in fallback"; exit 1; }
  echo "ok: fallback without capture says so and still shows syscalls and states"
fi
