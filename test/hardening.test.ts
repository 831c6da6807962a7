// What an adversarial caller can do through the public API (issue 10): every bad input gets a
// TypeError/RangeError naming the function and argument, before any work, alike on both backends and
// from the sync and async forms; arrays over SharedArrayBuffers compute; an `out` transferred during
// an async call rejects by name; worker threads terminated mid-call never take the process down.
// The long versions (hundreds of workers, 10⁶-call leak check) are `npm run test:stress`.

import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import * as sc from '../src/index';
import { describeBackends } from './helpers/backends';

type Ctor = typeof TypeError | typeof RangeError;
interface Case {
  name: string;
  sync: () => unknown;
  /** The async twin of the same call, where there is one. */
  async?: () => Promise<unknown>;
  error: Ctor;
  message: RegExp;
}

const x5 = Float64Array.of(1, 2, 3, 4, 5);
const k3 = Float64Array.of(1, 2, 3);
const m3 = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
const cyclic: unknown[] = [0];
cyclic[0] = cyclic;
let deep: unknown = [1];
for (let i = 0; i < 100_000; i++) deep = [deep];
const huge = Array(65536).fill(Array(65536).fill(0)); // 2³² numbers by reference: never allocated
const zeroStrideView = { data: new Float64Array(1), shape: [1e308, 1e308, 0], stride: [0, 0, 0] };
const proxy = new Proxy(new Float64Array(3), {});

const both = <A extends unknown[]>(f: (...a: A) => unknown, g: (...a: A) => Promise<unknown>, ...a: A) => ({ sync: () => f(...a), async: () => g(...a) });

const CASES: Case[] = [
  // 3. cycles and deep nesting
  { name: 'cyclic nested array', ...both(sc.convolve2d, sc.convolve2dAsync, cyclic as never, [[1]]), error: TypeError, message: /^convolve2d: in1 must be nested arrays of numbers without cycles/ },
  { name: 'cyclic array()', sync: () => sc.array(cyclic as never), error: TypeError, message: /^array: data must be nested arrays of numbers without cycles/ },
  { name: '100k-deep nesting', ...both(sc.convolve, sc.convolveAsync, deep as never, [1]), error: TypeError, message: /^convolve: in1 must be nested arrays at most 64 deep/ },
  // 5. option magnitudes
  { name: 'dilation 2**26', ...both(sc.convolve, sc.convolveAsync, x5, k3, { mode: 'same', dilation: 2 ** 26 }), error: RangeError, message: /^convolve: dilation must be small enough/ },
  { name: 'dilation 2**29', ...both(sc.correlate, sc.correlateAsync, x5, k3, { mode: 'same', dilation: 2 ** 29 }), error: RangeError, message: /^correlate: dilation must be small enough/ },
  { name: 'padding with stride', ...both(sc.convolve, sc.convolveAsync, x5, k3, { padding: 2 ** 28, stride: 2 ** 28 }), error: RangeError, message: /^convolve: padding must be small enough/ },
  { name: 'gaussianFilter sigma 1e8', ...both(sc.ndimage.gaussianFilter, sc.ndimage.gaussianFilterAsync, x5, 1e8), error: RangeError, message: /^ndimage\.gaussianFilter: sigma must be small enough for a kernel/ },
  { name: 'gaussianFilter truncate 1e300', ...both(sc.ndimage.gaussianFilter, sc.ndimage.gaussianFilterAsync, x5, 1, { truncate: 1e300 }), error: RangeError, message: /^ndimage\.gaussianFilter: truncate must be small enough/ },
  { name: 'uniformFilter size 1e9', ...both(sc.ndimage.uniformFilter, sc.ndimage.uniformFilterAsync, x5, 1e9), error: RangeError, message: /^ndimage\.uniformFilter: size must be small enough for a kernel/ },
  { name: 'kernels.box(46340)', sync: () => sc.kernels.box(46340), error: RangeError, message: /^kernels\.box: size must be at most 4096/ },
  { name: 'nested arrays of 2**32 numbers', ...both(sc.convolve2d, sc.convolve2dAsync, huge, [[1]]), error: RangeError, message: /^convolve2d: in1 must be at most 2147483647 numbers/ },
  // 6. one limit for both backends
  { name: 'stride 2**31', ...both(sc.convolve, sc.convolveAsync, x5, k3, { stride: 2 ** 31 }), error: RangeError, message: /^convolve: stride must be an integer of magnitude at most 2147483647/ },
  { name: 'padding 2**31', ...both(sc.convolve2d, sc.convolve2dAsync, m3, m3, { padding: [0, 2 ** 31] }), error: RangeError, message: /^convolve2d: padding\[1\] must be an integer of magnitude/ },
  { name: 'outputShape beyond int32', sync: () => sc.outputShape(2 ** 52, 1, { padding: 2 ** 52 }), error: RangeError, message: /^outputShape: n must be an integer of magnitude/ },
  // 8. validation holes
  { name: 'view of shape [1e308, 1e308, 0]', ...both(sc.convolve, sc.convolveAsync, zeroStrideView as never, [[[1]]]), error: RangeError, message: /^convolve: in1\.shape must be lengths of at most/ },
  { name: 'complex strided view', ...both(sc.convolve, sc.convolveAsync, { data: new Float64Array(4), shape: [2], stride: [2], complex: true } as never, [1]), error: TypeError, message: /^convolve: in1\.complex must be absent or false on a strided view/ },
  { name: 'array() complex of odd length', sync: () => sc.array([1, 2, 3], undefined, { complex: true }), error: RangeError, message: /^array: data must be of even length/ },
  { name: 'fromPixels of an empty buffer', sync: () => sc.image.fromPixels({ data: new Uint8Array(0), width: 5, height: 5 }), error: RangeError, message: /^image\.fromPixels: pixels\.channels must be 1, 2, 3 or 4/ },
  { name: 'Proxy around a typed array', ...both(sc.convolve, sc.convolveAsync, proxy as never, [1]), error: TypeError, message: /^convolve: in1 must be an NDArray/ },
  { name: 'filter error names the filter', ...both(sc.ndimage.gaussianFilter, sc.ndimage.gaussianFilterAsync, { data: new Float64Array(4), shape: [2, 2] }, 1, { out: new Float64Array(3) }), error: RangeError, message: /^ndimage\.gaussianFilter: out must be of length 4/ },
  // SPEC §Errors
  { name: 'detached input', ...both(sc.convolve, sc.convolveAsync, detached(), [1]), error: TypeError, message: /^convolve: in1 must be an attached typed array/ },
  { name: 'NaN in a shape', ...both(sc.convolve, sc.convolveAsync, { data: new Float64Array(1), shape: [NaN] } as never, [1]), error: RangeError, message: /^convolve: in1\.shape must be non-negative integers/ },
  { name: 'ragged nested array', ...both(sc.convolve2d, sc.convolve2dAsync, [[1, 2], [3]], [[1]]), error: RangeError, message: /^convolve2d: in1 must be rectangular/ },
];

function detached(): Float64Array {
  const a = new Float64Array(4);
  structuredClone(a.buffer, { transfer: [a.buffer] });
  return a;
}

describeBackends(() => {
  describe('bad input: a named TypeError/RangeError from the sync and async forms', () => {
    it.each(CASES)('$name', async (c) => {
      expect(c.sync).toThrow(c.error);
      expect(c.sync).toThrow(c.message);
      if (c.async) {
        const e = await c.async().then(() => null, (err: unknown) => err);
        expect(e).toBeInstanceOf(c.error);
        expect((e as Error).message).toMatch(c.message);
      }
    });
  });

  it('kernels.gaussian with a vanishing sigma is the impulse, not NaN', () => {
    expect(Array.from(sc.kernels.gaussian(3, 1e-200).data)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });

  it('an empty input of shape [2**30, 0] gives an empty result at once', () => {
    const r = sc.ndimage.correlate({ data: new Float64Array(0), shape: [2 ** 30, 0] }, [[1, 2], [3, 4]]);
    expect(r.shape).toEqual([2 ** 30, 0]);
    expect(r.data.length).toBe(0);
  });

  it('computes SharedArrayBuffer-backed inputs and out, sync and async', async () => {
    const shared = <T extends Float32Array | Float64Array>(C: new (b: SharedArrayBuffer) => T & { BYTES_PER_ELEMENT: number }, values: ArrayLike<number>, bytes: number): T => {
      const a = new C(new SharedArrayBuffer(values.length * bytes));
      a.set(values);
      return a;
    };
    const x = shared(Float64Array, Array.from({ length: 40 }, (_, i) => Math.sin(i)), 8);
    const want = sc.convolve(Float64Array.from(x), k3, 'same').data;
    const out = shared(Float64Array, new Float64Array(40), 8);
    expect(Array.from(sc.convolve(x, k3, { mode: 'same', out }).data)).toEqual(Array.from(want));
    const out2 = shared(Float64Array, new Float64Array(40), 8);
    const r = await sc.convolveAsync({ data: x, shape: [40] }, k3, { mode: 'same', out: out2 });
    expect(r.data).toBe(out2);
    expect(Array.from(out2)).toEqual(Array.from(want));
    const x32 = shared(Float32Array, Array.from({ length: 36 }, (_, i) => i % 7), 4);
    const img = { data: x32, shape: [6, 6] };
    expect(Array.from((await sc.convolve2dAsync(img, [[1, 2], [3, 4]], 'same')).data)).toEqual(Array.from(sc.convolve2d({ data: Float32Array.from(x32), shape: [6, 6] }, [[1, 2], [3, 4]], 'same').data));
  });

  it('an async call whose input is transferred while it runs still gives the right result', async () => {
    const x = Float64Array.from({ length: 128 * 128 }, (_, i) => Math.cos(i * 0.01));
    const want = sc.convolve2d({ data: x, shape: [128, 128] }, m3, 'same').data;
    for (let i = 0; i < 10; i++) {
      const input = x.slice();
      const p = sc.convolve2dAsync({ data: input, shape: [128, 128] }, m3, 'same');
      structuredClone(input.buffer, { transfer: [input.buffer] });
      expect((await p).data).toEqual(want);
    }
  });
});

describe('native only: buffers and threads that go away during a call', () => {
  const native = (() => {
    try {
      sc.setBackend('native');
      return true;
    } catch {
      return false;
    } finally {
      sc.setBackend(process.env.SIMDCONV_BACKEND === 'native' ? 'native' : 'auto');
    }
  })();

  it.skipIf(!native && process.env.SIMDCONV_BACKEND !== 'native')('an `out` transferred during an async call rejects with a named TypeError, and nothing is written to it', async () => {
    sc.setBackend('native');
    const x = Float64Array.from({ length: 64 * 64 }, (_, i) => i % 13);
    for (let i = 0; i < 10; i++) {
      const out = new Float64Array(64 * 64);
      const p = sc.convolve2dAsync({ data: x, shape: [64, 64] }, m3, { mode: 'same', out });
      const moved = structuredClone(out.buffer, { transfer: [out.buffer] });
      const e = await p.then(() => null, (err: unknown) => err);
      expect(e).toBeInstanceOf(TypeError);
      expect((e as Error).message).toMatch(/^convolve2d: out must be attached, at its length, until the call settles \(got Float64Array\(0\)\)/);
      expect(new Float64Array(moved).every((v) => v === 0)).toBe(true);
    }
    // A filter runs internal correlate passes; the error still names the filter.
    const out = new Float64Array(64 * 64);
    const p = sc.ndimage.gaussianFilterAsync({ data: x, shape: [64, 64] }, 2, { out });
    structuredClone(out.buffer, { transfer: [out.buffer] });
    await expect(p).rejects.toThrow(/^ndimage\.gaussianFilter: out must be attached/);
  });

  it.skipIf(!native && process.env.SIMDCONV_BACKEND !== 'native')('terminating workers mid-call never aborts the process; a witness worker keeps computing right answers', async () => {
    const dist = path.join(__dirname, '..', 'dist', 'index.js');
    const script = `
      const { parentPort } = require('node:worker_threads');
      const sc = require(${JSON.stringify(dist)});
      sc.setBackend('native');
      const x = { data: Float64Array.from({ length: 48 * 40 }, (_, i) => i % 9), shape: [48, 40] };
      const want = sc.convolve2d(x, [[1, 2], [3, 4]], 'same').data;
      (async () => {
        for (let n = 1; ; n++) {
          const r = n % 2 ? await sc.convolve2dAsync(x, [[1, 2], [3, 4]], 'same') : sc.convolve2d(x, [[1, 2], [3, 4]], 'same');
          parentPort.postMessage(r.data.every((v, i) => v === want[i]));
          if (n % 4 === 0) await new Promise((r) => setImmediate(r));
        }
      })();`;
    const witness = new Worker(script, { eval: true });
    let right = 0;
    let wrong = 0;
    witness.on('message', (ok: boolean) => (ok ? right++ : wrong++));
    for (let i = 0; i < 30; i++) {
      const w = new Worker(script, { eval: true });
      w.on('error', () => undefined);
      await new Promise((r) => setTimeout(r, Math.random() * 40));
      await w.terminate();
    }
    const before = right;
    await new Promise((r) => setTimeout(r, 200));
    await witness.terminate();
    expect(wrong).toBe(0);
    expect(right).toBeGreaterThan(before);
  }, 60_000);
});
