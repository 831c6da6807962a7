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
  const lanes = Math.max(1, Math.min(8, Math.floor(2 ** 19 / points), Math.ceil(totalTiles / perLane)));
  const outStride = new Array<number>(axes.length);
  for (let a = axes.length - 1, s = 1; a >= 0; s *= axes[a].outLen, a--) outStride[a] = s;
  const job: Job = { plan, input, out, tiling, ffts: tiling.map((t) => fftPlan(t.L)), lanes, points, outStride };

  const spectrum = kernelSpectrum(job);
  const re = new Float64Array(points * lanes);
  const im = new Float64Array(points * lanes);
  const scratch = scratchFor(points * lanes);
  const tileIndex = new Array<number>(axes.length);
  const perGroup = lanes * perLane;
  for (let first = 0; first < totalTiles; first += perGroup) {
    const count = Math.min(perGroup, totalTiles - first);
    for (let lane = 0; lane < lanes; lane++) {
      for (let k = 0; k < perLane; k++) {
        const id = first + lane * perLane + k;
        const dst = k === 0 ? re : im;
        if (id - first >= count) zeroLane(dst, lane, job);
        else {
          unflatten(id, tiling, tileIndex);
          gather(job, tileIndex, dst, pair ? null : im, lane);
        }
      }
      if (!pair && !plan.complexInput) zeroLane(im, lane, job);
    }
    transform(job, re, im, scratch, false);
    multiply(re, im, spectrum, points, lanes);
    transform(job, re, im, scratch, true);
    for (let lane = 0; lane < lanes; lane++) {
      for (let k = 0; k < perLane; k++) {
        const id = first + lane * perLane + k;
        if (id - first >= count) continue;
        unflatten(id, tiling, tileIndex);
        if (pair) scatter(job, tileIndex, k === 0 ? re : im, null, lane);
        else scatter(job, tileIndex, re, im, lane);
      }
    }
  }
}

function unflatten(id: number, tiling: AxisTiling[], index: number[]): void {
  for (let a = tiling.length - 1; a >= 0; a--) {
    index[a] = id % tiling[a].tiles;
    id = Math.floor(id / tiling[a].tiles);
  }
}

function zeroLane(dst: Float64Array, lane: number, job: Job): void {
  for (let f = 0; f < job.points; f++) dst[f * job.lanes + lane] = 0;
}

/** The N-D transform of every lane: one batched FFT per axis; the inverse swaps the planes. */
function transform(job: Job, re: Float64Array, im: Float64Array, scratch: Scratch, inverse: boolean): void {
  const [xr, xi] = inverse ? [im, re] : [re, im];
  let inner = job.lanes;
  for (let a = job.tiling.length - 1; a >= 0; a--) {
    const L = job.tiling[a].L;
    const outer = job.points * job.lanes / (inner * L);
    for (let o = 0; o < outer; o++) fft(job.ffts[a], xr, xi, o * L * inner, inner, scratch);
    inner *= L;
  }
}

/** Every lane times the kernel spectrum (which already holds the inverse's 1/points). */
function multiply(re: Float64Array, im: Float64Array, spectrum: { re: Float64Array; im: Float64Array }, points: number, lanes: number): void {
  const { re: sr, im: si } = spectrum;
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
 * Write one tile of the extended input into lane `lane`: component 0 into dst0, component 1 (complex
 * input) into dst1. Each tile row is one input row (or the fill row) read through the last axis's
 * segments.
 */
function gather(job: Job, tile: number[], dst0: Float64Array, dst1: Float64Array | null, lane: number): void {
  const { plan, input, tiling, lanes } = job;
  const { axes, fill, complexInput } = plan;
  const D = axes.length;
  const last = axes[D - 1];
  const rowLen = tiling[D - 1].L;
  const q0Last = tile[D - 1] * tiling[D - 1].block * last.stride;
  const step = complexInput ? 2 : 1;
  const rows = job.points / rowLen;
  const idx = new Array<number>(D - 1).fill(0);
  for (let r = 0; r < rows; r++) {
    // the flat input row this tile row reads: −1 for the fill row, −2 beyond the maps
    let row = 0;
    for (let a = 0; a < D - 1 && row >= -1; a++) {
      const m = mapOrBeyond(axes[a], tile[a] * tiling[a].block * axes[a].stride + idx[a]);
      if (m === -2) row = -2;
      else if (m < 0 || row < 0) row = -1;
      else row = row * axes[a].inLen + m;
    }
    for (let c = 0; c < (dst1 ? 2 : 1); c++) {
      const dst = c === 0 ? dst0 : (dst1 as Float64Array);
      const f0 = r * rowLen;
      const fv = fill[c];
      const base = row * last.inLen * step + c;
      // the tile positions that fall in the run read the input row directly (the interior, most of a tile)
      const runFrom = row < 0 ? rowLen : Math.min(rowLen, Math.max(0, last.head.length - q0Last));
      const runTo = row < 0 ? rowLen : Math.min(rowLen, Math.max(runFrom, last.head.length + last.runLength - q0Last));
      const edge = (i: number): void => {
        const m = row === -2 ? -2 : mapOrBeyond(last, q0Last + i);
        dst[(f0 + i) * lanes + lane] = m === -2 ? 0 : m < 0 || row < 0 ? fv : input[base + m * step];
      };
      for (let i = 0; i < runFrom; i++) edge(i);
      for (let i = runTo; i < rowLen; i++) edge(i);
      const runBase = base + (q0Last + last.shift) * step;
      for (let i = runFrom; i < runTo; i++) dst[(f0 + i) * lanes + lane] = input[runBase + i * step];
    }
    for (let a = D - 2; a >= 0 && ++idx[a] === tiling[a].L; a--) idx[a] = 0;
  }
}

/** Write the outputs a tile keeps (every stride-th position) from lane `lane`; outIm for complex results. */
function scatter(job: Job, tile: number[], srcRe: Float64Array, srcIm: Float64Array | null, lane: number): void {
  const { plan, out, tiling, lanes, outStride } = job;
  const D = plan.axes.length;
  const counts = tiling.map((t, a) => Math.min(t.block, plan.axes[a].outLen - tile[a] * t.block));
  const rowLen = tiling[D - 1].L;
  const sLast = plan.axes[D - 1].stride;
  const idx = new Array<number>(D - 1).fill(0);
  const rows = counts.slice(0, D - 1).reduce((p, c) => p * c, 1);
  for (let r = 0; r < rows; r++) {
    let f0 = 0; // tile point of this output row
    let o0 = tile[D - 1] * tiling[D - 1].block; // flat output index
    for (let a = 0; a < D - 1; a++) {
      f0 = (f0 * tiling[a].L + idx[a] * plan.axes[a].stride);
      o0 += (tile[a] * tiling[a].block + idx[a]) * outStride[a];
    }
    f0 *= rowLen;
    const n = counts[D - 1];
    if (srcIm) {
      for (let i = 0; i < n; i++) {
        const j = (f0 + i * sLast) * lanes + lane;
        out[2 * (o0 + i)] = srcRe[j];
        out[2 * (o0 + i) + 1] = srcIm[j];
      }
    } else {
      for (let i = 0; i < n; i++) out[o0 + i] = srcRe[(f0 + i * sLast) * lanes + lane];
    }
    for (let a = D - 2; a >= 0 && ++idx[a] === counts[a]; a--) idx[a] = 0;
  }
}
