// scipy.ndimage's convolve / correlate / convolve1d / correlate1d: the output has the input's shape
// and precision; the eight boundary modes and origin are SciPy's.

import { asyncTwin, run, type Lowered } from '../run';
import { rangeError, shapeError } from '../core/errors';
import { dtypeOf, toOperand, type ArrayInput, type NDArray, type Operand } from '../core/ndarray';
import { choice, finite, integer, perAxis, positional, readOptions } from '../core/options';
import { Border } from '../core/border';
import { alongAxis, axesOf, BORDER_OF_MODE, ND_MODES, normaliseAxis, type NdMode } from './ndmodes';
import type { AxisGeometry } from '../core/plan';

export type { NdMode } from './ndmodes';

export interface NdOptions {
  mode?: NdMode;
  cval?: number;
  /** SciPy's shift of the kernel centre, per axis or for all: −(s//2) ≤ origin ≤ (s−1)//2. */
  origin?: number | readonly number[];
  /**
   * SciPy ≥ 1.11: the axes the weights span (weights of ndim axes.length); the other axes are not mixed.
   * As in SciPy the weights' axes follow the input's order, and origin[i] belongs to axes[i].
   */
  axes?: readonly number[];
  out?: Float32Array | Float64Array;
}
export interface Nd1dOptions extends Omit<NdOptions, 'origin'> {
  axis?: number;
  origin?: number;
}

/**
 * The geometry of one ndimage axis. correlate: out[i] = Σ_j w[j]·x̃[i + j − s//2 − origin];
 * convolve (kernel reversed by the plan): out[i] = Σ_j w[s−1−j]·x̃[i + j − (s−1)//2 + origin].
 */
function axisGeometry(n: number, taps: number, origin: number, convolve: boolean, border: Border): AxisGeometry {
  const start = convolve ? origin - Math.floor((taps - 1) / 2) : -Math.floor(taps / 2) - origin;
  return { inLen: n, outLen: n, taps, stride: 1, dilation: 1, start, border };
}

function checkOrigin(fn: string, name: string, origin: number, taps: number): void {
  const lo = -Math.floor(taps / 2);
  const hi = Math.floor((taps - 1) / 2);
  if (origin < lo || origin > hi) {
    throw rangeError(fn, name, `between ${lo} and ${hi} for ${taps} weights (−(s//2) ≤ origin ≤ (s−1)//2)`, origin);
  }
}

/** Shared by the N-D and the 1-D forms once weights are laid out with the input's ndim. */
function lowerNd(fn: string, x: Operand, w: Operand, origins: number[], opts: Record<string, unknown>, convolve: boolean): Lowered {
  const mode = choice(fn, 'mode', opts.mode, ND_MODES, 'reflect');
  const cval = finite(fn, 'cval', opts.cval, 0);
  const border = BORDER_OF_MODE[mode];
  const geometry = x.shape.map((n, i) => axisGeometry(n, w.shape[i], origins[i], convolve, border));
  return {
    fn, input: x, kernel: w, geometry, flip: convolve, conj: !convolve, fill: cval,
    dtype: x.weak ? 'float64' : dtypeOf(x.data), shape: x.shape.slice(), out: opts.out,
  };
}

const ND_KEYS = ['mode', 'cval', 'origin', 'axes', 'out'];
const ONE_D_KEYS = ['axis', 'mode', 'cval', 'origin', 'out'];

function lowerN(fn: string, convolve: boolean, input: ArrayInput, weights: ArrayInput, options: unknown): Lowered {
  const opts = readOptions(fn, options, ND_KEYS);
  const x = toOperand(fn, 'input', input);
  let w = toOperand(fn, 'weights', weights);
  const ndim = x.shape.length;
  const axes = axesOf(fn, opts.axes, ndim);
  const like = opts.axes === undefined ? 'like input' : 'like axes';
  if (w.shape.length !== axes.length) throw shapeError(fn, 'weights', `${axes.length}-D ${like}`, `${w.shape.length}-D`);
  if (w.shape.some((d) => d === 0)) throw shapeError(fn, 'weights', 'non-empty', `shape [${w.shape.join(', ')}]`);
  let origins = perAxis(fn, 'origin', opts.origin, axes.length, 0);
  if (axes.length < ndim) {
    // SciPy inserts length-1 axes for the others (the weights keep their order) and places origin[i] on axes[i].
    const sorted = axes.slice().sort((a, b) => a - b);
    const shape = new Array<number>(ndim).fill(1);
    sorted.forEach((a, i) => (shape[a] = w.shape[i]));
    w = { ...w, shape };
    const full = new Array<number>(ndim).fill(0);
    axes.forEach((a, i) => (full[a] = origins[i]));
    origins = full;
  }
  origins.forEach((o, i) => checkOrigin(fn, ndim === 1 ? 'origin' : `origin[${i}]`, o, w.shape[i]));
  return lowerNd(fn, x, w, origins, opts, convolve);
}

function lower1(fn: string, convolve: boolean, input: ArrayInput, weights: ArrayInput, options: unknown): Lowered {
  const opts = readOptions(fn, options, ONE_D_KEYS);
  const x = toOperand(fn, 'input', input);
  const w = toOperand(fn, 'weights', weights);
  if (w.shape.length !== 1) throw shapeError(fn, 'weights', '1-D', `${w.shape.length}-D`);
  if (w.shape[0] === 0) throw shapeError(fn, 'weights', 'non-empty', 'an empty array');
  const axis = normaliseAxis(fn, opts.axis, x.shape.length);
  const origin = integer(fn, 'origin', opts.origin, 0);
  checkOrigin(fn, 'origin', origin, w.shape[0]);
  const origins = x.shape.map((_, i) => (i === axis ? origin : 0));
  return lowerNd(fn, x, alongAxis(w, x.shape.length, axis), origins, opts, convolve);
}

const lowerConvolve = (input: ArrayInput, weights: ArrayInput, opts?: NdOptions) => lowerN('ndimage.convolve', true, input, weights, opts);
const lowerCorrelate = (input: ArrayInput, weights: ArrayInput, opts?: NdOptions) => lowerN('ndimage.correlate', false, input, weights, opts);
// SciPy's correlate1d(input, weights, axis): the axis may come third, before or instead of the options.
const lowerConvolve1d = (input: ArrayInput, weights: ArrayInput, axis?: number | Nd1dOptions, opts?: Nd1dOptions) =>
  lower1('ndimage.convolve1d', true, input, weights, positional('ndimage.convolve1d', [axis, opts], ['axis']));
const lowerCorrelate1d = (input: ArrayInput, weights: ArrayInput, axis?: number | Nd1dOptions, opts?: Nd1dOptions) =>
  lower1('ndimage.correlate1d', false, input, weights, positional('ndimage.correlate1d', [axis, opts], ['axis']));

/** scipy.ndimage.convolve: weights of the input's ndim; output shape and precision of the input. */
export const convolve = (input: ArrayInput, weights: ArrayInput, opts?: NdOptions): NDArray => run(lowerConvolve(input, weights, opts));
/** scipy.ndimage.correlate: complex weights are conjugated. */
export const correlate = (input: ArrayInput, weights: ArrayInput, opts?: NdOptions): NDArray => run(lowerCorrelate(input, weights, opts));
/** scipy.ndimage.convolve1d along `axis` (default −1; as the third argument or an option). */
export const convolve1d = (input: ArrayInput, weights: ArrayInput, axis?: number | Nd1dOptions, opts?: Nd1dOptions): NDArray =>
  run(lowerConvolve1d(input, weights, axis, opts));
/** scipy.ndimage.correlate1d along `axis` (default −1; as the third argument or an option). */
export const correlate1d = (input: ArrayInput, weights: ArrayInput, axis?: number | Nd1dOptions, opts?: Nd1dOptions): NDArray =>
  run(lowerCorrelate1d(input, weights, axis, opts));
export const convolveAsync = asyncTwin(lowerConvolve);
export const correlateAsync = asyncTwin(lowerCorrelate);
export const convolve1dAsync = asyncTwin(lowerConvolve1d);
export const correlate1dAsync = asyncTwin(lowerCorrelate1d);
