// The generic SIMD implementation of the kernel contract (kernels.h), written once over a tiny
// vector-traits type `Tr` and included by every ISA translation unit *inside* its own
// `namespace simdconv::<isa> { namespace { ... } }`, after that TU has defined its traits. So every
// function here has internal linkage and is compiled with that TU's flags only: no inline function
// compiled for AVX2 can be merged by the linker into baseline code (the classic ODR/SIGILL trap of
// per-file ISA flags). For the same reason this file includes no headers and uses no std templates;
// the including TU provides <cstddef>, <cstdint> and its intrinsics header.
//
// The traits type provides, for one element type T and one vector type V of `lanes` elements:
//   zero(), set1(T), loadu(p), storeu(p, v), fma(a, b, c) = a·b + c, add(a, b), sub(a, b),
//   loadu_reg(p)                                    loadu that the compiler may not fold into its uses,
//   load_partial(p, k) / store_partial(p, v, k)   first k lanes (k ≤ lanes); touch nothing beyond p[k-1],
//   even(a, b) / even_fix(v)                        lanes 0, 2, 4, … of the 2·lanes values a:b, in an
//                                                   ISA-chosen lane order that even_fix() undoes,
//   shift<S>(lo, hi)                                lanes S … S+lanes−1 of the 2·lanes values lo:hi,
//   block, slide_block                              accumulators per block (load / sliding path),
//   slide_max_taps                                  largest row length of taps the sliding path
//                                                   takes on this ISA (0: never), as measured.
//
// Shape of the work, for one block of B·lanes consecutive outputs starting at o:
//
//   acc[b] = 0                                     B independent accumulators: hides FMA latency
//   for r < nrows, t < taps:                       (4 cycles × 2 pipes ⇒ ≥ 8 chains in flight)
//     wv = set1(w[r·taps + t])                     one broadcast per tap, shared by the B vectors
//     acc[b] += wv · load(rows[r] + (o + b·lanes)·stride + t·dilation)
//   store acc[b] → dst[o + b·lanes …]
//
// Per output the sum runs over r then t, exactly as the scalar reference does, so results differ from
// it only by FMA rounding. How a vector of outputs reads its inputs (a "loader"):
//   stride 1, dilation 1   "sliding": per row and group of `lanes` taps, load X[k] = p + k·lanes for
//                          k ≤ B once; tap S of vector b is shift<S>(X[b], X[b+1]), made in registers.
//                          With one load per FMA, loads that split a cache line (most unaligned ones)
//                          cap Zen 4 at ~60 % of FMA peak; B+1 loads per B·lanes FMAs do not;
//   stride 1, otherwise    one contiguous unaligned load per FMA (the column pass, taps = 1, is this
//                          by nature; dilated taps too);
//   stride 2               two contiguous loads deinterleaved in registers: only kept outputs computed;
//   stride 3 … 24/sizeof   dense stride-1 outputs in chunks, every s-th kept;
//   larger strides         plain code, 4 outputs at a time (Zen 4 gathers measured slower than both).
// Tails: a stride-1 row of n ≥ lanes ends with one overlapping full vector (recomputing a few
// outputs bit-identically); anything else ends with a masked/partial vector. No path reads an input
// the formula does not read, because the padded rows end exactly where the last output needs them.
// test/cpp/kernel_test.cc checks that with guard pages.

#if defined(_MSC_VER)
#define SIMDCONV_KERNEL_INLINE __forceinline
#define SIMDCONV_UNROLL
#else
#define SIMDCONV_KERNEL_INLINE inline __attribute__((always_inline))
// The loops over the B accumulators must unroll fully, or acc[] lives on the stack and every FMA
// pays a store-to-load round trip (GCC -O2 does not unroll them by itself: measured 3× slower).
#define SIMDCONV_UNROLL _Pragma("GCC unroll 16")
#endif

// Stride 1: one contiguous load per vector of outputs.
template <class Tr>
struct ContigLoader {
  using T = typename Tr::T;
  using V = typename Tr::V;
  static constexpr std::size_t stride = 1;
  static constexpr std::size_t block = Tr::block;
  static constexpr bool slide = false;
  static constexpr int sym = 0;
  static constexpr bool overlap_tail = true;  // a vector ending at output n−1 reads only valid inputs
  SIMDCONV_KERNEL_INLINE V load(const T* p) const { return Tr::loadu(p); }
  SIMDCONV_KERNEL_INLINE V load_partial(const T* p, std::size_t k) const { return Tr::load_partial(p, k); }
  SIMDCONV_KERNEL_INLINE V fix(V v) const { return v; }
  // Last output index (exclusive) a run of full vectors may reach.
  std::size_t full_limit(std::size_t n) const { return n; }
};

// Stride 2: the L outputs at o read p[0], p[2], …, p[2L−2] with p = row + 2o + t·dilation; load the
// 2L values p[0 .. 2L) and keep the even ones. The odd last value p[2L−1] is not read by the formula,
// so the final full vector of a row (o + L = n) would over-read by one: full vectors stop at n − 1
// and the rest (1..L outputs) goes through the partial path.
template <class Tr>
struct EvenLoader {
  using T = typename Tr::T;
  using V = typename Tr::V;
  static constexpr std::size_t L = Tr::lanes;
  static constexpr std::size_t stride = 2;
  static constexpr std::size_t block = Tr::block;
  static constexpr bool slide = false;
  static constexpr int sym = 0;
  static constexpr bool overlap_tail = false;
  SIMDCONV_KERNEL_INLINE V load(const T* p) const { return Tr::even(Tr::loadu(p), Tr::loadu(p + L)); }
  SIMDCONV_KERNEL_INLINE V load_partial(const T* p, std::size_t k) const {
    const std::size_t m = 2 * k - 1;  // values p[0 .. 2k−1) hold the k kept ones
    return Tr::even(Tr::load_partial(p, m < L ? m : L), Tr::load_partial(p + L, m > L ? m - L : 0));
  }
  SIMDCONV_KERNEL_INLINE V fix(V v) const { return Tr::even_fix(v); }
  std::size_t full_limit(std::size_t n) const { return n - 1; }
};

// Stride 1, dilation 1, sliding (see the top of the file). A block reads up to L − 1 values past
// what its last tap needs (the unused top of X[B] in the last tap group), so sliding blocks stop
// where that would pass the row's end; run() finishes the row with ContigLoader blocks.
template <class Tr>
struct SlideLoader : ContigLoader<Tr> {  // inherits the partial loads its tail vector uses
  static constexpr std::size_t L = Tr::lanes;
  static constexpr std::size_t block = Tr::slide_block;
  static constexpr bool slide = true;
  std::size_t taps;
  explicit SlideLoader(std::size_t t) : taps(t) {}
  // Blocks may cover outputs below this: o + span + (last group start) + L ≤ row length = n + taps − 1.
  std::size_t full_limit(std::size_t n) const {
    const std::size_t need = (taps - 1) / L * L + L;
    const std::size_t len = n + taps - 1;
    return len > need ? (len - need < n ? len - need : n) : 0;
  }
};

// Stride 1, dilation 1, sliding, for rows whose taps mirror: w[t] = Sign·w[K−1−t] in every row
// (Sign +1: Gaussian, box, [1 2 1]; −1: derivatives such as [−1 0 1]). Each pair of taps costs one
// add/sub (FADD pipes on Zen 4) and one FMA instead of two FMAs. Odd K's middle tap is one more FMA
// on a plain unaligned load: moving it off the shuffle pipes measured 10–25 % faster on Zen 4, while
// loading the pairs' far taps too was 20–30 % slower. It is kept with Sign −1, whose middle weight is
// 0, so that NaN or ∞ there still spreads as the formula says (0·∞ = NaN). Rounding differs from the
// two-FMA sum by one add per pair, well inside the dot-product error bound. Same loads (plus the
// middle) and row-end limit as SlideLoader: all pairs from one set of B + (K−1)/L + 1 vectors.
template <class Tr, int Sign>
struct SymLoader : SlideLoader<Tr> {
  static constexpr int sym = Sign;
  explicit SymLoader(std::size_t t) : SlideLoader<Tr>(t) {}
};

// The same mirrored-pair arithmetic as SymLoader from plain unaligned loads, which read nothing past
// the last tap of a vector: for the outputs a sliding block cannot reach (the aligned peel, the row's
// last vector). Every output is then computed by one formula wherever the row lies in memory, so
// results do not depend on buffer addresses (test/alignment.test.ts).
template <class Tr, int Sign>
struct SymContigLoader : ContigLoader<Tr> {
  static constexpr int sym = Sign;
};

// The loader for outputs a block of `Ld` cannot reach, computing them bit for bit as `Ld` would:
// plain loads for the sliding path (the in-register shift gives the very values loadu does).
template <class Tr, class Ld>
struct ContigOf {
  using type = ContigLoader<Tr>;
};
template <class Tr, int Sign>
struct ContigOf<Tr, SymLoader<Tr, Sign>> {
  using type = SymContigLoader<Tr, Sign>;
};

// 0 if rows' taps are not mirrored, else its Sign (+1 if both, i.e. every weight is zero: harmless).
template <class T>
int mirror_sign(const T* w, std::size_t nrows, std::size_t taps) {
  bool sym = true, anti = true;
  for (std::size_t r = 0; r < nrows && (sym || anti); r++) {
    const T* wr = w + r * taps;
    for (std::size_t t = 0; t < taps / 2; t++) {
      sym = sym && wr[t] == wr[taps - 1 - t];
      anti = anti && wr[t] == -wr[taps - 1 - t];
    }
    if (taps % 2 == 1) anti = anti && wr[taps / 2] == 0;
  }
  return sym ? 1 : anti ? -1 : 0;
}

// The arguments of one call, bundled so the block functions stay readable.
template <class T>
struct Args {
  const T* const* rows;
  const T* w;
  std::size_t nrows, taps, dilation;
  T* dst;
  std::size_t offset;  // added to every row pointer: lets a chunk of a row run as a call of its own
};

// acc[b] += w · (the vector of inputs at q + b·step), for the B vectors of a block.
template <class Tr, std::size_t B, class Ld>
SIMDCONV_KERNEL_INLINE void one_tap(const Ld& ld, typename Tr::V (&acc)[B], typename Tr::T w,
                                    const typename Tr::T* q, std::size_t step) {
  const typename Tr::V wv = Tr::set1(w);
  SIMDCONV_UNROLL for (std::size_t b = 0; b < B; b++) acc[b] = Tr::fma(wv, ld.load(q + b * step), acc[b]);
}

// The taps S = 0 … count−1 (< L) of one group, from the B+1 register vectors x: S is a template
// argument because the in-register shift takes an immediate.
template <class Tr, std::size_t B, std::size_t S = 0>
SIMDCONV_KERNEL_INLINE void slide_taps(typename Tr::V (&acc)[B], const typename Tr::V (&x)[B + 1],
                                       const typename Tr::T* w, std::size_t count) {
  if constexpr (S < Tr::lanes) {
    if (S >= count) return;
    const typename Tr::V wv = Tr::set1(w[S]);
    SIMDCONV_UNROLL for (std::size_t b = 0; b < B; b++) acc[b] = Tr::fma(wv, Tr::template shift<S>(x[b], x[b + 1]), acc[b]);
    slide_taps<Tr, B, S + 1>(acc, x, w, count);
  }
}

// One group of up to L taps of one row: B+1 loads, then every tap from registers.
template <class Tr, std::size_t B>
SIMDCONV_KERNEL_INLINE void slide_group(typename Tr::V (&acc)[B], const typename Tr::T* p,
                                        const typename Tr::T* w, std::size_t count) {
  typename Tr::V x[B + 1];
  SIMDCONV_UNROLL for (std::size_t k = 0; k <= B; k++) x[k] = Tr::loadu_reg(p + k * Tr::lanes);
  slide_taps<Tr, B>(acc, x, w, count);
}

// Tap t of vector b, from the register vectors x[k] = p + k·L.
template <class Tr, std::size_t t, std::size_t N>
SIMDCONV_KERNEL_INLINE typename Tr::V tap_of(const typename Tr::V (&x)[N], std::size_t b) {
  constexpr std::size_t L = Tr::lanes;
  return Tr::template shift<static_cast<int>(t % L)>(x[b + t / L], x[b + t / L + 1]);
}

// The mirrored pairs (t, K−1−t), t = P … K/2−1, then the middle tap of odd K.
template <class Tr, std::size_t B, std::size_t K, int Sign, std::size_t N, std::size_t P = 0>
SIMDCONV_KERNEL_INLINE void sym_taps(typename Tr::V (&acc)[B], const typename Tr::V (&x)[N], const typename Tr::T* w,
                                     const typename Tr::T* p) {
  if constexpr (P < K / 2) {
    const typename Tr::V wv = Tr::set1(w[P]);
    SIMDCONV_UNROLL for (std::size_t b = 0; b < B; b++) {
      const typename Tr::V lo = tap_of<Tr, P>(x, b), hi = tap_of<Tr, K - 1 - P>(x, b);
      acc[b] = Tr::fma(wv, Sign > 0 ? Tr::add(lo, hi) : Tr::sub(lo, hi), acc[b]);
    }
    sym_taps<Tr, B, K, Sign, N, P + 1>(acc, x, w, p);
  } else if constexpr (K % 2 == 1) {  // with Sign −1 its weight is 0, but 0·∞ must still give NaN
    const typename Tr::V wv = Tr::set1(w[K / 2]);
    SIMDCONV_UNROLL for (std::size_t b = 0; b < B; b++) acc[b] = Tr::fma(wv, Tr::loadu(p + K / 2 + b * Tr::lanes), acc[b]);
  }
}

// sym_taps with the pairs' taps loaded, not shifted in registers (SymContigLoader): same operations.
template <class Tr, std::size_t B, std::size_t K, int Sign, std::size_t P = 0>
SIMDCONV_KERNEL_INLINE void sym_taps_loaded(typename Tr::V (&acc)[B], const typename Tr::T* w, const typename Tr::T* p) {
  constexpr std::size_t L = Tr::lanes;
  if constexpr (P < K / 2) {
    const typename Tr::V wv = Tr::set1(w[P]);
    SIMDCONV_UNROLL for (std::size_t b = 0; b < B; b++) {
      const typename Tr::V lo = Tr::loadu(p + P + b * L), hi = Tr::loadu(p + K - 1 - P + b * L);
      acc[b] = Tr::fma(wv, Sign > 0 ? Tr::add(lo, hi) : Tr::sub(lo, hi), acc[b]);
    }
    sym_taps_loaded<Tr, B, K, Sign, P + 1>(acc, w, p);
  } else if constexpr (K % 2 == 1) {
    const typename Tr::V wv = Tr::set1(w[K / 2]);
    SIMDCONV_UNROLL for (std::size_t b = 0; b < B; b++) acc[b] = Tr::fma(wv, Tr::loadu(p + K / 2 + b * L), acc[b]);
  }
}

// One block of B full vectors of outputs starting at output o. K (taps) and D (dilation) are
// compile-time when non-zero, so the common small kernels unroll completely.
template <class Tr, std::size_t B, std::size_t K, std::size_t D, class Ld>
SIMDCONV_KERNEL_INLINE void block(const Ld& ld, const Args<typename Tr::T>& a, std::size_t o) {
  using T = typename Tr::T;
  constexpr std::size_t L = Tr::lanes;
  const std::size_t taps = K ? K : a.taps;
  const std::size_t dil = D ? D : a.dilation;
  const std::size_t step = L * ld.stride;  // input distance between consecutive vectors of outputs
  typename Tr::V acc[B];  // B independent FMA chains
  SIMDCONV_UNROLL for (std::size_t b = 0; b < B; b++) acc[b] = Tr::zero();
  for (std::size_t r = 0; r < a.nrows; r++) {
    const T* p = a.rows[r] + a.offset + o * ld.stride;
    const T* wr = a.w + r * taps;
    if constexpr (Ld::sym != 0 && !Ld::slide) {
      sym_taps_loaded<Tr, B, K, Ld::sym>(acc, wr, p);
    } else if constexpr (Ld::sym != 0) {
      static_assert(K >= 2, "mirrored taps need a compile-time row length");
      typename Tr::V x[B + (K - 1) / L + 1];
      SIMDCONV_UNROLL for (std::size_t k = 0; k < B + (K - 1) / L + 1; k++) x[k] = Tr::loadu_reg(p + k * L);
      sym_taps<Tr, B, K, Ld::sym>(acc, x, wr, p);
    } else if constexpr (Ld::slide && K != 0) {  // unrolled even at -O2 (else 7 taps on 4 lanes ran 40 % slower)
      SIMDCONV_UNROLL for (std::size_t t0 = 0; t0 < K; t0 += L) slide_group<Tr, B>(acc, p + t0, wr + t0, K - t0);
    } else if constexpr (Ld::slide) {
      for (std::size_t t0 = 0; t0 < taps; t0 += L) slide_group<Tr, B>(acc, p + t0, wr + t0, taps - t0);
    } else if constexpr (K != 0) {  // small fixed taps: unrolled, so the K broadcasts hoist per row
      SIMDCONV_UNROLL for (std::size_t t = 0; t < K; t++) one_tap<Tr, B>(ld, acc, wr[t], p + t * dil, step);
    } else {
      for (std::size_t t = 0; t < taps; t++) one_tap<Tr, B>(ld, acc, wr[t], p + t * dil, step);
    }
  }
  SIMDCONV_UNROLL for (std::size_t b = 0; b < B; b++) Tr::storeu(a.dst + o + b * L, ld.fix(acc[b]));
}

// k < lanes (or ≤ lanes for stride 2) outputs at o, through partial loads and a partial store.
template <class Tr, std::size_t K, std::size_t D, class Ld>
void tail(const Ld& ld, const Args<typename Tr::T>& a, std::size_t o, std::size_t k) {
  using T = typename Tr::T;
  using V = typename Tr::V;
  const std::size_t taps = K ? K : a.taps;
  const std::size_t dil = D ? D : a.dilation;
  V acc = Tr::zero();
  for (std::size_t r = 0; r < a.nrows; r++) {
    const T* p = a.rows[r] + a.offset + o * ld.stride;
    const T* wr = a.w + r * taps;
    for (std::size_t t = 0; t < taps; t++) acc = Tr::fma(Tr::set1(wr[t]), ld.load_partial(p + t * dil, k), acc);
  }
  Tr::store_partial(a.dst + o, ld.fix(acc), k);
}

// Blocks of B vectors while they fit below `limit`, then B/2, …, 1: a row whose length is not a
// multiple of B·lanes still runs with several independent accumulators for most of its remainder.
template <class Tr, std::size_t B, std::size_t K, std::size_t D, class Ld>
std::size_t full_blocks(const Ld& ld, const Args<typename Tr::T>& a, std::size_t o, std::size_t limit) {
  constexpr std::size_t span = B * Tr::lanes;
  for (; o + span <= limit; o += span) block<Tr, B, K, D>(ld, a, o);
  if constexpr (B > 1) {
    return full_blocks<Tr, B / 2, K, D>(ld, a, o, limit);
  } else {
    return o;
  }
}

// Outputs [0, n) from o0 on; outputs below o0 must already be written.
template <class Tr, std::size_t K, std::size_t D, class Ld>
void run(const Ld& ld, const Args<typename Tr::T>& a, std::size_t n, std::size_t o0 = 0) {
  constexpr std::size_t L = Tr::lanes;
  using Contig = typename ContigOf<Tr, Ld>::type;
  std::size_t o = full_blocks<Tr, Ld::block, K, D>(ld, a, o0, ld.full_limit(n));
  if constexpr (Ld::slide) o = full_blocks<Tr, 1, K, D>(Contig{}, a, o, n);  // ≤ 1 vector left
  if (o == n) return;
  if (Ld::overlap_tail && n >= L) {  // rewrites a few outputs with identical values
    if constexpr (Ld::slide) {
      block<Tr, 1, K, D>(Contig{}, a, n - L);
    } else {
      block<Tr, 1, K, D>(ld, a, n - L);
    }
  } else {
    tail<Tr, K, D>(ld, a, o, n - o);
  }
}

// Runs stride-1 outputs [0, n) so that the blocks' loads start on vector boundaries. A load that
// splits a cache line costs Zen 4 two (measured: the column pass runs 20–50 % faster aligned, the
// sliding path ~10 %). If rows[0] is not vector-aligned, one full vector at 0 is computed first and
// the blocks start at the first aligned output, rewriting a few outputs with identical values. Pays
// when the rows share one alignment (image rows, line buffers from one allocator); harmless if not.
template <class Tr, std::size_t K, std::size_t D, class Ld>
void run_aligned(const Ld& ld, const Args<typename Tr::T>& a, std::size_t n) {
  using T = typename Tr::T;
  constexpr std::size_t bytes = Tr::lanes * sizeof(T);
  const std::size_t mis = reinterpret_cast<std::uintptr_t>(a.rows[0] + a.offset) % bytes / sizeof(T);
  const std::size_t head = mis == 0 ? 0 : Tr::lanes - mis;
  if (head == 0 || n < head + Tr::lanes) return run<Tr, K, D>(ld, a, n);
  block<Tr, 1, K, D>(typename ContigOf<Tr, Ld>::type{}, a, 0);
  run<Tr, K, D>(ld, a, n, head);
}

// Mirrored taps (stride 1, dilation 1) for the row lengths compiled in; false: not handled here.
template <class Tr, int Sign>
bool sym_stride1(const Args<typename Tr::T>& a, std::size_t n) {
  const SymLoader<Tr, Sign> ld(a.taps);
  switch (a.taps) {
    case 2: run_aligned<Tr, 2, 1>(ld, a, n); return true;
    case 3: run_aligned<Tr, 3, 1>(ld, a, n); return true;
    case 4: run_aligned<Tr, 4, 1>(ld, a, n); return true;
    case 5: run_aligned<Tr, 5, 1>(ld, a, n); return true;
    case 6: run_aligned<Tr, 6, 1>(ld, a, n); return true;
    case 7: run_aligned<Tr, 7, 1>(ld, a, n); return true;
    case 8: run_aligned<Tr, 8, 1>(ld, a, n); return true;
    case 9: run_aligned<Tr, 9, 1>(ld, a, n); return true;
    case 11: run_aligned<Tr, 11, 1>(ld, a, n); return true;
    case 13: run_aligned<Tr, 13, 1>(ld, a, n); return true;
    case 15: run_aligned<Tr, 15, 1>(ld, a, n); return true;
    default: return false;
  }
}

// Stride 1, any taps and dilation: the hot path, specialised for the common small kernels.
template <class Tr>
void stride1(const Args<typename Tr::T>& a, std::size_t n) {
  const ContigLoader<Tr> ld;
  if (a.taps == 1) return run_aligned<Tr, 1, 1>(ld, a, n);  // the column pass: dilation never multiplies
  if (a.dilation == 1) {
    if (a.taps <= Tr::slide_max_taps) {
      const int sign = a.taps >= 2 ? mirror_sign(a.w, a.nrows, a.taps) : 0;
      if (sign > 0 && sym_stride1<Tr, 1>(a, n)) return;
      if (sign < 0 && sym_stride1<Tr, -1>(a, n)) return;
      const SlideLoader<Tr> sl(a.taps);
      switch (a.taps) {
        case 3: return run_aligned<Tr, 3, 1>(sl, a, n);
        case 5: return run_aligned<Tr, 5, 1>(sl, a, n);
        case 7: return run_aligned<Tr, 7, 1>(sl, a, n);
        default: return run_aligned<Tr, 0, 1>(sl, a, n);
      }
    }
    switch (a.taps) {
      case 3: return run_aligned<Tr, 3, 1>(ld, a, n);
      case 5: return run_aligned<Tr, 5, 1>(ld, a, n);
      case 7: return run_aligned<Tr, 7, 1>(ld, a, n);
      default: return run_aligned<Tr, 0, 1>(ld, a, n);
    }
  }
  run_aligned<Tr, 0, 0>(ld, a, n);
}

// Stride ≥ 3, small: compute the dense (stride-1) outputs o·s … in stack-sized chunks and keep every
// s-th. s× the arithmetic, but at stride-1 speed. The last dense output of a chunk is a kept one, so
// nothing is read beyond what the kept outputs read.
template <class Tr>
void strided_dense(const Args<typename Tr::T>& a, std::size_t stride, std::size_t n) {
  using T = typename Tr::T;
  constexpr std::size_t kDense = 32 * Tr::lanes;
  T buf[kDense];
  const std::size_t per_chunk = (kDense - 1) / stride + 1;  // so that (m − 1)·s + 1 ≤ kDense
  for (std::size_t o = 0; o < n; o += per_chunk) {
    const std::size_t m = n - o < per_chunk ? n - o : per_chunk;
    Args<T> sub = a;
    sub.offset = a.offset + o * stride;
    sub.dst = buf;
    stride1<Tr>(sub, (m - 1) * stride + 1);
    for (std::size_t i = 0; i < m; i++) a.dst[o + i] = buf[i * stride];
  }
}

// Larger strides: plain code, four outputs at a time (independent chains; GCC vectorizes the taps).
// Measured on Zen 4 (GFLOP/s, AVX-512 / AVX2 TU, 9-tap row): stride 12 f32 8.5 / 9.2 against 5.2 for
// hardware gathers and 6.3 for the scalar table; the dense path wins while stride·sizeof(T) ≤ 24
// (float32 stride 3: 17 against 9; float64 stride 5: 6.6 against 7.5).
template <class Tr>
void strided_plain(const Args<typename Tr::T>& a, std::size_t stride, std::size_t n) {
  using T = typename Tr::T;
  const std::size_t s = stride, d = a.dilation;
  std::size_t o = 0;
  for (; o + 4 <= n; o += 4) {
    T acc0 = 0, acc1 = 0, acc2 = 0, acc3 = 0;
    for (std::size_t r = 0; r < a.nrows; r++) {
      const T* p = a.rows[r] + a.offset + o * s;
      const T* wr = a.w + r * a.taps;
      for (std::size_t t = 0; t < a.taps; t++) {
        const T wt = wr[t];
        const T* q = p + t * d;
        acc0 += wt * q[0];
        acc1 += wt * q[s];
        acc2 += wt * q[2 * s];
        acc3 += wt * q[3 * s];
      }
    }
    a.dst[o] = acc0;
    a.dst[o + 1] = acc1;
    a.dst[o + 2] = acc2;
    a.dst[o + 3] = acc3;
  }
  for (; o < n; o++) {
    T acc = 0;
    for (std::size_t r = 0; r < a.nrows; r++) {
      const T* p = a.rows[r] + a.offset + o * s;
      const T* wr = a.w + r * a.taps;
      for (std::size_t t = 0; t < a.taps; t++) acc += wr[t] * p[t * d];
    }
    a.dst[o] = acc;
  }
}

// The entry point stored in the KernelTable. Chooses the path once per call (per row).
template <class Tr>
void correlate_rows(const typename Tr::T* const* rows, const typename Tr::T* w, std::size_t nrows,
                    std::size_t taps, std::size_t stride, std::size_t dilation, typename Tr::T* dst,
                    std::size_t n) {
  if (n == 0) return;
  if (nrows == 0 || taps == 0) {  // an empty sum; rows[0] may not even exist
    for (std::size_t o = 0; o < n; o++) dst[o] = 0;
    return;
  }
  const Args<typename Tr::T> a{rows, w, nrows, taps, dilation, dst, 0};
  if (stride == 1) return stride1<Tr>(a, n);
  if (stride == 2) return run<Tr, 0, 0>(EvenLoader<Tr>{}, a, n);
  if (stride * sizeof(typename Tr::T) <= 24) return strided_dense<Tr>(a, stride, n);
  strided_plain<Tr>(a, stride, n);
}

// SIMDCONV_KERNEL_INLINE and SIMDCONV_UNROLL stay defined for correlate_block.inl, which ends them.
