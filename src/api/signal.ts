// scipy.signal's convolve / correlate / convolve2d / correlate2d / fftconvolve, with stride,
// dilation and padding as extensions. The result's size depends on the mode.

import { asyncTwin, planOf, run, type Lowered } from '../run';
import { shapeError, rangeError } from '../core/errors';
import { resultType, size, toOperand, type ArrayInput, type NDArray, type Operand } from '../core/ndarray';
import { choice, finite, integer, perAxis, readOptions } from '../core/options';
import { Border } from '../core/border';
import type { AxisGeometry } from '../core/plan';

export type Mode = 'full' | 'same' | 'valid';
export type Boundary = 'fill' | 'wrap' | 'symm' | 'pad' | 'circular' | 'symmetric';
export type Method = 'auto' | 'direct' | 'fft';

export interface SignalOptions {
  mode?: Mode;
  method?: Method;
  /** Output sampled every s-th element along each axis, from index 0; only kept outputs are computed. */
  stride?: number | number[];
  /** Kernel taps d apart (effective size d·(k−1)+1). */
  dilation?: number | number[];
  /** Input extended by p on each side by the boundary rule before the mode applies. */
  padding?: number | number[];
  out?: Float32Array | Float64Array;
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
const FFT_KEYS = ['mode', 'stride', 'dilation', 'padding', 'out'] as const;
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

/** Per-axis geometry of a scipy.signal call, in the coordinates of its 'full' result. */
function signalGeometry(
  f: Flavour, mode: Mode, n: number[], s: number[], stride: number[], dilation: number[], padding: number[], border: Border,
): AxisGeometry[] {
  const custom = stride.some((v) => v !== 1) || dilation.some((v) => v !== 1) || padding.some((v) => v !== 0);
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
function checkEmpty(f: Flavour, mode: Mode, method: Method, boundary: Boundary, a: Operand, k: Operand): void {
  if (!isEmpty(a) && !isEmpty(k)) return;
  const { fn } = f;
  const which = isEmpty(a) ? 'in1' : 'in2';
  const got = `shape [${(isEmpty(a) ? a : k).shape.join(', ')}]`;
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
  if (f === FFTCONVOLVE && (isEmpty(a) || isEmpty(k))) return emptyFft(fn, a, k, opts.out);
  checkEmpty(f, mode, method, boundary, a, k);
  const stride = perAxis(fn, 'stride', opts.stride, nd, 1, 1);
  const dilation = perAxis(fn, 'dilation', opts.dilation, nd, 1, 1);
  const padding = perAxis(fn, 'padding', opts.padding, nd, 0, 0);
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

/** SciPy's fftconvolve returns `np.array([])` (float64, shape [0]) for any empty operand, before reading the mode. */
function emptyFft(fn: string, a: Operand, k: Operand, out: unknown): Lowered {
  const real = (op: Operand): Operand => ({ ...op, complex: false });
  return {
    fn, input: real(a), kernel: real(k), geometry: [], flip: true, conj: false, fill: 0,
    dtype: 'float64', shape: [0], out,
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
const lowerFft = (in1: ArrayInput, in2: ArrayInput, opts?: Omit<SignalOptions, 'method'> | Mode) => lower(FFTCONVOLVE, in1, in2, opts);
const lowerOa = (in1: ArrayInput, in2: ArrayInput, opts?: Omit<SignalOptions, 'method'> | Mode) => lower(OACONVOLVE, in1, in2, opts);
const lowerConvolve2d = (in1: ArrayInput, in2: ArrayInput, opts?: Signal2dOptions | Mode) => lower(CONVOLVE2D, in1, in2, opts);
const lowerCorrelate2d = (in1: ArrayInput, in2: ArrayInput, opts?: Signal2dOptions | Mode) => lower(CORRELATE2D, in1, in2, opts);

/** scipy.signal.convolve: N-D convolution (in1 and in2 of the same ndim). */
export const convolve = (in1: ArrayInput, in2: ArrayInput, opts?: SignalOptions | Mode): NDArray => run(lowerConvolve(in1, in2, opts));
/** scipy.signal.correlate: N-D cross-correlation; a complex in2 is conjugated. */
export const correlate = (in1: ArrayInput, in2: ArrayInput, opts?: SignalOptions | Mode): NDArray => run(lowerCorrelate(in1, in2, opts));
/** scipy.signal.fftconvolve: convolve with method 'fft'. */
export const fftconvolve = (in1: ArrayInput, in2: ArrayInput, opts?: Omit<SignalOptions, 'method'> | Mode): NDArray => run(lowerFft(in1, in2, opts));
/**
 * scipy.signal.oaconvolve: convolution by overlap-add. Here the FFT path is always overlap-save over
 * tiles sized to the kernel (the same arithmetic, and the same answers as fftconvolve).
 */
export const oaconvolve = (in1: ArrayInput, in2: ArrayInput, opts?: Omit<SignalOptions, 'method'> | Mode): NDArray => run(lowerOa(in1, in2, opts));
/** scipy.signal.convolve2d, with boundary 'fill' | 'wrap' | 'symm' and fillvalue. */
export const convolve2d = (in1: ArrayInput, in2: ArrayInput, opts?: Signal2dOptions | Mode): NDArray => run(lowerConvolve2d(in1, in2, opts));
/** scipy.signal.correlate2d (including its 'same' centring for even kernels). */
export const correlate2d = (in1: ArrayInput, in2: ArrayInput, opts?: Signal2dOptions | Mode): NDArray => run(lowerCorrelate2d(in1, in2, opts));

export const convolveAsync = asyncTwin(lowerConvolve);
export const correlateAsync = asyncTwin(lowerCorrelate);
export const fftconvolveAsync = asyncTwin(lowerFft);
export const oaconvolveAsync = asyncTwin(lowerOa);
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
  const data = new Float64Array(Math.max(count, 0));
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
