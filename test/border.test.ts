// borderIndex against an oracle that walks outward from the edge one sample at a time, the way a
// person unfolds the sequence on paper: no modular arithmetic shared with the implementation.
import { describe, expect, it } from 'vitest';
import { Border, borderIndex } from '../src/core/border';

/** Index read at position p, found by stepping from the nearest edge one position at a time. */
function unfold(p: number, len: number, mode: Border): number {
  if (p >= 0 && p < len) return p;
  if (mode === Border.Constant) return -1;
  const outward = p < 0 ? -1 : 1;
  let idx = p < 0 ? 0 : len - 1; // the edge sample
  let dir = outward; // direction the extension walks through the sequence, before bouncing
  const steps = p < 0 ? -p : p - (len - 1);
  for (let s = 0; s < steps; s++) {
    switch (mode) {
      case Border.Nearest:
        break;
      case Border.Wrap: // leaving one end re-enters at the other
        idx = dir > 0 ? (idx === len - 1 ? 0 : idx + 1) : idx === 0 ? len - 1 : idx - 1;
        break;
      case Border.Reflect: // d c b a | a b c d: the edge sample repeats, then walk back
        if (s === 0 || (dir < 0 && idx === 0) || (dir > 0 && idx === len - 1)) {
          if (s === 0) dir = -outward;
          else dir = -dir;
        } else idx += dir;
        break;
      case Border.Mirror: // d c b | a b c d: bounce without repeating the edge
        if (len === 1) break;
        if (s === 0) dir = -outward;
        if (idx + dir < 0 || idx + dir > len - 1) dir = -dir;
        idx += dir;
        break;
    }
  }
  return idx;
}

const modes = [Border.Constant, Border.Wrap, Border.Reflect, Border.Mirror, Border.Nearest];

describe('borderIndex', () => {
  it.each(modes.map((m) => [Border[m], m] as const))('%s matches the unfolding oracle for len 1..6, p −60..60', (_name, mode) => {
    for (let len = 1; len <= 6; len++) {
      for (let p = -60; p <= 60; p++) expect([len, p, borderIndex(p, len, mode)]).toEqual([len, p, unfold(p, len, mode)]);
    }
  });

  it('draws the pictures in border.ts (len 4, p −5..8)', () => {
    const row = (mode: Border) => Array.from({ length: 14 }, (_, i) => borderIndex(i - 5, 4, mode));
    expect(row(Border.Wrap)).toEqual([3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0]);
    expect(row(Border.Reflect)).toEqual([3, 3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0, 0]);
    expect(row(Border.Mirror)).toEqual([1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2]);
    expect(row(Border.Nearest)).toEqual([0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 3, 3]);
    expect(row(Border.Constant)).toEqual([-1, -1, -1, -1, -1, 0, 1, 2, 3, -1, -1, -1, -1, -1]);
  });

  it('handles positions far outside (repeated reflection) and length 1', () => {
    expect(borderIndex(-1e6 - 1, 1, Border.Reflect)).toBe(0);
    expect(borderIndex(1e6, 1, Border.Mirror)).toBe(0);
    expect(borderIndex(-1e6, 3, Border.Wrap)).toBe(unfold(-1e6, 3, Border.Wrap));
    expect(borderIndex(1e6 + 7, 5, Border.Mirror)).toBe(unfold(1e6 + 7, 5, Border.Mirror));
  });
});
