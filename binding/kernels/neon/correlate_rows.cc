// NEON kernels (128-bit, AArch64 only: NEON and double-precision vectors are baseline there, so this
// TU needs no extra flags). Partial vectors go through a small stack copy: a scalar tail in effect.
// Compiled for every target (kernels.cmake lists every ISA file); the body exists only on AArch64,
// under the same macros as kernels.h and select.cc, so the three cannot disagree about which ISAs exist.
#if defined(__aarch64__) || defined(_M_ARM64)
#include <arm_neon.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "../kernels.h"

namespace simdconv {
namespace neon {
namespace {

struct TraitsF32 {
  using T = float;
  using V = float32x4_t;
  static constexpr std::size_t lanes = 4;
  static constexpr std::size_t block = 8;  // 8 of the 32 Q registers as accumulators
  // Sliding with EXT (a single cheap instruction on every AArch64 core) halves the loads per FMA.
  // Not timed on hardware: qemu cannot measure it; revisit on a real arm64 machine.
  static constexpr std::size_t slide_block = 8;
  static constexpr std::size_t slide_max_taps = ~std::size_t{0};
  static constexpr std::size_t block2d_rows = 4;
  static constexpr std::size_t block2d_vecs = 2;
  static void stream(T* p, V v) { vst1q_f32(p, v); }  // no non-temporal store intrinsic: a plain one
  static void prefetch(const T* p) { __builtin_prefetch(p, 0, 2); }
  static void fence() {}
  static bool any_nan(V v) { return vminvq_u32(vceqq_f32(v, v)) == 0; }
  static V zero() { return vdupq_n_f32(0.0f); }
  static V set1(T x) { return vdupq_n_f32(x); }
  static V loadu(const T* p) { return vld1q_f32(p); }
  // An opaque register value: without the empty asm, GCC folds shift<S>(load p, load p+L) back
  // into the misaligned load p+S that the sliding path exists to avoid.
  static V loadu_reg(const T* p) {
    V v = vld1q_f32(p);
    __asm__("" : "+w"(v));
    return v;
  }
  static void storeu(T* p, V v) { vst1q_f32(p, v); }
  static V fma(V a, V b, V c) { return vfmaq_f32(c, a, b); }
  static V add(V a, V b) { return vaddq_f32(a, b); }
  static V sub(V a, V b) { return vsubq_f32(a, b); }
  static V load_partial(const T* p, std::size_t k) {
    T tmp[lanes] = {};
    std::memcpy(tmp, p, k * sizeof(T));
    return vld1q_f32(tmp);
  }
  static void store_partial(T* p, V v, std::size_t k) {
    T tmp[lanes];
    vst1q_f32(tmp, v);
    std::memcpy(p, tmp, k * sizeof(T));
  }
  static V even(V a, V b) { return vuzp1q_f32(a, b); }  // natural order: nothing to fix
  static V even_fix(V v) { return v; }
  template <int S>
  static V shift(V lo, V hi) {  // EXT
    if constexpr (S == 0) return lo;
    return vextq_f32(lo, hi, S);
  }
};

struct TraitsF64 {
  using T = double;
  using V = float64x2_t;
  static constexpr std::size_t lanes = 2;
  static constexpr std::size_t block = 8;
  static constexpr std::size_t slide_block = 8;
  static constexpr std::size_t slide_max_taps = ~std::size_t{0};
  static constexpr std::size_t block2d_rows = 4;
  static constexpr std::size_t block2d_vecs = 2;
  static void stream(T* p, V v) { vst1q_f64(p, v); }
  static void prefetch(const T* p) { __builtin_prefetch(p, 0, 2); }
  static void fence() {}
  static bool any_nan(V v) {
    const uint64x2_t eq = vceqq_f64(v, v);
    return (vgetq_lane_u64(eq, 0) & vgetq_lane_u64(eq, 1)) == 0;
  }
  static V zero() { return vdupq_n_f64(0.0); }
  static V set1(T x) { return vdupq_n_f64(x); }
  static V loadu(const T* p) { return vld1q_f64(p); }
  static V loadu_reg(const T* p) {
    V v = vld1q_f64(p);
    __asm__("" : "+w"(v));
    return v;
  }
  static void storeu(T* p, V v) { vst1q_f64(p, v); }
  static V fma(V a, V b, V c) { return vfmaq_f64(c, a, b); }
  static V add(V a, V b) { return vaddq_f64(a, b); }
  static V sub(V a, V b) { return vsubq_f64(a, b); }
  static V load_partial(const T* p, std::size_t k) {
    T tmp[lanes] = {};
    std::memcpy(tmp, p, k * sizeof(T));
    return vld1q_f64(tmp);
  }
  static void store_partial(T* p, V v, std::size_t k) {
    T tmp[lanes];
    vst1q_f64(tmp, v);
    std::memcpy(p, tmp, k * sizeof(T));
  }
  static V even(V a, V b) { return vuzp1q_f64(a, b); }
  static V even_fix(V v) { return v; }
  template <int S>
  static V shift(V lo, V hi) {
    if constexpr (S == 0) return lo;
    return vextq_f64(lo, hi, S);
  }
};

#include "../generic/correlate_rows.inl"
#include "../generic/correlate_cols.inl"
#include "../generic/correlate_block.inl"

}  // namespace

const KernelTable& table() {
  static const KernelTable t{"neon", &correlate_rows<TraitsF32>, &correlate_rows<TraitsF64>,
                                &correlate_block<TraitsF32>, &correlate_block<TraitsF64>,
                                &correlate_cols<TraitsF32>, &correlate_cols<TraitsF64>};
  return t;
}

}  // namespace neon
}  // namespace simdconv
#endif  // defined(__aarch64__) || defined(_M_ARM64)
