// executeAsync: the same work as execute, on a libuv thread, settling a Promise.
#pragma once
#include <napi.h>

namespace simdconv {
namespace js {

/**
 * executeAsync(plan, input, output, threads) → Promise<void>. Arguments are checked on the JS
 * thread; a bad call returns a rejected Promise rather than throwing. The work runs on copies the
 * call owns; the result reaches `output` when the Promise settles, and the Promise rejects with a
 * TypeError instead when `output` was detached or resized meanwhile.
 */
Napi::Value execute_async(const Napi::CallbackInfo& info);

}  // namespace js
}  // namespace simdconv
