// method: 'fft' computes the same plan by overlap-save: compared with the direct sum over seeded
// random shapes, modes, strides, dilations, paddings, boundaries, complex data and both precisions.

import { describe, expect, it } from 'vitest';
import * as sc from '../src/index';
import { tileAxis } from '../src/core/tiling';
import { describeBackends } from './helpers/backends';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Arr = { data: Float32Array | Float64Array; shape: number[]; complex?: boolean };

function randomArray(r: () => number, shape: number[], complex: boolean, dtype: 'float32' | 'float64'): Arr {
  const n = shape.reduce((p, d) => p * d, 1) * (complex ? 2 : 1);
  const data = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = 2 * r() - 1;
  return complex ? { data, shape, complex: true } : { data, shape };
}

/** max |a − b| ≤ tol · max|x| · Σ|w| (SPEC's scale for a sum of products). */
function expectClose(got: Arr, want: Arr, x: Arr, w: Arr, tol: number, what: string): void {
  expect(got.shape, what).toEqual(want.shape);
  expect(!!got.complex, what).toBe(!!want.complex);
  let maxX = 0, sumW = 0;
  for (let i = 0; i < x.data.length; i++) maxX = Math.max(maxX, Math.abs(x.data[i]));
  for (let i = 0; i < w.data.length; i++) sumW += Math.abs(w.data[i]);
  const scale = maxX * sumW * (x.complex && w.complex ? 2 : 1) || 1;
  let err = 0;
  for (let i = 0; i < want.data.length; i++) err = Math.max(err, Math.abs(got.data[i] - want.data[i]));
  expect(err / scale, what).toBeLessThan(tol);
}

const MODES = ['full', 'same', 'valid'] as const;

describeBackends(() => {
  it('matches the direct sum on random N-D cases (every mode, stride, dilation, padding, complex, f32/f64)', () => {
    const r = rng(2024);
    const pick = (n: number) => Math.floor(r() * n);
    for (let trial = 0; trial < 120; trial++) {
      const nd = 1 + pick(3);
      const shape = Array.from({ length: nd }, () => 1 + pick(nd === 1 ? 300 : nd === 2 ? 40 : 12));
      const kshape = shape.map((n) => 1 + pick(Math.min(n, nd === 1 ? 60 : 9)));
      const dtype = r() < 0.5 ? 'float32' : 'float64';
      const x = randomArray(r, shape, r() < 0.25, dtype);
      const w = randomArray(r, kshape, r() < 0.25, dtype);
      const mode = MODES[pick(3)];
      const custom = r() < 0.5;
      const opts = custom ? {
        mode,
        stride: Array.from({ length: nd }, () => 1 + pick(3)),
        dilation: Array.from({ length: nd }, () => 1 + pick(2)),
        padding: Array.from({ length: nd }, () => pick(3)),
      } : { mode };
      const what = `trial ${trial}: ${JSON.stringify({ shape, kshape, dtype, xc: !!x.complex, wc: !!w.complex, ...opts })}`;
      let want: Arr;
      try {
        want = sc.convolve(x, w, { ...opts, method: 'direct' }) as Arr;
      } catch (e) {
        // a geometry the API rejects must be rejected the same way by the FFT method
        expect(() => sc.convolve(x, w, { ...opts, method: 'fft' }), what).toThrow((e as Error).message);
        continue;
      }
      const tol = dtype === 'float64' ? 1e-12 : 1e-5;
      expectClose(sc.convolve(x, w, { ...opts, method: 'fft' }) as Arr, want, x, w, tol, what);
      expectClose(sc.correlate(x, w, { ...opts, method: 'fft' }) as Arr, sc.correlate(x, w, { ...opts, method: 'direct' }) as Arr, x, w, tol, what);
    }
  });

  it('fftconvolve runs the FFT and equals convolve', () => {
    const r = rng(7);
    const x = randomArray(r, [64, 70], false, 'float64');
    const w = randomArray(r, [15, 15], false, 'float64');
    for (const mode of MODES) expectClose(sc.fftconvolve(x, w, mode) as Arr, sc.convolve(x, w, { mode, method: 'direct' }) as Arr, x, w, 1e-12, mode);
  });

  it('spans several tiles on a long 1-D signal and a large image, with float32 results within 1e-4', () => {
    const r = rng(11);
    const x = randomArray(r, [20000], false, 'float32');
    const w = randomArray(r, [301], false, 'float32');
    expectClose(sc.convolve(x, w, { method: 'fft' }) as Arr, sc.convolve(x, w, { method: 'direct' }) as Arr, x, w, 1e-4, '1-D');
    const img = randomArray(r, [300, 280], false, 'float64');
    const k = randomArray(r, [31, 31], false, 'float64');
    expectClose(sc.convolve(img, k, { mode: 'same', method: 'fft' }) as Arr, sc.convolve(img, k, { mode: 'same', method: 'direct' }) as Arr, img, k, 1e-9, '2-D');
  });

  it('large tiles (one lane on js): complex data, float32, strides, fill rows and boundaries match the direct sum', () => {
    // 31×31 taps give tiles of 144², which the js executor runs one lane (tile pair) at a time, with
    // contiguous row copies and the inverse pruned to the kept rows: every path through that.
    const r = rng(13);
    const k = randomArray(r, [31, 29], false, 'float64');
    const cases: [string, Arr, Arr, Record<string, unknown>][] = [
      ['float32 full (fill rows)', randomArray(r, [170, 150], false, 'float32'), randomArray(r, [31, 29], false, 'float32'), { mode: 'full' }],
      ['stride 2 and 3, padding', randomArray(r, [160, 190], false, 'float64'), k, { mode: 'same', stride: [2, 3], padding: [4, 1] }],
      ['complex input', randomArray(r, [150, 140], true, 'float64'), k, { mode: 'valid' }],
      ['complex kernel', randomArray(r, [150, 140], false, 'float64'), randomArray(r, [31, 29], true, 'float64'), { mode: 'same' }],
    ];
    for (const [what, x, w, opts] of cases) {
      const tol = x.data instanceof Float32Array ? 1e-5 : 1e-12;
      expectClose(sc.correlate(x, w, { ...opts, method: 'fft' }) as Arr, sc.correlate(x, w, { ...opts, method: 'direct' }) as Arr, x, w, tol, what);
    }
    // convolve2d's 'auto' picks the FFT for 31×29 on both backends; ndimage.convolve always sums
    // directly, and for odd kernels its modes are convolve2d's 'same' boundaries.
    for (const [boundary, mode] of [['symm', 'reflect'], ['wrap', 'wrap'], ['fill', 'constant']] as const) {
      const x = randomArray(r, [150, 170], false, 'float64');
      const fft = sc.convolve2d(x, k, { mode: 'same', boundary, fillvalue: 2 });
      expectClose(fft as Arr, sc.ndimage.convolve(x, k, { mode, cval: 2 }) as Arr, x, k, 1e-12, boundary);
    }
  });

  it('spreads a NaN over the FFT tile that holds it, not over the whole result', () => {
    const x = new Float64Array(40000).fill(1);
    x[5] = NaN;
    const y = sc.convolve(x, new Float64Array(101).fill(1), { method: 'fft' });
    expect(Number.isNaN(y.data[5])).toBe(true);
    expect(y.data[y.data.length - 1]).toBeCloseTo(1, 9);
  });

  it('runs a huge dilated span (tiles of millions of points) directly, with the same answer', () => {
    const r = rng(5);
    const x = randomArray(r, [2100, 2100], false, 'float64');
    const w = randomArray(r, [3, 3], false, 'float64');
    const opts = { mode: 'valid', dilation: [1000, 1000] } as const; // 2160² points per tile
    expectClose(sc.convolve(x, w, { ...opts, method: 'fft' }) as Arr, sc.convolve(x, w, { ...opts, method: 'direct' }) as Arr, x, w, 1e-12, 'dilated');
  });

  it('convolveAsync with method fft equals the sync call', async () => {
    const r = rng(3);
    const x = randomArray(r, [50, 50], true, 'float64');
    const w = randomArray(r, [7, 9], false, 'float64');
    const a = await sc.convolveAsync(x, w, { method: 'fft' });
    expect(Array.from(a.data)).toEqual(Array.from(sc.convolve(x, w, { method: 'fft' }).data));
    expect(Array.from((await sc.fftconvolveAsync(x, w)).data)).toEqual(Array.from(sc.fftconvolve(x, w).data));
  });
});

describe('tileAxis', () => {
  const axis = (outLen: number, taps: number, stride = 1, dilation = 1) => ({ outLen, taps, stride, dilation });
  it('fits the dilated kernel and a whole number of strides in every tile', () => {
    for (const [outLen, taps, stride, dilation, nd] of [[2048, 31, 1, 1, 2], [1_000_000, 1001, 1, 1, 1], [100, 5, 3, 2, 1], [7, 7, 1, 1, 3], [1, 40, 2, 3, 2]]) {
      const t = tileAxis(axis(outLen, taps, stride, dilation), nd);
      expect((t.block - 1) * stride + (taps - 1) * dilation + 1).toBeLessThanOrEqual(t.L);
      expect(t.tiles * t.block).toBeGreaterThanOrEqual(outLen);
      expect((t.tiles - 1) * t.block).toBeLessThan(outLen);
    }
  });
  it('uses one tile when the whole axis is short', () => {
    expect(tileAxis(axis(50, 9), 2)).toEqual({ L: 60, block: 50, tiles: 1 });
  });
});
