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

/**
 * One axis of a plan. Its map — the input index read at each map position q, or −1 for the fill
 * value — is stored compactly, as three segments that cover the positions in order:
 *
 *   q:      0 … head.length−1 | runStart … runStart+runLength−1 | … mapLength−1
 *   reads:  head[q]           | q + shift (inside the input)     | tail[q − runStart − runLength]
 *
 * with runStart = head.length. The run is the part of the axis inside the input (the bulk of a long
 * signal), the head and tail are the borders resolved through the border rule; building an axis costs
 * O(taps + border), not O(length). Read single positions through `mapAt`.
 */
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
  /** Map positions before the run: input index or −1. */
  head: Int32Array;
  /** Map positions in the run; each is a valid input index once shifted (0 ≤ q + shift < inLen). */
  runLength: number;
  shift: number;
  /** Map positions after the run: input index or −1. */
  tail: Int32Array;
}

/** The input index read at map position q of `axis` (0 ≤ q < mapLength), or −1 for the fill value. */
export function mapAt(axis: AxisPlan, q: number): number {
  if (q < axis.head.length) return axis.head[q];
  const r = q - axis.head.length;
  return r < axis.runLength ? q + axis.shift : axis.tail[r - axis.runLength];
}

/** Map positions of an axis: head, run and tail together. */
export function axisMapLength(axis: AxisPlan): number {
  return axis.head.length + axis.runLength + axis.tail.length;
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

/** Border positions [from, to) of an axis, resolved through the border rule. */
function borderMap(g: AxisGeometry, from: number, to: number): Int32Array {
  const m = new Int32Array(to - from);
  for (let q = from; q < to; q++) m[q - from] = g.inLen === 0 ? -1 : borderIndex(g.start + q, g.inLen, g.border);
  return m;
}

/** One axis: the positions inside the input become the run; only the borders go through the border rule. */
export function axisPlan(g: AxisGeometry): AxisPlan {
  const len = mapLength(g.outLen, g.taps, g.stride, g.dilation);
  const lo = g.inLen === 0 ? len : Math.min(len, Math.max(0, -g.start));
  const hi = Math.max(lo, Math.min(len, g.inLen - g.start));
  return {
    inLen: g.inLen, outLen: g.outLen, taps: g.taps, stride: g.stride, dilation: g.dilation,
    head: borderMap(g, 0, lo), runLength: hi - lo, shift: g.start, tail: borderMap(g, hi, len),
  };
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

/** True when an axis reads its input one to one: one tap, stride 1, map[q] = q. */
function isIdentity(a: AxisPlan): boolean {
  return a.taps === 1 && a.stride === 1 && a.outLen === a.inLen && a.head.length === 0 && a.tail.length === 0 && a.shift === 0;
}

/** A folded border segment: each entry m becomes the c entries m·c … m·c + c − 1 (−1 stays −1). */
function spread(map: Int32Array, c: number): Int32Array {
  const out = new Int32Array(map.length * c);
  for (let q = 0; q < map.length; q++) for (let k = 0; k < c; k++) out[q * c + k] = map[q] < 0 ? -1 : map[q] * c + k;
  return out;
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
    axes.splice(axes.length - 2, 2, {
      inLen: prev.inLen * c,
      outLen: prev.outLen * c,
      taps: prev.taps,
      stride: 1,
      dilation: prev.dilation * c,
      head: spread(prev.head, c),
      runLength: prev.runLength * c,
      shift: prev.shift * c,
      tail: spread(prev.tail, c),
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
