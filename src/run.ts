// The last step every public function shares: a lowered call becomes a plan, an output is
// allocated once (or the caller's `out` is checked), and the chosen backend executes it.
// It sits above core/ (which knows nothing of backends) and below api/.

import { engine, execute, executeAsync } from './backend/index';
import { Border } from './core/border';
import { fasterMethod } from './core/cost';
import { shapeError, typeError } from './core/errors';
import { allocate, as, dtypeOf, MAX_ELEMENTS, overlaps, size, type DType, type FloatArray, type NDArray, type Operand } from './core/ndarray';
import { makePlan, mapLength, planWeights, type AxisGeometry, type Plan } from './core/plan';
import { factorise } from './core/separable';

/** A public call after validation and lowering, before it becomes a plan. */
export interface Lowered {
  fn: string;
  input: Operand;
  kernel: Operand;
  /** One entry per axis of the input. */
  geometry: AxisGeometry[];
  /** Convolution: reverse the kernel. Correlation: conjugate it. */
  flip: boolean;
  conj: boolean;
  /** Value read outside the input where the border is a constant. */
  fill: number;
  dtype: DType;
  /** Shape of the result (the plan's output lengths). */
  shape: number[];
  /** The caller's `out` option, unchecked. */
  out: unknown;
  /** Compute by FFT, by the direct sum, or whichever the cost model says is faster ('auto', the
   *  default); the result is the same to rounding. */
  method?: 'auto' | 'direct' | 'fft';
}

interface Ready {
  /** Undefined when there is nothing to execute: the result is empty, or made without reading the input. */
  plan: Plan | undefined;
  input: FloatArray;
  out: FloatArray;
  result: NDArray;
}

/** The caller's `out` option: a typed array of the result's precision and length. */
export function checkOut(fn: string, out: unknown, dtype: DType, length: number): FloatArray {
  const want = dtype === 'float32' ? 'a Float32Array' : 'a Float64Array';
  if (!(out instanceof Float32Array || out instanceof Float64Array)) throw typeError(fn, 'out', want, out);
  if (dtypeOf(out) !== dtype) throw typeError(fn, 'out', `${want} (the result's precision)`, out);
  if (out.length !== length) throw shapeError(fn, 'out', `of length ${length}`, `length ${out.length}`);
  return out;
}

function allocateOrThrow(fn: string, dtype: DType, length: number): FloatArray {
  try {
    return allocate(dtype, length);
  } catch {
    throw shapeError(fn, 'result', 'small enough to allocate', `${length} ${dtype} values: allocation failed`);
  }
}

/** Map positions an axis may read beyond 2·(input + output·taps): room for borders and padding. */
const MAP_SLACK = 2 ** 22;

/** A 0-d call (shape []) is the product of two scalars: run it as one element of a 1-D plan. */
function promoteScalar(c: Lowered): Lowered {
  if (c.shape.length > 0) return c;
  const one = { inLen: 1, outLen: 1, taps: 1, stride: 1, dilation: 1, start: 0, border: Border.Constant };
  return { ...c, input: { ...c.input, shape: [1] }, kernel: { ...c.kernel, shape: [1] }, geometry: [one] };
}

/**
 * With an empty input or kernel every output is a sum over no taps, or over taps that all read the
 * fill value (the lowering only lets an empty input through with a constant border): fill·Σw.
 */
function emptySum(c: Lowered, out: FloatArray, complexOut: boolean): void {
  const w = planWeights(c.kernel.data, c.kernel.shape, c.kernel.complex, c.flip, c.conj);
  let re = 0;
  let im = 0;
  if (size(c.input.shape) === 0 && c.fill !== 0) {
    const step = c.kernel.complex ? 2 : 1;
    for (let i = 0; i < w.length; i += step) {
      re += c.fill * w[i];
      if (c.kernel.complex) im += c.fill * w[i + 1];
    }
  }
  if (!complexOut) out.fill(re);
  else for (let i = 0; i < out.length; i += 2) [out[i], out[i + 1]] = [re, im];
}

/** The plan of a lowered call, with its method resolved ('auto' by the cost model, for the active backend). */
export function planOf(c: Lowered): Plan {
  const weights = planWeights(c.kernel.data, c.kernel.shape, c.kernel.complex, c.flip, c.conj);
  const fill: [number, number] = [c.fill, 0];
  const direct = factorise(makePlan(c.geometry, weights, c.input.complex, c.kernel.complex, fill), c.dtype);
  const method = c.method === 'auto' ? fasterMethod(direct, c.dtype, engine()) : c.method;
  return method === 'fft' ? { ...direct, method: 'fft' } : direct;
}

function prepare(lowered: Lowered): Ready {
  const c = promoteScalar(lowered);
  const complexOut = c.input.complex || c.kernel.complex;
  const length = size(c.shape) * (complexOut ? 2 : 1);
  if (length > MAX_ELEMENTS) {
    throw shapeError(c.fn, 'result', `at most ${MAX_ELEMENTS} values`, `shape [${c.shape.join(', ')}]: too large to allocate`);
  }
  // The executors walk every map position an axis reads, so a dilation or padding far beyond the
  // input would make a small call slow and huge. The bound keeps the work O(input + output · taps).
  for (const g of c.geometry) {
    const len = mapLength(g.outLen, g.taps, g.stride, g.dilation);
    const bound = MAP_SLACK + 2 * (g.inLen + g.outLen * g.taps);
    if (len > bound) {
      // Without padding, (outLen − 1)·stride stays inside the input plus the kernel span.
      const arg = (g.taps - 1) * g.dilation >= (g.outLen - 1) * g.stride ? 'dilation' : 'padding';
      throw shapeError(c.fn, arg, `small enough that one axis reads at most ${bound} positions (${MAP_SLACK} + 2·(input + output·taps))`, `${len} positions`);
    }
  }
  const out = c.out === undefined ? allocateOrThrow(c.fn, c.dtype, length) : checkOut(c.fn, c.out, c.dtype, length);
  const result: NDArray = complexOut ? { data: out, shape: c.shape, complex: true } : { data: out, shape: c.shape };
  if (length === 0 || size(c.input.shape) === 0 || size(c.kernel.shape) === 0) {
    emptySum(c, out, complexOut);
    return { plan: undefined, input: c.input.data, out, result };
  }
  const plan = planOf(c);
  return { plan, input: unaliased(as(c.input.data, c.dtype), out), out, result };
}

/**
 * The input, or a copy of it when `out` shares any of its bytes (`overlaps`): both backends read the
 * input while they write the output, so an overlapping `out` would read values already overwritten
 * (SciPy copies too).
 */
function unaliased(input: FloatArray, out: FloatArray): FloatArray {
  return overlaps(input, out) ? input.slice() : input;
}

export function run(c: Lowered): NDArray {
  const r = prepare(c);
  if (r.plan) execute(r.plan, r.input, r.out);
  return r.result;
}

export async function runAsync(c: Lowered): Promise<NDArray> {
  const r = prepare(c);
  if (!r.plan) return r.result;
  const bytes = r.out.byteLength;
  try {
    await executeAsync(r.plan, r.input, r.out, c.out === undefined);
  } catch (e) {
    // The native call works on its own copies; it can only fail to deliver when `out` was detached
    // (transferred) or resized while it ran. Name the public function and argument.
    if (r.out.byteLength !== bytes) throw typeError(c.fn, 'out', 'attached, at its length, until the call settles', r.out);
    throw e;
  }
  return r.result;
}

/** Make an async twin: validation errors reject the promise instead of throwing synchronously. */
export function asyncTwin<A extends unknown[]>(lower: (...args: A) => Lowered): (...args: A) => Promise<NDArray> {
  return (...args: A) => {
    try {
      return runAsync(lower(...args));
    } catch (e) {
      return Promise.reject(e);
    }
  };
}
