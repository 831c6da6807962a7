// The cost model behind method: 'auto': the direct sum (or its separable form) against the FFT,
// each as work units × a time per unit measured on the machine for each backend and precision.
//
// Re-measure with `npm run bench -- --calibrate` (bench/calibrate.js), which times both paths on
// large random cases and prints a COSTS table to paste here. The constants below are medians of
// several runs on the idle 2-core Zen 4 (AVX-512) development machine, 2026-11-25. After the blocked
// direct kernel and the faster FFTs landed, five re-runs (load average < 0.5) moved js's FFT constants
// (kept) and native's within 10 % (not kept: native 0.047 / 0.13 sent 2048² × 9×9 float32 to an FFT
// 1.6× slower than the direct sum, which the 512² calibration case prices too high).

import type { DType } from './ndarray';
import { product, type Plan } from './plan';
import { tileAxis } from './tiling';

/** Nanoseconds per work unit of each path. */
export interface PathCosts {
  /** Per real multiply-add of the direct (or separable) sum. */
  direct: number;
  /** Per FFT work unit (fftWork). */
  fft: number;
}

/** Engines: the js fallback and the native addon (both have an FFT path). */
export type Engine = 'js' | 'native';

export const COSTS: Record<Engine, Record<DType, PathCosts>> = {
  js: { float32: { direct: 0.85, fft: 1.8 }, float64: { direct: 0.88, fft: 2.0 } },
  native: { float32: { direct: 0.042, fft: 0.12 }, float64: { direct: 0.065, fft: 0.19 } },
};

/** Point-wise work of a tile (gather, spectral product, scatter) in units of one radix pass. */
const POINTWISE_PASSES = 8;

/** Real multiply-adds of the direct path: every output × every tap, or × (row + leading taps) when factored. */
export function directWork(plan: Plan): number {
  const outputs = product(plan.axes.map((a) => a.outLen));
  const rowTaps = plan.axes[plan.axes.length - 1].taps;
  const leadTaps = product(plan.axes.slice(0, -1).map((a) => a.taps));
  const perOutput = plan.factors ? rowTaps + leadTaps : rowTaps * leadTaps;
  const complexity = (plan.complexInput ? 2 : 1) * (plan.complexWeights ? 2 : 1);
  return outputs * perOutput * complexity;
}

/**
 * Work of the overlap-save FFT: per tile, a forward and an inverse transform of its points (each
 * points·log2(points) butterfly work) plus the point-wise passes; a real input with a real kernel
 * packs two tiles per transform.
 */
export function fftWork(plan: Plan): number {
  const tilings = plan.axes.map((a) => tileAxis(a, plan.axes.length));
  const points = product(tilings.map((t) => t.L));
  const tiles = product(tilings.map((t) => t.tiles));
  const pair = !plan.complexInput && !plan.complexWeights;
  return (pair ? 0.5 : 1) * tiles * points * (2 * Math.log2(points) + POINTWISE_PASSES);
}

/** Estimated nanoseconds of each path on `engine`; fft is Infinity for a plan with an empty axis. */
export function estimate(plan: Plan, dtype: DType, engine: Engine): { direct: number; fft: number } {
  const c = COSTS[engine][dtype];
  const empty = plan.axes.length === 0 || plan.axes.some((a) => a.outLen === 0);
  return {
    direct: c.direct * directWork(plan),
    fft: empty ? Infinity : c.fft * fftWork(plan),
  };
}

/**
 * The FFT must be predicted this much faster to be picked. The direct cost per multiply-add is not
 * one number (kernels up to 7 wide keep their window in registers and run about 2× faster per tap
 * than 9×9), so near the crossover the model is only good to ~25 %; there the direct sum, which is
 * exact-er, wins the tie.
 */
const FFT_MARGIN = 1.25;

/** The faster path for this plan on this engine. */
export function fasterMethod(plan: Plan, dtype: DType, engine: Engine): 'direct' | 'fft' {
  const e = estimate(plan, dtype, engine);
  return e.fft * FFT_MARGIN < e.direct ? 'fft' : 'direct';
}
