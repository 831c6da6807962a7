// numpy.convolve and numpy.correlate: 1-D, with NumPy's argument swap, its 'same' length
// max(M, N), and its conjugation of v.

import { asyncTwin, run, type Lowered } from '../run';
import { rangeError, shapeError } from '../core/errors';
import { resultType, toOperand, type ArrayInput, type NDArray, type Operand } from '../core/ndarray';
import { choice } from '../core/options';
import { Border } from '../core/border';
import type { Mode } from './signal';

const MODES: readonly Mode[] = ['full', 'same', 'valid'];
/** NumPy's integer mode codes. */
const MODE_CODES: readonly Mode[] = ['valid', 'same', 'full'];
export type NumpyMode = Mode | 0 | 1 | 2;

/** numpy.convolve reads its arguments with ndmin=1: a number or 0-d array is a 1-element vector. */
function vector(fn: string, name: string, value: unknown, ndmin1: boolean): Operand {
  let op = toOperand(fn, name, value);
  if (ndmin1 && op.shape.length === 0) op = { ...op, shape: [1] };
  if (op.shape.length !== 1) throw shapeError(fn, name, '1-D', `${op.shape.length}-D shape [${op.shape.join(', ')}]`);
  if (op.shape[0] === 0) throw shapeError(fn, name, 'non-empty', 'an empty array');
  return op;
}

function modeCode(fn: string, value: number): Mode {
  if (!Number.isInteger(value) || value < 0 || value > 2) throw rangeError(fn, 'mode', "'full', 'same', 'valid' or NumPy's code 0, 1 or 2", value);
  return MODE_CODES[value];
}

function lower(fn: string, convolve: boolean, a: ArrayInput, v: ArrayInput, modeArg: unknown, fallback: Mode): Lowered {
  let x = vector(fn, 'a', a, convolve);
  let k = vector(fn, 'v', v, convolve);
  const mode = typeof modeArg === 'number' ? modeCode(fn, modeArg) : choice(fn, 'mode', modeArg, MODES, fallback);
  // Convolution commutes: slide the shorter array over the longer one, as NumPy does, so the work is
  // O(max·min). Correlation keeps its order; NumPy's swap-and-reverse is expressed by the 'same' start.
  if (convolve && k.shape[0] > x.shape[0]) [x, k] = [k, x];
  const N = x.shape[0];
  const M = k.shape[0];
  const m = Math.min(N, M);
  const mx = Math.max(N, M);
  let first: number; // index into the full result
  let count: number;
  if (mode === 'full') [first, count] = [0, N + M - 1];
  else if (mode === 'valid') [first, count] = [m - 1, mx - m + 1];
  else [first, count] = [convolve || N >= M ? Math.floor((m - 1) / 2) : Math.floor(m / 2), mx];
  return {
    fn, input: x, kernel: k, flip: convolve, conj: !convolve, fill: 0,
    geometry: [{ inLen: N, outLen: count, taps: M, stride: 1, dilation: 1, start: first - (M - 1), border: Border.Constant }],
    dtype: resultType(x, k), shape: [count], out: undefined,
  };
}

const lowerConvolve = (a: ArrayInput, v: ArrayInput, mode?: NumpyMode) => lower('numpy.convolve', true, a, v, mode, 'full');
const lowerCorrelate = (a: ArrayInput, v: ArrayInput, mode?: NumpyMode) => lower('numpy.correlate', false, a, v, mode, 'valid');

/** numpy.convolve(a, v, mode = 'full'); mode may be NumPy's code 0/1/2 (valid/same/full); a number is a 1-element a or v. */
export const convolve = (a: ArrayInput, v: ArrayInput, mode?: NumpyMode): NDArray => run(lowerConvolve(a, v, mode));
/** numpy.correlate(a, v, mode = 'valid'): c[k] = Σ a[n + k]·conj(v[n]); mode may be 0/1/2 as in NumPy. */
export const correlate = (a: ArrayInput, v: ArrayInput, mode?: NumpyMode): NDArray => run(lowerCorrelate(a, v, mode));
export const convolveAsync = asyncTwin(lowerConvolve);
export const correlateAsync = asyncTwin(lowerCorrelate);
