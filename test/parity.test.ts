// Native vs js: the same call on both backends agrees within SPEC §"Equality between backends"
// (float64 1e-12, float32 1e-5, FFT 1e-9 / 1e-4, all relative to sum|kernel|·max|input|).
// The plans are seeded random draws over awkward sizes (tails are where SIMD bugs live), even and odd
// kernels, every mode/boundary, stride/dilation/padding/origin, float32/float64, complex operands,
// 1-D/2-D/3-D. A call one backend rejects must be rejected by the other with the same error.
//
// Skipped, with the loader's reason, when the addon cannot load (fails instead when SIMDCONV_BACKEND=native).
// SIMDCONV_PARITY_SELFTEST=1 runs js against js: a quick check of the plans themselves.

import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import * as lib from '../src/index';
import { NATIVE_SKIP_REASON } from './helpers/backends';
import { compareArrays } from './helpers/compare';
import { l1, maxAbs, randomArray, Rng, type RandomArray } from './helpers/random';

type AnyFn = (...args: unknown[]) => unknown;
const L = lib as unknown as Record<string, Record<string, unknown> & AnyFn>;
const ndimage = L.ndimage as Record<string, AnyFn | undefined>;
const numpy = L.numpy as Record<string, AnyFn | undefined>;

const SELFTEST = process.env.SIMDCONV_PARITY_SELFTEST === '1';
const OTHER: 'js' | 'native' = SELFTEST ? 'js' : 'native';
const SKIP = SELFTEST ? null : NATIVE_SKIP_REASON;

/** The awkward sizes of the brief: around vector widths and their tails. */
const SIZES = [1, 2, 3, 7, 8, 15, 16, 17, 127, 128];
const SMALL_SIZES = [1, 2, 3, 7, 8, 15, 16, 17];
const KSIZES = [1, 2, 3, 4, 5, 7, 8];
const ND_MODES = ['reflect', 'constant', 'nearest', 'mirror', 'wrap', 'grid-wrap', 'grid-constant', 'grid-mirror'];
const BOUNDARIES = ['fill', 'wrap', 'symm'];
const MODES = ['full', 'same', 'valid'];

type Dtype = 'float32' | 'float64';

interface Plan {
  title: string;
  run(): unknown;
  /** sum|kernel|·max|input| (input maximum including |fill| when padding uses it). */
  scale: number;
  /** Output precision is float32 (looser tolerance). */
  single: boolean;
  fft?: boolean;
  /** The arrays passed in: checked unchanged after both backends ran. */
  inputs: RandomArray[];
}

const shapeStr = (s: number[]): string => `[${s.join(',')}]`;
const dt = (a: RandomArray): string => `${a.complex ? 'c' : ''}${a.data instanceof Float32Array ? 'f32' : 'f64'}`;
const isSingle = (...arrs: RandomArray[]): boolean => arrs.every((a) => a.data instanceof Float32Array);

/** A dtype draw: mostly matched precision, sometimes mixed (→ float64). */
function dtypes(rng: Rng): [Dtype, Dtype] {
  const d: Dtype = rng.bool() ? 'float32' : 'float64';
  return rng.bool(0.15) ? [d, d === 'float32' ? 'float64' : 'float32'] : [d, d];
}

/** Complex draw: mostly real, sometimes complex input, kernel or both. */
function complexity(rng: Rng): [boolean, boolean] {
  const r = rng.next();
  if (r < 0.7) return [false, false];
  if (r < 0.8) return [true, false];
  if (r < 0.9) return [false, true];
  return [true, true];
}

const perAxis = (v: unknown, ndim: number, dflt: number): number[] =>
  Array.isArray(v) ? (v as number[]) : Array.from({ length: ndim }, () => (v === undefined ? dflt : (v as number)));

/**
 * Whether SPEC accepts this scipy.signal-style call: 'valid' needs one input to dominate (SciPy's swap),
 * or with stride/dilation/padding the dilated kernel to fit inside the padded input.
 */
function signalCallValid(inShape: number[], kShape: number[], opts: Record<string, unknown>): boolean {
  if (opts.mode !== 'valid') return true;
  const nd = inShape.length;
  const st = perAxis(opts.stride, nd, 1), di = perAxis(opts.dilation, nd, 1), pa = perAxis(opts.padding, nd, 0);
  if (st.some((v) => v !== 1) || di.some((v) => v !== 1) || pa.some((v) => v !== 0)) {
    return kShape.every((k, i) => di[i] * (k - 1) + 1 <= inShape[i] + 2 * pa[i]);
  }
  return kShape.every((k, i) => k <= inShape[i]) || kShape.every((k, i) => k >= inShape[i]);
}

/** Most draws that SPEC would reject become 'same'; a few stay, to check both backends reject alike. */
function mostlyValid(rng: Rng, inShape: number[], kShape: number[], opts: Record<string, unknown>): void {
  if (!signalCallValid(inShape, kShape, opts) && rng.bool(0.85)) opts.mode = rng.pick(['same', 'full']);
}

// ---------------------------------------------------------------------------------------------------------
// Plan generators. Each draws from its own seeded Rng so adding one family does not change the others.

function numpyPlans(seed: number, count: number): Plan[] {
  const rng = new Rng(seed);
  const plans: Plan[] = [];
  for (let i = 0; i < count; i++) {
    const fnName = rng.pick(['convolve', 'correlate']);
    const f = numpy[fnName];
    if (!f) throw new Error(`parity: numpy.${fnName} is not exported`); // fail, never skip
    const [da, dv] = dtypes(rng);
    const [ca, cv] = complexity(rng);
    const a = randomArray(rng, [rng.pick(SIZES)], da, ca);
    const v = randomArray(rng, [rng.pick([...KSIZES, 15, 16, 17, 127])], dv, cv);
    const mode = rng.pick(MODES);
    plans.push({
      title: `numpy.${fnName} a${shapeStr(a.shape)}${dt(a)} v${shapeStr(v.shape)}${dt(v)} '${mode}' (seed ${seed}#${i})`,
      run: () => f(a, v, mode),
      scale: Math.min(l1(v) * maxAbs(a), l1(a) * maxAbs(v)),
      single: isSingle(a, v),
      inputs: [a, v],
    });
  }
  return plans;
}

/** Shapes of an N-D signal plan: kernel mostly no larger than the input, sometimes larger everywhere (swap). */
function signalShapes(rng: Rng, ndim: number): [number[], number[]] {
  const sizes = ndim === 1 ? SIZES : ndim === 2 ? SIZES : SMALL_SIZES;
  const inShape: number[] = [];
  const kShape: number[] = [];
  const larger = rng.bool(0.15);
  for (let d = 0; d < ndim; d++) {
    let n = rng.pick(sizes);
    if (ndim === 3 && d === 0) n = rng.pick([1, 2, 3, 7]); // keep 3-D work bounded
    if (ndim === 2 && d === 0 && n >= 127 && rng.bool()) n = rng.pick([1, 2, 3, 7, 8]);
    let k = rng.pick(KSIZES);
    if (larger) k = n + rng.int(0, 4);
    inShape.push(n);
    kShape.push(k);
  }
  return [inShape, kShape];
}

function signalNdPlans(seed: number, count: number, method: 'direct' | 'fft'): Plan[] {
  const rng = new Rng(seed);
  const plans: Plan[] = [];
  for (let i = 0; i < count; i++) {
    const fnName = rng.pick(['convolve', 'correlate']);
    const f = L[fnName] as AnyFn | undefined;
    if (typeof f !== 'function') throw new Error(`parity: ${fnName} is not exported`); // fail, never skip
    const ndim = method === 'fft' ? rng.pick([1, 2]) : rng.pick([1, 2, 2, 3]);
    const [inShape, kShape] = signalShapes(rng, ndim);
    const [d1, d2] = dtypes(rng);
    const [c1, c2] = complexity(rng);
    const in1 = randomArray(rng, inShape, d1, c1);
    const in2 = randomArray(rng, kShape, d2, c2);
    const mode = rng.pick(MODES);
    const opts: Record<string, unknown> = { mode, method };
    // stride/dilation/padding are extensions of the N-D functions too; draw them on a few direct plans.
    if (method === 'direct' && rng.bool(0.25)) {
      opts.stride = rng.int(1, 3);
      opts.dilation = rng.int(1, 2);
      opts.padding = rng.int(0, 2);
    }
    mostlyValid(rng, inShape, kShape, opts);
    plans.push({
      title: `${fnName} ${shapeStr(inShape)}${dt(in1)} ⊛ ${shapeStr(kShape)}${dt(in2)} ${JSON.stringify(opts)} (seed ${seed}#${i})`,
      run: () => f(in1, in2, opts),
      scale: l1(in2) * maxAbs(in1),
      single: isSingle(in1, in2),
      fft: method === 'fft',
      inputs: [in1, in2],
    });
  }
  return plans;
}

function signal2dPlans(seed: number, count: number, extensions: boolean): Plan[] {
  const rng = new Rng(seed);
  const plans: Plan[] = [];
  for (let i = 0; i < count; i++) {
    const fnName = rng.pick(['convolve2d', 'correlate2d']);
    const f = L[fnName] as AnyFn | undefined;
    if (typeof f !== 'function') throw new Error(`parity: ${fnName} is not exported`); // fail, never skip
    const [inShape, kShape] = signalShapes(rng, 2);
    const [d1, d2] = dtypes(rng);
    const [c1, c2] = complexity(rng);
    const in1 = randomArray(rng, inShape, d1, c1);
    const in2 = randomArray(rng, kShape, d2, c2);
    const boundary = rng.pick(BOUNDARIES);
    const fillvalue = rng.pick([0, 0.5, -2, 3.25]);
    const opts: Record<string, unknown> = { mode: rng.pick(MODES), boundary, fillvalue };
    if (extensions) {
      const axisOrBoth = (lo: number, hi: number): number | number[] => (rng.bool() ? rng.int(lo, hi) : [rng.int(lo, hi), rng.int(lo, hi)]);
      opts.stride = axisOrBoth(1, 3);
      opts.dilation = axisOrBoth(1, 3);
      opts.padding = axisOrBoth(0, 3);
      if (rng.bool(0.6)) opts.mode = 'valid'; // the deep-learning shape of the call
    }
    mostlyValid(rng, inShape, kShape, opts);
    const usesFill = boundary === 'fill' && (opts.mode !== 'valid' || extensions);
    plans.push({
      title: `${fnName} ${shapeStr(inShape)}${dt(in1)} ⊛ ${shapeStr(kShape)}${dt(in2)} ${JSON.stringify(opts)} (seed ${seed}#${i})`,
      run: () => f(in1, in2, opts),
      scale: l1(in2) * Math.max(maxAbs(in1), usesFill ? Math.abs(fillvalue) : 0),
      single: isSingle(in1, in2),
      inputs: [in1, in2],
    });
  }
  return plans;
}

function ndimagePlans(seed: number, count: number): Plan[] {
  const rng = new Rng(seed);
  const plans: Plan[] = [];
  for (let i = 0; i < count; i++) {
    const fnName = rng.pick(['convolve', 'correlate']);
    const f = ndimage[fnName];
    if (!f) throw new Error(`parity: ndimage.${fnName} is not exported`); // fail, never skip
    const ndim = rng.pick([1, 2, 2, 3]);
    const inShape: number[] = [];
    const kShape: number[] = [];
    for (let d = 0; d < ndim; d++) {
      const n = ndim === 3 ? rng.pick(SMALL_SIZES) : rng.pick(SIZES);
      inShape.push(ndim === 2 && d === 0 && n >= 127 ? rng.pick([1, 3, 8, 17]) : n);
      // kernels longer than the input exercise repeated reflection/wrapping
      kShape.push(ndim === 3 ? rng.pick([1, 2, 3, 4, 5]) : rng.pick([...KSIZES, 9, 16]));
    }
    if (ndim === 3 && rng.bool(0.3)) kShape[2] = 1; // per-channel filtering of [h, w, c]
    const [d1, d2] = dtypes(rng);
    const [c1, c2] = complexity(rng);
    const input = randomArray(rng, inShape, d1, c1);
    const weights = randomArray(rng, kShape, d2, c2);
    const mode = rng.pick(ND_MODES);
    const cval = rng.pick([0, 1.5, -0.75]);
    const origins = kShape.map((s) => rng.int(-Math.floor(s / 2), Math.floor((s - 1) / 2)));
    // a scalar origin applies to every axis, so it must fit the smallest kernel
    const lo = Math.max(...kShape.map((s) => -Math.floor(s / 2)));
    const hi = Math.min(...kShape.map((s) => Math.floor((s - 1) / 2)));
    const origin = rng.bool(0.3) ? rng.int(lo, hi) : origins;
    const opts = { mode, cval, origin };
    const usesCval = mode === 'constant' || mode === 'grid-constant';
    plans.push({
      title: `ndimage.${fnName} ${shapeStr(inShape)}${dt(input)} ⊛ ${shapeStr(kShape)}${dt(weights)} ${JSON.stringify(opts)} (seed ${seed}#${i})`,
      run: () => f(input, weights, opts),
      scale: l1(weights) * Math.max(maxAbs(input), usesCval ? Math.abs(cval) : 0),
      single: input.data instanceof Float32Array, // ndimage keeps the input's precision
      inputs: [input, weights],
    });
  }
  return plans;
}

function ndimage1dPlans(seed: number, count: number): Plan[] {
  const rng = new Rng(seed);
  const plans: Plan[] = [];
  for (let i = 0; i < count; i++) {
    const fnName = rng.pick(['convolve1d', 'correlate1d']);
    const f = ndimage[fnName];
    if (!f) throw new Error(`parity: ndimage.${fnName} is not exported`); // fail, never skip
    const ndim = rng.pick([1, 2, 3]);
    const inShape = Array.from({ length: ndim }, () => (ndim === 1 ? rng.pick(SIZES) : rng.pick(SMALL_SIZES)));
    const axis = rng.int(-ndim, ndim - 1);
    const s = rng.pick([...KSIZES, 9, 15, 16, 17]);
    const [d1, d2] = dtypes(rng);
    const [c1, c2] = complexity(rng);
    const input = randomArray(rng, inShape, d1, c1);
    // symmetric and antisymmetric weights take special paths in scipy (and maybe here)
    const weights = randomArray(rng, [s], d2, c2);
    const sym = rng.pick(['none', 'none', 'sym', 'anti']);
    if (sym !== 'none' && !c2) {
      for (let j = 0; j < s >> 1; j++) weights.data[s - 1 - j] = sym === 'sym' ? weights.data[j] : -weights.data[j];
      if (sym === 'anti' && s % 2 === 1) weights.data[s >> 1] = 0;
    }
    const mode = rng.pick(ND_MODES);
    const cval = rng.pick([0, 0.5, -3]);
    const origin = rng.int(-Math.floor(s / 2), Math.floor((s - 1) / 2));
    const opts = { axis, mode, cval, origin };
    const usesCval = mode === 'constant' || mode === 'grid-constant';
    plans.push({
      title: `ndimage.${fnName} ${shapeStr(inShape)}${dt(input)} ⊛ [${s}]${dt(weights)}${sym !== 'none' ? ` ${sym}` : ''} ${JSON.stringify(opts)} (seed ${seed}#${i})`,
      run: () => f(input, weights, opts),
      scale: l1(weights) * Math.max(maxAbs(input), usesCval ? Math.abs(cval) : 0),
      single: input.data instanceof Float32Array,
      inputs: [input, weights],
    });
  }
  return plans;
}

function filterPlans(seed: number, count: number): Plan[] {
  const rng = new Rng(seed);
  const plans: Plan[] = [];
  for (let i = 0; i < count; i++) {
    const name = rng.pick(['gaussianFilter', 'uniformFilter', 'sobel', 'prewitt', 'laplace']);
    const f = ndimage[name];
    if (!f) throw new Error(`parity: ndimage.${name} is not exported`); // fail, never skip
    const ndim = rng.pick([1, 2, 2, 3]);
    const shape = Array.from({ length: ndim }, () => (ndim === 3 ? rng.pick(SMALL_SIZES) : rng.pick(SIZES)));
    if (ndim === 2 && shape[0] >= 127) shape[0] = rng.pick([2, 7, 16]);
    const dtype: Dtype = rng.bool() ? 'float32' : 'float64';
    const input = randomArray(rng, shape, dtype);
    const mode = rng.pick(ND_MODES);
    const cval = rng.pick([0, 1.5]);
    let args: unknown[];
    let kl1: number;
    let desc: string;
    switch (name) {
      case 'gaussianFilter': {
        const sigma = rng.bool(0.7) ? rng.pick([0.5, 1, 1.5, 2.5]) : shape.map(() => rng.pick([0, 0.8, 2]));
        const opts = { truncate: rng.pick([2, 3.5, 4]), mode, cval };
        args = [input, sigma, opts];
        kl1 = 1;
        desc = `sigma ${JSON.stringify(sigma)} ${JSON.stringify(opts)}`;
        break;
      }
      case 'uniformFilter': {
        const size = rng.bool(0.7) ? rng.int(1, 6) : shape.map(() => rng.int(1, 6));
        const sizes = Array.isArray(size) ? size : shape.map(() => size);
        const origin = sizes.map((s) => rng.int(-Math.floor(s / 2), Math.floor((s - 1) / 2)));
        const opts = { mode, cval, origin };
        args = [input, size, opts];
        kl1 = 1;
        desc = `size ${JSON.stringify(size)} ${JSON.stringify(opts)}`;
        break;
      }
      case 'laplace': {
        const opts = { mode, cval };
        args = [input, opts];
        kl1 = 4 * ndim;
        desc = JSON.stringify(opts);
        break;
      }
      default: {
        const opts = { axis: rng.int(-ndim, ndim - 1), mode, cval };
        args = [input, opts];
        kl1 = (name === 'sobel' ? 2 * 4 ** (ndim - 1) : 2 * 3 ** (ndim - 1));
        desc = JSON.stringify(opts);
      }
    }
    const usesCval = mode === 'constant' || mode === 'grid-constant';
    plans.push({
      title: `ndimage.${name} ${shapeStr(shape)}${dt(input)} ${desc} (seed ${seed}#${i})`,
      run: () => f(...args),
      scale: kl1 * Math.max(maxAbs(input), usesCval ? Math.abs(cval) : 0),
      single: dtype === 'float32',
      inputs: [input],
    });
  }
  return plans;
}

function matchTemplatePlans(seed: number, count: number): Plan[] {
  const rng = new Rng(seed);
  const plans: Plan[] = [];
  const f = L.matchTemplate as AnyFn | undefined;
  if (typeof f !== 'function') throw new Error('parity: matchTemplate is not exported'); // fail, never skip
  for (let i = 0; i < count; i++) {
    const method = rng.pick(['sqdiff', 'sqdiff_normed', 'ccorr', 'ccorr_normed', 'ccoeff', 'ccoeff_normed']);
    const H = rng.pick([7, 8, 15, 16, 17, 33]);
    const W = rng.pick([7, 8, 15, 16, 17, 127]);
    const h = rng.int(2, Math.min(H, 8));
    const w = rng.int(3, Math.min(W, 8));
    const channels = rng.bool(0.25) ? [3] : [];
    const image = randomArray(rng, [H, W, ...channels], 'float32', false, 0, 1);
    const templ = randomArray(rng, [h, w, ...channels], 'float32', false, 0, 1);
    const K = h * w * (channels[0] ?? 1);
    const mi = maxAbs(image), mt = maxAbs(templ);
    const scale = method.endsWith('normed') ? 1 : method === 'sqdiff' ? K * (mi + mt) ** 2 : method === 'ccorr' ? K * mi * mt : 4 * K * mi * mt;
    plans.push({
      title: `matchTemplate ${shapeStr(image.shape)} ${shapeStr(templ.shape)} ${method} (seed ${seed}#${i})`,
      run: () => f(image, templ, { method }),
      scale,
      single: true,
      inputs: [image, templ],
    });
  }
  return plans;
}

// ---------------------------------------------------------------------------------------------------------

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

function on(name: 'js' | 'native', f: () => unknown): Outcome {
  lib.setBackend(name); // throws (and so fails the test) when native is required but cannot load
  try {
    return { ok: true, value: f() };
  } catch (error) {
    return { ok: false, error };
  }
}

const errText = (e: unknown): string => (e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e));

function tolerance(p: Plan): { rtol: number; atol: number } {
  const t = p.fft ? (p.single ? 1e-4 : 1e-9) : p.single ? 1e-5 : 1e-12;
  return { rtol: t, atol: t * (p.scale > 0 ? p.scale : 1) };
}

function snapshot(arrs: RandomArray[]): (Float32Array | Float64Array)[] {
  return arrs.map((a) => a.data.slice());
}

function checkPlan(p: Plan): void {
  const before = snapshot(p.inputs);
  const js = on('js', p.run);
  const other = on(OTHER, p.run);
  p.inputs.forEach((a, i) => {
    if (!a.data.every((x, j) => Object.is(x, before[i][j]))) throw new Error(`input ${i} was modified by the call`);
  });
  if (!js.ok || !other.ok) {
    if (js.ok !== other.ok) {
      throw new Error(`js ${js.ok ? 'returned a result' : `threw ${errText(js.error)}`}, ${OTHER} ${other.ok ? 'returned a result' : `threw ${errText(other.error)}`}`);
    }
    expect(errText((other as { error: unknown }).error)).toBe(errText((js as { error: unknown }).error));
    if (process.env.SIMDCONV_PARITY_DEBUG) console.log(`both threw: ${p.title}: ${errText((js as { error: unknown }).error)}`);
    return;
  }
  const a = js.value as RandomArray;
  const b = other.value as RandomArray;
  expect(b.data?.constructor?.name, 'result precision').toBe(a.data.constructor.name);
  const cmp = compareArrays(b, a, tolerance(p));
  if (!cmp.ok) throw new Error(`${OTHER} vs js (scale ${p.scale.toPrecision(3)}):\n${cmp.message}`);
}

const FAMILIES: [string, Plan[]][] = [
  ['numpy 1-D', numpyPlans(101, 40)],
  ['signal N-D direct', signalNdPlans(202, 90, 'direct')],
  ['signal N-D fft', signalNdPlans(303, 12, 'fft')],
  ['signal 2-D boundaries', signal2dPlans(404, 80, false)],
  ['signal 2-D stride/dilation/padding', signal2dPlans(505, 60, true)],
  ['ndimage N-D modes/origin', ndimagePlans(606, 80)],
  ['ndimage 1-D axis/modes/origin', ndimage1dPlans(707, 60)],
  ['ndimage filters', filterPlans(808, 50)],
  ['matchTemplate', matchTemplatePlans(909, 20)],
];

describe.skipIf(SKIP !== null)(SKIP === null ? `${OTHER} vs js` : `native vs js (skipped: ${SKIP})`, () => {
  for (const [family, plans] of FAMILIES) {
    describe(family, () => {
      // No plans means the family's functions are not exported: a failure, not a skip.
      it('has plans (its functions are exported)', () => expect(plans.length).toBeGreaterThan(0));
      for (const p of plans) it(p.title, () => checkPlan(p), 20_000);
    });
  }

  it(`backend() reports what runs`, () => {
    lib.setBackend(OTHER);
    expect(lib.backend().name).toBe(OTHER);
    if (OTHER === 'native') {
      expect(['avx512', 'avx2', 'neon', 'scalar']).toContain(lib.backend().isa);
      if (process.env.SIMDCONV_ISA) expect(lib.backend().isa).toBe(process.env.SIMDCONV_ISA);
    }
    lib.setBackend('js');
    expect(lib.backend().name).toBe('js');
  });

  describe('threads', () => {
    const rng = new Rng(4242);
    const image32 = randomArray(rng, [1031, 517], 'float32');
    const kernel32 = randomArray(rng, [7, 6], 'float32');
    const image64 = randomArray(rng, [33, 127, 65], 'float64');
    const weights64 = randomArray(rng, [3, 4, 5], 'float64');
    const calls: [string, () => unknown, number, boolean][] = [
      ['convolve2d 1031×517 f32 ⊛ 7×6 same/symm', () => lib.convolve2d(image32, kernel32, { mode: 'same', boundary: 'symm' }), l1(kernel32) * maxAbs(image32), true],
      ['ndimage.correlate 33×127×65 f64 ⊛ 3×4×5 mirror', () => lib.ndimage.correlate(image64, weights64, { mode: 'mirror' }), l1(weights64) * maxAbs(image64), false],
      ['correlate2d 1031×517 f32 stride 2 dilation 2 padding 3', () => lib.correlate2d(image32, kernel32, { mode: 'valid', stride: 2, dilation: 2, padding: 3 }), l1(kernel32) * maxAbs(image32), true],
    ];

    it('concurrent …Async calls each match their synchronous result', async () => {
      lib.setBackend(OTHER);
      const r = new Rng(77);
      const jobs = Array.from({ length: 8 }, (_, i) => {
        const x = randomArray(r, [129 + i, 131 - i], i % 2 ? 'float32' : 'float64');
        const k = randomArray(r, [3 + (i % 4), 5 - (i % 3)], i % 2 ? 'float32' : 'float64');
        const opts = { mode: (['full', 'same', 'valid'] as const)[i % 3], boundary: (['fill', 'wrap', 'symm'] as const)[i % 3] };
        return { x, k, opts, t: (i % 2 ? 1e-5 : 1e-12) * l1(k) * maxAbs(x) };
      });
      const results = await Promise.all(jobs.map((j) => lib.correlate2dAsync(j.x, j.k, j.opts)));
      jobs.forEach((j, i) => {
        const cmp = compareArrays(results[i], lib.correlate2d(j.x, j.k, j.opts), { rtol: 0, atol: j.t });
        if (!cmp.ok) throw new Error(`job ${i}: ${cmp.message}`);
      });
    }, 60_000);

    for (const [title, call, scale, single] of calls) {
      it(`setThreads(1) and setThreads(2) agree: ${title}`, async () => {
        lib.setBackend(OTHER);
        const initial = lib.backend().threads;
        try {
          lib.setThreads(1);
          if (OTHER === 'native') expect(lib.backend().threads).toBe(1);
          const one = call() as RandomArray;
          lib.setThreads(2);
          if (OTHER === 'native') expect(lib.backend().threads).toBe(2);
          const two = call() as RandomArray;
          const t = single ? 1e-5 : 1e-12;
          const cmp = compareArrays(two, one, { rtol: t, atol: t * scale });
          if (!cmp.ok) throw new Error(`threads 2 vs 1:\n${cmp.message}`);
          const js = on('js', call);
          if (!js.ok) throw js.error;
          const cmpJs = compareArrays(two, js.value as RandomArray, { rtol: t, atol: t * scale });
          if (!cmpJs.ok) throw new Error(`threads 2 vs js:\n${cmpJs.message}`);
        } finally {
          lib.setThreads(initial > 0 ? initial : availableParallelism());
        }
      }, 60_000);
    }
  });
});
