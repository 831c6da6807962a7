// The C++ mirror of src/core/plan.ts, where what a plan means is documented. Field names follow the
// TypeScript ones in snake_case.
//
// parse_plan re-checks every invariant the TypeScript layer already enforced: it is defence, so that a
// bad call throws instead of reading out of bounds. It copies the maps and weights (a few kB; the work
// is O(output · taps)), so the indices the executor trusts are exactly the ones that were checked,
// even if JS changes the plan's arrays while an async call runs.
#pragma once
#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace simdconv {

struct AxisPlan {
  std::size_t in_len;
  std::size_t out_len;
  std::size_t taps;
  std::size_t stride;
  std::size_t dilation;
  /** Input index for each map position, or −1 for the fill value; every entry is in [−1, in_len). */
  std::vector<std::int32_t> map;
};

/** How the executor computes the formula: the direct sum or by FFT (execute_fft.h). */
enum class Method { Direct, Fft };

struct Plan {
  std::vector<AxisPlan> axes;  // at least one
  /** Row-major over the taps of every axis; interleaved (re, im) when complex_weights. */
  std::vector<double> weights;
  bool complex_input;
  bool complex_weights;
  double fill_re;
  double fill_im;
  /** Rank-1 weights (real only): weights[r·row_taps + t] = lead[r]·row[t]. Empty when not factored;
   *  the executor then filters each input row once with `row` and combines rows with `lead`. */
  std::vector<double> lead_factor;
  std::vector<double> row_factor;
  /** Elements (not samples) the input and output arrays must have, components included. */
  std::size_t input_length;
  std::size_t output_length;
  /** plan.method: absent or 'direct' → Direct, 'fft' → Fft. */
  Method method;

  bool complex_output() const { return complex_input || complex_weights; }
  bool factored() const { return !row_factor.empty(); }
};

/** Reads and checks a JS plan object; throws Napi::TypeError / Napi::RangeError on any violation. */
Plan parse_plan(const Napi::Value& value);

}  // namespace simdconv
