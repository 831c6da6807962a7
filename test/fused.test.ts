// The fused separable path of the native executor (2-D factored plans whose lead axis has stride 1
// and dilation 1: a ring of filtered rows per column strip, several output rows per column pass,
// non-temporal stores for large outputs) against the naive oracle of the plan formula, on every ISA,
// both dtypes, 1 and 2 threads, every border, odd widths and vector tails; the js backend runs the
// same cases. Wide rows split into column strips; a lead stride of 2 keeps the unfused factored path.
// Zero lead weights skip their rows (a NaN there does not spread), so NaN/±∞ cases use lead
// factors without zeros; zeros are tested with finite data.

import { afterAll, describe, expect, it } from 'vitest';
import { loadNative } from '../src/backend/native';
import { Border } from '../src/core/border';
import type { FloatArray } from '../src/core/ndarray';
import { makePlan, type AxisGeometry, type Plan } from '../src/core/plan';
import { factorise } from '../src/core/separable';
import { BACKENDS } from './helpers/backends';
import { naiveExecute } from './helpers/oracle';
import { expectOracle, runPlan, type Dtype } from './helpers/plan_check';
import { Rng } from './helpers/random';

const BORDERS = [Border.Constant, Border.Wrap, Border.Reflect, Border.Mirror, Border.Nearest];

function axis(rng: Rng, inLen: number, taps: number, stride = 1): AxisGeometry {
  return { inLen, taps, stride, dilation: 1, outLen: Math.ceil(inLen / stride), start: -(taps >> 1) - rng.int(0, 1), border: rng.pick(BORDERS) };
}

/** A factor of `n` taps: mirrored (Gaussian-like or derivative-like) or not, zeros only if asked. */
function factor(rng: Rng, n: number, zeros: boolean): Float64Array {
  const f = Float64Array.from({ length: n }, () => (zeros && rng.bool(0.3) ? 0 : rng.uniform(0.1, 1) * (rng.bool() ? 1 : -1)));
  const mirror = rng.int(0, 2);
  for (let t = 0; t < n >> 1; t++) if (mirror > 0) f[n - 1 - t] = mirror === 1 ? f[t] : -f[t];
  if (f.every((v) => v === 0)) f[0] = 1;
  return f;
}

interface Case { plan: Plan; input: FloatArray; dtype: Dtype; }

/**
 * wide: a few float64 rows of thousands of columns and 30–40 lead taps, so that rows split into
 * strips (the ring's budget, 512 KiB, holds 1394–1724 columns of 8 + kh − 1 rows).
 */
function caseOf(seed: number, bad: number | null, wide: boolean, leadStride = 1): Case {
  const rng = new Rng(seed);
  const dtype: Dtype = wide || rng.bool() ? 'float64' : 'float32';
  // Sizes factorise() factors: kh·kw ≥ 2·(kh + kw).
  const kh = wide ? rng.int(30, 40) : rng.pick([4, 5, 7, 9, 9, 11, 13]);
  const kw = wide ? rng.pick([4, 5, 7]) : rng.pick([4, 5, 7, 8, 9, 15]);
  const rows = wide ? rng.int(1, 3) : rng.int(1, 40), cols = wide ? rng.int(1800, 3600) : rng.int(1, 150);
  const rowStride = rng.pick([1, 1, 1, 2, 3]);
  const axes = [axis(rng, rows, kh, leadStride), axis(rng, cols, kw, wide ? 1 : rowStride)];
  const lead = factor(rng, kh, bad === null), row = factor(rng, kw, false);
  const w = Float64Array.from({ length: kh * kw }, (_, i) => lead[Math.floor(i / kw)] * row[i % kw]);
  const plan = factorise(makePlan(axes, w, false, false, [rng.uniform(-1, 1), 0]), dtype);
  const input = rng.fill(rows * cols, dtype);
  if (bad !== null) for (let i = 0; i < 3; i++) input[rng.int(0, input.length - 1)] = bad;
  return { plan, input, dtype };
}

const addon = loadNative().addon;

const isas = addon?.info().isas ?? [];
const startIsa = addon?.info().isa;

const SUITES: [string, (seed: number, bad: number | null) => Case, number[]][] = [
  ['images', (seed, bad) => caseOf(seed, bad, false), Array.from({ length: 50 }, (_, i) => 5100 + i)],
  ['wide rows in column strips', (seed, bad) => caseOf(seed, bad, true), Array.from({ length: 4 }, (_, i) => 5300 + i)],
  ['lead stride 2 (unfused)', (seed, bad) => caseOf(seed, bad, false, 2), Array.from({ length: 12 }, (_, i) => 5400 + i)],
];

describe.each(BACKENDS)('$name: the fused separable path against the oracle', (b) => {
  afterAll(() => addon?.setIsa(startIsa as string));
  const variants = b.name === 'js' ? [['js', 1]] : isas.flatMap((isa) => [[isa, 1], [isa, 2]]);
  for (const [name, make, seeds] of SUITES) {
    for (const bad of [null, NaN, Infinity, -Infinity]) {
      it.skipIf(b.skipReason !== null)(`${b.label}: ${name}, data ${bad === null ? 'finite, zero lead weights' : `with ${bad}`}`, () => {
        expect(variants.length).toBeGreaterThan(0);
        const cases = seeds.map((seed) => ({ seed, ...make(seed, bad) })).map((c) => ({ ...c, want: naiveExecute(c.plan, c.input) }));
        for (const c of cases) expect(c.plan.factors, `seed ${c.seed}`).toBeDefined();
        for (const [isa, threads] of variants as [string, number][]) {
          if (b.name !== 'js') addon!.setIsa(isa);
          for (const { seed, plan, input, dtype, want } of cases) {
            expectOracle(runPlan(b.name, plan, input, dtype, threads), want, plan, input, dtype, `${isa}, ${threads} thread(s), seed ${seed}, ${dtype}`);
          }
        }
      }, 30_000);
    }
  }
});

describe.skipIf(BACKENDS[1].skipReason !== null)('native: the cases above take the paths they are named for', () => {
  afterAll(() => addon?.setIsa(startIsa as string));
  it('fused for images, fused in several strips for wide rows, unfused for a lead stride of 2', () => {
    addon!.setIsa(startIsa as string);
    const traceOf = ({ plan, input, dtype }: Case): string => {
      const out = dtype === 'float32' ? new Float32Array(plan.axes[0].outLen * plan.axes[1].outLen) : new Float64Array(plan.axes[0].outLen * plan.axes[1].outLen);
      return addon!.execute(plan, input, out, 1, true) as string;
    };
    for (const seed of SUITES[0][2]) expect(traceOf(SUITES[0][1](seed, null)), `seed ${seed}`).toContain('fused: 8 output rows per column pass');
    for (const seed of SUITES[1][2]) {
      const c = SUITES[1][1](seed, null);
      const strip = Number(/, (\d+)-column strips/.exec(traceOf(c))?.[1]);
      expect(strip, `seed ${seed}`).toBeLessThan(c.plan.axes[1].outLen);
    }
    for (const seed of SUITES[2][2]) expect(traceOf(SUITES[2][1](seed, null)), `seed ${seed}`).not.toContain('fused');
  });
});

describe.skipIf(BACKENDS[1].skipReason !== null)('native: the fused path with non-temporal stores (a large output)', () => {
  afterAll(() => addon?.setIsa(startIsa as string));
  it('gives the bits of the same call on a small output, row for row, on every ISA and thread count', () => {
    // 1100 rows × 1001 float32 is 4.4 MB of output (streamed); its first 30 rows alone are not.
    const rng = new Rng(78);
    const g = Float64Array.from({ length: 9 }, (_, i) => Math.exp(-((i - 4) ** 2) / 6));
    const w = Float64Array.from({ length: 81 }, (_, i) => g[Math.floor(i / 9)] * g[i % 9]);
    const big = [{ ...axis(rng, 1100, 9), start: -4, border: Border.Reflect }, { ...axis(rng, 1001, 9), start: -4, border: Border.Nearest }];
    const small = [{ ...big[0], inLen: 34, outLen: 30 }, big[1]];
    const input = rng.fill(1100 * 1001, 'float32');
    const smallPlan = factorise(makePlan(small, w, false, false, [0, 0]), 'float32');
    for (const isa of isas) {
      addon!.setIsa(isa);
      for (const threads of [1, 2]) {
        const full = runPlan('native', factorise(makePlan(big, w, false, false, [0, 0]), 'float32'), input, 'float32', threads);
        // The first 30 output rows read input rows 0…33 only (reflect above, 4 rows below).
        const part = runPlan('native', smallPlan, input.subarray(0, 34 * 1001), 'float32', 1);
        const same = Buffer.from(part.buffer).equals(Buffer.from(full.buffer, 0, part.byteLength));
        expect(same, `${isa}, ${threads} thread(s)`).toBe(true);
      }
      expectOracle(runPlan('native', smallPlan, input.subarray(0, 34 * 1001), 'float32', 1), naiveExecute(smallPlan, input.subarray(0, 34 * 1001)), smallPlan, input, 'float32', isa);
    }
  });
});
