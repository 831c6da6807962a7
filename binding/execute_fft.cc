#include "execute_fft.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <vector>

#include "thread_pool.h"

namespace simdconv {
namespace {

constexpr std::size_t kAlign = fft::kColumnAlign;
// Largest tile side chosen for speed: a 256 × 256 float32 tile with its scratch planes fills about
// the 1 MiB L2 of one core. Kernels wider than this still get a tile that fits them.
constexpr std::size_t kMaxTile2d = 256;
// Largest 1-D block: 16 lanes × 4096 points × 4 planes of float32 = 1 MiB.
constexpr std::size_t kMaxBlock1d = 4096;
// Below this many tiles per thread, waking another thread costs more than it saves.
constexpr std::size_t kMinTasksPerThread = 2;
// Map positions past the end of an axis's map: read by discarded outputs only; gathered as 0.
constexpr std::int32_t kBeyond = -2;

std::size_t round_up(std::size_t n, std::size_t m) { return (n + m - 1) / m * m; }

/** One axis as the overlap-save sees it. */
struct AxisTiles {
  const AxisPlan* axis;
  std::size_t extent;     // (taps − 1)·dilation + 1: the dilated kernel's length
  std::size_t positions;  // stride-1 positions spanned by the outputs: (out_len − 1)·stride + 1
  std::size_t n;          // transform length (a fast length)
  std::size_t step;       // stride-1 positions per tile: a multiple of stride, ≤ n − extent + 1
  std::size_t count;      // tiles
  std::size_t outs;       // outputs per tile: step / stride
};

/**
 * ext's source index at map position q: the input index, −1 for the fill value, or kBeyond past the
 * map. The one place the executor reads a map.
 */
std::int32_t ext_index(const AxisPlan& a, std::size_t q) {
  return q < a.map_length() ? static_cast<std::int32_t>(a.at(q)) : kBeyond;
}

/**
 * The transform length minimising tiles · n · (passes + 2) among fast lengths up to `cap` (or the
 * least that fits): each Stockham pass streams the tile through the cache once, as do the gather,
 * transposes and product together (about two passes' worth), so this is the memory traffic.
 */
AxisTiles tile_axis(const AxisPlan& a, std::size_t cap) {
  AxisTiles t{&a, (a.taps - 1) * a.dilation + 1, (a.out_len - 1) * a.stride + 1, 0, 0, 0, 0};
  const std::size_t least = fft::next_fast_len(t.extent + a.stride - 1);
  const std::size_t most = std::max(least, std::min(cap, fft::next_fast_len(t.positions + t.extent - 1)));
  double best = -1;
  for (std::size_t n = least; n <= most; n = fft::next_fast_len(n + 1)) {
    const std::size_t step = (n - t.extent + 1) / a.stride * a.stride;
    const std::size_t count = (t.positions + step - 1) / step;
    const double cost = double(count) * double(n) * double(fft::radices(n).size() + 2);
    if (best < 0 || cost < best) best = cost, t.n = n, t.step = step, t.count = count;
  }
  t.outs = t.step / a.stride;
  return t;
}

template <class T>
fft::ColumnsFn<T> columns_of(const fft::Table& t) {
  if constexpr (sizeof(T) == sizeof(float)) return t.columns_f32;
  else return t.columns_f64;
}

template <class T>
fft::AnywhereFn<T> anywhere_of(const fft::Table& t) {
  if constexpr (sizeof(T) == sizeof(float)) return t.anywhere_f32;
  else return t.anywhere_f64;
}

template <class T>
fft::RealFn<T> real_of(const fft::Table& t) {
  if constexpr (sizeof(T) == sizeof(float)) return t.real_f32;
  else return t.real_f64;
}

template <class T>
fft::ScaleFn<T> scale_of(const fft::Table& t) {
  if constexpr (sizeof(T) == sizeof(float)) return t.scale_f32;
  else return t.scale_f64;
}

/** Split planes of `rows` rows of `pitch`, with the scratch the transform needs (unless `scratch` is false). */
template <class T>
struct Planes {
  std::vector<T> re, im, sre, sim;
  Planes(std::size_t rows, std::size_t pitch, bool scratch = true)
      : re(rows * pitch), im(rows * pitch), sre(scratch ? rows * pitch : 0), sim(scratch ? rows * pitch : 0) {}
};

/** Runs worker(task) for tasks [0, n) over up to `threads` threads; each thread calls make() once for its state. */
template <class Make, class Work>
void run_tasks(std::size_t n, std::size_t threads, Make make, Work work) {
  const std::size_t used = std::max<std::size_t>(1, std::min(threads, n / kMinTasksPerThread));
  std::atomic<std::size_t> next{0};
  parallel_for(used, [&](std::size_t) {
    auto state = make();
    for (std::size_t task; (task = next.fetch_add(1)) < n;) work(state, task);
  });
}

// ---- 2-D (and leading axes) ------------------------------------------------------------------------

template <class T>
class Tiled2d {
 public:
  Tiled2d(const Plan& plan, const T* input, T* output, const fft::Table& fft)
      : plan_(plan), input_(input), output_(output), fft_(fft),
        nd_(plan.axes.size()),
        rows_(tile_axis(plan.axes[nd_ - 2], kMaxTile2d)),
        cols_(tile_axis(plan.axes[nd_ - 1], kMaxTile2d)),
        real_(!plan.complex_output() && rows_.n % 2 == 0 && cols_.count == 1),
        paired_(!plan.complex_output() && !real_),
        h_(round_up(real_ ? rows_.n / 2 + 1 : rows_.n, kAlign)),
        w_(round_up(cols_.n, kAlign)) {
    for (std::size_t a = 0; a + 2 < nd_; a++) lead_taps_ *= plan.axes[a].taps, lead_outs_ *= plan.axes[a].out_len;
    kernel_spectra();
  }

  std::size_t tasks() const { return lead_outs_ * rows_.count * pairs(); }

  struct Scratch {
    // a: [N1][w] (spatial rows); real: [N1 + 2][w] in a.re, the real transform's scratch in a.im.
    // b: [N2][h] (after the transpose).
    Planes<T> a, b;
    std::vector<T> acc_re, acc_im;  // spectrum sum over leading taps (ndim > 2 only)
    std::vector<std::int32_t> col_src;
    Scratch(const Tiled2d& t)
        : a(t.real_ ? t.rows_.n + 2 : t.rows_.n, t.w_, !t.real_), b(t.cols_.n, t.h_),
          acc_re(t.lead_taps_ > 1 ? t.cols_.n * t.h_ : 0), acc_im(acc_re.size()), col_src(t.cols_.n) {}
  };

  void run(Scratch& s, std::size_t task) const {
    const std::size_t pair = task % pairs(), tr = task / pairs() % rows_.count, ol = task / pairs() / rows_.count;
    const std::size_t tc = paired_ ? 2 * pair : pair;
    const bool second = paired_ && tc + 1 < cols_.count;
    const std::size_t plane_out = rows_.axis->out_len * cols_.axis->out_len;

    // Leading output index → its multi-index, and each leading tap's input plane.
    std::vector<std::size_t> oidx(nd_ - 2);
    for (std::size_t a = nd_ - 2, rest = ol; a-- > 0;) oidx[a] = rest % plan_.axes[a].out_len, rest /= plan_.axes[a].out_len;
    std::vector<std::size_t> tidx(nd_ - 2, 0);
    const std::size_t spectrum = cols_.n * h_;

    for (std::size_t tl = 0; tl < lead_taps_; tl++) {
      std::int64_t plane = 0;
      for (std::size_t a = 0; a + 2 < nd_ && plane >= 0; a++) {
        const AxisPlan& ax = plan_.axes[a];
        const std::int64_t m = ax.at(oidx[a] * ax.stride + tidx[a] * ax.dilation);
        plane = m < 0 ? -1 : plane * std::int64_t(ax.in_len) + m;
      }
      const Pair x = forward(s, plane, tr, tc, second);
      const T* g_re = &g_re_[tl * spectrum];
      const T* g_im = &g_im_[tl * spectrum];
      if (lead_taps_ == 1) {
        multiply(s.b.re.data(), s.b.im.data(), x.re, x.im, g_re, g_im, spectrum);
      } else {
        if (tl == 0) std::fill(s.acc_re.begin(), s.acc_re.end(), T(0)), std::fill(s.acc_im.begin(), s.acc_im.end(), T(0));
        multiply_add(s.acc_re.data(), s.acc_im.data(), x.re, x.im, g_re, g_im, spectrum);
      }
      for (std::size_t a = nd_ - 2; a-- > 0;) {  // next leading tap, row-major
        if (++tidx[a] < plan_.axes[a].taps) break;
        tidx[a] = 0;
      }
    }
    if (lead_taps_ > 1) std::copy(s.acc_re.begin(), s.acc_re.end(), s.b.re.begin()), std::copy(s.acc_im.begin(), s.acc_im.end(), s.b.im.begin());
    const Pair y = inverse(s);
    store(y.re, y.im, ol * plane_out, tr, tc);
    if (second) store(y.im, nullptr, ol * plane_out, tr, tc + 1);
  }

 private:
  std::size_t pairs() const { return paired_ ? (cols_.count + 1) / 2 : cols_.count; }

  /** The kernel slice of each leading tap, as a spectrum in the transposed layout, scaled by 1/(N1·N2). */
  void kernel_spectra() {
    const std::size_t k1 = rows_.axis->taps, k2 = cols_.axis->taps, n1 = rows_.n, n2 = cols_.n;
    const std::size_t spectrum = n2 * h_, hf = round_up(n1, kAlign);  // hf: the full spectrum's pitch
    g_re_.resize(lead_taps_ * spectrum), g_im_.resize(lead_taps_ * spectrum);
    Planes<double> a(n1, w_), b(n2, hf);
    const double scale = 1.0 / double(n1 * n2);
    const fft::Plan &p1 = fft::plan_for(n1), &p2 = fft::plan_for(n2);
    for (std::size_t tl = 0; tl < lead_taps_; tl++) {
      std::fill(a.re.begin(), a.re.end(), 0.0), std::fill(a.im.begin(), a.im.end(), 0.0);
      for (std::size_t t1 = 0; t1 < k1; t1++)
        for (std::size_t t2 = 0; t2 < k2; t2++) {
          // g[−t1·d1 mod N1][−t2·d2 mod N2] = w[t1][t2]: circular convolution with g correlates with w.
          const std::size_t r = (n1 - t1 * rows_.axis->dilation % n1) % n1, c = (n2 - t2 * cols_.axis->dilation % n2) % n2;
          const std::size_t i = (tl * k1 + t1) * k2 + t2;
          a.re[r * w_ + c] = plan_.complex_weights ? plan_.weights[2 * i] : plan_.weights[i];
          a.im[r * w_ + c] = plan_.complex_weights ? plan_.weights[2 * i + 1] : 0.0;
        }
      fft_.columns_f64(p1, a.re.data(), a.im.data(), a.sre.data(), a.sim.data(), w_, w_, false);
      transpose(a.re.data(), b.re.data(), n1, n2, w_, hf);
      transpose(a.im.data(), b.im.data(), n1, n2, w_, hf);
      fft_.columns_f64(p2, b.re.data(), b.im.data(), b.sre.data(), b.sim.data(), hf, hf, false);
      // Bins [0, h_) of each row; the real path's h_ covers N1/2 + 1 of them (the rest is Hermitian).
      for (std::size_t r = 0; r < n2; r++)
        for (std::size_t c = 0; c < std::min(h_, hf); c++) {
          const std::size_t i = tl * spectrum + r * h_ + c;
          g_re_[i] = static_cast<T>(b.re[r * hf + c] * scale), g_im_[i] = static_cast<T>(b.im[r * hf + c] * scale);
        }
    }
  }

  /** dst[c][r] = src[r][c] for r < rows, c < cols (pitches sp, dp): the ISA's in-register transpose. */
  template <class U>
  void transpose(const U* src, U* dst, std::size_t rows, std::size_t cols, std::size_t sp, std::size_t dp) const {
    if constexpr (sizeof(U) == sizeof(float)) fft_.transpose_f32(src, dst, rows, cols, sp, dp);
    else fft_.transpose_f64(src, dst, rows, cols, sp, dp);
  }

  /** y = x·g elementwise (y may be x). */
  static void multiply(T* yr, T* yi, const T* xr, const T* xi, const T* gr, const T* gi, std::size_t n) {
    for (std::size_t i = 0; i < n; i++) {
      const T r = xr[i] * gr[i] - xi[i] * gi[i];
      yi[i] = xr[i] * gi[i] + xi[i] * gr[i];
      yr[i] = r;
    }
  }

  static void multiply_add(T* ar, T* ai, const T* xr, const T* xi, const T* gr, const T* gi, std::size_t n) {
    for (std::size_t i = 0; i < n; i++) {
      ar[i] += xr[i] * gr[i] - xi[i] * gi[i];
      ai[i] += xr[i] * gi[i] + xi[i] * gr[i];
    }
  }

  /** The planes a transform's result is in: its data planes or, after an odd number of passes, its scratch. */
  struct Pair {
    T* re;
    T* im;
  };

  /** Transforms columns [0, pitch) of `p` (n rows of `pitch`) and says where the result is, without copying it back. */
  Pair transform(Planes<T>& p, std::size_t n, std::size_t pitch, bool inverse) const {
    const bool moved = anywhere_of<T>(fft_)(fft::plan_for(n), p.re.data(), p.im.data(), p.sre.data(), p.sim.data(), pitch, pitch, inverse);
    return moved ? Pair{p.sre.data(), p.sim.data()} : Pair{p.re.data(), p.im.data()};
  }

  /**
   * Gathers tile (tr, tc) of input plane `plane` (−1: the fill plane) into s.a, the pair's second
   * tile into the imaginary plane, and transforms it; returns where its spectrum is (in s.b).
   */
  Pair forward(Scratch& s, std::int64_t plane, std::size_t tr, std::size_t tc, bool second) const {
    if (real_) {
      // Rows 2k and 2k + 1 of a.re hold bin k of the real transform, k ≤ N1/2: one transpose each.
      T* x = s.a.re.data();
      gather(s, plane, tr, tc, x, nullptr);
      real_of<T>(fft_)(fft::real_plan_for(rows_.n), x, s.a.im.data(), w_, w_, false);
      transpose(x, s.b.re.data(), rows_.n / 2 + 1, cols_.n, 2 * w_, h_);
      transpose(x + w_, s.b.im.data(), rows_.n / 2 + 1, cols_.n, 2 * w_, h_);
      return transform(s.b, cols_.n, h_, false);
    }
    gather(s, plane, tr, tc, s.a.re.data(), plan_.complex_input ? s.a.im.data() : nullptr);
    if (second) gather(s, plane, tr, tc + 1, s.a.im.data(), nullptr);
    else if (!plan_.complex_input) std::fill(s.a.im.begin(), s.a.im.end(), T(0));
    const Pair a = transform(s.a, rows_.n, w_, false);
    transpose(a.re, s.b.re.data(), rows_.n, cols_.n, w_, h_);
    transpose(a.im, s.b.im.data(), rows_.n, cols_.n, w_, h_);
    return transform(s.b, cols_.n, h_, false);
  }

  /** The inverse of the product in s.b's data planes; returns where the spatial result is (in s.a). */
  Pair inverse(Scratch& s) const {
    const Pair b = transform(s.b, cols_.n, h_, true);
    if (real_) {
      T* x = s.a.re.data();
      transpose(b.re, x, cols_.n, rows_.n / 2 + 1, h_, 2 * w_);
      transpose(b.im, x + w_, cols_.n, rows_.n / 2 + 1, h_, 2 * w_);
      real_of<T>(fft_)(fft::real_plan_for(rows_.n), x, s.a.im.data(), w_, w_, true);
      return Pair{x, nullptr};
    }
    transpose(b.re, s.a.re.data(), cols_.n, rows_.n, h_, w_);
    transpose(b.im, s.a.im.data(), cols_.n, rows_.n, h_, w_);
    return transform(s.a, rows_.n, w_, true);
  }

  /**
   * ext over tile (tr, tc) into `re` (and `im` for complex input), pitch w_: ext[q1][q2] = x̃ at the
   * maps' indices, the fill value where either is −1, 0 past the maps.
   */
  void gather(Scratch& s, std::int64_t plane, std::size_t tr, std::size_t tc, T* re, T* im) const {
    const AxisPlan &ar = *rows_.axis, &ac = *cols_.axis;
    const std::size_t comps = plan_.complex_input ? 2 : 1;
    const T fill_re = static_cast<T>(plan_.fill_re), fill_im = static_cast<T>(plan_.fill_im);
    for (std::size_t v = 0; v < cols_.n; v++) s.col_src[v] = ext_index(ac, tc * cols_.step + v);
    // The longest run [v0, v1) of consecutive input columns: copied straight, without the per-sample map.
    std::size_t v0 = 0, v1 = 0;
    for (std::size_t a = 0; a < cols_.n;) {
      std::size_t b = a + 1;
      if (s.col_src[a] >= 0)
        while (b < cols_.n && s.col_src[b] == s.col_src[b - 1] + 1) b++;
      if (s.col_src[a] >= 0 && b - a > v1 - v0) v0 = a, v1 = b;
      a = b;
    }
    for (std::size_t u = 0; u < rows_.n; u++) {
      T* dr = re + u * w_;
      T* di = im ? im + u * w_ : nullptr;
      const std::int32_t m = ext_index(ar, tr * rows_.step + u);
      if (m == kBeyond) {
        std::fill(dr, dr + cols_.n, T(0));
        if (di) std::fill(di, di + cols_.n, T(0));
        continue;
      }
      const T* x = m < 0 || plane < 0 ? nullptr : input_ + (std::size_t(plane) * ar.in_len + std::size_t(m)) * ac.in_len * comps;
      auto one = [&](std::size_t v) {
        const std::int32_t c = s.col_src[v];
        if (c == kBeyond) {
          dr[v] = 0;
          if (di) di[v] = 0;
        } else if (c < 0 || !x) {
          dr[v] = fill_re;
          if (di) di[v] = fill_im;
        } else {
          dr[v] = x[std::size_t(c) * comps];
          if (di) di[v] = x[std::size_t(c) * comps + 1];
        }
      };
      if (!x) {
        for (std::size_t v = 0; v < cols_.n; v++) one(v);
        continue;
      }
      for (std::size_t v = 0; v < v0; v++) one(v);
      const T* run = x + std::size_t(v0 < v1 ? s.col_src[v0] : 0) * comps;
      if (comps == 1) {
        std::copy(run, run + (v1 - v0), dr + v0);
      } else {
        for (std::size_t v = v0; v < v1; v++) dr[v] = run[2 * (v - v0)], di[v] = run[2 * (v - v0) + 1];
      }
      for (std::size_t v = v1; v < cols_.n; v++) one(v);
    }
  }

  /** The kept outputs of tile (tr, tc) from planes re (+ im for complex output), at output plane `base`. */
  void store(const T* re, const T* im, std::size_t base, std::size_t tr, std::size_t tc) const {
    const AxisPlan &ar = *rows_.axis, &ac = *cols_.axis;
    const std::size_t o1 = tr * rows_.outs, o2 = tc * cols_.outs;
    const std::size_t e1 = std::min(ar.out_len, o1 + rows_.outs), e2 = std::min(ac.out_len, o2 + cols_.outs);
    for (std::size_t i = o1; i < e1; i++) {
      const T* sr = re + (i - o1) * ar.stride * w_;
      const T* si = im ? im + (i - o1) * ar.stride * w_ : nullptr;
      if (plan_.complex_output()) {
        T* d = output_ + 2 * ((base + i * ac.out_len) + o2);
        for (std::size_t j = 0; j < e2 - o2; j++) d[2 * j] = sr[j * ac.stride], d[2 * j + 1] = si[j * ac.stride];
      } else {
        T* d = output_ + base + i * ac.out_len + o2;
        for (std::size_t j = 0; j < e2 - o2; j++) d[j] = sr[j * ac.stride];
      }
    }
  }

  const Plan& plan_;
  const T* input_;
  T* output_;
  const fft::Table& fft_;
  const std::size_t nd_;
  const AxisTiles rows_, cols_;
  const bool real_;          // real × real, one column of tiles: the real-input transform along the rows' axis
  const bool paired_;        // real × real: two tiles per transform
  const std::size_t h_, w_;  // pitches: rows of the transposed layout, columns of the spatial one
  std::size_t lead_taps_ = 1, lead_outs_ = 1;
  std::vector<T> g_re_, g_im_;  // [leading tap][N2][h_]
};

// ---- 1-D -----------------------------------------------------------------------------------------

template <class T>
class Blocked1d {
 public:
  // Blocks per batch (per plane): one AVX-512 vector of columns, so a row is one cache line.
  static constexpr std::size_t kLanes = fft::kLanesOf<T>;
  // Blocks up to this length run unsplit: the batch and its scratch stay in L1/L2 for every pass.
  static constexpr std::size_t kMaxUnsplit = 256;
  // The strided transforms of a split run on kGroup neighbouring groups of lanes at once (see convolve_split).
  static constexpr std::size_t kGroup = 4;

  Blocked1d(const Plan& plan, const T* input, T* output, const fft::Table& fft)
      : plan_(plan), input_(input), output_(output), fft_(fft),
        axis_(tile_axis(plan.axes[0], kMaxBlock1d)),
        split_(axis_.n > kMaxUnsplit ? &fft::split_for(axis_.n) : nullptr),
        paired_(!plan.complex_output()),
        per_batch_(paired_ ? 2 * kLanes : kLanes) {
    kernel_spectrum();
  }

  std::size_t tasks() const { return (axis_.count + per_batch_ - 1) / per_batch_; }

  struct Scratch {
    Planes<T> p;  // the batch: n rows of kLanes (its scratch planes only when unsplit)
    Planes<T> l;  // one sub-transform of a split, with its scratch: max(n1, n2) rows, in L1
    explicit Scratch(const Blocked1d& b)
        : p(b.axis_.n, kLanes, !b.split_),
          l(b.split_ ? std::max(b.split_->n1 * kGroup, b.split_->n2) : 0, kLanes) {}
  };

  void run(Scratch& s, std::size_t task) const {
    const std::size_t b0 = task * per_batch_;
    T* re = s.p.re.data();
    T* im = s.p.im.data();
    gather(b0, re, plan_.complex_input ? im : nullptr);
    if (paired_) gather(b0 + kLanes, im, nullptr);
    else if (!plan_.complex_input) std::fill(s.p.im.begin(), s.p.im.end(), T(0));
    if (split_) convolve_split(s, re, im);
    else convolve_whole(s, re, im);
    store(b0, re, plan_.complex_output() ? im : nullptr);
    if (paired_) store(b0 + kLanes, im, nullptr);
  }

 private:
  /** Short blocks: forward transform, product, inverse, each over the whole batch. */
  void convolve_whole(Scratch& s, T* re, T* im) const {
    const fft::Plan& fp = fft::plan_for(axis_.n);
    columns_of<T>(fft_)(fp, re, im, s.p.sre.data(), s.p.sim.data(), kLanes, kLanes, false);
    scale_of<T>(fft_)(re, im, g_re_.data(), g_im_.data(), axis_.n, kLanes, kLanes, false);
    columns_of<T>(fft_)(fp, re, im, s.p.sre.data(), s.p.sim.data(), kLanes, kLanes, true);
  }

  /**
   * Long blocks, by the split (fft.h): the strided n1-point transforms, then per contiguous group of
   * n2 rows, while it is in L1: twiddles, n2-point transform, product with the kernel's spectrum (in
   * split order), inverse, conjugate twiddles; then the strided n1-point inverses.
   */
  void convolve_split(Scratch& s, T* re, T* im) const {
    const fft::Split& sp = *split_;
    const std::size_t n1 = sp.n1, n2 = sp.n2;
    const auto scale = scale_of<T>(fft_);
    const auto anywhere = anywhere_of<T>(fft_);
    T *lr = s.l.re.data(), *li = s.l.im.data(), *lsr = s.l.sre.data(), *lsi = s.l.sim.data();
    // The strided transforms of kGroup neighbouring j2 at once, as kGroup·kLanes columns: each row
    // read is then kGroup cache lines long, which the prefetcher and the TLB handle far better than
    // one line per page.
    auto strided = [&](bool inverse) {
      for (std::size_t j2 = 0; j2 < n2; j2 += kGroup) {
        const std::size_t w = std::min(kGroup, n2 - j2) * kLanes;
        for (std::size_t j1 = 0; j1 < n1; j1++) {
          std::copy_n(re + (j1 * n2 + j2) * kLanes, w, lr + j1 * w);
          std::copy_n(im + (j1 * n2 + j2) * kLanes, w, li + j1 * w);
        }
        const bool moved = anywhere(*sp.p1, lr, li, lsr, lsi, w, w, inverse);
        const T* yr = moved ? lsr : lr;
        const T* yi = moved ? lsi : li;
        for (std::size_t j1 = 0; j1 < n1; j1++) {
          std::copy_n(yr + j1 * w, w, re + (j1 * n2 + j2) * kLanes);
          std::copy_n(yi + j1 * w, w, im + (j1 * n2 + j2) * kLanes);
        }
      }
    };
    const T* tw_re;
    const T* tw_im;
    if constexpr (sizeof(T) == sizeof(float)) tw_re = sp.tw_re32, tw_im = sp.tw_im32;
    else tw_re = sp.tw_re64, tw_im = sp.tw_im64;
    strided(false);
    for (std::size_t k1 = 0; k1 < n1; k1++) {
      T* gr = re + k1 * n2 * kLanes;
      T* gi = im + k1 * n2 * kLanes;
      const std::size_t at = k1 * n2;
      scale(gr, gi, tw_re + at, tw_im + at, n2, kLanes, kLanes, false);
      // An odd number of passes leaves the spectrum in the L1 scratch; the inverse, with the same
      // number, then brings it back to the batch, so neither needs a copy.
      const bool moved = anywhere(*sp.p2, gr, gi, lsr, lsi, kLanes, kLanes, false);
      T* xr = moved ? lsr : gr;
      T* xi = moved ? lsi : gi;
      scale(xr, xi, g_re_.data() + at, g_im_.data() + at, n2, kLanes, kLanes, false);
      anywhere(*sp.p2, xr, xi, moved ? gr : lsr, moved ? gi : lsi, kLanes, kLanes, true);
      scale(gr, gi, tw_re + at, tw_im + at, n2, kLanes, kLanes, true);
    }
    strided(true);
  }

  /** The kernel's spectrum / n, in natural order or, when split, in split order (row k1·n2 + k2 holds bin k1 + n1·k2). */
  void kernel_spectrum() {
    const AxisPlan& a = *axis_.axis;
    const std::size_t n = axis_.n;
    // One vector of float64 columns, of which column 0 holds the kernel.
    constexpr std::size_t L = fft::kLanesOf<double>;
    Planes<double> p(n, L);
    for (std::size_t t = 0; t < a.taps; t++) {
      const std::size_t r = (n - t * a.dilation % n) % n;
      p.re[r * L] = plan_.complex_weights ? plan_.weights[2 * t] : plan_.weights[t];
      p.im[r * L] = plan_.complex_weights ? plan_.weights[2 * t + 1] : 0.0;
    }
    fft_.columns_f64(fft::plan_for(n), p.re.data(), p.im.data(), p.sre.data(), p.sim.data(), L, L, false);
    g_re_.resize(n), g_im_.resize(n);
    for (std::size_t k = 0; k < n; k++) {
      const std::size_t row = split_ ? k % split_->n1 * split_->n2 + k / split_->n1 : k;
      g_re_[row] = static_cast<T>(p.re[k * L] / double(n)), g_im_[row] = static_cast<T>(p.im[k * L] / double(n));
    }
  }

  /**
   * Blocks b0 … b0 + kLanes − 1 into columns of `re` (and `im` for complex input); blocks past the end
   * as 0. Positions in the map's run (all but the borders) are copied from the input 16 rows at a time,
   * so the rows being written stay in L1; the rest go through the map.
   */
  void gather(std::size_t b0, T* re, T* im) const {
    const AxisPlan& a = *axis_.axis;
    const std::size_t n = axis_.n, comps = plan_.complex_input ? 2 : 1;
    const T fill_re = static_cast<T>(plan_.fill_re), fill_im = static_cast<T>(plan_.fill_im);
    std::size_t lo[kLanes], hi[kLanes];
    std::ptrdiff_t base[kLanes];
    for (std::size_t j = 0; j < kLanes; j++) {
      const bool live = b0 + j < axis_.count;
      const std::size_t q0 = (b0 + j) * axis_.step;
      lo[j] = hi[j] = 0;
      if (live && q0 < a.run_end() && q0 + n > a.run_start()) {
        lo[j] = a.run_start() > q0 ? a.run_start() - q0 : 0;
        hi[j] = std::min(n, a.run_end() - q0);
      }
      base[j] = std::ptrdiff_t(q0) + a.shift;
      for (std::size_t u = 0; u < n; u++) {
        if (u == lo[j] && lo[j] < hi[j]) u = hi[j];
        if (u >= n) break;
        const std::int32_t m = live ? ext_index(a, q0 + u) : kBeyond;
        T r = 0, i = 0;
        if (m == -1) r = fill_re, i = fill_im;
        else if (m >= 0) r = input_[std::size_t(m) * comps], i = im ? input_[std::size_t(m) * comps + 1] : T(0);
        re[u * kLanes + j] = r;
        if (im) im[u * kLanes + j] = i;
      }
    }
    constexpr std::size_t U = kLanes;
    for (std::size_t u0 = 0; u0 < n; u0 += U)
      for (std::size_t j = 0; j < kLanes; j++) {
        const std::size_t from = std::max(u0, lo[j]), to = std::min(u0 + U, hi[j]);
        for (std::size_t u = from; u < to; u++) {
          const std::size_t x = std::size_t(base[j] + std::ptrdiff_t(u)) * comps;
          re[u * kLanes + j] = input_[x];
          if (im) im[u * kLanes + j] = input_[x + 1];
        }
      }
  }

  /** The kept outputs of blocks b0 … b0 + kLanes − 1, 16 rows at a time like gather. */
  void store(std::size_t b0, const T* re, const T* im) const {
    const AxisPlan& a = *axis_.axis;
    const std::size_t outs = axis_.outs;
    for (std::size_t r0 = 0; r0 < outs; r0 += kLanes)
      for (std::size_t j = 0; j < kLanes && b0 + j < axis_.count; j++) {
        const std::size_t o0 = (b0 + j) * outs;
        const std::size_t to = std::min(std::min(outs, r0 + kLanes), a.out_len - std::min(a.out_len, o0));
        for (std::size_t r = r0; r < to; r++) {
          const std::size_t p = r * a.stride * kLanes + j;
          if (im) output_[2 * (o0 + r)] = re[p], output_[2 * (o0 + r) + 1] = im[p];
          else output_[o0 + r] = re[p];
        }
      }
  }

  const Plan& plan_;
  const T* input_;
  T* output_;
  const fft::Table& fft_;
  const AxisTiles axis_;
  const fft::Split* split_;      // null: blocks short enough to transform whole
  const bool paired_;            // real × real: a second batch of blocks in the imaginary plane
  const std::size_t per_batch_;  // blocks per task
  std::vector<T> g_re_, g_im_;   // the kernel's spectrum / n (split order when split_)
};

template <class Engine>
void run_engine(const Engine& engine, std::size_t threads) {
  using Scratch = typename Engine::Scratch;
  run_tasks(engine.tasks(), threads, [&] { return Scratch(engine); },
            [&](Scratch& s, std::size_t task) { engine.run(s, task); });
}

}  // namespace

bool fft_fits(const Plan& plan) {
  constexpr double kMaxTilePoints = 1 << 20;
  for (const AxisPlan& a : plan.axes)
    if (a.out_len == 0) return true;  // nothing to compute either way
  if (plan.axes.size() == 1) return double(tile_axis(plan.axes[0], kMaxBlock1d).n) * kAlign <= kMaxTilePoints;
  const std::size_t nd = plan.axes.size();
  return double(tile_axis(plan.axes[nd - 2], kMaxTile2d).n) * double(tile_axis(plan.axes[nd - 1], kMaxTile2d).n) <= kMaxTilePoints;
}

template <class T>
void execute_fft(const Plan& plan, const T* input, T* output, const fft::Table& fft, std::size_t threads) {
  for (const AxisPlan& a : plan.axes)
    if (a.out_len == 0) return;
  if (plan.axes.size() == 1) run_engine(Blocked1d<T>(plan, input, output, fft), threads);
  else run_engine(Tiled2d<T>(plan, input, output, fft), threads);
}

template void execute_fft<float>(const Plan&, const float*, float*, const fft::Table&, std::size_t);
template void execute_fft<double>(const Plan&, const double*, double*, const fft::Table&, std::size_t);

}  // namespace simdconv
