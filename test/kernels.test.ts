// kernels.*: the matrices SPEC lists, fresh float64 arrays, and validated arguments.

import { describe, expect, it } from 'vitest';
import * as kernels from '../src/api/kernels';

const rows = (k: { data: Float64Array; shape: number[] }) =>
  Array.from({ length: k.shape[0] }, (_, r) => Array.from(k.data.subarray(r * k.shape[1], (r + 1) * k.shape[1])));
const sum = (k: { data: Float64Array }) => k.data.reduce((a, b) => a + b, 0);

describe('kernels', () => {
  it('impulse(size) has a single 1 at the centre', () => {
    expect(rows(kernels.impulse(3))).toEqual([[0, 0, 0], [0, 1, 0], [0, 0, 0]]);
    expect(rows(kernels.impulse(1))).toEqual([[1]]);
    const k = kernels.impulse(5);
    expect(k.data[12]).toBe(1);
    expect(sum(k)).toBe(1);
  });

  it('box(size) is constant and sums to 1, even sizes included', () => {
    for (const n of [1, 2, 3, 4, 7]) {
      const k = kernels.box(n);
      expect(k.shape).toEqual([n, n]);
      expect(sum(k)).toBeCloseTo(1, 14);
      expect(new Set(k.data).size).toBe(1);
    }
  });

  it('gaussian(size, sigma) is symmetric, peaks at the centre and sums to 1', () => {
    const k = kernels.gaussian(5, 1.2);
    expect(k.shape).toEqual([5, 5]);
    expect(sum(k)).toBeCloseTo(1, 14);
    expect(k.data[12]).toBe(Math.max(...k.data));
    expect(rows(k)).toEqual(rows(k).map((r) => r.slice().reverse()));
    // separable: the outer product of exp(-x²/2σ²) normalised
    const g = [-2, -1, 0, 1, 2].map((x) => Math.exp(-(x * x) / (2 * 1.44)));
    const s = g.reduce((a, b) => a + b);
    expect(k.data[0]).toBeCloseTo((g[0] * g[0]) / (s * s), 15);
  });

  it("gaussian's default sigma follows OpenCV's rule 0.3·((size−1)/2 − 1) + 0.8", () => {
    expect(Array.from(kernels.gaussian(7).data)).toEqual(Array.from(kernels.gaussian(7, 0.3 * (3 - 1) + 0.8).data));
    expect(Array.from(kernels.gaussian(3).data)).toEqual(Array.from(kernels.gaussian(3, 0.8).data));
    expect(rows(kernels.gaussian(1))).toEqual([[1]]);
  });

  it('sobel and prewitt in the four directions', () => {
    expect(rows(kernels.prewitt('horiz'))).toEqual([[1, 1, 1], [0, 0, 0], [-1, -1, -1]]);
    expect(rows(kernels.prewitt('vert'))).toEqual([[1, 0, -1], [1, 0, -1], [1, 0, -1]]);
    expect(rows(kernels.prewitt('ldiag'))).toEqual([[1, 1, 0], [1, 0, -1], [0, -1, -1]]);
    expect(rows(kernels.prewitt('rdiag'))).toEqual([[0, 1, 1], [-1, 0, 1], [-1, -1, 0]]);
    expect(rows(kernels.sobel('horiz'))).toEqual([[1, 2, 1], [0, 0, 0], [-1, -2, -1]]);
    expect(rows(kernels.sobel('vert'))).toEqual([[1, 0, -1], [2, 0, -2], [1, 0, -1]]);
    expect(rows(kernels.sobel('ldiag'))).toEqual([[2, 1, 0], [1, 0, -1], [0, -1, -2]]);
    expect(rows(kernels.sobel('rdiag'))).toEqual([[0, 1, 2], [-1, 0, 1], [-2, -1, 0]]);
  });

  it('scharr() is the complex kernel, interleaved (re, im)', () => {
    const k = kernels.scharr();
    expect(k.complex).toBe(true);
    expect(k.shape).toEqual([3, 3]);
    const z = Array.from({ length: 9 }, (_, i) => [k.data[2 * i], k.data[2 * i + 1]]);
    expect(z).toEqual([[-3, -3], [0, -10], [3, -3], [-10, 0], [0, 0], [10, 0], [-3, 3], [0, 10], [3, 3]]);
  });

  it('laplacian, highpass, sharpen, emboss, ripple', () => {
    expect(rows(kernels.laplacian())).toEqual([[0, 1, 0], [1, -4, 1], [0, 1, 0]]);
    expect(rows(kernels.highpass())).toEqual([[0, -1, 0], [-1, 4, -1], [0, -1, 0]]);
    expect(rows(kernels.sharpen())).toEqual([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]);
    expect(rows(kernels.sharpen(0.5))).toEqual([[0, -0.5, 0], [-0.5, 3, -0.5], [0, -0.5, 0]]);
    const id = kernels.impulse(3).data;
    expect(kernels.sharpen(0).data.every((v, i) => v === id[i])).toBe(true); // −0 === 0
    expect(rows(kernels.emboss())).toEqual([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]);
    expect(rows(kernels.ripple())).toEqual([[0, -1, Math.SQRT2], [1, 0, -1], [-Math.SQRT2, 1, 0]]);
  });

  it('every kernel is a fresh float64 array', () => {
    const all = [kernels.impulse(3), kernels.box(3), kernels.gaussian(3), kernels.sobel('vert'), kernels.prewitt('horiz'),
      kernels.scharr(), kernels.laplacian(), kernels.highpass(), kernels.sharpen(), kernels.emboss(), kernels.ripple()];
    for (const k of all) expect(k.data).toBeInstanceOf(Float64Array);
    const a = kernels.sobel('horiz');
    a.data[0] = 99;
    expect(kernels.sobel('horiz').data[0]).toBe(1);
  });
});

describe('kernel errors', () => {
  const bad: [string, () => unknown, typeof TypeError | typeof RangeError, RegExp][] = [
    ['impulse even', () => kernels.impulse(4), RangeError, /^kernels\.impulse: size must be a positive odd integer \(got 4\)/],
    ['impulse zero', () => kernels.impulse(0), RangeError, /^kernels\.impulse: size must be a positive odd integer \(got 0\)/],
    ['impulse type', () => kernels.impulse('3' as never), TypeError, /^kernels\.impulse: size must be a positive odd integer \(got '3'\)/],
    ['box fraction', () => kernels.box(2.5), RangeError, /^kernels\.box: size must be a positive integer \(got 2\.5\)/],
    ['box huge', () => kernels.box(1e6), RangeError, /^kernels\.box: size must be at most \d+ \(got 1000000\)/],
    ['box missing', () => kernels.box(undefined as never), TypeError, /^kernels\.box: size must be a positive integer \(got undefined\)/],
    ['gaussian even', () => kernels.gaussian(4), RangeError, /^kernels\.gaussian: size must be a positive odd integer/],
    ['gaussian sigma 0', () => kernels.gaussian(3, 0), RangeError, /^kernels\.gaussian: sigma must be a positive finite number \(got 0\)/],
    ['gaussian sigma NaN', () => kernels.gaussian(3, NaN), RangeError, /^kernels\.gaussian: sigma must be a finite number \(got NaN\)/],
    ['gaussian sigma type', () => kernels.gaussian(3, '1' as never), TypeError, /^kernels\.gaussian: sigma must be/],
    ['sobel dir', () => kernels.sobel('up' as never), RangeError, /^kernels\.sobel: dir must be 'horiz', 'vert', 'ldiag' or 'rdiag' \(got 'up'\)/],
    ['sobel missing', () => kernels.sobel(undefined as never), TypeError, /^kernels\.sobel: dir must be 'horiz', 'vert', 'ldiag' or 'rdiag' \(got undefined\)/],
    ['prewitt dir', () => kernels.prewitt(1 as never), TypeError, /^kernels\.prewitt: dir must be/],
    ['sharpen alpha', () => kernels.sharpen(Infinity), RangeError, /^kernels\.sharpen: alpha must be a finite number \(got Infinity\)/],
    ['sharpen type', () => kernels.sharpen('1' as never), TypeError, /^kernels\.sharpen: alpha must be a finite number/],
  ];
  for (const [name, call, cls, message] of bad) {
    it(name, () => {
      expect(call).toThrow(cls);
      expect(call).toThrow(message);
    });
  }
});
