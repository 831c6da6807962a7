// How each golden-case fn maps onto a simdconv call, and how one case is run and judged.

import * as lib from '../../src/index';
import type { NDArray } from '../../src/index';
import { compareArrays } from './compare';
import { dtypeOfResult, isErrorCase, toNDArray, type Arr, type Case, type ErrorExpect } from './fixtures';

// Looked up by name, so a function that has not landed yet reads as undefined instead of failing the import.
type AnyFn = (...args: unknown[]) => unknown;
const L = lib as unknown as Record<string, unknown>;

export interface FnSpec {
  /** The fixture file / case `fn`. */
  fn: string;
  /** The simdconv function the case calls, as its error messages name it (`numpy.convolve`, `ndimage.sobel`…). */
  api: string;
  /** Namespace object on the package (`numpy`, `ndimage`) or null for a top-level export. */
  ns: string | null;
  /** Property name inside the namespace (or top-level). The async twin is `${name}Async` beside it. */
  name: string;
  /** The positional arguments of the call, built from the case's inputs and args. */
  args(inputs: Record<string, NDArray>, args: Record<string, unknown>): unknown[];
}

const pick = (args: Record<string, unknown>, keys: string[]): Record<string, unknown> => {
  const o: Record<string, unknown> = {};
  for (const k of keys) if (args[k] !== undefined) o[k] = args[k];
  return o;
};

const signal2d = (inputs: Record<string, NDArray>, args: Record<string, unknown>): unknown[] => [
  inputs.in1,
  inputs.in2,
  pick(args, ['mode', 'boundary', 'fillvalue', 'stride']), // stride is absent in the fixtures when it is 1
];
const strided = (inputs: Record<string, NDArray>, args: Record<string, unknown>): unknown[] => [
  inputs.input,
  inputs.kernel,
  { mode: 'valid', ...pick(args, ['stride', 'padding', 'dilation']) }, // np.pad with zeros = boundary 'fill', fillvalue 0
];
const ndimageNd = (inputs: Record<string, NDArray>, args: Record<string, unknown>): unknown[] => [
  inputs.input,
  inputs.weights,
  pick(args, ['mode', 'cval', 'origin']),
];
const ndimage1d = (inputs: Record<string, NDArray>, args: Record<string, unknown>): unknown[] => [
  inputs.input,
  inputs.weights,
  pick(args, ['axis', 'mode', 'cval', 'origin']),
];

/*
 * Every fixture file but one has a spec here. Left out: skimage_match_template — no simdconv API maps to
 * skimage.feature.match_template (one mean over all channels, output shape (H′,W′,1), no ±1 band for
 * zero-variance windows, float32 accumulation; FORMAT.md TM6). matchTemplate follows OpenCV instead.
 */
export const SPECS: FnSpec[] = [
  { fn: 'np_convolve', api: 'numpy.convolve', ns: 'numpy', name: 'convolve', args: (i, a) => [i.a, i.v, a.mode] },
  { fn: 'np_correlate', api: 'numpy.correlate', ns: 'numpy', name: 'correlate', args: (i, a) => [i.a, i.v, a.mode] },
  { fn: 'convolve', api: 'convolve', ns: null, name: 'convolve', args: (i, a) => [i.in1, i.in2, pick(a, ['mode', 'method'])] },
  { fn: 'correlate', api: 'correlate', ns: null, name: 'correlate', args: (i, a) => [i.in1, i.in2, pick(a, ['mode', 'method'])] },
  { fn: 'convolve2d', api: 'convolve2d', ns: null, name: 'convolve2d', args: signal2d },
  { fn: 'correlate2d', api: 'correlate2d', ns: null, name: 'correlate2d', args: signal2d },
  { fn: 'strided_convolve2d', api: 'convolve2d', ns: null, name: 'convolve2d', args: strided },
  { fn: 'strided_correlate2d', api: 'correlate2d', ns: null, name: 'correlate2d', args: strided },
  { fn: 'ndimage_convolve', api: 'ndimage.convolve', ns: 'ndimage', name: 'convolve', args: ndimageNd },
  { fn: 'ndimage_correlate', api: 'ndimage.correlate', ns: 'ndimage', name: 'correlate', args: ndimageNd },
  { fn: 'ndimage_convolve1d', api: 'ndimage.convolve1d', ns: 'ndimage', name: 'convolve1d', args: ndimage1d },
  { fn: 'ndimage_correlate1d', api: 'ndimage.correlate1d', ns: 'ndimage', name: 'correlate1d', args: ndimage1d },
  {
    fn: 'gaussian_filter', api: 'ndimage.gaussianFilter', ns: 'ndimage', name: 'gaussianFilter',
    args: (i, a) => [i.input, a.sigma, pick(a, ['truncate', 'mode', 'cval'])],
  },
  {
    fn: 'uniform_filter', api: 'ndimage.uniformFilter', ns: 'ndimage', name: 'uniformFilter',
    args: (i, a) => [i.input, a.size, pick(a, ['mode', 'cval', 'origin'])],
  },
  { fn: 'sobel', api: 'ndimage.sobel', ns: 'ndimage', name: 'sobel', args: (i, a) => [i.input, pick(a, ['axis', 'mode', 'cval'])] },
  { fn: 'prewitt', api: 'ndimage.prewitt', ns: 'ndimage', name: 'prewitt', args: (i, a) => [i.input, pick(a, ['axis', 'mode', 'cval'])] },
  { fn: 'laplace', api: 'ndimage.laplace', ns: 'ndimage', name: 'laplace', args: (i, a) => [i.input, pick(a, ['mode', 'cval'])] },
  { fn: 'match_template', api: 'matchTemplate', ns: null, name: 'matchTemplate', args: (i, a) => [i.image, i.templ, pick(a, ['method'])] },
];

/** Fixture files deliberately not run, with the reason (they still load in the manifest check). */
export const LEFT_OUT: Record<string, string> = {
  skimage_match_template: 'no simdconv API maps to skimage.feature.match_template (FORMAT.md TM6)',
};

/** The bound function for a spec (sync, or its …Async twin), or undefined when it is not exported yet. */
export function resolve(spec: FnSpec, asyncTwin = false): AnyFn | undefined {
  const owner = spec.ns === null ? L : (L[spec.ns] as Record<string, unknown> | undefined);
  if (owner === null || (typeof owner !== 'object' && typeof owner !== 'function') || owner === undefined) return undefined;
  const f = owner[asyncTwin ? `${spec.name}Async` : spec.name];
  return typeof f === 'function' ? (f.bind(owner) as AnyFn) : undefined;
}

/** Why a case is not run, or null. Cases tagged `quirk` encode a reference accident we may decline. */
export function caseSkipReason(c: Case): string | null {
  if (c.tags.includes('quirk')) return `quirk${c.note ? `: ${c.note}` : ''}`;
  return null;
}

export function caseInputs(c: Case): Record<string, NDArray> {
  const out: Record<string, NDArray> = {};
  for (const [k, v] of Object.entries(c.inputs)) out[k] = toNDArray(v as Arr);
  return out;
}

function shapeText(r: unknown): string {
  const o = r as { shape?: unknown; data?: unknown } | null;
  return o && Array.isArray(o.shape) ? `an array of shape [${o.shape.join(', ')}]` : String(r);
}

/** Judge a thrown value against an error case; returns a failure message, or null when it is right. */
export function judgeError(spec: FnSpec, c: Case & { expect: ErrorExpect }, err: unknown, apiName = spec.api): string | null {
  const ref = `reference raised ${c.expect.error}: ${c.expect.message}`;
  if (!(err instanceof TypeError || err instanceof RangeError)) {
    const what = err instanceof Error ? `${err.constructor.name}: ${err.message}` : `a non-Error value ${String(err)}`;
    return `${c.id}: expected a TypeError or RangeError from ${apiName}, got ${what} (${ref})`;
  }
  if (!err.message.startsWith(`${apiName}:`)) {
    return `${c.id}: error message should start with '${apiName}:' but is '${err.message}' (${ref})`;
  }
  return null;
}

/** Judge a returned value against a value case; returns a failure message, or null when it is right. */
export function judgeResult(c: Case, result: unknown): string | null {
  if (isErrorCase(c)) {
    return `${c.id}: expected a throw (reference raised ${c.expect.error}: ${c.expect.message}), but it returned ${shapeText(result)}`;
  }
  const exp = c.expect as Arr;
  const cmp = compareArrays(result, toNDArray(exp), { rtol: c.rtol ?? 0, atol: c.atol ?? 0 });
  if (cmp.ok) return null;
  return `${c.id} [${c.tags.join(' ')}]\n  ${c.ref ?? ''}\n${cmp.message}`;
}

/** Run one case synchronously; returns [failure message | null, result dtype | null]. */
export function runCase(spec: FnSpec, c: Case): { failure: string | null; dtype: string | null } {
  const f = resolve(spec);
  if (!f) return { failure: `${spec.api} is not exported`, dtype: null };
  const args = spec.args(caseInputs(c), c.args);
  let result: unknown;
  try {
    result = f(...args);
  } catch (err) {
    if (isErrorCase(c)) return { failure: judgeError(spec, c, err), dtype: null };
    const msg = err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err);
    return { failure: `${c.id} [${c.tags.join(' ')}]: threw ${msg}\n  ${c.ref ?? ''}`, dtype: null };
  }
  const dtype = isErrorCase(c) ? null : dtypeOfResult(result as NDArray);
  return { failure: judgeResult(c, result), dtype };
}

/**
 * Run one case through the …Async twin. A value case must resolve to the right array; an error case
 * must reject (or throw synchronously) with a TypeError/RangeError naming `${api}` or `${api}Async`.
 */
export async function runCaseAsync(spec: FnSpec, c: Case): Promise<string | null> {
  const f = resolve(spec, true);
  if (!f) return `${spec.api}Async is not exported`;
  const args = spec.args(caseInputs(c), c.args);
  let result: unknown;
  try {
    const p = f(...args);
    if (!p || typeof (p as Promise<unknown>).then !== 'function') return `${c.id}: ${spec.api}Async did not return a Promise`;
    result = await p;
  } catch (err) {
    if (!isErrorCase(c)) {
      const msg = err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err);
      return `${c.id}: ${spec.api}Async rejected with ${msg}`;
    }
    const asSync = judgeError(spec, c, err);
    return asSync === null || judgeError(spec, c, err, `${spec.api}Async`) === null ? null : asSync;
  }
  return judgeResult(c, result);
}
