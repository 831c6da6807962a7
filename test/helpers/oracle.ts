// The plan formula of src/core/plan.ts, executed as literally as possible, in float64: the oracle the
// optimised executors are checked against. No caches, no interior, no factors, no vectors.
//
//   out[o] = Σ_t w[t] · x̃(map_0[o_0·s_0 + t_0·d_0], …),   x̃ = fill where any index is −1

import { mapAt, product, type Plan } from '../../src/core/plan';

export function naiveExecute(plan: Plan, input: ArrayLike<number>): Float64Array {
  const { axes, weights, complexInput: cx, complexWeights: cw, fill } = plan;
  const outs = product(axes.map((a) => a.outLen)), taps = product(axes.map((a) => a.taps));
  const out = new Float64Array(outs * (cx || cw ? 2 : 1));
  for (let o = 0; o < outs; o++) {
    let re = 0, im = 0;
    for (let t = 0; t < taps; t++) {
      let index = 0, oRest = o, tRest = t, stride = 1; // row-major: the last axis varies fastest
      for (let a = axes.length - 1; a >= 0 && index >= 0; a--) {
        const ax = axes[a];
        const m = mapAt(ax, (oRest % ax.outLen) * ax.stride + (tRest % ax.taps) * ax.dilation);
        index = m < 0 ? -1 : index + m * stride;
        [oRest, tRest, stride] = [Math.floor(oRest / ax.outLen), Math.floor(tRest / ax.taps), stride * ax.inLen];
      }
      const [xr, xi] = index < 0 ? [fill[0], cx ? fill[1] : 0] : cx ? [input[2 * index], input[2 * index + 1]] : [input[index], 0];
      const [wr, wi] = cw ? [weights[2 * t], weights[2 * t + 1]] : [weights[t], 0];
      re += wr * xr - wi * xi;
      im += wr * xi + wi * xr;
    }
    if (cx || cw) [out[2 * o], out[2 * o + 1]] = [re, im];
    else out[o] = re;
  }
  return out;
}
