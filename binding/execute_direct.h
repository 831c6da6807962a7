// The general executor: runs any plan, with the same shape of work as src/fallback/execute.ts.
//
// The last axis is the "row" axis; the others are "leading" axes. For each output row, the leading
// maps pick the input rows the kernel touches (one per leading tap; −1 = the all-fill row). Outputs
// whose taps all fall inside the input read those rows in place; the border outputs read padded line
// buffers (the row's border samples resolved through the last axis's map), kept in a small LRU cache
// because consecutive output rows share all but one input row. A factored (rank-1) plan caches each
// input row already filtered along the row axis and combines cached rows with the lead factor.
// Complex data runs as real planes, exactly as the TypeScript executor does. Output rows are split
// into bands (columns for 1-D signals) over the thread pool.
#pragma once
#include <cstddef>

#include "kernels/kernels.h"
#include "plan.h"
#include "trace.h"

namespace simdconv {

/**
 * Writes every element of `output`. The plan has passed parse_plan and the arrays hold
 * plan.input_length and plan.output_length elements. Uses up to `threads` threads (1 = this one only).
 * Throws std::bad_alloc when scratch memory cannot be had; never reads or writes out of bounds.
 * `trace`, when not null, is filled with the paths taken.
 */
template <class T>
void execute_direct(const Plan& plan, const T* input, T* output, const KernelTable& kernels, std::size_t threads,
                    Trace* trace = nullptr);

}  // namespace simdconv
