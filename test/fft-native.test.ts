// The native FFT executor (binding/execute_fft.cc) through the addon, with hand-made plans carrying
// method: 'fft', against the direct TypeScript executor running the same plan: every border, mode
// (through the maps), stride, dilation, complex data and weights, 1-D, 2-D and 3-D, odd sizes, sizes
// spanning several tiles, the real-input transform of a single column of tiles, every ISA; plus the method field's own checks. Tolerance (issue 8): float64
// within 1e-9 and float32 within 1e-4 of max|x or fill| · Σ|w|.
//
// Skipped, with the loader's reason, when the addon is not built; with SIMDCONV_BACKEND=native a
// missing addon fails instead.

import { describe, expect, it } from 'vitest';
import { loadNative, type NativeAddon } from '../src/backend/native';
import { Border } from '../src/core/border';
import { makePlan, product, type AxisGeometry, type Plan } from '../src/core/plan';
import { executePlan } from '../src/fallback/execute';
import { geo } from './helpers/geometry';
import { Rng } from './helpers/random';

type FloatArray = Float32Array | Float64Array;
type Dtype = 'float32' | 'float64';
type FftPlan = Plan & { method?: string };

const loaded = loadNative();
const REQUIRED = process.env.SIMDCONV_BACKEND === 'native';
const SKIP_REASON = loaded.addon || REQUIRED ? null : loaded.error;
const title = (name: string): string => (SKIP_REASON === null ? name : `${name} (skipped: ${SKIP_REASON})`);

function native(): NativeAddon {
  if (!loaded.addon) throw new Error(`the native addon must load (SIMDCONV_BACKEND=native): ${loaded.error}`);
  return loaded.addon;
}

const BORDERS = [Border.Constant, Border.Wrap, Border.Reflect, Border.Mirror, Border.Nearest];

interface Case {
  plan: FftPlan;
  input: FloatArray;
}

function makeCase(rng: Rng, axes: AxisGeometry[], dtype: Dtype, o: { complexInput?: boolean; complexWeights?: boolean } = {}): Case {
  const taps = product(axes.map((a) => a.taps));
  const weights = rng.fill(o.complexWeights ? 2 * taps : taps, 'float64') as Float64Array;
  const fill: [number, number] = [rng.uniform(-3, 3), rng.uniform(-3, 3)];
  const plan: FftPlan = { ...makePlan(axes, weights, o.complexInput ?? false, o.complexWeights ?? false, fill), method: 'fft' };
  const input = rng.fill(product(axes.map((a) => a.inLen)) * (plan.complexInput ? 2 : 1), dtype);
  return { plan, input };
}

function outputFor(plan: Plan, input: FloatArray): FloatArray {
  const n = product(plan.axes.map((a) => a.outLen)) * (plan.complexInput || plan.complexWeights ? 2 : 1);
  return input instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
}

function scale(plan: Plan, input: FloatArray): number {
  let w = 0;
  for (let i = 0; i < plan.weights.length; i += plan.complexWeights ? 2 : 1) {
    w += plan.complexWeights ? Math.hypot(plan.weights[i], plan.weights[i + 1]) : Math.abs(plan.weights[i]);
  }
  let x = Math.hypot(plan.fill[0], plan.fill[1]);
  for (const v of input) x = Math.max(x, Math.abs(v));
  return w * x * (plan.complexInput ? Math.SQRT2 : 1);
}

/** Runs the plan by FFT natively and directly in TS; returns the worst error over the tolerance. */
function check({ plan, input }: Case, what: string, threads = 1): FloatArray {
  const direct = outputFor(plan, input);
  executePlan(plan, input, direct);
  const out = outputFor(plan, input);
  out.fill(Number.NaN); // every element must be written
  native().execute(plan, input, out, threads);
  const tol = (input instanceof Float32Array ? 1e-4 : 1e-9) * scale(plan, input) + Number.MIN_VALUE;
  let worst = 0;
  for (let i = 0; i < out.length; i++) if (!(Math.abs(out[i] - direct[i]) <= Math.abs(out[worst] - direct[worst]))) worst = i;
  if (out.length > 0) {
    expect(Math.abs(out[worst] - direct[worst]), `${what}: element ${worst} is ${out[worst]}, direct says ${direct[worst]} (tol ${tol})`).toBeLessThanOrEqual(tol);
  }
  return out;
}

describe.skipIf(SKIP_REASON !== null)(title('native FFT executor (method: fft)'), () => {
  const dtypes: Dtype[] = ['float32', 'float64'];

  it('1-D: every border, stride, dilation and start, real and complex', () => {
    const rng = new Rng(801);
    for (const dtype of dtypes)
      for (const border of BORDERS)
        for (const stride of [1, 2, 3])
          for (const dilation of [1, 3]) {
            const inLen = rng.int(1, 90);
            const taps = rng.int(1, 12);
            const start = rng.int(-(taps - 1) * dilation - 3, 3);
            const outLen = rng.int(1, 60);
            for (const [ci, cw] of [[false, false], [true, false], [false, true], [true, true]]) {
              const c = makeCase(rng, [geo(inLen, taps, { stride, dilation, start, outLen, border })], dtype, { complexInput: ci, complexWeights: cw });
              check(c, `${dtype} n=${inLen} k=${taps} s=${stride} d=${dilation} start=${start} out=${outLen} border=${border} c=${ci}/${cw}`);
            }
          }
  });

  it('1-D: long signals spanning many blocks and batches (SciPy full/same/valid geometry)', () => {
    const rng = new Rng(802);
    for (const dtype of dtypes)
      for (const [n, k] of [[20000, 1001], [9999, 257], [4097, 31], [777, 700]]) {
        for (const [outLen, start] of [[n + k - 1, -(k - 1)], [n, -Math.floor((k - 1) / 2)], [n - k + 1, 0]]) {
          const c = makeCase(rng, [geo(n, k, { outLen, start })], dtype);
          check(c, `${dtype} n=${n} k=${k} out=${outLen}`);
        }
      }
  });

  it('1-D: blocks long enough for the split transform, every border, stride, dilation, real and complex', () => {
    // Kernels of a few hundred taps make blocks longer than 256 points, which the executor transforms
    // by the four-step split; starts before and ends past the input exercise the gathered borders.
    const rng = new Rng(803);
    for (const dtype of dtypes)
      for (const border of BORDERS)
        for (const [stride, dilation] of [[1, 1], [2, 1], [1, 3], [3, 2]]) {
          const inLen = rng.int(1500, 4000);
          const taps = rng.int(150, 400);
          const start = rng.int(-(taps - 1) * dilation - 50, 50);
          const outLen = rng.int(200, Math.floor((inLen + (taps - 1) * dilation) / stride) + 60);
          for (const [ci, cw] of [[false, false], [true, false], [false, true], [true, true]]) {
            const c = makeCase(rng, [geo(inLen, taps, { stride, dilation, start, outLen, border })], dtype, { complexInput: ci, complexWeights: cw });
            check(c, `${dtype} n=${inLen} k=${taps} s=${stride} d=${dilation} start=${start} out=${outLen} border=${border} c=${ci}/${cw}`);
          }
        }
  });

  it('2-D: every border with stride, dilation, odd sizes, real and complex', () => {
    const rng = new Rng(803);
    for (const dtype of dtypes)
      for (const border of BORDERS)
        for (const [ci, cw] of [[false, false], [true, false], [false, true], [true, true]]) {
          const axes = [0, 1].map(() => {
            const taps = rng.int(1, 9);
            const dilation = rng.int(1, 2);
            return geo(rng.int(1, 40), taps, {
              stride: rng.int(1, 3),
              dilation,
              outLen: rng.int(1, 30),
              start: rng.int(-(taps - 1) * dilation - 2, 2),
              border,
            });
          });
          const c = makeCase(rng, axes, dtype, { complexInput: ci, complexWeights: cw });
          check(c, `${dtype} ${JSON.stringify(axes)} c=${ci}/${cw}`);
        }
  });

  it('2-D: images spanning several tiles each way, 31×31 and non-square kernels', () => {
    const rng = new Rng(804);
    for (const dtype of dtypes)
      for (const [h, w, kh, kw, border] of [
        [300, 517, 31, 31, Border.Reflect],
        [613, 129, 15, 3, Border.Wrap],
        [97, 1031, 1, 65, Border.Constant],
        [260, 260, 120, 9, Border.Nearest],
      ] as const) {
        const c = makeCase(rng, [geo(h, kh, { border }), geo(w, kw, { border })], dtype);
        check(c, `${dtype} ${h}×${w} * ${kh}×${kw}`);
      }
  });

  it('2-D real data in one column of tiles (the real-input transform): every border, even and odd tile heights, leading taps', () => {
    // One column of tiles leaves no second tile to pack, so real × real runs the real-input transform
    // whenever the tile height is even; the heights below give both even and odd transform lengths.
    const rng = new Rng(811);
    for (const dtype of dtypes)
      for (const border of BORDERS)
        for (const [h, w, kh, kw, stride] of [
          [50, 30, 7, 5, 1],
          [64, 120, 31, 31, 1],
          [101, 77, 12, 9, 2],
          [200, 60, 3, 40, 1],
        ] as const) {
          const c = makeCase(rng, [geo(h, kh, { border, stride }), geo(w, kw, { border, dilation: 2 })], dtype);
          check(c, `${dtype} ${h}×${w} * ${kh}×${kw} border=${border}`);
        }
    for (const dtype of dtypes) {
      const axes = [geo(3, 2, { border: Border.Wrap }), geo(40, 5, { border: Border.Reflect }), geo(25, 6)];
      check(makeCase(rng, axes, dtype), `${dtype} 3-D real`);
    }
  });

  it('3-D: leading taps summed in the frequency domain', () => {
    const rng = new Rng(805);
    for (const dtype of dtypes)
      for (const [ci, cw] of [[false, false], [true, true]]) {
        const axes = [geo(5, 3, { border: Border.Reflect }), geo(17, 4, { border: Border.Wrap, stride: 2 }), geo(19, 5, { dilation: 2 })];
        check(makeCase(rng, axes, dtype, { complexInput: ci, complexWeights: cw }), `${dtype} 3-D c=${ci}/${cw}`);
        const fourD = [geo(2, 2, { outLen: 3, start: -1 }), geo(3, 1), geo(11, 3), geo(9, 2)];
        check(makeCase(rng, fourD, dtype, { complexInput: ci, complexWeights: cw }), `${dtype} 4-D c=${ci}/${cw}`);
      }
  });

  it('empty inputs read only the fill value; empty outputs write nothing', () => {
    const rng = new Rng(806);
    for (const dtype of dtypes) {
      check(makeCase(rng, [geo(0, 3, { outLen: 5 })], dtype), `${dtype} empty 1-D input`);
      check(makeCase(rng, [geo(0, 3, { outLen: 4 }), geo(6, 2)], dtype), `${dtype} empty 2-D input rows`);
      check(makeCase(rng, [geo(5, 3, { outLen: 0 }), geo(6, 2)], dtype), `${dtype} empty output`);
    }
  });

  it('gives the same bits on 1 and 2 threads, and on every ISA', () => {
    const rng = new Rng(807);
    const c = makeCase(rng, [geo(700, 31, { border: Border.Reflect }), geo(650, 17)], 'float32');
    const one = check(c, 'threads 1', 1);
    const two = check(c, 'threads 2', 2);
    expect(Buffer.from(one.buffer).equals(Buffer.from(two.buffer))).toBe(true);
    const addon = native();
    const { isa, isas } = addon.info();
    try {
      for (const name of isas) {
        addon.setIsa(name);
        check(makeCase(new Rng(808), [geo(333, 21, { border: Border.Mirror }), geo(290, 13)], 'float64'), `isa ${name}`);
        check(makeCase(new Rng(809), [geo(5000, 301, { border: Border.Wrap })], 'float32'), `isa ${name} 1-D`);
      }
    } finally {
      addon.setIsa(isa);
    }
  }, 30_000); // the TS direct reference runs once per ISA: 2–8 s on a loaded 2-core machine

  it('NaN in the data spreads through the transform, as an FFT does (so the FFT path ran)', () => {
    for (const axes of [[geo(50, 5), geo(40, 5)], [geo(300, 9)]]) {
      const c = makeCase(new Rng(810), axes, 'float64');
      c.input[c.input.length - 1] = Number.NaN;
      const nans = (method: string): number => {
        const out = outputFor(c.plan, c.input);
        native().execute({ ...c.plan, method } as Plan, c.input, out, 1);
        return out.filter((v) => Number.isNaN(v)).length;
      };
      // direct: only the outputs whose window holds the NaN; FFT: every output of its tile or block
      expect(nans('direct')).toBeGreaterThan(0);
      expect(nans('fft')).toBeGreaterThan(nans('direct'));
    }
  });

  it('reads plan.method: absent or direct runs the direct path, anything else is a TypeError', () => {
    const c = makeCase(new Rng(811), [geo(30, 4)], 'float64');
    const run = (method: unknown): number[] => {
      const out = outputFor(c.plan, c.input);
      native().execute({ ...c.plan, method } as Plan, c.input, out, 1);
      return Array.from(out);
    };
    expect(run('direct')).toEqual(run(undefined));
    expect(run('fft')).not.toEqual(run(undefined)); // FFT rounding differs somewhere in 30 outputs
    for (const method of ['FFT', 'auto', 3, null]) {
      expect(() => native().execute({ ...c.plan, method } as unknown as Plan, c.input, outputFor(c.plan, c.input), 1)).toThrow(TypeError);
      expect(() => native().execute({ ...c.plan, method } as unknown as Plan, c.input, outputFor(c.plan, c.input), 1)).toThrow(/plan\.method/);
    }
  });
});
