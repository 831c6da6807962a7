// An `out` that shares bytes with the input (the same array, a shifted view of its buffer, a view of a
// SharedArrayBuffer) gives the fresh result, sync and async, on both backends: the input is copied
// first, as SciPy does (SPEC "out that overlaps an input").

import { expect, it } from 'vitest';
import * as lib from '../src/index';
import { describeBackends } from './helpers/backends';
import { Rng } from './helpers/random';

type F = Float32Array | Float64Array;
const make = (dtype: 'float32' | 'float64', buf: ArrayBufferLike, offset: number, n: number): F =>
  dtype === 'float32' ? new Float32Array(buf, offset * 4, n) : new Float64Array(buf, offset * 8, n);

/** Backing store of `n + extra` values of `dtype`, filled with seeded random values. */
function backing(dtype: 'float32' | 'float64', n: number, shared: boolean, seed: number): ArrayBufferLike {
  const bytes = (n * (dtype === 'float32' ? 4 : 8));
  const buf = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const all = make(dtype, buf, 0, n);
  const rng = new Rng(seed);
  for (let i = 0; i < n; i++) all[i] = rng.uniform();
  return buf;
}

const H = 9, W = 13, N = H * W;
// Plain arrays: weak, so the result keeps the input's precision in every family.
const k3 = [[1, 2, 0], [-1, 4, 1], [0, 3, -2]];

// Each case: a call writing `out` over the input `x` (shape [H, W]).
const calls: [string, (x: lib.NDArray, out: F) => lib.NDArray | Promise<lib.NDArray>][] = [
  ['ndimage.correlate wrap', (x, out) => lib.ndimage.correlate(x, k3, { mode: 'wrap', out })],
  ['ndimage.correlateAsync reflect', (x, out) => lib.ndimage.correlateAsync(x, k3, { mode: 'reflect', out })],
  ['ndimage.convolve1d', (x, out) => lib.ndimage.convolve1d(x, [1, -2, 3, 0.5], { axis: 0, out })],
  ['correlate2d same symm', (x, out) => lib.correlate2d(x, k3, { mode: 'same', boundary: 'symm', out })],
  ['convolve2dAsync same fill', (x, out) => lib.convolve2dAsync(x, k3, { mode: 'same', out })],
  ['ndimage.gaussianFilter', (x, out) => lib.ndimage.gaussianFilter(x, 1.5, { out })],
  ['ndimage.uniformFilterAsync', (x, out) => lib.ndimage.uniformFilterAsync(x, 3, { out })],
];

describeBackends(() => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [name, call] of calls) {
      // Output shifted by `shift` values against the input, in one buffer: 0 is `out: x.data`.
      for (const shift of [0, 1, -3, W, -N + 1]) {
        for (const shared of [false, true]) {
          it(`${name} ${dtype}, out shifted ${shift}${shared ? ', SharedArrayBuffer' : ''}`, async () => {
            const total = N + Math.abs(shift);
            const buf = backing(dtype, total, shared, 11 + shift);
            const xOff = shift < 0 ? -shift : 0;
            const xData = make(dtype, buf, xOff, N);
            const x = lib.array(xData, [H, W]);
            const fresh = await call(lib.array(xData.slice(), [H, W]), dtype === 'float32' ? new Float32Array(N) : new Float64Array(N));
            const before = make(dtype, buf, 0, total).slice();
            const out = make(dtype, buf, xOff + shift, N);
            const result = await call(x, out);
            expect(result.data).toBe(out);
            expect(Array.from(out)).toEqual(Array.from(fresh.data));
            // Values of the buffer outside `out` are untouched.
            const after = make(dtype, buf, 0, total);
            for (let i = 0; i < total; i++) if (i < xOff + shift || i >= xOff + shift + N) expect(after[i]).toBe(before[i]);
          });
        }
      }
    }
  }

  it('an out that overlaps the kernel, not the input, is also fresh', () => {
    const buf = backing('float64', 40, false, 3);
    const k = lib.array(make('float64', buf, 0, 9), [3, 3]);
    const x = lib.array(new Float64Array(25).map((_, i) => Math.sin(i)), [5, 5]);
    const fresh = lib.correlate2d(x, lib.array(k.data.slice(), [3, 3]), { mode: 'same' });
    const out = make('float64', buf, 4, 25);
    expect(Array.from(lib.correlate2d(x, k, { mode: 'same', out }).data)).toEqual(Array.from(fresh.data));
  });
});
