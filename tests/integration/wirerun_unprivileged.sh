#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Wire runs need no privilege: runs the wire catalogue scenarios with the real
# `finscope` program as an ordinary user and checks that their states were
# sampled from the kernel. As root (CI), it creates an unprivileged user and
# runs as that user; as an ordinary user, it runs as itself.
#   wirerun_unprivileged.sh FINSCOPE SCENARIO_DIR
set -euo pipefail
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
chmod 755 "$stage"
cp "$1" "$stage/finscope"
chmod 755 "$stage/finscope"
for id in fin-in-flight simultaneous-close lost-last-ack syn-lost; do
  cp "$2"/*-"$id".fsc "$stage/$id.fsc"
  chmod 644 "$stage/$id.fsc"
done

as_user() {
  if [ "$(id -u)" -eq 0 ]; then
    id finscope-ci >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin finscope-ci
    runuser -u finscope-ci -- "$@"
  else
    "$@"
  fi
}

# kind_has KIND TEXT: an event of that kind contains TEXT (keys come in any order).
kind_has() { grep "\"kind\":\"$1\"" "$out" | grep -q "$2"; }
# sampled ENDPOINT STATE: the kernel reported that state for the endpoint.
sampled() { grep '"kind":"state"' "$out" | grep "\"endpoint\":\"$1\"" | grep '"source":"sampled"' | grep -q "\"state\":\"$2\""; }

echo "running as: $(as_user id)"
out=$stage/out
for id in fin-in-flight simultaneous-close lost-last-ack syn-lost; do
  if ! as_user "$stage/finscope" run --json "$stage/$id.fsc" >"$out" 2>"$stage/err"; then
    if grep -q "private network namespace" "$stage/err"; then
      echo "SKIP-WORTHY: this machine refuses unprivileged user namespaces:"; cat "$stage/err"; exit 77
    fi
    echo "FAIL: $id as an unprivileged user exited non-zero"; cat "$stage/err"; tail -5 "$out"; exit 1
  fi
  kind_has run '"capture":"wire"' || { echo "FAIL: $id did not run on a wire"; head -2 "$out"; exit 1; }
  kind_has summary '"ok":true' || { echo "FAIL: $id did not succeed"; tail -3 "$out"; exit 1; }
  case $id in
    fin-in-flight) sampled client FIN_WAIT1 && sampled server LAST_ACK ;;
    simultaneous-close) sampled client CLOSING && sampled server CLOSING ;;
    lost-last-ack) kind_has packet '"fate":"dropped"' && sampled client TIME_WAIT ;;
    syn-lost) kind_has packet '"fate":"dropped"' && sampled client SYN_SENT ;;
  esac || { echo "FAIL: $id: the states were not sampled from the kernel"; grep '"kind":"state"' "$out"; exit 1; }
  echo "ok: $id as an ordinary user, $(grep -c '"kind":"packet"' "$out") frames on the wire"
done
