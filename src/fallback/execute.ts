// The pure-TypeScript executor: runs a plan exactly as binding/execute_direct.cc does.
//
// Shape of the work: the last axis is the "row" axis; every other axis is a "leading" axis.
// For each output row, the leading maps pick which input rows the kernel touches (one per leading
// tap, or the all-fill row where a leading map says −1). Each touched input row is copied once into
// a padded line buffer through the last axis's map, so the inner loop reads
// buf[o·stride + t·dilation] with no border tests. Padded rows are kept in a small cache because
// consecutive output rows share all but one of them.
//
// The cached rows, the padding scratch and the accumulator are regions of one Float64Array (the
// pool), and the kernels take offsets into it: V8 checks an array's type, length and base address
// again on every iteration of a loop for every distinct array it reads, so rows that are regions of
// one array cost one such check per iteration instead of one per row.

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
  /** The rows, the padding scratch and the accumulator (see the top of the file). */
  readonly pool: Float64Array;
  /** Values per cached row. */
  readonly len: number;
  private readonly comps: number;
  /** Offset of the padding scratch (factored plans) and of the accumulator in the pool. */
  private readonly padAt: number;
  readonly accAt: number;
  /** Per slot, when `checkFinite`: 1 if the padded row holds no NaN or ±∞ (so 0·x = 0 there). */
  readonly finite: Uint8Array;

  constructor(
    slots: number,
    private readonly plan: Plan,
    private readonly input: FloatArray,
    private readonly checkFinite: boolean,
    accLen: number,
  ) {
    const comps = plan.complexInput ? 2 : 1;
    const last = plan.axes[plan.axes.length - 1];
    const len = plan.factors ? last.outLen : axisMapLength(last);
    this.keys = new Int32Array(slots).fill(-2);
    this.used = new Float64Array(slots).fill(-1);
    this.finite = new Uint8Array(slots);
    this.len = len;
    this.comps = comps;
    this.padAt = slots * comps * len;
    this.accAt = this.padAt + (plan.factors ? axisMapLength(last) : 0);
    this.pool = new Float64Array(this.accAt + accLen);
  }

  /** Pool offset of component c of slot `slot`. */
  at(slot: number, c: number): number {
    return (slot * this.comps + c) * this.len;
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
    const { axes, fill, complexInput } = this.plan;
    const last = axes[axes.length - 1];
    const { head, tail, runLength } = last;
    const runStart = head.length;
    const runEnd = runStart + runLength;
    const x = this.input;
    const filter = this.plan.factors?.row;
    const buf = this.pool;
    const padLen = axisMapLength(last);
    for (let c = 0; c < this.comps; c++) {
      const b = filter ? this.padAt : this.at(slot, c);
      const f = fill[c];
      if (row < 0) buf.fill(f, b, b + padLen);
      else {
        // The run is copied as one block; only the head and tail go through their maps.
        const step = complexInput ? 2 : 1;
        const base = step * row * last.inLen + c;
        for (let q = 0; q < runStart; q++) buf[b + q] = head[q] < 0 ? f : x[base + step * head[q]];
        const shifted = base + step * last.shift;
        if (step === 1) buf.set(x.subarray(shifted + runStart, shifted + runEnd), b + runStart); // native copy, converting
        else for (let q = runStart; q < runEnd; q++) buf[b + q] = x[shifted + 2 * q];
        for (let q = 0; q < tail.length; q++) buf[b + runEnd + q] = tail[q] < 0 ? f : x[base + step * tail[q]];
      }
      if (filter) this.filter(this.at(slot, c), filter);
    }
    if (this.checkFinite) this.finite[slot] = allFinite(buf, this.at(slot, 0), this.len) ? 1 : 0;
    return slot;
  }

  /** pool[dst + o] = Σ_t w[t] · padded[o·stride + t·dilation] along the row axis (padded: the scratch). */
  private filter(dst: number, w: Float64Array): void {
    const { stride, dilation, outLen } = this.plan.axes[this.plan.axes.length - 1];
    this.pool.fill(0, dst, dst + outLen);
    if (stride === 1 && dilation === 1) accumulateDense(this.pool, dst, this.padAt, w, outLen);
    else accumulateStrided(this.pool, dst, this.padAt, w, 0, stride, dilation, outLen);
  }
}

/** True when `row` holds no NaN and no ±∞: then x − x is 0 everywhere (four sums keep the adds independent). */
function allFinite(row: Float64Array, from: number, len: number): boolean {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, q = from;
  const end = from + len;
  for (; q + 4 <= end; q += 4) {
    s0 += row[q] - row[q];
    s1 += row[q + 1] - row[q + 1];
    s2 += row[q + 2] - row[q + 2];
    s3 += row[q + 3] - row[q + 3];
  }
  for (; q < end; q++) s0 += row[q] - row[q];
  return s0 + s1 + s2 + s3 === 0;
}

/**
 * p[ao + o] += Σ_t w[t] · p[ro + o + t] for o in [0, n), t in [0, w.length): one padded row at
 * stride 1, dilation 1, into the accumulator, both regions of the pool. The common tap counts keep a
 * sliding window of the row in locals, so each sample is loaded once per row instead of once per tap
 * (V8 keeps these in registers); that is where the fallback's speed comes from.
 */
function accumulateDense(p: Float64Array, ao: number, ro: number, w: Float64Array, n: number): void {
  const taps = w.length;
  if (taps === 1) {
    const w0 = w[0];
    for (let o = 0; o < n; o++) p[ao + o] += w0 * p[ro + o];
  } else if (taps === 2) {
    const w0 = w[0], w1 = w[1], e = ro + 1;
    let x0 = p[ro];
    for (let o = 0; o < n; o++) {
      const x1 = p[o + e];
      p[ao + o] += w0 * x0 + w1 * x1;
      x0 = x1;
    }
  } else if (taps === 3) {
    const w0 = w[0], w1 = w[1], w2 = w[2], e = ro + 2;
    let x0 = p[ro], x1 = p[ro + 1];
    for (let o = 0; o < n; o++) {
      const x2 = p[o + e];
      p[ao + o] += w0 * x0 + w1 * x1 + w2 * x2;
      x0 = x1;
      x1 = x2;
    }
  } else if (taps === 5) {
    const w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], e = ro + 4;
    let x0 = p[ro], x1 = p[ro + 1], x2 = p[ro + 2], x3 = p[ro + 3];
    for (let o = 0; o < n; o++) {
      const x4 = p[o + e];
      p[ao + o] += w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3 + w4 * x4;
      x0 = x1;
      x1 = x2;
      x2 = x3;
      x3 = x4;
    }
  } else if (taps === 7) {
    const w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5], w6 = w[6], e = ro + 6;
    let x0 = p[ro], x1 = p[ro + 1], x2 = p[ro + 2], x3 = p[ro + 3], x4 = p[ro + 4], x5 = p[ro + 5];
    for (let o = 0; o < n; o++) {
      const x6 = p[o + e];
      p[ao + o] += w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3 + w4 * x4 + w5 * x5 + w6 * x6;
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
      const w0 = w[t], w1 = w[t + 1], w2 = w[t + 2], w3 = w[t + 3], e = ro + t;
      for (let o = 0; o < n; o++) p[ao + o] += w0 * p[o + e] + w1 * p[o + e + 1] + w2 * p[o + e + 2] + w3 * p[o + e + 3];
    }
    for (; t < taps; t++) {
      const wt = w[t], e = ro + t;
      for (let o = 0; o < n; o++) p[ao + o] += wt * p[o + e];
    }
  }
}

/**
 * p[ao + o] += Σ_t w[t] · p[ro + o·stride + (at + t)·dilation]: any stride and dilation (the strided
 * workloads, and the channel-folded (h, w, 1) kernels of an RGB image: taps 3 apart). Up to four taps
 * per sweep, so the accumulator is loaded and stored once per four taps instead of once per tap.
 */
function accumulateStrided(p: Float64Array, ao: number, ro: number, w: Float64Array, at: number, stride: number, dilation: number, n: number): void {
  const d = dilation, taps = w.length;
  let t = 0;
  for (; t + 4 <= taps; t += 4) {
    const w0 = w[t], w1 = w[t + 1], w2 = w[t + 2], w3 = w[t + 3];
    for (let o = 0, q = ro + (at + t) * d; o < n; o++, q += stride) p[ao + o] += w0 * p[q] + w1 * p[q + d] + w2 * p[q + 2 * d] + w3 * p[q + 3 * d];
  }
  const left = taps - t, q0 = ro + (at + t) * d;
  if (left === 3) {
    const w0 = w[t], w1 = w[t + 1], w2 = w[t + 2];
    for (let o = 0, q = q0; o < n; o++, q += stride) p[ao + o] += w0 * p[q] + w1 * p[q + d] + w2 * p[q + 2 * d];
  } else if (left === 2) {
    const w0 = w[t], w1 = w[t + 1];
    for (let o = 0, q = q0; o < n; o++, q += stride) p[ao + o] += w0 * p[q] + w1 * p[q + d];
  } else if (left === 1) {
    const w0 = w[t];
    for (let o = 0, q = q0; o < n; o++, q += stride) p[ao + o] += w0 * p[q];
  }
}

/**
 * dst[off + o] (+)= Σ over three rows (pool offsets r0 r1 r2) of a 3-tap window: the 3×3 case in one
 * sweep instead of three, with a sliding window of each row in locals. `first`: dst holds nothing
 * yet, so it is written rather than added to; then dst may be the output itself.
 */
function accumulate3x3(dst: FloatArray, off: number, p: Float64Array, r0: number, r1: number, r2: number, w0: Float64Array, w1: Float64Array, w2: Float64Array, n: number, first: boolean): void {
  const a0 = w0[0], a1 = w0[1], a2 = w0[2];
  const b0 = w1[0], b1 = w1[1], b2 = w1[2];
  const c0 = w2[0], c1 = w2[1], c2 = w2[2];
  let p0 = p[r0], p1 = p[r0 + 1], q0 = p[r1], q1 = p[r1 + 1], s0 = p[r2], s1 = p[r2 + 1];
  const e0 = r0 + 2, e1 = r1 + 2, e2 = r2 + 2;
  for (let o = 0; o < n; o++) {
    const p2 = p[o + e0], q2 = p[o + e1], s2 = p[o + e2];
    const v = a0 * p0 + a1 * p1 + a2 * p2 + b0 * q0 + b1 * q1 + b2 * q2 + c0 * s0 + c1 * s1 + c2 * s2;
    dst[off + o] = first ? v : dst[off + o] + v;
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
 * dst[off + o] = wa·r0[o + ta] + (m · r1[o … o + 2]) + wc·r2[o + tc] (rows: pool offsets). Returns
 * the sum of what it wrote, by which correlateRows tells whether the skipped taps (weight 0) read
 * only finite values.
 */
function cross3(dst: FloatArray, off: number, p: Float64Array, r0: number, ta: number, wa: number, r1: number, m: Float64Array, r2: number, tc: number, wc: number, n: number): number {
  const m0 = m[0], m1 = m[1], m2 = m[2];
  const ea = r0 + ta, eq = r1 + 2, ec = r2 + tc;
  let q0 = p[r1], q1 = p[r1 + 1], sum = 0;
  for (let o = 0; o < n; o++) {
    const q2 = p[o + eq];
    const v = wa * p[o + ea] + (m0 * q0 + m1 * q1 + m2 * q2) + wc * p[o + ec];
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
function cross3Pair(dst: FloatArray, offA: number, offB: number, p: Float64Array, r0: number, r1: number, r2: number, r3: number, ta: number, wa: number, m: Float64Array, tc: number, wc: number, n: number): number {
  const m0 = m[0], m1 = m[1], m2 = m[2];
  const a0 = r0 + ta, a1 = r1 + ta, c2 = r2 + tc, c3 = r3 + tc, eq = r1 + 2, es = r2 + 2;
  let q0 = p[r1], q1 = p[r1 + 1], s0 = p[r2], s1 = p[r2 + 1], sum = 0; // one sum: a second one spills
  for (let o = 0; o < n; o++) {
    const q2 = p[o + eq], s2 = p[o + es];
    const a = wa * p[o + a0] + (m0 * q0 + m1 * q1 + m2 * q2) + wc * p[o + c2];
    const b = wa * p[o + a1] + (m0 * s0 + m1 * s1 + m2 * s2) + wc * p[o + c3];
    dst[offA + o] = a;
    dst[offB + o] = b;
    sum += a + b;
    q0 = q1;
    q1 = q2;
    s0 = s1;
    s1 = s2;
  }
  return sum;
}

/**
 * True when the values of a padded outer row (at pool offset r, `len` long) that a cross never reads
 * with its nonzero tap (the positions before `t` and from `t + n` on: at most two) are finite.
 */
function edgesFinite(p: Float64Array, r: number, len: number, t: number, n: number): boolean {
  for (let q = 0; q < t; q++) if (p[r + q] - p[r + q] !== 0) return false;
  for (let q = t + n; q < len; q++) if (p[r + q] - p[r + q] !== 0) return false;
  return true;
}

/** p[ao + o] += Σ_r w[r]·p[rows[r] + o] for four rows at once: the column pass of a separable filter. */
function accumulateColumn4(p: Float64Array, ao: number, r0: number, r1: number, r2: number, r3: number, w0: number, w1: number, w2: number, w3: number, n: number): void {
  for (let o = 0; o < n; o++) p[ao + o] += w0 * p[r0 + o] + w1 * p[r1 + o] + w2 * p[r2 + o] + w3 * p[r3 + o];
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
 * out[o·step] = Σ_r Σ_t w[r][t] · row_r[o·stride + (at[r] + t)·dilation] for o in [0, n), the rows
 * at pool offsets `rows` (each `len` long): the contract of binding/kernels/kernels.h, with each
 * row's taps starting at at[r]. Rows are summed into the pool's float64 accumulator (at `ao`), then
 * stored once; a plain or cross 3×3 goes straight to out.
 * `pairRow` ≥ 0 (a cross 3×3 only): also write the next output row, rows[1], rows[2], pairRow, at out[outOffset + n].
 *
 * Every kernel is called from here and nowhere else: this function is too large for V8 to inline
 * into executePlan, so the kernels are compiled into it, a small function optimised as a whole,
 * and not into executePlan's on-stack-replaced row loop, which measured up to 1.5× slower.
 */
function correlateRows(
  p: Float64Array,
  rows: number[],
  len: number,
  rw: RowWeights,
  stride: number,
  dilation: number,
  ao: number,
  out: FloatArray,
  outOffset: number,
  outStep: number,
  n: number,
  pairRow = -1,
): void {
  const { w, at } = rw;
  const dense = stride === 1 && dilation === 1;
  if (dense && outStep === 1 && rows.length === 3) {
    if (rw.cross) {
      // The sum of the outputs is finite only if every value read with a nonzero weight is (a finite
      // sum that overflows only costs a redo). The middle rows are read whole (all three taps), the
      // outer rows at all but their edge values, so with finite edges 0·x = 0 held for every skipped
      // tap and the result stands; otherwise it is redone with every weight: 0·NaN = NaN, 0·∞ = NaN.
      const pair = pairRow >= 0;
      const last = pair ? pairRow : rows[2];
      const sum = pair
        ? cross3Pair(out, outOffset, outOffset + n, p, rows[0], rows[1], rows[2], pairRow, at[0], w[0][0], w[1], at[2], w[2][0], n)
        : cross3(out, outOffset, p, rows[0], at[0], w[0][0], rows[1], w[1], rows[2], at[2], w[2][0], n);
      if (sum - sum === 0 && edgesFinite(p, rows[0], len, at[0], n) && edgesFinite(p, last, len, at[2], n)) return;
      const f = (rw.full as RowWeights).w;
      accumulate3x3(out, outOffset, p, rows[0], rows[1], rows[2], f[0], f[1], f[2], n, true);
      if (pair) accumulate3x3(out, outOffset + n, p, rows[1], rows[2], pairRow, f[0], f[1], f[2], n, true);
      return;
    }
    if (isFull3(rw, 0)) return accumulate3x3(out, outOffset, p, rows[0], rows[1], rows[2], w[0], w[1], w[2], n, true);
  }
  p.fill(0, ao, ao + n);
  for (let r = 0; r < rows.length; ) {
    if (!dense) {
      accumulateStrided(p, ao, rows[r], w[r], at[r], stride, dilation, n);
      r++;
    } else if (r + 3 <= rows.length && isFull3(rw, r)) {
      accumulate3x3(p, ao, p, rows[r], rows[r + 1], rows[r + 2], w[r], w[r + 1], w[r + 2], n, false);
      r += 3;
    } else if (r + 4 <= rows.length && isColumn4(rw, r)) {
      accumulateColumn4(p, ao, rows[r], rows[r + 1], rows[r + 2], rows[r + 3], w[r][0], w[r + 1][0], w[r + 2][0], w[r + 3][0], n);
      r += 4;
    } else {
      accumulateDense(p, ao, rows[r] + at[r], w[r], n);
      r++;
    }
  }
  if (outStep === 1) out.set(p.subarray(ao, ao + n), outOffset);
  else for (let o = 0; o < n; o++) out[outOffset + o * outStep] = p[ao + o];
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
function chunkOf(rows: number[], from: number): number[] {
  return from === 0 ? rows : rows.map((r) => r + from);
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
    private readonly complex: boolean,
  ) {
    this.tIdx = new Array<number>(lead.length).fill(0);
    this.leadTaps = live.length;
  }

  /**
   * Fills `re` (and `im` for complex input) with the rows output row `orow` (leading multi-index
   * `idx`) reads, in weight order, live tap rows only; true if all of them are finite.
   */
  rows(orow: number, idx: readonly number[], re: number[], im: number[]): boolean {
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
        re.push(cache.at(slot, 0));
        if (this.complex) im.push(cache.at(slot, 1));
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
  // A long 1-D row (one output row) is summed in chunks of CHUNK outputs, so that the accumulator
  // and the part of the row it reads stay in cache across the taps instead of streaming from memory.
  const accLen = D > 1 ? last.outLen : Math.min(last.outLen, CHUNK);
  const cache = new RowCache((pairs ? 2 : 1) * leadTaps + 1, plan, input, trimmed !== null && !crossDense, accLen);
  const { pool, len, accAt } = cache;
  const oIdx = new Array<number>(lead.length).fill(0); // leading output multi-index
  const rowStep = complexOut ? 2 : 1;
  const rowsRe: number[] = []; // pool offsets of the rows an output row reads
  const rowsIm: number[] = [];
  const next: number[] = []; // pairs: the rows of the following output row
  const nextIm: number[] = []; // (stays empty: pairs are real)
  const { outLen } = last;
  const [stride, dilation] = factors ? [1, 1] : [last.stride, last.dilation];

  const gather = new RowGather(lead, live, cache, complexInput);

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
          correlateRows(pool, rowsRe, len, rw, stride, dilation, accAt, out, off, 1, outLen, next[2]);
          orow++;
          increment(oIdx, lead, 'outLen');
          increment(oIdx, lead, 'outLen');
          continue;
        }
      }
      const step = D > 1 ? outLen : CHUNK;
      for (let b = 0; b < outLen; b += step) correlateRows(pool, chunkOf(rowsRe, b * stride), len, rw, stride, dilation, accAt, out, off + b, 1, Math.min(step, outLen - b));
    } else {
      // complex: one pass per output component (interleaved in out); a long 1-D row in chunks as above
      const [rRe, rIm] = both ? [rowsRe.concat(rowsIm), rowsIm.concat(rowsRe)] : [rowsRe, complexInput ? rowsIm : rowsRe];
      const step = D > 1 ? outLen : CHUNK;
      for (let b = 0; b < outLen; b += step) {
        const n = Math.min(step, outLen - b);
        correlateRows(pool, chunkOf(rRe, b * stride), len, pRe, stride, dilation, accAt, out, off + 2 * b, 2, n);
        correlateRows(pool, chunkOf(rIm, b * stride), len, pIm, stride, dilation, accAt, out, off + 2 * b + 1, 2, n);
      }
    }

    increment(oIdx, lead, 'outLen');
  }
}
