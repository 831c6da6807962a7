// Both executors against the naive oracle of the plan formula (test/helpers/oracle.ts), over seeded
// random plans made by the real lowering steps (makePlan, factorise): every border rule, stride,
// dilation, empty and length-1 axes, complex operands, rank-1 (factored) and sparse (zero-tap)
// kernels, float32 and float64, 1 and 2 threads. Tolerance: SPEC "Equality between backends".

import { describe, expect, it } from 'vitest';
import { loadNative } from '../src/backend/native';
import { Border } from '../src/core/border';
import type { FloatArray } from '../src/core/ndarray';
import { makePlan, product, type AxisGeometry, type Plan } from '../src/core/plan';
import { factorise } from '../src/core/separable';
import { executePlan } from '../src/fallback/execute';
import * as lib from '../src/index';
import { BACKENDS, describeBackends } from './helpers/backends';
import { naiveExecute } from './helpers/oracle';
import { Rng } from './helpers/random';

const BORDERS = [Border.Constant, Border.Wrap, Border.Reflect, Border.Mirror, Border.Nearest];
type Dtype = 'float32' | 'float64';

function randomAxis(rng: Rng, big: boolean): AxisGeometry {
  const inLen = rng.bool(0.05) ? 0 : rng.int(1, big ? 70 : 9);
  const taps = rng.int(1, big ? 9 : 4);
  const stride = rng.bool(0.7) ? 1 : rng.int(2, 3);
  const dilation = rng.bool(0.7) ? 1 : rng.int(2, 3);
  const span = (taps - 1) * dilation;
  const start = rng.int(-span - 3, 2);
  const outLen = rng.bool(0.05) ? 0 : rng.int(1, Math.max(1, Math.ceil((inLen + span + 2) / stride)));
  return { inLen, taps, stride, dilation, start, outLen, border: rng.pick(BORDERS) };
}

/** Weights: dense, rank-1 (an outer product, so factorise may take it) or with zero taps. */
function randomWeights(rng: Rng, shape: number[], complex: boolean): Float64Array {
  const n = product(shape);
  const kind = complex ? 'dense' : rng.pick(['dense', 'rank1', 'sparse'] as const);
  if (kind === 'rank1') {
    const row = shape[shape.length - 1];
    const lead = Array.from({ length: n / row }, () => rng.uniform());
    const r = Array.from({ length: row }, () => rng.uniform());
    return Float64Array.from({ length: n }, (_, i) => lead[Math.floor(i / row)] * r[i % row]);
  }
  const w = rng.fill(complex ? 2 * n : n, 'float64') as Float64Array;
  if (kind === 'sparse') for (let i = 0; i < n; i++) if (rng.bool(0.5)) w[i] = 0;
  return w;
}

function randomCase(seed: number): { plan: Plan; input: FloatArray; dtype: Dtype } {
  const rng = new Rng(seed);
  const d = rng.int(1, 3);
  const axes = Array.from({ length: d }, (_, i) => randomAxis(rng, i === d - 1));
  const cx = rng.bool(0.15), cw = rng.bool(0.15);
  const dtype: Dtype = rng.bool() ? 'float32' : 'float64';
  const weights = randomWeights(rng, axes.map((a) => a.taps), cw);
  const fill: [number, number] = rng.bool(0.5) ? [0, 0] : [rng.uniform(-2, 2), rng.uniform(-2, 2)];
  const plan = factorise(makePlan(axes, weights, cx, cw, fill), dtype);
  const input = rng.fill(product(axes.map((a) => a.inLen)) * (cx ? 2 : 1), dtype);
  return { plan, input, dtype };
}

function scale(plan: Plan, input: FloatArray): number {
  let w = 0, x = Math.max(Math.abs(plan.fill[0]), Math.abs(plan.fill[1]));
  for (const v of plan.weights) w += Math.abs(v);
  for (const v of input) x = Math.max(x, Math.abs(v));
  return w * x;
}

const SEEDS = Array.from({ length: 400 }, (_, i) => 9000 + i);

describe.each(BACKENDS)('$name against the naive oracle', (b) => {
  const addon = () => {
    const { addon, error } = loadNative();
    if (!addon) throw new Error(error ?? 'native addon missing');
    return addon;
  };
  it.skipIf(b.skipReason !== null)(`${b.label}: ${SEEDS.length} seeded random plans`, () => {
    let factored = 0;
    for (const seed of SEEDS) {
      const { plan, input, dtype } = randomCase(seed);
      if (plan.factors) factored++;
      const want = naiveExecute(plan, input);
      const tol = (dtype === 'float32' ? 1e-5 : 1e-12) * scale(plan, input) + Number.MIN_VALUE;
      for (const threads of b.name === 'js' ? [1] : [1, 2]) {
        const got = dtype === 'float32' ? new Float32Array(want.length) : new Float64Array(want.length);
        if (b.name === 'js') executePlan(plan, input, got);
        else addon().execute(plan, input, got, threads);
        for (let i = 0; i < want.length; i++) {
          if (!(Math.abs(got[i] - want[i]) <= tol)) {
            expect.fail(`seed ${seed}, ${threads} thread(s), ${dtype}: element ${i} is ${got[i]}, the oracle says ${want[i]} (tolerance ${tol})`);
          }
        }
      }
    }
    expect(factored).toBeGreaterThan(10); // the draw does reach the separable path
  });
});

/** Long 1-D signals: the js executor sums rows longer than 1024 outputs in chunks (every chunk boundary, stride, dilation, complex). */
describe.each(BACKENDS)('$name: long 1-D rows', (b) => {
  it.skipIf(b.skipReason !== null)(`${b.label}: 40 seeded plans of 1,000–5,000 outputs against the oracle`, () => {
    for (let seed = 52000; seed < 52040; seed++) {
      const rng = new Rng(seed);
      const taps = rng.int(1, 40), stride = rng.bool(0.6) ? 1 : rng.int(2, 3), dilation = rng.bool(0.7) ? 1 : 2;
      const inLen = rng.int(1000, 5000);
      const span = (taps - 1) * dilation;
      const start = rng.int(-span - 2, 1);
      const outLen = Math.max(1, Math.floor((inLen + span) / stride) + rng.int(-3, 0));
      const cx = rng.bool(0.25), cw = rng.bool(0.25);
      const dtype: Dtype = rng.bool() ? 'float32' : 'float64';
      const axis: AxisGeometry = { inLen, outLen, taps, stride, dilation, start, border: rng.pick(BORDERS) };
      const plan = makePlan([axis], randomWeights(rng, [taps], cw), cx, cw, [rng.uniform(-1, 1), 0]);
      const input = rng.fill(inLen * (cx ? 2 : 1), dtype);
      const want = naiveExecute(plan, input);
      const tol = (dtype === 'float32' ? 1e-5 : 1e-12) * scale(plan, input) + Number.MIN_VALUE;
      const got = dtype === 'float32' ? new Float32Array(want.length) : new Float64Array(want.length);
      if (b.name === 'js') executePlan(plan, input, got);
      else {
        const { addon, error } = loadNative();
        if (!addon) throw new Error(error ?? 'native addon missing');
        addon.execute(plan, input, got, 2);
      }
      for (let i = 0; i < want.length; i++) {
        if (!(Math.abs(got[i] - want[i]) <= tol)) expect.fail(`seed ${seed}, ${dtype}: element ${i} is ${got[i]}, the oracle says ${want[i]}`);
      }
    }
  });
});

/**
 * Zero taps inside a row may be skipped only where that cannot change the result: a NaN or ±∞ under
 * a zero weight must still spread (0·NaN = NaN, 0·∞ = NaN). Kernels with zero taps in every live
 * row (each leading row keeps a nonzero one, so the oracle's formula applies as it is), non-finite
 * values dropped at random, including the border columns; NaN where the oracle has NaN, the same
 * infinity where it has one, the tolerance elsewhere.
 */
function zeroTapCase(seed: number): { plan: Plan; input: FloatArray; dtype: Dtype } {
  const rng = new Rng(seed);
  // half of them a plus-shaped 3×3 (the cross kernels and their two-rows-per-sweep path), the rest random zeros
  const plus = rng.bool(0.5);
  const d = plus ? 2 : rng.int(1, 3);
  const axes = Array.from({ length: d }, (_, i) => ({ ...randomAxis(rng, i === d - 1), ...(plus ? { taps: 3 } : {}) }));
  const shape = axes.map((a) => a.taps);
  const rowTaps = shape[shape.length - 1];
  const n = product(shape);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = plus ? ([1, 3, 4, 5, 7].includes(i) ? rng.uniform() : 0) : rng.bool(0.5) ? 0 : rng.uniform();
  for (let r = 0; r < n / rowTaps; r++) if (w.subarray(r * rowTaps, (r + 1) * rowTaps).every((v) => v === 0)) w[r * rowTaps + rng.int(0, rowTaps - 1)] = rng.uniform();
  const dtype: Dtype = rng.bool() ? 'float32' : 'float64';
  const fill: [number, number] = rng.bool(0.5) ? [0, 0] : [rng.uniform(-2, 2), 0];
  const plan = makePlan(axes, w, false, false, fill);
  const input = rng.fill(product(axes.map((a) => a.inLen)), dtype);
  const bad = [NaN, Infinity, -Infinity];
  for (let k = rng.int(0, 3); k > 0 && input.length > 0; k--) {
    const row = axes[d - 1].inLen;
    const at = rng.bool(0.5) ? rng.int(0, input.length - 1) : Math.floor(rng.int(0, input.length - 1) / row) * row + rng.pick([0, row - 1]);
    input[at] = rng.pick(bad);
  }
  return { plan, input, dtype };
}

const ZERO_TAP_SEEDS = Array.from({ length: 400 }, (_, i) => 31000 + i);

describe.each(BACKENDS)('$name: zero taps and non-finite data', (b) => {
  it.skipIf(b.skipReason !== null)(`${b.label}: NaN and ±∞ spread as the formula says, ${ZERO_TAP_SEEDS.length} seeded plans`, () => {
    let plus = 0;
    for (const seed of ZERO_TAP_SEEDS) {
      const { plan, input, dtype } = zeroTapCase(seed);
      if (plan.axes.length === 2 && plan.weights.length === 9 && plan.weights[0] === 0 && plan.weights[2] === 0 && plan.weights[6] === 0 && plan.weights[8] === 0) plus++;
      const want = naiveExecute(plan, input);
      const finite = Float64Array.from(input, (v) => (Number.isFinite(v) ? v : 0));
      const tol = (dtype === 'float32' ? 1e-5 : 1e-12) * scale(plan, finite) + Number.MIN_VALUE;
      const got = dtype === 'float32' ? new Float32Array(want.length) : new Float64Array(want.length);
      if (b.name === 'js') executePlan(plan, input, got);
      else {
        const { addon, error } = loadNative();
        if (!addon) throw new Error(error ?? 'native addon missing');
        addon.execute(plan, input, got, 1);
      }
      for (let i = 0; i < want.length; i++) {
        const ok = Number.isNaN(want[i]) ? Number.isNaN(got[i]) : Number.isFinite(want[i]) ? Math.abs(got[i] - want[i]) <= tol : got[i] === want[i];
        if (!ok) expect.fail(`seed ${seed}, ${dtype}: element ${i} is ${got[i]}, the oracle says ${want[i]}`);
      }
    }
    expect(plus).toBeGreaterThan(100); // the draw does reach the cross 3×3
  });
});

describeBackends(() => {
  it('skips leading tap rows whose weights are all zero: a NaN only they would read does not spread', () => {
    const x = new Float64Array(8 * 8).map((_, i) => i % 7);
    x[3 * 8 + 4] = NaN;
    const sobel = [[1, 2, 1], [0, 0, 0], [-1, -2, -1]];
    const y = lib.correlate2d(lib.array(x, [8, 8]), sobel, { mode: 'same' }).data;
    for (let c = 0; c < 8; c++) expect(Number.isNaN(y[3 * 8 + c]), `row 3 col ${c}`).toBe(false); // reads row 3 with weights 0
    expect(Number.isNaN(y[2 * 8 + 4]) && Number.isNaN(y[4 * 8 + 4])).toBe(true); // rows 2 and 4 read it with ±1, ±2
    // A nonzero row with a zero tap still spreads it, as the plan formula says (0·NaN = NaN).
    const z = lib.correlate2d(lib.array(x, [8, 8]), [[0, 1, 0]], { mode: 'same' }).data;
    expect(Number.isNaN(z[3 * 8 + 3]) && Number.isNaN(z[3 * 8 + 5])).toBe(true);
  });
});
