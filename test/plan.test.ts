// The compact axis map: head | run | tail must read exactly what the border rule says at every map
// position, cost O(taps + border) to build, and survive folding a channel axis.

import { describe, expect, it } from 'vitest';
import { Border, borderIndex } from '../src/core/border';
import { axisMapLength, axisPlan, makePlan, mapAt, mapLength, type AxisGeometry } from '../src/core/plan';
import { Rng } from './helpers/random';

const BORDERS = [Border.Constant, Border.Wrap, Border.Reflect, Border.Mirror, Border.Nearest];

function randomGeometry(rng: Rng): AxisGeometry {
  const inLen = rng.int(0, 12);
  const taps = rng.int(1, 6);
  const dilation = rng.int(1, 3);
  const stride = rng.int(1, 3);
  return { inLen, taps, dilation, stride, outLen: rng.int(0, 15), start: rng.int(-20, 14), border: rng.pick(BORDERS) };
}

describe('compact axis maps', () => {
  it('read what borderIndex says at every map position (seeded random geometry)', () => {
    const rng = new Rng(2024);
    for (let i = 0; i < 3000; i++) {
      const g = randomGeometry(rng);
      const a = axisPlan(g);
      const len = mapLength(g.outLen, g.taps, g.stride, g.dilation);
      expect(axisMapLength(a), `case ${i}`).toBe(len);
      for (let q = 0; q < len; q++) {
        const want = g.inLen === 0 ? -1 : borderIndex(g.start + q, g.inLen, g.border);
        expect(mapAt(a, q), `case ${i} ${JSON.stringify(g)} q=${q}`).toBe(want);
      }
      // The run is the part inside the input: it reads valid indices, and the borders hold the rest.
      if (a.runLength > 0) {
        expect(a.head.length + a.shift).toBeGreaterThanOrEqual(0);
        expect(a.head.length + a.runLength + a.shift).toBeLessThanOrEqual(g.inLen);
      }
    }
  });

  it('stores only the borders of a long axis', () => {
    const a = axisPlan({ inLen: 1_000_000, outLen: 1_000_000, taps: 31, stride: 1, dilation: 1, start: -15, border: Border.Reflect });
    expect(a.head.length).toBe(15);
    expect(a.tail.length).toBe(15);
    expect(a.runLength).toBe(1_000_000);
    expect([mapAt(a, 0), mapAt(a, 14), mapAt(a, 15), mapAt(a, 1_000_014), mapAt(a, 1_000_015), mapAt(a, 1_000_029)]).toEqual([14, 0, 0, 999_999, 999_999, 999_985]);
  });

  it('folds a trailing channel axis into the row axis position by position', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 200; i++) {
      const rows = { ...randomGeometry(rng), stride: 1 };
      const c = rng.int(1, 4);
      const rowAxis = { inLen: rows.inLen, outLen: rows.outLen, taps: rng.int(1, 4), stride: 1, dilation: 1, start: -1, border: rng.pick(BORDERS) };
      const chan: AxisGeometry = { inLen: c, outLen: c, taps: 1, stride: 1, dilation: 1, start: 0, border: Border.Constant };
      const geometry = [rowAxis, rows, chan];
      const plan = makePlan(geometry, new Float64Array(rowAxis.taps * rows.taps), false, false, [0, 0]);
      if (rows.inLen === 0) continue;
      expect(plan.axes.length, `case ${i}`).toBe(2);
      const folded = plan.axes[1];
      const unfolded = axisPlan(rows);
      for (let q = 0; q < axisMapLength(unfolded); q++) {
        for (let k = 0; k < c; k++) {
          const m = mapAt(unfolded, q);
          expect(mapAt(folded, q * c + k), `case ${i} q=${q} k=${k}`).toBe(m < 0 ? -1 : m * c + k);
        }
      }
    }
  });
});
