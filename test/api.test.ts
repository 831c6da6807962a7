// API behaviour that the golden cases do not pin down: accepted input forms, result precision,
// `out`, the helper functions, the worked examples of the README, and the runtime switches.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import * as sc from '../src/index';
import { describeBackends } from './helpers/backends';

const list = (a: { data: ArrayLike<number> }) => Array.from(a.data);

describeBackends(() => {
  it('reproduces the worked examples', () => {
    expect(list(sc.numpy.convolve([1, 2, 3, 4, 5], [1, 0, -1], 'valid'))).toEqual([2, 2, 2]);
    const img = [0, 1, 2, 3, 4].map((r) => [0, 1, 2, 3, 4].map((c) => r * 5 + c));
    const edge = sc.convolve2d(img, [[1, 0, -1], [1, 0, -1], [1, 0, -1]], 'valid');
    expect(edge.shape).toEqual([3, 3]);
    expect(list(edge)).toEqual(new Array(9).fill(6));
    const x = sc.array(Array.from({ length: 25 }, (_, i) => i), [5, 5]);
    const dl = sc.correlate2d(x, [[1, 1], [1, 1]], { mode: 'valid', stride: 2, padding: 1 });
    expect(dl.shape).toEqual([3, 3]);
    expect(list(dl)).toEqual([0, 3, 7, 15, 36, 44, 35, 76, 84]);
  });

  it('numpy: argument swap, same length max(M, N), conjugation of v', () => {
    expect(list(sc.numpy.convolve([1, 2], [1, 2, 3, 4], 'same'))).toEqual([1, 4, 7, 10]); // full [1, 4, 7, 10, 8] from (m − 1)//2
    expect(list(sc.numpy.convolve([1, 2, 3, 4], [1, 2]))).toEqual(list(sc.numpy.convolve([1, 2], [1, 2, 3, 4])));
    const z = sc.numpy.correlate(sc.complex([1, 2], [0, 0]), sc.complex([0], [1]), 'valid');
    expect(z.complex).toBe(true);
    expect(list(z)).toEqual([0, -1, 0, -2]); // a · conj(i) = −i·a
    expect(sc.numpy.correlate([1, 2, 3], [1, 1, 1, 1], 'same').shape).toEqual([4]);
  });

  it('accepts every input form with the same answer', () => {
    const want = list(sc.convolve2d([[1, 2, 3], [4, 5, 6]], [[1, -1]]));
    const f32 = { data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 3] };
    const ints = { data: Int16Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 3] };
    const view = { data: [1, 4, 2, 5, 3, 6], shape: [2, 3], stride: [1, 2], offset: 0 }; // column-major
    const reversed = { data: Float64Array.from([6, 5, 4, 3, 2, 1]), shape: [2, 3], stride: [-3, -1], offset: 5 };
    for (const a of [f32, ints, view, reversed]) expect(list(sc.convolve2d(a, [[1, -1]]))).toEqual(want);
    expect(list(sc.convolve(Float64Array.from([1, 2, 3]), [1, 1]))).toEqual([1, 3, 5, 3]);
  });

  it('result precision: float32 only when every typed operand is float32; plain arrays are weak', () => {
    const f32 = Float32Array.from([1, 2, 3]);
    const f64 = Float64Array.from([1, 2, 3]);
    expect(sc.convolve(f32, f32).data).toBeInstanceOf(Float32Array);
    expect(sc.convolve(f32, [1, 1]).data).toBeInstanceOf(Float32Array);
    expect(sc.convolve(f32, f64).data).toBeInstanceOf(Float64Array);
    expect(sc.convolve([1, 2], [1, 1]).data).toBeInstanceOf(Float64Array);
    expect(sc.convolve(f32, Int8Array.from([1, 1])).data).toBeInstanceOf(Float64Array);
    // ndimage keeps the input's precision, as SciPy does
    expect(sc.ndimage.convolve(f32, f64).data).toBeInstanceOf(Float32Array);
    expect(sc.ndimage.correlate1d(f64, f32).data).toBeInstanceOf(Float64Array);
    // complex when any operand is complex
    const z = sc.convolve(f32, { data: Float32Array.from([0, 1]), shape: [1], complex: true });
    expect(z.complex).toBe(true);
    expect(z.data).toBeInstanceOf(Float32Array);
  });

  it('writes into `out` in place and returns it', () => {
    const out = new Float64Array(4);
    const r = sc.convolve([1, 2, 3], [1, 1], { out });
    expect(r.data).toBe(out);
    expect(Array.from(out)).toEqual([1, 3, 5, 3]);
    const out2 = new Float32Array(3);
    expect(sc.ndimage.correlate1d(Float32Array.from([1, 2, 3]), [1, 1, 1], { out: out2, mode: 'constant' }).data).toBe(out2);
    expect(Array.from(out2)).toEqual([3, 6, 5]);
  });

  it('stride samples the stride-1 result from index 0; dilation spreads the taps', () => {
    const x = Array.from({ length: 10 }, (_, i) => i * i);
    const full = list(sc.convolve(x, [1, -2, 1]));
    expect(list(sc.convolve(x, [1, -2, 1], { stride: 3 }))).toEqual(full.filter((_, i) => i % 3 === 0));
    expect(list(sc.convolve(x, [1, 2], { dilation: 3 }))).toEqual(list(sc.convolve(x, [1, 0, 0, 2])));
    expect(sc.outputShape(7, 3, { padding: 1, stride: 2 })).toBe(4);
    expect(sc.correlate2d({ data: new Float64Array(49).fill(1), shape: [7, 7] }, [[1]], { mode: 'valid' }).shape).toEqual([7, 7]);
  });

  it('method fft is accepted and agrees with direct', () => {
    const a = Array.from({ length: 40 }, (_, i) => Math.sin(i));
    const v = [0.5, 0.25, -1, 2];
    const d = list(sc.convolve(a, v, { method: 'direct' }));
    const f = list(sc.fftconvolve(a, v, 'same'));
    expect(f.length).toBe(40);
    list(sc.convolve(a, v, { method: 'fft', mode: 'same' })).forEach((y, i) => expect(y).toBeCloseTo(f[i], 12));
    expect(d.length).toBe(43);
  });

  it('async twins resolve to the same results', async () => {
    const a = sc.convolve2d([[1, 2], [3, 4]], [[1, 1]], 'same');
    const b = await sc.convolve2dAsync([[1, 2], [3, 4]], [[1, 1]], 'same');
    expect(b).toEqual(a);
    expect(await sc.numpy.convolveAsync([1, 2, 3], [1, 1])).toEqual(sc.numpy.convolve([1, 2, 3], [1, 1]));
    expect(await sc.ndimage.convolve1dAsync([1, 2, 3], [1, 1])).toEqual(sc.ndimage.convolve1d([1, 2, 3], [1, 1]));
  });
});

describe('helpers', () => {
  it('array, complex, real, imag, abs, angle', () => {
    const a = sc.array([[1, 2], [3, 4]]);
    expect(a.shape).toEqual([2, 2]);
    expect(a.data).toBeInstanceOf(Float64Array);
    expect(sc.array([1, 2, 3, 4], [2, 2], { dtype: 'float32' }).data).toBeInstanceOf(Float32Array);
    const z = sc.complex([3, 0], [4, -1]);
    expect(z).toEqual({ data: Float64Array.from([3, 4, 0, -1]), shape: [2], complex: true });
    expect(list(sc.real(z))).toEqual([3, 0]);
    expect(list(sc.imag(z))).toEqual([4, -1]);
    expect(list(sc.abs(z))).toEqual([5, 1]);
    expect(list(sc.angle(z))).toEqual([Math.atan2(4, 3), -Math.PI / 2]);
    expect(list(sc.abs([-2, 2]))).toEqual([2, 2]);
  });
});

describe('runtime', () => {
  it('backend() reports the executor; js reports no ISA', () => {
    sc.setBackend('js');
    expect(sc.backend()).toEqual({ name: 'js', isa: null, threads: 1, reason: "setBackend('js') chose the js backend" });
    sc.setBackend('auto');
    const b = sc.backend();
    expect(['js', 'native']).toContain(b.name);
    if (b.name === 'native') {
      expect(['avx512', 'avx2', 'neon', 'scalar']).toContain(b.isa);
      expect(b.reason).toBeUndefined();
    } else {
      expect(b.reason).toMatch(/native addon/); // why it did not load, and how to build it
    }
  });

  it('setThreads is validated and reported', () => {
    sc.setBackend('auto');
    sc.setThreads(1);
    if (sc.backend().name === 'native') expect(sc.backend().threads).toBe(1);
    sc.setThreads(2);
    if (sc.backend().name === 'native') expect(sc.backend().threads).toBe(2);
  });

  it('SIMDCONV_BACKEND sets the default backend; a bad value is reported on first use', () => {
    const script = "const s = require('./dist/index.js'); try { console.log(s.backend().name) } catch (e) { console.log(e.constructor.name + ': ' + e.message) }";
    const run = (value: string) => execFileSync(process.execPath, ['-e', script], { env: { ...process.env, SIMDCONV_BACKEND: value }, encoding: 'utf8' }).trim();
    expect(run('js')).toBe('js');
    const reason = execFileSync(process.execPath, ['-e', "console.log(require('./dist/index.js').backend().reason)"], { env: { ...process.env, SIMDCONV_BACKEND: 'js' }, encoding: 'utf8' }).trim();
    expect(reason).toBe('SIMDCONV_BACKEND=js chose the js backend');
    expect(run('cuda')).toMatch(/^RangeError: SIMDCONV_BACKEND: the environment variable must be 'auto', 'native' or 'js' \(got 'cuda'\)/);
  });
});
