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

}  // namespace
}  // namespace simdconv
