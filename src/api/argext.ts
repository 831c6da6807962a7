// argmax / argmin as index tuples: `np.unravel_index(np.argmax(a), a.shape)`, with NumPy's rules —
// the first occurrence wins, and a NaN is both the maximum and the minimum (the first NaN's index is
// returned). Complex values compare as NumPy compares them: by real part, then imaginary part; a
// value with a NaN in either part counts as NaN.

import { shapeError } from '../core/errors';
import { size, toOperand, type ArrayInput } from '../core/ndarray';

function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = flat % shape[i];
    flat = Math.floor(flat / shape[i]);
  }
  return idx;
}

/** Index of the first element that `better` prefers to every earlier one (NaN short-circuits). */
function argBest(fn: string, a: ArrayInput, better: (re: number, im: number, bestRe: number, bestIm: number) => boolean): number[] {
  const x = toOperand(fn, 'a', a);
  const n = size(x.shape);
  if (n === 0) throw shapeError(fn, 'a', 'non-empty', `an empty array of shape [${x.shape.join(', ')}]`);
  const d = x.data;
  const step = x.complex ? 2 : 1;
  let best = 0;
  for (let i = 0; i < n; i++) {
    const re = d[i * step];
    const im = x.complex ? d[i * step + 1] : 0;
    if (Number.isNaN(re) || Number.isNaN(im)) return unravel(i, x.shape);
    if (i > 0 && better(re, im, d[best * step], x.complex ? d[best * step + 1] : 0)) best = i;
  }
  return unravel(best, x.shape);
}

/** The index tuple of the largest element (first occurrence; the first NaN if any). */
export function argmax(a: ArrayInput): number[] {
  return argBest('argmax', a, (re, im, bre, bim) => re > bre || (re === bre && im > bim));
}

/** The index tuple of the smallest element (first occurrence; the first NaN if any). */
export function argmin(a: ArrayInput): number[] {
  return argBest('argmin', a, (re, im, bre, bim) => re < bre || (re === bre && im < bim));
}
