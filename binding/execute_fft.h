// The FFT executor: runs any plan (method 'fft') by overlap-save, with the same semantics as the
// direct executor (execute_direct.h).
//
// A plan's formula, out[o] = Σ_t w[t]·ext[o·stride + t·dilation] with ext[q] = x̃(map[q]), is a
// correlation of the extended input ext with the dilated kernel (taps `dilation` apart, zeros
// between). Overlap-save cuts the stride-1 positions into tiles of V; a tile gathers ext over
// N = V + (extent − 1) positions (through the maps, so every mode and boundary is exact and shared
// with the direct path), multiplies its spectrum by the kernel's and transforms back; its first V
// positions are exact, and only the kept ones (every stride-th) are written.
//
// - Last two axes ("2-D"): N1 × N2 tiles sized for L2, forward transform, spectral product and
//   inverse per tile on one thread; tiles spread over the thread pool. Columns of a tile are the SIMD
//   lanes of the column pass; a transpose makes rows the lanes of the row pass.
// - One axis ("1-D"): blocks of the signal are the lanes: 16 blocks side by side, one column each.
// - Leading axes (ndim > 2): each leading tap's kernel slice has its own spectrum; a tile sums
//   slice × input-plane products in the frequency domain and transforms back once.
// - Real input and real weights: two tiles (or two batches of blocks) travel as the real and
//   imaginary parts of one complex transform; since the kernel is real, the two results come back as
//   the real and imaginary parts. When there is no second tile to pack (2-D with one column of tiles,
//   an even tile height N1), the column pass is the real-input transform (fft.h RealPlan) instead:
//   only bins 0 … N1/2 are transposed, run through the row pass, multiplied and transformed back.
//   Where both apply, the packing measured faster (the 65×80 template: about 20 % in float64), so it
//   stays. 1-D always packs. Complex data or weights: one complex tile per transform.
// Kernel spectra are computed in float64 (also for float32 data) and scaled by 1/N.
#pragma once
#include <cstddef>

#include "fft/fft.h"
#include "plan.h"

namespace simdconv {

/**
 * Whether the FFT path should run this plan: false when the dilated kernel's span needs tiles of more
 * than 2^20 points (a huge dilation), where the direct sum costs far less than such a transform; the
 * caller then runs execute_direct, with the same result (as src/fallback/execute_fft.ts does).
 */
bool fft_fits(const Plan& plan);

/**
 * Writes every element of `output`. Same contract as execute_direct (the plan has passed parse_plan;
 * the arrays hold plan.input_length and plan.output_length elements); `fft` is the ISA's transform.
 * Throws std::bad_alloc when scratch memory cannot be had; never reads or writes out of bounds.
 */
template <class T>
void execute_fft(const Plan& plan, const T* input, T* output, const fft::Table& fft, std::size_t threads);

}  // namespace simdconv
