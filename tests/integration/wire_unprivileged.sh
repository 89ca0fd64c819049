#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The wire needs no privilege: runs the wire's kernel-truth tests (tst_wire)
# as an ordinary user. As root (CI), it creates an unprivileged user and runs
# as that user; as an ordinary user, it runs as itself.
#   wire_unprivileged.sh TST_WIRE
set -euo pipefail
# The build tree may sit where an ordinary user cannot reach (under /root):
# give the user its own copy, so that only what is tested can fail.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
chmod 755 "$stage"
cp "$1" "$stage/tst_wire"
chmod 755 "$stage/tst_wire"

as_user() {
  if [ "$(id -u)" -eq 0 ]; then
    id finscope-ci >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin finscope-ci
    runuser -u finscope-ci -- "$@"
  else
    "$@"
  fi
}

echo "running as: $(as_user id)"
out=$stage/out
if ! as_user "$stage/tst_wire" >"$out" 2>&1; then
  echo "FAIL: the wire's tests failed as an unprivileged user"; cat "$out"; exit 1
fi
if grep -q "needs a private user + network namespace" "$out"; then
  echo "SKIP-WORTHY: this machine refuses unprivileged user namespaces:"
  grep -m1 "needs a private" "$out"
  exit 77
fi
grep -q "PASSED" "$out" || { echo "FAIL: no test passed"; cat "$out"; exit 1; }
grep -E "^\[  PASSED|CLOSING on both|asked|dropped" "$out"
echo "ok: the wire works for an ordinary user"
