// The priority list of compiled kernel tables and the CPU test each one needs.
#include "select.h"

#include "cpu_features.h"

namespace simdconv {
namespace {

// The name is stored here, not read from table(): an unsupported ISA's TU is never entered, since
// even its table() is compiled with that ISA's flags.
struct Candidate {
  const char* isa;
  const KernelTable& (*table)();
  bool (*supported)(const CpuFeatures&);
};

// Best first. Zen 4 runs AVX-512 FMAs at the AVX2 rate, yet AVX-512 stays first: its one-instruction
// valignd makes the sliding path nearly free, where AVX2 must emulate it with two shuffles.
// scripts/test-kernels.sh --bench on Zen 4: 3×3…31×31 and 1-D rows 12–28 % faster (float32 ~77–82
// against 63–69 GFLOP/s, float64 ~40–42 against 33–36); column pass, stride 2: equal.
const Candidate kCandidates[] = {
#if defined(__x86_64__) || defined(_M_X64)
    {"avx512", &avx512::table, [](const CpuFeatures& f) { return f.avx512; }},
    {"avx2", &avx2::table, [](const CpuFeatures& f) { return f.avx2; }},
#elif defined(__aarch64__) || defined(_M_ARM64)
    {"neon", &neon::table, [](const CpuFeatures& f) { return f.neon; }},
#endif
    {"scalar", &scalar::table, [](const CpuFeatures&) { return true; }},
};

}  // namespace

const KernelTable& best_kernels() {
  static const KernelTable& best = []() -> const KernelTable& {
    for (const Candidate& c : kCandidates)
      if (c.supported(cpu_features())) return c.table();
    return scalar::table();
  }();
  return best;
}

const KernelTable* find_kernels(const std::string& isa) {
  for (const Candidate& c : kCandidates)
    if (isa == c.isa) return c.supported(cpu_features()) ? &c.table() : nullptr;
  return nullptr;
}

std::vector<std::string> available_isas() {
  std::vector<std::string> names;
  for (const Candidate& c : kCandidates)
    if (c.supported(cpu_features())) names.emplace_back(c.isa);
  return names;
}

}  // namespace simdconv
