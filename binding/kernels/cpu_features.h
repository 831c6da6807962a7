// What the running CPU *and operating system* let us execute. A CPU bit alone is not enough: the OS
// must also save the wider register state on context switches (XCR0, read with XGETBV), or the
// first AVX instruction faults. Detected once, on first use; safe from any thread.
#pragma once

namespace simdconv {

struct CpuFeatures {
  bool avx2 = false;    // AVX2 + FMA + OSXSAVE, and the OS saves XMM/YMM state
  bool avx512 = false;  // AVX-512 F/VL/BW/DQ on top of avx2, and the OS saves opmask/ZMM state
  bool neon = false;    // AArch64: baseline, always true there
};

const CpuFeatures& cpu_features();

}  // namespace simdconv
