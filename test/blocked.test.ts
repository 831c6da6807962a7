// The blocked 2-D path of the native executor (kernels 1…16 rows high and 3, 5 or 7 wide, taps 1…4
// apart along the rows, stride 1: several output rows per pass, zero weights skipped while the data
// is finite, non-temporal stores for large outputs) against the naive oracle of the plan formula, on
// every ISA, both dtypes, 1 and 2 threads; the js backend runs the same cases. NaN and ∞ in the data must spread exactly as the formula says
// through zero weights of a row that has a nonzero one (0·NaN = NaN, 0·∞ = NaN), as SPEC requires.

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

function axis(inLen: number, taps: number, border: Border, dilation = 1): AxisGeometry {
  return { inLen, taps, stride: 1, dilation, outLen: inLen, start: -(((taps - 1) * dilation) >> 1), border };
}

/** A kh × kw kernel with zero weights inside every row, each row keeping a nonzero one (Laplacian-like). */
function sparseWeights(rng: Rng, kh: number, kw = kh): Float64Array {
  const w = Float64Array.from({ length: kh * kw }, () => (rng.bool(0.45) ? 0 : rng.uniform(-1, 1)));
  for (let r = 0; r < kh; r++) if (w.subarray(r * kw, r * kw + kw).every((v) => v === 0)) w[r * kw + rng.int(0, kw - 1)] = 1;
  return w;
}

/** Half the seeds square at dilation 1 (the common case), the others any height, width and dilation. */
function caseOf(seed: number, bad: number | null): { plan: Plan; input: FloatArray; dtype: Dtype } {
  const rng = new Rng(seed);
  const square = seed % 2 === 0;
  const kw = rng.pick([3, 5, 7]);
  const kh = square ? kw : rng.pick([1, 2, 3, 4, 5, 6, 7, 9, 16]);
  const dil = square ? 1 : rng.int(1, 4);
  const dtype: Dtype = rng.bool() ? 'float32' : 'float64';
  const axes = [axis(rng.int(1, 40), kh, rng.pick(BORDERS)), axis(rng.int(1, 150), kw, rng.pick(BORDERS), dil)];
  const plan = factorise(makePlan(axes, sparseWeights(rng, kh, kw), false, false, [rng.uniform(-1, 1), 0]), dtype);
  const input = rng.fill(axes[0].inLen * axes[1].inLen, dtype);
  if (bad !== null) for (let i = 0; i < 3; i++) input[rng.int(0, input.length - 1)] = bad;
  return { plan, input, dtype };
}

const addon = loadNative().addon;

const SEEDS = Array.from({ length: 120 }, (_, i) => 4200 + i);
const isas = addon?.info().isas ?? [];
const startIsa = addon?.info().isa;

describe.each(BACKENDS)('$name: the blocked 2-D path against the oracle', (b) => {
  afterAll(() => addon?.setIsa(startIsa as string));
  const variants = b.name === 'js' ? [['js', 1]] : isas.flatMap((isa) => [[isa, 1], [isa, 2]]);
  for (const bad of [null, NaN, Infinity, -Infinity]) {
    it.skipIf(b.skipReason !== null)(`${b.label}: kernels with zero weights, data ${bad === null ? 'finite' : `with ${bad}`}`, () => {
      expect(variants.length).toBeGreaterThan(0);
      const cases = SEEDS.map((seed) => ({ seed, ...caseOf(seed, bad) })).map((c) => ({ ...c, want: naiveExecute(c.plan, c.input) }));
      for (const [isa, threads] of variants as [string, number][]) {
        if (b.name !== 'js') addon!.setIsa(isa);
        for (const { seed, plan, input, dtype, want } of cases) {
          expectOracle(runPlan(b.name, plan, input, dtype, threads), want, plan, input, dtype, `${isa}, ${threads} thread(s), seed ${seed}, ${dtype}`);
        }
      }
    });
  }
});

describe.skipIf(BACKENDS[1].skipReason !== null)('native: the blocked path with non-temporal stores (a large output)', () => {
  afterAll(() => addon?.setIsa(startIsa as string));
  it('gives the bits of the same call on a small output, row for row, on every ISA', () => {
    // 1100 rows × 1001 float32 is 4.4 MB of output (streamed); its first 30 rows alone are not.
    const rng = new Rng(77);
    const w = sparseWeights(rng, 5);
    const big = [axis(1100, 5, Border.Reflect), axis(1001, 5, Border.Nearest)];
    const input = rng.fill(1100 * 1001, 'float32');
    for (const isa of isas) {
      addon!.setIsa(isa);
      const full = runPlan('native', makePlan(big, w, false, false, [0, 0]), input, 'float32', 2);
      // 2 threads take 64-row bands in turn (18 of them): the same bits as one thread over all rows.
      const one = runPlan('native', makePlan(big, w, false, false, [0, 0]), input, 'float32', 1);
      expect(Buffer.from(one.buffer).equals(Buffer.from(full.buffer)), `${isa}: 1 and 2 threads`).toBe(true);
      // The first 28 output rows read input rows 0…29 only (reflect above, 2 rows below).
      const small = [{ ...big[0], inLen: 30, outLen: 28 }, big[1]];
      const part = runPlan('native', makePlan(small, w, false, false, [0, 0]), input.subarray(0, 30 * 1001), 'float32', 1);
      const same = Buffer.from(part.buffer).equals(Buffer.from(full.buffer, 0, part.byteLength));
      expect(same, isa).toBe(true);
      expectOracle(full.subarray(0, 28 * 1001), naiveExecute(makePlan(small, w, false, false, [0, 0]), input.subarray(0, 30 * 1001)), makePlan(small, w, false, false, [0, 0]), input, 'float32', isa);
    }
  });
});

describe.skipIf(BACKENDS[1].skipReason !== null)('native: which plans the blocked path takes', () => {
  afterAll(() => addon?.setIsa(startIsa as string));
  const traceOf = (plan: Plan) => addon!.execute(plan, new Float32Array(plan.axes[0].inLen * plan.axes[1].inLen).fill(1), new Float32Array(plan.axes[0].outLen * plan.axes[1].outLen), 1, true) as string;
  it('takes non-square kernels and taps up to 4 apart on the rows (an RGB image folded), declines the rest', () => {
    const rng = new Rng(5);
    for (const isa of isas.filter((i) => i !== 'scalar')) {
      addon!.setIsa(isa);
      for (const [kh, kw, dil] of [[3, 3, 1], [5, 3, 1], [3, 7, 1], [9, 5, 1], [16, 3, 1], [5, 5, 3], [7, 3, 4], [2, 5, 2]]) {
        const plan = makePlan([axis(40, kh, Border.Reflect), axis(300, kw, Border.Reflect, dil)], sparseWeights(rng, kh, kw), false, false, [0, 0]);
        expect(traceOf(plan), `${isa} ${kh}×${kw} dilation ${dil}`).toContain('blocked 2-D kernel');
      }
      for (const [kh, kw, dil] of [[4, 4, 1], [17, 3, 1], [3, 3, 5]]) {
        const plan = makePlan([axis(40, kh, Border.Reflect), axis(300, kw, Border.Reflect, dil)], sparseWeights(rng, kh, kw), false, false, [0, 0]);
        expect(traceOf(plan), `${isa} ${kh}×${kw} dilation ${dil}`).not.toContain('blocked');
      }
    }
  });
});
