# SPDX-License-Identifier: MIT
# Capture one scenario of lo_capture.py on this namespace's loopback.
# --immediate-mode: without it TPACKET_V3 holds packets in a ring block and
# the last ones are lost when tcpdump is stopped.
set -eu
here=$(dirname "$0")
ip link set lo up
tcpdump --immediate-mode -i lo -nn -U -w - 2>/dev/null > "$here/lo_$1.pcap" &
td=$!
sleep 0.5
python3 "$here/lo_capture.py" "$1"
sleep 0.3
kill "$td"; wait "$td" 2>/dev/null || true
tcpdump -nn -r "$here/lo_$1.pcap" 2>/dev/null
