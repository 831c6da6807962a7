// The functions addon.cc exports, except executeAsync (async_worker.h). Argument order and meaning
// are those of NativeAddon in src/backend/native.ts.
#pragma once
#include <napi.h>

namespace simdconv {
namespace js {

/** execute(plan, input, output, threads): runs the plan now, on this thread plus pool threads. */
void execute(const Napi::CallbackInfo& info);

/** info() → { isa, isas, hardwareThreads }: the ISA running, those this CPU can run (best first). */
Napi::Value info(const Napi::CallbackInfo& info);

/** setIsa(name): makes `name` the ISA for every later call, or throws an Error listing the choices. */
void set_isa(const Napi::CallbackInfo& info);

}  // namespace js
}  // namespace simdconv
