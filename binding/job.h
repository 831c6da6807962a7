// One execute call, read from its JS arguments into plain C++ data: what the sync entry point runs
// at once and the async worker runs on a libuv thread, where no JS value may be touched.
#pragma once
#include <napi.h>

#include <cstddef>
#include <string>

#include "kernels/kernels.h"
#include "plan.h"
#include "trace.h"

namespace simdconv {

struct Job {
  Plan plan;
  bool f64;  // the arrays are Float64Array (else Float32Array)
  const void* input;
  void* output;
  std::size_t input_bytes;
  std::size_t output_bytes;
  std::size_t threads;
  const KernelTable* kernels;  // captured at parse time: setIsa never changes a running call
};

/**
 * Checks (plan, input, output, threads) at info[0…3]; throws Napi::TypeError / RangeError. The
 * pointers stay valid only while the caller keeps the two typed arrays alive and attached. Arrays
 * over a SharedArrayBuffer are accepted: their memory is read through napi_get_typedarray_info,
 * which, unlike Napi::TypedArray::ArrayBuffer(), works for both kinds of buffer.
 */
Job parse_job(const Napi::CallbackInfo& info);

/** The data pointer and byte length of a typed array (ArrayBuffer- or SharedArrayBuffer-backed);
 *  false when Node-API cannot say (a value that is not a typed array, or a dying environment). */
bool typed_array_memory(napi_env env, napi_value array, void** data, std::size_t* bytes);

/** Runs the job; never throws. Returns "" or the message of a JS Error saying what failed.
 *  `trace`, when not null, receives the paths the executor took. */
std::string run_job(const Job& job, Trace* trace = nullptr) noexcept;

}  // namespace simdconv
