// The separable fast path, decided once in the lowering so both backends run the same work.
//
// A real kernel that is numerically rank-1 between its leading taps and its row taps,
// W[r, t] = lead[r]·row[t] (Gaussian, box, Sobel, Prewitt, any outer product), needs far fewer
// multiply-adds: each input row is filtered once along the row axis (row[t], through the same
// padded row and border map as the direct path), kept in the executor's row cache, and every
// output row is then a column combination of cached filtered rows with lead[r]. No intermediate
// image is allocated, and the border rules are exactly the direct path's: a filtered all-fill row
// is the fill value filtered.

import type { DType } from './ndarray';
import { product, type Plan } from './plan';

/**
 * Largest |W − lead⊗row| accepted, relative to max|W|: a few ulps of the precision the call
 * computes in. A float32 kernel such as a rounded Gaussian outer product is rank-1 only to float32
 * rounding, and factoring it changes the result by less than float32 arithmetic does anyway.
 */
const RANK1_TOLERANCE: Record<DType, number> = { float64: 1e-14, float32: 1e-6 };

/**
 * Factor a real row-major matrix [rows × cols] as lead ⊗ row, or null when it is not rank-1.
 * The factors are the row and column through the largest entry, scaled so that their product
 * reproduces it.
 */
export function factorRank1(w: Float64Array, rows: number, cols: number, dtype: DType = 'float64'): { lead: Float64Array; row: Float64Array } | null {
  let m = 0;
  for (let i = 1; i < w.length; i++) if (Math.abs(w[i]) > Math.abs(w[m])) m = i;
  const peak = w[m];
  if (peak === 0 || !Number.isFinite(peak)) return null;
  const pr = Math.floor(m / cols);
  const pc = m % cols;
  const row = w.slice(pr * cols, pr * cols + cols);
  const lead = Float64Array.from({ length: rows }, (_, r) => w[r * cols + pc] / peak);
  const tol = RANK1_TOLERANCE[dtype] * Math.abs(peak);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) if (!(Math.abs(lead[r] * row[c] - w[r * cols + c]) <= tol)) return null;
  }
  return { lead, row };
}

/**
 * The plan with `factors` set when its kernel is rank-1 and filtering rows first saves work;
 * otherwise the plan unchanged. A 3×3 stays direct: 9 multiply-adds against 6 plus a cache pass.
 */
export function factorise(plan: Plan, dtype: DType): Plan {
  const rowTaps = plan.axes[plan.axes.length - 1].taps;
  const leadTaps = product(plan.axes.slice(0, -1).map((a) => a.taps));
  if (plan.complexWeights || rowTaps < 2 || leadTaps < 2 || leadTaps * rowTaps < 2 * (leadTaps + rowTaps)) return plan;
  const factors = factorRank1(plan.weights, leadTaps, rowTaps, dtype);
  if (!factors) return plan;
  return { ...plan, factors };
}
