#!/usr/bin/env bash
# Builds the C++ kernels and test/cpp/kernel_test.cc with plain g++ (no Node, no CMake) and runs it:
# every ISA this CPU supports against the scalar float64 reference.
#
#   scripts/test-kernels.sh                  differential test; exits non-zero on any failure
#   scripts/test-kernels.sh --bench          GFLOP/s per ISA and shape
#   scripts/test-kernels.sh --isa avx2       one ISA (any kernel_test arguments pass through)
#
# Per-ISA flags mirror binding/kernels/kernels.cmake; -O3 as in the addon's Release build.
# Env: CXX (default g++), BUILD_DIR (default build/kernel-test).
set -euo pipefail
cd "$(dirname "$0")/.."

CXX=${CXX:-g++}
OUT=${BUILD_DIR:-build/kernel-test}
K=binding/kernels
FLAGS=(-O3 -std=c++17 -Wall -Wextra -Werror)
mkdir -p "$OUT"

arch=$("$CXX" -dumpmachine)
objs=()
compile() {  # compile <source> <object name> [isa flags...]
  local src=$1 obj=$OUT/$2.o
  shift 2
  "$CXX" "${FLAGS[@]}" "$@" -c "$src" -o "$obj"
  objs+=("$obj")
}
compile $K/scalar/correlate_rows.cc scalar
compile $K/cpu_features.cc cpu_features
compile $K/select.cc select
compile test/cpp/kernel_test.cc kernel_test
isa_objs=()
case "$arch" in
  x86_64*)
    compile $K/avx2/correlate_rows.cc avx2 -mavx2 -mfma
    compile $K/avx512/correlate_rows.cc avx512 -mavx512f -mavx512vl -mavx512bw -mavx512dq -mfma
    compile $K/neon/correlate_rows.cc neon  # guarded by architecture: empty here, as in the addon
    isa_objs=("$OUT/avx2.o" "$OUT/avx512.o") ;;
  aarch64*)
    compile $K/neon/correlate_rows.cc neon
    isa_objs=("$OUT/neon.o") ;;
esac
"$CXX" "${objs[@]}" -o "$OUT/kernel_test"

# An ISA object must define no symbol but its table(): any other external or weak (COMDAT) symbol,
# e.g. an inline std:: template, could be picked by the linker for baseline code and then run
# AVX instructions on a CPU without them.
for obj in "${isa_objs[@]}"; do
  extra=$(nm -C --defined-only "$obj" | awk '$2 ~ /^[A-Z]$/ && $0 !~ /::table\(\)$/' || true)
  if [[ -n "$extra" ]]; then
    echo "error: $obj exports symbols besides table():" >&2
    echo "$extra" >&2
    exit 1
  fi
done

exec "$OUT/kernel_test" "$@"
