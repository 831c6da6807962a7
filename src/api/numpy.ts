// numpy.convolve and numpy.correlate: 1-D, with NumPy's argument swap, its 'same' length
// max(M, N), and its conjugation of v.

import { asyncTwin, run, type Lowered } from '../run';
import { shapeError } from '../core/errors';
import { resultType, toOperand, type ArrayInput, type NDArray, type Operand } from '../core/ndarray';
import { choice } from '../core/options';
import { Border } from '../core/border';
import type { Mode } from './signal';

const MODES: readonly Mode[] = ['full', 'same', 'valid'];

function vector(fn: string, name: string, value: unknown): Operand {
  const op = toOperand(fn, name, value);
  if (op.shape.length !== 1) throw shapeError(fn, name, '1-D', `${op.shape.length}-D shape [${op.shape.join(', ')}]`);
  if (op.shape[0] === 0) throw shapeError(fn, name, 'non-empty', 'an empty array');
  return op;
}

function lower(fn: string, convolve: boolean, a: ArrayInput, v: ArrayInput, modeArg: unknown, fallback: Mode): Lowered {
  let x = vector(fn, 'a', a);
  let k = vector(fn, 'v', v);
  const mode = choice(fn, 'mode', modeArg, MODES, fallback);
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

const lowerConvolve = (a: ArrayInput, v: ArrayInput, mode?: Mode) => lower('numpy.convolve', true, a, v, mode, 'full');
const lowerCorrelate = (a: ArrayInput, v: ArrayInput, mode?: Mode) => lower('numpy.correlate', false, a, v, mode, 'valid');

/** numpy.convolve(a, v, mode = 'full'). */
export const convolve = (a: ArrayInput, v: ArrayInput, mode?: Mode): NDArray => run(lowerConvolve(a, v, mode));
/** numpy.correlate(a, v, mode = 'valid'): c[k] = Σ a[n + k]·conj(v[n]). */
export const correlate = (a: ArrayInput, v: ArrayInput, mode?: Mode): NDArray => run(lowerCorrelate(a, v, mode));
export const convolveAsync = asyncTwin(lowerConvolve);
export const correlateAsync = asyncTwin(lowerCorrelate);
