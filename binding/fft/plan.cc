#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "fft.h"

namespace simdconv {
namespace fft {
namespace {

constexpr double kTwoPi = 6.283185307179586476925286766559;

/** Owns the stages and twiddles a Plan points into. */
struct OwnedPlan {
  Plan plan;
  std::vector<Stage> stages;
  std::vector<double> re64, im64;
  std::vector<float> re32, im32;
};

std::unique_ptr<OwnedPlan> build(std::size_t n) {
  const std::vector<std::size_t> radices = fft::radices(n);

  auto owned = std::make_unique<OwnedPlan>();
  std::size_t total = 0, l1 = 1;
  for (std::size_t r : radices) total += (r - 1) * (n / (l1 * r)), l1 *= r;
  owned->re64.resize(total), owned->im64.resize(total), owned->re32.resize(total), owned->im32.resize(total);

  std::size_t at = 0;
  l1 = 1;
  for (std::size_t r : radices) {
    const std::size_t ido = n / (l1 * r);
    for (std::size_t j = 1; j < r; j++)
      for (std::size_t i = 0; i < ido; i++) {
        // exp(−2πi·k/n) with k = j·i·l1 reduced mod n, so the angle is exact before the one rounding.
        const std::size_t k = (j * i * l1) % n;
        const double a = -kTwoPi * static_cast<double>(k) / static_cast<double>(n);
        const std::size_t p = at + (j - 1) * ido + i;
        owned->re64[p] = std::cos(a), owned->im64[p] = std::sin(a);
        owned->re32[p] = static_cast<float>(owned->re64[p]), owned->im32[p] = static_cast<float>(owned->im64[p]);
      }
    owned->stages.push_back({r, l1, ido, &owned->re64[at], &owned->im64[at], &owned->re32[at], &owned->im32[at]});
    at += (r - 1) * ido;
    l1 *= r;
  }
  owned->plan = {n, owned->stages.size(), owned->stages.data()};
  return owned;
}

/** Owns the twiddles a Split points into. */
struct OwnedSplit {
  Split split;
  std::vector<double> re64, im64;
  std::vector<float> re32, im32;
};

std::unique_ptr<OwnedSplit> build_split(std::size_t n) {
  auto owned = std::make_unique<OwnedSplit>();
  std::size_t n1 = 1;
  for (std::size_t d = 1; d * d <= n; d++)
    if (n % d == 0) n1 = d;
  const std::size_t n2 = n / n1;
  owned->re64.resize(n), owned->im64.resize(n), owned->re32.resize(n), owned->im32.resize(n);
  for (std::size_t k1 = 0; k1 < n1; k1++)
    for (std::size_t j2 = 0; j2 < n2; j2++) {
      const std::size_t p = k1 * n2 + j2;
      const double a = -kTwoPi * static_cast<double>(j2 * k1 % n) / static_cast<double>(n);
      owned->re64[p] = std::cos(a), owned->im64[p] = std::sin(a);
      owned->re32[p] = static_cast<float>(owned->re64[p]), owned->im32[p] = static_cast<float>(owned->im64[p]);
    }
  owned->split = {n, n1, n2, &plan_for(n1), &plan_for(n2), owned->re64.data(), owned->im64.data(),
                  owned->re32.data(), owned->im32.data()};
  return owned;
}

/** Owns the coefficients a RealPlan points into. */
struct OwnedReal {
  RealPlan real;
  std::vector<double> c64;  // A re, A im, B re, B im: m + 1 each
  std::vector<float> c32;
};

std::unique_ptr<OwnedReal> build_real(std::size_t n) {
  auto owned = std::make_unique<OwnedReal>();
  const std::size_t m = n / 2, len = m + 1;
  owned->c64.resize(4 * len), owned->c32.resize(4 * len);
  double* c = owned->c64.data();
  for (std::size_t k = 0; k <= m; k++) {
    // i·W^k = sin θ + i·cos θ with θ = 2πk/n, so A = (1 − sin θ − i·cos θ)/2 and B = (1 + sin θ + i·cos θ)/2.
    const double t = kTwoPi * static_cast<double>(k) / static_cast<double>(n);
    const double s = std::sin(t), co = std::cos(t);
    c[k] = 0.5 * (1 - s), c[len + k] = -0.5 * co, c[2 * len + k] = 0.5 * (1 + s), c[3 * len + k] = 0.5 * co;
  }
  for (std::size_t i = 0; i < 4 * len; i++) owned->c32[i] = static_cast<float>(c[i]);
  const float* f = owned->c32.data();
  owned->real = {n, &plan_for(m), c, c + len, c + 2 * len, c + 3 * len, f, f + len, f + 2 * len, f + 3 * len};
  return owned;
}

/**
 * The object make(n) made on the first call for n, kept for the life of the process. One cache (and
 * one lock) per Owned type; a build may call another type's cache (split and real plans call
 * plan_for), never its own. The map holds each by pointer, so what it returns never moves.
 */
template <class Owned>
const Owned& cached(std::size_t n, std::unique_ptr<Owned> (*make)(std::size_t)) {
  static std::mutex mutex;
  static std::map<std::size_t, std::unique_ptr<Owned>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<Owned>& slot = cache[n];
  if (!slot) slot = make(n);
  return *slot;
}

}  // namespace

const RealPlan& real_plan_for(std::size_t n) { return cached(n, &build_real).real; }

const Split& split_for(std::size_t n) { return cached(n, &build_split).split; }

std::vector<std::size_t> radices(std::size_t n) {
  // Radix 4 first (fewest passes and multiplies), then 2, 3, 5; any order gives the same transform.
  std::vector<std::size_t> r;
  while (n % 4 == 0) r.push_back(4), n /= 4;
  while (n % 2 == 0) r.push_back(2), n /= 2;
  while (n % 3 == 0) r.push_back(3), n /= 3;
  while (n % 5 == 0) r.push_back(5), n /= 5;
  return r;
}

bool is_fast_len(std::size_t n) {
  if (n == 0) return false;
  for (std::size_t p : {2, 3, 5})
    while (n % p == 0) n /= p;
  return n == 1;
}

std::size_t next_fast_len(std::size_t n) {
  std::size_t best = 1;
  while (best < n) best *= 2;  // a power of two is always a candidate
  for (std::size_t p5 = 1; p5 < best; p5 *= 5)
    for (std::size_t p35 = p5; p35 < best; p35 *= 3) {
      std::size_t v = p35;
      while (v < n) v *= 2;
      if (v < best) best = v;
    }
  return best;
}

const Plan& plan_for(std::size_t n) { return cached(n, &build).plan; }

const Table& table_for(const char* isa) {
#if defined(__x86_64__) || defined(_M_X64)
  if (std::strcmp(isa, "avx512") == 0) return avx512::fft_table();
  if (std::strcmp(isa, "avx2") == 0) return avx2::fft_table();
#elif defined(__aarch64__) || defined(_M_ARM64)
  if (std::strcmp(isa, "neon") == 0) return neon::fft_table();
#endif
  return scalar::fft_table();
}

}  // namespace fft
}  // namespace simdconv
