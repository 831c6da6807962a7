#include "execute_direct.h"

#include <algorithm>
#include <atomic>
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
template <class T>
CorrelateBlockFn<T> block_kernel_of(const KernelTable& k);
template <>
CorrelateBlockFn<float> block_kernel_of<float>(const KernelTable& k) { return k.correlate_block_f32; }
template <>
CorrelateBlockFn<double> block_kernel_of<double>(const KernelTable& k) { return k.correlate_block_f64; }
template <class T>
CorrelateColsFn<T> cols_kernel_of(const KernelTable& k);
template <>
CorrelateColsFn<float> cols_kernel_of<float>(const KernelTable& k) { return k.correlate_cols_f32; }
template <>
CorrelateColsFn<double> cols_kernel_of<double>(const KernelTable& k) { return k.correlate_cols_f64; }

// Outputs at least this large are written with non-temporal stores by the blocked kernel: they
// cannot stay in L2 anyway, and skipping the read-for-ownership saves a third of the traffic.
constexpr std::size_t kStreamBytes = std::size_t{4} << 20;
// Output rows per blocked pass: the border columns of these rows are done right after, while
// their input rows are still in L1/L2.
constexpr std::size_t kBlockRows = 32;
// The fused separable path (BandRun::run_fused): output rows per column pass, and the bytes its ring
// of filtered rows (kFusedRows + kh − 1 of them, one column strip wide) may take, so that it stays in
// L2 beside the input and output lines streaming through. Not L1: strips narrow enough for L1 (a few
// hundred columns) made the whole call 1.3–2× slower on Zen 4 (a new 4 KiB page at every strip of
// every row, and short rows for the row kernel), more than the column pass gained; 4 or 8 rows per
// pass measured alike, 16 slower (2048² Gaussian 9×9 and 31×31, float32 and float64, under load).
constexpr std::size_t kFusedRows = 8;
constexpr std::size_t kRingBytes = 512 << 10;
// A row-pass piece shorter than a vector would be computed by the kernel's partial-vector tail, whose
// rounding differs from the full vectors' (mirrored taps): pieces cut by a strip are widened to at
// least this many outputs (the widest vector, AVX-512 float32), so the fused path gives the bits the
// unfused one does.
constexpr std::size_t kMinPiece = 16;

/**
 * The fused path's strip width for a band of n columns: n itself, or equal strips of at most
 * `widest` columns, multiples of kColumnAlign, so that strips start at places that depend on the
 * shapes only (never on addresses).
 */
std::size_t strip_width(std::size_t widest, std::size_t n) {
  const std::size_t strips = (n + widest - 1) / widest;
  return std::min({n, widest, ((n + strips - 1) / strips + kColumnAlign - 1) / kColumnAlign * kColumnAlign});
}

// Threads on a blocked plan take bands of this many rows in turn rather than one equal share each:
// a thread slowed by another process (or by the memory the other one streams) takes fewer, and
// the last one to finish waits at most one band. Two blocked passes per band keep a band's setup
// (its padded-row cache) small beside its work.
constexpr std::size_t kChunkRows = 2 * kBlockRows;

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
  // The blocked 2-D kernel, when it serves this plan's interior columns (set_blocked): 2-D, real,
  // not factored, stride 1 on both axes, dilation 1 on the leading one. Null otherwise.
  CorrelateBlockFn<T> block;
  std::vector<T> w_all;  // every weight as T, zero rows included (the block kernel skips by `live`)
  unsigned live_mask;    // bit r: lead tap r has a nonzero weight
  bool stream;           // non-temporal stores (blocked or fused): the output is larger than the caches keep
  // The fused separable path (set_fused): 2-D, real, factored, stride 1 and dilation 1 along the
  // lead axis. Null otherwise. `lead` then holds every lead weight, zeros included (the kernel skips
  // them), and `strip` is the column strip width.
  CorrelateColsFn<T> cols = nullptr;
  std::size_t strip = 0;
};

/** A hint to bring p's cache line into L2 (no fault, whatever p; nothing where unsupported). */
inline void prefetch_l2(const void* p) {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(p, 0, 2);
#else
  (void)p;
#endif
}

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

/**
 * The blocked kernel over output rows [row0, row1) × the n interior columns from `col` on (2-D
 * plans only): output row row0 + j reads the input rows at lead map positions row0 + j + r.
 * `fill_row` is the shared all-fill row (made here when a lead map position says −1).
 */
template <class T>
void blocked_interior(const Work<T>& work, std::size_t row0, std::size_t row1, std::size_t col, std::size_t n,
                      std::size_t inner_q, std::vector<T>& fill_row, std::vector<const T*>& rows) {
  const AxisPlan& lead = work.plan.axes[0];
  const AxisPlan& last = work.last;
  const std::size_t nout = row1 - row0, span = (last.taps - 1) * last.dilation;
  for (std::size_t i = 0; i < nout + lead.taps - 1; i++) {
    const std::int64_t m = lead.at(row0 + i);
    if (m < 0 && fill_row.empty()) fill_row.assign(n + span, static_cast<T>(work.plan.fill_re));
    rows[i] = m < 0 ? fill_row.data() : input_row(work, m) + static_cast<std::ptrdiff_t>(inner_q) + work.shift;
  }
  T* dst = work.output + row0 * last.out_len + col;
  work.block(rows.data(), work.w_all.data(), lead.taps, last.taps, last.dilation, work.live_mask, dst, last.out_len, nout, n,
             work.stream);
}

/**
 * The blocked kernel over output rows [row0, row1) × the border columns [col, col + n): their input
 * rows, padded through both maps, are copied into `edge` (n + span values each: a few per row), so
 * the border columns cost one blocked call per pass instead of a padded-row gather and two row-kernel
 * calls per output row.
 */
template <class T>
void blocked_edge(const Work<T>& work, std::size_t row0, std::size_t row1, std::size_t col, std::size_t n, std::vector<T>& edge,
                  std::vector<const T*>& rows) {
  const AxisPlan& lead = work.plan.axes[0];
  const AxisPlan& last = work.last;
  const std::size_t nout = row1 - row0, len = n + (last.taps - 1) * last.dilation, nin = nout + lead.taps - 1;
  const T fill = static_cast<T>(work.plan.fill_re);
  if (edge.size() < nin * len) edge.resize(nin * len);
  for (std::size_t i = 0; i < nin; i++) {
    const std::int64_t m = lead.at(row0 + i);
    T* row = &edge[i * len];
    for (std::size_t q = 0; q < len; q++) {
      const std::int64_t x = m < 0 ? -1 : last.at(col + q);  // stride 1: output o reads from position o
      row[q] = x < 0 ? fill : input_row(work, m)[x];
    }
    rows[i] = row;
  }
  T* dst = work.output + row0 * last.out_len + col;
  work.block(rows.data(), work.w_all.data(), lead.taps, last.taps, last.dilation, work.live_mask, dst, last.out_len, nout, n, false);
}

/**
 * A band of a blocked plan, kBlockRows output rows per pass: the interior columns in place, then
 * the band's border columns (band-relative [0, lo) and [hi, n)) from small padded copies, all on the
 * blocked kernel, while the pass's input rows are still in L1/L2.
 */
template <class T>
void blocked_band(const Work<T>& work, const Band& band, std::size_t lo, std::size_t hi, std::size_t inner_q, std::vector<T>& fill_row,
                  std::vector<const T*>& rows) {
  std::vector<T> edge;
  for (std::size_t r = band.row0; r < band.row1; r += kBlockRows) {
    const std::size_t r1 = std::min(band.row1, r + kBlockRows);
    blocked_interior(work, r, r1, band.col0 + lo, hi - lo, inner_q, fill_row, rows);
    if (lo > 0) blocked_edge(work, r, r1, band.col0, lo, edge, rows);
    if (band.col0 + hi < band.col1) blocked_edge(work, r, r1, band.col0 + hi, band.col1 - band.col0 - hi, edge, rows);
  }
}

/**
 * One band's output rows, one at a time: gather the input rows each live leading tap reads (in
 * place for the interior, padded for the border columns, or filtered once for factored plans), then
 * run the kernel over the border segments and the interior, as real passes for complex data.
 * Blocked plans go to blocked_band instead, kBlockRows rows at a time.
 */
template <class T>
class BandRun {
 public:
  BandRun(const Work<T>& work, const Band& band)
      : work_(work),
        plan_(work.plan),
        last_(work.last),
        band_(band),
        lead_(plan_.axes.size() - 1),
        nrows_(work.live.size()),
        n_(band.col1 - band.col0),
        lo_(std::clamp(work.inner0, band.col0, band.col1) - band.col0),
        hi_(std::max(lo_, std::clamp(work.inner1, band.col0, band.col1) - band.col0)),
        inner_q_((band.col0 + lo_) * last_.stride),
        comps_(plan_.complex_input ? 2 : 1),
        factored_(plan_.factored()),
        blocked_(work.block != nullptr && hi_ > lo_),
        source_(work, band, lo_, hi_),
        inner_rows_(hi_ > lo_ ? nrows_ : 0),
        rows_(3 * nrows_),
        rights_(3 * nrows_),
        scratch_(plan_.complex_output() ? n_ : 0),
        filtered_(factored_ && work.cols == nullptr ? nrows_ + 1 : 0, comps_, n_),
        block_rows_(blocked_ ? kBlockRows + plan_.axes[0].taps - 1 : 0),
        o_(lead_),
        t_(lead_) {
    for (std::size_t rest = band.row0, a = lead_; a-- > 0;) {
      o_[a] = rest % plan_.axes[a].out_len;
      rest /= plan_.axes[a].out_len;
    }
  }

  void run() {
    if (work_.cols != nullptr) return run_fused();
    if (blocked_) return blocked_band(work_, band_, lo_, hi_, inner_q_, fill_row_, block_rows_);
    for (std::size_t orow = band_.row0; orow < band_.row1; orow++) {
      gather(static_cast<std::int64_t>(orow));
      if (!plan_.complex_output()) {
        kernel(rows_.data(), factored_ ? work_.lead.data() : work_.w.data(), nrows_, work_.output + orow * last_.out_len + band_.col0);
      } else {
        complex_passes(work_.output + 2 * (orow * last_.out_len + band_.col0));
      }
      increment(o_, [&](std::size_t a) { return plan_.axes[a].out_len; });
    }
  }

 private:
  /** The input row (flat over the leading axes; −1 = all fill) that leading tap combination t_ reads. */
  std::int64_t lead_row() const {
    std::int64_t in_row = 0;
    for (std::size_t a = 0; a < lead_; a++) {
      const AxisPlan& ax = plan_.axes[a];
      const std::int64_t m = ax.at(o_[a] * ax.stride + t_[a] * ax.dilation);
      if (m < 0) return -1;
      in_row = in_row * static_cast<std::int64_t>(ax.in_len) + m;
    }
    return in_row;
  }

  /** In-place pointer of input row `in_row` at map position inner_q_, or the all-fill row. */
  const T* inner_row(std::int64_t in_row) {
    if (in_row >= 0) return input_row(work_, in_row) + static_cast<std::ptrdiff_t>(inner_q_) + work_.shift;
    if (fill_row_.empty()) fill_row_.assign((hi_ - lo_ - 1) * last_.stride + (last_.taps - 1) * last_.dilation + 1, static_cast<T>(plan_.fill_re));
    return fill_row_.data();
  }

  /** rows_, rights_ and inner_rows_ for output row orow: one entry per live leading tap. */
  void gather(std::int64_t orow) {
    std::fill(t_.begin(), t_.end(), 0);
    for (std::size_t tap = 0, r = 0; tap < work_.lead_taps; tap++, increment(t_, [&](std::size_t a) { return plan_.axes[a].taps; })) {
      if (r == nrows_ || work_.live[r] != tap) continue;  // zero weights: the row is never read
      const std::int64_t in_row = lead_row();
      if (hi_ > lo_) inner_rows_[r] = inner_row(in_row);
      if (factored_) {
        T* buf = filtered_row(in_row, r, orow);
        rows_[r] = buf;
        rows_[nrows_ + r] = comps_ == 2 ? buf + n_ : nullptr;
      } else if (lo_ > 0 || n_ > hi_) {
        const auto row = source_.get(in_row, orow);
        rows_[r] = rows_[2 * nrows_ + r] = row.re;
        rows_[nrows_ + r] = row.im;
        rights_[r] = rights_[2 * nrows_ + r] = row.re_right;
        rights_[nrows_ + r] = row.im_right;
      }
      r++;
    }
  }

  /** Factored plans: input row in_row filtered along the row axis, from the cache or filtered now
   *  (through the same padded row and in-place interior as the direct path). */
  T* filtered_row(std::int64_t in_row, std::size_t r, std::int64_t orow) {
    auto [buf, fresh] = filtered_.get(in_row, orow);
    if (!fresh) return buf;
    typename RowSource<T>::Row padded{nullptr, nullptr, nullptr, nullptr};
    if (lo_ > 0 || n_ > hi_) padded = source_.get(in_row, orow);
    const T* const* inner = hi_ > lo_ ? &inner_rows_[r] : nullptr;  // read only when hi > lo
    segmented(&padded.re, &padded.re_right, inner, work_.row.data(), 1, buf);
    if (comps_ == 2) segmented(&padded.im, &padded.im_right, inner, work_.row.data(), 1, buf + n_);
    return buf;
  }

  /**
   * Factored 2-D plans: column strip by column strip, a ring of filtered rows (kFusedRows + kh − 1,
   * one strip wide, in L2) that the row pass fills once per map position of the lead axis, and the
   * column kernel combining kFusedRows output rows per call from it.
   */
  void run_fused() {
    const AxisPlan& lead = plan_.axes[0];
    const std::size_t kh = lead.taps, width = strip_width(work_.strip, n_), nring = kFusedRows + kh - 1;
    // Slots of whole cache lines from a cache-line boundary: the row pass stores and the column
    // kernel loads them without splitting lines (kMinPiece·sizeof(T) is a multiple of 64 too).
    constexpr std::size_t line = 64 / sizeof(T);
    slot_ = (width + 2 * kMinPiece + line - 1) / line * line;
    ring_.resize(nring * slot_ + line);
    ring0_ = ring_.data() + (line - reinterpret_cast<std::uintptr_t>(ring_.data()) / sizeof(T) % line) % line;
    block_rows_.resize(nring);
    for (std::size_t c0 = 0; c0 < n_; c0 += width) {
      const std::size_t c1 = std::min(n_, c0 + width);
      std::size_t next = band_.row0;  // the next lead map position to filter
      for (std::size_t row = band_.row0; row < band_.row1; row += kFusedRows) {
        const std::size_t nout = std::min(kFusedRows, band_.row1 - row);
        for (; next < row + nout + kh - 1; next++) {
          // A strip of a row starts a new 4 KiB page, where the hardware prefetchers stop: ask for
          // the strip of the row filtered kFusedRows later now, so it is in L2 by then.
          if (width < n_ && next + kFusedRows < lead.map_length()) prefetch_strip(lead.at(next + kFusedRows), c0, c1);
          filter_strip(lead.at(next), c0, c1, ring_row(next, nring));
        }
        for (std::size_t i = 0; i < nout + kh - 1; i++) block_rows_[i] = ring_row(row + i, nring);
        work_.cols(block_rows_.data(), work_.lead.data(), kh, work_.output + row * last_.out_len + band_.col0 + c0, last_.out_len,
                   nout, c1 - c0, work_.stream);
      }
    }
  }

  /** The ring slot of lead map position q: the strip's values, with kMinPiece spare on either side. */
  T* ring_row(std::size_t q, std::size_t nring) {
    return ring0_ + (q % nring) * slot_ + kMinPiece;
  }

  /** Hints the inputs the interior outputs [c0, c1) of input row in_row read into L2. */
  void prefetch_strip(std::int64_t in_row, std::size_t c0, std::size_t c1) const {
    const std::size_t a = std::max(c0, lo_), b = std::min(c1, hi_);
    if (in_row < 0 || a >= b) return;
    const T* p = input_row(work_, in_row) + static_cast<std::ptrdiff_t>((band_.col0 + a) * last_.stride) + work_.shift;
    const T* end = p + (b - a - 1) * last_.stride + (last_.taps - 1) * last_.dilation + 1;
    for (; p < end; p += 64 / sizeof(T)) prefetch_l2(p);
  }

  /**
   * Input row in_row (−1 = all fill) filtered along the row axis, band-relative outputs [c0, c1)
   * into dst: the parts of [0, lo), [lo, hi) and [hi, n) in the strip, from the padded row, the
   * in-place row and the padded row's right part. A part cut short by the strip is computed over
   * kMinPiece outputs where its segment has them (into the slot's spare), for the unfused bits.
   */
  void filter_strip(std::int64_t in_row, std::size_t c0, std::size_t c1, T* dst) {
    typename RowSource<T>::Row padded{nullptr, nullptr, nullptr, nullptr};
    if (c0 < lo_ || c1 > hi_) padded = source_.get(in_row, static_cast<std::int64_t>(++source_uses_));
    const auto piece = [&](const T* seg, std::size_t seg0, std::size_t seg1) {
      std::size_t a = std::max(c0, seg0), b = std::min(c1, seg1);
      if (a >= b) return;
      if (b - a < kMinPiece) {
        if (b == c1) b = std::min(seg1, a + kMinPiece);  // widen right, into the spare …
        if (b - a < kMinPiece) a = std::max(seg0, b > kMinPiece ? b - kMinPiece : 0);  // … or left
        a = std::max(a, c0 - std::min(c0, kMinPiece));
        b = std::min(b, c1 + kMinPiece);
      }
      const T* src = seg + (a - seg0) * last_.stride;
      work_.kernel(&src, work_.row.data(), 1, last_.taps, last_.stride, last_.dilation, dst + a - c0, b - a);
    };
    if (lo_ > 0) piece(padded.re, 0, lo_);
    if (hi_ > lo_) piece(inner_row(in_row), lo_, hi_);
    if (n_ > hi_) piece(padded.re_right, hi_, n_);
  }

  /** Outputs [0, lo) from the padded rows `r`, [lo, hi) from the in-place rows `inner`, [hi, n) from
   *  the padded rows' right parts `rr`. */
  void segmented(const T* const* r, const T* const* rr, const T* const* inner, const T* w, std::size_t nr, T* dst) const {
    if (lo_ > 0) work_.kernel(r, w, nr, last_.taps, last_.stride, last_.dilation, dst, lo_);
    if (hi_ > lo_) work_.kernel(inner, w, nr, last_.taps, last_.stride, last_.dilation, dst + lo_, hi_ - lo_);
    if (n_ > hi_) work_.kernel(rr, w, nr, last_.taps, last_.stride, last_.dilation, dst + hi_, n_ - hi_);
  }

  /** One output row from the gathered rows `r` (a slice of rows_): factored plans combine filtered
   *  rows, one tap each, with the lead factor. */
  void kernel(const T* const* r, const T* w, std::size_t nr, T* dst) const {
    if (factored_) work_.kernel(r, w, nr, 1, 1, 1, dst, n_);
    else segmented(r, rights_.data() + (r - rows_.data()), inner_rows_.data(), w, nr, dst);
  }

  /** Complex output: real passes into scratch_, each then written to the interleaved output at
   *  component re (0) or im (1). rows_ is [xr…, xi…, xr…], so each pass is a slice of it. */
  void complex_passes(T* dst) {
    const T* w_re = factored_ ? work_.lead.data() : work_.w.data();
    const T* w_im = work_.w.data() + nrows_ * last_.taps;  // complex weights only (never factored)
    auto pass = [&](const T* const* r, const T* w, std::size_t nr, std::size_t part) {
      kernel(r, w, nr, scratch_.data());
      for (std::size_t i = 0; i < n_; i++) dst[2 * i + part] = scratch_[i];
    };
    if (!plan_.complex_input) {  // real x, complex w: re = x⋆wr, im = x⋆wi
      pass(rows_.data(), w_re, nrows_, 0);
      pass(rows_.data(), w_im, nrows_, 1);
    } else if (!plan_.complex_weights) {  // re = xr⋆w, im = xi⋆w
      pass(rows_.data(), w_re, nrows_, 0);
      pass(rows_.data() + nrows_, w_re, nrows_, 1);
    } else {  // re = xr⋆wr − xi⋆wi, im = xi⋆wr + xr⋆wi: each one pass over twice the rows
      pass(rows_.data(), work_.w_neg_im.data(), 2 * nrows_, 0);
      pass(rows_.data() + nrows_, work_.w.data(), 2 * nrows_, 1);
    }
  }

  const Work<T>& work_;
  const Plan& plan_;
  const AxisPlan& last_;
  const Band band_;
  const std::size_t lead_, nrows_, n_;
  const std::size_t lo_, hi_;  // this band's in-place outputs, band-relative
  const std::size_t inner_q_;  // map position of the in-place rows' first read: (col0 + lo)·stride
  const std::size_t comps_;
  const bool factored_, blocked_;
  RowSource<T> source_;
  std::vector<const T*> inner_rows_;  // in-place row pointers, positioned at inner_q_
  std::vector<T> fill_row_;           // the all-fill row, made the first time a leading map says −1
  // [xr…, xi…, xr…]: rows_ is the order of the real pass of complex × complex, rows_ + nrows_ that
  // of the imaginary pass, with no copying; rights_ the same for the outputs after the interior.
  std::vector<const T*> rows_, rights_;
  std::vector<T> scratch_;
  FilteredRows<T> filtered_;
  std::vector<const T*> block_rows_;  // the blocked kernel's input rows, or the fused path's ring rows
  std::vector<T> ring_;               // the fused path's filtered rows, [slot][spare | strip | spare] …
  T* ring0_ = nullptr;                // … from this cache-line boundary in ring_, slot_ values apart
  std::size_t slot_ = 0;
  std::size_t source_uses_ = 0;       // the fused path's clock for source_'s least recently used slot
  std::vector<std::size_t> o_, t_;  // leading output and tap multi-indices
};

template <class T>
void run_band(const Work<T>& work, const Band& band) {
  BandRun<T>(work, band).run();
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
 * Work::block, w_all and live_mask: whether the blocked kernel takes the interior columns.
 * It needs a kernel size and row-axis dilation it was compiled for (kernels.h); it declines the
 * others by returning false, so ask it once here on an empty call (nout = 0) rather than per band.
 */
template <class T>
void set_blocked(Work<T>& work, const KernelTable& kernels) {
  const Plan& plan = work.plan;
  work.block = nullptr;
  if (plan.axes.size() != 2 || plan.complex_output() || plan.factored() || work.inner1 <= work.inner0) return;
  const AxisPlan& lead = plan.axes[0];
  const AxisPlan& last = work.last;
  if (lead.stride != 1 || lead.dilation != 1 || last.stride != 1 || lead.taps > 31) return;
  CorrelateBlockFn<T> block = block_kernel_of<T>(kernels);
  work.w_all.assign(plan.weights.begin(), plan.weights.end());
  if (block == nullptr || !block(nullptr, work.w_all.data(), lead.taps, last.taps, last.dilation, 0, nullptr, 0, 0, 0, false)) return;
  work.block = block;
  work.live_mask = 0;
  for (std::size_t r : work.live) work.live_mask |= 1u << r;
}

/**
 * Work::cols, strip and lead: whether the fused separable path runs (BandRun::run_fused). It
 * needs a column kernel (not scalar) and a 2-D real factored plan whose lead axis reads consecutive
 * map positions (stride 1, dilation 1), so that consecutive output rows share filtered rows.
 */
template <class T>
void set_fused(Work<T>& work, const KernelTable& kernels) {
  const Plan& plan = work.plan;
  work.cols = nullptr;
  if (plan.axes.size() != 2 || !plan.factored() || plan.complex_output()) return;
  const AxisPlan& lead = plan.axes[0];
  if (lead.stride != 1 || lead.dilation != 1 || cols_kernel_of<T>(kernels) == nullptr) return;
  work.cols = cols_kernel_of<T>(kernels);
  work.lead.assign(plan.lead_factor.begin(), plan.lead_factor.end());  // zeros too: the kernel skips them
  const std::size_t ring_row_bytes = (kFusedRows + lead.taps - 1) * sizeof(T);
  work.strip = std::max(kColumnAlign, kRingBytes / ring_row_bytes / kColumnAlign * kColumnAlign);
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

/**
 * Blocked plans: bands of kChunkRows rows, which `parts` threads take in turn, when there are at
 * least two per thread; split() otherwise. Results do not depend on the bands: every output row
 * sums in the same order whichever band and row of its blocked pass it falls in.
 */
std::vector<Band> split_blocked(std::size_t rows, std::size_t cols, std::size_t parts) {
  if (parts == 1 || rows < 2 * parts * kChunkRows) return split(rows, cols, parts);
  std::vector<Band> bands;
  for (std::size_t r = 0; r < rows; r += kChunkRows) bands.push_back({r, std::min(rows, r + kChunkRows), 0, cols});
  return bands;
}

}  // namespace

/** The Trace of a direct call, from the decisions already made in `work`, the bands and the threads that run them. */
template <class T>
void fill_trace(const Work<T>& work, const KernelTable& kernels, const std::vector<Band>& bands, std::size_t threads, Trace& t) {
  const Plan& plan = work.plan;
  t.isa = kernels.isa;
  t.factored = plan.factored();
  t.blocked = work.block != nullptr;
  t.fused = work.cols != nullptr;
  t.streamed = (t.blocked || t.fused) && work.stream;
  t.fused_rows = kFusedRows;
  t.strip = t.fused && !bands.empty() ? strip_width(work.strip, bands[0].col1 - bands[0].col0) : 0;
  t.complex = plan.complex_output();
  t.kh = work.lead_taps;
  t.kw = work.last.taps;
  t.live = work.live.size();
  t.nonzero = 0;
  for (std::size_t i = 0; i < t.kh * t.kw; i++) t.nonzero += plan.factored() ? plan.lead_factor[i / t.kw] != 0 && plan.row_factor[i % t.kw] != 0 : plan.weights[(plan.complex_weights ? 2 : 1) * i] != 0;
  t.stride = work.last.stride;
  t.dilation = work.last.dilation;
  t.inner = work.inner1 - work.inner0;
  t.row = work.last.out_len;
  t.bands = bands.size();
  t.column_bands = bands.size() > 1 && bands[0].col1 < work.last.out_len;
  t.threads = threads;
}

template <class T>
void execute_direct(const Plan& plan, const T* input, T* output, const KernelTable& kernels, std::size_t threads, Trace* trace) {
  if (trace != nullptr) trace->isa = kernels.isa;
  const AxisPlan& last = plan.axes.back();
  std::size_t out_rows = 1, lead_taps = 1;  // both bounded by array lengths parse_plan checked
  for (std::size_t a = 0; a + 1 < plan.axes.size(); a++) {
    out_rows *= plan.axes[a].out_len;
    lead_taps *= plan.axes[a].taps;
  }
  if (out_rows == 0 || last.out_len == 0) return;

  Work<T> work{plan, last, input, output, kernel_of<T>(kernels), lead_taps, {}, {}, {}, {}, {}, 0, 0, 0, nullptr, {}, 0, false};
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
  work.stream = out_rows * last.out_len * sizeof(T) >= kStreamBytes;
  set_blocked(work, kernels);
  set_fused(work, kernels);
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
  const std::vector<Band> bands = work.block != nullptr ? split_blocked(out_rows, last.out_len, parts) : split(out_rows, last.out_len, parts);
  const std::size_t workers = std::min(parts, bands.size());
  if (trace != nullptr) fill_trace(work, kernels, bands, workers, *trace);
  if (bands.size() == 1) return run_band(work, bands[0]);
  // Each worker takes the next band until none is left (one band each, unless split_blocked made more).
  std::atomic<std::size_t> next{0};
  parallel_for(workers, [&](std::size_t) {
    for (std::size_t i; (i = next.fetch_add(1)) < bands.size();) run_band(work, bands[i]);
  });
}

template void execute_direct<float>(const Plan&, const float*, float*, const KernelTable&, std::size_t, Trace*);
template void execute_direct<double>(const Plan&, const double*, double*, const KernelTable&, std::size_t, Trace*);

}  // namespace simdconv
