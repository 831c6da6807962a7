// The fast FFT lengths a tiling search walks (src/core/fastlen.ts): the same list, in the same order,
// as stepping with nextFastLen, which is what tileAxis did before (and so picks the same tiles).

import { describe, expect, it } from 'vitest';
import { fastLensBetween, nextFastLen } from '../src/core/fastlen';

function stepped(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let L = nextFastLen(lo); L <= hi; L = nextFastLen(L + 1)) out.push(L);
  return out;
}

describe('fastLensBetween', () => {
  it('lists every 2^a·3^b·5^c in [lo, hi], ascending', () => {
    for (const [lo, hi] of [[1, 1], [1, 100], [7, 7], [8, 8], [31, 65536], [32, 2 ** 16], [1000, 999], [17, 18], [2 ** 20, 2 ** 20 + 5000], [2 ** 30, 2 ** 31 - 1]]) {
      expect(Array.from(fastLensBetween(lo, hi)), `[${lo}, ${hi}]`).toEqual(stepped(lo, hi));
    }
  });
});
