// The ndimage boundary modes and axis helpers shared by ndimage, its named filters and the CLI.
// Internal: the public `ndimage` namespace (src/api/ndimage.ts) exports functions and types only.

import { Border } from '../core/border';
import { rangeError, typeError } from '../core/errors';
import type { Operand } from '../core/ndarray';
import { integer } from '../core/options';

export type NdMode = 'reflect' | 'constant' | 'nearest' | 'mirror' | 'wrap' | 'grid-wrap' | 'grid-constant' | 'grid-mirror';

export const ND_MODES: readonly NdMode[] = ['reflect', 'constant', 'nearest', 'mirror', 'wrap', 'grid-wrap', 'grid-constant', 'grid-mirror'];
/** For filtering, the grid-* names are exact synonyms (FORMAT.md ND5). */
export const BORDER_OF_MODE: Record<NdMode, Border> = {
  reflect: Border.Reflect, 'grid-mirror': Border.Reflect,
  constant: Border.Constant, 'grid-constant': Border.Constant,
  wrap: Border.Wrap, 'grid-wrap': Border.Wrap,
  nearest: Border.Nearest,
  mirror: Border.Mirror,
};

/** Normalise an axis argument (negative counts from the end) or throw RangeError. */
export function normaliseAxis(fn: string, value: unknown, ndim: number): number {
  const axis = integer(fn, 'axis', value, -1);
  if (axis < -ndim || axis >= ndim) throw rangeError(fn, 'axis', `in [${-ndim}, ${ndim - 1}] for a ${ndim}-D input`, axis);
  return axis < 0 ? axis + ndim : axis;
}

/** Weights along one axis of `x`: shape [1, …, s, …, 1] (same data). */
export function alongAxis(w: Operand, ndim: number, axis: number): Operand {
  const shape = new Array<number>(ndim).fill(1);
  shape[axis] = w.shape[0];
  return { ...w, shape };
}

/** Distinct axes of an ndim-D input (negative ones count from the end), or every axis when absent. */
export function axesOf(fn: string, value: unknown, ndim: number): number[] {
  if (value === undefined) return Array.from({ length: ndim }, (_, i) => i);
  if (!Array.isArray(value)) throw typeError(fn, 'axes', 'an array of axis numbers', value);
  const axes = value.map((a, i) => {
    const v = integer(fn, `axes[${i}]`, a, 0);
    if (v < -ndim || v >= ndim) throw rangeError(fn, `axes[${i}]`, `in [${-ndim}, ${ndim - 1}] for a ${ndim}-D input`, v);
    return v < 0 ? v + ndim : v;
  });
  if (new Set(axes).size !== axes.length) throw rangeError(fn, 'axes', 'distinct axes', value);
  return axes;
}
