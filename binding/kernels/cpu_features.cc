// CPUID + XGETBV detection (x86-64) and the trivial AArch64 case. Compiled with baseline flags.
#include "cpu_features.h"

#include <cstdint>

#if defined(__x86_64__) || defined(_M_X64)
#if defined(_MSC_VER)
#include <intrin.h>
#else
#include <cpuid.h>
#endif
#endif

namespace simdconv {
namespace {

#if defined(__x86_64__) || defined(_M_X64)

struct Regs {
  std::uint32_t a = 0, b = 0, c = 0, d = 0;
};

Regs cpuid(std::uint32_t leaf, std::uint32_t sub) {
  Regs r;
#if defined(_MSC_VER)
  int v[4];
  __cpuidex(v, static_cast<int>(leaf), static_cast<int>(sub));
  r.a = static_cast<std::uint32_t>(v[0]);
  r.b = static_cast<std::uint32_t>(v[1]);
  r.c = static_cast<std::uint32_t>(v[2]);
  r.d = static_cast<std::uint32_t>(v[3]);
#else
  __cpuid_count(leaf, sub, r.a, r.b, r.c, r.d);
#endif
  return r;
}

// XCR0: which register states the OS saves. Only valid to execute when CPUID reports OSXSAVE. Inline
// asm rather than _xgetbv() so this baseline TU needs no -mxsave.
std::uint64_t xgetbv0() {
#if defined(_MSC_VER)
  return _xgetbv(0);
#else
  std::uint32_t lo = 0, hi = 0;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (static_cast<std::uint64_t>(hi) << 32) | lo;
#endif
}

constexpr bool bit(std::uint32_t reg, int n) { return (reg >> n) & 1u; }

CpuFeatures detect() {
  CpuFeatures f;
  const std::uint32_t max_leaf = cpuid(0, 0).a;
  if (max_leaf < 7) return f;
  const Regs l1 = cpuid(1, 0);
  const Regs l7 = cpuid(7, 0);
  const bool osxsave = bit(l1.c, 27), avx = bit(l1.c, 28), fma = bit(l1.c, 12);
  if (!osxsave || !avx) return f;
  const std::uint64_t xcr0 = xgetbv0();
  const bool os_ymm = (xcr0 & 0x6) == 0x6;     // bit 1 SSE (XMM), bit 2 AVX (upper YMM)
  const bool os_zmm = (xcr0 & 0xE6) == 0xE6;   // + bit 5 opmask, bit 6 ZMM0-15 upper, bit 7 ZMM16-31
  f.avx2 = os_ymm && fma && bit(l7.b, 5);
  const bool avx512 = bit(l7.b, 16) /* F */ && bit(l7.b, 17) /* DQ */ && bit(l7.b, 30) /* BW */ &&
                      bit(l7.b, 31) /* VL */;
  f.avx512 = f.avx2 && os_zmm && avx512;
  return f;
}

#elif defined(__aarch64__) || defined(_M_ARM64)

CpuFeatures detect() {
  CpuFeatures f;
  f.neon = true;  // Advanced SIMD with float64 lanes is mandatory in AArch64
  return f;
}

#else

CpuFeatures detect() { return CpuFeatures{}; }

#endif

}  // namespace

const CpuFeatures& cpu_features() {
  static const CpuFeatures f = detect();  // thread-safe one-time initialisation (C++11 statics)
  return f;
}

}  // namespace simdconv
