// Every message the native layer throws, in the shape of src/core/errors.ts and prefixed so that a
// report shows the defence layer fired rather than the TypeScript validation:
//   simdconv native: plan.axes[0].map must be an Int32Array of length 12 (got Int32Array(11))
#pragma once
#include <napi.h>

#include <string>

namespace simdconv {

/** A short rendering of a JS value for messages; reads no properties, so it cannot run JS code. */
std::string describe(const Napi::Value& value);

/** `simdconv native: arg must be expected (got …)` as a TypeError: the value is of the wrong kind. */
[[noreturn]] void throw_type_error(Napi::Env env, const std::string& arg, const std::string& expected,
                                   const Napi::Value& got);

/** The same as a RangeError, where `got` is already a phrase (a value or a relation between values). */
[[noreturn]] void throw_range_error(Napi::Env env, const std::string& arg, const std::string& expected,
                                    const std::string& got);

}  // namespace simdconv
