// How an FFT cuts one axis of a plan into overlap-save tiles; shared by the executor and the cost
// model that decides between the direct sum and the FFT.

import { fastLensBetween, nextFastLen } from './fastlen';
import { mapLength } from './plan';

/** How one axis is cut into tiles. */
export interface AxisTiling {
  /** FFT length of a tile along this axis. */
  L: number;
  /** Outputs per tile. */
  block: number;
  /** Tiles along this axis. */
  tiles: number;
}

/** What tiling needs of an axis (an AxisPlan has all of it). */
export interface TiledAxis {
  outLen: number;
  taps: number;
  stride: number;
  dilation: number;
}

/** Largest tile side per number of axes: tiles of about 2^16 points (a 256² tile of four planes fits L2). */
function tileCap(ndim: number): number {
  return 2 ** Math.max(2, Math.floor(16 / ndim));
}

/**
 * The tile length along one axis that minimises (tiles · L · log L), among fast lengths from the
 * smallest that fits the dilated kernel up to the axis's own extent (one tile) or the cap.
 * A tile of length L keeps block = ⌊(L − K)/stride⌋ + 1 outputs, K = (taps − 1)·dilation + 1.
 */
export function tileAxis(a: TiledAxis, ndim: number): AxisTiling {
  const K = (a.taps - 1) * a.dilation + 1;
  const lo = nextFastLen(K);
  const hi = Math.max(lo, Math.min(nextFastLen(mapLength(a.outLen, a.taps, a.stride, a.dilation)), Math.max(tileCap(ndim), nextFastLen(2 * K))));
  let best: AxisTiling = { L: lo, block: 1, tiles: a.outLen };
  let bestCost = Infinity;
  const lens = fastLensBetween(lo, hi);
  for (let i = 0; i < lens.length; i++) {
    const L = lens[i];
    const block = Math.min(a.outLen, Math.floor((L - K) / a.stride) + 1);
    const tiles = Math.ceil(a.outLen / block);
    const cost = tiles * L * (Math.log2(L) + 1);
    if (cost < bestCost) [best, bestCost] = [{ L, block, tiles }, cost];
  }
  return best;
}
