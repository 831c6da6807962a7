#include "pixels.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "dispatch/dispatch.h"
#include "errors.h"
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

// SSE2: widen to int32, convert, divide by the maximum in float32. Checked for every 8- and 16-bit
// level: the correctly rounded float32 quotient equals the double quotient rounded to float32 (the
// table's value, and what JavaScript stores), so both paths give the same bits.
template <typename T>
void levels(const T* src, float* out, std::size_t begin, std::size_t end, const float* table) {
  std::size_t i = begin;
#ifdef SIMDCONV_PIXELS_SSE2
  const __m128i z = _mm_setzero_si128();
  if constexpr (sizeof(T) == 1) {
    const __m128 m = _mm_set1_ps(255.0f);
    for (; i + 16 <= end; i += 16) {
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i));
      const __m128i lo = _mm_unpacklo_epi8(b, z), hi = _mm_unpackhi_epi8(b, z);
      _mm_storeu_ps(out + i, _mm_div_ps(_mm_cvtepi32_ps(_mm_unpacklo_epi16(lo, z)), m));
      _mm_storeu_ps(out + i + 4, _mm_div_ps(_mm_cvtepi32_ps(_mm_unpackhi_epi16(lo, z)), m));
      _mm_storeu_ps(out + i + 8, _mm_div_ps(_mm_cvtepi32_ps(_mm_unpacklo_epi16(hi, z)), m));
      _mm_storeu_ps(out + i + 12, _mm_div_ps(_mm_cvtepi32_ps(_mm_unpackhi_epi16(hi, z)), m));
    }
  } else {
    const __m128 m = _mm_set1_ps(65535.0f);
    for (; i + 8 <= end; i += 8) {
      const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i));
      _mm_storeu_ps(out + i, _mm_div_ps(_mm_cvtepi32_ps(_mm_unpacklo_epi16(w, z)), m));
      _mm_storeu_ps(out + i + 4, _mm_div_ps(_mm_cvtepi32_ps(_mm_unpackhi_epi16(w, z)), m));
    }
  }
#endif
  for (; i < end; i++) out[i] = table[src[i]];
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
/** Four values (two pairs of doubles) → four int32 in [0, 255]. max(v, 0) gives 0 for a NaN v (SSE2
 *  returns the second operand), and cvtpd2dq rounds half to even in the default MXCSR mode. */
inline __m128i four_levels(__m128d lo, __m128d hi, __m128d a, __m128d b) {
  const __m128d zero = _mm_setzero_pd(), top = _mm_set1_pd(255.0);
  lo = _mm_min_pd(_mm_max_pd(_mm_add_pd(_mm_mul_pd(lo, a), b), zero), top);
  hi = _mm_min_pd(_mm_max_pd(_mm_add_pd(_mm_mul_pd(hi, a), b), zero), top);
  return _mm_unpacklo_epi64(_mm_cvtpd_epi32(lo), _mm_cvtpd_epi32(hi));
}
#endif

#if SIMDCONV_PIXELS_WIDE
// The same arithmetic, 8 and 4 doubles at a time, for the ISA the kernels run (dispatch/): the
// conversion is as wide as the data path it feeds. GCC/Clang compile each function for its target
// alone (the intrinsics are inline only inside it), so baseline code never meets AVX instructions.
#define SIMDCONV_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq")))
#define SIMDCONV_AVX2 __attribute__((target("avx2")))

/** Eight values → eight int32 in [0, 255]; max(v, 0) takes 0 for a NaN v, as the SSE2 path. */
SIMDCONV_AVX512 inline __m256i eight_levels(__m512d v, __m512d a, __m512d b) {
  return _mm512_cvtpd_epi32(_mm512_min_pd(_mm512_max_pd(_mm512_add_pd(_mm512_mul_pd(v, a), b), _mm512_setzero_pd()), _mm512_set1_pd(255.0)));
}
SIMDCONV_AVX512 inline __m512d eight_doubles(const float* p) { return _mm512_cvtps_pd(_mm256_loadu_ps(p)); }
SIMDCONV_AVX512 inline __m512d eight_doubles(const double* p) { return _mm512_loadu_pd(p); }

template <typename T>
SIMDCONV_AVX512 std::size_t to_levels_avx512(const T* src, std::uint8_t* out, std::size_t i, std::size_t end, double a, double b) {
  const __m512d va = _mm512_set1_pd(a), vb = _mm512_set1_pd(b);
  for (; i + 16 <= end; i += 16) {
    const __m256i lo = eight_levels(eight_doubles(src + i), va, vb), hi = eight_levels(eight_doubles(src + i + 8), va, vb);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), _mm512_cvtepi32_epi8(_mm512_inserti64x4(_mm512_castsi256_si512(lo), hi, 1)));
  }
  return i;
}

SIMDCONV_AVX2 inline __m128i four_levels_avx2(__m256d v, __m256d a, __m256d b) {
  return _mm256_cvtpd_epi32(_mm256_min_pd(_mm256_max_pd(_mm256_add_pd(_mm256_mul_pd(v, a), b), _mm256_setzero_pd()), _mm256_set1_pd(255.0)));
}
SIMDCONV_AVX2 inline __m256d four_doubles(const float* p) { return _mm256_cvtps_pd(_mm_loadu_ps(p)); }
SIMDCONV_AVX2 inline __m256d four_doubles(const double* p) { return _mm256_loadu_pd(p); }

template <typename T>
SIMDCONV_AVX2 std::size_t to_levels_avx2(const T* src, std::uint8_t* out, std::size_t i, std::size_t end, double a, double b) {
  const __m256d va = _mm256_set1_pd(a), vb = _mm256_set1_pd(b);
  for (; i + 16 <= end; i += 16) {
    const __m128i w0 = _mm_packs_epi32(four_levels_avx2(four_doubles(src + i), va, vb), four_levels_avx2(four_doubles(src + i + 4), va, vb));
    const __m128i w1 = _mm_packs_epi32(four_levels_avx2(four_doubles(src + i + 8), va, vb), four_levels_avx2(four_doubles(src + i + 12), va, vb));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), _mm_packus_epi16(w0, w1));
  }
  return i;
}
#undef SIMDCONV_AVX512
#undef SIMDCONV_AVX2
#endif

template <typename T>
void to_levels(const T* src, std::uint8_t* out, std::size_t begin, std::size_t end, double a, double b) {
  std::size_t i = begin;
#if SIMDCONV_PIXELS_WIDE
  const std::string isa = dispatch::active_kernels().isa;
  if (isa == "avx512") i = to_levels_avx512(src, out, i, end, a, b);
  else if (isa == "avx2") i = to_levels_avx2(src, out, i, end, a, b);
#endif
#ifdef SIMDCONV_PIXELS_SSE2
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
    const __m128i bytes = _mm_packus_epi16(_mm_packs_epi32(q[0], q[1]), _mm_packs_epi32(q[2], q[3]));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), bytes);
  }
#endif
  for (; i < end; i++) out[i] = clamp_round(static_cast<double>(src[i]) * a + b);
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
  if (src.type == napi_uint16_array) {
    const float* table = level_table<std::uint16_t>(65535.0);
    const auto* s = static_cast<const std::uint16_t*>(src.data);
    in_bands(src.length, threads, [&](std::size_t b, std::size_t e) { levels(s, o, b, e, table); });
  } else {
    const float* table = level_table<std::uint8_t>(255.0);
    const auto* s = static_cast<const std::uint8_t*>(src.data);
    in_bands(src.length, threads, [&](std::size_t b, std::size_t e) { levels(s, o, b, e, table); });
  }
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
  if (src.type == napi_float64_array) {
    const auto* s = static_cast<const double*>(src.data);
    in_bands(src.length, threads, [&](std::size_t lo, std::size_t hi) { to_levels(s, o, lo, hi, a, b); });
  } else {
    const auto* s = static_cast<const float*>(src.data);
    in_bands(src.length, threads, [&](std::size_t lo, std::size_t hi) { to_levels(s, o, lo, hi, a, b); });
  }
}

}  // namespace js
}  // namespace simdconv
