// The fallback's FFT executor: the plan's formula (src/core/plan.ts) computed by overlap-save.
//
// Along every axis the plan reads the extended input E[q] = x̃(map[q]) and computes
//
//   out[o] = Σ_t w[t]·E[o·stride + t·dilation]
//
// which is a 'valid' correlation of E with the kernel dilated by zeros (span K = (taps−1)·dilation + 1),
// sampled every stride-th position. The output is cut into tiles of `block` outputs per axis; a tile
// reads map positions [o0·stride, o0·stride + L) with L ≥ (block−1)·stride + K a fast FFT length, so
// its circular correlation with the kernel equals the linear one at every position it keeps
// (overlap-save). The kernel spectrum is computed once per call and reused by every tile.
//
// Tiles are gathered through the axis maps, so every boundary, padding and mode is exactly the direct
// path's. Several tiles run side by side as lanes of one batched transform (the native engine's SIMD
// lanes); a real input with a real kernel packs two tiles into one complex transform (one in the
// real plane, one in the imaginary plane: the kernel is real, so the two results come back apart),
// which halves the work as a real-input FFT would, along every axis at once.

import type { FloatArray } from '../core/ndarray';
import type { AxisPlan, Plan } from '../core/plan';
import { tileAxis, type AxisTiling } from '../core/tiling';
import { executePlan } from './execute';
import { fft, fftPlan, scratchFor, type FftPlan, type Scratch } from './fft';

/** Largest tile (points) the FFT path allocates; larger plans run directly. */
const MAX_TILE_POINTS = 2 ** 22;

/** Everything the tiles of one call share. */
interface Job {
  plan: Plan;
  input: FloatArray;
  out: FloatArray;
  tiling: AxisTiling[];
  ffts: FftPlan[];
  /** Tiles side by side in one batched transform. */
  lanes: number;
  /** Points per tile (Π L). */
  points: number;
  /** Output strides (in values, not counting the complex pair). */
  outStride: number[];
}

/** Run `plan` by FFT. The result equals the direct sum to rounding. */
export function executeFft(plan: Plan, input: FloatArray, out: FloatArray): void {
  const { axes } = plan;
  if (axes.some((a) => a.outLen === 0)) return;
  const tiling = axes.map((a) => tileAxis(a, axes.length));
  const points = tiling.reduce((p, t) => p * t.L, 1);
  // A kernel whose dilated span needs tiles of millions of points (a huge dilation in 2-D) would
  // allocate far more than the direct sum costs: run it directly, with the same result.
  if (points > MAX_TILE_POINTS) {
    executePlan(plan, input, out);
    return;
  }
  const totalTiles = tiling.reduce((p, t) => p * t.tiles, 1);
  const pair = !plan.complexInput && !plan.complexWeights;
  const perLane = pair ? 2 : 1;
  // Lanes give the last axis's transforms their batch; the other axes have long batches anyway. In
  // 1-D, 8 lanes. With more axes, as many as keep the four planes (re, im and their scratch) near L2
  // (2^15 points of 4 × 8 bytes = 1 MiB): at 2048² × 31×31 (144² tiles) one lane measured faster
  // than eight, whose 5 MiB of planes stream from L3 on every pass.
  const cap = axes.length === 1 ? 2 ** 19 : 2 ** 15;
  const lanes = Math.max(1, Math.min(8, Math.floor(cap / points), Math.ceil(totalTiles / perLane)));
  const outStride = new Array<number>(axes.length);
  for (let a = axes.length - 1, s = 1; a >= 0; s *= axes[a].outLen, a--) outStride[a] = s;
  const job: Job = { plan, input, out, tiling, ffts: tiling.map((t) => fftPlan(t.L)), lanes, points, outStride };

  const spectrum = kernelSpectrum(job);
  const re = new Float64Array(points * lanes);
  const im = new Float64Array(points * lanes);
  const scratch = scratchFor(points * lanes);
  // Slot lane·perLane + k holds tile first + lane·perLane + k of the group (plane k when paired).
  const perGroup = lanes * perLane;
  const slots: Slot[] = Array.from({ length: perGroup }, () => ({ tile: new Array<number>(axes.length), used: false }));
  for (let first = 0; first < totalTiles; first += perGroup) {
    for (let s = 0; s < perGroup; s++) {
      slots[s].used = first + s < totalTiles;
      if (slots[s].used) unflatten(first + s, tiling, slots[s].tile);
    }
    gather(job, slots, perLane, re, im);
    transform(job, re, im, scratch, false);
    multiply(re, im, spectrum, points, lanes);
    transform(job, re, im, scratch, true);
    scatter(job, slots, perLane, re, im);
  }
}

/** One tile position of a group: which tile (per-axis tile indices), or unused past the last tile. */
interface Slot {
  tile: number[];
  used: boolean;
}

function unflatten(id: number, tiling: AxisTiling[], index: number[]): void {
  for (let a = tiling.length - 1; a >= 0; a--) {
    index[a] = id % tiling[a].tiles;
    id = Math.floor(id / tiling[a].tiles);
  }
}

/**
 * The N-D transform of every lane: one batched FFT per axis; the inverse swaps the planes. The forward
 * transform runs the last axis first; the inverse runs it last, and only on the rows whose leading-axis
 * positions scatter() keeps (a tile keeps `block` outputs of L per axis; 114 of 144 at 31×31 taps).
 */
function transform(job: Job, re: Float64Array, im: Float64Array, scratch: Scratch, inverse: boolean): void {
  const [xr, xi] = inverse ? [im, re] : [re, im];
  const D = job.tiling.length;
  for (let k = 0; k < D; k++) {
    const a = inverse ? k : D - 1 - k;
    const L = job.tiling[a].L;
    let inner = job.lanes;
    for (let b = a + 1; b < D; b++) inner *= job.tiling[b].L;
    const outer = job.points * job.lanes / (inner * L);
    if (inverse) for (const o of keptSequences(job, a)) fft(job.ffts[a], xr, xi, o * L * inner, inner, scratch);
    else for (let o = 0; o < outer; o++) fft(job.ffts[a], xr, xi, o * L * inner, inner, scratch);
  }
}

/**
 * The sequences along axis a the inverse must transform (after axes 0 … a−1): those whose positions on
 * every earlier axis are kept outputs (a multiple of the stride, below block·stride), as flat indices
 * over axes 0 … a−1.
 */
function keptSequences(job: Job, a: number): number[] {
  let list = [0];
  for (let b = 0; b < a; b++) {
    const { L, block } = job.tiling[b];
    const stride = job.plan.axes[b].stride;
    const next: number[] = [];
    for (const o of list) for (let i = 0; i < block && i * stride < L; i++) next.push(o * L + i * stride);
    list = next;
  }
  return list;
}

/** Every lane times the kernel spectrum (which already holds the inverse's 1/points). */
function multiply(re: Float64Array, im: Float64Array, spectrum: { re: Float64Array; im: Float64Array }, points: number, lanes: number): void {
  const { re: sr, im: si } = spectrum;
  if (lanes === 1) {
    for (let f = 0; f < points; f++) {
      const a = re[f], b = im[f], cr = sr[f], ci = si[f];
      re[f] = a * cr - b * ci;
      im[f] = a * ci + b * cr;
    }
    return;
  }
  for (let f = 0; f < points; f++) {
    const cr = sr[f], ci = si[f];
    for (let j = f * lanes, end = j + lanes; j < end; j++) {
      const a = re[j], b = im[j];
      re[j] = a * cr - b * ci;
      im[j] = a * ci + b * cr;
    }
  }
}

/**
 * The spectrum of the tile-sized kernel v with v[−t·dilation mod L] = w[t] on every axis: circular
 * convolution with v is circular correlation with w, for real and complex weights alike.
 */
function kernelSpectrum(job: Job): { re: Float64Array; im: Float64Array } {
  const { plan, tiling, points } = job;
  const { axes, weights, complexWeights } = plan;
  const re = new Float64Array(points), im = new Float64Array(points);
  const taps = axes.map((a) => a.taps);
  const nTaps = weights.length / (complexWeights ? 2 : 1);
  const t = new Array<number>(axes.length).fill(0);
  for (let i = 0; i < nTaps; i++) {
    let f = 0;
    for (let a = 0; a < axes.length; a++) {
      const L = tiling[a].L;
      f = f * L + ((L - ((t[a] * axes[a].dilation) % L)) % L);
    }
    re[f] = complexWeights ? weights[2 * i] : weights[i];
    im[f] = complexWeights ? weights[2 * i + 1] : 0;
    for (let a = axes.length - 1; a >= 0 && ++t[a] === taps[a]; a--) t[a] = 0;
  }
  const scratch = scratchFor(points);
  transform({ ...job, lanes: 1 }, re, im, scratch, false);
  const scale = 1 / points;
  for (let f = 0; f < points; f++) {
    re[f] *= scale;
    im[f] *= scale;
  }
  return { re, im };
}

/**
 * Map position q of an axis through its segments (head | run | tail), or −2 beyond the map: no kept
 * output reads there, so the tile holds a zero, which keeps rounding (or a NaN) out of the tile.
 */
function mapOrBeyond(a: AxisPlan, q: number): number {
  const h = a.head.length;
  if (q < h) return a.head[q];
  const r = q - h;
  if (r < a.runLength) return q + a.shift;
  return r - a.runLength < a.tail.length ? a.tail[r - a.runLength] : -2;
}

/**
 * Write the group's tiles of the extended input into their lanes: a paired slot's tile into plane k
 * (re or im), otherwise component 0 into re and component 1 (complex input, or zeros) into im. Row by
 * row across all slots, so each interleaved row of the planes is written whole while it is in cache
 * (slot by slot, every cache line would be fetched once per lane). Each tile row is one input row (or
 * the fill row) read through the last axis's segments.
 */
function gather(job: Job, slots: Slot[], perLane: number, re: Float64Array, im: Float64Array): void {
  const { plan, tiling, lanes } = job;
  const D = plan.axes.length;
  const rowLen = tiling[D - 1].L;
  const rows = job.points / rowLen;
  const idx = new Array<number>(D - 1).fill(0);
  for (let r = 0; r < rows; r++) {
    const f0 = r * rowLen;
    for (let lane = 0; lane < lanes; lane++) {
      for (let k = 0; k < perLane; k++) {
        const slot = slots[lane * perLane + k];
        const dst = k === 0 ? re : im;
        if (!slot.used) zeroRow(dst, f0, rowLen, lanes, lane);
        else gatherRow(job, slot.tile, idx, f0, 0, dst, lane);
      }
      if (perLane === 2) continue;
      if (plan.complexInput && slots[lane].used) gatherRow(job, slots[lane].tile, idx, f0, 1, im, lane);
      else zeroRow(im, f0, rowLen, lanes, lane);
    }
    for (let a = D - 2; a >= 0 && ++idx[a] === tiling[a].L; a--) idx[a] = 0;
  }
}

function zeroRow(dst: Float64Array, f0: number, rowLen: number, lanes: number, lane: number): void {
  for (let i = 0; i < rowLen; i++) dst[(f0 + i) * lanes + lane] = 0;
}

/** Tile row `idx` (leading-axis positions in the tile), component c, into `dst` at tile point f0 of lane `lane`. */
function gatherRow(job: Job, tile: number[], idx: number[], f0: number, c: number, dst: Float64Array, lane: number): void {
  const { plan, input, tiling, lanes } = job;
  const { axes, fill, complexInput } = plan;
  const D = axes.length;
  const last = axes[D - 1];
  const rowLen = tiling[D - 1].L;
  const q0 = tile[D - 1] * tiling[D - 1].block * last.stride;
  const step = complexInput ? 2 : 1;
  // the flat input row this tile row reads: −1 for the fill row, −2 beyond the maps
  let row = 0;
  for (let a = 0; a < D - 1 && row >= -1; a++) {
    const m = mapOrBeyond(axes[a], tile[a] * tiling[a].block * axes[a].stride + idx[a]);
    if (m === -2) row = -2;
    else if (m < 0 || row < 0) row = -1;
    else row = row * axes[a].inLen + m;
  }
  if (row === -2) {
    for (let i = 0; i < rowLen; i++) dst[(f0 + i) * lanes + lane] = 0;
    return;
  }
  const fv = fill[c];
  const base = row * last.inLen * step + c; // unused for the fill row
  // the tile positions that fall in the run read the input row directly (the interior, most of a tile)
  const runFrom = Math.min(rowLen, Math.max(0, last.head.length - q0));
  const runTo = Math.min(rowLen, Math.max(runFrom, last.head.length + last.runLength - q0));
  for (let i = 0; i < runFrom; i++) dst[(f0 + i) * lanes + lane] = edge(last, q0 + i, row, fv, input, base, step);
  for (let i = runTo; i < rowLen; i++) dst[(f0 + i) * lanes + lane] = edge(last, q0 + i, row, fv, input, base, step);
  if (row < 0) {
    for (let i = runFrom; i < runTo; i++) dst[(f0 + i) * lanes + lane] = fv;
    return;
  }
  const runBase = base + (q0 + last.shift) * step;
  // One lane, real input: a contiguous copy (natively, which also keeps this function's element
  // accesses monomorphic when float32 and float64 calls alternate).
  if (lanes === 1 && step === 1) dst.set(input.subarray(runBase + runFrom, runBase + runTo), f0 + runFrom);
  else for (let i = runFrom; i < runTo; i++) dst[(f0 + i) * lanes + lane] = input[runBase + i * step];
}

/** The tile value at last-axis map position q of input row `row` (−1: the fill row): 0 beyond the map. */
function edge(last: AxisPlan, q: number, row: number, fv: number, input: FloatArray, base: number, step: number): number {
  const m = mapOrBeyond(last, q);
  return m === -2 ? 0 : m < 0 || row < 0 ? fv : input[base + m * step];
}

/**
 * Write the outputs each tile of the group keeps (every stride-th position) from its lane, row by row
 * across the slots as gather() reads them; complex results take re and im of an unpaired lane.
 */
function scatter(job: Job, slots: Slot[], perLane: number, re: Float64Array, im: Float64Array): void {
  const { plan, tiling } = job;
  const D = plan.axes.length;
  const counts = slots.map((s) => (s.used ? tiling.map((t, a) => Math.min(t.block, plan.axes[a].outLen - s.tile[a] * t.block)) : null));
  const complexOut = plan.complexInput || plan.complexWeights;
  const idx = new Array<number>(D - 1).fill(0);
  const rows = tiling.slice(0, D - 1).reduce((p, t) => p * t.block, 1);
  for (let r = 0; r < rows; r++) {
    for (let s = 0; s < slots.length; s++) {
      const n = counts[s];
      if (!n || idx.some((v, a) => v >= n[a])) continue;
      const lane = Math.floor(s / perLane);
      if (perLane === 2) scatterRow(job, slots[s].tile, n[D - 1], idx, s % 2 === 0 ? re : im, null, lane);
      else scatterRow(job, slots[s].tile, n[D - 1], idx, re, complexOut ? im : null, lane);
    }
    for (let a = D - 2; a >= 0 && ++idx[a] === tiling[a].block; a--) idx[a] = 0;
  }
}

/** The first n outputs of output row `idx` of a tile, from lane `lane`; outIm for complex results. */
function scatterRow(job: Job, tile: number[], n: number, idx: number[], srcRe: Float64Array, srcIm: Float64Array | null, lane: number): void {
  const { plan, out, tiling, lanes, outStride } = job;
  const D = plan.axes.length;
  const rowLen = tiling[D - 1].L;
  const sLast = plan.axes[D - 1].stride;
  let f0 = 0; // tile point of this output row
  let o0 = tile[D - 1] * tiling[D - 1].block; // flat output index
  for (let a = 0; a < D - 1; a++) {
    f0 = f0 * tiling[a].L + idx[a] * plan.axes[a].stride;
    o0 += (tile[a] * tiling[a].block + idx[a]) * outStride[a];
  }
  f0 *= rowLen;
  if (srcIm) {
    for (let i = 0; i < n; i++) {
      const j = (f0 + i * sLast) * lanes + lane;
      out[2 * (o0 + i)] = srcRe[j];
      out[2 * (o0 + i) + 1] = srcIm[j];
    }
  } else if (lanes === 1 && sLast === 1) {
    out.set(srcRe.subarray(f0, f0 + n), o0);
  } else {
    for (let i = 0; i < n; i++) out[o0 + i] = srcRe[(f0 + i * sLast) * lanes + lane];
  }
}
