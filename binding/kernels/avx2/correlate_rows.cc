// AVX2 + FMA kernels (256-bit). Compiled with -mavx2 -mfma (kernels.cmake) and called only after
// cpu_features() confirmed AVX2, FMA and OS-saved YMM state.
// Compiled for every target (kernels.cmake lists every ISA file); the body exists only on x86-64,
// under the same macros as kernels.h and select.cc, so the three cannot disagree about which ISAs exist.
#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "../kernels.h"

namespace simdconv {
namespace avx2 {
namespace {

// Sliding window of lane masks: mask for the first k lanes starts at kMask32 + 8 − k.
alignas(64) const std::int32_t kMask32[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
alignas(64) const std::int64_t kMask64[8] = {-1, -1, -1, -1, 0, 0, 0, 0};

struct TraitsF32 {
  using T = float;
  using V = __m256;
  static constexpr std::size_t lanes = 8;
  static constexpr std::size_t block = 8;  // 8 accumulators + broadcast fit the 16 YMM registers
  // Sliding: 4 accumulators + 5 data vectors + shifts fit 16 YMM registers (6 and 8 measured slower).
  // It beats loads by 10–50 % up to 9 taps, ties at 31 taps on one row and loses at 31×31, where the
  // emulated shifts (two shuffles on Zen 4's two shuffle pipes) outweigh the split loads they save.
  static constexpr std::size_t slide_block = 4;
  static constexpr std::size_t slide_max_taps = 16;
  static constexpr std::size_t block2d_rows = 2;  // 2 × 2 accumulators: the shifts need spare registers
  static constexpr std::size_t block2d_vecs = 2;
  static void stream(T* p, V v) { _mm256_stream_ps(p, v); }
  static void prefetch(const T* p) { _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T1); }
  static void fence() { _mm_sfence(); }
  static bool any_nan(V v) { return _mm256_movemask_ps(_mm256_cmp_ps(v, v, _CMP_UNORD_Q)) != 0; }
  static V zero() { return _mm256_setzero_ps(); }
  static V set1(T x) { return _mm256_set1_ps(x); }
  static V loadu(const T* p) { return _mm256_loadu_ps(p); }
  // An opaque register value: without the empty asm, GCC folds shift<S>(load p, load p+L) back
  // into the misaligned load p+S that the sliding path exists to avoid.
  static V loadu_reg(const T* p) {
    V v = _mm256_loadu_ps(p);
    __asm__("" : "+x"(v));
    return v;
  }
  static void storeu(T* p, V v) { _mm256_storeu_ps(p, v); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  static V sub(V a, V b) { return _mm256_sub_ps(a, b); }
  static __m256i mask(std::size_t k) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kMask32 + 8 - k));
  }
  // maskload/maskstore suppress faults on masked-off lanes, so nothing past p[k−1] is touched.
  static V load_partial(const T* p, std::size_t k) { return _mm256_maskload_ps(p, mask(k)); }
  static void store_partial(T* p, V v, std::size_t k) { _mm256_maskstore_ps(p, mask(k), v); }
  // In-lane shuffle: lanes come out as e0 e1 e4 e5 | e2 e3 e6 e7; the cross-lane fix is paid once
  // per accumulator at the store instead of once per tap.
  static V even(V a, V b) { return _mm256_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0)); }
  static V even_fix(V v) {
    return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(v), _MM_SHUFFLE(3, 1, 2, 0)));
  }
  // AVX2 has no cross-lane alignr: build the middle vector (lo's high half, hi's low half), which the
  // compiler shares across the S of one (lo, hi) pair, then one in-lane vpalignr.
  template <int S>
  static V shift(V lo, V hi) {
    if constexpr (S == 0) return lo;
    const __m256i l = _mm256_castps_si256(lo), h = _mm256_castps_si256(hi);
    const __m256i mid = _mm256_permute2x128_si256(l, h, 0x21);
    if constexpr (S < 4) return _mm256_castsi256_ps(_mm256_alignr_epi8(mid, l, 4 * S));
    if constexpr (S == 4) return _mm256_castsi256_ps(mid);
    return _mm256_castsi256_ps(_mm256_alignr_epi8(h, mid, 4 * (S - 4)));
  }
};

struct TraitsF64 {
  using T = double;
  using V = __m256d;
  static constexpr std::size_t lanes = 4;
  static constexpr std::size_t block = 8;
  static constexpr std::size_t slide_block = 4;
  static constexpr std::size_t slide_max_taps = 16;
  static constexpr std::size_t block2d_rows = 2;
  static constexpr std::size_t block2d_vecs = 2;
  static void stream(T* p, V v) { _mm256_stream_pd(p, v); }
  static void prefetch(const T* p) { _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T1); }
  static void fence() { _mm_sfence(); }
  static bool any_nan(V v) { return _mm256_movemask_pd(_mm256_cmp_pd(v, v, _CMP_UNORD_Q)) != 0; }
  static V zero() { return _mm256_setzero_pd(); }
  static V set1(T x) { return _mm256_set1_pd(x); }
  static V loadu(const T* p) { return _mm256_loadu_pd(p); }
  static V loadu_reg(const T* p) {
    V v = _mm256_loadu_pd(p);
    __asm__("" : "+x"(v));
    return v;
  }
  static void storeu(T* p, V v) { _mm256_storeu_pd(p, v); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
  static V add(V a, V b) { return _mm256_add_pd(a, b); }
  static V sub(V a, V b) { return _mm256_sub_pd(a, b); }
  static __m256i mask(std::size_t k) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kMask64 + 4 - k));
  }
  static V load_partial(const T* p, std::size_t k) { return _mm256_maskload_pd(p, mask(k)); }
  static void store_partial(T* p, V v, std::size_t k) { _mm256_maskstore_pd(p, mask(k), v); }
  // unpacklo gives e0 e2 e1 e3 (in-lane); the fix swaps the middle pair.
  static V even(V a, V b) { return _mm256_unpacklo_pd(a, b); }
  static V even_fix(V v) { return _mm256_permute4x64_pd(v, _MM_SHUFFLE(3, 1, 2, 0)); }
  template <int S>
  static V shift(V lo, V hi) {  // mid = lo₂ lo₃ hi₀ hi₁; S = 1, 3: one in-lane shuffle_pd
    if constexpr (S == 0) return lo;
    const V mid = _mm256_permute2f128_pd(lo, hi, 0x21);
    if constexpr (S == 1) return _mm256_shuffle_pd(lo, mid, 0x5);
    if constexpr (S == 2) return mid;
    return _mm256_shuffle_pd(mid, hi, 0x5);
  }
};

#include "../generic/correlate_rows.inl"
#include "../generic/correlate_cols.inl"
#include "../generic/correlate_block.inl"

}  // namespace

const KernelTable& table() {
  static const KernelTable t{"avx2", &correlate_rows<TraitsF32>, &correlate_rows<TraitsF64>,
                                &correlate_block<TraitsF32>, &correlate_block<TraitsF64>,
                                &correlate_cols<TraitsF32>, &correlate_cols<TraitsF64>};
  return t;
}

}  // namespace avx2
}  // namespace simdconv
#endif  // defined(__x86_64__) || defined(_M_X64)
