// The C++ mirror of src/core/plan.ts, where what a plan means is documented. Field names follow the
// TypeScript ones in snake_case.
//
// parse_plan re-checks every invariant the TypeScript layer already enforced: it is defence, so that a
// bad call throws instead of reading out of bounds. It copies the border maps and weights (a few kB:
// O(taps + border), the run is three numbers), so the indices the executor trusts are exactly the
// ones that were checked, even if JS changes the plan's arrays while an async call runs.
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
  // The map (input index per map position, −1 = fill value) as head | run | tail, see plan.ts:
  // positions [0, run_start()) read head[q], the run [run_start(), run_end()) reads q + shift (always
  // inside the input), the rest read tail[q − run_end()]. Border entries are in [−1, in_len).
  std::vector<std::int32_t> head;
  std::size_t run_length;
  std::ptrdiff_t shift;
  std::vector<std::int32_t> tail;

  std::size_t run_start() const { return head.size(); }
  std::size_t run_end() const { return head.size() + run_length; }
  std::size_t map_length() const { return run_end() + tail.size(); }
  /** The input index read at map position q < map_length(), or −1 for the fill value. */
  std::int64_t at(std::size_t q) const {
    if (q < head.size()) return head[q];
    if (q < run_end()) return static_cast<std::int64_t>(q) + shift;
    return tail[q - run_end()];
  }
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
