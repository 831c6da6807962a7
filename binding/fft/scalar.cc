// Portable FFT passes (one lane per vector); the reference every other ISA is tested against.
#include <cstddef>

#include "fft.h"

namespace simdconv {
namespace scalar {
namespace {

template <class E>
struct FftTraits {
  using T = E;
  using V = E;
  static constexpr std::size_t lanes = 1;
  static V zero() { return 0; }
  static V set1(T x) { return x; }
  static V loadu(const T* p) { return *p; }
  static void storeu(T* p, V v) { *p = v; }
  static V add(V a, V b) { return a + b; }
  static V sub(V a, V b) { return a - b; }
  static V mul(V a, V b) { return a * b; }
  static V fma(V a, V b, V c) { return a * b + c; }
  static void transpose_block(const T* s, std::size_t, T* d, std::size_t) { *d = *s; }
};

#include "passes.inl"

}  // namespace

const fft::Table& fft_table() {
  static const fft::Table t{"scalar", &fft_columns<FftTraits<float>>, &fft_columns<FftTraits<double>>,
                                &fft_scale<FftTraits<float>>, &fft_scale<FftTraits<double>>,
                                &fft_columns_anywhere<FftTraits<float>>, &fft_columns_anywhere<FftTraits<double>>,
                                &fft_real<FftTraits<float>>, &fft_real<FftTraits<double>>,
                                &fft_transpose<FftTraits<float>>, &fft_transpose<FftTraits<double>>};
  return t;
}

}  // namespace scalar
}  // namespace simdconv
