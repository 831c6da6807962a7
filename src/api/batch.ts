// Sub-arrays along fixed axes: a batched call (fftconvolve with `axes`) runs one plan per index of
// the axes where both inputs vary, on the slices at that index, and writes each result back in place.

import type { FloatArray, Operand } from '../core/ndarray';

/**
 * The row-major flat indices, in row-major order, of the elements of an array of `shape` whose
 * axes `fixed[i]` are at `at[i]`.
 */
function positions(shape: readonly number[], fixed: readonly number[], at: readonly number[]): Int32Array {
  const sub = shape.map((n, ax) => (fixed.includes(ax) ? 1 : n));
  let total = 1;
  for (const n of sub) total *= n;
  const out = new Int32Array(total);
  const counter = new Array<number>(shape.length).fill(0);
  for (let p = 0; p < total; p++) {
    let flat = 0;
    for (let ax = 0; ax < shape.length; ax++) {
      const f = fixed.indexOf(ax);
      flat = flat * shape[ax] + (f >= 0 ? at[f] : counter[ax]);
    }
    out[p] = flat;
    for (let ax = shape.length - 1; ax >= 0; ax--) {
      if (++counter[ax] < sub[ax]) break;
      counter[ax] = 0;
    }
  }
  return out;
}

/** The slice of `op` at index at[i] of axis fixed[i] (those axes kept, of length 1). */
export function gather(op: Operand, fixed: readonly number[], at: readonly number[]): Operand {
  const step = op.complex ? 2 : 1;
  const pos = positions(op.shape, fixed, at);
  const data = op.data instanceof Float32Array ? new Float32Array(pos.length * step) : new Float64Array(pos.length * step);
  pos.forEach((q, p) => {
    data[p * step] = op.data[q * step];
    if (step === 2) data[p * step + 1] = op.data[q * step + 1];
  });
  return { ...op, data, shape: op.shape.map((n, ax) => (fixed.includes(ax) ? 1 : n)) };
}

/** Write `part` (the slice at at[i] of axes fixed[i]) into `whole`, an array of `shape`. */
export function scatter(part: FloatArray, whole: FloatArray, shape: readonly number[], complex: boolean, fixed: readonly number[], at: readonly number[]): void {
  const step = complex ? 2 : 1;
  positions(shape, fixed, at).forEach((q, p) => {
    whole[q * step] = part[p * step];
    if (complex) whole[q * step + 1] = part[p * step + 1];
  });
}
