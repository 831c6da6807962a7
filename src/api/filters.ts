// scipy.ndimage's named filters: gaussian_filter, uniform_filter, sobel, prewitt, laplace.
// Each is a recipe of 1-D correlations run one after another, every pass an ndimage.correlate1d
// call (one plan, the same run()/runAsync() path as everything else; no second convolution). Running
// them in sequence is what SciPy does, and it matters: with mode 'constant' and a nonzero cval the
// second pass pads the *intermediate* result with cval (FORMAT.md ND12). The output keeps the
// input's shape and precision; `mode` may be one mode or one per axis, as in SciPy.

import { checkOut } from '../run';
import { rangeError, shapeError, typeError } from '../core/errors';
import { dtypeOf, MAX_KERNEL, toOperand, type ArrayInput, type FloatArray, type NDArray } from '../core/ndarray';
import { choice, finite, integer, perAxis, perAxisNumber, positional, readOptions } from '../core/options';
import { correlate, correlate1d, correlate1dAsync, correlateAsync, type Nd1dOptions, type NdOptions } from './ndimage';
import { axesOf, ND_MODES, normaliseAxis, type NdMode } from './ndmodes';

interface FilterOptions {
  /** One boundary mode for every axis, or one per axis (default 'reflect'). */
  mode?: NdMode | readonly NdMode[];
  /** The value outside the input for 'constant' (default 0). */
  cval?: number;
  /** Written in place and returned: a Float32Array/Float64Array of the result's precision and length. */
  out?: Float32Array | Float64Array;
}
/** SciPy ≥ 1.11's `axes`: the axes filtered (negative counts from the end); per-axis values follow its order. */
interface AxesOption {
  axes?: readonly number[];
}
export interface GaussianFilterOptions extends FilterOptions, AxesOption {
  /** Derivative order of the Gaussian, one for all axes or one per axis (default 0). */
  order?: number | readonly number[];
  /** The kernel radius is int(truncate·σ + 0.5) samples (default 4). */
  truncate?: number;
  /** The kernel radius in samples, overriding truncate; one or one per axis. */
  radius?: number | readonly number[];
}
export interface UniformFilterOptions extends FilterOptions, AxesOption {
  /** SciPy's shift of the window, per axis or for all: −(s//2) ≤ origin ≤ (s−1)//2. */
  origin?: number | readonly number[];
}
export interface GradientFilterOptions extends FilterOptions {
  /** The axis along which the derivative is taken (default −1, the last). */
  axis?: number;
}
export interface LaplaceOptions extends FilterOptions, AxesOption {}
/** gaussianLaplace / gaussianGradientMagnitude: mode per axis applies to that axis's derivative filter. */
export interface GaussianDerivativeOptions extends FilterOptions {
  truncate?: number;
  radius?: number | readonly number[];
}
interface Filter1dOptions extends Omit<FilterOptions, 'mode'> {
  /** The axis filtered (default −1, the last). */
  axis?: number;
  mode?: NdMode;
}
export interface GaussianFilter1dOptions extends Filter1dOptions {
  order?: number;
  truncate?: number;
  radius?: number;
}
export interface UniformFilter1dOptions extends Filter1dOptions {
  origin?: number;
}

/** One correlate1d along `axis`. */
interface Pass {
  axis: number;
  weights: Float64Array;
  origin: number;
  mode: NdMode;
  /**
   * The weights sum to 1 (a Gaussian of order 0, a box): then two such passes with one mode equal a
   * single correlation with their outer product, even with a nonzero cval, because a border row
   * filtered by the first pass is cval again (FORMAT.md ND12). That one plan is rank-1, so it runs
   * on the separable row/column engine with no intermediate image.
   */
  unitSum: boolean;
}

/** The passes of a chain run one after another; the chains' results are summed, or (magnitude) √Σ y². */
interface Recipe {
  /** The public function, named in errors from its passes (which are internal correlate calls). */
  fn: string;
  input: NDArray;
  chains: Pass[][];
  cval: number;
  out: FloatArray | undefined;
  magnitude: boolean;
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
    const [a, b] = chain;
    if (chain.length === 2 && a.unitSum && b.unitSum && a.mode === b.mode) {
      const origin = new Array<number>(ndim).fill(0);
      for (const p of chain) origin[p.axis] = p.origin;
      // One call makes the whole result: it writes `out` directly (run() copies an input `out` overlaps).
      const into = r.chains.length === 1 && !r.magnitude ? r.out : undefined;
      y = yield ['nd', y, fused(ndim, a, b), { mode: a.mode, cval: r.cval, origin, out: into }];
    } else {
      for (const p of chain) y = yield ['1d', y, p.weights, { axis: p.axis, mode: p.mode, cval: r.cval, origin: p.origin }];
    }
    if (y === r.input) y = copy(y);
    // Squares and sums are stored in the result's precision after each step, as SciPy's in-place ufuncs do.
    if (r.magnitude) for (let i = 0; i < y.data.length; i++) y.data[i] *= y.data[i];
    if (total === undefined) total = y;
    else for (let i = 0; i < total.data.length; i++) total.data[i] += y.data[i];
  }
  // No chains (a 0-d input): SciPy returns the input unchanged.
  const result = total ?? copy(r.input);
  if (r.magnitude && total) for (let i = 0; i < result.data.length; i++) result.data[i] = Math.sqrt(result.data[i]);
  if (r.out === undefined || result.data === r.out) return result;
  // Filling `out` at the end (not from the last pass) keeps an `out` that aliases the input correct.
  r.out.set(result.data);
  return { ...result, data: r.out };
}

function copy(x: NDArray): NDArray {
  return { ...x, data: x.data.slice() };
}

/** An error from a pass names the internal correlate call; the caller called r.fn. */
function renamed(r: Recipe, e: unknown): unknown {
  if (!(e instanceof TypeError || e instanceof RangeError)) return e;
  const m = /^ndimage\.correlate(1d)?: /.exec(e.message);
  if (!m) return e;
  const E = e instanceof TypeError ? TypeError : RangeError;
  return new E(`${r.fn}: ${e.message.slice(m[0].length)}`);
}

function drive(r: Recipe): NDArray {
  const g = passes(r);
  let step = g.next();
  try {
    while (!step.done) {
      const c = step.value;
      step = g.next(c[0] === '1d' ? correlate1d(c[1], c[2], c[3]) : correlate(c[1], c[2], c[3]));
    }
  } catch (e) {
    throw renamed(r, e);
  }
  return step.value;
}

async function driveAsync(r: Recipe): Promise<NDArray> {
  const g = passes(r);
  let step = g.next();
  try {
    while (!step.done) {
      const c = step.value;
      step = g.next(await (c[0] === '1d' ? correlate1dAsync(c[1], c[2], c[3]) : correlateAsync(c[1], c[2], c[3])));
    }
  } catch (e) {
    throw renamed(r, e);
  }
  return step.value;
}

// ---- validation shared by the filters --------------------------------------------------------

function modesOf(fn: string, value: unknown, count: number): NdMode[] {
  if (!Array.isArray(value)) return new Array<NdMode>(count).fill(choice(fn, 'mode', value, ND_MODES, 'reflect'));
  if (value.length !== count) throw rangeError(fn, 'mode', `a mode or an array of ${count} modes (one per axis)`, value);
  return value.map((m, i) => choice(fn, `mode[${i}]`, m, ND_MODES, 'reflect'));
}

/** The input and the options every filter shares; `keys` are the options this filter accepts. */
function common(fn: string, input: unknown, options: unknown, keys: string[]) {
  if (typeof options === 'string') throw typeError(fn, 'options', 'an options object', options); // no bare mode, unlike convolve
  const opts = readOptions(fn, options, keys);
  const op = toOperand(fn, 'input', input);
  const x: NDArray = op.complex ? { data: op.data, shape: op.shape, complex: true } : { data: op.data, shape: op.shape };
  const ndim = x.shape.length;
  const axes = axesOf(fn, opts.axes, ndim);
  const cval = finite(fn, 'cval', opts.cval, 0);
  const out = opts.out === undefined ? undefined : checkOut(fn, opts.out, dtypeOf(x.data), x.data.length);
  return { opts, x, axes, cval, out, ndim };
}

/** How an error names one axis of a per-axis argument: `size` when one value was given, `size[1]` otherwise. */
const label = (name: string, axis: number, given: unknown): string => (Array.isArray(given) ? `${name}[${axis}]` : name);

function checkTaps(fn: string, name: string, value: unknown, taps: number): void {
  if (taps > MAX_KERNEL) throw shapeError(fn, name, `small enough for a kernel of at most ${MAX_KERNEL} taps`, `${value}, which needs ${taps}`);
}

// ---- the filters -------------------------------------------------------------------------------

/**
 * The order-th derivative of the normalised Gaussian exp(−x²/(2σ²)) sampled at x = −r…r, reversed as
 * SciPy's gaussian_filter1d reverses it before correlating (so odd orders correlate with −G⁽ⁿ⁾(x)).
 * G⁽ⁿ⁾(x) = (−1/σ)ⁿ·Heₙ(x/σ)·G(x), with the Hermite polynomials evaluated pointwise by their recurrence
 * He_{k+1}(t) = t·He_k(t) − k·He_{k−1}(t): the same function as SciPy's, without expanding the polynomial
 * into coefficients, which cancel catastrophically at high orders. The normalisation (Σ G = 1) is order 0's.
 */
function gaussianWeights(sigma: number, order: number, radius: number): Float64Array {
  const w = new Float64Array(2 * radius + 1);
  const c = -0.5 / (sigma * sigma);
  let sum = 0;
  for (let i = 0; i < w.length; i++) sum += w[i] = Math.exp(c * (i - radius) ** 2);
  for (let i = 0; i < w.length; i++) w[i] /= sum;
  if (order === 0) return w;
  const scale = Math.pow(-1 / sigma, order);
  for (let i = 0; i < w.length; i++) {
    const t = (radius - i) / sigma; // reversed
    let [prev, he] = [1, t];
    for (let k = 1; k < order; k++) [prev, he] = [he, t * he - k * prev];
    w[i] *= scale * he;
  }
  return w;
}

/** One Gaussian pass; null when sigma is too small to filter (SciPy skips such axes). */
interface GaussianAxis {
  sigma: number;
  order: number;
  radius: number | undefined;
}

/** `name` names the sigma of this axis for errors, as the caller gave it. */
function gaussianPass(fn: string, g: GaussianAxis, truncate: number, axis: number, mode: NdMode, name: string): Pass {
  const radius = g.radius ?? Math.floor(truncate * g.sigma + 0.5);
  // Blame radius when given; truncate when sigma alone, at the default truncate, would make a kernel small enough.
  if (g.radius !== undefined) checkTaps(fn, name.replace('sigma', 'radius'), g.radius, 2 * radius + 1);
  else if (truncate > 4 && 2 * Math.floor(4 * g.sigma + 0.5) + 1 <= MAX_KERNEL) checkTaps(fn, 'truncate', truncate, 2 * radius + 1);
  else checkTaps(fn, name, g.sigma, 2 * radius + 1);
  return { axis, weights: gaussianWeights(g.sigma, g.order, radius), origin: 0, mode, unitSum: g.order === 0 };
}

/** sigma, order and radius for `count` axes, as gaussian_filter reads them. */
function gaussianParams(fn: string, sigma: unknown, opts: Record<string, unknown>, count: number) {
  const sigmas = perAxisNumber(fn, 'sigma', sigma, count, 0);
  const orders = perAxis(fn, 'order', opts.order, count, 0, 0);
  const radii = opts.radius === undefined ? new Array<undefined>(count).fill(undefined) : perAxis(fn, 'radius', opts.radius, count, 0, 0);
  const truncate = finite(fn, 'truncate', opts.truncate, 4);
  if (truncate < 0) throw rangeError(fn, 'truncate', 'a finite number ≥ 0', truncate);
  return { truncate, params: sigmas.map((s, i): GaussianAxis => ({ sigma: s, order: orders[i], radius: radii[i] })) };
}

/** gaussian_filter's passes: one per axis whose sigma exceeds 1e-15, in the order of `axes`. */
function gaussianChain(fn: string, sigma: unknown, params: GaussianAxis[], truncate: number, axes: number[], modes: NdMode[]): Pass[] {
  const chain: Pass[] = [];
  params.forEach((g, i) => {
    if (g.sigma > 1e-15) chain.push(gaussianPass(fn, g, truncate, axes[i], modes[i], label('sigma', i, sigma)));
  });
  return chain;
}

const GAUSSIAN_KEYS = ['order', 'truncate', 'radius', 'axes', 'mode', 'cval', 'out'];

function gaussianRecipe(input: ArrayInput, sigma: number | readonly number[], rest: unknown[]): Recipe {
  const fn = 'ndimage.gaussianFilter';
  const { opts, x, axes, cval, out } = common(fn, input, positional(fn, rest, ['order']), GAUSSIAN_KEYS);
  const { truncate, params } = gaussianParams(fn, sigma, opts, axes.length);
  const modes = modesOf(fn, opts.mode, axes.length);
  return { fn, input: x, chains: [gaussianChain(fn, sigma, params, truncate, axes, modes)], cval, out, magnitude: false };
}

/**
 * gaussian_laplace (order 2) and gaussian_gradient_magnitude (order 1): per axis a, gaussian_filter
 * with that derivative order on a and 0 elsewhere, every pass of it in mode[a]; summed, or √Σ y².
 */
function derivativeRecipe(fn: string, order: number, input: ArrayInput, sigma: number | readonly number[], options: unknown): Recipe {
  const { opts, x, cval, out, ndim } = common(fn, input, options, ['truncate', 'radius', 'mode', 'cval', 'out']);
  if (order === 1 && x.complex) throw typeError(fn, 'input', 'a real array', 'a complex array');
  const { truncate, params } = gaussianParams(fn, sigma, opts, ndim);
  const modes = modesOf(fn, opts.mode, ndim);
  const all = params.map((_, i) => i);
  const chains = all.map((a) => {
    const orders = params.map((g, i) => ({ ...g, order: i === a ? order : 0 }));
    return gaussianChain(fn, sigma, orders, truncate, all, new Array<NdMode>(ndim).fill(modes[a]));
  });
  return { fn, input: x, chains, cval, out, magnitude: order === 1 };
}

function gaussian1dRecipe(input: ArrayInput, sigma: number, rest: unknown[]): Recipe {
  const fn = 'ndimage.gaussianFilter1d';
  const { opts, x, cval, out, ndim } = common(fn, input, positional(fn, rest, ['axis', 'order']), ['axis', 'order', 'truncate', 'radius', 'mode', 'cval', 'out']);
  const axis = normaliseAxis(fn, opts.axis, ndim);
  const s = perAxisNumber(fn, 'sigma', sigma, 1, 0)[0];
  if (s === 0) throw rangeError(fn, 'sigma', 'a finite number > 0', s); // SciPy divides by zero
  const order = integer(fn, 'order', opts.order, 0, 0);
  const radius = opts.radius === undefined ? undefined : integer(fn, 'radius', opts.radius, 0, 0);
  const truncate = finite(fn, 'truncate', opts.truncate, 4);
  if (truncate < 0) throw rangeError(fn, 'truncate', 'a finite number ≥ 0', truncate);
  const mode = choice(fn, 'mode', opts.mode, ND_MODES, 'reflect');
  return { fn, input: x, chains: [[gaussianPass(fn, { sigma: s, order, radius }, truncate, axis, mode, 'sigma')]], cval, out, magnitude: false };
}

function boxPass(fn: string, size: number, origin: number, axis: number, mode: NdMode, sizeName: string, originName: string): Pass {
  checkTaps(fn, sizeName, size, size);
  if (origin < -Math.floor(size / 2) || origin > Math.floor((size - 1) / 2)) {
    throw rangeError(fn, originName, `between ${-Math.floor(size / 2)} and ${Math.floor((size - 1) / 2)} for size ${size}`, origin);
  }
  return { axis, weights: new Float64Array(size).fill(1 / size), origin, mode, unitSum: true };
}

function uniformRecipe(input: ArrayInput, size: unknown, options: unknown): Recipe {
  const fn = 'ndimage.uniformFilter';
  // uniformFilter(x) and uniformFilter(x, options) use SciPy's default size 3.
  if (options === undefined && size !== null && typeof size === 'object' && !Array.isArray(size)) [size, options] = [undefined, size];
  const { opts, x, axes, cval, out } = common(fn, input, options, ['axes', 'mode', 'cval', 'origin', 'out']);
  const n = axes.length;
  const sizes = perAxis(fn, 'size', size, n, 3, 0);
  const origins = perAxis(fn, 'origin', opts.origin, n, 0);
  const modes = modesOf(fn, opts.mode, n);
  const chain: Pass[] = [];
  sizes.forEach((s, i) => {
    // Sizes 0 and 1 leave the axis alone, origin and all, as in SciPy.
    if (s > 1) chain.push(boxPass(fn, s, origins[i], axes[i], modes[i], label('size', i, size), label('origin', i, opts.origin)));
  });
  return { fn, input: x, chains: [chain], cval, out, magnitude: false };
}

function uniform1dRecipe(input: ArrayInput, size: number, rest: unknown[]): Recipe {
  const fn = 'ndimage.uniformFilter1d';
  const { opts, x, cval, out, ndim } = common(fn, input, positional(fn, rest, ['axis']), ['axis', 'mode', 'cval', 'origin', 'out']);
  const axis = normaliseAxis(fn, opts.axis, ndim);
  if (size === undefined) throw typeError(fn, 'size', 'a positive integer', size);
  const s = integer(fn, 'size', size, 1, 1);
  const origin = integer(fn, 'origin', opts.origin, 0);
  const mode = choice(fn, 'mode', opts.mode, ND_MODES, 'reflect');
  const chain = s === 1 ? [] : [boxPass(fn, s, origin, axis, mode, 'size', 'origin')];
  if (s === 1 && origin !== 0) throw rangeError(fn, 'origin', 'between 0 and 0 for size 1', origin);
  return { fn, input: x, chains: [chain], cval, out, magnitude: false };
}

/** The derivative [−1, 0, 1] along `axis`, then `smooth` along every other axis (FORMAT.md ND13). */
function gradientRecipe(fn: string, smooth: number[], input: ArrayInput, rest: unknown[]): Recipe {
  const { opts, x, cval, out, ndim } = common(fn, input, positional(fn, rest, ['axis']), ['axis', 'mode', 'cval', 'out']);
  const axis = normaliseAxis(fn, opts.axis, ndim);
  const modes = modesOf(fn, opts.mode, ndim);
  const pass = (a: number, w: number[]): Pass => ({ axis: a, weights: Float64Array.from(w), origin: 0, mode: modes[a], unitSum: false });
  const chain: Pass[] = [pass(axis, [-1, 0, 1])];
  for (let a = 0; a < ndim; a++) if (a !== axis) chain.push(pass(a, smooth));
  return { fn, input: x, chains: [chain], cval, out, magnitude: false };
}

function laplaceRecipe(input: ArrayInput, options?: LaplaceOptions): Recipe {
  const fn = 'ndimage.laplace';
  const { opts, x, axes, cval, out } = common(fn, input, options, ['axes', 'mode', 'cval', 'out']);
  const modes = modesOf(fn, opts.mode, axes.length);
  const chains = axes.map((axis, i) => [{ axis, weights: Float64Array.of(1, -2, 1), origin: 0, mode: modes[i], unitSum: false }]);
  return { fn, input: x, chains, cval, out, magnitude: false };
}

type GradientArgs = [axisOrOptions?: number | GradientFilterOptions, options?: GradientFilterOptions];
type GaussianArgs = [orderOrOptions?: number | readonly number[] | GaussianFilterOptions, options?: GaussianFilterOptions];
type Gaussian1dArgs = [axisOrOptions?: number | GaussianFilter1dOptions, order?: number | GaussianFilter1dOptions, options?: GaussianFilter1dOptions];
type Uniform1dArgs = [axisOrOptions?: number | UniformFilter1dOptions, options?: UniformFilter1dOptions];

const sobelRecipe = (input: ArrayInput, rest: GradientArgs) => gradientRecipe('ndimage.sobel', [1, 2, 1], input, rest);
const prewittRecipe = (input: ArrayInput, rest: GradientArgs) => gradientRecipe('ndimage.prewitt', [1, 1, 1], input, rest);
const laplacianRecipe = (input: ArrayInput, sigma: number | readonly number[], options?: GaussianDerivativeOptions) =>
  derivativeRecipe('ndimage.gaussianLaplace', 2, input, sigma, options);
const magnitudeRecipe = (input: ArrayInput, sigma: number | readonly number[], options?: GaussianDerivativeOptions) =>
  derivativeRecipe('ndimage.gaussianGradientMagnitude', 1, input, sigma, options);

/**
 * scipy.ndimage.gaussian_filter: a 1-D Gaussian of standard deviation `sigma` (one value, or one per
 * axis; 0 skips the axis) along each axis in turn, radius int(truncate·σ + 0.5) unless `radius` is
 * given, weights summing to 1; `order` n takes the n-th derivative of the Gaussian along that axis.
 * The order may also be the third argument, as in SciPy: gaussianFilter(x, 2, [0, 1]).
 */
export const gaussianFilter = (input: ArrayInput, sigma: number | readonly number[], ...rest: GaussianArgs): NDArray =>
  drive(gaussianRecipe(input, sigma, rest));
/** scipy.ndimage.gaussian_filter1d(input, sigma, axis = −1, order = 0): one Gaussian pass along `axis`. */
export const gaussianFilter1d = (input: ArrayInput, sigma: number, ...rest: Gaussian1dArgs): NDArray =>
  drive(gaussian1dRecipe(input, sigma, rest));
/**
 * scipy.ndimage.uniform_filter: the mean over a window of `size` samples per axis (one value or one
 * per axis, default 3; 0 and 1 leave an axis alone). An even size covers [i − s//2, i + (s−1)//2].
 */
export function uniformFilter(input: ArrayInput, size?: number | readonly number[] | UniformFilterOptions, options?: UniformFilterOptions): NDArray {
  return drive(uniformRecipe(input, size, options));
}
/** scipy.ndimage.uniform_filter1d(input, size, axis = −1): the running mean along one axis. */
export const uniformFilter1d = (input: ArrayInput, size: number, ...rest: Uniform1dArgs): NDArray => drive(uniform1dRecipe(input, size, rest));
/** scipy.ndimage.sobel: out[i] = x[i+1] − x[i−1] along `axis`, then smoothed by [1, 2, 1] along every other axis. */
export const sobel = (input: ArrayInput, ...rest: GradientArgs): NDArray => drive(sobelRecipe(input, rest));
/** scipy.ndimage.prewitt: as sobel, smoothed by [1, 1, 1] instead. */
export const prewitt = (input: ArrayInput, ...rest: GradientArgs): NDArray => drive(prewittRecipe(input, rest));
/** scipy.ndimage.laplace: the sum over the axes (or `axes`) of the second difference [1, −2, 1]. */
export const laplace = (input: ArrayInput, options?: LaplaceOptions): NDArray => drive(laplaceRecipe(input, options));
/** scipy.ndimage.gaussian_laplace: Σ over the axes of the Gaussian's second derivative along that axis. */
export const gaussianLaplace = (input: ArrayInput, sigma: number | readonly number[], options?: GaussianDerivativeOptions): NDArray =>
  drive(laplacianRecipe(input, sigma, options));
/** scipy.ndimage.gaussian_gradient_magnitude: √(Σ over the axes of the squared Gaussian first derivative). */
export const gaussianGradientMagnitude = (input: ArrayInput, sigma: number | readonly number[], options?: GaussianDerivativeOptions): NDArray =>
  drive(magnitudeRecipe(input, sigma, options));

// Async twins: each pass runs off the JavaScript thread on the native backend; a bad argument rejects.
export const gaussianFilterAsync = async (input: ArrayInput, sigma: number | readonly number[], ...rest: GaussianArgs): Promise<NDArray> =>
  driveAsync(gaussianRecipe(input, sigma, rest));
export const gaussianFilter1dAsync = async (input: ArrayInput, sigma: number, ...rest: Gaussian1dArgs): Promise<NDArray> =>
  driveAsync(gaussian1dRecipe(input, sigma, rest));
export async function uniformFilterAsync(input: ArrayInput, size?: number | readonly number[] | UniformFilterOptions, options?: UniformFilterOptions): Promise<NDArray> {
  return driveAsync(uniformRecipe(input, size, options));
}
export const uniformFilter1dAsync = async (input: ArrayInput, size: number, ...rest: Uniform1dArgs): Promise<NDArray> =>
  driveAsync(uniform1dRecipe(input, size, rest));
export const sobelAsync = async (input: ArrayInput, ...rest: GradientArgs): Promise<NDArray> => driveAsync(sobelRecipe(input, rest));
export const prewittAsync = async (input: ArrayInput, ...rest: GradientArgs): Promise<NDArray> => driveAsync(prewittRecipe(input, rest));
export const laplaceAsync = async (input: ArrayInput, options?: LaplaceOptions): Promise<NDArray> => driveAsync(laplaceRecipe(input, options));
export const gaussianLaplaceAsync = async (input: ArrayInput, sigma: number | readonly number[], options?: GaussianDerivativeOptions): Promise<NDArray> =>
  driveAsync(laplacianRecipe(input, sigma, options));
export const gaussianGradientMagnitudeAsync = async (input: ArrayInput, sigma: number | readonly number[], options?: GaussianDerivativeOptions): Promise<NDArray> =>
  driveAsync(magnitudeRecipe(input, sigma, options));
