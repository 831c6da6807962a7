// What one execute call actually ran, filled by the executors where they decide (not predicted in
// TypeScript): src/backend/index.ts logs it under NODE_DEBUG=simdconv. Plain fields, so filling it
// costs nothing; it becomes a string only when a caller asks.
#pragma once
#include <cstddef>
#include <string>

namespace simdconv {

struct Trace {
  const char* isa = "";
  bool fft = false;            // execute_fft ran (overlap-save tiles); the fields below are direct-only
  bool factored = false;       // rows filtered once, then combined by the lead factor (separable)
  bool blocked = false;        // the blocked 2-D kernel took the interior columns
  bool streamed = false;       // … writing them with non-temporal stores (or the fused path its)
  bool fused = false;          // separable, fused: a ring of filtered rows per column strip (run_fused)
  std::size_t fused_rows = 0, strip = 0;  // … output rows per column pass, strip width
  bool complex = false;        // complex data or weights, as real planes
  std::size_t kh = 0, kw = 0;  // leading tap combinations × row taps
  std::size_t live = 0;        // leading tap combinations with a nonzero weight (the others skipped)
  std::size_t nonzero = 0;     // nonzero weights (blocked: zero ones skipped while the data is finite)
  std::size_t stride = 1, dilation = 1;  // of the row axis
  std::size_t inner = 0, row = 0;        // outputs per row read in place, of `row`
  std::size_t bands = 0;                  // parts the output was split into …
  bool column_bands = false;              // … by columns (1-D signals, short images) rather than rows
  std::size_t threads = 0;                // … run on this many threads
};

/** One line, e.g. "direct 3×3, blocked 2-D kernel (5 of 9 weights nonzero), … , 2 bands (rows) on 2 threads". */
std::string describe(const Trace& trace);

}  // namespace simdconv
