// ndimage.gaussianFilter / uniformFilter / sobel / prewitt / laplace: SciPy's golden cases on both
// backends (sync and async), the semantics SciPy users rely on, and every bad argument.

import { describe, expect, it } from 'vitest';
import * as filters from '../src/api/filters';
import { correlate, correlate1d } from '../src/api/ndimage';
import { describeBackends } from './helpers/backends';
import { caseInputs, judgeError, judgeResult, type FnSpec } from './helpers/conformance';
import { isErrorCase, loadCases } from './helpers/fixtures';
import { Rng } from './helpers/random';

type Call = (...args: unknown[]) => unknown;
const pick = (args: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.filter((k) => args[k] !== undefined).map((k) => [k, args[k]]));

/** fixture fn → how its case calls the filter. */
const CASES: { fn: string; api: string; name: keyof typeof filters; args: FnSpec['args'] }[] = [
  { fn: 'gaussian_filter', api: 'ndimage.gaussianFilter', name: 'gaussianFilter', args: (i, a) => [i.input, a.sigma, pick(a, ['truncate', 'mode', 'cval'])] },
  { fn: 'uniform_filter', api: 'ndimage.uniformFilter', name: 'uniformFilter', args: (i, a) => [i.input, a.size, pick(a, ['mode', 'cval', 'origin'])] },
  { fn: 'sobel', api: 'ndimage.sobel', name: 'sobel', args: (i, a) => [i.input, pick(a, ['axis', 'mode', 'cval'])] },
  { fn: 'prewitt', api: 'ndimage.prewitt', name: 'prewitt', args: (i, a) => [i.input, pick(a, ['axis', 'mode', 'cval'])] },
  { fn: 'laplace', api: 'ndimage.laplace', name: 'laplace', args: (i, a) => [i.input, pick(a, ['mode', 'cval'])] },
];

const f64 = (xs: number[]) => Float64Array.from(xs);

describeBackends(() => {
  for (const spec of CASES) {
    const fnSpec: FnSpec = { fn: spec.fn, api: spec.api, ns: 'ndimage', name: spec.name, args: spec.args };
    describe(spec.fn, () => {
      for (const c of loadCases(spec.fn)) {
        it(c.id, async () => {
          const sync = filters[spec.name] as Call;
          const asyncTwin = filters[`${spec.name}Async` as keyof typeof filters] as Call;
          for (const [f, api] of [[sync, spec.api], [asyncTwin, `${spec.api}Async`]] as const) {
            let failure: string | null;
            try {
              failure = judgeResult(c, await f(...spec.args(caseInputs(c), c.args)));
            } catch (err) {
              if (!isErrorCase(c)) throw err;
              failure = judgeError(fnSpec, c, err, spec.api) && judgeError(fnSpec, c, err, api);
            }
            if (failure !== null) throw new Error(`${api}: ${failure}`);
          }
        });
      }
    });
  }

  describe('semantics', () => {
    const rng = new Rng(7);
    const img = { data: rng.fill(9 * 7, 'float64'), shape: [9, 7] };

    it('float32 input gives float32 output, accumulated in double', () => {
      const x32 = { data: Float32Array.from(img.data), shape: [9, 7] };
      for (const r of [filters.gaussianFilter(x32, 1), filters.uniformFilter(x32, 3), filters.sobel(x32), filters.prewitt(x32), filters.laplace(x32)]) {
        expect(r.data).toBeInstanceOf(Float32Array);
        expect(r.shape).toEqual([9, 7]);
      }
    });

    it('sobel with a nonzero cval pads the intermediate result (differs from one 2-D correlation, ND12)', () => {
      const opts = { mode: 'constant', cval: 1.5 } as const;
      const seq = filters.sobel(img, { axis: 0, ...opts });
      const manual = correlate1d(correlate1d(img, [-1, 0, 1], { axis: 0, ...opts }), [1, 2, 1], { axis: 1, ...opts });
      expect(Array.from(seq.data)).toEqual(Array.from(manual.data));
      const oneShot = correlate(img, [[-1, -2, -1], [0, 0, 0], [1, 2, 1]], opts);
      expect(Array.from(seq.data)).not.toEqual(Array.from(oneShot.data));
    });

    it('sigma 0 on an axis skips it; all zero returns a fresh copy', () => {
      const rows = filters.gaussianFilter(img, [0, 1.2]);
      expect(Array.from(rows.data)).toEqual(Array.from(correlate1d(img, gaussian1d(1.2, 4), { axis: 1 }).data));
      const same = filters.gaussianFilter(img, 0);
      expect(same.data).not.toBe(img.data);
      expect(Array.from(same.data)).toEqual(Array.from(img.data));
    });

    it('even uniform sizes put the extra sample on the left (ND15)', () => {
      const r = filters.uniformFilter([0, 0, 4, 0, 0, 0], 2, { mode: 'constant' });
      expect(Array.from(r.data)).toEqual([0, 0, 2, 2, 0, 0]);
      const shifted = filters.uniformFilter([0, 0, 4, 0, 0, 0], 2, { mode: 'constant', origin: -1 });
      expect(Array.from(shifted.data)).toEqual([0, 2, 2, 0, 0, 0]);
    });

    it('mode may be given per axis', () => {
      const r = filters.laplace(img, { mode: ['wrap', 'nearest'] });
      const a = correlate1d(img, [1, -2, 1], { axis: 0, mode: 'wrap' });
      const b = correlate1d(img, [1, -2, 1], { axis: 1, mode: 'nearest' });
      expect(Array.from(r.data)).toEqual(Array.from(a.data, (v, i) => v + b.data[i]));
    });

    it('laplace on a 2-D image equals correlation with the 5-point Laplacian', () => {
      const r = filters.laplace(img, { mode: 'mirror' });
      const k = correlate(img, [[0, 1, 0], [1, -4, 1], [0, 1, 0]], { mode: 'mirror' });
      r.data.forEach((v, i) => expect(v).toBeCloseTo(k.data[i], 12));
    });

    it('writes into out, even when out is the input itself', () => {
      const x = { data: img.data.slice(), shape: [9, 7] };
      const expected = filters.gaussianFilter(x, 1.5);
      const r = filters.gaussianFilter(x, 1.5, { out: x.data });
      expect(r.data).toBe(x.data);
      expect(Array.from(x.data)).toEqual(Array.from(expected.data));
      const out = new Float64Array(63);
      expect(filters.laplace(img, { out }).data).toBe(out);
    });

    it('accepts nested arrays, complex input and empty input', () => {
      expect(Array.from(filters.sobel([1, 2, 4, 8]).data)).toEqual([1, 3, 6, 4]);
      const z = { data: f64([1, 0, 0, 1, 2, 2]), shape: [3], complex: true };
      const r = filters.uniformFilter(z, 3, { mode: 'constant' });
      expect(r.complex).toBe(true);
      expect(Array.from(r.data)).toEqual([1 / 3, 1 / 3, 1, 1, 2 / 3, 1].map((v) => expect.closeTo(v, 15)));
      expect(filters.gaussianFilter({ data: new Float64Array(0), shape: [0, 4] }, 1).shape).toEqual([0, 4]);
    });
  });
});

function gaussian1d(sigma: number, truncate: number): Float64Array {
  const r = Math.floor(truncate * sigma + 0.5);
  const w = Float64Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp((-0.5 / (sigma * sigma)) * (i - r) ** 2));
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / s);
}

describe('filter errors: class and message name the function and the argument', () => {
  const x = [[1, 2], [3, 4]];
  const bad: [string, () => unknown, typeof TypeError | typeof RangeError, RegExp][] = [
    ['input', () => filters.gaussianFilter('img' as never, 1), TypeError, /^ndimage\.gaussianFilter: input must be/],
    ['sigma missing', () => filters.gaussianFilter(x, undefined as never), TypeError, /^ndimage\.gaussianFilter: sigma must be a finite number \(got undefined\)/],
    ['sigma negative', () => filters.gaussianFilter(x, -1), RangeError, /^ndimage\.gaussianFilter: sigma must be a finite number ≥ 0 \(got -1\)/],
    ['sigma NaN', () => filters.gaussianFilter(x, NaN), RangeError, /sigma must be/],
    ['sigma per axis', () => filters.gaussianFilter(x, [1, 2, 3]), RangeError, /sigma must be a number or an array of 2 numbers/],
    ['sigma[1]', () => filters.gaussianFilter(x, [1, 'a' as never]), TypeError, /sigma\[1\] must be a finite number \(got 'a'\)/],
    ['sigma huge', () => filters.gaussianFilter(x, 1e300), RangeError, /^ndimage\.gaussianFilter: sigma must be small enough/],
    ['truncate', () => filters.gaussianFilter(x, 1, { truncate: -1 }), RangeError, /^ndimage\.gaussianFilter: truncate must be a finite number ≥ 0/],
    ['truncate type', () => filters.gaussianFilter(x, 1, { truncate: '4' as never }), TypeError, /truncate must be a finite number/],
    ['mode', () => filters.gaussianFilter(x, 1, { mode: 'symm' as never }), RangeError, /^ndimage\.gaussianFilter: mode must be 'reflect', .* \(got 'symm'\)/],
    ['mode[1]', () => filters.laplace(x, { mode: ['wrap', 'bad' as never] }), RangeError, /^ndimage\.laplace: mode\[1\] must be/],
    ['mode per axis length', () => filters.laplace(x, { mode: ['wrap'] }), RangeError, /^ndimage\.laplace: mode must be a mode or an array of 2 modes/],
    ['cval', () => filters.sobel(x, { cval: Infinity }), RangeError, /^ndimage\.sobel: cval must be a finite number \(got Infinity\)/],
    ['unknown option', () => filters.sobel(x, { sigma: 1 } as never), TypeError, /^ndimage\.sobel: options must only use axis, mode, cval, out \(got unknown option 'sigma'\)/],
    ['options string', () => filters.prewitt(x, 'reflect' as never), TypeError, /^ndimage\.prewitt: options must be an options object/],
    ['axis', () => filters.prewitt(x, { axis: 2 }), RangeError, /^ndimage\.prewitt: axis must be in \[-2, 1\] for a 2-D input \(got 2\)/],
    ['axis type', () => filters.sobel(x, { axis: 0.5 }), RangeError, /^ndimage\.sobel: axis must be an integer/],
    ['size negative', () => filters.uniformFilter(x, -1), RangeError, /^ndimage\.uniformFilter: size must be an integer ≥ 0 \(got -1\)/],
    ['size type', () => filters.uniformFilter(x, '3' as never), TypeError, /^ndimage\.uniformFilter: size must be an integer or an array of 2 integers/],
    ['size[1]', () => filters.uniformFilter(x, [3, 2.5]), RangeError, /^ndimage\.uniformFilter: size\[1\] must be an integer ≥ 0/],
    ['order negative', () => filters.gaussianFilter(x, 1, -1), RangeError, /^ndimage\.gaussianFilter: order must be an integer ≥ 0 \(got -1\)/],
    ['order[1]', () => filters.gaussianFilter(x, 1, { order: [0, 1.5] }), RangeError, /^ndimage\.gaussianFilter: order\[1\] must be an integer ≥ 0/],
    ['order twice', () => filters.gaussianFilter(x, 1, 1, { order: 1 }), TypeError, /^ndimage\.gaussianFilter: order must be given once, positionally or in options/],
    ['radius', () => filters.gaussianFilter(x, 1, { radius: -1 }), RangeError, /^ndimage\.gaussianFilter: radius must be an integer ≥ 0 \(got -1\)/],
    ['axes repeated', () => filters.gaussianFilter(x, 1, { axes: [0, -2] }), RangeError, /^ndimage\.gaussianFilter: axes must be distinct axes \(got \[0, -2\]\)/],
    ['axes range', () => filters.uniformFilter(x, 3, { axes: [2] }), RangeError, /^ndimage\.uniformFilter: axes\[0\] must be in \[-2, 1\] for a 2-D input \(got 2\)/],
    ['axes type', () => filters.laplace(x, { axes: 0 as never }), TypeError, /^ndimage\.laplace: axes must be an array of axis numbers/],
    ['sigma per axes', () => filters.gaussianFilter(x, [1, 2], { axes: [1] }), RangeError, /^ndimage\.gaussianFilter: sigma must be a number or an array of 1 numbers/],
    ['gaussianFilter1d sigma 0', () => filters.gaussianFilter1d(x, 0), RangeError, /^ndimage\.gaussianFilter1d: sigma must be a finite number > 0 \(got 0\)/],
    ['gaussianFilter1d axis', () => filters.gaussianFilter1d(x, 1, 2), RangeError, /^ndimage\.gaussianFilter1d: axis must be in \[-2, 1\]/],
    ['gaussianFilter1d mode per axis', () => filters.gaussianFilter1d(x, 1, { mode: ['wrap'] as never }), TypeError, /^ndimage\.gaussianFilter1d: mode must be/],
    ['uniformFilter1d size 0', () => filters.uniformFilter1d(x, 0), RangeError, /^ndimage\.uniformFilter1d: size must be an integer ≥ 1 \(got 0\)/],
    ['uniformFilter1d origin', () => filters.uniformFilter1d(x, 4, { origin: 2 }), RangeError, /^ndimage\.uniformFilter1d: origin must be between -2 and 1 for size 4/],
    ['uniformFilter1d extra argument', () => (filters.uniformFilter1d as (...a: unknown[]) => unknown)(x, 3, 0, {}, 5), TypeError, /^ndimage\.uniformFilter1d: arguments must be axis then one options object/],
    ['gaussianGradientMagnitude complex', () => filters.gaussianGradientMagnitude({ data: new Float64Array(4), shape: [2], complex: true }, 1), TypeError, /^ndimage\.gaussianGradientMagnitude: input must be a real array/],
    ['gaussianLaplace option', () => filters.gaussianLaplace(x, 1, { order: 1 } as never), TypeError, /^ndimage\.gaussianLaplace: options must only use truncate, radius, mode, cval, out/],
    ['origin', () => filters.uniformFilter(x, 3, { origin: 2 }), RangeError, /^ndimage\.uniformFilter: origin must be between -1 and 1 for size 3 \(got 2\)/],
    ['origin[0]', () => filters.uniformFilter(x, [4, 3], { origin: [2, 0] }), RangeError, /^ndimage\.uniformFilter: origin\[0\] must be between -2 and 1 for size 4/],
    ['out type', () => filters.laplace(x, { out: new Float32Array(4) }), TypeError, /^ndimage\.laplace: out must be a Float64Array \(the result's precision\)/],
    ['out length', () => filters.laplace(x, { out: new Float64Array(3) }), RangeError, /^ndimage\.laplace: out must be of length 4 \(got length 3\)/],
  ];
  for (const [name, call, cls, message] of bad) {
    it(name, () => {
      expect(call).toThrow(cls);
      expect(call).toThrow(message);
    });
  }

  it('async twins reject instead of throwing', async () => {
    await expect(filters.gaussianFilterAsync(x, -1)).rejects.toThrow(/^ndimage\.gaussianFilter: sigma/);
    await expect(filters.sobelAsync(x, { axis: 5 })).rejects.toThrow(RangeError);
  });
});
