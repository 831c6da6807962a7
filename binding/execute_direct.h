// The general executor: runs any plan, with the same shape of work as src/fallback/execute.ts.
//
// The last axis is the "row" axis; the others are "leading" axes. For each output row, the leading
// maps pick the input rows the kernel touches (one per leading tap; −1 = the all-fill row). Each such
// row is copied once, through the last axis's map, into a padded line buffer, so the kernel reads
// buf[o·stride + t·dilation] with no border tests; consecutive output rows share all but one input
// row, so the buffers are kept in a small LRU cache. Complex data runs as real planes, exactly as the
// TypeScript executor does, so both backends add the same products in the same order.
#pragma once
#include <cstddef>

#include "kernels/kernels.h"
#include "plan.h"

namespace simdconv {

/**
 * Writes every element of `output`. The plan has passed parse_plan and the arrays hold
 * plan.input_length and plan.output_length elements. Uses up to `threads` threads (1 = this one only).
 * Throws std::bad_alloc when scratch memory cannot be had; never reads or writes out of bounds.
 */
template <class T>
void execute_direct(const Plan& plan, const T* input, T* output, const KernelTable& kernels, std::size_t threads);

}  // namespace simdconv
