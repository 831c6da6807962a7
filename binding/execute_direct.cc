#include "execute_direct.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "thread_pool.h"

namespace simdconv {
namespace {

// Below this many multiply-adds per thread, waking another thread costs more than it saves.
constexpr double kMinWorkPerThread = 1 << 16;
// Column bands start at multiples of this, so a kernel meets the same vector tails whatever the
// thread count and results do not depend on it.
constexpr std::size_t kColumnAlign = 64;

template <class T>
CorrelateRowsFn<T> kernel_of(const KernelTable& k);
template <>
CorrelateRowsFn<float> kernel_of<float>(const KernelTable& k) { return k.correlate_rows_f32; }
template <>
CorrelateRowsFn<double> kernel_of<double>(const KernelTable& k) { return k.correlate_rows_f64; }

/** Output rows [row0, row1) (flat over the leading axes) × columns [col0, col1) of the last axis. */
struct Band {
  std::size_t row0, row1, col0, col1;
};

/** What every band of one call reads. */
template <class T>
struct Work {
  const Plan& plan;
  const AxisPlan& last;
  const T* input;
  T* output;
  CorrelateRowsFn<T> kernel;
  std::size_t lead_taps;  // input rows per output row
  // Weights as T, a run of last.taps per leading tap combination, in plan order. Real: [w…].
  // Complex: [wr…, wi…]; its halves are the re and im planes, and the whole feeds the imaginary
  // pass of complex × complex, whose rows are [xi…, xr…].
  std::vector<T> w;
  // Complex × complex only: [wr…, −wi…], for the real pass over rows [xr…, xi…].
  std::vector<T> w_neg_im;
  // ≥ 0 when the row map is the in-range shift map[q] = q + in_place_shift and the input is real:
  // input rows are then read where they are, with no copy.
  std::ptrdiff_t in_place_shift;
};

/** The band's window of padded input rows, one buffer per component, cached by input row. */
template <class T>
class RowSource {
 public:
  struct Row {
    const T* re;
    const T* im;  // null for real input
  };

  RowSource(const Work<T>& work, const Band& band)
      : work_(work),
        comps_(work.plan.complex_input ? 2 : 1),
        q0_(band.col0 * work.last.stride),
        len_((band.col1 - band.col0 - 1) * work.last.stride + (work.last.taps - 1) * work.last.dilation + 1),
        // Reading in place, only the all-fill row is ever copied.
        keys_(work.in_place_shift >= 0 ? 1 : work.lead_taps + 1, kNoRow),
        used_(keys_.size(), -1) {}

  /** Input row `row` (−1 = all fill) as read by output row `orow`; valid until orow's last get. */
  Row get(std::int64_t row, std::int64_t orow) {
    const AxisPlan& last = work_.last;
    if (row >= 0 && work_.in_place_shift >= 0)
      return {work_.input + static_cast<std::size_t>(row) * last.in_len + work_.in_place_shift + q0_, nullptr};

    // Least recently used slot. A slot used by the current output row is never taken, because
    // there is one more slot than rows per output row.
    std::size_t slot = 0;
    for (std::size_t s = 0; s < keys_.size(); s++) {
      if (keys_[s] == row) {
        used_[s] = orow;
        return slot_row(s);
      }
      if (used_[s] < used_[slot]) slot = s;
    }
    if (bufs_.empty()) bufs_.resize(keys_.size() * comps_ * len_);
    keys_[slot] = row;
    used_[slot] = orow;
    const std::int32_t* map = last.map.data() + q0_;
    const T fill[2] = {static_cast<T>(work_.plan.fill_re), static_cast<T>(work_.plan.fill_im)};
    for (std::size_t c = 0; c < comps_; c++) {
      T* buf = &bufs_[(slot * comps_ + c) * len_];
      if (row < 0) {
        std::fill(buf, buf + len_, fill[c]);
        continue;
      }
      // Component c of sample m of this row sits at x[m·comps + c].
      const T* x = work_.input + static_cast<std::size_t>(row) * last.in_len * comps_ + c;
      for (std::size_t q = 0; q < len_; q++) buf[q] = map[q] < 0 ? fill[c] : x[static_cast<std::size_t>(map[q]) * comps_];
    }
    return slot_row(slot);
  }

 private:
  static constexpr std::int64_t kNoRow = std::numeric_limits<std::int64_t>::min();

  Row slot_row(std::size_t s) const {
    const T* re = &bufs_[s * comps_ * len_];
    return {re, comps_ == 2 ? re + len_ : nullptr};
  }

  const Work<T>& work_;
  const std::size_t comps_;
  const std::size_t q0_;   // first map position of the window
  const std::size_t len_;  // map positions in the window
  std::vector<std::int64_t> keys_;
  std::vector<std::int64_t> used_;  // the output row that last used each slot
  std::vector<T> bufs_;             // [slot][component][position]; allocated at the first copy
};

/** Advances a row-major multi-index over `limit(a)` along each axis; wraps to all zeros. */
template <class Limit>
void increment(std::vector<std::size_t>& idx, Limit limit) {
  for (std::size_t a = idx.size(); a-- > 0;) {
    if (++idx[a] < limit(a)) return;
    idx[a] = 0;
  }
}

template <class T>
void run_band(const Work<T>& work, const Band& band) {
  const Plan& plan = work.plan;
  const AxisPlan& last = work.last;
  const std::size_t lead = plan.axes.size() - 1, nrows = work.lead_taps, n = band.col1 - band.col0;
  RowSource<T> source(work, band);
  // [xr…, xi…, xr…]: `rows` is the order of the real pass of complex × complex, `rows + nrows` that
  // of the imaginary pass, with no copying.
  std::vector<const T*> rows(3 * nrows);
  std::vector<T> scratch(plan.complex_output() ? n : 0);
  std::vector<std::size_t> o(lead), t(lead);  // leading output and tap multi-indices
  for (std::size_t rest = band.row0, a = lead; a-- > 0;) {
    o[a] = rest % plan.axes[a].out_len;
    rest /= plan.axes[a].out_len;
  }

  const T* w_re = work.w.data();
  const T* w_im = w_re + nrows * last.taps;
  auto kernel = [&](const T* const* r, const T* w, std::size_t nr, T* dst) {
    work.kernel(r, w, nr, last.taps, last.stride, last.dilation, dst, n);
  };

  for (std::size_t orow = band.row0; orow < band.row1; orow++) {
    std::fill(t.begin(), t.end(), 0);
    for (std::size_t r = 0; r < nrows; r++) {
      std::int64_t in_row = 0;
      for (std::size_t a = 0; a < lead; a++) {
        const AxisPlan& ax = plan.axes[a];
        const std::int32_t m = ax.map[o[a] * ax.stride + t[a] * ax.dilation];
        if (m < 0) {
          in_row = -1;
          break;
        }
        in_row = in_row * static_cast<std::int64_t>(ax.in_len) + m;
      }
      const auto row = source.get(in_row, static_cast<std::int64_t>(orow));
      rows[r] = rows[2 * nrows + r] = row.re;
      rows[nrows + r] = row.im;
      increment(t, [&](std::size_t a) { return plan.axes[a].taps; });
    }

    if (!plan.complex_output()) {
      kernel(rows.data(), w_re, nrows, work.output + orow * last.out_len + band.col0);
    } else {
      T* dst = work.output + 2 * (orow * last.out_len + band.col0);
      // One real pass into scratch, then into the interleaved output at component `part`.
      auto pass = [&](const T* const* r, const T* w, std::size_t nr, std::size_t part) {
        kernel(r, w, nr, scratch.data());
        for (std::size_t i = 0; i < n; i++) dst[2 * i + part] = scratch[i];
      };
      if (!plan.complex_input) {  // real x, complex w: re = x⋆wr, im = x⋆wi
        pass(rows.data(), w_re, nrows, 0);
        pass(rows.data(), w_im, nrows, 1);
      } else if (!plan.complex_weights) {  // re = xr⋆w, im = xi⋆w
        pass(rows.data(), w_re, nrows, 0);
        pass(rows.data() + nrows, w_re, nrows, 1);
      } else {  // re = xr⋆wr − xi⋆wi, im = xi⋆wr + xr⋆wi: each one pass over twice the rows
        pass(rows.data(), work.w_neg_im.data(), 2 * nrows, 0);
        pass(rows.data() + nrows, work.w.data(), 2 * nrows, 1);
      }
    }
    increment(o, [&](std::size_t a) { return plan.axes[a].out_len; });
  }
}

/** The in-place shift of the row map (see Work::in_place_shift), or −1. */
std::ptrdiff_t in_place_shift(const Plan& plan) {
  const std::vector<std::int32_t>& map = plan.axes.back().map;
  if (plan.complex_input || map.empty() || map[0] < 0) return -1;
  for (std::size_t q = 1; q < map.size(); q++)
    if (map[q] != map[0] + static_cast<std::int64_t>(q)) return -1;
  return map[0];  // parse_plan checked every entry is below in_len
}

/**
 * Splits the output into at most `parts` bands of similar work. Row bands share nothing; when there
 * are too few rows to balance (1-D signals, short images), each band takes all rows and a column range.
 */
std::vector<Band> split(std::size_t rows, std::size_t cols, std::size_t parts) {
  std::vector<Band> bands;
  if (parts > 1 && rows < 4 * parts && cols >= 2 * kColumnAlign) {
    const std::size_t chunk = ((cols + parts - 1) / parts + kColumnAlign - 1) / kColumnAlign * kColumnAlign;
    for (std::size_t c = 0; c < cols; c += chunk) bands.push_back({0, rows, c, std::min(cols, c + chunk)});
    return bands;
  }
  parts = std::min(parts, rows);
  for (std::size_t k = 0; k < parts; k++) bands.push_back({rows * k / parts, rows * (k + 1) / parts, 0, cols});
  return bands;
}

}  // namespace

template <class T>
void execute_direct(const Plan& plan, const T* input, T* output, const KernelTable& kernels, std::size_t threads) {
  const AxisPlan& last = plan.axes.back();
  std::size_t out_rows = 1, lead_taps = 1;  // both bounded by array lengths parse_plan checked
  for (std::size_t a = 0; a + 1 < plan.axes.size(); a++) {
    out_rows *= plan.axes[a].out_len;
    lead_taps *= plan.axes[a].taps;
  }
  if (out_rows == 0 || last.out_len == 0) return;

  Work<T> work{plan, last, input, output, kernel_of<T>(kernels), lead_taps, {}, {}, in_place_shift(plan)};
  const std::size_t n = lead_taps * last.taps;
  work.w.resize(plan.complex_weights ? 2 * n : n);
  for (std::size_t i = 0; i < n; i++) {
    work.w[i] = static_cast<T>(plan.weights[plan.complex_weights ? 2 * i : i]);
    if (plan.complex_weights) work.w[n + i] = static_cast<T>(plan.weights[2 * i + 1]);
  }
  if (plan.complex_input && plan.complex_weights) {
    work.w_neg_im = work.w;
    for (std::size_t i = n; i < 2 * n; i++) work.w_neg_im[i] = -work.w_neg_im[i];
  }

  const double passes = plan.complex_input && plan.complex_weights ? 4 : plan.complex_output() ? 2 : 1;
  const double macs = double(out_rows) * double(last.out_len) * double(n) * passes;
  const std::size_t parts = static_cast<std::size_t>(std::max(1.0, std::min(double(threads), macs / kMinWorkPerThread)));
  const std::vector<Band> bands = split(out_rows, last.out_len, parts);
  if (bands.size() == 1) return run_band(work, bands[0]);
  parallel_for(bands.size(), [&](std::size_t i) { run_band(work, bands[i]); });
}

template void execute_direct<float>(const Plan&, const float*, float*, const KernelTable&, std::size_t);
template void execute_direct<double>(const Plan&, const double*, double*, const KernelTable&, std::size_t);

}  // namespace simdconv
