#!/usr/bin/env bash
# The NEON kernels on an x86-64 host: cross-compiles the kernels and test/cpp/kernel_test.cc for
# AArch64 (static, so no target libraries are needed) and runs the differential test, neon against
# the scalar float64 reference, under qemu-user; then the FFT test (test/cpp/fft_test.cc, neon and
# scalar against a naive DFT). Exits non-zero on any failure.
#
# Installs g++-aarch64-linux-gnu and qemu-user with apt-get when missing (needs root or sudo).
# Arguments pass through to kernel_test (e.g. --isa neon). qemu timings mean nothing: no --bench.
# Env: BUILD_DIR (default build/kernel-test-arm64).
set -euo pipefail
cd "$(dirname "$0")/.."

CXX=aarch64-linux-gnu-g++
OUT=${BUILD_DIR:-build/kernel-test-arm64}

if ! command -v "$CXX" >/dev/null || ! command -v qemu-aarch64 >/dev/null; then
  echo "installing the AArch64 cross compiler and qemu-user..."
  SUDO=$([[ $(id -u) -eq 0 ]] && echo "" || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq g++-aarch64-linux-gnu qemu-user >/dev/null
fi

mkdir -p "$OUT"
K=binding/kernels
objs=()
# The x86 ISA files too, without flags, as kernels.cmake compiles them for an AArch64 target: their
# bodies are guarded by architecture, so the build compiles and links with every ISA file listed.
for src in $K/scalar/correlate_rows.cc $K/neon/correlate_rows.cc $K/avx2/correlate_rows.cc \
           $K/avx512/correlate_rows.cc $K/cpu_features.cc $K/select.cc \
           binding/fft/scalar.cc binding/fft/neon.cc binding/fft/plan.cc test/cpp/kernel_test.cc test/cpp/fft_test.cc; do
  obj=$OUT/$(echo "$src" | tr / _ | sed 's/\.cc$/.o/')
  "$CXX" -O2 -std=c++17 -Wall -Wextra -Werror -c "$src" -o "$obj"
  objs+=("$obj")
done
libs=("${objs[@]}")
libs=("${libs[@]/*test_cpp_*/}")
"$CXX" -static ${libs[@]} "$OUT/test_cpp_kernel_test.o" -o "$OUT/kernel_test"
"$CXX" -static ${libs[@]} "$OUT/test_cpp_fft_test.o" -o "$OUT/fft_test"

qemu-aarch64 "$OUT/kernel_test" "$@"
exec qemu-aarch64 "$OUT/fft_test" "$@"
