// method: 'auto' and chooseMethod (the cost model of src/core/cost.ts), oaconvolve, and the golden
// fft-tagged cases re-run with 'auto' (whatever it picks, the answer must stay within the fixture's
// tolerance).

import { describe, expect, it } from 'vitest';
import * as sc from '../src/index';
import { COSTS, directWork, fftWork } from '../src/core/cost';
import { planOf } from '../src/run';
import { lowerConvolve } from '../src/api/signal';
import { describeBackends } from './helpers/backends';
import { caseSkipReason, runCase, SPECS } from './helpers/conformance';
import { isErrorCase, loadCases } from './helpers/fixtures';

const zeros = (...shape: number[]) => ({ data: new Float64Array(shape.reduce((p, d) => p * d, 1)), shape });
const random = (seed: number, ...shape: number[]) => {
  let s = seed;
  const data = new Float64Array(shape.reduce((p, d) => p * d, 1)).map(() => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5);
  return { data, shape };
};

describeBackends(() => {
  it('keeps 3×3 direct, and sends a large kernel to the FFT (both backends have one)', () => {
    expect(sc.chooseMethod(zeros(2048, 2048), zeros(3, 3), 'same')).toBe('direct');
    expect(sc.chooseMethod(zeros(2048, 2048), random(1, 31, 31), 'same')).toBe('fft');
    expect(sc.chooseMethod(zeros(1_000_000), zeros(1001))).toBe('fft');
  });

  it("validates like convolve, naming chooseMethod", () => {
    expect(() => sc.chooseMethod([1, 2], [[1]])).toThrow(/^chooseMethod: in2/);
    expect(() => sc.chooseMethod([1, 2], [1], { method: 'fft' } as never)).toThrow(/chooseMethod: options must only use/);
  });

  it("'auto' gives the answer of the path it picks", () => {
    const x = random(2, 300, 310), w = random(3, 31, 31);
    const picked = sc.chooseMethod(x, w, 'same');
    const auto = sc.convolve(x, w, 'same');
    const chosen = sc.convolve(x, w, { mode: 'same', method: picked });
    expect(Array.from(auto.data)).toEqual(Array.from(chosen.data));
  });

  it('oaconvolve equals convolve, and its async twin equals it', async () => {
    const x = random(4, 5000), w = random(5, 257);
    for (const mode of ['full', 'same', 'valid'] as const) {
      const want = sc.convolve(x, w, { mode, method: 'direct' });
      const got = sc.oaconvolve(x, w, mode);
      expect(got.shape).toEqual(want.shape);
      for (let i = 0; i < want.data.length; i++) expect(Math.abs(got.data[i] - want.data[i])).toBeLessThan(1e-12 * 257);
    }
    expect(Array.from((await sc.oaconvolveAsync(x, w, 'same')).data)).toEqual(Array.from(sc.oaconvolve(x, w, 'same').data));
    await expect(sc.oaconvolveAsync(x, [[1]])).rejects.toThrow(/^oaconvolve: in2/);
  });

  for (const fn of ['convolve', 'correlate']) {
    it(`golden fft-tagged ${fn} cases pass with method 'auto' too`, () => {
      const spec = SPECS.find((s) => s.fn === fn)!;
      const cases = loadCases(fn).filter((c) => (c.args as Record<string, unknown>).method === 'fft' && !isErrorCase(c) && caseSkipReason(c) === null);
      expect(cases.length).toBeGreaterThan(0);
      for (const c of cases) {
        const auto = { ...c, args: { ...(c.args as Record<string, unknown>), method: 'auto' } };
        expect(runCase(spec, auto).failure, c.id).toBeNull();
      }
    });
  }
});

describe('cost model', () => {
  it('counts multiply-adds of the direct and separable sums', () => {
    const plan = planOf({ ...lowerConvolve(zeros(100, 100), random(6, 5, 7), 'valid'), method: 'direct' });
    expect(directWork(plan)).toBe(96 * 94 * 35);
    const gauss = [[1, 2, 1], [2, 4, 2], [1, 2, 1], [2, 4, 2], [1, 2, 1]].map((r) => [...r, ...r, ...r]);
    const sep = planOf({ ...lowerConvolve(zeros(100, 100), gauss, 'valid'), method: 'direct' });
    expect(sep.factors).toBeDefined();
    expect(directWork(sep)).toBe(96 * 92 * (5 + 9));
  });

  it('prices fewer FFT units for real data than for complex', () => {
    const x = random(7, 500, 500), w = random(8, 21, 21);
    const real = planOf({ ...lowerConvolve(x, w), method: 'fft' });
    const cplx = planOf({ ...lowerConvolve(sc.complex(x, x), w), method: 'fft' });
    expect(fftWork(real) * 2).toBeCloseTo(fftWork(cplx), 6);
  });

  it('has a positive measured constant for every direct path', () => {
    for (const byType of Object.values(COSTS)) for (const c of Object.values(byType)) expect(c.direct).toBeGreaterThan(0);
  });
});
