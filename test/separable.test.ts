// The separable fast path must give the direct sum's answer: compare the public call (which
// separates rank-1 kernels) with the js executor running the same plan unseparated.
import { describe, expect, it } from 'vitest';
import * as sc from '../src/index';
import { Border } from '../src/core/border';
import { makePlan, planWeights, type AxisGeometry } from '../src/core/plan';
import { factorRank1, factorise } from '../src/core/separable';
import { executePlan } from '../src/fallback/execute';
import { describeBackends } from './helpers/backends';
import { mulberry32 } from './helpers/random';

const rand = mulberry32(7);
const vec = (n: number) => Float64Array.from({ length: n }, () => rand() * 2 - 1);
function outer(...vs: Float64Array[]): { data: Float64Array; shape: number[] } {
  let data = Float64Array.of(1);
  for (const v of vs) data = Float64Array.from({ length: data.length * v.length }, (_, i) => data[Math.floor(i / v.length)] * v[i % v.length]);
  return { data, shape: vs.map((v) => v.length) };
}

describe('factorRank1', () => {
  it('recovers outer products and rejects everything else', () => {
    const k = outer(vec(5), vec(12)); // a [5, 3, 4] kernel seen as 5 leading taps × 12 … or any split
    const f = factorRank1(k.data, 5, 12);
    expect(f).not.toBeNull();
    const back = outer(f!.lead, f!.row);
    back.data.forEach((v, i) => expect(v).toBeCloseTo(k.data[i], 14));
    expect(factorRank1(Float64Array.from([0, 1, 0, 1, -4, 1, 0, 1, 0]), 3, 3)).toBeNull(); // Laplacian
    expect(factorRank1(Float64Array.from([1, 2, 3, 4]), 2, 2)).toBeNull();
    expect(factorRank1(new Float64Array(4), 2, 2)).toBeNull();
  });

  it('factors 5×5 and larger rank-1 kernels but leaves 3×3, 1-D and complex kernels direct', () => {
    const g = (taps: number[]): AxisGeometry[] => taps.map((t) => ({ inLen: 20, outLen: 20, taps: t, stride: 1, dilation: 1, start: -(t >> 1), border: Border.Reflect }));
    const plan = (k: { data: Float64Array; shape: number[] }, complex = false) =>
      makePlan(g(k.shape), planWeights(complex ? Float64Array.from(Array.from(k.data).flatMap((v) => [v, 0])) : k.data, k.shape, complex, false, false), false, complex, [0, 0]);
    expect(factorise(plan(outer(vec(5), vec(5))), 'float64').factors).toBeDefined();
    expect(factorise(plan(outer(vec(9), vec(1), vec(9))), 'float64').factors).toBeDefined();
    expect(factorise(plan(outer(vec(3), vec(3))), 'float64').factors).toBeUndefined();
    expect(factorise(plan(outer(vec(31))), 'float64').factors).toBeUndefined();
    expect(factorise(plan(outer(vec(5), vec(5)), true), 'float64').factors).toBeUndefined();
    // float32-rounded outer products are rank-1 to float32 precision only
    const k32 = outer(vec(7), vec(7));
    const rounded = { data: Float64Array.from(k32.data, Math.fround), shape: k32.shape };
    expect(factorise(plan(rounded), 'float64').factors).toBeUndefined();
    expect(factorise(plan(rounded), 'float32').factors).toBeDefined();
  });
});

describeBackends(() => {
  const image = (shape: number[]) => ({ data: vec(shape.reduce((a, b) => a * b, 1)), shape });
  it.each([
    ['fill 1.5, same', { mode: 'same', boundary: 'fill', fillvalue: 1.5 }],
    ['symm, full', { mode: 'full', boundary: 'symm' }],
    ['wrap, valid', { mode: 'valid', boundary: 'wrap' }],
    ['stride 2, padding 2, dilation 2', { mode: 'valid', stride: [2, 3], padding: 2, dilation: 2, fillvalue: -1 }],
  ])('convolve2d with a rank-1 7×5 kernel: %s', (_name, opts) => {
    const x = image([23, 19]);
    const k = outer(vec(7), vec(5));
    const got = sc.convolve2d(x, k, opts as never);
    const direct = directOf(x, k, opts as Record<string, unknown>, got.shape);
    got.data.forEach((v, i) => expect(Math.abs(v - direct[i])).toBeLessThan(1e-12 * 35 * 2));
  });

  it('complex input with a rank-1 real kernel, wrap', () => {
    const x = { data: vec(2 * 21 * 18), shape: [21, 18], complex: true };
    const k = outer(vec(5), vec(6));
    const opts = { mode: 'same', boundary: 'wrap' } as const;
    const got = sc.convolve2d(x, k, opts);
    const e = { data: new Float64Array(k.data.length), shape: k.shape };
    e.data[0] = 1;
    const a = sc.convolve2d(x, { data: k.data.map((v, i) => v + e.data[i]), shape: k.shape }, opts);
    const b = sc.convolve2d(x, e, opts);
    expect(got.complex).toBe(true);
    got.data.forEach((v, i) => expect(Math.abs(v - (a.data[i] - b.data[i]))).toBeLessThan(1e-12 * 30 * 2));
  });

  it('ndimage.correlate on [h, w, 3] with a rank-1 (5, 5, 1) kernel, constant cval', () => {
    const x = image([17, 13, 3]);
    const k = outer(vec(5), vec(5), Float64Array.of(1));
    const got = sc.ndimage.correlate(x, k, { mode: 'constant', cval: 2 });
    const geometry = x.shape.map((n, i) => ({ inLen: n, outLen: n, taps: k.shape[i], stride: 1, dilation: 1, start: -(k.shape[i] >> 1), border: Border.Constant }));
    const plan = makePlan(geometry, planWeights(k.data, k.shape, false, false, true), false, false, [2, 0]);
    const direct = new Float64Array(got.data.length);
    executePlan(plan, x.data, direct);
    got.data.forEach((v, i) => expect(Math.abs(v - direct[i])).toBeLessThan(1e-12 * 25 * 2));
  });
});

/** convolve2d(x, k) computed without the separable path, by linearity: conv(x, k + e) − conv(x, e)
 *  where k + e (e a unit impulse in one corner) is not rank-1. */
function directOf(x: { data: Float64Array; shape: number[] }, k: { data: Float64Array; shape: number[] }, opts: Record<string, unknown>, shape: number[]): Float64Array {
  const e = { data: new Float64Array(k.data.length), shape: k.shape };
  e.data[0] = 1;
  const a = sc.convolve2d(x, { data: k.data.map((v, i) => v + e.data[i]), shape: k.shape }, opts as never);
  const b = sc.convolve2d(x, e, opts as never);
  expect(a.shape).toEqual(shape);
  return Float64Array.from(a.data, (v, i) => v - b.data[i]);
}
