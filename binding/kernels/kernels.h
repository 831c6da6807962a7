// The kernel contract: the one inner loop every execution path of the native backend is built from.
//
//   dst[o] = Σ_{r < nrows} Σ_{t < taps} w[r·taps + t] · rows[r][o·stride + t·dilation],   o ∈ [0, n)
//
// `rows` are padded line buffers (or direct pointers into the input where no border is touched):
// every index the formula reads is valid, so kernels know nothing of borders, modes or shapes.
// dst is overwritten, never read. A 2-D kernel passes its kh rows; a separable column pass passes kh
// rows with taps = 1; a 1-D row pass passes one row. Each ISA implements this in its own namespace
// (simdconv::scalar, simdconv::avx2, …) and exposes a KernelTable; dispatch/ picks one at load.
#pragma once
#include <cstddef>

namespace simdconv {

template <class T>
using CorrelateRowsFn = void (*)(const T* const* rows, const T* w, std::size_t nrows, std::size_t taps,
                                 std::size_t stride, std::size_t dilation, T* dst, std::size_t n);

// The blocked 2-D kernel: `nout` output rows in one pass, so that every input vector loaded serves
// each output row it touches (kh of them) instead of being loaded once per output row:
//
//   dst[j·pitch + o] = Σ_{r < kh, live bit r} Σ_{t < taps} w[r·taps + t] · rows[j + r][o + t·dilation],
//                                                                     j ∈ [0, nout), o ∈ [0, n)
//
// i.e. correlate_rows with stride 1 along both axes and dilation 1 along the rows, where consecutive
// output rows read consecutive entries of `rows` (nout + kh − 1 pointers; an entry no live row reads
// may be null).
// Rows of w whose bit in `live` is clear are skipped (all-zero rows: a NaN they alone read does not
// spread). Zero weights inside a live row are skipped only while the values they would multiply are
// finite, so 0·NaN = NaN and 0·∞ = NaN still hold; results are bit-identical to the full sum
// (acc starts at +0, so adding a ±0 product never changes it). `stream`: the output will not be read
// soon, store it with non-temporal stores where aligned. Returns false, writing nothing, when
// (kh, taps, dilation) is not one it was compiled for (kh 1 … 16, taps 3, 5 or 7, dilation 1 … 4):
// the caller uses correlate_rows.
template <class T>
using CorrelateBlockFn = bool (*)(const T* const* rows, const T* w, std::size_t kh, std::size_t taps,
                                  std::size_t dilation, unsigned live, T* dst, std::size_t pitch, std::size_t nout, std::size_t n,
                                  bool stream);

// The column pass of the fused separable path: `nout` output rows from filtered rows (already
// correlated along the row axis), each loaded vector serving every output row that reads it:
//
//   dst[j·pitch + o] = Σ_{r < kh, w[r] ≠ 0} w[r] · rows[j + r][o],   j ∈ [0, nout), o ∈ [0, n)
//
// summed over r ascending from +0 with one FMA each: the same bits as correlate_rows with these rows
// and taps = 1. Rows with a zero weight are not read (the separable path skips them: a NaN there does
// not spread); an entry of `rows` that only such rows are may be null. kh ≥ 1. `stream` as for
// correlate_block.
template <class T>
using CorrelateColsFn = void (*)(const T* const* rows, const T* w, std::size_t kh, T* dst, std::size_t pitch,
                                 std::size_t nout, std::size_t n, bool stream);

struct KernelTable {
  const char* isa;  // "scalar", "avx2", "avx512", "neon"
  CorrelateRowsFn<float> correlate_rows_f32;
  CorrelateRowsFn<double> correlate_rows_f64;
  CorrelateBlockFn<float> correlate_block_f32;    // null: not provided (scalar)
  CorrelateBlockFn<double> correlate_block_f64;
  CorrelateColsFn<float> correlate_cols_f32;      // null: not provided (scalar)
  CorrelateColsFn<double> correlate_cols_f64;
};

// One table per ISA translation unit. Only scalar is safe to call on any CPU: reach the others through
// select.h, which checks cpu_features() first.
namespace scalar {
const KernelTable& table();
}
#if defined(__x86_64__) || defined(_M_X64)
namespace avx2 {
const KernelTable& table();
}
namespace avx512 {
const KernelTable& table();
}
#elif defined(__aarch64__) || defined(_M_ARM64)
namespace neon {
const KernelTable& table();
}
#endif

}  // namespace simdconv
