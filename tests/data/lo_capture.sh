# SPDX-License-Identifier: MIT
# Capture one scenario of lo_capture.py on this namespace's loopback
# (CAPTURE_IFACE=any: on every interface, as `tcpdump -i any` does, into any_*.pcap).
# --immediate-mode: without it TPACKET_V3 holds packets in a ring block and
# the last ones are lost when tcpdump is stopped.
set -eu
here=$(dirname "$0")
ip link set lo up
iface=${CAPTURE_IFACE:-lo}
out="$here/${iface}_$1.pcap"
tcpdump --immediate-mode -i "$iface" -nn -U -w - 2>/dev/null > "$out" &
td=$!
sleep 0.5
python3 "$here/lo_capture.py" "$1"
sleep 0.3
kill "$td"; wait "$td" 2>/dev/null || true
tcpdump -nn -r "$out" 2>/dev/null
