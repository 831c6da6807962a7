// The pure-TypeScript executor: runs a plan exactly as binding/execute_direct.cc does.
//
// Shape of the work: the last axis is the "row" axis; every other axis is a "leading" axis.
// For each output row, the leading maps pick which input rows the kernel touches (one per leading
// tap, or the all-fill row where a leading map says −1). Each touched input row is copied once into
// a padded line buffer through the last axis's map, so the inner loop reads
// buf[o·stride + t·dilation] with no border tests. Padded rows are kept in a small cache because
// consecutive output rows share all but one of them.

import type { FloatArray } from '../core/ndarray';
import type { Plan } from '../core/plan';
import { product } from '../core/plan';

/**
 * Padded copies of input rows, keyed by flat input row index (−1 = the all-fill row). Least recently
 * used rows are replaced; a row used by the current output row is never replaced while that output
 * row is being built, because there is at least one more slot than rows per output row.
 */
class RowCache {
  private keys: Int32Array;
  private used: Float64Array; // the output row that last used each slot
  private bufs: Float64Array[][]; // [slot][component]

  constructor(
    slots: number,
    private readonly plan: Plan,
    private readonly input: FloatArray,
  ) {
    const comps = plan.complexInput ? 2 : 1;
    const len = plan.axes[plan.axes.length - 1].map.length;
    this.keys = new Int32Array(slots).fill(-2);
    this.used = new Float64Array(slots).fill(-1);
    this.bufs = Array.from({ length: slots }, () => Array.from({ length: comps }, () => new Float64Array(len)));
  }

  /** The padded line buffers (one per component) of input row `row`, for output row `orow`. */
  get(row: number, orow: number): Float64Array[] {
    let slot = 0;
    for (let s = 0; s < this.keys.length; s++) {
      if (this.keys[s] === row) {
        this.used[s] = orow;
        return this.bufs[s];
      }
      if (this.used[s] < this.used[slot]) slot = s;
    }
    this.keys[slot] = row;
    this.used[slot] = orow;
    const bufs = this.bufs[slot];
    const { axes, fill, complexInput } = this.plan;
    const last = axes[axes.length - 1];
    const map = last.map;
    const x = this.input;
    for (let c = 0; c < bufs.length; c++) {
      const buf = bufs[c];
      const f = fill[c];
      if (row < 0) {
        buf.fill(f);
        continue;
      }
      if (complexInput) {
        const base = 2 * row * last.inLen + c;
        for (let q = 0; q < map.length; q++) buf[q] = map[q] < 0 ? f : x[base + 2 * map[q]];
      } else {
        const base = row * last.inLen;
        for (let q = 0; q < map.length; q++) buf[q] = map[q] < 0 ? f : x[base + map[q]];
      }
    }
    return bufs;
  }
}

/**
 * dst[o·step] = Σ_r Σ_t w[r][t] · rows[r][o·stride + t·dilation] for o in [0, n).
 * The one inner loop of the fallback; binding/kernels implement the same contract with SIMD.
 */
function correlateRows(
  rows: Float64Array[],
  weights: Float64Array[],
  taps: number,
  stride: number,
  dilation: number,
  dst: FloatArray,
  dstOffset: number,
  dstStep: number,
  n: number,
): void {
  const nr = rows.length;
  for (let o = 0; o < n; o++) {
    let acc = 0;
    const base = o * stride;
    for (let r = 0; r < nr; r++) {
      const row = rows[r];
      const w = weights[r];
      for (let t = 0; t < taps; t++) acc += w[t] * row[base + t * dilation];
    }
    dst[dstOffset + o * dstStep] = acc;
  }
}

/** Execute `plan` on `input`, writing every element of `out`. Inputs are trusted: validated upstream. */
export function executePlan(plan: Plan, input: FloatArray, out: FloatArray): void {
  const { axes, complexInput, complexWeights } = plan;
  const complexOut = complexInput || complexWeights;
  const D = axes.length;
  const last = axes[D - 1];
  const lead = axes.slice(0, D - 1);
  const outRows = product(lead.map((a) => a.outLen));
  if (outRows === 0 || last.outLen === 0) return;

  // Weights of one leading tap combination are a contiguous run of last.taps values (per component).
  const leadTaps = product(lead.map((a) => a.taps));
  const wRe: Float64Array[] = [];
  const wIm: Float64Array[] = [];
  const wNegIm: Float64Array[] = [];
  for (let r = 0; r < leadTaps; r++) {
    const re = new Float64Array(last.taps);
    const im = new Float64Array(last.taps);
    for (let t = 0; t < last.taps; t++) {
      const i = r * last.taps + t;
      re[t] = complexWeights ? plan.weights[2 * i] : plan.weights[i];
      im[t] = complexWeights ? plan.weights[2 * i + 1] : 0;
    }
    wRe.push(re);
    wIm.push(im);
    wNegIm.push(im.map((v) => -v));
  }

  const cache = new RowCache(leadTaps + 1, plan, input);
  const leadInRows = lead.map((a) => a.inLen);
  const oIdx = new Array<number>(lead.length).fill(0); // leading output multi-index
  const tIdx = new Array<number>(lead.length).fill(0); // leading tap multi-index
  const rowStep = complexOut ? 2 : 1;
  const rowsRe: Float64Array[] = [];
  const rowsIm: Float64Array[] = [];

  for (let orow = 0; orow < outRows; orow++) {
    // Gather the padded input rows this output row reads, in weight order.
    rowsRe.length = 0;
    rowsIm.length = 0;
    tIdx.fill(0);
    for (let r = 0; r < leadTaps; r++) {
      let inRow = 0;
      for (let a = 0; a < lead.length; a++) {
        const ax = lead[a];
        const m = ax.map[oIdx[a] * ax.stride + tIdx[a] * ax.dilation];
        if (m < 0) {
          inRow = -1;
          break;
        }
        inRow = inRow * leadInRows[a] + m;
      }
      const bufs = cache.get(inRow, orow);
      rowsRe.push(bufs[0]);
      if (complexInput) rowsIm.push(bufs[1]);
      for (let a = lead.length - 1; a >= 0; a--) {
        if (++tIdx[a] < lead[a].taps) break;
        tIdx[a] = 0;
      }
    }

    const off = orow * last.outLen * rowStep;
    const { taps, stride, dilation, outLen } = last;
    if (!complexOut) {
      correlateRows(rowsRe, wRe, taps, stride, dilation, out, off, 1, outLen);
    } else if (!complexInput) {
      // real x, complex w: re = x⋆wr, im = x⋆wi
      correlateRows(rowsRe, wRe, taps, stride, dilation, out, off, 2, outLen);
      correlateRows(rowsRe, wIm, taps, stride, dilation, out, off + 1, 2, outLen);
    } else if (!complexWeights) {
      correlateRows(rowsRe, wRe, taps, stride, dilation, out, off, 2, outLen);
      correlateRows(rowsIm, wRe, taps, stride, dilation, out, off + 1, 2, outLen);
    } else {
      // (xr + i·xi)(wr + i·wi): re = xr⋆wr − xi⋆wi, im = xi⋆wr + xr⋆wi — each one pass over twice the rows
      correlateRows(rowsRe.concat(rowsIm), wRe.concat(wNegIm), taps, stride, dilation, out, off, 2, outLen);
      correlateRows(rowsIm.concat(rowsRe), wRe.concat(wIm), taps, stride, dilation, out, off + 1, 2, outLen);
    }

    for (let a = lead.length - 1; a >= 0; a--) {
      if (++oIdx[a] < lead[a].outLen) break;
      oIdx[a] = 0;
    }
  }
}
