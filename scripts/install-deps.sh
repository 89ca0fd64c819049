#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what FinScope needs to build, test and run on Debian 12 (bookworm).
# Runs apt-get as root, through sudo when started by an ordinary user.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libpcap-dev nlohmann-json3-dev libsimdjson-dev libgtest-dev libbenchmark-dev
  qt6-base-dev qt6-base-dev-tools qt6-svg-dev libgl-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools   # Qt Linguist: lupdate, lrelease (the Chinese interface)
  qt6-translations-l10n                             # Qt's own strings in Chinese (dialog buttons)
  xvfb xauth iproute2 passwd util-linux
  fonts-noto-cjk   # Chinese scenario texts and (later) the Chinese interface render without tofu
  tshark
)
# tshark: the tests check every pcapng export with it (they skip that part,
# saying so, where it is missing). Its package asks whether ordinary users may
# capture; answer "no" without asking.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

export DEBIAN_FRONTEND=noninteractive
echo "finscope: installing build dependencies (${#packages[@]} Debian packages)..."
as_root apt-get update -qq
as_root apt-get install -y -qq --no-install-recommends "${packages[@]}"
echo "finscope: dependencies installed."
