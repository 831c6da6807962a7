// argmax / argmin: NumPy's np.unravel_index(np.argmax(a), a.shape), first occurrence, NaN wins.

import { describe, expect, it } from 'vitest';
import { argmax, argmin } from '../src/api/argext';

describe('argmax / argmin', () => {
  it('return the index tuple of the extreme element', () => {
    const a = [[1, 9, 3], [7, -2, 5]];
    expect(argmax(a)).toEqual([0, 1]);
    expect(argmin(a)).toEqual([1, 1]);
    expect(argmax([4, 2, 8])).toEqual([2]);
    const cube = { data: Float32Array.from({ length: 24 }, (_, i) => (i === 17 ? 100 : i % 5)), shape: [2, 3, 4] };
    expect(argmax(cube)).toEqual([1, 1, 1]);
  });

  it('take the first occurrence of a tie', () => {
    expect(argmax([3, 1, 3, 3])).toEqual([0]);
    expect(argmin([[2, 0], [0, 2]])).toEqual([0, 1]);
  });

  it('treat NaN as both the maximum and the minimum, like NumPy', () => {
    expect(argmax([1, NaN, 5, NaN])).toEqual([1]);
    expect(argmin([1, NaN, -5])).toEqual([1]);
    expect(argmax([Infinity, 1])).toEqual([0]);
    expect(argmin([1, -Infinity])).toEqual([1]);
  });

  it('compare complex values by real part, then imaginary part', () => {
    const z = { data: Float64Array.of(1, 5, 2, -1, 2, 3, 0, 9), shape: [4], complex: true };
    expect(argmax(z)).toEqual([2]);
    expect(argmin(z)).toEqual([3]);
    expect(argmax({ data: Float64Array.of(1, 0, 0, NaN), shape: [2], complex: true })).toEqual([1]);
  });

  it('handle a single element and shapes with unit axes', () => {
    expect(argmax([[[7]]])).toEqual([0, 0, 0]);
    expect(argmin({ data: Float64Array.of(3, 1, 2), shape: [1, 3, 1] })).toEqual([0, 1, 0]);
  });

  it('reject bad arguments with a message naming the function and argument', () => {
    expect(() => argmax('x' as never)).toThrow(TypeError);
    expect(() => argmax('x' as never)).toThrow(/^argmax: a must be/);
    expect(() => argmin([])).toThrow(RangeError);
    expect(() => argmin([])).toThrow(/^argmin: a must be non-empty \(got an empty array of shape \[0\]\)/);
    expect(() => argmax({ data: new Float64Array(0), shape: [2, 0] })).toThrow(/^argmax: a must be non-empty/);
    expect(() => argmax([[1, 2], [3]])).toThrow(/^argmax: a must be rectangular/);
  });
});
