// Our own FFT: batched complex transforms in split real/imaginary planes, where each SIMD lane is an
// independent transform.
//
// Layout ("columns"): `cols` transforms of length n at once; element k of transform c is at
// re[k·stride + c], im[k·stride + c]. A column of a row-major tile is one transform (stride = the
// tile's row pitch), and so is a block of a 1-D signal placed in one column. A butterfly then works on
// whole vectors of columns: loads, FMAs with broadcast twiddles, stores, never a shuffle.
//
// Algorithm: Stockham autosort, decimation in frequency, radix 4, 2, 3 and 5, so lengths are
// 2^a·3^b·5^c (next_fast_len picks one, like scipy.fft.next_fast_len). Each stage reads one buffer
// and writes the other in natural order, so no bit reversal is needed. Twiddles are computed in
// double with std::cos/sin of exact multiples (never by recurrence) and rounded once to float for
// float32. Transforms are unnormalised: inverse(forward(x)) = n·x.
//
// Real input (RealPlan below): the half-length complex trick with FFTW's n/2 + 1 layout; its split
// pass formula and twiddle convention are written out there, for src/fallback/fft.ts to follow.
// Transposes (TransposeFn): in registers, one lanes × lanes block at a time.
//
// The plan types are plain data, so the per-ISA translation units (binding/fft/<isa>.cc, which
// include passes.inl) need nothing but this header.
#pragma once
#include <cstddef>
#include <vector>

namespace simdconv {
namespace fft {

/** One Stockham pass: radix `radix`, `l1` transforms already combined, `ido` = n / (l1·radix). */
struct Stage {
  std::size_t radix, l1, ido;
  // Twiddle of output j ∈ [1, radix) at position i ∈ [0, ido): exp(−2πi·j·i·l1/n) at (j−1)·ido + i.
  const double* tw_re64;
  const double* tw_im64;
  const float* tw_re32;
  const float* tw_im32;
};

struct Plan {
  std::size_t n;
  std::size_t nstages;  // 0 when n = 1
  const Stage* stages;
};

/** The smallest 2^a·3^b·5^c ≥ n (n ≥ 1). */
std::size_t next_fast_len(std::size_t n);

/** Whether n (≥ 1) has no prime factor above 5. */
bool is_fast_len(std::size_t n);

/** The radices of length n's passes, in order (4s first, then 2, 3, 5); their count is the plan's nstages. */
std::vector<std::size_t> radices(std::size_t n);

/**
 * The plan for length n (a fast length), built on first use and cached for the life of the process
 * (thread-safe; there are only a few hundred fast lengths below 2^20, so the cache stays small).
 */
const Plan& plan_for(std::size_t n);

/**
 * The four-step split of length n = n1·n2, for transforms too long for L1: X[k1 + n1·k2] =
 * Σ_j2 ω_n2^(j2·k2) · ω_n^(j2·k1) · Σ_j1 ω_n1^(j1·k1) · x[j1·n2 + j2]. So a forward transform is
 *   1. for each j2, the n1-point transform of rows j2, n2 + j2, … (strided), in place: row k1·n2 + j2;
 *   2. for each k1, rows [k1·n2, k1·n2 + n2) (contiguous) times the twiddles tw[k1·n2 + j2], then their
 *      n2-point transform, in place,
 * and leaves X[k1 + n1·k2] at row k1·n2 + k2: the spectrum in "split order". A convolution does not
 * mind the order (the kernel's spectrum is put in the same one) and the inverse undoes it exactly:
 * the n2-point inverses of step 2, times the conjugate twiddles, then the n1-point inverses of step 1.
 * Each sub-transform's rows fit in L1, so the data cross L2 twice per transform instead of once per
 * pass, and a convolution can do step 2, the spectral product and the inverse's step 2 on one block of
 * rows while it is in L1.
 */
struct Split {
  std::size_t n, n1, n2;
  const Plan* p1;
  const Plan* p2;
  // tw[k1·n2 + j2] = exp(−2πi·j2·k1/n), in double and rounded once to float.
  const double* tw_re64;
  const double* tw_im64;
  const float* tw_re32;
  const float* tw_im32;
};

/** The split of length n (a fast length; n1 the divisor of n nearest √n from below), cached like plan_for. */
const Split& split_for(std::size_t n);

/**
 * The real-input transform of even length n = 2m by the half-length complex trick, giving FFTW's
 * n/2 + 1 layout. The same formulas run in src/fallback/fft.ts.
 *
 * Layout: the real columns of x are n rows at `stride` (plus two spare rows: n + 2 in all). Seen with
 * pitch 2·stride, row pair (2j, 2j + 1) is the complex sample z[j] = x[2j] + i·x[2j + 1], so the
 * packing costs no copy; after the forward transform, row pair (2k, 2k + 1) holds Re and Im of X[k],
 * k = 0 … m (m + 1 bins, as FFTW's r2c in place with its two rows of padding).
 *
 * Forward: Z = the m-point DFT of z, then the split pass, with Z[m] ≡ Z[0] and W = exp(−2πi/n):
 *   X[k] = A[k]·Z[k] + B[k]·conj(Z[m − k]),   A[k] = (1 − i·W^k)/2,   B[k] = (1 + i·W^k)/2,
 * for k = 0 … m, done for the pair (k, m − k) at once, in place (X[0] and X[m] both come from Z[0]).
 * Inverse (unnormalised like the complex one, so inverse(forward(x)) = n·x), for k = 0 … m − 1:
 *   Z[k] = 2·conj(A[k])·X[k] + 2·conj(B[k])·conj(X[m − k]),
 * then the m-point inverse DFT of Z, whose row pairs are the real output in natural order. A and B
 * are computed in double from W^k = cos(2πk/n) − i·sin(2πk/n) (k exact, never by recurrence) and
 * rounded once to float. X[0] and X[m] of real input are real; the inverse does not assume it.
 */
struct RealPlan {
  std::size_t n;       // even, n/2 a fast length
  const Plan* half;    // the m-point complex plan
  // A[k], B[k] for k = 0 … m.
  const double* a_re64;
  const double* a_im64;
  const double* b_re64;
  const double* b_im64;
  const float* a_re32;
  const float* a_im32;
  const float* b_re32;
  const float* b_im32;
};

/** The real plan of even length n (n/2 a fast length), cached like plan_for. */
const RealPlan& real_plan_for(std::size_t n);

/**
 * real(plan, x, scratch, stride, cols, inverse): the forward (inverse = false) or inverse real
 * transform of columns [0, cols) of x (n + 2 rows of `stride`, layout above), in place; scratch has
 * n rows of `stride`. cols is a multiple of kLanesOf<T> as for columns.
 */
template <class T>
using RealFn = void (*)(const RealPlan& plan, T* x, T* scratch, std::size_t stride, std::size_t cols, bool inverse);

/**
 * transpose(src, dst, rows, cols, sp, dp): dst[c·dp + r] = src[r·sp + c] for r < rows, c < cols,
 * in register blocks of the ISA's vector width, a scalar loop for the edges.
 */
template <class T>
using TransposeFn = void (*)(const T* src, T* dst, std::size_t rows, std::size_t cols, std::size_t sp, std::size_t dp);

template <class T>
using ColumnsFn = void (*)(const Plan& plan, T* re, T* im, T* scratch_re, T* scratch_im, std::size_t stride,
                           std::size_t cols, bool inverse);

/** columns without the final copy: returns true when the result is in the scratch planes (an odd number of passes). */
template <class T>
using AnywhereFn = bool (*)(const Plan& plan, T* re, T* im, T* scratch_re, T* scratch_im, std::size_t stride,
                            std::size_t cols, bool inverse);

/**
 * scale(re, im, wr, wi, rows, stride, cols, conj): row r of columns [0, cols) times wr[r] + i·wi[r]
 * (its conjugate when conj): the twiddles of a split, or a kernel spectrum applied to every lane.
 */
template <class T>
using ScaleFn = void (*)(T* re, T* im, const T* wr, const T* wi, std::size_t rows, std::size_t stride,
                         std::size_t cols, bool conj);

/**
 * One ISA's transform. columns(plan, re, im, scratch_re, scratch_im, stride, cols, inverse) transforms
 * columns [0, cols) in place; `cols` must be a multiple of kLanesOf<T> (extra columns are simply
 * transformed too) and the scratch planes must have the same layout (n rows of `stride`).
 * inverse uses exp(+2πi·…) and does not divide by n.
 */
struct Table {
  const char* isa;
  ColumnsFn<float> columns_f32;
  ColumnsFn<double> columns_f64;
  ScaleFn<float> scale_f32;
  ScaleFn<double> scale_f64;
  AnywhereFn<float> anywhere_f32;
  AnywhereFn<double> anywhere_f64;
  RealFn<float> real_f32;
  RealFn<double> real_f64;
  TransposeFn<float> transpose_f32;
  TransposeFn<double> transpose_f64;
};

/** Columns are processed in whole vectors of the widest ISA: AVX-512 holds 16 float32 or 8 float64. */
template <class T>
constexpr std::size_t kLanesOf = 64 / sizeof(T);
/** A multiple of kLanesOf<T> for both element types. */
constexpr std::size_t kColumnAlign = 16;

/** The table for ISA name `isa` ("scalar", "avx2", "avx512", "neon"); scalar when unknown. */
const Table& table_for(const char* isa);

}  // namespace fft

// One table per ISA translation unit (binding/fft/<isa>.cc). Reach them through fft::table_for with a
// name that kernels/select.h has already checked against the CPU.
namespace scalar {
const fft::Table& fft_table();
}
#if defined(__x86_64__) || defined(_M_X64)
namespace avx2 {
const fft::Table& fft_table();
}
namespace avx512 {
const fft::Table& fft_table();
}
#elif defined(__aarch64__) || defined(_M_ARM64)
namespace neon {
const fft::Table& fft_table();
}
#endif

}  // namespace simdconv
