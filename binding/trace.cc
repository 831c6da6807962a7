#include "trace.h"

namespace simdconv {

std::string describe(const Trace& t) {
  const auto n = [](std::size_t v) { return std::to_string(v); };
  std::string s = std::string(t.isa) + ": ";
  if (t.fft) return s + "fft (overlap-save tiles)";
  if (t.bands == 0) return s + "empty output, nothing computed";
  s += t.factored ? "separable (rows filtered with " + n(t.kw) + " taps, then " + n(t.live) + " of " + n(t.kh) + " rows combined)"
                  : "direct " + n(t.kh) + "×" + n(t.kw) + " (" + n(t.live) + " of " + n(t.kh) + " tap rows live)";
  if (t.factored && t.fused) {
    s += ", fused: " + n(t.fused_rows) + " output rows per column pass from a ring of filtered rows, " + n(t.strip) + "-column strips";
    if (t.streamed) s += ", non-temporal stores";
  }
  if (t.blocked) {
    s += ", blocked 2-D kernel (" + n(t.nonzero) + " of " + n(t.kh * t.kw) + " weights nonzero";
    s += t.nonzero < t.kh * t.kw ? ": zero ones skipped while the data is finite)" : ")";
    if (t.streamed) s += ", non-temporal stores";
  }
  if (t.stride > 1) s += ", strided ×" + n(t.stride) + ": only kept outputs computed";
  if (t.dilation > 1) s += ", dilation " + n(t.dilation);
  if (t.complex) s += ", complex as real planes";
  if (t.inner > 0) s += ", interior in place: " + n(t.inner) + " of " + n(t.row) + " outputs per row";
  s += ", " + n(t.bands) + (t.bands == 1 ? " band" : " bands") + (t.column_bands ? " (columns)" : " (rows)") + " on " +
       n(t.threads) + (t.threads == 1 ? " thread" : " threads");
  return s;
}

}  // namespace simdconv
