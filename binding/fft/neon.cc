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
};

#include "passes.inl"

}  // namespace

const fft::Table& fft_table() {
  static const fft::Table t{"neon", &fft_columns<FftF32>, &fft_columns<FftF64>,
                                &fft_scale<FftF32>, &fft_scale<FftF64>,
                                &fft_columns_anywhere<FftF32>, &fft_columns_anywhere<FftF64>};
  return t;
}

}  // namespace neon
}  // namespace simdconv
