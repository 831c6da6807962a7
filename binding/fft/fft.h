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

template <class T>
using ColumnsFn = void (*)(const Plan& plan, T* re, T* im, T* scratch_re, T* scratch_im, std::size_t stride,
                           std::size_t cols, bool inverse);

/**
 * One ISA's transform. columns(plan, re, im, scratch_re, scratch_im, stride, cols, inverse) transforms
 * columns [0, cols) in place; `cols` must be a multiple of kColumnAlign (extra columns are simply
 * transformed too) and the scratch planes must have the same layout (n rows of `stride`).
 * inverse uses exp(+2πi·…) and does not divide by n.
 */
struct Table {
  const char* isa;
  ColumnsFn<float> columns_f32;
  ColumnsFn<double> columns_f64;
};

/** Columns are processed in whole vectors of the widest ISA (AVX-512 float32: 16 lanes). */
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
