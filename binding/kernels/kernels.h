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

struct KernelTable {
  const char* isa;  // "scalar", "avx2", "avx512", "neon"
  CorrelateRowsFn<float> correlate_rows_f32;
  CorrelateRowsFn<double> correlate_rows_f64;
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
