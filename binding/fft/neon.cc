// NEON FFT passes (AArch64, where NEON with float64 lanes is baseline: no extra flags).
#include <arm_neon.h>

#include <cstddef>

#include "fft.h"

namespace simdconv {
namespace neon {
namespace {

struct FftF32 {
  using T = float;
  using V = float32x4_t;
  static constexpr std::size_t lanes = 4;
  static V zero() { return vdupq_n_f32(0.0f); }
  static V set1(T x) { return vdupq_n_f32(x); }
  static V loadu(const T* p) { return vld1q_f32(p); }
  static void storeu(T* p, V v) { vst1q_f32(p, v); }
  static V add(V a, V b) { return vaddq_f32(a, b); }
  static V sub(V a, V b) { return vsubq_f32(a, b); }
  static V mul(V a, V b) { return vmulq_f32(a, b); }
  static V fma(V a, V b, V c) { return vfmaq_f32(c, a, b); }
  // 4×4: trn of row pairs, then trn of the 64-bit halves.
  static void transpose_block(const T* s, std::size_t sp, T* d, std::size_t dp) {
    const V r0 = loadu(s), r1 = loadu(s + sp), r2 = loadu(s + 2 * sp), r3 = loadu(s + 3 * sp);
    const float64x2_t t0 = vreinterpretq_f64_f32(vtrn1q_f32(r0, r1)), t1 = vreinterpretq_f64_f32(vtrn2q_f32(r0, r1));
    const float64x2_t t2 = vreinterpretq_f64_f32(vtrn1q_f32(r2, r3)), t3 = vreinterpretq_f64_f32(vtrn2q_f32(r2, r3));
    storeu(d, vreinterpretq_f32_f64(vtrn1q_f64(t0, t2))), storeu(d + dp, vreinterpretq_f32_f64(vtrn1q_f64(t1, t3)));
    storeu(d + 2 * dp, vreinterpretq_f32_f64(vtrn2q_f64(t0, t2))), storeu(d + 3 * dp, vreinterpretq_f32_f64(vtrn2q_f64(t1, t3)));
  }
};

struct FftF64 {
  using T = double;
  using V = float64x2_t;
  static constexpr std::size_t lanes = 2;
  static V zero() { return vdupq_n_f64(0.0); }
  static V set1(T x) { return vdupq_n_f64(x); }
  static V loadu(const T* p) { return vld1q_f64(p); }
  static void storeu(T* p, V v) { vst1q_f64(p, v); }
  static V add(V a, V b) { return vaddq_f64(a, b); }
  static V sub(V a, V b) { return vsubq_f64(a, b); }
  static V mul(V a, V b) { return vmulq_f64(a, b); }
  static V fma(V a, V b, V c) { return vfmaq_f64(c, a, b); }
  static void transpose_block(const T* s, std::size_t sp, T* d, std::size_t dp) {  // 2×2
    const V r0 = loadu(s), r1 = loadu(s + sp);
    storeu(d, vtrn1q_f64(r0, r1)), storeu(d + dp, vtrn2q_f64(r0, r1));
  }
};

#include "passes.inl"

}  // namespace

const fft::Table& fft_table() {
  static const fft::Table t{"neon", &fft_columns<FftF32>, &fft_columns<FftF64>,
                                &fft_scale<FftF32>, &fft_scale<FftF64>,
                                &fft_columns_anywhere<FftF32>, &fft_columns_anywhere<FftF64>,
                                &fft_real<FftF32>, &fft_real<FftF64>,
                                &fft_transpose<FftF32>, &fft_transpose<FftF64>};
  return t;
}

}  // namespace neon
}  // namespace simdconv
