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
  std::size_t lead_taps;  // leading tap combinations per output row
  // The leading tap combinations whose weights are not all zero, ascending: only their input rows are
  // gathered and passed to the kernel (a Sobel skips its zero row; a NaN there does not spread).
  std::vector<std::size_t> live;
  // Weights as T, a run of last.taps per live leading tap combination, in plan order. Real: [w…].
  // Complex: [wr…, wi…]; its halves are the re and im planes, and the whole feeds the imaginary
  // pass of complex × complex, whose rows are [xi…, xr…].
  std::vector<T> w;
  // Complex × complex only: [wr…, −wi…], for the real pass over rows [xr…, xi…].
  std::vector<T> w_neg_im;
  // Factored plans: the lead and row factors as T.
  std::vector<T> lead, row;
  // Real input only: outputs [inner0, inner1) of the row axis read map positions that are all an
  // in-range shift, map[q] = q + shift, so they read input rows where they are, with no copy.
  // Only the outputs outside that range (the borders) read padded buffers. inner0 == inner1: none.
  std::size_t inner0, inner1;
  std::ptrdiff_t shift;
};

/** Start of input row `row` (flat over the leading axes; real input). */
template <class T>
const T* input_row(const Work<T>& work, std::int64_t row) {
  return work.input + static_cast<std::size_t>(row) * work.last.in_len;
}

/**
 * The band's window of padded input rows, one buffer per component, cached by input row. Only the
 * border parts of a window are stored: positions [0, left_) read by the outputs before the in-place
 * interior, and positions [right_start_, len_) read by those after it; a long row with a short
 * border costs a few samples, not a copy of the row.
 */
template <class T>
class RowSource {
 public:
  /** Where the left outputs (from position 0) and the right outputs (from position hi·stride) read. */
  struct Row {
    const T* re;
    const T* im;  // null for real input
    const T* re_right;
    const T* im_right;
  };

  /** Padded rows for the band's outputs outside [lo, hi) (band-relative; lo == hi: all outputs). */
  RowSource(const Work<T>& work, const Band& band, std::size_t lo, std::size_t hi)
      : work_(work),
        comps_(work.plan.complex_input ? 2 : 1),
        q0_(band.col0 * work.last.stride),
        len_((band.col1 - band.col0 - 1) * work.last.stride + (work.last.taps - 1) * work.last.dilation + 1),
        // Map positions read by outputs before lo, and from hi's first position on.
        left_(lo == hi ? len_ : lo == 0 ? 0 : std::min(len_, (lo - 1) * work.last.stride + (work.last.taps - 1) * work.last.dilation + 1)),
        right_start_(std::max(left_, lo == hi ? len_ : std::min(len_, hi * work.last.stride))),
        // H = min(len_, hi·stride) is stored at buf[H + left_ − right_start_]: right_start_ ≤ H, or the
        // parts touch (right_start_ == left_) and the storage is contiguous.
        right_offset_(std::min(len_, hi * work.last.stride) + left_ - right_start_),
        width_(left_ + len_ - right_start_),
        keys_(work.lead_taps + 1, kNoRow),
        used_(keys_.size(), -1) {}

  /** Input row `row` (−1 = all fill) as read by output row `orow`; valid until orow's last get. */
  Row get(std::int64_t row, std::int64_t orow) {
    const AxisPlan& last = work_.last;

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
    if (bufs_.empty()) bufs_.resize(keys_.size() * comps_ * width_);
    keys_[slot] = row;
    used_[slot] = orow;
    const T fill[2] = {static_cast<T>(work_.plan.fill_re), static_cast<T>(work_.plan.fill_im)};
    for (std::size_t c = 0; c < comps_; c++) {
      T* buf = &bufs_[(slot * comps_ + c) * width_];
      if (row < 0) {
        std::fill(buf, buf + width_, fill[c]);
        continue;
      }
      // Component c of sample m of this row sits at x[m·comps + c]; window position q is stored at
      // buf[q] on the left and at buf[left_ + q − right_start_] on the right.
      const T* x = work_.input + static_cast<std::size_t>(row) * last.in_len * comps_ + c;
      auto copy = [&](std::size_t q, std::size_t end, T* dst) {
        for (; q < end; q++, dst++) {
          const std::int64_t m = last.at(q0_ + q);
          *dst = m < 0 ? fill[c] : x[static_cast<std::size_t>(m) * comps_];
        }
      };
      copy(0, left_, buf);
      copy(right_start_, len_, buf + left_);
    }
    return slot_row(slot);
  }

 private:
  static constexpr std::int64_t kNoRow = std::numeric_limits<std::int64_t>::min();

  Row slot_row(std::size_t s) const {
    const T* re = &bufs_[s * comps_ * width_];
    const T* im = comps_ == 2 ? re + width_ : nullptr;
    return {re, im, re + right_offset_, im ? im + right_offset_ : nullptr};
  }

  const Work<T>& work_;
  const std::size_t comps_;
  const std::size_t q0_;           // first map position of the window
  const std::size_t len_;          // map positions in the window
  const std::size_t left_;         // positions [0, left_) are stored first
  const std::size_t right_start_;  // then positions [right_start_, len_)
  // Where position min(hi·stride, len_), the right outputs' first read, is stored. When the two
  // parts touch (left_ ≥ that position) the storage is simply contiguous from position 0.
  const std::size_t right_offset_;
  const std::size_t width_;  // stored positions per component
  std::vector<std::int64_t> keys_;
  std::vector<std::int64_t> used_;  // the output row that last used each slot
  std::vector<T> bufs_;             // [slot][component][stored position]; allocated at the first copy
};

/** Advances a row-major multi-index over `limit(a)` along each axis; wraps to all zeros. */
template <class Limit>
void increment(std::vector<std::size_t>& idx, Limit limit) {
  for (std::size_t a = idx.size(); a-- > 0;) {
    if (++idx[a] < limit(a)) return;
    idx[a] = 0;
  }
}

/**
 * Factored plans: input rows already filtered along the row axis (n outputs of the band, one
 * buffer per component), cached by input row like padded rows, so each is filtered once.
 */
template <class T>
class FilteredRows {
 public:
  FilteredRows(std::size_t slots, std::size_t comps, std::size_t n)
      : keys_(slots, kNoRow), used_(slots, -1), stride_(comps * n), bufs_(slots * stride_) {}

  /** The buffers of input row `row` for output row `orow`, and whether they still need filtering. */
  std::pair<T*, bool> get(std::int64_t row, std::int64_t orow) {
    std::size_t slot = 0;
    for (std::size_t s = 0; s < keys_.size(); s++) {
      if (keys_[s] == row) {
        used_[s] = orow;
        return {&bufs_[s * stride_], false};
      }
      if (used_[s] < used_[slot]) slot = s;
    }
    keys_[slot] = row;
    used_[slot] = orow;
    return {&bufs_[slot * stride_], true};
  }

 private:
  static constexpr std::int64_t kNoRow = std::numeric_limits<std::int64_t>::min();
  std::vector<std::int64_t> keys_;
  std::vector<std::int64_t> used_;
  std::size_t stride_;
  std::vector<T> bufs_;
};

template <class T>
void run_band(const Work<T>& work, const Band& band) {
  const Plan& plan = work.plan;
  const AxisPlan& last = work.last;
  const std::size_t lead = plan.axes.size() - 1, nrows = work.live.size(), n = band.col1 - band.col0;
  // This band's in-place outputs, band-relative: [lo, hi).
  const std::size_t lo = std::clamp(work.inner0, band.col0, band.col1) - band.col0;
  const std::size_t hi = std::max(lo, std::clamp(work.inner1, band.col0, band.col1) - band.col0);
  RowSource<T> source(work, band, lo, hi);
  // In-place row pointers, positioned at map position (col0 + lo)·stride; the all-fill row reads
  // from a buffer of fill values instead, made the first time a leading map says −1.
  std::vector<const T*> inner_rows(hi > lo ? nrows : 0);
  std::vector<T> fill_row;
  const std::size_t inner_q = (band.col0 + lo) * last.stride;
  // [xr…, xi…, xr…]: `rows` is the order of the real pass of complex × complex, `rows + nrows` that
  // of the imaginary pass, with no copying; `rights` the same for the outputs after the interior.
  std::vector<const T*> rows(3 * nrows), rights(3 * nrows);
  std::vector<T> scratch(plan.complex_output() ? n : 0);
  std::vector<std::size_t> o(lead), t(lead);  // leading output and tap multi-indices
  for (std::size_t rest = band.row0, a = lead; a-- > 0;) {
    o[a] = rest % plan.axes[a].out_len;
    rest /= plan.axes[a].out_len;
  }

  const T* w_re = work.w.data();
  const T* w_im = w_re + nrows * last.taps;  // complex weights only (never factored)
  // Outputs [0, lo) from the padded rows `r`, [lo, hi) from the in-place rows `inner` (real input
  // only), [hi, n) from the padded rows' right parts `rr`.
  auto segmented = [&](const T* const* r, const T* const* rr, const T* const* inner, const T* w, std::size_t nr, T* dst) {
    if (lo > 0) work.kernel(r, w, nr, last.taps, last.stride, last.dilation, dst, lo);
    if (hi > lo) work.kernel(inner, w, nr, last.taps, last.stride, last.dilation, dst + lo, hi - lo);
    if (n > hi) work.kernel(rr, w, nr, last.taps, last.stride, last.dilation, dst + hi, n - hi);
  };
  // Factored plans: output rows combine filtered rows, one tap each, with the lead factor.
  const bool factored = plan.factored();
  const std::size_t comps = plan.complex_input ? 2 : 1;
  FilteredRows<T> filtered(factored ? nrows + 1 : 0, comps, n);
  auto kernel = [&](const T* const* r, const T* w, std::size_t nr, T* dst) {
    if (factored) work.kernel(r, w, nr, 1, 1, 1, dst, n);
    else segmented(r, rights.data() + (r - rows.data()), inner_rows.data(), w, nr, dst);
  };
  if (factored) w_re = work.lead.data();

  for (std::size_t orow = band.row0; orow < band.row1; orow++) {
    std::fill(t.begin(), t.end(), 0);
    for (std::size_t tap = 0, r = 0; tap < work.lead_taps; tap++) {
      if (r == nrows || work.live[r] != tap) {  // zero weights: the row is never read
        increment(t, [&](std::size_t a) { return plan.axes[a].taps; });
        continue;
      }
      std::int64_t in_row = 0;
      for (std::size_t a = 0; a < lead; a++) {
        const AxisPlan& ax = plan.axes[a];
        const std::int64_t m = ax.at(o[a] * ax.stride + t[a] * ax.dilation);
        if (m < 0) {
          in_row = -1;
          break;
        }
        in_row = in_row * static_cast<std::int64_t>(ax.in_len) + m;
      }
      if (hi > lo) {
        if (in_row < 0 && fill_row.empty())
          fill_row.assign((hi - lo - 1) * last.stride + (last.taps - 1) * last.dilation + 1, static_cast<T>(plan.fill_re));
        inner_rows[r] = in_row < 0 ? fill_row.data()
                                   : input_row(work, in_row) + static_cast<std::ptrdiff_t>(inner_q) + work.shift;
      }
      if (factored) {
        auto [buf, fresh] = filtered.get(in_row, static_cast<std::int64_t>(orow));
        if (fresh) {  // filter this input row once, through the same padded row and in-place interior
          typename RowSource<T>::Row padded{nullptr, nullptr, nullptr, nullptr};
          if (lo > 0 || n > hi) padded = source.get(in_row, static_cast<std::int64_t>(orow));
          const T* const* inner = hi > lo ? &inner_rows[r] : nullptr;  // read only when hi > lo
          segmented(&padded.re, &padded.re_right, inner, work.row.data(), 1, buf);
          if (comps == 2) segmented(&padded.im, &padded.im_right, inner, work.row.data(), 1, buf + n);
        }
        rows[r] = buf;
        rows[nrows + r] = comps == 2 ? buf + n : nullptr;
      } else if (lo > 0 || n > hi) {
        const auto row = source.get(in_row, static_cast<std::int64_t>(orow));
        rows[r] = rows[2 * nrows + r] = row.re;
        rows[nrows + r] = row.im;
        rights[r] = rights[2 * nrows + r] = row.re_right;
        rights[nrows + r] = row.im_right;
      }
      r++;
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

/**
 * The outputs whose every tap falls inside the row axis's run (map[q] = q + shift, inside the input):
 * Work::inner0, inner1 and shift. None for complex input (its rows are de-interleaved into buffers
 * anyway).
 */
template <class T>
void set_interior(Work<T>& work) {
  work.inner0 = work.inner1 = 0;
  work.shift = 0;
  const AxisPlan& last = work.last;
  if (work.plan.complex_input) return;
  const std::size_t best0 = last.run_start(), best1 = last.run_end();
  const std::size_t span = (last.taps - 1) * last.dilation;
  if (best1 - best0 <= span) return;
  // Output o reads positions o·stride … o·stride + span: inside [best0, best1) for o in [o0, o1).
  const std::size_t o0 = (best0 + last.stride - 1) / last.stride;
  const std::size_t o1 = std::min(last.out_len, (best1 - 1 - span) / last.stride + 1);
  if (o0 >= o1) return;
  work.inner0 = o0;
  work.inner1 = o1;
  work.shift = last.shift;
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

  Work<T> work{plan, last, input, output, kernel_of<T>(kernels), lead_taps, {}, {}, {}, {}, {}, 0, 0, 0};
  const std::size_t comps = plan.complex_weights ? 2 : 1;
  // Sized once up front: filling them never reallocates.
  work.live.reserve(lead_taps);
  work.lead.reserve(plan.factored() ? lead_taps : 0);
  for (std::size_t r = 0; r < lead_taps; r++) {
    bool zero = true;
    if (plan.factored()) zero = plan.lead_factor[r] == 0;
    else for (std::size_t i = r * last.taps * comps; i < (r + 1) * last.taps * comps; i++) zero = zero && plan.weights[i] == 0;
    if (!zero) work.live.push_back(r);
  }
  for (std::size_t r : work.live) if (plan.factored()) work.lead.push_back(static_cast<T>(plan.lead_factor[r]));
  work.row.assign(plan.row_factor.begin(), plan.row_factor.end());
  set_interior(work);
  const std::size_t n = work.live.size() * last.taps;  // live weights per component
  work.w.resize(comps * n);
  for (std::size_t k = 0; k < work.live.size(); k++) {
    for (std::size_t t = 0; t < last.taps; t++) {
      const std::size_t i = work.live[k] * last.taps + t;  // plan order
      work.w[k * last.taps + t] = static_cast<T>(plan.weights[comps * i]);
      if (comps == 2) work.w[n + k * last.taps + t] = static_cast<T>(plan.weights[2 * i + 1]);
    }
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
