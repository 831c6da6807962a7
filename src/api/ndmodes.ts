// The ndimage boundary modes and axis helpers shared by ndimage, its named filters and the CLI.
// Internal: the public `ndimage` namespace (src/api/ndimage.ts) exports functions and types only.

import { Border } from '../core/border';
import { rangeError } from '../core/errors';
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
