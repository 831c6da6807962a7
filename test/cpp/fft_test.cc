// Standalone test (no Node) of the FFT (binding/fft) on every ISA this CPU supports, float32 and
// float64, against a naive DFT accumulated in double.
//
//   fft_test                 every fast length 1..64 and some large ones; last line "N passed, N failed"
//   fft_test --isa avx2      one ISA only
//   fft_test --bench         ns per point of a 256-column batch per ISA and length (hot cache)
//
// Each batch is 2·kColumnAlign columns with a different random signal per column, in planes whose
// row pitch exceeds the columns (as in a tile), so a lane mix-up or a pitch error shows. Checks:
// forward and inverse against the DFT; inverse(forward(x)) = n·x; Parseval (Σ|X|² = n·Σ|x|²); the
// columns beyond `cols` are never written. The four-step split of long lengths (fft::split_for, as the
// 1-D executor runs it) against the DFT in split order, and its inverse back to n·x. The real-input
// transform (fft::RealPlan, every even length up to 128 and some large ones): forward and inverse
// against naive sums, round trip, Parseval. The in-register transpose against the scalar one. Tolerance: |got − ref| ≤ 4·(ε·log2(2n) + ε₆₄·√n)·‖x‖₂ per
// element: the error scale of an FFT, plus that of the reference's own n-term double sum (which
// matters for float64 at the large lengths).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "../../binding/fft/fft.h"
#include "../../binding/kernels/select.h"

namespace fft = simdconv::fft;

namespace {

struct Tally {
  int passed = 0, failed = 0;
};

template <class T>
fft::ColumnsFn<T> columns(const fft::Table& t) {
  if constexpr (sizeof(T) == sizeof(float)) return t.columns_f32;
  else return t.columns_f64;
}

template <class T>
void check_length(const fft::Table& table, std::size_t n, std::mt19937_64& rng, Tally& tally) {
  const std::size_t cols = 2 * fft::kColumnAlign, stride = cols + 7, guard = 3;  // guard: untouched columns
  const T eps = sizeof(T) == 4 ? 6e-8 : 1.2e-16;
  std::uniform_real_distribution<double> u(-1, 1);
  std::vector<T> re(n * stride), im(n * stride), sre(n * stride), sim(n * stride);
  for (std::size_t k = 0; k < n; k++)
    for (std::size_t c = 0; c < stride; c++) re[k * stride + c] = static_cast<T>(u(rng)), im[k * stride + c] = static_cast<T>(u(rng));
  const std::vector<T> x_re = re, x_im = im;
  const fft::Plan& plan = fft::plan_for(n);
  auto fail = [&](const char* what, std::size_t c, double err, double tol) {
    if (tally.failed < 20)
      std::printf("FAIL %s f%zu n=%zu column %zu %s: error %.3g > %.3g\n", table.isa, sizeof(T) * 8, n, c, what, err, tol);
    tally.failed++;
  };

  // exp(−2πi·m/n) for m < n, so the DFT needs no trigonometry in its loop.
  std::vector<double> cs(n), sn(n);
  for (std::size_t m = 0; m < n; m++) {
    const double a = -2 * 3.14159265358979323846 * (double)m / n;
    cs[m] = std::cos(a), sn[m] = std::sin(a);
  }
  // Large lengths: the DFT is O(n²) per column, so check a few columns there (all lanes still run).
  const std::size_t checked = n > 512 ? 3 : cols;

  for (int inverse = 0; inverse < 2; inverse++) {
    re = x_re, im = x_im;
    columns<T>(table)(plan, re.data(), im.data(), sre.data(), sim.data(), stride, cols, inverse);
    bool ok = true;
    for (std::size_t c = 0; c < cols; c++) {
      if (c >= checked && c != cols - 1) continue;
      double norm = 0;
      for (std::size_t k = 0; k < n; k++) norm += (double)x_re[k * stride + c] * x_re[k * stride + c] + (double)x_im[k * stride + c] * x_im[k * stride + c];
      const double tol = 4 * (eps * std::log2(2.0 * n) + 1.2e-16 * std::sqrt(double(n))) * std::sqrt((double)norm);
      double worst = 0;
      for (std::size_t f = 0; f < n; f++) {
        double ar = 0, ai = 0;
        for (std::size_t k = 0; k < n; k++) {
          const std::size_t m = (f * k) % n;
          const double c_ = cs[m], s_ = inverse ? -sn[m] : sn[m];
          const double xr = x_re[k * stride + c], xi = x_im[k * stride + c];
          ar += xr * c_ - xi * s_;
          ai += xr * s_ + xi * c_;
        }
        worst = std::max(worst, (double)std::hypot(ar - re[f * stride + c], ai - im[f * stride + c]));
      }
      if (!(worst <= tol)) fail(inverse ? "inverse vs DFT" : "forward vs DFT", c, worst, tol), ok = false;
    }
    for (std::size_t k = 0; k < n; k++)
      for (std::size_t c = cols; c < cols + guard; c++)
        if (re[k * stride + c] != x_re[k * stride + c] || im[k * stride + c] != x_im[k * stride + c]) {
          if (ok) fail("wrote past cols", c, 1, 0);
          ok = false;
        }
    if (ok) tally.passed++;
  }

  // Round trip and Parseval.
  re = x_re, im = x_im;
  columns<T>(table)(plan, re.data(), im.data(), sre.data(), sim.data(), stride, cols, false);
  std::vector<T> spec_re = re, spec_im = im;
  columns<T>(table)(plan, re.data(), im.data(), sre.data(), sim.data(), stride, cols, true);
  bool ok = true;
  for (std::size_t c = 0; c < cols; c++) {
    double e_x = 0, e_X = 0;
    double worst = 0;
    for (std::size_t k = 0; k < n; k++) {
      const std::size_t p = k * stride + c;
      e_x += (double)x_re[p] * x_re[p] + (double)x_im[p] * x_im[p];
      e_X += (double)spec_re[p] * spec_re[p] + (double)spec_im[p] * spec_im[p];
      worst = std::max(worst, (double)std::hypot(re[p] - (double)n * x_re[p], im[p] - (double)n * x_im[p]));
    }
    const double tol = 8 * eps * std::log2(2.0 * n) * n * std::sqrt((double)e_x);
    if (!(worst <= tol)) fail("round trip", c, worst, tol), ok = false;
    const double rel = std::fabs((double)(e_X / (n * e_x)) - 1);
    if (!(rel <= 8 * eps * std::log2(2.0 * n))) fail("Parseval (relative)", c, rel, 8 * eps * std::log2(2.0 * n)), ok = false;
  }
  if (ok) tally.passed++;
}

template <class T>
fft::ScaleFn<T> scale(const fft::Table& t) {
  if constexpr (sizeof(T) == sizeof(float)) return t.scale_f32;
  else return t.scale_f64;
}

/**
 * The four-step split (fft::split_for) run through the ISA's columns and scale exactly as the 1-D
 * executor runs it: the forward transform in split order against the DFT (row k1·n2 + k2 holds bin
 * k1 + n1·k2), and the split inverse back to n·x.
 */
template <class T>
void check_split(const fft::Table& table, std::size_t n, std::mt19937_64& rng, Tally& tally) {
  const std::size_t cols = fft::kColumnAlign, stride = cols;
  const T eps = sizeof(T) == 4 ? 6e-8 : 1.2e-16;
  const fft::Split& sp = fft::split_for(n);
  const T* tw_re;
  const T* tw_im;
  if constexpr (sizeof(T) == sizeof(float)) tw_re = sp.tw_re32, tw_im = sp.tw_im32;
  else tw_re = sp.tw_re64, tw_im = sp.tw_im64;
  std::uniform_real_distribution<double> u(-1, 1);
  std::vector<T> re(n * stride), im(n * stride), sre(n * stride), sim(n * stride);
  for (std::size_t i = 0; i < n * stride; i++) re[i] = static_cast<T>(u(rng)), im[i] = static_cast<T>(u(rng));
  const std::vector<T> x_re = re, x_im = im;
  auto fail = [&](const char* what, std::size_t c, double err, double tol) {
    if (tally.failed < 20)
      std::printf("FAIL %s f%zu split n=%zu (%zu·%zu) column %zu %s: error %.3g > %.3g\n", table.isa, sizeof(T) * 8, n, sp.n1,
                  sp.n2, c, what, err, tol);
    tally.failed++;
  };
  bool ok = sp.n1 * sp.n2 == n && sp.n1 <= sp.n2;
  if (!ok) fail("n1·n2 ≠ n or n1 > n2", 0, double(sp.n1), double(sp.n2));

  // Step 1: the strided n1-point transforms (pitch n2 rows), step 2: twiddles and the n2-point ones.
  for (std::size_t j2 = 0; j2 < sp.n2; j2++)
    columns<T>(table)(*sp.p1, &re[j2 * stride], &im[j2 * stride], &sre[j2 * stride], &sim[j2 * stride], sp.n2 * stride, cols, false);
  for (std::size_t k1 = 0; k1 < sp.n1; k1++) {
    const std::size_t at = k1 * sp.n2;
    scale<T>(table)(&re[at * stride], &im[at * stride], tw_re + at, tw_im + at, sp.n2, stride, cols, false);
    columns<T>(table)(*sp.p2, &re[at * stride], &im[at * stride], &sre[at * stride], &sim[at * stride], stride, cols, false);
  }
  std::vector<double> cs(n), sn(n);  // exp(−2πi·m/n)
  for (std::size_t m = 0; m < n; m++) cs[m] = std::cos(-2 * 3.14159265358979323846 * double(m) / double(n)), sn[m] = std::sin(-2 * 3.14159265358979323846 * double(m) / double(n));
  const std::size_t checked = n > 512 ? 2 : cols;
  for (std::size_t c = 0; c < cols; c++) {
    if (c >= checked && c != cols - 1) continue;
    double norm = 0;
    for (std::size_t k = 0; k < n; k++) norm += (double)x_re[k * stride + c] * x_re[k * stride + c] + (double)x_im[k * stride + c] * x_im[k * stride + c];
    const double tol = 4 * (eps * std::log2(2.0 * n) + 1.2e-16 * std::sqrt(double(n))) * std::sqrt(norm);
    double worst = 0;
    for (std::size_t f = 0; f < n; f++) {
      double ar = 0, ai = 0;
      for (std::size_t k = 0; k < n; k++) {
        const std::size_t m = (f * k) % n;
        const double xr = x_re[k * stride + c], xi = x_im[k * stride + c];
        ar += xr * cs[m] - xi * sn[m];
        ai += xr * sn[m] + xi * cs[m];
      }
      const std::size_t row = f % sp.n1 * sp.n2 + f / sp.n1;
      worst = std::max(worst, std::hypot(ar - re[row * stride + c], ai - im[row * stride + c]));
    }
    if (!(worst <= tol)) fail("forward vs DFT (split order)", c, worst, tol), ok = false;
  }

  // The inverse: n2-point inverses and conjugate twiddles, then the strided n1-point inverses.
  for (std::size_t k1 = 0; k1 < sp.n1; k1++) {
    const std::size_t at = k1 * sp.n2;
    columns<T>(table)(*sp.p2, &re[at * stride], &im[at * stride], &sre[at * stride], &sim[at * stride], stride, cols, true);
    scale<T>(table)(&re[at * stride], &im[at * stride], tw_re + at, tw_im + at, sp.n2, stride, cols, true);
  }
  for (std::size_t j2 = 0; j2 < sp.n2; j2++)
    columns<T>(table)(*sp.p1, &re[j2 * stride], &im[j2 * stride], &sre[j2 * stride], &sim[j2 * stride], sp.n2 * stride, cols, true);
  for (std::size_t c = 0; c < cols; c++) {
    double e_x = 0, worst = 0;
    for (std::size_t k = 0; k < n; k++) {
      const std::size_t p = k * stride + c;
      e_x += (double)x_re[p] * x_re[p] + (double)x_im[p] * x_im[p];
      worst = std::max(worst, (double)std::hypot(re[p] - (double)n * x_re[p], im[p] - (double)n * x_im[p]));
    }
    const double tol = 8 * eps * std::log2(2.0 * n) * n * std::sqrt(e_x);
    if (!(worst <= tol)) fail("round trip", c, worst, tol), ok = false;
  }
  if (ok) tally.passed++;
}

template <class T>
fft::RealFn<T> real(const fft::Table& t) {
  if constexpr (sizeof(T) == sizeof(float)) return t.real_f32;
  else return t.real_f64;
}

/**
 * The real-input transform (fft::RealPlan, n even): forward against the DFT's bins 0 … n/2; the
 * inverse of a half spectrum (Y[0], Y[n/2] real, the rest complex) against the naive real inverse of
 * its Hermitian extension; inverse(forward(x)) = n·x; Parseval in the half layout. Columns beyond
 * `cols` are never written, nor rows beyond n + 2.
 */
template <class T>
void check_real(const fft::Table& table, std::size_t n, std::mt19937_64& rng, Tally& tally) {
  const std::size_t m = n / 2, cols = 2 * fft::kColumnAlign, stride = cols + 7, rows = n + 2;
  const T eps = sizeof(T) == 4 ? 6e-8 : 1.2e-16;
  const fft::RealPlan& plan = fft::real_plan_for(n);
  std::uniform_real_distribution<double> u(-1, 1);
  // One extra row past n + 2 to catch writes beyond the layout.
  std::vector<T> x((rows + 1) * stride), s(n * stride);
  for (T& v : x) v = static_cast<T>(u(rng));
  const std::vector<T> x0 = x;
  auto fail = [&](const char* what, std::size_t c, double err, double tol) {
    if (tally.failed < 20)
      std::printf("FAIL %s f%zu real n=%zu column %zu %s: error %.3g > %.3g\n", table.isa, sizeof(T) * 8, n, c, what, err, tol);
    tally.failed++;
  };
  auto untouched = [&](const std::vector<T>& ref) {
    for (std::size_t r = 0; r <= rows; r++)
      for (std::size_t c = 0; c < stride; c++)
        if ((c >= cols || r == rows) && x[r * stride + c] != ref[r * stride + c]) return false;
    return true;
  };
  std::vector<double> cs(n), sn(n);  // exp(−2πi·j/n)
  for (std::size_t j = 0; j < n; j++) cs[j] = std::cos(-2 * 3.14159265358979323846 * double(j) / double(n)), sn[j] = std::sin(-2 * 3.14159265358979323846 * double(j) / double(n));
  const std::size_t checked = n > 512 ? 3 : cols;
  bool ok = true;

  real<T>(table)(plan, x.data(), s.data(), stride, cols, false);
  if (!untouched(x0)) fail("forward wrote past its layout", 0, 1, 0), ok = false;
  for (std::size_t c = 0; c < cols; c++) {
    double e_x = 0, e_X = 0;
    for (std::size_t j = 0; j < n; j++) e_x += double(x0[j * stride + c]) * x0[j * stride + c];
    for (std::size_t k = 0; k <= m; k++) {
      const double p = double(x[2 * k * stride + c]) * x[2 * k * stride + c] + double(x[(2 * k + 1) * stride + c]) * x[(2 * k + 1) * stride + c];
      e_X += (k == 0 || k == m) ? p : 2 * p;
    }
    const double rel = std::fabs(e_X / (double(n) * e_x) - 1);
    if (!(rel <= 8 * eps * std::log2(2.0 * n))) fail("Parseval (relative)", c, rel, 8 * eps * std::log2(2.0 * n)), ok = false;
    if (c >= checked && c != cols - 1) continue;
    const double tol = 4 * (eps * std::log2(2.0 * n) + 1.2e-16 * std::sqrt(double(n))) * std::sqrt(e_x);
    double worst = 0;
    for (std::size_t k = 0; k <= m; k++) {
      double ar = 0, ai = 0;
      for (std::size_t j = 0; j < n; j++) {
        const std::size_t w = (k * j) % n;
        ar += double(x0[j * stride + c]) * cs[w], ai += double(x0[j * stride + c]) * sn[w];
      }
      worst = std::max(worst, std::hypot(ar - x[2 * k * stride + c], ai - x[(2 * k + 1) * stride + c]));
    }
    if (!(worst <= tol)) fail("forward vs DFT", c, worst, tol), ok = false;
  }

  // Round trip: the inverse of the forward result.
  real<T>(table)(plan, x.data(), s.data(), stride, cols, true);
  for (std::size_t c = 0; c < cols; c++) {
    double e_x = 0, worst = 0;
    for (std::size_t j = 0; j < n; j++) {
      const std::size_t p = j * stride + c;
      e_x += double(x0[p]) * x0[p];
      worst = std::max(worst, std::fabs(x[p] - double(n) * x0[p]));
    }
    const double tol = 8 * eps * std::log2(2.0 * n) * n * std::sqrt(e_x);
    if (!(worst <= tol)) fail("round trip", c, worst, tol), ok = false;
  }

  // The inverse of an arbitrary half spectrum with real end bins.
  x = x0;
  for (std::size_t c = 0; c < stride; c++) x[stride + c] = 0, x[(2 * m + 1) * stride + c] = 0;
  const std::vector<T> y = x;
  real<T>(table)(plan, x.data(), s.data(), stride, cols, true);
  if (!untouched(y)) fail("inverse wrote past its layout", 0, 1, 0), ok = false;
  for (std::size_t c = 0; c < cols; c++) {
    if (c >= checked && c != cols - 1) continue;
    double norm = 0;
    for (std::size_t k = 0; k <= m; k++) {
      const double p = double(y[2 * k * stride + c]) * y[2 * k * stride + c] + double(y[(2 * k + 1) * stride + c]) * y[(2 * k + 1) * stride + c];
      norm += (k == 0 || k == m) ? p : 2 * p;
    }
    const double tol = 4 * (eps * std::log2(2.0 * n) + 1.2e-16 * std::sqrt(double(n))) * std::sqrt(norm * double(n));
    double worst = 0;
    for (std::size_t j = 0; j < n; j++) {
      double v = y[c] + (j % 2 ? -1.0 : 1.0) * y[2 * m * stride + c];
      for (std::size_t k = 1; k < m; k++) {
        const std::size_t w = (k * j) % n;  // Re(Y·exp(+2πi·kj/n)) = Yr·cos + Yi·sin of the negative angle
        v += 2 * (double(y[2 * k * stride + c]) * cs[w] + double(y[(2 * k + 1) * stride + c]) * sn[w]);
      }
      worst = std::max(worst, std::fabs(v - x[j * stride + c]));
    }
    if (!(worst <= tol)) fail("inverse vs naive", c, worst, tol), ok = false;
  }
  if (ok) tally.passed++;
}

template <class T>
fft::TransposeFn<T> transpose(const fft::Table& t) {
  if constexpr (sizeof(T) == sizeof(float)) return t.transpose_f32;
  else return t.transpose_f64;
}

/**
 * The ISA's in-register transpose against the scalar table's and the definition, for a rows × cols
 * block with pitches wider than the block: dst[c·dp + r] = src[r·sp + c] exactly, nothing else written.
 */
template <class T>
void check_transpose(const fft::Table& table, std::size_t rows, std::size_t cols, std::mt19937_64& rng, Tally& tally) {
  const std::size_t sp = cols + 5, dp = rows + 3;
  std::uniform_real_distribution<double> u(-1, 1);
  std::vector<T> src(rows * sp), dst((cols + 1) * dp, T(7)), ref((cols + 1) * dp, T(7));
  for (T& v : src) v = static_cast<T>(u(rng));
  transpose<T>(table)(src.data(), dst.data(), rows, cols, sp, dp);
  transpose<T>(simdconv::scalar::fft_table())(src.data(), ref.data(), rows, cols, sp, dp);
  bool ok = dst == ref;
  for (std::size_t c = 0; c <= cols && ok; c++)
    for (std::size_t r = 0; r < dp && ok; r++)
      ok = dst[c * dp + r] == (c < cols && r < rows ? src[r * sp + c] : T(7));
  if (ok) {
    tally.passed++;
  } else {
    if (tally.failed < 20) std::printf("FAIL %s f%zu transpose %zu×%zu\n", table.isa, sizeof(T) * 8, rows, cols);
    tally.failed++;
  }
}

std::vector<std::size_t> lengths() {
  std::vector<std::size_t> v;
  for (std::size_t n = 1; n <= 64; n++)
    if (fft::is_fast_len(n)) v.push_back(n);
  for (std::size_t n : {75, 81, 96, 100, 125, 128, 243, 250, 256, 360, 625, 1000, 1024, 2187, 3125})
    v.push_back(n);
  return v;
}

int run_tests(const std::vector<const fft::Table*>& isas) {
  Tally tally;
  // next_fast_len against a brute-force search.
  for (std::size_t n = 1; n <= 5000; n++) {
    std::size_t m = n;
    while (!fft::is_fast_len(m)) m++;
    if (fft::next_fast_len(n) != m) {
      std::printf("FAIL next_fast_len(%zu) = %zu, expected %zu\n", n, fft::next_fast_len(n), m);
      tally.failed++;
    }
  }
  std::mt19937_64 rng(12345);
  for (const fft::Table* t : isas)
    for (std::size_t n : lengths()) {
      check_length<float>(*t, n, rng, tally);
      check_length<double>(*t, n, rng, tally);
    }
  const std::size_t sides[] = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 64, 65, 126, 129, 256};
  for (const fft::Table* t : isas)
    for (std::size_t r : sides)
      for (std::size_t c : sides) {
        check_transpose<float>(*t, r, c, rng, tally);
        check_transpose<double>(*t, r, c, rng, tally);
      }
  for (const fft::Table* t : isas)
    for (std::size_t n = 2; n <= 4096; n += 2) {
      // Every even length up to 128 that the FFT takes (n/2 a fast length), then some large ones.
      if (!fft::is_fast_len(n) || (n > 128 && n != 250 && n != 256 && n != 486 && n != 1000 && n != 2048 && n != 4050)) continue;
      check_real<float>(*t, n, rng, tally);
      check_real<double>(*t, n, rng, tally);
    }
  for (const fft::Table* t : isas)
    for (std::size_t n : {1, 2, 12, 60, 64, 100, 300, 1000, 1024, 3125, 4000, 4096}) {
      check_split<float>(*t, n, rng, tally);
      check_split<double>(*t, n, rng, tally);
    }
  std::printf("ISAs:");
  for (const fft::Table* t : isas) std::printf(" %s", t->isa);
  std::printf("\n%d passed, %d failed\n", tally.passed, tally.failed);
  return tally.failed == 0 ? 0 : 1;
}

template <class T>
double bench_ns_per_point(const fft::Table& table, std::size_t n) {
  const std::size_t cols = 256;
  std::vector<T> re(n * cols, T(0.5)), im(n * cols, T(0.25)), sre(n * cols), sim(n * cols);
  const fft::Plan& plan = fft::plan_for(n);
  const int reps = std::max<int>(3, static_cast<int>(4e6 / (n * cols)));
  auto t0 = std::chrono::steady_clock::now();
  for (int r = 0; r < reps; r++) columns<T>(table)(plan, re.data(), im.data(), sre.data(), sim.data(), cols, cols, r & 1);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return s * 1e9 / (double(reps) * n * cols);
}

int run_bench(const std::vector<const fft::Table*>& isas) {
  std::printf("ns per complex point, 256 columns (lower is better)\n%-8s %6s", "dtype", "n");
  for (const fft::Table* t : isas) std::printf(" %8s", t->isa);
  std::printf("\n");
  for (std::size_t n : {64, 125, 128, 240, 250, 256, 512, 1024, 4096}) {
    std::printf("%-8s %6zu", "float32", n);
    for (const fft::Table* t : isas) std::printf(" %8.3f", bench_ns_per_point<float>(*t, n));
    std::printf("\n%-8s %6zu", "float64", n);
    for (const fft::Table* t : isas) std::printf(" %8.3f", bench_ns_per_point<double>(*t, n));
    std::printf("\n");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  bool bench = false;
  std::string only;
  for (int i = 1; i < argc; i++) {
    const std::string a = argv[i];
    if (a == "--bench") {
      bench = true;
    } else if (a == "--isa" && i + 1 < argc) {
      only = argv[++i];
    } else if (a == "--misalign" && i + 1 < argc) {
      i++;  // a kernel_test option (scripts/test-kernels.sh passes the same arguments to both)
    } else {
      std::fprintf(stderr, "usage: %s [--bench] [--isa NAME]\n", argv[0]);
      return 2;
    }
  }
  std::vector<const fft::Table*> isas;
  for (const std::string& name : simdconv::available_isas())
    if (only.empty() || name == only) isas.push_back(&fft::table_for(name.c_str()));
  if (isas.empty()) {
    std::fprintf(stderr, "ISA %s is not available here\n", only.c_str());
    return 2;
  }
  return bench ? run_bench(isas) : run_tests(isas);
}
