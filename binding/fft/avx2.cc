// AVX2 + FMA FFT passes. Compiled with -mavx2 -mfma (kernels.cmake) and used only when
// kernels/select.h chose "avx2", i.e. after cpu_features() confirmed it.
#include <immintrin.h>

#include <cstddef>

#include "fft.h"

namespace simdconv {
namespace avx2 {
namespace {

struct FftF32 {
  using T = float;
  using V = __m256;
  static constexpr std::size_t lanes = 8;
  static V zero() { return _mm256_setzero_ps(); }
  static V set1(T x) { return _mm256_set1_ps(x); }
  static V loadu(const T* p) { return _mm256_loadu_ps(p); }
  static void storeu(T* p, V v) { _mm256_storeu_ps(p, v); }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  static V sub(V a, V b) { return _mm256_sub_ps(a, b); }
  static V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
};

struct FftF64 {
  using T = double;
  using V = __m256d;
  static constexpr std::size_t lanes = 4;
  static V zero() { return _mm256_setzero_pd(); }
  static V set1(T x) { return _mm256_set1_pd(x); }
  static V loadu(const T* p) { return _mm256_loadu_pd(p); }
  static void storeu(T* p, V v) { _mm256_storeu_pd(p, v); }
  static V add(V a, V b) { return _mm256_add_pd(a, b); }
  static V sub(V a, V b) { return _mm256_sub_pd(a, b); }
  static V mul(V a, V b) { return _mm256_mul_pd(a, b); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
};

#include "passes.inl"

}  // namespace

const fft::Table& fft_table() {
  static const fft::Table t{"avx2", &fft_columns<FftF32>, &fft_columns<FftF64>,
                                &fft_scale<FftF32>, &fft_scale<FftF64>,
                                &fft_columns_anywhere<FftF32>, &fft_columns_anywhere<FftF64>};
  return t;
}

}  // namespace avx2
}  // namespace simdconv
