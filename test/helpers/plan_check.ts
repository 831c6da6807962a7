// Running one plan on either backend and holding the result against the naive oracle: shared by the
// suites of the native fast paths (blocked 2-D, fused separable), which check the same way.

import { expect } from 'vitest';
import { loadNative } from '../../src/backend/native';
import type { FloatArray } from '../../src/core/ndarray';
import type { Plan } from '../../src/core/plan';
import { executePlan } from '../../src/fallback/execute';

export type Dtype = 'float32' | 'float64';

const addon = loadNative().addon;

/** The plan executed by `backend` ('js' or 'native') on `threads` threads into a fresh output. */
export function runPlan(backend: string, plan: Plan, input: FloatArray, dtype: Dtype, threads: number): FloatArray {
  const n = plan.axes[0].outLen * plan.axes[1].outLen;
  const got = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  if (backend === 'js') executePlan(plan, input, got);
  else addon!.execute(plan, input, got, threads);
  return got;
}

/** Where want is NaN or ±∞ got must be the same; elsewhere within the dot-product bound. */
export function expectOracle(got: FloatArray, want: Float64Array, plan: Plan, input: FloatArray, dtype: Dtype, what: string): void {
  let w = 0, x = Math.abs(plan.fill[0]);
  for (const v of plan.weights) w += Math.abs(v);
  for (const v of input) if (Number.isFinite(v)) x = Math.max(x, Math.abs(v));
  const tol = (dtype === 'float32' ? 1e-5 : 1e-12) * w * x + Number.MIN_VALUE;
  for (let i = 0; i < want.length; i++) {
    const ok = Number.isNaN(want[i]) ? Number.isNaN(got[i]) : !Number.isFinite(want[i]) ? got[i] === want[i] : Math.abs(got[i] - want[i]) <= tol;
    if (!ok) expect.fail(`${what}: element ${i} is ${got[i]}, the oracle says ${want[i]}`);
  }
}
