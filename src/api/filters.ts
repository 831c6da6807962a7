// scipy.ndimage's named filters: gaussian_filter, uniform_filter, sobel, prewitt, laplace.
// Each is a recipe of 1-D correlations run one after another, every pass an ndimage.correlate1d
// call (one plan, the same run()/runAsync() path as everything else; no second convolution). Running
// them in sequence is what SciPy does, and it matters: with mode 'constant' and a nonzero cval the
// second pass pads the *intermediate* result with cval (FORMAT.md ND12). The output keeps the
// input's shape and precision; `mode` may be one mode or one per axis, as in SciPy.

import { checkOut } from '../run';
import { rangeError, shapeError, typeError } from '../core/errors';
import { dtypeOf, MAX_ELEMENTS, toOperand, type ArrayInput, type FloatArray, type NDArray } from '../core/ndarray';
import { choice, finite, perAxis, perAxisNumber, readOptions } from '../core/options';
import { correlate, correlate1d, correlate1dAsync, correlateAsync, type Nd1dOptions, type NdOptions } from './ndimage';
import { ND_MODES, normaliseAxis, type NdMode } from './ndmodes';

interface FilterOptions {
  /** One boundary mode for every axis, or one per axis (default 'reflect'). */
  mode?: NdMode | readonly NdMode[];
  /** The value outside the input for 'constant' (default 0). */
  cval?: number;
  /** Written in place and returned: a Float32Array/Float64Array of the result's precision and length. */
  out?: Float32Array | Float64Array;
}
export interface GaussianFilterOptions extends FilterOptions {
  /** The kernel radius is int(truncate·σ + 0.5) samples (default 4). */
  truncate?: number;
}
export interface UniformFilterOptions extends FilterOptions {
  /** SciPy's shift of the window, per axis or for all: −(s//2) ≤ origin ≤ (s−1)//2. */
  origin?: number | readonly number[];
}
export interface GradientFilterOptions extends FilterOptions {
  /** The axis along which the derivative is taken (default −1, the last). */
  axis?: number;
}
export type LaplaceOptions = FilterOptions;

/** One correlate1d along `axis`. */
interface Pass {
  axis: number;
  weights: Float64Array;
  origin: number;
}

/** The result is the sum of the chains; the passes of a chain run one after another. */
interface Recipe {
  input: NDArray;
  chains: Pass[][];
  modes: NdMode[];
  cval: number;
  out: FloatArray | undefined;
  /**
   * The weights of every pass sum to 1 (gaussian, uniform): then two passes with one mode equal a
   * single correlation with their outer product, even with a nonzero cval, because a border row
   * filtered by the first pass is cval again (FORMAT.md ND12). That one plan is rank-1, so it runs
   * on the separable row/column engine with no intermediate image.
   */
  normalised: boolean;
}

/** One correlate1d (1-D weights) or one N-D ndimage.correlate (weights of the input's ndim). */
type Call = ['1d', NDArray, Float64Array, Nd1dOptions] | ['nd', NDArray, NDArray, NdOptions];

/** The outer product of two passes, as weights of the input's ndim. */
function fused(ndim: number, a: Pass, b: Pass): NDArray {
  const shape = new Array<number>(ndim).fill(1);
  shape[a.axis] = a.weights.length;
  shape[b.axis] = b.weights.length;
  const [first, second] = a.axis < b.axis ? [a, b] : [b, a];
  const data = new Float64Array(first.weights.length * second.weights.length);
  first.weights.forEach((u, i) => second.weights.forEach((v, j) => (data[i * second.weights.length + j] = u * v)));
  return { data, shape };
}

/** The filter as a sequence of correlate calls; the sync and async drivers below execute it. */
function* passes(r: Recipe): Generator<Call, NDArray, NDArray> {
  let total: NDArray | undefined;
  for (const chain of r.chains) {
    let y = r.input;
    const ndim = y.shape.length;
    if (r.normalised && chain.length === 2 && r.modes[chain[0].axis] === r.modes[chain[1].axis]) {
      const origin = new Array<number>(ndim).fill(0);
      for (const p of chain) origin[p.axis] = p.origin;
      // One call makes the whole result: it may write `out` directly unless `out` aliases the input.
      const into = r.chains.length === 1 && r.out !== undefined && r.out.buffer !== r.input.data.buffer ? r.out : undefined;
      y = yield ['nd', y, fused(ndim, chain[0], chain[1]), { mode: r.modes[chain[0].axis], cval: r.cval, origin, out: into }];
    } else {
      for (const p of chain) {
        y = yield ['1d', y, p.weights, { axis: p.axis, mode: r.modes[p.axis], cval: r.cval, origin: p.origin }];
      }
    }
    if (total === undefined) total = y === r.input ? copy(y) : y;
    else for (let i = 0; i < total.data.length; i++) total.data[i] += y.data[i];
  }
  const result = total ?? copy(r.input);
  if (r.out === undefined || result.data === r.out) return result;
  // Filling `out` at the end (not from the last pass) keeps an `out` that aliases the input correct.
  r.out.set(result.data);
  return { ...result, data: r.out };
}

function copy(x: NDArray): NDArray {
  return { ...x, data: x.data.slice() };
}

function drive(r: Recipe): NDArray {
  const g = passes(r);
  let step = g.next();
  while (!step.done) {
    const c = step.value;
    step = g.next(c[0] === '1d' ? correlate1d(c[1], c[2], c[3]) : correlate(c[1], c[2], c[3]));
  }
  return step.value;
}

async function driveAsync(r: Recipe): Promise<NDArray> {
  const g = passes(r);
  let step = g.next();
  while (!step.done) {
    const c = step.value;
    step = g.next(await (c[0] === '1d' ? correlate1dAsync(c[1], c[2], c[3]) : correlateAsync(c[1], c[2], c[3])));
  }
  return step.value;
}

// ---- validation shared by the filters --------------------------------------------------------

function modesOf(fn: string, value: unknown, ndim: number): NdMode[] {
  if (!Array.isArray(value)) return new Array<NdMode>(ndim).fill(choice(fn, 'mode', value, ND_MODES, 'reflect'));
  if (value.length !== ndim) throw rangeError(fn, 'mode', `a mode or an array of ${ndim} modes (one per axis)`, value);
  return value.map((m, i) => choice(fn, `mode[${i}]`, m, ND_MODES, 'reflect'));
}

/** The input and the options every filter shares; `keys` are the options this filter accepts. */
function common(fn: string, input: unknown, options: unknown, keys: string[]) {
  if (typeof options === 'string') throw typeError(fn, 'options', 'an options object', options); // no bare mode, unlike convolve
  const opts = readOptions(fn, options, keys);
  const op = toOperand(fn, 'input', input);
  const x: NDArray = op.complex ? { data: op.data, shape: op.shape, complex: true } : { data: op.data, shape: op.shape };
  const modes = modesOf(fn, opts.mode, x.shape.length);
  const cval = finite(fn, 'cval', opts.cval, 0);
  const out = opts.out === undefined ? undefined : checkOut(fn, opts.out, dtypeOf(x.data), x.data.length);
  return { opts, x, modes, cval, out, ndim: x.shape.length };
}

/** How an error names one axis of a per-axis argument: `size` when one value was given, `size[1]` otherwise. */
const label = (name: string, axis: number, given: unknown): string => (Array.isArray(given) ? `${name}[${axis}]` : name);

function checkTaps(fn: string, name: string, value: unknown, taps: number): void {
  if (taps > MAX_ELEMENTS) throw shapeError(fn, name, `small enough for a kernel of at most ${MAX_ELEMENTS} taps`, `${value}, which needs ${taps}`);
}

// ---- the filters -------------------------------------------------------------------------------

/** exp(−x²/(2σ²)) for x = −r…r, normalised to sum 1 (scipy's _gaussian_kernel1d, order 0). */
function gaussianWeights(sigma: number, radius: number): Float64Array {
  const w = new Float64Array(2 * radius + 1);
  const c = -0.5 / (sigma * sigma);
  let sum = 0;
  for (let i = 0; i < w.length; i++) sum += w[i] = Math.exp(c * (i - radius) ** 2);
  for (let i = 0; i < w.length; i++) w[i] /= sum;
  return w;
}

function gaussianRecipe(input: ArrayInput, sigma: number | readonly number[], options?: GaussianFilterOptions): Recipe {
  const fn = 'ndimage.gaussianFilter';
  const { opts, x, modes, cval, out, ndim } = common(fn, input, options, ['truncate', 'mode', 'cval', 'out']);
  const sigmas = perAxisNumber(fn, 'sigma', sigma, ndim, 0);
  const truncate = finite(fn, 'truncate', opts.truncate, 4);
  if (truncate < 0) throw rangeError(fn, 'truncate', 'a finite number ≥ 0', truncate);
  const chain: Pass[] = [];
  sigmas.forEach((s, axis) => {
    if (s <= 1e-15) return; // SciPy skips such axes: sigma 0 means "do not filter along this axis"
    const radius = Math.floor(truncate * s + 0.5);
    checkTaps(fn, label('sigma', axis, sigma), s, 2 * radius + 1);
    chain.push({ axis, weights: gaussianWeights(s, radius), origin: 0 });
  });
  return { input: x, chains: [chain], modes, cval, out, normalised: true };
}

function uniformRecipe(input: ArrayInput, size: number | readonly number[], options?: UniformFilterOptions): Recipe {
  const fn = 'ndimage.uniformFilter';
  const { opts, x, modes, cval, out, ndim } = common(fn, input, options, ['mode', 'cval', 'origin', 'out']);
  if (size === undefined) throw typeError(fn, 'size', `a positive integer or an array of ${ndim} positive integers`, size);
  const sizes = perAxis(fn, 'size', size, ndim, 1, 1);
  const origins = perAxis(fn, 'origin', opts.origin, ndim, 0);
  const chain: Pass[] = [];
  sizes.forEach((s, axis) => {
    if (s === 1) return; // the identity; SciPy skips it too, origin and all
    checkTaps(fn, label('size', axis, size), s, s);
    const o = origins[axis];
    if (o < -Math.floor(s / 2) || o > Math.floor((s - 1) / 2)) {
      throw rangeError(fn, label('origin', axis, opts.origin), `between ${-Math.floor(s / 2)} and ${Math.floor((s - 1) / 2)} for size ${s}`, o);
    }
    chain.push({ axis, weights: new Float64Array(s).fill(1 / s), origin: o });
  });
  return { input: x, chains: [chain], modes, cval, out, normalised: true };
}

/** The derivative [−1, 0, 1] along `axis`, then `smooth` along every other axis (FORMAT.md ND13). */
function gradientRecipe(fn: string, smooth: number[], input: ArrayInput, options?: GradientFilterOptions): Recipe {
  const { opts, x, modes, cval, out, ndim } = common(fn, input, options, ['axis', 'mode', 'cval', 'out']);
  const axis = normaliseAxis(fn, opts.axis, ndim);
  const chain: Pass[] = [{ axis, weights: Float64Array.of(-1, 0, 1), origin: 0 }];
  for (let a = 0; a < ndim; a++) if (a !== axis) chain.push({ axis: a, weights: Float64Array.from(smooth), origin: 0 });
  return { input: x, chains: [chain], modes, cval, out, normalised: false };
}

function laplaceRecipe(input: ArrayInput, options?: LaplaceOptions): Recipe {
  const { x, modes, cval, out, ndim } = common('ndimage.laplace', input, options, ['mode', 'cval', 'out']);
  const chains = Array.from({ length: ndim }, (_, axis) => [{ axis, weights: Float64Array.of(1, -2, 1), origin: 0 }]);
  return { input: x, chains, modes, cval, out, normalised: false };
}

const sobelRecipe = (input: ArrayInput, options?: GradientFilterOptions) => gradientRecipe('ndimage.sobel', [1, 2, 1], input, options);
const prewittRecipe = (input: ArrayInput, options?: GradientFilterOptions) => gradientRecipe('ndimage.prewitt', [1, 1, 1], input, options);

/**
 * scipy.ndimage.gaussian_filter: a 1-D Gaussian of standard deviation `sigma` (one value, or one per
 * axis; 0 skips the axis) along each axis in turn, radius int(truncate·σ + 0.5), weights summing to 1.
 */
export const gaussianFilter = (input: ArrayInput, sigma: number | readonly number[], options?: GaussianFilterOptions): NDArray =>
  drive(gaussianRecipe(input, sigma, options));
/**
 * scipy.ndimage.uniform_filter: the mean over a window of `size` samples per axis (one value or one
 * per axis). An even size covers [i − s//2, i + (s−1)//2]: the extra sample is on the left.
 */
export const uniformFilter = (input: ArrayInput, size: number | readonly number[], options?: UniformFilterOptions): NDArray =>
  drive(uniformRecipe(input, size, options));
/** scipy.ndimage.sobel: out[i] = x[i+1] − x[i−1] along `axis`, then smoothed by [1, 2, 1] along every other axis. */
export const sobel = (input: ArrayInput, options?: GradientFilterOptions): NDArray => drive(sobelRecipe(input, options));
/** scipy.ndimage.prewitt: as sobel, smoothed by [1, 1, 1] instead. */
export const prewitt = (input: ArrayInput, options?: GradientFilterOptions): NDArray => drive(prewittRecipe(input, options));
/** scipy.ndimage.laplace: the sum over the axes of the second difference [1, −2, 1]. */
export const laplace = (input: ArrayInput, options?: LaplaceOptions): NDArray => drive(laplaceRecipe(input, options));

// Async twins: each pass runs off the JavaScript thread on the native backend; a bad argument rejects.
export const gaussianFilterAsync = async (input: ArrayInput, sigma: number | readonly number[], options?: GaussianFilterOptions): Promise<NDArray> =>
  driveAsync(gaussianRecipe(input, sigma, options));
export const uniformFilterAsync = async (input: ArrayInput, size: number | readonly number[], options?: UniformFilterOptions): Promise<NDArray> =>
  driveAsync(uniformRecipe(input, size, options));
export const sobelAsync = async (input: ArrayInput, options?: GradientFilterOptions): Promise<NDArray> => driveAsync(sobelRecipe(input, options));
export const prewittAsync = async (input: ArrayInput, options?: GradientFilterOptions): Promise<NDArray> => driveAsync(prewittRecipe(input, options));
export const laplaceAsync = async (input: ArrayInput, options?: LaplaceOptions): Promise<NDArray> => driveAsync(laplaceRecipe(input, options));
