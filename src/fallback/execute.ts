// The pure-TypeScript executor: runs a plan exactly as binding/execute_direct.cc does.
//
// Shape of the work: the last axis is the "row" axis; every other axis is a "leading" axis.
// For each output row, the leading maps pick which input rows the kernel touches (one per leading
// tap, or the all-fill row where a leading map says −1). Each touched input row is copied once into
// a padded line buffer through the last axis's map, so the inner loop reads
// buf[o·stride + t·dilation] with no border tests. Padded rows are kept in a small cache because
// consecutive output rows share all but one of them.

import type { FloatArray } from '../core/ndarray';
import type { AxisPlan, Plan } from '../core/plan';
import { axisMapLength, mapAt, product } from '../core/plan';

/**
 * Padded copies of input rows, keyed by flat input row index (−1 = the all-fill row). Least recently
 * used rows are replaced; a row used by the current output row is never replaced while that output
 * row is being built, because there is at least one more slot than rows per output row.
 * For a factored plan the cache holds each row already filtered with the row factor instead.
 */
class RowCache {
  private keys: Int32Array;
  private used: Float64Array; // the output row that last used each slot
  private bufs: Float64Array[][]; // [slot][component]
  private pad: Float64Array[]; // factored plans: the padded row, filtered into a slot

  constructor(
    slots: number,
    private readonly plan: Plan,
    private readonly input: FloatArray,
  ) {
    const comps = plan.complexInput ? 2 : 1;
    const last = plan.axes[plan.axes.length - 1];
    const len = plan.factors ? last.outLen : axisMapLength(last);
    this.keys = new Int32Array(slots).fill(-2);
    this.used = new Float64Array(slots).fill(-1);
    this.bufs = Array.from({ length: slots }, () => Array.from({ length: comps }, () => new Float64Array(len)));
    this.pad = plan.factors ? Array.from({ length: comps }, () => new Float64Array(axisMapLength(last))) : [];
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
    const { head, tail, runLength } = last;
    const runStart = head.length;
    const runEnd = runStart + runLength;
    const x = this.input;
    const filter = this.plan.factors?.row;
    for (let c = 0; c < bufs.length; c++) {
      const buf = filter ? this.pad[c] : bufs[c];
      const f = fill[c];
      if (row < 0) buf.fill(f);
      else {
        // The run is copied as one block; only the head and tail go through their maps.
        const step = complexInput ? 2 : 1;
        const base = step * row * last.inLen + c;
        for (let q = 0; q < runStart; q++) buf[q] = head[q] < 0 ? f : x[base + step * head[q]];
        const shifted = base + step * last.shift;
        if (step === 1) buf.set(x.subarray(shifted + runStart, shifted + runEnd), runStart); // native copy, converting
        else for (let q = runStart; q < runEnd; q++) buf[q] = x[shifted + 2 * q];
        for (let q = 0; q < tail.length; q++) buf[runEnd + q] = tail[q] < 0 ? f : x[base + step * tail[q]];
      }
      if (filter) this.filter(bufs[c], buf, filter);
    }
    return bufs;
  }

  /** dst[o] = Σ_t w[t] · padded[o·stride + t·dilation] along the row axis. */
  private filter(dst: Float64Array, padded: Float64Array, w: Float64Array): void {
    const { taps, stride, dilation, outLen } = this.plan.axes[this.plan.axes.length - 1];
    dst.fill(0);
    if (stride === 1 && dilation === 1) accumulateDense(dst, padded, w, taps, outLen);
    else accumulateStrided(dst, padded, w, taps, stride, dilation, outLen);
  }
}

/**
 * acc[o] += Σ_t w[t] · row[o + t] for o in [0, n): one padded row at stride 1, dilation 1. The
 * common tap counts keep a sliding window of the row in locals, so each sample is loaded once per
 * row instead of once per tap (V8 keeps these in registers); that is where the fallback's speed
 * comes from.
 */
function accumulateDense(acc: Float64Array, row: Float64Array, w: Float64Array, taps: number, n: number): void {
  if (taps === 1) {
    const w0 = w[0];
    for (let o = 0; o < n; o++) acc[o] += w0 * row[o];
  } else if (taps === 2) {
    const w0 = w[0], w1 = w[1];
    let x0 = row[0];
    for (let o = 0; o < n; o++) {
      const x1 = row[o + 1];
      acc[o] += w0 * x0 + w1 * x1;
      x0 = x1;
    }
  } else if (taps === 3) {
    const w0 = w[0], w1 = w[1], w2 = w[2];
    let x0 = row[0], x1 = row[1];
    for (let o = 0; o < n; o++) {
      const x2 = row[o + 2];
      acc[o] += w0 * x0 + w1 * x1 + w2 * x2;
      x0 = x1;
      x1 = x2;
    }
  } else if (taps === 5) {
    const w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4];
    let x0 = row[0], x1 = row[1], x2 = row[2], x3 = row[3];
    for (let o = 0; o < n; o++) {
      const x4 = row[o + 4];
      acc[o] += w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3 + w4 * x4;
      x0 = x1;
      x1 = x2;
      x2 = x3;
      x3 = x4;
    }
  } else if (taps === 7) {
    const w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5], w6 = w[6];
    let x0 = row[0], x1 = row[1], x2 = row[2], x3 = row[3], x4 = row[4], x5 = row[5];
    for (let o = 0; o < n; o++) {
      const x6 = row[o + 6];
      acc[o] += w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3 + w4 * x4 + w5 * x5 + w6 * x6;
      x0 = x1;
      x1 = x2;
      x2 = x3;
      x3 = x4;
      x4 = x5;
      x5 = x6;
    }
  } else {
    // Four taps per sweep keeps the accumulator traffic low for long kernels.
    let t = 0;
    for (; t + 4 <= taps; t += 4) {
      const w0 = w[t], w1 = w[t + 1], w2 = w[t + 2], w3 = w[t + 3];
      for (let o = 0; o < n; o++) acc[o] += w0 * row[o + t] + w1 * row[o + t + 1] + w2 * row[o + t + 2] + w3 * row[o + t + 3];
    }
    for (; t < taps; t++) {
      const wt = w[t];
      for (let o = 0; o < n; o++) acc[o] += wt * row[o + t];
    }
  }
}

/** acc[o] += Σ_t w[t] · row[o·stride + t·dilation]: any stride and dilation. */
function accumulateStrided(acc: Float64Array, row: Float64Array, w: Float64Array, taps: number, stride: number, dilation: number, n: number): void {
  for (let t = 0; t < taps; t++) {
    const wt = w[t];
    const off = t * dilation;
    for (let o = 0, q = off; o < n; o++, q += stride) acc[o] += wt * row[q];
  }
}

/**
 * acc[off + o] (+)= Σ over three rows of a 3-tap window: the 3×3 case in one sweep instead of
 * three, with a sliding window of each row in locals. `first`: acc holds nothing yet, so it is
 * written rather than added to; then acc may be the output itself.
 */
function accumulate3x3(acc: FloatArray, off: number, r0: Float64Array, r1: Float64Array, r2: Float64Array, w0: Float64Array, w1: Float64Array, w2: Float64Array, n: number, first: boolean): void {
  const a0 = w0[0], a1 = w0[1], a2 = w0[2];
  const b0 = w1[0], b1 = w1[1], b2 = w1[2];
  const c0 = w2[0], c1 = w2[1], c2 = w2[2];
  let p0 = r0[0], p1 = r0[1], q0 = r1[0], q1 = r1[1], s0 = r2[0], s1 = r2[1];
  for (let o = 0; o < n; o++) {
    const p2 = r0[o + 2], q2 = r1[o + 2], s2 = r2[o + 2];
    const v = a0 * p0 + a1 * p1 + a2 * p2 + b0 * q0 + b1 * q1 + b2 * q2 + c0 * s0 + c1 * s1 + c2 * s2;
    acc[off + o] = first ? v : acc[off + o] + v;
    p0 = p1;
    p1 = p2;
    q0 = q1;
    q1 = q2;
    s0 = s1;
    s1 = s2;
  }
}

/** acc[o] += Σ_r w[r]·rows[r][o] for four rows at once: the column pass of a separable filter. */
function accumulateColumn4(acc: Float64Array, r0: Float64Array, r1: Float64Array, r2: Float64Array, r3: Float64Array, w0: number, w1: number, w2: number, w3: number, n: number): void {
  for (let o = 0; o < n; o++) acc[o] += w0 * r0[o] + w1 * r1[o] + w2 * r2[o] + w3 * r3[o];
}

/**
 * dst[o·step] = Σ_r Σ_t w[r][t] · rows[r][o·stride + t·dilation] for o in [0, n): the contract of
 * binding/kernels/kernels.h. Rows are summed into a float64 accumulator, then stored once.
 */
function correlateRows(
  rows: Float64Array[],
  weights: Float64Array[],
  taps: number,
  stride: number,
  dilation: number,
  acc: Float64Array,
  dst: FloatArray,
  dstOffset: number,
  dstStep: number,
  n: number,
): void {
  let r = 0;
  const fused3 = stride === 1 && dilation === 1 && taps === 3 && rows.length >= 3;
  if (fused3 && rows.length === 3 && dstStep === 1) {
    // A plain 3×3: straight into the output, no accumulator pass.
    accumulate3x3(dst, dstOffset, rows[0], rows[1], rows[2], weights[0], weights[1], weights[2], n, true);
    return;
  }
  if (!fused3) acc.fill(0, 0, n);
  if (stride === 1 && dilation === 1) {
    if (taps === 3) for (; r + 3 <= rows.length; r += 3) accumulate3x3(acc, 0, rows[r], rows[r + 1], rows[r + 2], weights[r], weights[r + 1], weights[r + 2], n, r === 0);
    if (taps === 1) for (; r + 4 <= rows.length; r += 4) accumulateColumn4(acc, rows[r], rows[r + 1], rows[r + 2], rows[r + 3], weights[r][0], weights[r + 1][0], weights[r + 2][0], weights[r + 3][0], n);
    for (; r < rows.length; r++) accumulateDense(acc, rows[r], weights[r], taps, n);
  } else {
    for (; r < rows.length; r++) accumulateStrided(acc, rows[r], weights[r], taps, stride, dilation, n);
  }
  if (dstStep === 1) dst.set(acc, dstOffset); // acc holds exactly n values
  else for (let o = 0; o < n; o++) dst[dstOffset + o * dstStep] = acc[o];
}

/** Advances a row-major multi-index over the leading axes' `taps` or `outLen`; wraps to all zeros. */
function increment(idx: number[], axes: readonly AxisPlan[], limit: 'taps' | 'outLen'): void {
  for (let a = axes.length - 1; a >= 0; a--) {
    if (++idx[a] < axes[a][limit]) return;
    idx[a] = 0;
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
  // A factored plan's cached rows are already filtered along the row axis: each output row is a
  // column combination, one tap per cached row, weighted by the lead factor.
  const leadTaps = product(lead.map((a) => a.taps));
  const { factors } = plan;
  const rowTaps = factors ? 1 : last.taps;
  // Only leading tap combinations with a nonzero weight are gathered and summed (`live`, as in
  // binding/execute_direct.cc): a Sobel skips its zero row, and a NaN there does not spread.
  const wRe: Float64Array[] = [];
  const wIm: Float64Array[] = [];
  const wNegIm: Float64Array[] = [];
  const live: boolean[] = [];
  for (let r = 0; r < leadTaps; r++) {
    const re = factors ? Float64Array.of(factors.lead[r]) : new Float64Array(last.taps);
    const im = new Float64Array(rowTaps);
    for (let t = 0; !factors && t < last.taps; t++) {
      const i = r * last.taps + t;
      re[t] = complexWeights ? plan.weights[2 * i] : plan.weights[i];
      im[t] = complexWeights ? plan.weights[2 * i + 1] : 0;
    }
    live.push(re.some((v) => v !== 0) || im.some((v) => v !== 0));
    if (!live[r]) continue;
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
  const acc = new Float64Array(last.outLen);
  const { outLen } = last;
  const [taps, stride, dilation] = factors ? [1, 1, 1] : [last.taps, last.stride, last.dilation];
  const rowsIm: Float64Array[] = [];

  for (let orow = 0; orow < outRows; orow++) {
    // Gather the padded input rows this output row reads, in weight order.
    rowsRe.length = 0;
    rowsIm.length = 0;
    tIdx.fill(0);
    for (let r = 0; r < leadTaps; r++) {
      if (!live[r]) {
        increment(tIdx, lead, 'taps');
        continue;
      }
      let inRow = 0;
      for (let a = 0; a < lead.length; a++) {
        const ax = lead[a];
        const m = mapAt(ax, oIdx[a] * ax.stride + tIdx[a] * ax.dilation);
        if (m < 0) {
          inRow = -1;
          break;
        }
        inRow = inRow * leadInRows[a] + m;
      }
      const bufs = cache.get(inRow, orow);
      rowsRe.push(bufs[0]);
      if (complexInput) rowsIm.push(bufs[1]);
      increment(tIdx, lead, 'taps');
    }

    const off = orow * last.outLen * rowStep;
    if (!complexOut) {
      correlateRows(rowsRe, wRe, taps, stride, dilation, acc, out, off, 1, outLen);
    } else if (!complexInput) {
      // real x, complex w: re = x⋆wr, im = x⋆wi
      correlateRows(rowsRe, wRe, taps, stride, dilation, acc, out, off, 2, outLen);
      correlateRows(rowsRe, wIm, taps, stride, dilation, acc, out, off + 1, 2, outLen);
    } else if (!complexWeights) {
      correlateRows(rowsRe, wRe, taps, stride, dilation, acc, out, off, 2, outLen);
      correlateRows(rowsIm, wRe, taps, stride, dilation, acc, out, off + 1, 2, outLen);
    } else {
      // (xr + i·xi)(wr + i·wi): re = xr⋆wr − xi⋆wi, im = xi⋆wr + xr⋆wi — each one pass over twice the rows
      correlateRows(rowsRe.concat(rowsIm), wRe.concat(wNegIm), taps, stride, dilation, acc, out, off, 2, outLen);
      correlateRows(rowsIm.concat(rowsRe), wRe.concat(wIm), taps, stride, dilation, acc, out, off + 1, 2, outLen);
    }

    increment(oIdx, lead, 'outLen');
  }
}
