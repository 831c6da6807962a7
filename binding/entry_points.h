// The functions addon.cc exports, except executeAsync (async_worker.h). Argument order and meaning
// are those of NativeAddon in src/backend/native.ts.
#pragma once
#include <napi.h>

#include <string>

namespace simdconv {
namespace js {

/** execute(plan, input, output, threads, trace?): runs the plan now, on this thread plus pool
 *  threads. With trace === true it returns the line describing the paths taken (trace.h). */
Napi::Value execute(const Napi::CallbackInfo& info);

/** info() → { isa, isas, hardwareThreads, isaError }: the ISA running, those this CPU can run (best
 *  first), and why SIMDCONV_ISA could not be applied (null when it was, or is unset). */
Napi::Value info(const Napi::CallbackInfo& info);

/** setIsa(name): makes `name` the ISA for every later call, or throws an Error listing the choices. */
void set_isa(const Napi::CallbackInfo& info);

/**
 * streamCopy(input, output): copies input into output (typed arrays of the same byte length) on this
 * thread with non-temporal stores: the machine's streaming limit (read + write, no read-for-ownership)
 * that `npm run bench` sets the memory-bound 3×3 results against. Not part of the library's API.
 */
void stream_copy(const Napi::CallbackInfo& info);

/**
 * Applies SIMDCONV_ISA from the process environment, once per process, whichever environment (main
 * thread or worker) loads the addon first. A worker's `env` option changes only that worker's
 * process.env, never the C environment read here, so it cannot switch the ISA of other threads.
 * Returns "" or why the value cannot be used.
 */
const std::string& apply_isa_from_environment();

}  // namespace js
}  // namespace simdconv
