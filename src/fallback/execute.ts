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
  readonly bufs: Float64Array[][]; // [slot][component]
  /** Per slot, when `checkFinite`: 1 if the padded row holds no NaN or ±∞ (so 0·x = 0 there). */
  readonly finite: Uint8Array;
  private pad: Float64Array[]; // factored plans: the padded row, filtered into a slot

  constructor(
    slots: number,
    private readonly plan: Plan,
    private readonly input: FloatArray,
    private readonly checkFinite: boolean,
  ) {
    const comps = plan.complexInput ? 2 : 1;
    const last = plan.axes[plan.axes.length - 1];
    const len = plan.factors ? last.outLen : axisMapLength(last);
    this.keys = new Int32Array(slots).fill(-2);
    this.used = new Float64Array(slots).fill(-1);
    this.finite = new Uint8Array(slots);
    this.bufs = Array.from({ length: slots }, () => Array.from({ length: comps }, () => new Float64Array(len)));
    this.pad = plan.factors ? Array.from({ length: comps }, () => new Float64Array(axisMapLength(last))) : [];
  }

  /** The slot holding the padded line buffers (one per component) of input row `row`, for output row `orow`. */
  get(row: number, orow: number): number {
    let slot = 0;
    for (let s = 0; s < this.keys.length; s++) {
      if (this.keys[s] === row) {
        this.used[s] = orow;
        return s;
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
    if (this.checkFinite) this.finite[slot] = allFinite(bufs[0]) ? 1 : 0;
    return slot;
  }

  /** dst[o] = Σ_t w[t] · padded[o·stride + t·dilation] along the row axis. */
  private filter(dst: Float64Array, padded: Float64Array, w: Float64Array): void {
    const { stride, dilation, outLen } = this.plan.axes[this.plan.axes.length - 1];
    dst.fill(0);
    if (stride === 1 && dilation === 1) accumulateDense(dst, padded, w, 0, outLen);
    else accumulateStrided(dst, padded, w, 0, stride, dilation, outLen);
  }
}

/** True when `row` holds no NaN and no ±∞: then x − x is 0 everywhere (four sums keep the adds independent). */
function allFinite(row: Float64Array): boolean {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, q = 0;
  for (; q + 4 <= row.length; q += 4) {
    s0 += row[q] - row[q];
    s1 += row[q + 1] - row[q + 1];
    s2 += row[q + 2] - row[q + 2];
    s3 += row[q + 3] - row[q + 3];
  }
  for (; q < row.length; q++) s0 += row[q] - row[q];
  return s0 + s1 + s2 + s3 === 0;
}

/**
 * acc[o] += Σ_t w[t] · row[at + o + t] for o in [0, n), t in [0, w.length): one padded row at
 * stride 1, dilation 1. The common tap counts keep a sliding window of the row in locals, so each
 * sample is loaded once per row instead of once per tap (V8 keeps these in registers); that is
 * where the fallback's speed comes from.
 */
function accumulateDense(acc: Float64Array, row: Float64Array, w: Float64Array, at: number, n: number): void {
  const taps = w.length;
  if (taps === 1) {
    const w0 = w[0];
    for (let o = 0; o < n; o++) acc[o] += w0 * row[o + at];
  } else if (taps === 2) {
    const w0 = w[0], w1 = w[1], e = at + 1;
    let x0 = row[at];
    for (let o = 0; o < n; o++) {
      const x1 = row[o + e];
      acc[o] += w0 * x0 + w1 * x1;
      x0 = x1;
    }
  } else if (taps === 3) {
    const w0 = w[0], w1 = w[1], w2 = w[2], e = at + 2;
    let x0 = row[at], x1 = row[at + 1];
    for (let o = 0; o < n; o++) {
      const x2 = row[o + e];
      acc[o] += w0 * x0 + w1 * x1 + w2 * x2;
      x0 = x1;
      x1 = x2;
    }
  } else if (taps === 5) {
    const w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], e = at + 4;
    let x0 = row[at], x1 = row[at + 1], x2 = row[at + 2], x3 = row[at + 3];
    for (let o = 0; o < n; o++) {
      const x4 = row[o + e];
      acc[o] += w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3 + w4 * x4;
      x0 = x1;
      x1 = x2;
      x2 = x3;
      x3 = x4;
    }
  } else if (taps === 7) {
    const w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5], w6 = w[6], e = at + 6;
    let x0 = row[at], x1 = row[at + 1], x2 = row[at + 2], x3 = row[at + 3], x4 = row[at + 4], x5 = row[at + 5];
    for (let o = 0; o < n; o++) {
      const x6 = row[o + e];
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
      const w0 = w[t], w1 = w[t + 1], w2 = w[t + 2], w3 = w[t + 3], e = at + t;
      for (let o = 0; o < n; o++) acc[o] += w0 * row[o + e] + w1 * row[o + e + 1] + w2 * row[o + e + 2] + w3 * row[o + e + 3];
    }
    for (; t < taps; t++) {
      const wt = w[t], e = at + t;
      for (let o = 0; o < n; o++) acc[o] += wt * row[o + e];
    }
  }
}

/** acc[o] += Σ_t w[t] · row[o·stride + (at + t)·dilation]: any stride and dilation. */
function accumulateStrided(acc: Float64Array, row: Float64Array, w: Float64Array, at: number, stride: number, dilation: number, n: number): void {
  for (let t = 0; t < w.length; t++) {
    const wt = w[t];
    const off = (at + t) * dilation;
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

/**
 * A "cross" 3×3: the outer rows have one nonzero tap each (at ta and tc), the middle row is a full
 * 3-tap window — the Laplacian, the high-pass and sharpen kernels, 5 multiply-adds instead of 9.
 * dst[off + o] = wa·r0[o + ta] + (m · r1[o … o + 2]) + wc·r2[o + tc]. Returns the sum of what it
 * wrote, by which correlateRows tells whether the skipped taps (weight 0) read only finite values.
 */
function cross3(dst: FloatArray, off: number, r0: Float64Array, ta: number, wa: number, r1: Float64Array, m: Float64Array, r2: Float64Array, tc: number, wc: number, n: number): number {
  const m0 = m[0], m1 = m[1], m2 = m[2];
  let q0 = r1[0], q1 = r1[1], sum = 0;
  for (let o = 0; o < n; o++) {
    const q2 = r1[o + 2];
    const v = wa * r0[o + ta] + (m0 * q0 + m1 * q1 + m2 * q2) + wc * r2[o + tc];
    dst[off + o] = v;
    sum += v;
    q0 = q1;
    q1 = q2;
  }
  return sum;
}

/**
 * Two consecutive output rows of a cross 3×3 in one sweep: rows r0 r1 r2 make the first (at offA),
 * r1 r2 r3 the second (at offB), so r1 and r2 are loaded once for both. Returns the sum of both rows.
 */
function cross3Pair(dst: FloatArray, offA: number, offB: number, r0: Float64Array, r1: Float64Array, r2: Float64Array, r3: Float64Array, ta: number, wa: number, m: Float64Array, tc: number, wc: number, n: number): number {
  const m0 = m[0], m1 = m[1], m2 = m[2];
  let q0 = r1[0], q1 = r1[1], s0 = r2[0], s1 = r2[1], sumA = 0, sumB = 0;
  for (let o = 0; o < n; o++) {
    const q2 = r1[o + 2], s2 = r2[o + 2];
    const a = wa * r0[o + ta] + (m0 * q0 + m1 * q1 + m2 * q2) + wc * r2[o + tc];
    const b = wa * r1[o + ta] + (m0 * s0 + m1 * s1 + m2 * s2) + wc * r3[o + tc];
    dst[offA + o] = a;
    dst[offB + o] = b;
    sumA += a;
    sumB += b;
    q0 = q1;
    q1 = q2;
    s0 = s1;
    s1 = s2;
  }
  return sumA + sumB;
}

/**
 * True when the values of a padded outer row that a cross never reads with its nonzero tap (the
 * positions before `t` and from `t + n` on: at most two) are finite.
 */
function edgesFinite(row: Float64Array, t: number, n: number): boolean {
  for (let q = 0; q < t; q++) if (row[q] - row[q] !== 0) return false;
  for (let q = t + n; q < row.length; q++) if (row[q] - row[q] !== 0) return false;
  return true;
}

/** acc[o] += Σ_r w[r]·rows[r][o] for four rows at once: the column pass of a separable filter. */
function accumulateColumn4(acc: Float64Array, r0: Float64Array, r1: Float64Array, r2: Float64Array, r3: Float64Array, w0: number, w1: number, w2: number, w3: number, n: number): void {
  for (let o = 0; o < n; o++) acc[o] += w0 * r0[o] + w1 * r1[o] + w2 * r2[o] + w3 * r3[o];
}

/**
 * The weights of the live kernel rows, in gather order: row r applies w[r] starting at tap at[r]
 * (`taps` is the full row length). The full form has at = 0 and every tap; the trimmed form keeps
 * only each row's span of nonzero taps, so the zeros outside it cost nothing.
 */
interface RowWeights {
  w: Float64Array[];
  at: Int32Array;
  /** The trimmed 3×3 is a cross (see cross3). */
  cross: boolean;
  /** A trimmed form's untrimmed weights (a cross falls back to them when a row is not finite). */
  full: RowWeights | null;
}

function fullWeights(w: Float64Array[]): RowWeights {
  return { w, at: new Int32Array(w.length), cross: false, full: null };
}

/** Each row cut to its nonzero span; null when that saves nothing. Rows are live: each has a nonzero tap. */
function trimmedWeights(w: Float64Array[], taps: number): RowWeights | null {
  const at = new Int32Array(w.length);
  let trimmed = false;
  const cut = w.map((row, r) => {
    let lo = 0, hi = row.length - 1;
    while (row[lo] === 0) lo++;
    while (row[hi] === 0) hi--;
    at[r] = lo;
    trimmed ||= hi - lo + 1 < row.length;
    return row.subarray(lo, hi + 1);
  });
  if (!trimmed) return null;
  const cross = taps === 3 && cut.length === 3 && cut[0].length === 1 && cut[1].length === 3 && cut[2].length === 1;
  return { w: cut, at, cross, full: fullWeights(w) };
}

/**
 * dst[o·step] = Σ_r Σ_t w[r][t] · rows[r][o·stride + (at[r] + t)·dilation] for o in [0, n): the
 * contract of binding/kernels/kernels.h, with each row's taps starting at at[r]. Rows are summed
 * into a float64 accumulator, then stored once; a plain or cross 3×3 goes straight to dst.
 * `pairRow` (a cross 3×3 only): also write the next output row, rows[1], rows[2], pairRow, at dst[dstOffset + n].
 *
 * Every kernel is called from here and nowhere else: this function is too large for V8 to inline
 * into executePlan, so the kernels are compiled into it, a small function optimised as a whole,
 * and not into executePlan's on-stack-replaced row loop, which measured up to 1.5× slower.
 */
function correlateRows(
  rows: Float64Array[],
  rw: RowWeights,
  stride: number,
  dilation: number,
  acc: Float64Array,
  dst: FloatArray,
  dstOffset: number,
  dstStep: number,
  n: number,
  pairRow: Float64Array | null = null,
): void {
  const { w, at } = rw;
  const dense = stride === 1 && dilation === 1;
  if (dense && dstStep === 1 && rows.length === 3) {
    if (rw.cross) {
      // The sum of the outputs is finite only if every value read with a nonzero weight is (a finite
      // sum that overflows only costs a redo). The middle rows are read whole (all three taps), the
      // outer rows at all but their edge values, so with finite edges 0·x = 0 held for every skipped
      // tap and the result stands; otherwise it is redone with every weight: 0·NaN = NaN, 0·∞ = NaN.
      const last = pairRow ?? rows[2];
      const sum = pairRow ? cross3Pair(dst, dstOffset, dstOffset + n, rows[0], rows[1], rows[2], pairRow, at[0], w[0][0], w[1], at[2], w[2][0], n) : cross3(dst, dstOffset, rows[0], at[0], w[0][0], rows[1], w[1], rows[2], at[2], w[2][0], n);
      if (sum - sum === 0 && edgesFinite(rows[0], at[0], n) && edgesFinite(last, at[2], n)) return;
      const f = (rw.full as RowWeights).w;
      accumulate3x3(dst, dstOffset, rows[0], rows[1], rows[2], f[0], f[1], f[2], n, true);
      if (pairRow) accumulate3x3(dst, dstOffset + n, rows[1], rows[2], pairRow, f[0], f[1], f[2], n, true);
      return;
    }
    if (isFull3(rw, 0)) return accumulate3x3(dst, dstOffset, rows[0], rows[1], rows[2], w[0], w[1], w[2], n, true);
  }
  acc.fill(0, 0, n);
  for (let r = 0; r < rows.length; ) {
    if (!dense) {
      accumulateStrided(acc, rows[r], w[r], at[r], stride, dilation, n);
      r++;
    } else if (r + 3 <= rows.length && isFull3(rw, r)) {
      accumulate3x3(acc, 0, rows[r], rows[r + 1], rows[r + 2], w[r], w[r + 1], w[r + 2], n, false);
      r += 3;
    } else if (r + 4 <= rows.length && isColumn4(rw, r)) {
      accumulateColumn4(acc, rows[r], rows[r + 1], rows[r + 2], rows[r + 3], w[r][0], w[r + 1][0], w[r + 2][0], w[r + 3][0], n);
      r += 4;
    } else {
      accumulateDense(acc, rows[r], w[r], at[r], n);
      r++;
    }
  }
  if (dstStep === 1) dst.set(acc, dstOffset); // acc holds exactly n values
  else for (let o = 0; o < n; o++) dst[dstOffset + o * dstStep] = acc[o];
}

/** Rows r … r+3 are one tap each, at tap 0 (as a factored plan's column pass is). */
function isColumn4(rw: RowWeights, r: number): boolean {
  const { w, at } = rw;
  for (let k = r; k < r + 4; k++) if (w[k].length !== 1 || at[k] !== 0) return false;
  return true;
}

/** Rows r, r+1, r+2 are whole 3-tap windows. */
function isFull3(rw: RowWeights, r: number): boolean {
  const { w, at } = rw;
  return w[r].length === 3 && w[r + 1].length === 3 && w[r + 2].length === 3 && at[r] === 0 && at[r + 1] === 0 && at[r + 2] === 0;
}

/** Outputs per chunk of a long 1-D row: 8 KB of float64 accumulator, beside the 8 KB of row it reads. */
const CHUNK = 1024;

/** The rows seen from map position `from` on: the rows of a chunk whose first output reads there. */
function chunkOf(rows: Float64Array[], from: number): Float64Array[] {
  return rows.map((r) => r.subarray(from));
}

/** The accumulator for a chunk with `left` outputs still to do: exactly min(left, acc.length) values. */
function accFor(acc: Float64Array, left: number): Float64Array {
  return left >= acc.length ? acc : acc.subarray(0, left);
}

/** Advances a row-major multi-index over the leading axes' `taps` or `outLen`; wraps to all zeros. */
function increment(idx: number[], axes: readonly AxisPlan[], limit: 'taps' | 'outLen'): void {
  for (let a = axes.length - 1; a >= 0; a--) {
    if (++idx[a] < axes[a][limit]) return;
    idx[a] = 0;
  }
}

/** Finds the padded input rows each output row reads, through the leading axes' maps and the row cache. */
class RowGather {
  private readonly tIdx: number[]; // leading tap multi-index
  private readonly leadTaps: number;

  constructor(
    private readonly lead: readonly AxisPlan[],
    private readonly live: readonly boolean[],
    private readonly cache: RowCache,
  ) {
    this.tIdx = new Array<number>(lead.length).fill(0);
    this.leadTaps = live.length;
  }

  /**
   * Fills `re` (and `im` for complex input) with the rows output row `orow` (leading multi-index
   * `idx`) reads, in weight order, live tap rows only; true if all of them are finite.
   */
  rows(orow: number, idx: readonly number[], re: Float64Array[], im: Float64Array[]): boolean {
    const { lead, live, cache, tIdx } = this;
    re.length = 0;
    im.length = 0;
    tIdx.fill(0);
    let finite = true;
    for (let r = 0; r < this.leadTaps; r++) {
      if (live[r]) {
        let inRow = 0;
        for (let a = 0; a < lead.length; a++) {
          const ax = lead[a];
          const m = mapAt(ax, idx[a] * ax.stride + tIdx[a] * ax.dilation);
          if (m < 0) {
            inRow = -1;
            break;
          }
          inRow = inRow * ax.inLen + m;
        }
        const slot = cache.get(inRow, orow);
        re.push(cache.bufs[slot][0]);
        if (cache.bufs[slot].length > 1) im.push(cache.bufs[slot][1]);
        finite &&= cache.finite[slot] === 1;
      }
      increment(tIdx, lead, 'taps');
    }
    return finite;
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
  const full = fullWeights(wRe);
  // Complex output, one pass per component: real x, complex w: re = x⋆wr, im = x⋆wi; complex x, real
  // w: re = xr⋆w, im = xi⋆w; (xr + i·xi)(wr + i·wi): re = xr⋆wr − xi⋆wi, im = xi⋆wr + xr⋆wi, each
  // one pass over twice the rows.
  const both = complexInput && complexWeights;
  const pRe = both ? fullWeights(wRe.concat(wNegIm)) : full;
  const pIm = both ? fullWeights(wRe.concat(wIm)) : complexInput ? full : fullWeights(wIm);
  // Zero taps inside a live row are skipped too (the trimmed form), but only for output rows whose
  // input rows are all finite: there 0·x = 0, so skipping changes nothing; a NaN or ±∞ under a zero
  // tap takes the full form and spreads as the formula says (0·NaN = NaN).
  const trimmed = complexOut || factors ? null : trimmedWeights(wRe, last.taps);
  // A dense cross 3×3 checks its rows as it sums them (see correlateRows), so its row cache checks
  // nothing; the other trimmed forms need each padded row checked once as it is cached.
  const crossDense = trimmed !== null && trimmed.cross && last.stride === 1 && last.dilation === 1;

  // A cross 3×3 on one leading axis computes two output rows per sweep when they share rows; the
  // cache then holds both rows' inputs at once.
  const pairs = crossDense && D === 2;
  const cache = new RowCache((pairs ? 2 : 1) * leadTaps + 1, plan, input, trimmed !== null && !crossDense);
  const oIdx = new Array<number>(lead.length).fill(0); // leading output multi-index
  const rowStep = complexOut ? 2 : 1;
  const rowsRe: Float64Array[] = [];
  const rowsIm: Float64Array[] = [];
  const next: Float64Array[] = []; // pairs: the rows of the following output row
  const nextIm: Float64Array[] = []; // (stays empty: pairs are real)
  // A long 1-D row (one output row) is summed in chunks of CHUNK outputs, so that the accumulator
  // and the part of the row it reads stay in cache across the taps instead of streaming from memory.
  const acc = new Float64Array(D > 1 ? last.outLen : Math.min(last.outLen, CHUNK));
  const { outLen } = last;
  const [stride, dilation] = factors ? [1, 1] : [last.stride, last.dilation];

  const gather = new RowGather(lead, live, cache);

  for (let orow = 0; orow < outRows; orow++) {
    const finite = gather.rows(orow, oIdx, rowsRe, rowsIm);
    const off = orow * last.outLen * rowStep;
    if (!complexOut) {
      const rw = trimmed && (crossDense || finite) ? trimmed : full;
      if (pairs && orow + 1 < outRows) {
        oIdx[0]++;
        gather.rows(orow + 1, oIdx, next, nextIm);
        oIdx[0]--;
        if (next[0] === rowsRe[1] && next[1] === rowsRe[2]) {
          correlateRows(rowsRe, rw, stride, dilation, acc, out, off, 1, outLen, next[2]);
          orow++;
          increment(oIdx, lead, 'outLen');
          increment(oIdx, lead, 'outLen');
          continue;
        }
      }
      if (D > 1 || outLen <= CHUNK) correlateRows(rowsRe, rw, stride, dilation, acc, out, off, 1, outLen);
      else for (let b = 0; b < outLen; b += CHUNK) correlateRows(chunkOf(rowsRe, b * stride), rw, stride, dilation, accFor(acc, outLen - b), out, off + b, 1, Math.min(CHUNK, outLen - b));
    } else {
      // complex: one pass per output component (interleaved in out); a long 1-D row in chunks as above
      const [rRe, rIm] = both ? [rowsRe.concat(rowsIm), rowsIm.concat(rowsRe)] : [rowsRe, complexInput ? rowsIm : rowsRe];
      const step = D > 1 ? outLen : CHUNK;
      for (let b = 0; b < outLen; b += step) {
        const n = Math.min(step, outLen - b);
        const a = accFor(acc, outLen - b);
        correlateRows(b === 0 ? rRe : chunkOf(rRe, b * stride), pRe, stride, dilation, a, out, off + 2 * b, 2, n);
        correlateRows(b === 0 ? rIm : chunkOf(rIm, b * stride), pIm, stride, dilation, a, out, off + 2 * b + 1, 2, n);
      }
    }

    increment(oIdx, lead, 'outLen');
  }
}
