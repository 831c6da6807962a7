// Portable reference implementation of the kernel contract in kernels.h; every other ISA is tested
// against it.
#include "../kernels.h"

namespace simdconv {
namespace scalar {
namespace {

template <class T>
void correlate_rows(const T* const* rows, const T* w, std::size_t nrows, std::size_t taps, std::size_t stride,
                    std::size_t dilation, T* dst, std::size_t n) {
  for (std::size_t o = 0; o < n; o++) {
    T acc = 0;
    const std::size_t base = o * stride;
    for (std::size_t r = 0; r < nrows; r++) {
      const T* row = rows[r] + base;
      const T* wr = w + r * taps;
      for (std::size_t t = 0; t < taps; t++) acc += wr[t] * row[t * dilation];
    }
    dst[o] = acc;
  }
}

}  // namespace

const KernelTable& table() {
  static const KernelTable t{"scalar", &correlate_rows<float>, &correlate_rows<double>, nullptr, nullptr, nullptr, nullptr};
  return t;
}

}  // namespace scalar
}  // namespace simdconv
