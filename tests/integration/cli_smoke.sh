#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Smoke tests of the command line as a user types it.
#   cli_smoke.sh FINSCOPE DATA_DIR
set -uo pipefail
finscope=$1
data=$2
failures=0
out=$(mktemp); err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

expect() {  # expect NAME STATUS REGEX_ON_STDOUT_AND_STDERR -- ARGS...
  local name=$1 status=$2 regex=$3; shift 4
  "$finscope" "$@" >"$out" 2>"$err"
  local got=$?
  if [ "$got" -ne "$status" ]; then
    echo "FAIL $name: exit $got, expected $status"; cat "$err"; failures=$((failures + 1)); return
  fi
  if ! cat "$out" "$err" | grep -Eq -- "$regex"; then
    echo "FAIL $name: output does not match /$regex/"; head -20 "$out" "$err"; failures=$((failures + 1)); return
  fi
  echo "ok $name"
}

expect version        0 '^finscope [0-9]+\.[0-9]+\.[0-9]+ \(libpcap'          -- --version
expect help           0 'finscope run'                                       -- --help
expect no-args        2 'Usage'
expect list           0 'write-after-peer-close'                             -- list
expect list-json      0 '"id":"graceful-close"'                              -- list --json
expect check-ok       0 'ok, [0-9]+ steps'                                   -- check "$data/unprivileged.fsc"
expect check-flag     2 'bad\.fsc:5:[0-9]+: .*MSG_NOSIGNALL.*MSG_NOSIGNAL'    -- check "$data/bad.fsc"
expect check-call     2 'bad\.fsc:6:9: .*frobnicate'                         -- check "$data/bad.fsc"
expect run-bad-file   2 'bad\.fsc:5:'                                        -- run "$data/bad.fsc"
expect unknown        2 "no scenario 'no-such-thing'"                        -- run no-such-thing
expect missing-file   2 'cannot read|no scenario'                            -- check /nonexistent/x.fsc
expect unknown-option 2 'unknown option --frob'                              -- run --frob graceful-close
expect run-by-id      0 'expectations held'                                  -- run write-after-peer-close
expect run-text-lanes 0 'wire +(client|server) -> (client|server) +R'         -- run write-after-peer-close
expect show           0 'title: '                                            -- show graceful-close
expect list-pairs     0 'compare with: linger-abortive-close'                -- list
expect list-json-pair 0 '"compare_with":\["linger-abortive-close"'          -- list --json
LANG=zh_CN.UTF-8 expect list-zh      0 '关闭连接'                             -- list
LANG=zh_CN.UTF-8 expect run-zh       0 '说明：'                               -- run msg-nosignal
LANG=zh_CN.UTF-8 expect json-stays   0 '"title":"Graceful close: the four-way handshake"' -- run --json graceful-close
LANG=zh_CN.UTF-8 expect show-zh      0 '正常关闭'                             -- show graceful-close
expect diff-same      0 'no differences'                                     -- diff "$data/close.fsc" "$data/close.fsc"
expect diff-differ    1 'B: R\. 1:1\(0\) ack 1'                              -- diff "$data/close.fsc" "$data/linger0.fsc"
expect diff-usage     2 'give two scenarios'                                 -- diff graceful-close
expect run-help       0 'Usage: finscope run .*SCENARIO'                     -- run --help
expect check-help     0 '^  --  '                                            -- check -h
expect show-version   0 '^finscope [0-9]'                                    -- show -V
expect list-operand   2 'takes no operands'                                  -- list extra
expect check-dashdash 2 'cannot read -x\.fsc'                                -- check -- -x.fsc
expect check-device   2 'not a regular file \(a device\)'                    -- check /dev/zero
expect check-unknown  2 "unknown option --frob.*|Try 'finscope check --help'" -- check --frob x.fsc
expect unknown-cmd    2 "unknown command 'frob'"                             -- frob
caps="$data/../../data"
expect import-list    0 'reset by server after it closed'                    -- import "$caps/lo_write_after_close.pcap"
expect import-ladder  0 'Diagnosis: .*see write-after-peer-close'            -- import --conn 1 "$caps/lo_write_after_close.pcap"
expect import-json    0 '"ending":"refused"'                                 -- import --json "$caps/lo_refused.pcap"
expect import-no-conn 2 'no connection 9 in'                                 -- import --conn 9 "$caps/lo_refused.pcap"
expect import-text    2 'not a pcap or pcapng capture'                       -- import "$data/bad.fsc"
expect import-device  2 'not a regular file'                                 -- import /dev/zero
expect pcapng-nowhere 2 'no packet file written: cannot create /nonexistent/' -- run --pcapng /nonexistent/x.pcapng connection-refused

[ "$failures" -eq 0 ] && echo "all CLI smoke tests passed" || { echo "$failures CLI smoke test(s) failed"; exit 1; }
