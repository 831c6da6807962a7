// Large outputs are fresh, untouched memory: writing them costs one page fault per 4 KiB page
// (a 2048² float64 image: 8192 faults, more time than a 3×3 convolution of it). Asking the kernel
// for transparent huge pages on such a buffer cuts that 512-fold; numpy's allocator does the same
// for its arrays. Advice only: it never changes what the memory holds, and is a no-op elsewhere.
#pragma once
#include <cstddef>

namespace simdconv {

/** Advises huge pages for the 2 MiB-aligned part of [p, p + bytes) when it is large. */
void prefer_huge_pages(void* p, std::size_t bytes) noexcept;

}  // namespace simdconv
