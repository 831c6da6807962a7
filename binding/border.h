// Boundary extension: where does position p of the infinitely extended input come from?
// Mirrors src/core/border.ts line for line. The executor never calls it (the TypeScript layer
// resolves every position into the plan's maps); it is the documented C++ twin, checked at compile
// time against the worked example below by border_check.cc.
#pragma once
#include <cstdint>

namespace simdconv {

/** The five extensions every public boundary name reduces to. */
enum class Border : int {
  /** `k k k k | a b c d | k k k k`: a constant (fillvalue / cval); border_index answers −1. */
  Constant = 0,
  /** `a b c d | a b c d | a b c d`: periodic. signal 'wrap', ndimage 'wrap' and 'grid-wrap'. */
  Wrap = 1,
  /** `d c b a | a b c d | d c b a`: half-sample symmetric, period 2n. signal 'symm', ndimage 'reflect'
   *  and 'grid-mirror', cv2 BORDER_REFLECT. */
  Reflect = 2,
  /** `d c b | a b c d | c b a`: whole-sample symmetric, period 2n − 2; n = 1 repeats a. ndimage 'mirror'. */
  Mirror = 3,
  /** `a a a a | a b c d | d d d d`: the edge value repeated. ndimage 'nearest'. */
  Nearest = 4,
};

/** Non-negative remainder. */
constexpr std::int64_t border_mod(std::int64_t p, std::int64_t m) {
  const std::int64_t r = p % m;
  return r < 0 ? r + m : r;
}

/**
 * The index in [0, len) that position p of the extended input reads, or −1 for the constant.
 * Works for any p, however far outside (repeated reflection), and any len ≥ 1.
 *
 * Worked example, len = 4 (a b c d), p = −5 … 8:
 *   p        −5 −4 −3 −2 −1 | 0 1 2 3 | 4 5 6 7 8
 *   Wrap      3  0  1  2  3 | 0 1 2 3 | 0 1 2 3 0
 *   Reflect   3  3  2  1  0 | 0 1 2 3 | 3 2 1 0 0
 *   Mirror    1  2  3  2  1 | 0 1 2 3 | 2 1 0 1 2
 *   Nearest   0  0  0  0  0 | 0 1 2 3 | 3 3 3 3 3
 */
constexpr std::int64_t border_index(std::int64_t p, std::int64_t len, Border mode) {
  if (p >= 0 && p < len) return p;
  switch (mode) {
    case Border::Constant:
      return -1;
    case Border::Wrap:
      return border_mod(p, len);
    case Border::Reflect: {
      const std::int64_t q = border_mod(p, 2 * len);
      return q < len ? q : 2 * len - 1 - q;
    }
    case Border::Mirror: {
      if (len == 1) return 0;
      const std::int64_t q = border_mod(p, 2 * len - 2);
      return q < len ? q : 2 * len - 2 - q;
    }
    case Border::Nearest:
      return p < 0 ? 0 : len - 1;
  }
  return -1;  // unreachable for a valid mode; keeps every path returning
}

}  // namespace simdconv
