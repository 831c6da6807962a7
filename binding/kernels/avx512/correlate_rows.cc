// AVX-512 kernels (512-bit, F+VL+BW+DQ). Compiled with -mavx512f -mavx512vl -mavx512bw -mavx512dq
// -mfma (kernels.cmake) and called only after cpu_features() confirmed them and OS-saved ZMM/opmask
// state. Tails use opmasks: masked-off lanes are neither read nor written, and never fault.
// Compiled for every target (kernels.cmake lists every ISA file); the body exists only on x86-64,
// under the same macros as kernels.h and select.cc, so the three cannot disagree about which ISAs exist.
#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "../kernels.h"

// GCC 12's AVX-512 intrinsics pass a self-initialised _mm512_undefined_*() (`__Y = __Y`) as the
// masked-off source, which trips -Wmaybe-uninitialized at every inlined use: a false positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace simdconv {
namespace avx512 {
namespace {

struct TraitsF32 {
  using T = float;
  using V = __m512;
  static constexpr std::size_t lanes = 16;
  static constexpr std::size_t block = 8;  // 8 accumulators: ≥ 4 FMAs in flight per 512-bit pipe pair
  static constexpr std::size_t slide_block = 8;  // 8 acc + 9 x + broadcast of the 32 ZMM registers
  static constexpr std::size_t slide_max_taps = ~std::size_t{0};  // always: valignd is nearly free
  static constexpr std::size_t block2d_rows = 4;  // 4 × 2 accumulators + 3 row vectors + broadcast
  static constexpr std::size_t block2d_vecs = 2;
  static void stream(T* p, V v) { _mm512_stream_ps(p, v); }
  static void prefetch(const T* p) { _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T1); }
  static void fence() { _mm_sfence(); }
  static bool any_nan(V v) { return _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q) != 0; }
  static V zero() { return _mm512_setzero_ps(); }
  static V set1(T x) { return _mm512_set1_ps(x); }
  static V loadu(const T* p) { return _mm512_loadu_ps(p); }
  // An opaque register value: without the empty asm, GCC folds shift<S>(load p, load p+L) back
  // into the misaligned load p+S that the sliding path exists to avoid.
  static V loadu_reg(const T* p) {
    V v = _mm512_loadu_ps(p);
    __asm__("" : "+v"(v));
    return v;
  }
  static void storeu(T* p, V v) { _mm512_storeu_ps(p, v); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static V sub(V a, V b) { return _mm512_sub_ps(a, b); }
  static __mmask16 mask(std::size_t k) { return static_cast<__mmask16>((1u << k) - 1); }
  static V load_partial(const T* p, std::size_t k) { return _mm512_maskz_loadu_ps(mask(k), p); }
  static void store_partial(T* p, V v, std::size_t k) { _mm512_mask_storeu_ps(p, mask(k), v); }
  // One two-source permute picks the even lanes in natural order: nothing to fix afterwards. (An
  // in-lane shufps + one fix-up permute per accumulator, as in AVX2, measured the same.)
  static V even(V a, V b) {
    const __m512i idx = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    return _mm512_permutex2var_ps(a, idx, b);
  }
  static V even_fix(V v) { return v; }
  template <int S>
  static V shift(V lo, V hi) {  // valignd: one shuffle, runs beside the FMAs at full rate on Zen 4
    if constexpr (S == 0) return lo;
    return _mm512_castsi512_ps(_mm512_alignr_epi32(_mm512_castps_si512(hi), _mm512_castps_si512(lo), S));
  }
};

struct TraitsF64 {
  using T = double;
  using V = __m512d;
  static constexpr std::size_t lanes = 8;
  static constexpr std::size_t block = 8;
  static constexpr std::size_t slide_block = 8;
  static constexpr std::size_t slide_max_taps = ~std::size_t{0};
  static constexpr std::size_t block2d_rows = 4;
  static constexpr std::size_t block2d_vecs = 2;
  static void stream(T* p, V v) { _mm512_stream_pd(p, v); }
  static void prefetch(const T* p) { _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T1); }
  static void fence() { _mm_sfence(); }
  static bool any_nan(V v) { return _mm512_cmp_pd_mask(v, v, _CMP_UNORD_Q) != 0; }
  static V zero() { return _mm512_setzero_pd(); }
  static V set1(T x) { return _mm512_set1_pd(x); }
  static V loadu(const T* p) { return _mm512_loadu_pd(p); }
  static V loadu_reg(const T* p) {
    V v = _mm512_loadu_pd(p);
    __asm__("" : "+v"(v));
    return v;
  }
  static void storeu(T* p, V v) { _mm512_storeu_pd(p, v); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_pd(a, b, c); }
  static V add(V a, V b) { return _mm512_add_pd(a, b); }
  static V sub(V a, V b) { return _mm512_sub_pd(a, b); }
  static __mmask8 mask(std::size_t k) { return static_cast<__mmask8>((1u << k) - 1); }
  static V load_partial(const T* p, std::size_t k) { return _mm512_maskz_loadu_pd(mask(k), p); }
  static void store_partial(T* p, V v, std::size_t k) { _mm512_mask_storeu_pd(p, mask(k), v); }
  static V even(V a, V b) {
    const __m512i idx = _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14);
    return _mm512_permutex2var_pd(a, idx, b);
  }
  static V even_fix(V v) { return v; }
  template <int S>
  static V shift(V lo, V hi) {  // valignq
    if constexpr (S == 0) return lo;
    return _mm512_castsi512_pd(_mm512_alignr_epi64(_mm512_castpd_si512(hi), _mm512_castpd_si512(lo), S));
  }
};

#include "../generic/correlate_rows.inl"
#include "../generic/correlate_cols.inl"
#include "../generic/correlate_block.inl"

}  // namespace

const KernelTable& table() {
  static const KernelTable t{"avx512", &correlate_rows<TraitsF32>, &correlate_rows<TraitsF64>,
                                &correlate_block<TraitsF32>, &correlate_block<TraitsF64>,
                                &correlate_cols<TraitsF32>, &correlate_cols<TraitsF64>};
  return t;
}

}  // namespace avx512
}  // namespace simdconv

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif  // defined(__x86_64__) || defined(_M_X64)
