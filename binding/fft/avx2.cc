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
  // 8×8: pairs of rows interleaved, then pairs of pairs (shuffle_ps), then 128-bit halves.
  static void transpose_block(const T* s, std::size_t sp, T* d, std::size_t dp) {
    V t[8], u[8];
    for (int i = 0; i < 8; i += 2) {
      const V a = loadu(s + i * sp), b = loadu(s + (i + 1) * sp);
      t[i] = _mm256_unpacklo_ps(a, b), t[i + 1] = _mm256_unpackhi_ps(a, b);
    }
    for (int j = 0; j < 8; j += 4) {  // u[j + c]: column c, c + 4 of rows j … j + 3
      u[j] = _mm256_shuffle_ps(t[j], t[j + 2], 0x44), u[j + 1] = _mm256_shuffle_ps(t[j], t[j + 2], 0xEE);
      u[j + 2] = _mm256_shuffle_ps(t[j + 1], t[j + 3], 0x44), u[j + 3] = _mm256_shuffle_ps(t[j + 1], t[j + 3], 0xEE);
    }
    for (int c = 0; c < 4; c++) {
      storeu(d + c * dp, _mm256_permute2f128_ps(u[c], u[4 + c], 0x20));
      storeu(d + (c + 4) * dp, _mm256_permute2f128_ps(u[c], u[4 + c], 0x31));
    }
  }
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
  // 4×4: pairs of rows interleaved, then 128-bit halves.
  static void transpose_block(const T* s, std::size_t sp, T* d, std::size_t dp) {
    const V r0 = loadu(s), r1 = loadu(s + sp), r2 = loadu(s + 2 * sp), r3 = loadu(s + 3 * sp);
    const V t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
    const V t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
    storeu(d, _mm256_permute2f128_pd(t0, t2, 0x20)), storeu(d + dp, _mm256_permute2f128_pd(t1, t3, 0x20));
    storeu(d + 2 * dp, _mm256_permute2f128_pd(t0, t2, 0x31)), storeu(d + 3 * dp, _mm256_permute2f128_pd(t1, t3, 0x31));
  }
};

#include "passes.inl"

}  // namespace

const fft::Table& fft_table() {
  static const fft::Table t{"avx2", &fft_columns<FftF32>, &fft_columns<FftF64>,
                                &fft_scale<FftF32>, &fft_scale<FftF64>,
                                &fft_columns_anywhere<FftF32>, &fft_columns_anywhere<FftF64>,
                                &fft_real<FftF32>, &fft_real<FftF64>,
                                &fft_transpose<FftF32>, &fft_transpose<FftF64>};
  return t;
}

}  // namespace avx2
}  // namespace simdconv
