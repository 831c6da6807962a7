// The column pass of the fused separable path (kernels.h: CorrelateColsFn), written once over the
// same traits as correlate_rows.inl and included right after it (before correlate_block.inl, which
// ends the macros), inside each ISA's anonymous namespace. Extra traits: stream(p, v) and fence(), as
// for correlate_block.inl.
//
// Shape of the work, for R output rows × B vectors of outputs at column o:
//
//   for i < R + kh − 1:                   each filtered row once per block …
//     x[b] = load(rows[i] + o + b·lanes)  … B vectors into registers,
//     for j < R with r = i − j < kh:      … feeding every output row that reads it
//       if w[r] ≠ 0: acc[j][b] += w[r] · x[b]
//
// Per output the sum runs over r ascending from +0, one FMA each, exactly as correlate_rows does for
// a column pass (taps = 1): the results are the same bits as the row-at-a-time path, whatever R, B,
// the column split or the buffers' addresses. A kh-row column pass loads (R + kh − 1)/R vectors per
// output vector instead of kh.

// Output rows and vectors per block: 4 × 2 accumulators fit every ISA's register file beside the B
// loaded vectors and a broadcast (AVX2 and NEON have 16 and 32 registers).
constexpr std::size_t kColsRows = 4;
constexpr std::size_t kColsVecs = 2;

template <class T>
struct ColsArgs {
  const T* const* rows;
  const T* w;
  std::size_t kh;
  T* dst;
  std::size_t pitch;
};

// Output rows j0 … j0+R−1, outputs o … o + B·L (k outputs for Partial, B = 1). KH: kh at compile
// time (the loops then unroll completely), or 0 for any. Z: w has zeros, to be skipped.
template <class Tr, std::size_t R, std::size_t B, std::size_t KH, bool Z, bool Partial>
SIMDCONV_KERNEL_INLINE void cols_block(const ColsArgs<typename Tr::T>& a, std::size_t j0, std::size_t o, std::size_t k, bool nt) {
  using T = typename Tr::T;
  using V = typename Tr::V;
  constexpr std::size_t L = Tr::lanes;
  const std::size_t kh = KH ? KH : a.kh;
  V acc[R][B];
  SIMDCONV_UNROLL for (std::size_t j = 0; j < R; j++) SIMDCONV_UNROLL for (std::size_t b = 0; b < B; b++) acc[j][b] = Tr::zero();
  SIMDCONV_UNROLL for (std::size_t i = 0; i < R + kh - 1; i++) {
    // Rows only zero weights read are never loaded (a Sobel's zero row: a NaN there does not spread).
    bool read = false;
    SIMDCONV_UNROLL for (std::size_t j = 0; j < R; j++) read = read || (i >= j && i - j < kh && (!Z || a.w[i - j] != 0));
    if (!read) continue;
    V x[B];
    const T* p = a.rows[j0 + i] + o;
    if constexpr (Partial) x[0] = Tr::load_partial(p, k);
    else SIMDCONV_UNROLL for (std::size_t b = 0; b < B; b++) x[b] = Tr::loadu(p + b * L);
    SIMDCONV_UNROLL for (std::size_t j = 0; j < R; j++) {
      if (i < j || i - j >= kh) continue;
      const T wr = a.w[i - j];
      if (Z && wr == 0) continue;
      const V wv = Tr::set1(wr);
      SIMDCONV_UNROLL for (std::size_t b = 0; b < B; b++) acc[j][b] = Tr::fma(wv, x[b], acc[j][b]);
    }
  }
  SIMDCONV_UNROLL for (std::size_t j = 0; j < R; j++) {
    T* d = a.dst + (j0 + j) * a.pitch + o;
    if constexpr (Partial) {
      Tr::store_partial(d, acc[j][0], k);
    } else {
      SIMDCONV_UNROLL for (std::size_t b = 0; b < B; b++) {
        if (nt) Tr::stream(d + b * L, acc[j][b]);
        else Tr::storeu(d + b * L, acc[j][b]);
      }
    }
  }
}

// All n outputs of output rows j0 … j0+R−1.
template <class Tr, std::size_t R, std::size_t KH, bool Z>
void cols_rows(const ColsArgs<typename Tr::T>& a, std::size_t j0, std::size_t n, bool stream) {
  using T = typename Tr::T;
  constexpr std::size_t L = Tr::lanes, B = kColsVecs;
  // Align dst first (non-temporal stores need it; a store that splits a cache line costs two): rows
  // share their alignment when the pitch is a whole number of vectors.
  const std::size_t mis = reinterpret_cast<std::uintptr_t>(a.dst + j0 * a.pitch) % (L * sizeof(T)) / sizeof(T);
  std::size_t o = mis == 0 ? 0 : L - mis < n ? L - mis : n;
  if (o > 0) cols_block<Tr, R, 1, KH, Z, true>(a, j0, 0, o, false);
  const bool nt = stream && a.pitch % L == 0;
  for (; o + B * L <= n; o += B * L) cols_block<Tr, R, B, KH, Z, false>(a, j0, o, 0, nt);
  for (; o + L <= n; o += L) cols_block<Tr, R, 1, KH, Z, false>(a, j0, o, 0, nt);
  if (o < n) cols_block<Tr, R, 1, KH, Z, true>(a, j0, o, n - o, false);
}

template <class Tr, std::size_t KH, bool Z>
void cols_all(const ColsArgs<typename Tr::T>& a, std::size_t nout, std::size_t n, bool stream) {
  std::size_t j = 0;
  for (; j + kColsRows <= nout; j += kColsRows) cols_rows<Tr, kColsRows, KH, Z>(a, j, n, stream);
  for (; j < nout; j++) cols_rows<Tr, 1, KH, Z>(a, j, n, stream);
  if (stream) Tr::fence();
}

template <class Tr, std::size_t KH>
void cols_any(const ColsArgs<typename Tr::T>& a, std::size_t nout, std::size_t n, bool stream) {
  bool zeros = false;
  for (std::size_t r = 0; r < a.kh; r++) zeros = zeros || a.w[r] == 0;
  if (zeros) cols_all<Tr, KH, true>(a, nout, n, stream);
  else cols_all<Tr, KH, false>(a, nout, n, stream);
}

// The entry point stored in the KernelTable.
template <class Tr>
void correlate_cols(const typename Tr::T* const* rows, const typename Tr::T* w, std::size_t kh, typename Tr::T* dst,
                    std::size_t pitch, std::size_t nout, std::size_t n, bool stream) {
  if (nout == 0 || n == 0) return;
  const ColsArgs<typename Tr::T> a{rows, w, kh, dst, pitch};
  switch (kh) {  // the common lengths unroll completely, their weights hoisted into registers
    case 3: return cols_any<Tr, 3>(a, nout, n, stream);
    case 5: return cols_any<Tr, 5>(a, nout, n, stream);
    case 7: return cols_any<Tr, 7>(a, nout, n, stream);
    case 9: return cols_any<Tr, 9>(a, nout, n, stream);
    default: return cols_any<Tr, 0>(a, nout, n, stream);
  }
}
