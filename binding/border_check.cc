// Compile-time checks of border.h: the worked example table, row by row, plus the cases that are easy
// to get wrong (length 1, positions many periods away). A wrong edit stops the build.
#include "border.h"

namespace simdconv {
namespace {

constexpr std::int64_t kP0 = -5;  // the table's first column

/** border_index(p, 4, mode) for p = −5 … 8 equals `row`. */
constexpr bool row_matches(Border mode, const std::int64_t (&row)[14]) {
  for (std::int64_t i = 0; i < 14; i++)
    if (border_index(kP0 + i, 4, mode) != row[i]) return false;
  return true;
}

constexpr std::int64_t kConstant[14] = {-1, -1, -1, -1, -1, 0, 1, 2, 3, -1, -1, -1, -1, -1};
constexpr std::int64_t kWrap[14] = {3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0};
constexpr std::int64_t kReflect[14] = {3, 3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0, 0};
constexpr std::int64_t kMirror[14] = {1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2};
constexpr std::int64_t kNearest[14] = {0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 3, 3};

static_assert(row_matches(Border::Constant, kConstant), "Constant");
static_assert(row_matches(Border::Wrap, kWrap), "Wrap");
static_assert(row_matches(Border::Reflect, kReflect), "Reflect");
static_assert(row_matches(Border::Mirror, kMirror), "Mirror");
static_assert(row_matches(Border::Nearest, kNearest), "Nearest");

static_assert(border_index(-7, 1, Border::Mirror) == 0 && border_index(9, 1, Border::Reflect) == 0, "length 1");
static_assert(border_index(-4003, 4, Border::Reflect) == 2 && border_index(4006, 4, Border::Mirror) == 2,
              "far outside: reflection repeats with period 2n (Reflect) and 2n − 2 (Mirror)");

/**
 * The naive oracle of test/border.test.ts, at compile time: walk outward from the edge one position
 * at a time, bouncing (or wrapping, or staying) the way a person unfolds the sequence on paper.
 */
constexpr std::int64_t unfold(std::int64_t p, std::int64_t len, Border mode) {
  if (p >= 0 && p < len) return p;
  if (mode == Border::Constant) return -1;
  const std::int64_t outward = p < 0 ? -1 : 1;
  std::int64_t idx = p < 0 ? 0 : len - 1, dir = outward;
  const std::int64_t steps = p < 0 ? -p : p - (len - 1);
  for (std::int64_t s = 0; s < steps; s++) {
    if (mode == Border::Wrap) {
      idx = dir > 0 ? (idx == len - 1 ? 0 : idx + 1) : (idx == 0 ? len - 1 : idx - 1);
    } else if (mode == Border::Reflect) {  // the edge sample repeats, then walk back
      if (s == 0) dir = -outward;
      else if ((dir < 0 && idx == 0) || (dir > 0 && idx == len - 1)) dir = -dir;
      else idx += dir;
    } else if (mode == Border::Mirror && len > 1) {  // bounce without repeating the edge
      if (s == 0) dir = -outward;
      if (idx + dir < 0 || idx + dir > len - 1) dir = -dir;
      idx += dir;
    }
  }
  return idx;
}

/** border_index equals the oracle for every mode, len 1…6 and p −60…60. */
constexpr bool exhaustive() {
  for (int m = 0; m <= 4; m++)
    for (std::int64_t len = 1; len <= 6; len++)
      for (std::int64_t p = -60; p <= 60; p++)
        if (border_index(p, len, static_cast<Border>(m)) != unfold(p, len, static_cast<Border>(m))) return false;
  return true;
}
static_assert(exhaustive(), "border_index agrees with the unfolding oracle for len 1…6, p −60…60");

}  // namespace
}  // namespace simdconv
