#include "template_scores.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <type_traits>
#include <vector>

#if defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2)
#include <emmintrin.h>
#elif defined(__aarch64__) || defined(_M_ARM64)
#include <arm_neon.h>
#endif

#include "errors.h"
#include "job.h"

// matchTemplate's window statistics and scoring: the twin of src/fallback/template_scores.ts (read its
// comments for the method). Both compute the same sums in the same order and score with the same IEEE
// operations (square root and division are correctly rounded, in the vector lanes too), so the
// backends agree bit for bit on x86-64; AArch64 compilers may contract a·a − b·b into one FMA.

namespace simdconv {
namespace js {
namespace {

enum class Score { Sqdiff, SqdiffNormed, CcorrNormed, CcoeffNormed };

constexpr double kFltEpsilon = 1.1920928955078125e-7;

struct Geometry {
  std::size_t H, W, C, h, w;
  std::size_t oh() const { return H - h + 1; }
  std::size_t ow() const { return W - w + 1; }
};

/** JavaScript's Math.max(v, 0) but for the sign of a zero: a NaN stays NaN (std::fmax would drop it). */
inline double max0(double v) { return v < 0 ? 0.0 : v; }

/** Adds image row `add` to the column sums and subtracts row `sub` (`sub` null: none). */
template <typename In>
void add_row(const In* add, const In* sub, const Geometry& g, double* col_sq, double* col_sum) {
  if (g.C == 1 && sub != nullptr) {  // the common case, as one tight loop
    for (std::size_t i = 0; i < g.W; i++) {
      const double a = add[i], b = sub[i];
      if (col_sum) col_sum[i] += a - b;
      col_sq[i] += a * a - b * b;
    }
    return;
  }
  for (std::size_t i = 0, k = 0; i < g.W; i++) {
    double sq = 0;
    for (std::size_t c = 0; c < g.C; c++, k++) {
      const double a = add[k], b = sub ? static_cast<double>(sub[k]) : 0.0;
      if (col_sum) col_sum[k] += a - b;
      sq += a * a - b * b;
    }
    col_sq[i] += sq;
  }
}

/**
 * OpenCV's normalisation (templmatch.cpp) of a score `num` by √diff2 · templNorm, in one lane: a
 * window with no spread (to float32 precision) divides by zero, so it and rounding just past ±1 give
 * ±1; beyond that, `beyond` (1 for SQDIFF_NORMED, else 0). The vector loops below compute exactly
 * this, lane by lane, with the same IEEE operations (no contraction), so every path gives the same bits.
 */
inline double normalised(double num, double diff2, double wnd_sq, double templ_norm, double beyond) {
  const double t = (diff2 <= 0.5 && diff2 <= 10 * kFltEpsilon * wnd_sq) ? 0.0 : std::sqrt(diff2) * templ_norm;
  const double a = std::fabs(num);
  if (a < t) return num / t;
  if (a < 1.125 * t) return num > 0 ? 1.0 : -1.0;
  return beyond;
}

// Two doubles at a time at the baseline ISA (SSE2 on x86-64, Advanced SIMD on AArch64): the square
// root and the division dominate the scoring, and compilers do not vectorise its selects themselves.
#if defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2)
#define SIMDCONV_TEMPLATE_PAIRS 1
struct Pair {
  __m128d v;
};
struct Mask {
  __m128d v;
};
inline Pair load(const double* p) { return {_mm_loadu_pd(p)}; }
inline void store(double* p, Pair a) { _mm_storeu_pd(p, a.v); }
inline Pair splat(double x) { return {_mm_set1_pd(x)}; }
inline Pair operator+(Pair a, Pair b) { return {_mm_add_pd(a.v, b.v)}; }
inline Pair operator-(Pair a, Pair b) { return {_mm_sub_pd(a.v, b.v)}; }
inline Pair operator*(Pair a, Pair b) { return {_mm_mul_pd(a.v, b.v)}; }
inline Pair operator/(Pair a, Pair b) { return {_mm_div_pd(a.v, b.v)}; }
inline Pair sqrt(Pair a) { return {_mm_sqrt_pd(a.v)}; }
inline Pair abs(Pair a) { return {_mm_andnot_pd(_mm_set1_pd(-0.0), a.v)}; }
/** v < 0 ? 0 : v (maxpd returns its second operand when either is NaN, as the scalar max0). */
inline Pair max0(Pair a) { return {_mm_max_pd(_mm_setzero_pd(), a.v)}; }
inline Mask operator<(Pair a, Pair b) { return {_mm_cmplt_pd(a.v, b.v)}; }
inline Mask operator<=(Pair a, Pair b) { return {_mm_cmple_pd(a.v, b.v)}; }
inline Mask operator&(Mask a, Mask b) { return {_mm_and_pd(a.v, b.v)}; }
/** m ? a : b */
inline Pair select(Mask m, Pair a, Pair b) { return {_mm_or_pd(_mm_and_pd(m.v, a.v), _mm_andnot_pd(m.v, b.v))}; }
#elif defined(__aarch64__) || defined(_M_ARM64)
#define SIMDCONV_TEMPLATE_PAIRS 1
struct Pair {
  float64x2_t v;
};
struct Mask {
  uint64x2_t v;
};
inline Pair load(const double* p) { return {vld1q_f64(p)}; }
inline void store(double* p, Pair a) { vst1q_f64(p, a.v); }
inline Pair splat(double x) { return {vdupq_n_f64(x)}; }
inline Pair operator+(Pair a, Pair b) { return {vaddq_f64(a.v, b.v)}; }
inline Pair operator-(Pair a, Pair b) { return {vsubq_f64(a.v, b.v)}; }
inline Pair operator*(Pair a, Pair b) { return {vmulq_f64(a.v, b.v)}; }
inline Pair operator/(Pair a, Pair b) { return {vdivq_f64(a.v, b.v)}; }
inline Pair sqrt(Pair a) { return {vsqrtq_f64(a.v)}; }
inline Pair abs(Pair a) { return {vabsq_f64(a.v)}; }
inline Mask operator<(Pair a, Pair b) { return {vcltq_f64(a.v, b.v)}; }
inline Mask operator<=(Pair a, Pair b) { return {vcleq_f64(a.v, b.v)}; }
inline Mask operator&(Mask a, Mask b) { return {vandq_u64(a.v, b.v)}; }
inline Pair select(Mask m, Pair a, Pair b) { return {vbslq_f64(m.v, a.v, b.v)}; }
inline Pair max0(Pair a) { return select(a < splat(0.0), splat(0.0), a); }
#endif

#ifdef SIMDCONV_TEMPLATE_PAIRS
/** normalised() on two lanes. */
inline Pair normalised(Pair num, Pair diff2, Pair wnd_sq, Pair templ_norm, Pair beyond) {
  const Pair zero = splat(0.0);
  const Mask flat = (diff2 <= splat(0.5)) & (diff2 <= splat(10 * kFltEpsilon) * wnd_sq);
  const Pair t = select(flat, zero, sqrt(diff2) * templ_norm);
  const Pair a = abs(num);
  const Pair sign = select(zero < num, splat(1.0), splat(-1.0));
  return select(a < t, num / t, select(a < splat(1.125) * t, sign, beyond));
}
#endif

/**
 * dst[i] = the score of window i of a row: num from `scores`, Σ I² from wnd_sq, (Σ I)²/n from mean2
 * (CCOEFF_NORMED). `dst` may be `scores`.
 */
void score_row(const double* scores, const double* wnd_sq, const double* mean2, double* dst, std::size_t n, Score method,
               double sum_sq, double templ_norm) {
  std::size_t i = 0;
#ifdef SIMDCONV_TEMPLATE_PAIRS
  const Pair sq_t = splat(sum_sq), two = splat(2.0), norm = splat(templ_norm);
  for (; i + 2 <= n; i += 2) {
    const Pair cc = load(scores + i), sq = load(wnd_sq + i);
    Pair r;
    switch (method) {
      case Score::Sqdiff: r = max0(sq - two * cc + sq_t); break;
      case Score::SqdiffNormed: r = normalised(max0(sq - two * cc + sq_t), sq, sq, norm, splat(1.0)); break;
      case Score::CcorrNormed: r = normalised(cc, sq, sq, norm, splat(0.0)); break;
      case Score::CcoeffNormed: r = normalised(cc, max0(sq - load(mean2 + i)), sq, norm, splat(0.0)); break;
    }
    store(dst + i, r);
  }
#endif
  for (; i < n; i++) {
    const double cc = scores[i], sq = wnd_sq[i];
    switch (method) {
      case Score::Sqdiff: dst[i] = max0(sq - 2 * cc + sum_sq); break;
      case Score::SqdiffNormed: dst[i] = normalised(max0(sq - 2 * cc + sum_sq), sq, sq, templ_norm, 1.0); break;
      case Score::CcorrNormed: dst[i] = normalised(cc, sq, sq, templ_norm, 0.0); break;
      case Score::CcoeffNormed: dst[i] = normalised(cc, max0(sq - mean2[i]), sq, templ_norm, 0.0); break;
    }
  }
}

template <typename In, typename Out>
void score_windows(const In* x, const Geometry& g, const double* scores, Out* out, Score method, double sum_sq,
                   double templ_norm) {
  const std::size_t ow = g.ow(), row = g.W * g.C, area = g.h * g.w;
  const bool with_mean = method == Score::CcoeffNormed;
  std::vector<double> col_sq(g.W + 1, 0.0), col_sum(with_mean ? (g.W + 1) * g.C : 0, 0.0);
  std::vector<double> wnd_sq(ow), mean2(ow, 0.0), chan(g.C), row_out(std::is_same_v<Out, double> ? 0 : ow);
  double* const sum = with_mean ? col_sum.data() : nullptr;
  const double inv_area = 1.0 / static_cast<double>(area);
  for (std::size_t y = 0; y < g.oh(); y++) {
    if (y == 0) {
      for (std::size_t r = 0; r < g.h; r++) add_row(x + r * row, static_cast<const In*>(nullptr), g, col_sq.data(), sum);
    } else {
      add_row(x + (y + g.h - 1) * row, x + (y - 1) * row, g, col_sq.data(), sum);
    }
    // The window sums of the row, sliding along the columns (sequential: one add's latency per
    // window, so with one channel both slides share a loop), then the scores (independent).
    double s = 0, m = 0;
    for (std::size_t i = 0; i < g.w; i++) s += col_sq[i];
    if (with_mean && g.C == 1) {
      for (std::size_t i = 0; i < g.w; i++) m += col_sum[i];
      for (std::size_t i = 0; i < ow; i++) {
        wnd_sq[i] = s;
        mean2[i] = m * m * inv_area;
        s += col_sq[i + g.w] - col_sq[i];
        m += col_sum[i + g.w] - col_sum[i];
      }
    } else {
      for (std::size_t i = 0; i < ow; i++) {
        wnd_sq[i] = s;
        s += col_sq[i + g.w] - col_sq[i];
      }
    }
    if (with_mean && g.C > 1) {
      std::fill(chan.begin(), chan.end(), 0.0);
      for (std::size_t i = 0; i < g.w * g.C; i++) chan[i % g.C] += col_sum[i];
      for (std::size_t i = 0; i < ow; i++) {
        double squares = 0;
        for (std::size_t c = 0; c < g.C; c++) {
          squares += chan[c] * chan[c];
          chan[c] += col_sum[(i + g.w) * g.C + c] - col_sum[i * g.C + c];
        }
        mean2[i] = squares * inv_area;
      }
    }
    const double* in = scores + y * ow;
    if constexpr (std::is_same_v<Out, double>) {
      score_row(in, wnd_sq.data(), mean2.data(), out + y * ow, ow, method, sum_sq, templ_norm);
    } else {
      score_row(in, wnd_sq.data(), mean2.data(), row_out.data(), ow, method, sum_sq, templ_norm);
      for (std::size_t i = 0; i < ow; i++) out[y * ow + i] = static_cast<Out>(row_out[i]);
    }
  }
}

/** A Float32Array or Float64Array argument: its memory, its length and whether it holds doubles. */
struct Floats {
  void* data;
  std::size_t length;
  bool f64;
};

Floats floats(Napi::Env env, const Napi::Value& v, const char* arg, bool f64_only) {
  const char* want = f64_only ? "a Float64Array" : "a Float32Array or Float64Array";
  if (!v.IsTypedArray()) throw_type_error(env, arg, want, v);
  const napi_typedarray_type type = v.As<Napi::TypedArray>().TypedArrayType();
  if (type != napi_float64_array && (f64_only || type != napi_float32_array)) throw_type_error(env, arg, want, v);
  void* data;
  std::size_t bytes;
  if (!typed_array_memory(env, v, &data, &bytes)) throw_type_error(env, arg, want, v);
  const std::size_t element = type == napi_float64_array ? 8 : 4;
  if (bytes != 0 && data == nullptr) throw_type_error(env, arg, "an attached array", v);
  return {data, bytes / element, type == napi_float64_array};
}

/** A whole number in [lo, hi]. */
std::size_t count(Napi::Env env, const Napi::Value& v, const char* arg, double lo, double hi) {
  if (!v.IsNumber()) throw_type_error(env, arg, "a number", v);
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= lo && d <= hi && d == std::floor(d)))
    throw_range_error(env, arg, "an integer from " + describe(Napi::Number::New(env, lo)) + " to " + describe(Napi::Number::New(env, hi)), describe(v));
  return static_cast<std::size_t>(d);
}

double number(Napi::Env env, const Napi::Value& v, const char* arg) {
  if (!v.IsNumber()) throw_type_error(env, arg, "a number", v);
  return v.As<Napi::Number>().DoubleValue();
}

template <typename In>
void dispatch_out(const In* x, const Geometry& g, const double* scores, const Floats& out, Score m, double sum_sq,
                  double norm) {
  if (out.f64) score_windows(x, g, scores, static_cast<double*>(out.data), m, sum_sq, norm);
  else score_windows(x, g, scores, static_cast<float*>(out.data), m, sum_sq, norm);
}

}  // namespace

void score_template(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Floats image = floats(env, info[0], "image", false);
  constexpr double kMax = 2147483647.0;  // the int32 bound every array in simdconv keeps to
  const Geometry g{count(env, info[1], "H", 1, kMax), count(env, info[2], "W", 1, kMax), count(env, info[3], "C", 1, kMax),
                   count(env, info[4], "h", 1, kMax), count(env, info[5], "w", 1, kMax)};
  if (g.h > g.H || g.w > g.W) throw_range_error(env, "h, w", "at most H, W", describe(info[4]) + ", " + describe(info[5]));
  if (static_cast<double>(g.H) * static_cast<double>(g.W) * static_cast<double>(g.C) != static_cast<double>(image.length))
    throw_range_error(env, "image", "of length H·W·C", describe(info[0]));
  const std::size_t n = g.oh() * g.ow();
  const Floats scores = floats(env, info[6], "scores", true);
  if (scores.length != n) throw_range_error(env, "scores", "of length " + std::to_string(n), describe(info[6]));
  const Floats out = floats(env, info[7], "out", false);
  if (out.length != n) throw_range_error(env, "out", "of length " + std::to_string(n), describe(info[7]));
  if (!info[8].IsString()) throw_type_error(env, "method", "a string", info[8]);
  const std::string name = info[8].As<Napi::String>().Utf8Value();
  Score m;
  if (name == "sqdiff") m = Score::Sqdiff;
  else if (name == "sqdiff_normed") m = Score::SqdiffNormed;
  else if (name == "ccorr_normed") m = Score::CcorrNormed;
  else if (name == "ccoeff_normed") m = Score::CcoeffNormed;
  else throw_range_error(env, "method", "'sqdiff', 'sqdiff_normed', 'ccorr_normed' or 'ccoeff_normed'", describe(info[8]));
  const double sum_sq = number(env, info[9], "sumSq"), norm = number(env, info[10], "templNorm");
  const double* s = static_cast<const double*>(scores.data);
  if (image.f64) dispatch_out(static_cast<const double*>(image.data), g, s, out, m, sum_sq, norm);
  else dispatch_out(static_cast<const float*>(image.data), g, s, out, m, sum_sq, norm);
}

}  // namespace js
}  // namespace simdconv
