// image.fromPixels / toPixels' conversions in TypeScript: what the js backend runs, and the
// definition the addon's binding/pixels.cc reproduces bit for bit. One loop per element type, each
// seeing a single array class (callers view a Buffer or Uint8ClampedArray input as a plain
// Uint8Array), so V8 keeps every access monomorphic.

import type { FloatArray } from '../core/ndarray';

/** out[i] = src[i] / 255 (or / 65535 for 16-bit): the division in double, rounded once by the float32 store. */
export function levelsToFloatJs(src: Uint8Array | Uint16Array, out: Float32Array): void {
  if (src instanceof Uint16Array) levels16(src, out);
  else levels8(src, out);
}
function levels8(src: Uint8Array, out: Float32Array): void {
  for (let i = 0; i < src.length; i++) out[i] = src[i] / 255;
}
function levels16(src: Uint16Array, out: Float32Array): void {
  for (let i = 0; i < src.length; i++) out[i] = src[i] / 65535;
}

/**
 * out[i] = src[i]·a + b through Uint8ClampedArray's store, which rounds half to even and saturates
 * (NaN → 0). Two loops so that the default (b = 0) does one multiplication a value.
 */
export function floatToLevelsJs(src: FloatArray, out: Uint8ClampedArray, a: number, b: number): void {
  if (b === 0) for (let i = 0; i < src.length; i++) out[i] = src[i] * a;
  else for (let i = 0; i < src.length; i++) out[i] = src[i] * a + b;
}
