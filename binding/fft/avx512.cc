// AVX-512 FFT passes. Compiled with -mavx512f… -mfma (kernels.cmake) and used only when
// kernels/select.h chose "avx512", i.e. after cpu_features() confirmed it.
#include <immintrin.h>

#include <cstddef>

#include "fft.h"

// GCC 12 reports the unpack and shuffle intrinsics' own undefined pass-through operand (`__Y = __Y`)
// as used uninitialized once they are inlined into the transposes below; it is a false positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace simdconv {
namespace avx512 {
namespace {

struct FftF32 {
  using T = float;
  using V = __m512;
  static constexpr std::size_t lanes = 16;
  static V zero() { return _mm512_setzero_ps(); }
  static V set1(T x) { return _mm512_set1_ps(x); }
  static V loadu(const T* p) { return _mm512_loadu_ps(p); }
  static void storeu(T* p, V v) { _mm512_storeu_ps(p, v); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static V sub(V a, V b) { return _mm512_sub_ps(a, b); }
  static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  // 16×16: pairs of rows interleaved (ps), then pairs of pairs (pd), then 128-bit quarters across
  // the four groups of four rows (two shuffle_f32x4 rounds).
  static void transpose_block(const T* s, std::size_t sp, T* d, std::size_t dp) {
    V t[16], u[16];
    for (int i = 0; i < 16; i += 2) {
      const V a = loadu(s + i * sp), b = loadu(s + (i + 1) * sp);
      t[i] = _mm512_unpacklo_ps(a, b), t[i + 1] = _mm512_unpackhi_ps(a, b);
    }
    for (int j = 0; j < 16; j += 4) {  // u[j + c]: column c, c + 4, c + 8, c + 12 of rows j … j + 3
      const __m512d t0 = _mm512_castps_pd(t[j]), t1 = _mm512_castps_pd(t[j + 1]);
      const __m512d t2 = _mm512_castps_pd(t[j + 2]), t3 = _mm512_castps_pd(t[j + 3]);
      u[j] = _mm512_castpd_ps(_mm512_unpacklo_pd(t0, t2)), u[j + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(t0, t2));
      u[j + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(t1, t3)), u[j + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(t1, t3));
    }
    for (int c = 0; c < 4; c++) {
      const V v1 = _mm512_shuffle_f32x4(u[c], u[4 + c], 0x44), v2 = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0x44);
      const V v3 = _mm512_shuffle_f32x4(u[c], u[4 + c], 0xEE), v4 = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0xEE);
      storeu(d + c * dp, _mm512_shuffle_f32x4(v1, v2, 0x88));
      storeu(d + (c + 4) * dp, _mm512_shuffle_f32x4(v1, v2, 0xDD));
      storeu(d + (c + 8) * dp, _mm512_shuffle_f32x4(v3, v4, 0x88));
      storeu(d + (c + 12) * dp, _mm512_shuffle_f32x4(v3, v4, 0xDD));
    }
  }
};

struct FftF64 {
  using T = double;
  using V = __m512d;
  static constexpr std::size_t lanes = 8;
  static V zero() { return _mm512_setzero_pd(); }
  static V set1(T x) { return _mm512_set1_pd(x); }
  static V loadu(const T* p) { return _mm512_loadu_pd(p); }
  static void storeu(T* p, V v) { _mm512_storeu_pd(p, v); }
  static V add(V a, V b) { return _mm512_add_pd(a, b); }
  static V sub(V a, V b) { return _mm512_sub_pd(a, b); }
  static V mul(V a, V b) { return _mm512_mul_pd(a, b); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_pd(a, b, c); }
  // 8×8: pairs of rows interleaved, then 128-bit quarters across the four pairs.
  static void transpose_block(const T* s, std::size_t sp, T* d, std::size_t dp) {
    V t[8];
    for (int i = 0; i < 8; i += 2) {  // t[i + c]: column c, c + 2, c + 4, c + 6 of rows i, i + 1
      const V a = loadu(s + i * sp), b = loadu(s + (i + 1) * sp);
      t[i] = _mm512_unpacklo_pd(a, b), t[i + 1] = _mm512_unpackhi_pd(a, b);
    }
    for (int c = 0; c < 2; c++) {
      const V v1 = _mm512_shuffle_f64x2(t[c], t[2 + c], 0x44), v2 = _mm512_shuffle_f64x2(t[4 + c], t[6 + c], 0x44);
      const V v3 = _mm512_shuffle_f64x2(t[c], t[2 + c], 0xEE), v4 = _mm512_shuffle_f64x2(t[4 + c], t[6 + c], 0xEE);
      storeu(d + c * dp, _mm512_shuffle_f64x2(v1, v2, 0x88));
      storeu(d + (c + 2) * dp, _mm512_shuffle_f64x2(v1, v2, 0xDD));
      storeu(d + (c + 4) * dp, _mm512_shuffle_f64x2(v3, v4, 0x88));
      storeu(d + (c + 6) * dp, _mm512_shuffle_f64x2(v3, v4, 0xDD));
    }
  }
};

#include "passes.inl"

}  // namespace

const fft::Table& fft_table() {
  static const fft::Table t{"avx512", &fft_columns<FftF32>, &fft_columns<FftF64>,
                                &fft_scale<FftF32>, &fft_scale<FftF64>,
                                &fft_columns_anywhere<FftF32>, &fft_columns_anywhere<FftF64>,
                                &fft_real<FftF32>, &fft_real<FftF64>,
                                &fft_transpose<FftF32>, &fft_transpose<FftF64>};
  return t;
}

}  // namespace avx512
}  // namespace simdconv
