#!/usr/bin/env bash
# Builds the C++ kernels and test/cpp/kernel_test.cc with plain g++ (no Node, no CMake) and runs it:
# every ISA this CPU supports against the scalar float64 reference. Then the same for the FFT
# (binding/fft, test/cpp/fft_test.cc): every ISA against a naive DFT.
#
#   scripts/test-kernels.sh                  differential test; exits non-zero on any failure
#   scripts/test-kernels.sh --bench          GFLOP/s per ISA and shape; FFT ns per point
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
isa_objs=()
fft_isa_objs=()
AVX512=(-mavx512f -mavx512vl -mavx512bw -mavx512dq -mfma)
case "$arch" in
  x86_64*)
    compile $K/avx2/correlate_rows.cc avx2 -mavx2 -mfma
    compile $K/avx512/correlate_rows.cc avx512 "${AVX512[@]}"
    compile $K/neon/correlate_rows.cc neon  # guarded by architecture: empty here, as in the addon
    isa_objs=("$OUT/avx2.o" "$OUT/avx512.o")
    compile binding/fft/avx2.cc fft_avx2 -mavx2 -mfma
    compile binding/fft/avx512.cc fft_avx512 "${AVX512[@]}"
    fft_isa_objs=("$OUT/fft_avx2.o" "$OUT/fft_avx512.o") ;;
  aarch64*)
    compile $K/neon/correlate_rows.cc neon
    isa_objs=("$OUT/neon.o")
    compile binding/fft/neon.cc fft_neon
    fft_isa_objs=("$OUT/fft_neon.o") ;;
esac
compile binding/fft/scalar.cc fft_scalar
compile binding/fft/plan.cc fft_plan
"$CXX" "${FLAGS[@]}" -c test/cpp/kernel_test.cc -o "$OUT/kernel_test.o"
"$CXX" "${FLAGS[@]}" -c test/cpp/fft_test.cc -o "$OUT/fft_test.o"
"$CXX" "${objs[@]}" "$OUT/kernel_test.o" -o "$OUT/kernel_test"
"$CXX" "${objs[@]}" "$OUT/fft_test.o" -o "$OUT/fft_test"

# An ISA object must define no symbol but its table(): any other external or weak (COMDAT) symbol,
# e.g. an inline std:: template, could be picked by the linker for baseline code and then run
# AVX instructions on a CPU without them.
check_exports() {  # check_exports <allowed function> <objects...>
  local allowed=$1 obj extra
  shift
  for obj in "$@"; do
    extra=$(nm -C --defined-only "$obj" | awk -v f="::$allowed()" '$2 ~ /^[A-Z]$/ && substr($0, length($0) - length(f) + 1) != f' || true)
    if [[ -n "$extra" ]]; then
      echo "error: $obj exports symbols besides $allowed():" >&2
      echo "$extra" >&2
      exit 1
    fi
  done
}
check_exports table "${isa_objs[@]}"
check_exports fft_table "${fft_isa_objs[@]}"

"$OUT/kernel_test" "$@"
exec "$OUT/fft_test" "$@"
