// The functions addon.cc exports, except executeAsync (async_worker.h). Argument order and meaning
// are those of NativeAddon in src/backend/native.ts.
#pragma once
#include <napi.h>

#include <string>

namespace simdconv {
namespace js {

/** execute(plan, input, output, threads): runs the plan now, on this thread plus pool threads. */
void execute(const Napi::CallbackInfo& info);

/** info() → { isa, isas, hardwareThreads, isaError }: the ISA running, those this CPU can run (best
 *  first), and why SIMDCONV_ISA could not be applied (null when it was, or is unset). */
Napi::Value info(const Napi::CallbackInfo& info);

/** setIsa(name): makes `name` the ISA for every later call, or throws an Error listing the choices. */
void set_isa(const Napi::CallbackInfo& info);

/**
 * Applies SIMDCONV_ISA from the process environment, once per process, whichever environment (main
 * thread or worker) loads the addon first. A worker's `env` option changes only that worker's
 * process.env, never the C environment read here, so it cannot switch the ISA of other threads.
 * Returns "" or why the value cannot be used.
 */
const std::string& apply_isa_from_environment();

}  // namespace js
}  // namespace simdconv
