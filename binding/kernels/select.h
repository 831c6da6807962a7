// Choosing a KernelTable. The list of compiled ISAs is priority-ordered (fastest first); the first
// one the CPU and OS support is "best". dispatch/ layers the SIMDCONV_ISA override on top of these.
#pragma once
#include <string>
#include <vector>

#include "kernels.h"

namespace simdconv {

// The fastest supported table; never null (scalar is always supported). Chosen once.
const KernelTable& best_kernels();

// The table named `isa` ("scalar", "avx2", "avx512", "neon"), or nullptr when that ISA is unknown,
// not compiled for this architecture, or not supported by this CPU/OS.
const KernelTable* find_kernels(const std::string& isa);

// Names of the supported tables, in priority order (best first, "scalar" last).
std::vector<std::string> available_isas();

}  // namespace simdconv
