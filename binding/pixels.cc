#include "pixels.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include "dispatch/dispatch.h"
#include "errors.h"
#include "memory_hint.h"
#include "thread_pool.h"

// SSE2 is part of x86-64: the baseline loops. toPixels also has AVX2 / AVX-512 loops for the ISA the
// kernels run (same bits: every step is exact or correctly rounded); elsewhere the scalar loops run.
#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#define SIMDCONV_PIXELS_SSE2 1
#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define SIMDCONV_PIXELS_WIDE 1
// GCC 12's AVX-512 intrinsics start from an undefined vector, which -Wmaybe-uninitialized reports at
// every inlined use: a false positive (as in kernels/avx512/correlate_rows.cc).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#endif

namespace simdconv {
namespace js {
namespace {

constexpr int kMaxThreads = 1024;           // the range setThreads accepts (src/backend/index.ts)
constexpr std::size_t kBand = 1u << 18;     // values per band: small enough to spread, large enough to pay

struct Array {
  napi_typedarray_type type;
  void* data;
  std::size_t length;
};

Array typed(const Napi::Env& env, const Napi::Value& v, const char* arg, const char* expected,
            std::initializer_list<napi_typedarray_type> allowed) {
  if (!v.IsTypedArray()) throw_type_error(env, arg, expected, v);
  Array a{};
  napi_value buffer;
  std::size_t offset = 0;
  if (napi_get_typedarray_info(env, v, &a.type, &a.length, &a.data, &buffer, &offset) != napi_ok)
    throw Napi::Error::New(env, std::string("simdconv native: cannot read the memory of ") + arg);
  if (std::find(allowed.begin(), allowed.end(), a.type) == allowed.end()) throw_type_error(env, arg, expected, v);
  if (a.length != 0 && a.data == nullptr) throw Napi::Error::New(env, std::string("simdconv native: ") + arg + " has no memory");
  return a;
}

std::size_t threads_of(const Napi::Env& env, const Napi::Value& v) {
  if (!v.IsNumber()) throw_type_error(env, "threads", "a number", v);
  const double t = v.As<Napi::Number>().DoubleValue();
  if (!(t >= 1 && t <= kMaxThreads && t == static_cast<double>(static_cast<std::size_t>(t))))
    throw_range_error(env, "threads", "an integer from 1 to " + std::to_string(kMaxThreads), describe(v));
  return static_cast<std::size_t>(t);
}

/** fn(begin, end) over [0, n) in bands, on up to `threads` threads. */
template <typename Fn>
void in_bands(std::size_t n, std::size_t threads, const Fn& fn) {
  const std::size_t bands = std::min(threads, (n + kBand - 1) / kBand);
  if (bands <= 1) {
    fn(std::size_t{0}, n);
    return;
  }
  const std::size_t per = (n + bands - 1) / bands;
  parallel_for(bands, [&](std::size_t b) { fn(b * per, std::min(n, (b + 1) * per)); });
}

/** Bytes in one element of a typed array of this type (those `typed` accepts). */
std::size_t element_bytes(napi_typedarray_type t) {
  return t == napi_float64_array ? 8 : t == napi_float32_array ? 4 : t == napi_uint16_array ? 2 : 1;
}

/**
 * streamLimit's band: reads `in_len` bytes and writes `out_len` bytes with non-temporal stores,
 * interleaved in proportion as a conversion does. Each byte written is the lowest byte of the OR of
 * the 16-byte pieces read so far (so no load can be left out): a src of equal bytes is copied into
 * every byte of out. What the hardware streams, with no arithmetic in the way.
 */
void stream_bytes(const std::uint8_t* in, std::size_t in_len, std::uint8_t* out, std::size_t out_len) {
  std::size_t r = 0, w = 0;
#ifdef SIMDCONV_PIXELS_SSE2
  __m128i acc;
  if (in_len >= 16) {
    acc = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
    r = 16;
  } else {
    std::uint8_t all = 0;
    for (; r < in_len; r++) all |= in[r];
    acc = _mm_set1_epi8(static_cast<char>(all));
  }
  for (; w < out_len && reinterpret_cast<std::uintptr_t>(out + w) % 16 != 0; w++) out[w] = static_cast<std::uint8_t>(_mm_cvtsi128_si32(acc));
  for (; w + 64 <= out_len; w += 64) {
    for (const std::size_t want = (w + 64) * in_len / out_len; r + 16 <= want; r += 16)
      acc = _mm_or_si128(acc, _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + r)));
    for (std::size_t k = 0; k < 64; k += 16) _mm_stream_si128(reinterpret_cast<__m128i*>(out + w + k), acc);
  }
  _mm_sfence();
  std::uint8_t last = static_cast<std::uint8_t>(_mm_cvtsi128_si32(acc));
#else
  std::uint8_t last = 0;
#endif
  for (; r < in_len; r++) last |= in[r];
  for (; w < out_len; w++) out[w] = last;
}

/** level / max in double, rounded once to float: what JS's `out[i] = src[i] / max` stores. */
template <typename T>
const float* level_table(double max) {
  static const float* table = [max] {
    static float t[std::size_t{1} << (8 * sizeof(T))];
    for (std::size_t v = 0; v < sizeof t / sizeof t[0]; v++) t[v] = static_cast<float>(static_cast<double>(v) / max);
    return t;
  }();
  return table;
}

// Outputs at least this large are written with non-temporal stores: more than the caches keep for
// the call that reads them next, and a plain store first reads every output line it writes
// (read-for-ownership), which adds the output's size again to the memory traffic. The same threshold
// as the blocked kernel's (execute_direct.cc). Streamed or not, the bits stored are the same.
constexpr std::size_t kStreamBytes = std::size_t{4} << 20;

/** The first index from `i` (at most `end`) where out + index is 64-byte aligned: streamed vector stores need it. */
template <typename O>
std::size_t aligned_from(const O* out, std::size_t i, std::size_t end) {
  while (i < end && reinterpret_cast<std::uintptr_t>(out + i) % 64 != 0) i++;
  return i;
}

/** The vector loops the kernels' ISA allows (dispatch/): the conversion is as wide as the data path it feeds. */
enum class Wide { kNone, kAvx2, kAvx512 };
Wide wide_isa() {
  const std::string isa = dispatch::active_kernels().isa;
  return isa == "avx512" ? Wide::kAvx512 : isa == "avx2" ? Wide::kAvx2 : Wide::kNone;
}

// ToUint8Clamp (ECMA-262), the store of a Uint8ClampedArray: NaN → 0, saturate to [0, 255], then
// round half to even. Adding and subtracting 2^52 + 2^51 rounds a double in [0, 255] to the nearest
// integer, ties to even, in the default rounding mode. The product and the sum are two roundings, as
// in JS: this file is compiled with -ffp-contract=off so that no FMA fuses them.
inline std::uint8_t clamp_round(double v) {
  constexpr double kRound = 6755399441055744.0;
  v = v > 0 ? (v < 255 ? v : 255) : 0;
  return static_cast<std::uint8_t>((v + kRound) - kRound);
}

#ifdef SIMDCONV_PIXELS_SSE2
template <bool Stream>
inline void store4(float* p, __m128 v) {
  if constexpr (Stream) _mm_stream_ps(p, v);
  else _mm_storeu_ps(p, v);
}
template <bool Stream>
inline void store16(std::uint8_t* p, __m128i v) {
  if constexpr (Stream) _mm_stream_si128(reinterpret_cast<__m128i*>(p), v);
  else _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v);
}

// fromPixels, SSE2: widen to int32, convert, divide by the maximum in float32. Checked for every 8-
// and 16-bit level: the correctly rounded float32 quotient equals the double quotient rounded to
// float32 (the table's value, and what JavaScript stores), so every path gives the same bits.
template <bool Stream, typename T>
std::size_t levels_sse2(const T* src, float* out, std::size_t i, std::size_t end) {
  const __m128i z = _mm_setzero_si128();
  if constexpr (sizeof(T) == 1) {
    const __m128 m = _mm_set1_ps(255.0f);
    for (; i + 16 <= end; i += 16) {
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i));
      const __m128i lo = _mm_unpacklo_epi8(b, z), hi = _mm_unpackhi_epi8(b, z);
      store4<Stream>(out + i, _mm_div_ps(_mm_cvtepi32_ps(_mm_unpacklo_epi16(lo, z)), m));
      store4<Stream>(out + i + 4, _mm_div_ps(_mm_cvtepi32_ps(_mm_unpackhi_epi16(lo, z)), m));
      store4<Stream>(out + i + 8, _mm_div_ps(_mm_cvtepi32_ps(_mm_unpacklo_epi16(hi, z)), m));
      store4<Stream>(out + i + 12, _mm_div_ps(_mm_cvtepi32_ps(_mm_unpackhi_epi16(hi, z)), m));
    }
  } else {
    const __m128 m = _mm_set1_ps(65535.0f);
    for (; i + 8 <= end; i += 8) {
      const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i));
      store4<Stream>(out + i, _mm_div_ps(_mm_cvtepi32_ps(_mm_unpacklo_epi16(w, z)), m));
      store4<Stream>(out + i + 4, _mm_div_ps(_mm_cvtepi32_ps(_mm_unpackhi_epi16(w, z)), m));
    }
  }
  return i;
}

/** toPixels, SSE2: four values (two pairs of doubles) → four int32, to be saturated to [0, 255] by
 *  the packs that follow. min(255, v) is taken before rounding (cvtpd2dq rounds half to even in the
 *  default MXCSR mode); it keeps a NaN (SSE2 returns the second operand), which converts, as −∞ and
 *  anything below −2³¹ do, to INT32_MIN: saturated to 0, as a Uint8ClampedArray stores NaN and
 *  negatives. So the lower clamp costs nothing. */
inline __m128i four_levels(__m128d lo, __m128d hi, __m128d a, __m128d b) {
  const __m128d top = _mm_set1_pd(255.0);
  lo = _mm_min_pd(top, _mm_add_pd(_mm_mul_pd(lo, a), b));
  hi = _mm_min_pd(top, _mm_add_pd(_mm_mul_pd(hi, a), b));
  return _mm_unpacklo_epi64(_mm_cvtpd_epi32(lo), _mm_cvtpd_epi32(hi));
}

template <bool Stream, typename T>
std::size_t to_levels_sse2(const T* src, std::uint8_t* out, std::size_t i, std::size_t end, double a, double b) {
  const __m128d va = _mm_set1_pd(a), vb = _mm_set1_pd(b);
  for (; i + 16 <= end; i += 16) {
    __m128i q[4];
    for (int k = 0; k < 4; k++) {
      const std::size_t j = i + 4 * static_cast<std::size_t>(k);
      if constexpr (sizeof(T) == 4) {
        const __m128 f = _mm_loadu_ps(reinterpret_cast<const float*>(src) + j);
        q[k] = four_levels(_mm_cvtps_pd(f), _mm_cvtps_pd(_mm_movehl_ps(f, f)), va, vb);
      } else {
        const double* d = reinterpret_cast<const double*>(src) + j;
        q[k] = four_levels(_mm_loadu_pd(d), _mm_loadu_pd(d + 2), va, vb);
      }
    }
    store16<Stream>(out + i, _mm_packus_epi16(_mm_packs_epi32(q[0], q[1]), _mm_packs_epi32(q[2], q[3])));
  }
  return i;
}
#endif

#if SIMDCONV_PIXELS_WIDE
// The same arithmetic 8 and 16 values at a time. GCC/Clang compile each function for its target alone
// (the intrinsics are inline only inside it), so baseline code never meets AVX instructions.
#define SIMDCONV_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq")))
#define SIMDCONV_AVX2 __attribute__((target("avx2")))

template <bool Stream>
SIMDCONV_AVX512 inline void store16f(float* p, __m512 v) {
  if constexpr (Stream) _mm512_stream_ps(p, v);
  else _mm512_storeu_ps(p, v);
}
SIMDCONV_AVX512 inline __m512i sixteen_ints(const std::uint8_t* p) { return _mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))); }
SIMDCONV_AVX512 inline __m512i sixteen_ints(const std::uint16_t* p) { return _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))); }

/** fromPixels, 64 values (four cache lines of output) a step. */
template <bool Stream, typename T>
SIMDCONV_AVX512 std::size_t levels_avx512(const T* src, float* out, std::size_t i, std::size_t end) {
  const __m512 m = _mm512_set1_ps(sizeof(T) == 1 ? 255.0f : 65535.0f);
  for (; i + 64 <= end; i += 64) {
    for (std::size_t k = 0; k < 64; k += 16) store16f<Stream>(out + i + k, _mm512_div_ps(_mm512_cvtepi32_ps(sixteen_ints(src + i + k)), m));
  }
  return i;
}

template <bool Stream>
SIMDCONV_AVX2 inline void store8f(float* p, __m256 v) {
  if constexpr (Stream) _mm256_stream_ps(p, v);
  else _mm256_storeu_ps(p, v);
}
SIMDCONV_AVX2 inline __m256i eight_ints(const std::uint8_t* p) { return _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))); }
SIMDCONV_AVX2 inline __m256i eight_ints(const std::uint16_t* p) { return _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))); }

template <bool Stream, typename T>
SIMDCONV_AVX2 std::size_t levels_avx2(const T* src, float* out, std::size_t i, std::size_t end) {
  const __m256 m = _mm256_set1_ps(sizeof(T) == 1 ? 255.0f : 65535.0f);
  for (; i + 32 <= end; i += 32) {
    for (std::size_t k = 0; k < 32; k += 8) store8f<Stream>(out + i + k, _mm256_div_ps(_mm256_cvtepi32_ps(eight_ints(src + i + k)), m));
  }
  return i;
}

/** toPixels: eight values → eight int32 at most 255, as four_levels (NaN and below −2³¹ → INT32_MIN). */
SIMDCONV_AVX512 inline __m256i eight_levels(__m512d v, __m512d a, __m512d b) {
  return _mm512_cvtpd_epi32(_mm512_min_pd(_mm512_set1_pd(255.0), _mm512_add_pd(_mm512_mul_pd(v, a), b)));
}
SIMDCONV_AVX512 inline __m512d eight_doubles(const float* p) { return _mm512_cvtps_pd(_mm256_loadu_ps(p)); }
SIMDCONV_AVX512 inline __m512d eight_doubles(const double* p) { return _mm512_loadu_pd(p); }

template <bool Stream, typename T>
SIMDCONV_AVX512 std::size_t to_levels_avx512(const T* src, std::uint8_t* out, std::size_t i, std::size_t end, double a, double b) {
  const __m512d va = _mm512_set1_pd(a), vb = _mm512_set1_pd(b);
  for (; i + 16 <= end; i += 16) {
    const __m256i lo = eight_levels(eight_doubles(src + i), va, vb), hi = eight_levels(eight_doubles(src + i + 8), va, vb);
    // The lower clamp in int32 (one instruction for sixteen values), then a truncating narrowing: exact in [0, 255].
    const __m512i both = _mm512_max_epi32(_mm512_inserti64x4(_mm512_castsi256_si512(lo), hi, 1), _mm512_setzero_si512());
    store16<Stream>(out + i, _mm512_cvtepi32_epi8(both));
  }
  return i;
}

// toPixels' common case, float32 values with b = 0 and an `a` that is a float32 (the default 255), in
// float32: twice the values an instruction of the double path. There v·a is exact in double (24 + 24
// bits), so JavaScript's result is that exact product rounded half to even, clamped. In float32 the
// product p = fl(v·a) rounds, but its error e = v·a − p is exact (one FMA). p rounds to the same
// integer as v·a unless p lies exactly on a half k + ½ (no half can lie strictly between v·a and its
// nearest float, being a float itself): then the sign of e says which way, and only e = 0 is a tie.
// Clamping p to 255 keeps that: 255 is a float, so v·a ≥ 255 exactly when p ≥ 255.
SIMDCONV_AVX512 inline __m512i sixteen_levels(__m512 v, __m512 a) {
  const __m512 p = _mm512_mul_ps(v, a), e = _mm512_fmsub_ps(v, a, p);
  const __m512 c = _mm512_min_ps(_mm512_set1_ps(255.0f), p);  // keeps NaN, which converts to INT32_MIN
  const __m512i r = _mm512_cvtps_epi32(c);                     // half to even
  const __m512 t = _mm512_sub_ps(c, _mm512_cvtepi32_ps(r));    // ±½ on a half
  const __m512 half = _mm512_set1_ps(0.5f), zero = _mm512_setzero_ps();
  const __mmask16 up = _mm512_cmp_ps_mask(t, half, _CMP_EQ_OQ) & _mm512_cmp_ps_mask(e, zero, _CMP_GT_OQ);
  const __mmask16 down = _mm512_cmp_ps_mask(t, _mm512_sub_ps(zero, half), _CMP_EQ_OQ) & _mm512_cmp_ps_mask(e, zero, _CMP_LT_OQ);
  const __m512i one = _mm512_set1_epi32(1);
  return _mm512_mask_sub_epi32(_mm512_mask_add_epi32(r, up, r, one), down, r, one);
}

template <bool Stream>
SIMDCONV_AVX512 std::size_t to_levels_f32_avx512(const float* src, std::uint8_t* out, std::size_t i, std::size_t end, float a) {
  const __m512 va = _mm512_set1_ps(a);
  for (; i + 16 <= end; i += 16) {
    const __m512i r = _mm512_max_epi32(sixteen_levels(_mm512_loadu_ps(src + i), va), _mm512_setzero_si512());
    store16<Stream>(out + i, _mm512_cvtepi32_epi8(r));
  }
  return i;
}

#define SIMDCONV_AVX2_FMA __attribute__((target("avx2,fma")))
/** sixteen_levels' eight-lane twin; the masks are all-ones lanes, i.e. −1. */
SIMDCONV_AVX2_FMA inline __m128i eight_levels_f32(__m256 v, __m256 a) {
  const __m256 p = _mm256_mul_ps(v, a), e = _mm256_fmsub_ps(v, a, p);
  const __m256 c = _mm256_min_ps(_mm256_set1_ps(255.0f), p);
  const __m256i r = _mm256_cvtps_epi32(c);
  const __m256 t = _mm256_sub_ps(c, _mm256_cvtepi32_ps(r));
  const __m256 half = _mm256_set1_ps(0.5f), zero = _mm256_setzero_ps();
  const __m256 up = _mm256_and_ps(_mm256_cmp_ps(t, half, _CMP_EQ_OQ), _mm256_cmp_ps(e, zero, _CMP_GT_OQ));
  const __m256 down = _mm256_and_ps(_mm256_cmp_ps(t, _mm256_sub_ps(zero, half), _CMP_EQ_OQ), _mm256_cmp_ps(e, zero, _CMP_LT_OQ));
  const __m256i q = _mm256_add_epi32(_mm256_sub_epi32(r, _mm256_castps_si256(up)), _mm256_castps_si256(down));
  return _mm_packs_epi32(_mm256_castsi256_si128(q), _mm256_extracti128_si256(q, 1));  // in order, as int16
}

template <bool Stream>
SIMDCONV_AVX2_FMA std::size_t to_levels_f32_avx2(const float* src, std::uint8_t* out, std::size_t i, std::size_t end, float a) {
  const __m256 va = _mm256_set1_ps(a);
  for (; i + 16 <= end; i += 16) {
    store16<Stream>(out + i, _mm_packus_epi16(eight_levels_f32(_mm256_loadu_ps(src + i), va), eight_levels_f32(_mm256_loadu_ps(src + i + 8), va)));
  }
  return i;
}
#undef SIMDCONV_AVX2_FMA

SIMDCONV_AVX2 inline __m128i four_levels_avx2(__m256d v, __m256d a, __m256d b) {
  return _mm256_cvtpd_epi32(_mm256_min_pd(_mm256_set1_pd(255.0), _mm256_add_pd(_mm256_mul_pd(v, a), b)));
}
SIMDCONV_AVX2 inline __m256d four_doubles(const float* p) { return _mm256_cvtps_pd(_mm_loadu_ps(p)); }
SIMDCONV_AVX2 inline __m256d four_doubles(const double* p) { return _mm256_loadu_pd(p); }

template <bool Stream, typename T>
SIMDCONV_AVX2 std::size_t to_levels_avx2(const T* src, std::uint8_t* out, std::size_t i, std::size_t end, double a, double b) {
  const __m256d va = _mm256_set1_pd(a), vb = _mm256_set1_pd(b);
  for (; i + 16 <= end; i += 16) {
    const __m128i w0 = _mm_packs_epi32(four_levels_avx2(four_doubles(src + i), va, vb), four_levels_avx2(four_doubles(src + i + 4), va, vb));
    const __m128i w1 = _mm_packs_epi32(four_levels_avx2(four_doubles(src + i + 8), va, vb), four_levels_avx2(four_doubles(src + i + 12), va, vb));
    store16<Stream>(out + i, _mm_packus_epi16(w0, w1));
  }
  return i;
}
#undef SIMDCONV_AVX512
#undef SIMDCONV_AVX2
#endif

/** fromPixels over [begin, end): a scalar head up to an aligned output when streaming, the widest
 *  vector loop, SSE2 for what is left of a vector, a scalar tail. */
template <bool Stream, typename T>
void levels(const T* src, float* out, std::size_t begin, std::size_t end, const float* table, Wide wide) {
  std::size_t i = begin;
#ifdef SIMDCONV_PIXELS_SSE2
  for (const std::size_t head = Stream ? aligned_from(out, i, end) : i; i < head; i++) out[i] = table[src[i]];
#if SIMDCONV_PIXELS_WIDE
  if (wide == Wide::kAvx512) i = levels_avx512<Stream>(src, out, i, end);
  else if (wide == Wide::kAvx2) i = levels_avx2<Stream>(src, out, i, end);
#endif
  i = levels_sse2<Stream>(src, out, i, end);
  if constexpr (Stream) _mm_sfence();  // this thread's streamed stores are visible before the call returns
#endif
  (void)wide;
  for (; i < end; i++) out[i] = table[src[i]];
}

/** toPixels over [begin, end), laid out as levels(). */
template <bool Stream, typename T>
void to_levels(const T* src, std::uint8_t* out, std::size_t begin, std::size_t end, double a, double b, Wide wide) {
  std::size_t i = begin;
#ifdef SIMDCONV_PIXELS_SSE2
  for (const std::size_t head = Stream ? aligned_from(out, i, end) : i; i < head; i++) out[i] = clamp_round(static_cast<double>(src[i]) * a + b);
#if SIMDCONV_PIXELS_WIDE
  if constexpr (sizeof(T) == 4) {
    // (The range test first: converting a double beyond float's range to float is undefined.)
    constexpr double kFloatMax = std::numeric_limits<float>::max();
    if (b == 0 && a >= -kFloatMax && a <= kFloatMax && a == static_cast<double>(static_cast<float>(a))) {
      if (wide == Wide::kAvx512) i = to_levels_f32_avx512<Stream>(src, out, i, end, static_cast<float>(a));
      else if (wide == Wide::kAvx2) i = to_levels_f32_avx2<Stream>(src, out, i, end, static_cast<float>(a));
    }
  }
  if (wide == Wide::kAvx512) i = to_levels_avx512<Stream>(src, out, i, end, a, b);
  else if (wide == Wide::kAvx2) i = to_levels_avx2<Stream>(src, out, i, end, a, b);
#endif
  i = to_levels_sse2<Stream>(src, out, i, end, a, b);
  if constexpr (Stream) _mm_sfence();
#endif
  (void)wide;
  for (; i < end; i++) out[i] = clamp_round(static_cast<double>(src[i]) * a + b);
}

/** Runs a band function with streamed stores when the whole output is at least kStreamBytes. */
template <typename O, typename Fn>
void streamed_in_bands(std::size_t n, std::size_t threads, const O*, const Fn& fn) {
  if (n * sizeof(O) >= kStreamBytes) in_bands(n, threads, [&](std::size_t lo, std::size_t hi) { fn(std::true_type{}, lo, hi); });
  else in_bands(n, threads, [&](std::size_t lo, std::size_t hi) { fn(std::false_type{}, lo, hi); });
}

}  // namespace

void levels_to_float(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Array src = typed(env, info[0], "src", "a Uint8Array, Uint8ClampedArray or Uint16Array",
                          {napi_uint8_array, napi_uint8_clamped_array, napi_uint16_array});
  const Array out = typed(env, info[1], "out", "a Float32Array", {napi_float32_array});
  if (out.length != src.length) throw_range_error(env, "out", "of the length of src (" + std::to_string(src.length) + ")", describe(info[1]));
  const std::size_t threads = threads_of(env, info[2]);
  float* o = static_cast<float*>(out.data);
  prefer_huge_pages(o, out.length * sizeof(float));
  const Wide wide = wide_isa();
  const auto run = [&](const auto* s, const float* table) {
    streamed_in_bands(src.length, threads, o, [&](auto stream, std::size_t lo, std::size_t hi) { levels<decltype(stream)::value>(s, o, lo, hi, table, wide); });
  };
  if (src.type == napi_uint16_array) run(static_cast<const std::uint16_t*>(src.data), level_table<std::uint16_t>(65535.0));
  else run(static_cast<const std::uint8_t*>(src.data), level_table<std::uint8_t>(255.0));
}

void float_to_levels(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Array src = typed(env, info[0], "src", "a Float32Array or Float64Array", {napi_float32_array, napi_float64_array});
  const Array out = typed(env, info[1], "out", "a Uint8Array or Uint8ClampedArray", {napi_uint8_array, napi_uint8_clamped_array});
  if (out.length != src.length) throw_range_error(env, "out", "of the length of src (" + std::to_string(src.length) + ")", describe(info[1]));
  if (!info[2].IsNumber()) throw_type_error(env, "a", "a number", info[2]);
  if (!info[3].IsNumber()) throw_type_error(env, "b", "a number", info[3]);
  const double a = info[2].As<Napi::Number>().DoubleValue();
  const double b = info[3].As<Napi::Number>().DoubleValue();
  const std::size_t threads = threads_of(env, info[4]);
  auto* o = static_cast<std::uint8_t*>(out.data);
  prefer_huge_pages(o, out.length);
  const Wide wide = wide_isa();
  const auto run = [&](const auto* s) {
    streamed_in_bands(src.length, threads, o, [&](auto stream, std::size_t lo, std::size_t hi) { to_levels<decltype(stream)::value>(s, o, lo, hi, a, b, wide); });
  };
  if (src.type == napi_float64_array) run(static_cast<const double*>(src.data));
  else run(static_cast<const float*>(src.data));
}

void stream_limit(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::initializer_list<napi_typedarray_type> any = {napi_uint8_array, napi_uint8_clamped_array, napi_uint16_array, napi_float32_array, napi_float64_array};
  const Array src = typed(env, info[0], "src", "a typed array", any);
  const Array out = typed(env, info[1], "out", "a typed array", any);
  const std::size_t threads = threads_of(env, info[2]);
  const std::size_t in_bytes = src.length * element_bytes(src.type), out_bytes = out.length * element_bytes(out.type);
  if (in_bytes == 0 || out_bytes == 0) throw_range_error(env, "src", "non-empty, as out", describe(info[0]));
  const auto* s = static_cast<const std::uint8_t*>(src.data);
  auto* o = static_cast<std::uint8_t*>(out.data);
  // Each band writes its bytes of out and reads the same share of src.
  in_bands(out_bytes, threads, [&](std::size_t lo, std::size_t hi) {
    const std::size_t from = lo * in_bytes / out_bytes, to = hi * in_bytes / out_bytes;
    stream_bytes(s + from, to - from, o + lo, hi - lo);
  });
}

}  // namespace js
}  // namespace simdconv
