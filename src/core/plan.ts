// The plan: what every public call is lowered to, and all that either backend executes.
//
// A plan is an N-D cross-correlation over index maps. For output position (o_0 … o_{D−1}):
//
//   out[o] = Σ_t  w[t] · x̃( map_0[o_0·s_0 + t_0·d_0], …, map_{D−1}[o_{D−1}·s_{D−1} + t_{D−1}·d_{D−1}] )
//
// where x̃ reads the input at those indices, or the fill value when any index is −1. Everything a
// public function means (mode, boundary, padding, origin, stride, dilation, SciPy's centring rules)
// is already in the maps; convolution's flip and correlation's conjugate are already in the weights.
// The backends only execute: they never re-derive semantics. binding/plan.h is the C++ mirror.

import { Border, borderIndex } from './border';
import type { FloatArray } from './ndarray';

/** One axis of a plan. */
export interface AxisPlan {
  /** Input length along this axis. */
  inLen: number;
  /** Output length along this axis. */
  outLen: number;
  /** Kernel length along this axis (≥ 1). */
  taps: number;
  /** Output o reads map position o·stride + … (≥ 1). */
  stride: number;
  /** Tap t reads map position … + t·dilation (≥ 1). */
  dilation: number;
  /** Input index for map position q, or −1 for the fill value.
   *  Length (outLen − 1)·stride + (taps − 1)·dilation + 1, or 0 when outLen is 0. */
  map: Int32Array;
}

/** A complete, validated unit of work for a backend. */
export interface Plan {
  axes: AxisPlan[];
  /** Row-major over the taps of every axis; interleaved (re, im) when complexWeights. */
  weights: Float64Array;
  /** The input holds interleaved (re, im) pairs. */
  complexInput: boolean;
  /** The weights hold interleaved (re, im) pairs. */
  complexWeights: boolean;
  /** The value read where a map says −1, as (re, im); the imaginary part only matters for complex input. */
  fill: [number, number];
  /**
   * Set when the (real) weights are rank-1 between the leading taps and the row taps:
   * weights[r·rowTaps + t] = lead[r]·row[t]. Executors then filter each input row once with `row`
   * and combine filtered rows with `lead` (src/core/separable.ts); the result is the same sum.
   */
  factors?: { lead: Float64Array; row: Float64Array };
  /**
   * How to compute the sum: 'fft' asks for the same formula by FFT (overlap-save tiles of the
   * extended input, the kernel dilated with zeros, outputs subsampled by the stride); absent means
   * direct. Executors that have no FFT path run such a plan directly, with the same result.
   */
  method?: 'direct' | 'fft';
}

/** How one axis of a public call reads its input, before it becomes a map. */
export interface AxisGeometry {
  inLen: number;
  outLen: number;
  taps: number;
  stride: number;
  dilation: number;
  /** Input position read by output 0, tap 0; output o, tap t reads start + o·stride + t·dilation. */
  start: number;
  border: Border;
}

/** Number of map positions an axis touches. */
export function mapLength(outLen: number, taps: number, stride: number, dilation: number): number {
  return outLen === 0 ? 0 : (outLen - 1) * stride + (taps - 1) * dilation + 1;
}

/** Materialise one axis: every position the plan can touch, resolved through the border rule once. */
export function axisPlan(g: AxisGeometry): AxisPlan {
  const map = new Int32Array(mapLength(g.outLen, g.taps, g.stride, g.dilation));
  if (g.inLen === 0) map.fill(-1);
  else {
    // Positions inside the input map to themselves (the bulk of a long signal); only the borders
    // go through the border rule.
    const lo = Math.min(map.length, Math.max(0, -g.start));
    const hi = Math.max(lo, Math.min(map.length, g.inLen - g.start));
    for (let q = 0; q < lo; q++) map[q] = borderIndex(g.start + q, g.inLen, g.border);
    for (let q = lo; q < hi; q++) map[q] = g.start + q;
    for (let q = hi; q < map.length; q++) map[q] = borderIndex(g.start + q, g.inLen, g.border);
  }
  return { inLen: g.inLen, outLen: g.outLen, taps: g.taps, stride: g.stride, dilation: g.dilation, map };
}

export function product(shape: readonly number[]): number {
  let p = 1;
  for (const n of shape) p *= n;
  return p;
}

/**
 * Kernel values in plan order. Convolution flips every axis (out = Σ v[t]·x[o − t] becomes a
 * correlation with the reversed kernel); correlation conjugates, as NumPy and SciPy do.
 */
export function planWeights(kernel: FloatArray, shape: readonly number[], complex: boolean, flip: boolean, conj: boolean): Float64Array {
  const n = product(shape);
  const w = new Float64Array(complex ? 2 * n : n);
  for (let i = 0; i < n; i++) {
    const src = flip ? n - 1 - i : i; // reversing the flat row-major order reverses every axis
    if (complex) {
      w[2 * i] = kernel[2 * src];
      w[2 * i + 1] = conj ? -kernel[2 * src + 1] : kernel[2 * src + 1];
    } else {
      w[i] = kernel[src];
    }
  }
  return w;
}

/**
 * The longest stretch of map positions [start, end) that is an in-range shift, map[q] = q + shift:
 * the interior of an axis, which executors read without the map (in place, or by a plain copy).
 */
export function shiftRun(map: Int32Array): { start: number; end: number; shift: number } {
  let best = { start: 0, end: 0, shift: 0 };
  for (let q = 0; q < map.length; ) {
    let end = q + 1;
    if (map[q] >= 0) {
      while (end < map.length && map[end] === map[q] + (end - q)) end++;
      if (end - q > best.end - best.start) best = { start: q, end, shift: map[q] - q };
    }
    q = end;
  }
  return best;
}

/** True when an axis reads its input one to one: one tap, stride 1, map[q] = q. */
function isIdentity(a: AxisPlan): boolean {
  if (a.taps !== 1 || a.stride !== 1 || a.outLen !== a.inLen) return false;
  for (let q = 0; q < a.map.length; q++) if (a.map[q] !== q) return false;
  return true;
}

/**
 * Fold a trailing identity axis into the axis before it, so that a [h, w, c] image filtered with a
 * [kh, kw, 1] kernel runs as long rows of w·c samples with the taps c apart, instead of rows of c.
 * The result is the same plan in fewer dimensions; weights are unchanged because the folded axis has
 * one tap.
 */
export function simplify(plan: Plan): Plan {
  const axes = plan.axes.slice();
  while (axes.length > 1) {
    const last = axes[axes.length - 1];
    const prev = axes[axes.length - 2];
    if (!isIdentity(last) || prev.stride !== 1 || last.inLen === 0) break;
    // Keep a leading axis: folding [rows(k), cols(1)] into one long row would turn a column pass
    // into one padded copy of the whole image.
    if (axes.length === 2 && prev.taps > 1) break;
    const c = last.inLen;
    const map = new Int32Array(prev.map.length * c);
    for (let q = 0; q < prev.map.length; q++) {
      const m = prev.map[q];
      for (let k = 0; k < c; k++) map[q * c + k] = m < 0 ? -1 : m * c + k;
    }
    axes.splice(axes.length - 2, 2, {
      inLen: prev.inLen * c,
      outLen: prev.outLen * c,
      taps: prev.taps,
      stride: 1,
      dilation: prev.dilation * c,
      map,
    });
  }
  return axes.length === plan.axes.length ? plan : { ...plan, axes };
}

/** Build a plan from per-axis geometry and prepared weights. */
export function makePlan(
  geometry: readonly AxisGeometry[],
  weights: Float64Array,
  complexInput: boolean,
  complexWeights: boolean,
  fill: [number, number],
): Plan {
  return simplify({ axes: geometry.map(axisPlan), weights, complexInput, complexWeights, fill });
}
