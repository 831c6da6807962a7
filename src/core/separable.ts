// The separable fast path, decided once in the lowering so both backends run the same passes.
//
// A real kernel that is numerically rank-1, W[i0, …, iD−1] = u0[i0]·…·uD−1[iD−1] (Gaussian, box,
// Sobel, Prewitt, any outer product), runs as one 1-D pass per axis: Σ taps instead of Π taps per
// output. The last axis goes first, straight from the padded input rows; each later pass is a
// column pass over the previous result. Borders stay exact: every plan axis keeps its own map, and
// a constant fill read by a later pass is the fill already filtered by the earlier passes
// (fill·Σu), which is what the direct sum reads there too.

import { debuglog } from 'node:util';
import { isIdentity, product, simplify, type AxisPlan, type Plan } from './plan';

const debug = debuglog('simdconv');

/** Largest |W − u0⊗…⊗uD−1| accepted, relative to max|W|: a few ulps of float64. */
const RANK1_TOLERANCE = 1e-14;

/** Factor a real row-major tensor into one vector per axis, or null when it is not rank-1. */
export function factorRank1(w: Float64Array, shape: readonly number[]): Float64Array[] | null {
  let m = 0;
  for (let i = 1; i < w.length; i++) if (Math.abs(w[i]) > Math.abs(w[m])) m = i;
  const peak = w[m];
  if (peak === 0 || !Number.isFinite(peak)) return null;
  // Strides and the multi-index of the peak.
  const strides = shape.map((_, a) => product(shape.slice(a + 1)));
  const at = shape.map((n, a) => Math.floor(m / strides[a]) % n);
  // u_a = the fibre through the peak along axis a, scaled so that Π u_a(peak) = peak.
  const factors = shape.map((n, a) => {
    const u = new Float64Array(n);
    const base = m - at[a] * strides[a];
    for (let i = 0; i < n; i++) u[i] = w[base + i * strides[a]];
    return u;
  });
  for (let a = 1; a < factors.length; a++) for (let i = 0; i < factors[a].length; i++) factors[a][i] /= peak;
  const tol = RANK1_TOLERANCE * Math.abs(peak);
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < w.length; k++) {
    let v = 1;
    for (let a = 0; a < shape.length; a++) v *= factors[a][idx[a]];
    if (!(Math.abs(v - w[k]) <= tol)) return null;
    for (let a = shape.length - 1; a >= 0; a--) {
      if (++idx[a] < shape[a]) break;
      idx[a] = 0;
    }
  }
  return factors;
}

/** An axis that passes its input through untouched. */
function identityAxis(len: number): AxisPlan {
  const map = new Int32Array(len);
  for (let q = 0; q < len; q++) map[q] = q;
  return { inLen: len, outLen: len, taps: 1, stride: 1, dilation: 1, map };
}

/**
 * Split a plan into 1-D passes when its kernel is rank-1 and that saves work; otherwise [plan].
 * Passes run in order, each reading the previous result.
 */
export function separate(plan: Plan): Plan[] {
  const taps = plan.axes.map((a) => a.taps);
  const active = taps.filter((t) => t > 1).length;
  // Worth it when the per-output work drops by at least half; a 3×3 stays direct.
  if (plan.complexWeights || active < 2 || product(taps) < 2 * taps.reduce((s, t) => s + t, 0)) return [plan];
  const factors = factorRank1(plan.weights, taps);
  if (!factors) return [plan];

  // Axes with one tap that read their input one to one need no pass; their factor is a scale.
  const needed = plan.axes.map((a) => a.taps > 1 || !isIdentity(a));
  let scale = 1;
  factors.forEach((u, a) => (needed[a] ? undefined : (scale *= u[0])));
  const passes: Plan[] = [];
  const lens = plan.axes.map((a) => a.inLen); // shape of the current intermediate
  let fill: [number, number] = [plan.fill[0], plan.fill[1]];
  let complexInput = plan.complexInput;
  for (let a = plan.axes.length - 1; a >= 0; a--) {
    if (!needed[a]) continue;
    const weights = passes.length === 0 ? factors[a].map((v) => v * scale) : factors[a];
    const axes = lens.map((n, b) => (b === a ? plan.axes[a] : identityAxis(n)));
    passes.push(simplify({ axes, weights, complexInput, complexWeights: false, fill }));
    lens[a] = plan.axes[a].outLen;
    const sum = weights.reduce((s, v) => s + v, 0);
    fill = [fill[0] * sum, fill[1] * sum];
    complexInput = plan.complexInput;
  }
  debug('separable: %d passes over taps [%s]', passes.length, taps.join(', '));
  return passes;
}
