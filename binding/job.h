// One execute call, read from its JS arguments into plain C++ data: what the sync entry point runs
// at once and the async worker runs on a libuv thread, where no JS value may be touched.
#pragma once
#include <napi.h>

#include <cstddef>
#include <string>

#include "kernels/kernels.h"
#include "plan.h"

namespace simdconv {

struct Job {
  Plan plan;
  bool f64;  // the arrays are Float64Array (else Float32Array)
  const void* input;
  void* output;
  std::size_t threads;
  const KernelTable* kernels;  // captured at parse time: setIsa never changes a running call
};

/**
 * Checks (plan, input, output, threads) at info[0…3]; throws Napi::TypeError / RangeError. The
 * pointers stay valid only while the caller keeps the two typed arrays alive.
 */
Job parse_job(const Napi::CallbackInfo& info);

/** Runs the job; never throws. Returns "" or the message of a JS Error saying what failed. */
std::string run_job(const Job& job) noexcept;

}  // namespace simdconv
