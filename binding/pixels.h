// image.fromPixels / toPixels' conversions on the native side: the same bits as the TypeScript loops
// in src/fallback/pixels.ts, split over the thread pool in bands.
#pragma once
#include <napi.h>

namespace simdconv {
namespace js {

/** levelsToFloat(src: Uint8Array | Uint8ClampedArray | Uint16Array, out: Float32Array, threads): out[i] = src[i] / 255 (or / 65535). */
void levels_to_float(const Napi::CallbackInfo& info);

/** floatToLevels(src: Float32Array | Float64Array, out: Uint8Array | Uint8ClampedArray, a, b, threads): Uint8ClampedArray's store of src[i]·a + b. */
void float_to_levels(const Napi::CallbackInfo& info);

/**
 * streamLimit(src, out, threads): reads every byte of src and writes every byte of out with
 * non-temporal stores, interleaved in proportion, in the bands the conversions use: the machine's
 * streaming limit for a conversion's byte volume, which `node bench/image.js` sets them against.
 * Not part of the library's API.
 */
void stream_limit(const Napi::CallbackInfo& info);

}  // namespace js
}  // namespace simdconv
