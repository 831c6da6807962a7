// scipy.signal's convolve / correlate / convolve2d / correlate2d / fftconvolve, with stride,
// dilation and padding as extensions. The result's size depends on the mode.

import { asyncTwin, checkOut, planOf, run, runAsync, type Lowered } from '../run';
import { rangeError, shapeError, typeError } from '../core/errors';
import { allocate, MAX_ELEMENTS, resultType, size, toOperand, type ArrayInput, type NDArray, type Operand } from '../core/ndarray';
import { choice, finite, integer, perAxis, readOptions } from '../core/options';
import { axesOf } from './ndmodes';
import { gather, scatter } from './batch';
import { Border } from '../core/border';
import type { AxisGeometry } from '../core/plan';

export type Mode = 'full' | 'same' | 'valid';
export type Boundary = 'fill' | 'wrap' | 'symm' | 'pad' | 'circular' | 'symmetric';
export type Method = 'auto' | 'direct' | 'fft';

export interface SignalOptions {
  mode?: Mode;
  method?: Method;
  /** Output sampled every s-th element along each axis, from index 0; only kept outputs are computed. */
  stride?: number | readonly number[];
  /** Kernel taps d apart (effective size d·(k−1)+1). */
  dilation?: number | readonly number[];
  /** Input extended by p on each side by the boundary rule before the mode applies. */
  padding?: number | readonly number[];
  out?: Float32Array | Float64Array;
}

export interface FftOptions extends Omit<SignalOptions, 'method'> {
  /**
   * The axes convolved (negative counts from the end; default all). Along the others the inputs are
   * broadcast as in NumPy, lengths equal or 1, as SciPy's fftconvolve/oaconvolve do.
   */
  axes?: number[];
}

export interface Signal2dOptions extends Omit<SignalOptions, 'method'> {
  boundary?: Boundary;
  fillvalue?: number;
}

const MODES: readonly Mode[] = ['full', 'same', 'valid'];
const METHODS: readonly Method[] = ['auto', 'direct', 'fft'];
const BOUNDARIES: readonly Boundary[] = ['fill', 'wrap', 'symm', 'pad', 'circular', 'symmetric'];
const BORDER_OF: Record<Boundary, Border> = {
  fill: Border.Constant, pad: Border.Constant,
  wrap: Border.Wrap, circular: Border.Wrap,
  symm: Border.Reflect, symmetric: Border.Reflect,
};

const ND_KEYS = ['mode', 'method', 'stride', 'dilation', 'padding', 'out'] as const;
const FFT_KEYS = ['mode', 'axes', 'stride', 'dilation', 'padding', 'out'] as const;
const TWO_D_KEYS = ['mode', 'boundary', 'fillvalue', 'stride', 'dilation', 'padding', 'out'] as const;

/** Which flavour of scipy.signal a call follows. */
interface Flavour {
  fn: string;
  /** convolution flips the kernel; correlation conjugates it. */
  convolve: boolean;
  /** correlate2d's 'same' starts at s//2 instead of (s−1)//2 (SciPy's quirk, FORMAT.md SIG2). */
  sameFromHalf: boolean;
  twoD: boolean;
  keys: readonly string[];
}

/** Whether a call uses simdconv's extensions (stride, dilation, padding), which SciPy does not have. */
const usesExtensions = (stride: number[], dilation: number[], padding: number[]): boolean =>
  stride.some((v) => v !== 1) || dilation.some((v) => v !== 1) || padding.some((v) => v !== 0);

/** Per-axis geometry of a scipy.signal call, in the coordinates of its 'full' result. */
function signalGeometry(
  f: Flavour, mode: Mode, n: number[], s: number[], stride: number[], dilation: number[], padding: number[], border: Border,
): AxisGeometry[] {
  const custom = usesExtensions(stride, dilation, padding);
  const ke = s.map((k, i) => dilation[i] * (k - 1) + 1);
  const np = n.map((len, i) => len + 2 * padding[i]);
  // 'valid' without extensions follows SciPy: the smaller input slides inside the larger, which may
  // be in2 (SIG4); with stride/dilation/padding the dilated kernel must fit in the padded input.
  let swapped = false;
  if (mode === 'valid') {
    if (custom) {
      const bad = np.findIndex((len, i) => len < ke[i]);
      if (bad >= 0) {
        throw shapeError(f.fn, 'in2', "no larger than the padded in1 along every axis in 'valid' mode with stride, dilation or padding",
          `dilated kernel ${ke[bad]} > padded input ${np[bad]} on axis ${bad}: output size floor((n + 2p − d·(k−1) − 1)/s) + 1 ≤ 0`);
      }
    } else if (!n.every((len, i) => len >= s[i])) {
      if (!n.every((len, i) => len <= s[i])) {
        throw shapeError(f.fn, 'in2', "no larger than in1 along every axis, or larger along every axis, in 'valid' mode",
          `in1 shape [${n.join(', ')}] and in2 shape [${s.join(', ')}]`);
      }
      swapped = true;
    }
  }
  return n.map((len, i) => {
    let first: number; // index into the full result of the mode's first output
    let count: number;
    if (mode === 'full') [first, count] = [0, np[i] + ke[i] - 1];
    else if (mode === 'same') [first, count] = [f.sameFromHalf ? Math.floor(ke[i] / 2) : Math.floor((ke[i] - 1) / 2), np[i]];
    else if (swapped) [first, count] = [len - 1, s[i] - len + 1];
    else [first, count] = [ke[i] - 1, np[i] - ke[i] + 1];
    return {
      inLen: len,
      outLen: Math.ceil(count / stride[i]),
      taps: s[i],
      stride: stride[i],
      dilation: dilation[i],
      // full[j] reads input positions j − (ke − 1) + t·d of the padded input, i.e. − p of the input
      start: first - (ke[i] - 1) - padding[i],
      // After SciPy's swap in1 is the sliding kernel: what lies beyond it is zero, whatever the boundary.
      border: swapped ? Border.Constant : border,
    };
  });
}

const isEmpty = (op: Operand): boolean => op.shape.some((d) => d === 0);

/**
 * Empty operands, as SciPy 1.10 treats them (each rule checked against it): fftconvolve returns an
 * empty 1-D array; convolve2d/correlate2d compute the mode's shape with the boundary 'fill' (an empty
 * in1 with 'wrap' or 'symm' has nothing to repeat; SciPy crashes there); N-D convolve/correlate
 * return an empty 'same' result for an empty in1 and a 'valid' one when an input dominates, 1-D ones
 * only the empty 'same' result (their other modes go through NumPy, which rejects empty input).
 */
function checkEmpty(f: Flavour, mode: Mode, method: Method, boundary: Boundary, a: Operand, k: Operand, extended: boolean): void {
  if (!isEmpty(a) && !isEmpty(k)) return;
  const { fn } = f;
  const which = isEmpty(a) ? 'in1' : 'in2';
  const got = `shape [${(isEmpty(a) ? a : k).shape.join(', ')}]`;
  // SciPy has no stride, dilation or padding, and an empty kernel has no dilated size.
  if (extended) throw shapeError(fn, which, 'non-empty with stride, dilation or padding', got);
  if (f.twoD) {
    if (isEmpty(a) && mode !== 'valid' && BORDER_OF[boundary] !== Border.Constant) throw shapeError(fn, 'in1', `non-empty with boundary '${boundary}'`, got);
    return;
  }
  if (method === 'fft') throw shapeError(fn, which, "non-empty with method 'fft'", got);
  const emptySame = mode === 'same' && isEmpty(a) && !isEmpty(k);
  if (emptySame || (mode === 'valid' && a.shape.length > 1)) return;
  const modes = a.shape.length > 1 ? "mode 'same' (empty in1) or 'valid'" : "mode 'same' (empty in1)";
  throw shapeError(fn, which, `non-empty, except in ${modes}`, got);
}

function lower(f: Flavour, in1: ArrayInput, in2: ArrayInput, options: unknown): Lowered {
  const { fn } = f;
  const opts = readOptions(fn, options, f.keys);
  const a = toOperand(fn, 'in1', in1);
  const k = toOperand(fn, 'in2', in2);
  const mode = choice(fn, 'mode', opts.mode, MODES, 'full');
  const method: Method = f.keys === FFT_KEYS ? 'fft' : f.twoD ? 'auto' : choice(fn, 'method', opts.method, METHODS, 'auto');
  const boundary = f.twoD ? choice(fn, 'boundary', opts.boundary, BOUNDARIES, 'fill') : 'fill';
  const fillvalue = f.twoD ? finite(fn, 'fillvalue', opts.fillvalue, 0) : 0;
  if (f.twoD) {
    if (a.shape.length !== 2) throw shapeError(fn, 'in1', '2-D', `${a.shape.length}-D`);
    if (k.shape.length !== 2) throw shapeError(fn, 'in2', '2-D', `${k.shape.length}-D`);
  } else if (a.shape.length !== k.shape.length) {
    throw shapeError(fn, 'in2', `${a.shape.length}-D like in1`, `${k.shape.length}-D`);
  }
  const nd = a.shape.length;
  const stride = perAxis(fn, 'stride', opts.stride, nd, 1, 1);
  const dilation = perAxis(fn, 'dilation', opts.dilation, nd, 1, 1);
  const padding = perAxis(fn, 'padding', opts.padding, nd, 0, 0);
  const extended = usesExtensions(stride, dilation, padding);
  if (f.keys === FFT_KEYS && !extended && (isEmpty(a) || isEmpty(k))) return emptyFft(fn, a, k, opts.out); // fftconvolve, oaconvolve
  if (f !== CHOOSE) checkEmpty(f, mode, method, boundary, a, k, extended); // choose_conv_method answers 'direct' for empty input
  const geometry = signalGeometry(f, mode, a.shape, k.shape, stride, dilation, padding, BORDER_OF[boundary]);
  // In 'valid' mode without padding nothing outside in1 belongs to the result, so the fill is 0
  // (SciPy ignores fillvalue there); SciPy's swap reads zeros beyond the shorter input.
  const fill = mode === 'valid' && padding.every((p) => p === 0) ? 0 : fillvalue;
  return {
    fn, input: a, kernel: k, geometry, flip: f.convolve, conj: !f.convolve, fill,
    dtype: resultType(a, k), shape: geometry.map((g) => g.outLen), out: opts.out,
    method,
  };
}

/** SciPy's fftconvolve and oaconvolve return `np.array([])` (float64, shape [0]) for any empty operand, before reading the mode. */
function emptyFft(fn: string, a: Operand, k: Operand, out: unknown): Lowered {
  const real = (op: Operand): Operand => ({ ...op, complex: false });
  return {
    fn, input: real(a), kernel: real(k), geometry: [], flip: true, conj: false, fill: 0,
    dtype: 'float64', shape: [0], out,
  };
}

// ---- `axes` on fftconvolve / oaconvolve ---------------------------------------------------------

/** A call that runs as several plans, one per index of the axes along which both inputs vary unconvolved. */
interface Batched {
  fn: string;
  calls: Lowered[];
  /** Those axes, and each call's index along them. */
  loop: number[];
  at: number[][];
  shape: number[];
  complex: boolean;
  dtype: Lowered['dtype'];
  out: unknown;
}
type Call = Lowered | Batched;

/**
 * SciPy's fftconvolve(in1, in2, mode, axes): the axes where either input has length 1 are not
 * convolved but broadcast (as SciPy drops them); along the other unconvolved axes the lengths must
 * match or one be 1. In 'valid' mode the inputs swap when in2 is the larger on every convolved axis.
 * Per axis that is one of: a convolved axis (the mode's geometry); in2 of length 1 (each input
 * line on its own: one tap); in1 of length 1 (the line of in2 scaled: a 'full', or in 'same' a
 * centred, convolution of length 1 with in2); both of length L (a different kernel per index: the
 * call becomes L plans, as a batch).
 */
function lowerWithAxes(f: Flavour, in1: ArrayInput, in2: ArrayInput, options: unknown): Call {
  const { fn } = f;
  const opts = readOptions(fn, options, f.keys);
  if (opts.axes === undefined) return lower(f, in1, in2, opts);
  for (const key of ['stride', 'dilation', 'padding']) {
    if (opts[key] !== undefined) throw typeError(fn, key, 'left out when axes is given (SciPy has no such option)', opts[key]);
  }
  let a = toOperand(fn, 'in1', in1);
  let k = toOperand(fn, 'in2', in2);
  const mode = choice(fn, 'mode', opts.mode, MODES, 'full');
  if (a.shape.length !== k.shape.length) throw shapeError(fn, 'in2', `${a.shape.length}-D like in1`, `${k.shape.length}-D`);
  const nd = a.shape.length;
  const axes = axesOf(fn, opts.axes, nd);
  if (axes.length === 0) throw rangeError(fn, 'axes', 'non-empty when given', opts.axes);
  if (isEmpty(a) || isEmpty(k)) return emptyFft(fn, a, k, opts.out);
  const conv = axes.filter((ax) => a.shape[ax] !== 1 && k.shape[ax] !== 1);
  for (let ax = 0; ax < nd; ax++) {
    const [n, m] = [a.shape[ax], k.shape[ax]];
    if (!conv.includes(ax) && n !== m && n !== 1 && m !== 1) {
      throw shapeError(fn, 'in2', `of in1's length or 1 along axis ${ax}, which is not convolved`, `length ${m} for ${n}`);
    }
  }
  if (mode === 'valid' && !conv.every((ax) => a.shape[ax] >= k.shape[ax])) {
    if (!conv.every((ax) => a.shape[ax] <= k.shape[ax])) {
      throw shapeError(fn, 'in2', "no larger than in1 along every convolved axis, or larger along every one, in 'valid' mode",
        `in1 shape [${a.shape.join(', ')}] and in2 shape [${k.shape.join(', ')}]`);
    }
    [a, k] = [k, a];
  }
  const along = (m: Mode, n: number, taps: number): AxisGeometry => signalGeometry(f, m, [n], [taps], [1], [1], [0], Border.Constant)[0];
  const one: AxisGeometry = { inLen: 1, outLen: 1, taps: 1, stride: 1, dilation: 1, start: 0, border: Border.Constant };
  const loop: number[] = [];
  const geometry = a.shape.map((n, ax): AxisGeometry => {
    const m = k.shape[ax];
    if (conv.includes(ax)) return along(mode, n, m);
    if (m === 1) return { ...one, inLen: n, outLen: n };
    if (n === 1) return along(mode === 'same' ? 'same' : 'full', 1, m);
    loop.push(ax);
    return one;
  });
  const base: Lowered = {
    fn, input: a, kernel: k, geometry, flip: f.convolve, conj: !f.convolve, fill: 0,
    dtype: resultType(a, k), shape: geometry.map((g) => g.outLen), out: opts.out, method: 'fft',
  };
  if (loop.length === 0) return base;
  const shape = base.shape.map((len, ax) => (loop.includes(ax) ? a.shape[ax] : len));
  const at: number[][] = [[]];
  for (const ax of loop) at.splice(0, at.length, ...at.flatMap((idx) => Array.from({ length: a.shape[ax] }, (_, j) => [...idx, j])));
  const calls = at.map((idx) => ({ ...base, input: gather(a, loop, idx), kernel: gather(k, loop, idx), out: undefined }));
  if (size(shape) > MAX_ELEMENTS) throw shapeError(fn, 'result', `at most ${MAX_ELEMENTS} values`, `shape [${shape.join(', ')}]`);
  return { fn, calls, loop, at, shape, complex: a.complex || k.complex, dtype: base.dtype, out: opts.out };
}

/** The results of a batch written into one array (the caller's `out` when given). */
function assemble(b: Batched, results: NDArray[]): NDArray {
  const length = size(b.shape) * (b.complex ? 2 : 1);
  const out = b.out === undefined ? allocate(b.dtype, length) : checkOut(b.fn, b.out, b.dtype, length);
  results.forEach((r, i) => scatter(r.data, out, b.shape, b.complex, b.loop, b.at[i]));
  return b.complex ? { data: out, shape: b.shape, complex: true } : { data: out, shape: b.shape };
}

function runCall(c: Call): NDArray {
  return 'calls' in c ? assemble(c, c.calls.map(run)) : run(c);
}

/** The async twin of a lowering that may batch: its plans run concurrently; bad arguments reject. */
function callAsync<A extends unknown[]>(lowerCall: (...args: A) => Call): (...args: A) => Promise<NDArray> {
  return async (...args: A) => {
    const c = lowerCall(...args);
    return 'calls' in c ? assemble(c, await Promise.all(c.calls.map(runAsync))) : runAsync(c);
  };
}

const CONVOLVE: Flavour = { fn: 'convolve', convolve: true, sameFromHalf: false, twoD: false, keys: ND_KEYS };
const CORRELATE: Flavour = { fn: 'correlate', convolve: false, sameFromHalf: false, twoD: false, keys: ND_KEYS };
const FFTCONVOLVE: Flavour = { fn: 'fftconvolve', convolve: true, sameFromHalf: false, twoD: false, keys: FFT_KEYS };
const OACONVOLVE: Flavour = { ...FFTCONVOLVE, fn: 'oaconvolve' };
const CHOOSE: Flavour = { fn: 'chooseMethod', convolve: true, sameFromHalf: false, twoD: false, keys: ['mode', 'stride', 'dilation', 'padding'] };
const CONVOLVE2D: Flavour = { fn: 'convolve2d', convolve: true, sameFromHalf: false, twoD: true, keys: TWO_D_KEYS };
const CORRELATE2D: Flavour = { fn: 'correlate2d', convolve: false, sameFromHalf: true, twoD: true, keys: TWO_D_KEYS };

export const lowerConvolve = (in1: ArrayInput, in2: ArrayInput, opts?: SignalOptions | Mode) => lower(CONVOLVE, in1, in2, opts);
export const lowerCorrelate = (in1: ArrayInput, in2: ArrayInput, opts?: SignalOptions | Mode) => lower(CORRELATE, in1, in2, opts);
const lowerFft = (in1: ArrayInput, in2: ArrayInput, opts?: FftOptions | Mode) => lowerWithAxes(FFTCONVOLVE, in1, in2, opts);
const lowerOa = (in1: ArrayInput, in2: ArrayInput, opts?: FftOptions | Mode) => lowerWithAxes(OACONVOLVE, in1, in2, opts);
const lowerConvolve2d = (in1: ArrayInput, in2: ArrayInput, opts?: Signal2dOptions | Mode) => lower(CONVOLVE2D, in1, in2, opts);
const lowerCorrelate2d = (in1: ArrayInput, in2: ArrayInput, opts?: Signal2dOptions | Mode) => lower(CORRELATE2D, in1, in2, opts);

/** scipy.signal.convolve: N-D convolution (in1 and in2 of the same ndim). */
export const convolve = (in1: ArrayInput, in2: ArrayInput, opts?: SignalOptions | Mode): NDArray => run(lowerConvolve(in1, in2, opts));
/** scipy.signal.correlate: N-D cross-correlation; a complex in2 is conjugated. */
export const correlate = (in1: ArrayInput, in2: ArrayInput, opts?: SignalOptions | Mode): NDArray => run(lowerCorrelate(in1, in2, opts));
/** scipy.signal.fftconvolve: convolve with method 'fft'. */
export const fftconvolve = (in1: ArrayInput, in2: ArrayInput, opts?: FftOptions | Mode): NDArray => runCall(lowerFft(in1, in2, opts));
/**
 * scipy.signal.oaconvolve: convolution by overlap-add. Here the FFT path is always overlap-save over
 * tiles sized to the kernel (the same arithmetic, and the same answers as fftconvolve).
 */
export const oaconvolve = (in1: ArrayInput, in2: ArrayInput, opts?: FftOptions | Mode): NDArray => runCall(lowerOa(in1, in2, opts));
/** scipy.signal.convolve2d, with boundary 'fill' | 'wrap' | 'symm' and fillvalue. */
export const convolve2d = (in1: ArrayInput, in2: ArrayInput, opts?: Signal2dOptions | Mode): NDArray => run(lowerConvolve2d(in1, in2, opts));
/** scipy.signal.correlate2d (including its 'same' centring for even kernels). */
export const correlate2d = (in1: ArrayInput, in2: ArrayInput, opts?: Signal2dOptions | Mode): NDArray => run(lowerCorrelate2d(in1, in2, opts));

export const convolveAsync = asyncTwin(lowerConvolve);
export const correlateAsync = asyncTwin(lowerCorrelate);
export const fftconvolveAsync = callAsync(lowerFft);
export const oaconvolveAsync = callAsync(lowerOa);
export const convolve2dAsync = asyncTwin(lowerConvolve2d);
export const correlate2dAsync = asyncTwin(lowerCorrelate2d);

/**
 * Output length of a 'valid' convolution along one axis: floor((n + 2p − d·(k−1) − 1) / s) + 1.
 * Throws RangeError when the dilated kernel does not fit in the padded input.
 */
export function outputShape(n: number, k: number, opts: { padding?: number; stride?: number; dilation?: number } = {}): number {
  const fn = 'outputShape';
  const o = readOptions(fn, opts, ['padding', 'stride', 'dilation']);
  const len = integer(fn, 'n', n, 0, 1);
  const taps = integer(fn, 'k', k, 0, 1);
  const p = integer(fn, 'padding', o.padding, 0, 0);
  const s = integer(fn, 'stride', o.stride, 1, 1);
  const d = integer(fn, 'dilation', o.dilation, 1, 1);
  const span = len + 2 * p - d * (taps - 1);
  if (span < 1) throw rangeError(fn, 'k', `a kernel whose dilated size fits in the padded input (${len + 2 * p})`, taps);
  return Math.floor((span - 1) / s) + 1;
}

/**
 * scipy.signal.correlation_lags: the lag of each element of `correlate(in1, in2, mode)` for 1-D inputs
 * of lengths in1Len and in2Len, so `lags[argmax(c)]` is the best-matching shift. Lags are integers,
 * returned as a float64 NDArray like every other result.
 */
export function correlationLags(in1Len: number, in2Len: number, mode: Mode = 'full'): NDArray {
  const fn = 'correlationLags';
  const n1 = integer(fn, 'in1Len', in1Len, 0, 1);
  const n2 = integer(fn, 'in2Len', in2Len, 0, 1);
  const m = choice(fn, 'mode', mode, MODES, 'full');
  let first = -(n2 - 1); // the 'full' lags run from −(n2 − 1) to n1 − 1
  let count = n1 + n2 - 1;
  if (m === 'same') {
    // SciPy centres a window of n1 lags on the full range, taking the middle (n1 odd) or the lower middle.
    const mid = Math.floor(count / 2); // in2Len ≥ 1 keeps the window inside the full range
    const half = Math.floor(n1 / 2);
    first += mid - half;
    count = n1 % 2 === 0 ? 2 * half : 2 * half + 1;
  } else if (m === 'valid') {
    const bound = n1 - n2;
    [first, count] = bound >= 0 ? [0, bound + 1] : [bound, 1 - bound];
  }
  if (count > MAX_ELEMENTS) throw rangeError(fn, 'in1Len', `small enough for at most ${MAX_ELEMENTS} lags`, n1);
  const data = new Float64Array(count);
  for (let i = 0; i < data.length; i++) data[i] = first + i;
  return { data, shape: [data.length] };
}

/**
 * scipy.signal.choose_conv_method: 'direct' or 'fft', whichever the cost model (src/core/cost.ts)
 * says is faster for convolve(in1, in2, opts) on the active backend. This is what method 'auto' runs.
 */
export function chooseMethod(in1: ArrayInput, in2: ArrayInput, opts?: Omit<SignalOptions, 'method' | 'out'> | Mode): 'direct' | 'fft' {
  const c = lower(CHOOSE, in1, in2, opts);
  // 0-d and empty calls make no plan: there is nothing to transform.
  if (c.shape.length === 0 || size(c.shape) === 0 || size(c.input.shape) === 0 || size(c.kernel.shape) === 0) return 'direct';
  return planOf({ ...c, method: 'auto' }).method ?? 'direct';
}
