// The blocked 2-D kernel (kernels.h: CorrelateBlockFn), written once over the same traits as
// correlate_rows.inl and included right after it, inside each ISA's anonymous namespace. Extra traits:
//   stream(p, v)   non-temporal store of a full vector at a vector-aligned p (or a plain store),
//   fence()        orders the non-temporal stores before whatever the caller does next,
//   any_nan(v)     whether a lane of v is NaN,
//   prefetch(p)    a hint to bring p's cache line into L2,
//   block2d_rows, block2d_vecs   output rows × vectors per block (R × B accumulators).
//
// Shape of the work, for R output rows × B vectors of outputs at column o:
//
//   for i < R + kh − 1:                       each input row once per block …
//     x[k] = load(rows[i] + o + k·lanes)      … its B + (taps−1)·D/lanes + 1 vectors, into registers,
//     for j < R with r = i − j < kh:          … feeding every output row that reads it
//       acc[j][b] += w[r][t] · shift<t·D>(x)  (t < taps: the sliding path of correlate_rows.inl)
//
// D is the horizontal dilation (taps D apart: the RGB (5,5,1) filter of a [h, w, 3] image folds to
// a 2-D plan with D = 3). kw and D are template arguments (the shifts are immediates); kh is a loop
// bound, so non-square kernels of any height up to kBlockMaxRows share one body per (kw, D). The
// squares at D = 1 (3×3, 5×5, 7×7, the common ones) have bodies of their own with the rows unrolled:
// with the runtime loop the 3×3 float32 measured a few % slower (best of 30 calls, 2.61 vs 2.47 ms).
//
// Per output the sum runs over r then t, as in the scalar reference. A 3×3 loads (R + 2)/R input
// vectors per output vector instead of 3, and its 9 broadcasts are shared by R·B vectors.
//
// Zero weights inside a live row: their products are skipped, and the block instead adds up every
// vector it loaded (one add each) into `chk`. If chk ends NaN (a loaded value was NaN or ∞, or the sum
// overflowed), the block is recomputed with every weight, so 0·NaN = NaN as the formula says;
// otherwise each skipped product was ±0, which leaves an accumulator that started at +0 unchanged.
// Both ways give the same bits, wherever the buffers lie.
//
// Columns: dst is aligned first (a partial vector of the first outputs; non-temporal stores need
// it, and a store that splits a cache line costs two), then sliding blocks while their wider loads
// stay inside the row (o + B·L + ((taps−1)·D/L + 1)·L ≤ n + (taps − 1)·D), then single vectors from plain loads of
// exactly the taps, then a partial vector. Every path is the same formula; none reads an input the
// formula does not read, except the sliding loads' tops, which lie inside the row.

enum class Load { Slide, Direct, Partial };

// Largest kh the kernel takes (the rows of a block are a runtime loop, so any kh up to this costs
// no extra code); kw must be 3, 5 or 7 and the horizontal dilation 1 … 4 (a [h, w, c] image with up
// to 4 interleaved channels folds to taps c apart).
constexpr std::size_t kBlockMaxRows = 16;

template <class T>
struct BlockArgs {
  const T* const* rows;
  const T* w;
  std::size_t kh;
  unsigned live;
  T* dst;
  std::size_t pitch;
  std::size_t nin;                     // entries of rows
  unsigned nonzero[kBlockMaxRows];     // bit t of nonzero[r]: w[r·K + t] ≠ 0
};

// Tap S … K−1 (at S·D in the row) of input row i, shifted out of the registers x once and given to
// every output row j that reads row i (bit j of readers) with its weight w[(i − j)·K + S].
template <class Tr, std::size_t R, std::size_t B, std::size_t K, std::size_t D, bool Z, std::size_t N, std::size_t S = 0>
SIMDCONV_KERNEL_INLINE void block2d_taps(typename Tr::V (&acc)[R][B], const typename Tr::V (&x)[N], const typename Tr::T* w,
                                         const unsigned* nonzero, std::size_t i, unsigned readers) {
  if constexpr (S < K) {
    typename Tr::V v[B];
    SIMDCONV_UNROLL for (std::size_t b = 0; b < B; b++) v[b] = tap_of<Tr, S * D>(x, b);
    SIMDCONV_UNROLL for (std::size_t j = 0; j < R; j++) {
      if (!(readers >> j & 1u)) continue;  // readers says j ≤ i < j + kh
      if (Z && !(nonzero[i - j] >> S & 1u)) continue;
      const typename Tr::V wv = Tr::set1(w[(i - j) * K + S]);
      SIMDCONV_UNROLL for (std::size_t b = 0; b < B; b++) acc[j][b] = Tr::fma(wv, v[b], acc[j][b]);
    }
    block2d_taps<Tr, R, B, K, D, Z, N, S + 1>(acc, x, w, nonzero, i, readers);
  }
}

// Input row i of a block: its vectors loaded once (Slide) and given to every output row that reads
// it, or (Direct, Partial) each output row's taps loaded from it; kh is KH when that is not 0.
template <class Tr, std::size_t R, std::size_t B, std::size_t KH, std::size_t K, std::size_t D, Load LD, bool Z>
SIMDCONV_KERNEL_INLINE void block2d_row(const BlockArgs<typename Tr::T>& a, typename Tr::V (&acc)[R][B], typename Tr::V& chk,
                                        std::size_t j0, std::size_t o, std::size_t k, std::size_t i) {
  using T = typename Tr::T;
  using V = typename Tr::V;
  constexpr std::size_t L = Tr::lanes;
  constexpr std::size_t NX = B + (K - 1) * D / L + 1;
  const std::size_t kh = KH != 0 ? KH : a.kh;
  unsigned readers = 0;  // bit j: output row j reads input row i through a live row of w
  SIMDCONV_UNROLL for (std::size_t j = 0; j < R; j++) {
    if (i >= j && i - j < kh && (a.live >> (i - j) & 1u)) readers |= 1u << j;
  }
  if (readers == 0) return;
  const T* p = a.rows[j0 + i] + o;
  if constexpr (LD == Load::Slide) {
    V x[NX];
    SIMDCONV_UNROLL for (std::size_t m = 0; m < NX; m++) x[m] = Tr::loadu_reg(p + m * L);
    if constexpr (Z) {
      // This row's sum first, then one add into chk: a chain of one add per row, not per vector.
      V c = x[0];
      SIMDCONV_UNROLL for (std::size_t m = 1; m < NX; m++) c = Tr::add(c, x[m]);
      chk = Tr::add(chk, c);
    }
    block2d_taps<Tr, R, B, K, D, Z>(acc, x, a.w, a.nonzero, i, readers);
    // The R rows the next block of output rows reads first, at these columns, into L2: a row's
    // first touch otherwise waits on memory (the hardware prefetchers stop at each 4 KiB page).
    if (j0 + R + kh - 1 + i < a.nin && i < R) {
      SIMDCONV_UNROLL for (std::size_t m = 0; m < B; m++) Tr::prefetch(a.rows[j0 + R + kh - 1 + i] + o + m * L);
    }
  } else {
    SIMDCONV_UNROLL for (std::size_t j = 0; j < R; j++) {
      if (!(readers >> j & 1u)) continue;
      const T* wr = a.w + (i - j) * K;
      SIMDCONV_UNROLL for (std::size_t t = 0; t < K; t++) {
        V v;
        if constexpr (LD == Load::Direct) v = Tr::loadu(p + t * D);
        else v = Tr::load_partial(p + t * D, k);
        acc[j][0] = Tr::fma(Tr::set1(wr[t]), v, acc[j][0]);
      }
    }
  }
}

// One block: output rows j0 … j0+R−1, outputs o … o + B·L (k outputs for Partial, B = 1).
// Z: skip zero weights (returns false, storing nothing, when the block must be redone without).
// KH ≠ 0: the kernel height, known here, so the rows are unrolled (the square 3×3, 5×5, 7×7).
template <class Tr, std::size_t R, std::size_t B, std::size_t KH, std::size_t K, std::size_t D, Load LD, bool Z>
SIMDCONV_KERNEL_INLINE bool block2d(const BlockArgs<typename Tr::T>& a, std::size_t j0, std::size_t o, std::size_t k, bool nt) {
  using T = typename Tr::T;
  using V = typename Tr::V;
  constexpr std::size_t L = Tr::lanes;
  V acc[R][B];
  SIMDCONV_UNROLL for (std::size_t j = 0; j < R; j++) SIMDCONV_UNROLL for (std::size_t b = 0; b < B; b++) acc[j][b] = Tr::zero();
  V chk = Tr::zero();
  if constexpr (KH != 0) {
    SIMDCONV_UNROLL for (std::size_t i = 0; i < R + KH - 1; i++) block2d_row<Tr, R, B, KH, K, D, LD, Z>(a, acc, chk, j0, o, k, i);
  } else {
    for (std::size_t i = 0; i < R + a.kh - 1; i++) block2d_row<Tr, R, B, KH, K, D, LD, Z>(a, acc, chk, j0, o, k, i);
  }
  if constexpr (Z) {
    if (Tr::any_nan(Tr::sub(chk, chk))) return false;
  }
  SIMDCONV_UNROLL for (std::size_t j = 0; j < R; j++) {
    T* d = a.dst + (j0 + j) * a.pitch + o;
    if constexpr (LD == Load::Partial) {
      Tr::store_partial(d, acc[j][0], k);
    } else {
      SIMDCONV_UNROLL for (std::size_t b = 0; b < B; b++) {
        if (nt) Tr::stream(d + b * L, acc[j][b]);
        else Tr::storeu(d + b * L, acc[j][b]);
      }
    }
  }
  return true;
}

// All n outputs of output rows j0 … j0+R−1.
template <class Tr, std::size_t R, std::size_t KH, std::size_t K, std::size_t D>
void block2d_rows(const BlockArgs<typename Tr::T>& a, std::size_t j0, std::size_t n, bool stream, bool zeros) {
  using T = typename Tr::T;
  constexpr std::size_t L = Tr::lanes, B = Tr::block2d_vecs;
  // Align dst: rows share their alignment when the pitch is a whole number of vectors.
  const std::size_t mis = reinterpret_cast<std::uintptr_t>(a.dst + j0 * a.pitch) % (L * sizeof(T)) / sizeof(T);
  std::size_t o = mis == 0 ? 0 : L - mis < n ? L - mis : n;
  if (o > 0) block2d<Tr, R, 1, KH, K, D, Load::Partial, false>(a, j0, 0, o, false);
  const bool nt = stream && a.pitch % L == 0;
  // Sliding loads reach o + B·L + ((K−1)·D/L + 1)·L − 1; the row holds n + (K − 1)·D values.
  constexpr std::size_t reach = B * L + ((K - 1) * D / L + 1) * L;
  for (; o + reach <= n + (K - 1) * D; o += B * L) {
    if (!zeros || !block2d<Tr, R, B, KH, K, D, Load::Slide, true>(a, j0, o, 0, nt)) block2d<Tr, R, B, KH, K, D, Load::Slide, false>(a, j0, o, 0, nt);
  }
  for (; o + L <= n; o += L) block2d<Tr, R, 1, KH, K, D, Load::Direct, false>(a, j0, o, 0, nt);
  if (o < n) block2d<Tr, R, 1, KH, K, D, Load::Partial, false>(a, j0, o, n - o, false);
}

template <class Tr, std::size_t KH, std::size_t K, std::size_t D>
void block2d_all(const BlockArgs<typename Tr::T>& a, std::size_t nout, std::size_t n, bool stream, bool zeros) {
  constexpr std::size_t R = Tr::block2d_rows;
  std::size_t j = 0;
  for (; j + R <= nout; j += R) block2d_rows<Tr, R, KH, K, D>(a, j, n, stream, zeros);
  for (; j < nout; j++) block2d_rows<Tr, 1, KH, K, D>(a, j, n, stream, zeros);
  if (stream) Tr::fence();
}

template <class Tr, std::size_t K>
void block2d_dilated(const BlockArgs<typename Tr::T>& a, std::size_t dilation, std::size_t nout, std::size_t n, bool stream, bool zeros) {
  switch (dilation) {
    case 1: return a.kh == K ? block2d_all<Tr, K, K, 1>(a, nout, n, stream, zeros) : block2d_all<Tr, 0, K, 1>(a, nout, n, stream, zeros);
    case 2: return block2d_all<Tr, 0, K, 2>(a, nout, n, stream, zeros);
    case 3: return block2d_all<Tr, 0, K, 3>(a, nout, n, stream, zeros);
    default: return block2d_all<Tr, 0, K, 4>(a, nout, n, stream, zeros);
  }
}

// The entry point stored in the KernelTable.
template <class Tr>
bool correlate_block(const typename Tr::T* const* rows, const typename Tr::T* w, std::size_t kh, std::size_t taps,
                     std::size_t dilation, unsigned live, typename Tr::T* dst, std::size_t pitch, std::size_t nout,
                     std::size_t n, bool stream) {
  if (kh == 0 || kh > kBlockMaxRows || (taps != 3 && taps != 5 && taps != 7) || dilation == 0 || dilation > 4) return false;
  if (nout == 0 || n == 0) return true;
  BlockArgs<typename Tr::T> a{rows, w, kh, live, dst, pitch, nout + kh - 1, {}};
  bool zeros = false;  // a live row has a zero weight: worth skipping
  for (std::size_t r = 0; r < kh; r++) {
    for (std::size_t t = 0; t < taps; t++) a.nonzero[r] |= (w[r * taps + t] != 0 ? 1u : 0u) << t;
    zeros = zeros || ((live >> r & 1u) && a.nonzero[r] != (1u << taps) - 1);
  }
  switch (taps) {
    case 3: block2d_dilated<Tr, 3>(a, dilation, nout, n, stream, zeros); break;
    case 5: block2d_dilated<Tr, 5>(a, dilation, nout, n, stream, zeros); break;
    default: block2d_dilated<Tr, 7>(a, dilation, nout, n, stream, zeros); break;
  }
  return true;
}

#undef SIMDCONV_KERNEL_INLINE
#undef SIMDCONV_UNROLL
