// SciPy parity: golden cases made by SciPy itself (test/fixtures/parity, scripts/gen-parity-fixtures.py) for
// what issue 9 adds — 0-d arrays and plain numbers, empty inputs function by function, NumPy's integer mode
// codes, gaussianFilter's order/radius, the 1-D filters, gaussianLaplace, gaussianGradientMagnitude,
// correlationLags and `axes` — on both backends, each case sync and through its …Async twin.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as lib from '../src/index';
import type { NDArray } from '../src/index';
import { describeBackends } from './helpers/backends';
import { caseInputs, judgeError, judgeResult, resolve, type FnSpec } from './helpers/conformance';
import { FIXTURE_DIR, isErrorCase, loadCases, loadManifest } from './helpers/fixtures';

const DIR = join(FIXTURE_DIR, '..', 'parity');
type Args = Record<string, unknown>;
type Inputs = Record<string, NDArray>;

const pick = (a: Args, keys: string[]): Args => Object.fromEntries(keys.filter((k) => a[k] !== undefined && a[k] !== null).map((k) => [k, a[k]]));
/** With args.scalars the 0-d inputs are passed as plain JS numbers, as a SciPy user passes Python floats. */
const arg = (i: Inputs, a: Args, name: string): unknown => (a.scalars === true && i[name].shape.length === 0 ? i[name].data[0] : i[name]);

const signal = (i: Inputs, a: Args) => [arg(i, a, 'in1'), arg(i, a, 'in2'), pick(a, ['mode', 'method'])];
const signal2d = (i: Inputs, a: Args) => [i.in1, i.in2, pick(a, ['mode', 'boundary', 'fillvalue'])];
const numpy = (i: Inputs, a: Args) => [arg(i, a, 'a'), arg(i, a, 'v'), a.mode];
const ndimageNd = (i: Inputs, a: Args) => [arg(i, a, 'input'), arg(i, a, 'weights'), pick(a, ['mode', 'cval', 'origin', 'axes'])];
const ndimage1d = (i: Inputs, a: Args) => [i.input, i.weights, pick(a, ['axis', 'mode', 'cval', 'origin'])];
const laplaceLike = (i: Inputs, a: Args) => [i.input, pick(a, ['mode', 'cval', 'axes'])];
const gaussianLike = (i: Inputs, a: Args) => [i.input, a.sigma, pick(a, ['mode', 'cval', 'truncate', 'radius'])];
const gaussian = (i: Inputs, a: Args) => [i.input, a.sigma, pick(a, ['order', 'mode', 'cval', 'truncate', 'radius', 'axes'])];
const uniform = (i: Inputs, a: Args) =>
  a.size === undefined ? [i.input, pick(a, ['mode', 'cval', 'origin', 'axes'])] : [i.input, a.size, pick(a, ['mode', 'cval', 'origin', 'axes'])];

const spec = (fn: string, api: string, args: FnSpec['args']): FnSpec => {
  const dot = api.indexOf('.');
  return dot < 0 ? { fn, api, ns: null, name: api, args } : { fn, api, ns: api.slice(0, dot), name: api.slice(dot + 1), args };
};

const SPECS: FnSpec[] = [
  spec('np_convolve', 'numpy.convolve', numpy),
  spec('np_correlate', 'numpy.correlate', numpy),
  spec('convolve', 'convolve', signal),
  spec('correlate', 'correlate', signal),
  spec('fftconvolve', 'fftconvolve', (i, a) => [arg(i, a, 'in1'), arg(i, a, 'in2'), pick(a, ['mode'])]),
  spec('fftconvolve', 'oaconvolve', (i, a) => [arg(i, a, 'in1'), arg(i, a, 'in2'), pick(a, ['mode'])]), // SciPy's oaconvolve answers alike
  spec('fftconvolve_axes', 'fftconvolve', (i, a) => [i.in1, i.in2, pick(a, ['mode', 'axes'])]),
  spec('fftconvolve_axes', 'oaconvolve', (i, a) => [i.in1, i.in2, pick(a, ['mode', 'axes'])]),
  spec('convolve2d', 'convolve2d', signal2d),
  spec('correlate2d', 'correlate2d', signal2d),
  spec('ndimage_convolve', 'ndimage.convolve', ndimageNd),
  spec('ndimage_correlate', 'ndimage.correlate', ndimageNd),
  spec('ndimage_convolve_axes', 'ndimage.convolve', ndimageNd),
  spec('ndimage_correlate_axes', 'ndimage.correlate', ndimageNd),
  spec('ndimage_convolve1d', 'ndimage.convolve1d', ndimage1d),
  spec('ndimage_correlate1d', 'ndimage.correlate1d', ndimage1d),
  spec('gaussian_filter', 'ndimage.gaussianFilter', gaussian),
  spec('gaussian_filter_axes', 'ndimage.gaussianFilter', gaussian),
  spec('gaussian_filter1d', 'ndimage.gaussianFilter1d', (i, a) => [i.input, a.sigma, pick(a, ['axis', 'order', 'mode', 'cval', 'truncate', 'radius'])]),
  spec('uniform_filter', 'ndimage.uniformFilter', uniform),
  spec('uniform_filter_axes', 'ndimage.uniformFilter', uniform),
  spec('uniform_filter1d', 'ndimage.uniformFilter1d', (i, a) => [i.input, a.size, pick(a, ['axis', 'mode', 'cval', 'origin'])]),
  spec('gaussian_laplace', 'ndimage.gaussianLaplace', gaussianLike),
  spec('gaussian_gradient_magnitude', 'ndimage.gaussianGradientMagnitude', gaussianLike),
  spec('sobel', 'ndimage.sobel', (i, a) => [i.input, pick(a, ['axis', 'mode', 'cval'])]),
  spec('prewitt', 'ndimage.prewitt', (i, a) => [i.input, pick(a, ['axis', 'mode', 'cval'])]),
  spec('laplace', 'ndimage.laplace', laplaceLike),
  spec('laplace_axes', 'ndimage.laplace', laplaceLike),
];
/** Pure index arithmetic: no backend, no async twin. */
const LAGS = spec('correlation_lags', 'correlationLags', (_i, a) => [a.in1_len, a.in2_len, a.mode]);

const manifest = loadManifest(DIR);

describe('parity fixtures', () => {
  it('every file in the manifest is present with its case count and has a call mapping', () => {
    const mapped = new Set([...SPECS, LAGS].map((s) => s.fn));
    let total = 0;
    for (const [file, info] of Object.entries(manifest.files)) {
      const fn = file.replace(/\.json$/, '');
      expect(loadCases(fn, DIR).length, file).toBe(info.cases);
      expect(mapped.has(fn), `${fn} has no call mapping`).toBe(true);
      total += info.cases;
    }
    expect(total).toBe(manifest.total_cases);
  });

  it('correlationLags agrees with scipy.signal.correlation_lags', () => {
    const f = resolve(LAGS)!;
    for (const c of loadCases(LAGS.fn, DIR)) {
      const failure = judgeResult(c, f(...LAGS.args({}, c.args)));
      if (failure) throw new Error(failure);
    }
  });
});

/** Run one case through `f`; an error case must throw (or reject) a TypeError/RangeError naming the function. */
async function check(s: FnSpec, c: ReturnType<typeof loadCases>[number], asyncTwin: boolean): Promise<string | null> {
  const f = resolve(s, asyncTwin);
  if (!f) return `${s.api}${asyncTwin ? 'Async' : ''} is not exported`;
  try {
    return judgeResult(c, await f(...s.args(caseInputs(c), c.args)));
  } catch (err) {
    if (!isErrorCase(c)) return `${c.id}: threw ${String(err)}\n  ${c.ref ?? ''}`;
    const api = asyncTwin ? `${s.api}Async` : s.api;
    return judgeError(s, c, err) && judgeError(s, c, err, api);
  }
}

describeBackends(() => {
  for (const s of SPECS) {
    describe(`${s.fn} → ${s.api}`, () => {
      for (const c of loadCases(s.fn, DIR)) {
        it(c.id, async () => {
          for (const asyncTwin of [false, true]) {
            const failure = await check(s, c, asyncTwin);
            if (failure !== null) throw new Error(`${asyncTwin ? '[async] ' : ''}${failure}`);
          }
        });
      }
    });
  }
});

// SciPy's calling habits next to the options object, and `axes` from its definition.
describeBackends(() => {
  const rng = (n: number, seed: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * 43758.5453 % 1);
  const img = { data: rng(6 * 5, 1), shape: [6, 5] };
  const rgb = { data: rng(6 * 5 * 3, 2), shape: [6, 5, 3] };
  const same = (a: NDArray, b: NDArray) => {
    expect(a.shape).toEqual(b.shape);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  };
  const nd = lib.ndimage;

  it('positional arguments mean what SciPy means by them', async () => {
    same(nd.sobel(img, 0), nd.sobel(img, { axis: 0 }));
    same(nd.prewitt(img, 0, { mode: 'wrap' }), nd.prewitt(img, { axis: 0, mode: 'wrap' }));
    same(nd.gaussianFilter(img, 1.5, [1, 0]), nd.gaussianFilter(img, 1.5, { order: [1, 0] }));
    same(nd.gaussianFilter(img, 1.5, 2, { mode: 'nearest' }), nd.gaussianFilter(img, 1.5, { order: 2, mode: 'nearest' }));
    same(nd.gaussianFilter1d(img, 1.2, 0, 1), nd.gaussianFilter1d(img, 1.2, { axis: 0, order: 1 }));
    same(nd.uniformFilter1d(img, 4, 0, { origin: -1 }), nd.uniformFilter1d(img, 4, { axis: 0, origin: -1 }));
    same(nd.correlate1d(img, [1, 2, 4], 0), nd.correlate1d(img, [1, 2, 4], { axis: 0 }));
    same(nd.convolve1d(img, [1, 2, 4], 0, { mode: 'mirror' }), nd.convolve1d(img, [1, 2, 4], { axis: 0, mode: 'mirror' }));
    same(nd.uniformFilter(img), nd.uniformFilter(img, 3));
    same(nd.uniformFilter(img, { mode: 'wrap' }), nd.uniformFilter(img, 3, { mode: 'wrap' }));
    same(await nd.sobelAsync(img, 0), nd.sobel(img, { axis: 0 }));
    same(await nd.gaussianFilterAsync(img, 1.5, 1), nd.gaussianFilter(img, 1.5, { order: 1 }));
  });

  it('plain numbers are 0-d arrays: convolve(1289, 4567) = 5886863', async () => {
    same(lib.convolve(1289, 4567), { data: Float64Array.of(5886863), shape: [] });
    same(await lib.fftconvolveAsync(2, -3), { data: Float64Array.of(-6), shape: [] });
    expect(lib.chooseMethod([], [1, 2])).toBe('direct'); // as scipy.signal.choose_conv_method
    same(lib.numpy.convolve(3, [1, 2]), { data: Float64Array.of(3, 6), shape: [2] });
    same(nd.correlate(5, 2), { data: Float64Array.of(10), shape: [] });
  });

  it("gaussianFilter(rgb, σ, { axes: [0, 1] }) blurs each channel as a 2-D image, and axes [0, 1, 2] is the default", () => {
    const r = nd.gaussianFilter(rgb, 1.3, { axes: [0, 1], mode: 'nearest' });
    for (let c = 0; c < 3; c++) {
      const plane = { data: Float64Array.from({ length: 30 }, (_, i) => rgb.data[i * 3 + c]), shape: [6, 5] };
      const want = nd.gaussianFilter(plane, 1.3, { mode: 'nearest' });
      want.data.forEach((v, i) => expect(r.data[i * 3 + c]).toBeCloseTo(v, 14));
    }
    same(nd.gaussianFilter(rgb, 1.3, { axes: [0, 1, 2] }), nd.gaussianFilter(rgb, 1.3));
    same(nd.uniformFilter(rgb, 3, { axes: [-1] }), nd.uniformFilter(rgb, [1, 1, 3]));
    same(nd.laplace(rgb, { axes: [2, 0] }), nd.laplace(rgb, { axes: [0, 2] }));
  });

  it('fftconvolve with axes and a kernel per channel: one plan per channel, written into out, sync and async alike', async () => {
    const k = { data: rng(2 * 2 * 3, 3), shape: [2, 2, 3] };
    const r = lib.fftconvolve(rgb, k, { axes: [0, 1], mode: 'same' });
    for (let c = 0; c < 3; c++) {
      const plane = (x: NDArray, h: number, w: number) => ({ data: Float64Array.from({ length: h * w }, (_, i) => x.data[i * 3 + c]), shape: [h, w] });
      const want = lib.convolve(plane(rgb, 6, 5), plane(k, 2, 2), { mode: 'same', method: 'direct' });
      want.data.forEach((v, i) => expect(r.data[i * 3 + c]).toBeCloseTo(v, 12));
    }
    const out = new Float64Array(r.data.length);
    expect(lib.fftconvolve(rgb, k, { axes: [0, 1], mode: 'same', out }).data).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(r.data));
    same(await lib.oaconvolveAsync(rgb, k, { axes: [0, 1], mode: 'same' }), r);
    await expect(lib.fftconvolveAsync(rgb, k, { axes: [0, 1], stride: 2 })).rejects.toThrow(/^fftconvolve: stride must be left out when axes is given/);
  });

  it('gaussianFilter1d order 1 of a ramp is its slope away from the borders, order 2 is 0', () => {
    const ramp = Float64Array.from({ length: 40 }, (_, i) => 0.5 * i);
    const d1 = nd.gaussianFilter1d(ramp, 2, { order: 1 });
    const d2 = nd.gaussianFilter1d(ramp, 2, { order: 2 });
    for (let i = 10; i < 30; i++) {
      expect(d1.data[i]).toBeCloseTo(0.5, 3); // the kernel is truncated at 4σ
      expect(Math.abs(d2.data[i])).toBeLessThan(2e-4 * ramp[i]); // Σ of the truncated second derivative is not exactly 0
    }
    const flat = nd.gaussianFilter1d(new Float64Array(20).fill(7), 1.5, { order: 1 });
    flat.data.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-12)); // odd orders are antisymmetric: Σ w = 0
  });

  it('empty input: convolve2d with fill reads only fillvalue; numpy, 1-D full and wrap still throw', () => {
    const e = { data: new Float64Array(0), shape: [0, 3] };
    same(lib.convolve2d(e, [[1, 2], [3, 4]], { fillvalue: 2 }), { data: new Float64Array(4).fill(20), shape: [1, 4] });
    expect(() => lib.convolve2d(e, [[1]], { boundary: 'symm' })).toThrow(RangeError);
    expect(() => lib.convolve([], [1, 2])).toThrow(/^convolve: in1 must be non-empty/);
    expect(() => lib.numpy.convolve([], [1, 2])).toThrow(/^numpy\.convolve: a must be non-empty/);
    same(lib.fftconvolve({ data: new Float32Array(0), shape: [0, 2] }, [[1]]), { data: new Float64Array(0), shape: [0] });
  });
});
