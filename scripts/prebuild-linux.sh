#!/usr/bin/env bash
# The Linux prebuilds a release ships: prebuilds/linux-x64 and prebuilds/linux-arm64 (cross-compiled
# with g++-aarch64-linux-gnu), each node.napi.glibc.node, static libstdc++ and glibc >= 2.28 symbol
# versions (CMakeLists.txt, SIMDCONV_PORTABLE). Run on an x86-64 Debian host: installs the cross
# compiler and binutils with apt-get when missing (needs root or sudo). test/prebuild.test.ts checks
# the symbol versions; scripts/test-prebuild-arm64.sh runs the arm64 one under qemu.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $(uname -m) != x86_64 ]]; then
  echo "prebuild-linux.sh: expects an x86-64 host (got $(uname -m))" >&2
  exit 1
fi
if ! command -v aarch64-linux-gnu-g++ >/dev/null || ! command -v aarch64-linux-gnu-strip >/dev/null; then
  echo "installing the AArch64 cross compiler..."
  SUDO=$([[ $(id -u) -eq 0 ]] && echo "" || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq g++-aarch64-linux-gnu binutils-aarch64-linux-gnu >/dev/null
fi

PREBUILDIFY=(npm run --silent prebuilds -- --tag-libc)
"${PREBUILDIFY[@]}" --arch x64
PREBUILD_STRIP_BIN=aarch64-linux-gnu-strip "${PREBUILDIFY[@]}" --arch arm64
ls -l prebuilds/linux-x64 prebuilds/linux-arm64
