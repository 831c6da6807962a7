// image.*: pixel buffers ↔ float images, grey conversion, and per-channel filtering with alpha kept.

import { describe, expect, it } from 'vitest';
import * as image from '../src/api/image';
import { convolve } from '../src/api/ndimage';
import { gaussianFilter } from '../src/api/filters';
import * as kernels from '../src/api/kernels';
import { describeBackends } from './helpers/backends';
import { loadNative } from '../src/backend/native';
import { setThreads } from '../src/backend/index';

describe('image.fromPixels', () => {
  it('turns 8-bit RGBA into a float32 [h, w, c] in [0, 1]', () => {
    const px = { data: Uint8Array.of(0, 51, 255, 255, 102, 0, 0, 128), width: 2, height: 1, channels: 4 };
    const nd = image.fromPixels(px);
    expect(nd.data).toBeInstanceOf(Float32Array);
    expect(nd.shape).toEqual([1, 2, 4]);
    expect(Array.from(nd.data)).toEqual([0, 0.2, 1, 1, 0.4, 0, 0, 128 / 255].map(Math.fround));
  });

  it('gives every 8-bit and 16-bit level exactly level / 255 or level / 65535 in float32', () => {
    const levels8 = Uint8Array.from({ length: 256 }, (_, v) => v);
    const levels16 = Uint16Array.from({ length: 65536 }, (_, v) => v);
    const a = image.fromPixels({ data: levels8, width: 256, height: 1, channels: 1 }).data;
    const b = image.fromPixels({ data: levels16, width: 256, height: 256, channels: 1 }).data;
    expect(Array.from(a).every((x, v) => x === Math.fround(v / 255))).toBe(true);
    expect(Array.from(b).every((x, v) => x === Math.fround(v / 65535))).toBe(true);
  });

  it('accepts ImageData (channels inferred), sharp raw output and 16-bit data', () => {
    const imageData = { data: new Uint8ClampedArray(3 * 2 * 4).fill(255), width: 3, height: 2, colorSpace: 'srgb' };
    expect(image.fromPixels(imageData).shape).toEqual([2, 3, 4]);
    const sharp = { data: Buffer.from([10, 20, 30, 40, 50, 60]), info: { width: 2, height: 1, channels: 3, size: 6 } };
    expect(image.fromPixels(sharp).shape).toEqual([1, 2, 3]);
    const deep = image.fromPixels({ data: Uint16Array.of(0, 65535, 32768), width: 3, height: 1 });
    expect(deep.shape).toEqual([1, 3, 1]);
    expect(deep.data[1]).toBe(1);
    expect(deep.data[2]).toBeCloseTo(0.5, 4);
  });

  it('rejects bad pixels with messages naming the argument', () => {
    const f = image.fromPixels;
    const ok = { data: new Uint8Array(12), width: 2, height: 2, channels: 3 };
    const cases: [unknown, typeof TypeError | typeof RangeError, RegExp][] = [
      [null, TypeError, /^image\.fromPixels: pixels must be an object/],
      [{ ...ok, data: new Float32Array(12) }, TypeError, /^image\.fromPixels: pixels\.data must be a Uint8Array, Uint8ClampedArray or Uint16Array \(got Float32Array\(12\)\)/],
      [{ ...ok, width: 0 }, RangeError, /^image\.fromPixels: pixels\.width must be a positive integer \(got 0\)/],
      [{ ...ok, height: '2' }, TypeError, /^image\.fromPixels: pixels\.height must be a positive integer/],
      [{ ...ok, channels: 5, data: new Uint8Array(20) }, RangeError, /^image\.fromPixels: pixels\.channels must be 1, 2, 3 or 4 \(got 5\)/],
      [{ ...ok, channels: undefined, data: new Uint8Array(10) }, RangeError, /^image\.fromPixels: pixels\.channels must be 1, 2, 3 or 4 \(got 10 values for 2×2 pixels\)/],
      [{ ...ok, data: new Uint8Array(11) }, RangeError, /^image\.fromPixels: pixels\.data must be of length 12 \(2×2×3\) \(got length 11\)/],
      [{ data: new Uint8Array(4), info: { width: 2, height: 2, channels: 0 } }, RangeError, /^image\.fromPixels: pixels\.info\.channels must be a positive integer/],
    ];
    for (const [arg, cls, msg] of cases) {
      expect(() => f(arg as never)).toThrow(cls);
      expect(() => f(arg as never)).toThrow(msg);
    }
  });
});

describe('image.toPixels', () => {
  it('scales by 255, rounds half to even and saturates', () => {
    const nd = { data: Float64Array.of(0, 0.5, 1, 1.5, -0.2, NaN, 2.5 / 255, 3.5 / 255), shape: [2, 4] };
    const px = image.toPixels(nd);
    expect(px).toMatchObject({ width: 4, height: 2, channels: 1 });
    expect(Array.from(px.data)).toEqual([0, 128, 255, 255, 0, 0, 2, 4]);
  });

  it("keeps the channel count, takes a custom scale or 'fit'", () => {
    const rgb = { data: Float32Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6), shape: [1, 2, 3] };
    expect(image.toPixels(rgb).channels).toBe(3);
    expect(Array.from(image.toPixels({ data: Float64Array.of(1, 2, 3), shape: [1, 3] }, { scale: 10 }).data)).toEqual([10, 20, 30]);
    expect(Array.from(image.toPixels({ data: Float64Array.of(-4, 0, 4), shape: [1, 3] }, { scale: 'fit' }).data)).toEqual([0, 128, 255]);
    expect(Array.from(image.toPixels({ data: Float64Array.of(7, 7), shape: [1, 2] }, { scale: 'fit' }).data)).toEqual([0, 0]);
  });

  it('with clip false, refuses values outside [0, 255]', () => {
    expect(Array.from(image.toPixels([[0, 1]], { clip: false }).data)).toEqual([0, 255]);
    expect(() => image.toPixels([[0, 1.01]], { clip: false })).toThrow(/^image\.toPixels: image must be within \[0, 255\] after scaling when clip is false \(got 257\.55 at \[0, 1\]\)/);
  });

  it('rejects bad arguments', () => {
    const cases: [() => unknown, typeof TypeError | typeof RangeError, RegExp][] = [
      [() => image.toPixels([1, 2]), RangeError, /^image\.toPixels: image must be of shape \[h, w\] or \[h, w, c\] with c from 1 to 4 \(got shape \[2\]\)/],
      [() => image.toPixels({ data: new Float64Array(10), shape: [1, 2, 5] }), RangeError, /with c from 1 to 4 \(got shape \[1, 2, 5\]\)/],
      [() => image.toPixels({ data: new Float64Array(4), shape: [1, 2], complex: true }), TypeError, /^image\.toPixels: image must be a real array/],
      [() => image.toPixels([[1]], { scale: 0 }), RangeError, /^image\.toPixels: scale must be a positive finite number or 'fit' \(got 0\)/],
      [() => image.toPixels([[1]], { scale: 'max' as never }), TypeError, /^image\.toPixels: scale must be/],
      [() => image.toPixels([[1]], { clip: 1 as never }), TypeError, /^image\.toPixels: clip must be a boolean \(got 1\)/],
      [() => image.toPixels([[1]], { gamma: 2 } as never), TypeError, /^image\.toPixels: options must only use scale, clip/],
    ];
    for (const [call, cls, msg] of cases) {
      expect(call).toThrow(cls);
      expect(call).toThrow(msg);
    }
  });
});

describe('image.rgbToGray', () => {
  it("uses BT.601 weights like OpenCV, drops alpha, keeps precision", () => {
    const rgba = { data: Float32Array.of(1, 0, 0, 0.5, 0, 1, 0, 1, 0, 0, 1, 0), shape: [1, 3, 4] };
    const g = image.rgbToGray(rgba);
    expect(g.shape).toEqual([1, 3]);
    expect(g.data).toBeInstanceOf(Float32Array);
    expect(Array.from(g.data)).toEqual([0.299, 0.587, 0.114].map(Math.fround));
    const ga = image.rgbToGray({ data: Float64Array.of(0.25, 1, 0.75, 0), shape: [1, 2, 2] });
    expect(Array.from(ga.data)).toEqual([0.25, 0.75]);
  });

  it('rejects images without a channel axis', () => {
    expect(() => image.rgbToGray([[1, 2]])).toThrow(/^image\.rgbToGray: image must be of shape \[h, w, c\] \(c from 1 to 4\) \(got shape \[1, 2\]\)/);
  });
});

describe('image.filterChannels', () => {
  const rgba = {
    data: Float32Array.from({ length: 4 * 5 * 4 }, (_, i) => ((i * 37) % 17) / 16),
    shape: [4, 5, 4],
  };

  it('filters colour channels one plane at a time and leaves alpha untouched', () => {
    const seen: number[] = [];
    const out = image.filterChannels(rgba, (plane, k) => {
      seen.push(k);
      expect(plane.shape).toEqual([4, 5]);
      return convolve(plane, kernels.box(3));
    });
    expect(seen).toEqual([0, 1, 2]);
    expect(out.data).toBeInstanceOf(Float32Array);
    const viaNd = convolve({ data: rgba.data, shape: [4, 5, 4] }, { data: kernels.box(3).data, shape: [3, 3, 1] });
    for (let i = 0; i < out.data.length; i++) {
      if (i % 4 === 3) expect(out.data[i]).toBe(rgba.data[i]);
      else expect(out.data[i]).toBeCloseTo(viaNd.data[i], 6);
    }
  });

  it('treats the last channel as colour when alpha is false, and accepts 2-D images', () => {
    let calls = 0;
    image.filterChannels(rgba, (p) => (calls++, p), { alpha: false });
    expect(calls).toBe(4);
    const g = image.filterChannels([[1, 2], [3, 4]], (p) => ({ data: p.data.map((v) => v * 2), shape: p.shape }));
    expect(g.shape).toEqual([2, 2]);
    expect(Array.from(g.data)).toEqual([2, 4, 6, 8]);
  });

  it('has an async twin', async () => {
    const out = await image.filterChannelsAsync(rgba, async (p) => p);
    expect(Array.from(out.data)).toEqual(Array.from(rgba.data));
  });

  it('rejects a bad fn, a bad result and bad options', async () => {
    expect(() => image.filterChannels(rgba, 3 as never)).toThrow(/^image\.filterChannels: fn must be a function/);
    expect(() => image.filterChannels(rgba, () => [[1]])).toThrow(/^image\.filterChannels: fn's result for channel 0 must be a real array of shape \[4, 5\] \(got an array of shape \[1, 1\]\)/);
    expect(() => image.filterChannels(rgba, (p) => convolve(p, kernels.scharr()))).toThrow(/must be a real array of shape \[4, 5\] \(got a complex array/);
    expect(() => image.filterChannels(rgba, (p) => p, { alpha: 'yes' as never })).toThrow(/^image\.filterChannels: alpha must be a boolean/);
    await expect(image.filterChannelsAsync(rgba, null as never)).rejects.toThrow(/^image\.filterChannelsAsync: fn must be a function/);
  });
});

describe('image.fromPixels / toPixels with out', () => {
  const px = { data: Uint8Array.from({ length: 5 * 3 * 3 }, (_, i) => (i * 53) % 256), width: 5, height: 3, channels: 3 };

  it('fromPixels writes the same bits into out, for 8-bit, clamped, Buffer and 16-bit data', () => {
    const fresh = image.fromPixels(px);
    const out = new Float32Array(45).fill(NaN);
    const r = image.fromPixels(px, { out });
    expect(r.data).toBe(out);
    expect(r.shape).toEqual([3, 5, 3]);
    expect(Array.from(out)).toEqual(Array.from(fresh.data));
    for (const data of [Uint8ClampedArray.from(px.data), Buffer.from(px.data)]) {
      expect(Array.from(image.fromPixels({ ...px, data }, { out: new Float32Array(45) }).data)).toEqual(Array.from(fresh.data));
    }
    const deep = Uint16Array.from({ length: 45 }, (_, i) => (i * 40503) % 65536);
    const d = image.fromPixels({ ...px, data: deep }, { out: new Float32Array(45) }).data;
    expect(Array.from(d).every((v, i) => v === Math.fround(deep[i] / 65535))).toBe(true);
  });

  it('fromPixels reads a copy when out lies over the pixels themselves', () => {
    const buf = new ArrayBuffer(45 * 4);
    const data = new Uint8Array(buf, 0, 45);
    data.set(px.data);
    const r = image.fromPixels({ ...px, data }, { out: new Float32Array(buf) });
    expect(Array.from(r.data)).toEqual(Array.from(image.fromPixels(px).data));
  });

  it('toPixels writes into a Uint8ClampedArray, or a Uint8Array / Buffer through a clamped view', () => {
    const img = { data: Float64Array.of(-0.5, 0.5, 2, NaN, 1 / 255, 2.5 / 255), shape: [1, 2, 3] };
    const want = Array.from(image.toPixels(img).data);
    expect(want).toEqual([0, 128, 255, 0, 1, 2]);
    const clamped = new Uint8ClampedArray(6);
    expect(image.toPixels(img, { out: clamped }).data).toBe(clamped);
    for (const out of [new Uint8Array(6), Buffer.alloc(6)]) {
      const r = image.toPixels(img, { out });
      expect(r.data).toBeInstanceOf(Uint8ClampedArray);
      expect(r.data.buffer).toBe(out.buffer);
      expect(Array.from(out)).toEqual(want);
    }
    expect(Array.from(image.toPixels({ data: Float64Array.of(-4, 0, 4), shape: [1, 3] }, { scale: 'fit', out: new Uint8Array(3) }).data)).toEqual([0, 128, 255]);
  });

  it('toPixels reads a copy when out lies over the image itself', () => {
    const f = new Float32Array(8);
    f.set([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
    const want = Array.from(image.toPixels({ data: f.slice(), shape: [2, 4] }).data);
    const out = new Uint8ClampedArray(f.buffer, 0, 8);
    expect(Array.from(image.toPixels({ data: f, shape: [2, 4] }, { out }).data)).toEqual(want);
  });

  it('rejects a bad out, naming it', () => {
    const cases: [() => unknown, typeof TypeError | typeof RangeError, RegExp][] = [
      [() => image.fromPixels(px, { out: new Float64Array(45) as never }), TypeError, /^image\.fromPixels: out must be a Float32Array \(the result's precision\)/],
      [() => image.fromPixels(px, { out: [] as never }), TypeError, /^image\.fromPixels: out must be a Float32Array/],
      [() => image.fromPixels(px, { out: new Float32Array(44) }), RangeError, /^image\.fromPixels: out must be of length 45 \(got length 44\)/],
      [() => image.fromPixels(px, { gamma: 1 } as never), TypeError, /^image\.fromPixels: options must only use out/],
      [() => image.toPixels([[0, 1]], { out: new Float32Array(2) as never }), TypeError, /^image\.toPixels: out must be a Uint8ClampedArray or Uint8Array/],
      [() => image.toPixels([[0, 1]], { out: new Uint8ClampedArray(3) }), RangeError, /^image\.toPixels: out must be of length 2 \(got length 3\)/],
    ];
    for (const [call, cls, msg] of cases) {
      expect(call).toThrow(cls);
      expect(call).toThrow(msg);
    }
  });
});

describeBackends(() => {
  describe('image.filterChannels with a kernel: one ndimage.convolve call over [h, w, c]', () => {
    const h = 9;
    const w = 11;
    const rgba = { data: Float32Array.from({ length: h * w * 4 }, (_, i) => ((i * 37) % 17) / 16), shape: [h, w, 4] };
    const k = { data: Float64Array.of(1, 2, 0, -1, 3, 1, 0, 2, -2, 1, 1, 0), shape: [3, 4] };
    const perPlane = (img: typeof rgba, opts: image.FilterChannelsOptions & { mode?: 'wrap' | 'constant'; cval?: number } = {}) =>
      image.filterChannels(img, (p) => convolve(p, k, { mode: opts.mode, cval: opts.cval }), { alpha: opts.alpha });

    it('equals the per-plane form, alpha kept, for several modes', () => {
      for (const o of [{}, { mode: 'wrap' as const }, { mode: 'constant' as const, cval: 0.25 }]) {
        const one = image.filterChannels(rgba, k, o);
        const each = perPlane(rgba, o);
        expect(one.shape).toEqual([h, w, 4]);
        expect(one.data).toBeInstanceOf(Float32Array);
        for (let i = 0; i < one.data.length; i++) {
          if (i % 4 === 3) expect(one.data[i]).toBe(rgba.data[i]);
          else expect(Math.abs(one.data[i] - each.data[i])).toBeLessThan(1e-5);
        }
      }
    });

    it('filters the last channel too when alpha is false; takes [h, w] images, origin and float64', () => {
      const one = image.filterChannels(rgba, k, { alpha: false });
      const each = perPlane(rgba, { alpha: false });
      for (let i = 0; i < one.data.length; i++) expect(Math.abs(one.data[i] - each.data[i])).toBeLessThan(1e-5);
      const grey = { data: Float64Array.from({ length: h * w }, (_, i) => Math.sin(i)), shape: [h, w] };
      const g = image.filterChannels(grey, k, { origin: [1, -1] });
      expect(g.shape).toEqual([h, w]);
      expect(g.data).toBeInstanceOf(Float64Array);
      expect(Array.from(g.data)).toEqual(Array.from(convolve(grey, k, { origin: [1, -1] }).data));
    });

    it('writes into out, even when out is the image itself (alpha still kept)', () => {
      const want = image.filterChannels(rgba, k);
      const out = new Float32Array(h * w * 4);
      expect(image.filterChannels(rgba, k, { out }).data).toBe(out);
      expect(Array.from(out)).toEqual(Array.from(want.data));
      const inPlace = { data: rgba.data.slice(), shape: rgba.shape };
      image.filterChannels(inPlace, k, { out: inPlace.data });
      expect(Array.from(inPlace.data)).toEqual(Array.from(want.data));
    });

    it('a Gaussian outer product matches per-plane gaussianFilter (the CLI runs its whole image with axes [0, 1])', () => {
      const rgb = { data: Float32Array.from({ length: h * w * 3 }, (_, i) => ((i * 29) % 23) / 22), shape: [h, w, 3] };
      const one = gaussianFilter(rgb, 1.5, { axes: [0, 1] });
      const each = image.filterChannels(rgb, (p) => gaussianFilter(p, 1.5));
      for (let i = 0; i < one.data.length; i++) expect(Math.abs(one.data[i] - each.data[i])).toBeLessThan(1e-6);
    });

    it('has an async twin', async () => {
      const out = await image.filterChannelsAsync(rgba, k, { mode: 'nearest' });
      expect(Array.from(out.data)).toEqual(Array.from(image.filterChannels(rgba, k, { mode: 'nearest' }).data));
    });

    it('rejects a complex or non-2-D kernel and bad options, naming image.filterChannels', async () => {
      expect(() => image.filterChannels(rgba, kernels.scharr())).toThrow(/^image\.filterChannels: kernel must be a real 2-D kernel \(or a function \(plane, channel\) => NDArray\) \(got a complex 2-D array\)/);
      expect(() => image.filterChannels(rgba, [1, 2, 1])).toThrow(/^image\.filterChannels: kernel must be a real 2-D kernel .*\(got a real 1-D array\)/);
      expect(() => image.filterChannels(rgba, k, { mode: 'bogus' as never })).toThrow(/^image\.filterChannels: mode must be/);
      expect(() => image.filterChannels(rgba, k, { out: new Float64Array(h * w * 4) })).toThrow(/^image\.filterChannels: out must be a Float32Array/);
      expect(() => image.filterChannels(rgba, k, { axes: [0, 1] } as never)).toThrow(/^image\.filterChannels: options must only use alpha, mode, cval, origin, out/);
      await expect(image.filterChannelsAsync(rgba, k, { cval: 'x' as never })).rejects.toThrow(/^image\.filterChannelsAsync: cval must be/);
    });
  });
});

describeBackends((b) => {
  // The conversions run natively (SSE2 on x86-64, AVX2/AVX-512 loops for the kernels' ISA, scalar elsewhere; split over
  // threads; outputs of 4 MiB or more written with non-temporal stores after a scalar head up to a 64-byte boundary)
  // or in TypeScript: both must store what plain JS stores, at every length (SIMD tails), across bands, streamed or not.
  describe('fromPixels / toPixels: the same bits as plain JS stores', () => {
    const lengths = [1, 7, 15, 16, 17, 31, 33, 63, 64, 65, 1000, 600_001];
    // Outputs of at least 4 MiB are streamed: 2²⁰ + 77 float32 values (fromPixels), 2²² + 77 bytes (toPixels).
    const streamedFloats = (1 << 20) + 77;
    const streamedBytes = (1 << 22) + 77;

    // Each ISA's loops must give these bits (on js, one run).
    const isas = b.name === 'native' ? (loadNative().addon?.info().isas ?? []) : ['-'];
    function onIsa(isa: string, f: () => void): void {
      const addon = loadNative().addon;
      const start = addon?.info().isa;
      if (b.name === 'native') addon!.setIsa(isa);
      try {
        setThreads(2);
        f();
      } finally {
        if (b.name === 'native') addon!.setIsa(start as string);
      }
    }

    it.each(isas)(`every 8- and 16-bit level is Math.fround(level / max), into out at any offset (${b.name}, isa %s)`, (isa) => {
      onIsa(isa, () => {
        for (const n of [...lengths, streamedFloats]) {
          const u8 = Uint8Array.from({ length: n }, (_, i) => (i * 151 + (i >> 8)) & 255);
          const u16 = Uint16Array.from({ length: n }, (_, i) => (i * 40503 + (i >> 4)) & 65535);
          // `out` one float past a 64-byte boundary, so a streamed store needs its scalar head.
          for (const skip of n === streamedFloats ? [0, 1] : [0]) {
            const f8 = image.fromPixels({ data: u8, width: n, height: 1, channels: 1 }, { out: new Float32Array(n + skip).subarray(skip) }).data;
            const f16 = image.fromPixels({ data: u16, width: n, height: 1, channels: 1 }, { out: new Float32Array(n + skip).subarray(skip) }).data;
            let bad = 0;
            for (let i = 0; i < n; i++) bad += Number(f8[i] !== Math.fround(u8[i] / 255)) + Number(f16[i] !== Math.fround(u16[i] / 65535));
            expect(bad, `length ${n}, offset ${skip}`).toBe(0);
          }
        }
      });
    });

    it.each(isas)(`toPixels equals a Uint8ClampedArray store: ties, NaN, infinities, out of range, scale and 'fit' (${b.name}, isa %s)`, (isa) => {
      onIsa(isa, toPixelsMatchesStores);
    });

    // float32 with scale a float32 (255 by default) takes a float32 path natively: its hard cases are the values whose
    // product lies next to a half k + ½, where the float32 product can land on the half while the exact one does not.
    it.each(isas)(`toPixels of float32 next to every half level, streamed or not (${b.name}, isa %s)`, (isa) => {
      onIsa(isa, () => {
        const f32 = new Float32Array(1);
        const bits = new Uint32Array(f32.buffer);
        for (const a of [255, 100, 0.75]) {
          const near: number[] = [];
          for (let k = -2; k <= 257; k++) {
            for (const h of [k + 0.5, k]) {
              f32[0] = h / a;
              const at = bits[0];
              for (let d = -4; d <= 4; d++) {
                bits[0] = at + d;
                near.push(f32[0]);
              }
            }
          }
          for (const n of [near.length, streamedBytes]) {
            const d = Float32Array.from({ length: n }, (_, i) => near[i % near.length]);
            for (const skip of n === streamedBytes ? [0, 3] : [0]) {
              const out = new Uint8ClampedArray(n + skip).subarray(skip);
              image.toPixels({ data: d, shape: [1, n] }, a === 255 ? { out } : { scale: a, out });
              const one = new Uint8ClampedArray(1);
              let bad = 0;
              for (let i = 0; i < n; i++) {
                one[0] = d[i] * a;
                bad += Number(out[i] !== one[0]);
              }
              expect(bad, `scale ${a}, length ${n}, offset ${skip}`).toBe(0);
            }
          }
        }
      });
    });

    function toPixelsMatchesStores(): void {
      const special = [NaN, Infinity, -Infinity, -0, 0.5, 1.5, 2.5, 254.5, 255.5, -0.5, 1e300, -1e300, 1e-300, 3e38, -3e38];
      for (const n of [...lengths, streamedBytes]) {
        for (const F of n === streamedBytes ? [Float32Array] : [Float32Array, Float64Array]) {
          const d = F.from({ length: n }, (_, i) => (i < special.length ? special[i] / 255 : (((i * 7919) % 1201) - 100) / 1000));
          for (const [scale, a, c] of [[undefined, 255, 0], [100, 100, 0], [0.1, 0.1, 0], [1e300, 1e300, 0]] as const) {
            const ref = new Uint8ClampedArray(n);
            for (let i = 0; i < n; i++) ref[i] = d[i] * a + c;
            const got = image.toPixels({ data: d, shape: [1, n] }, scale === undefined ? {} : { scale }).data;
            let bad = 0;
            for (let i = 0; i < n; i++) bad += Number(got[i] !== ref[i]);
            expect(bad, `${F.name} length ${n} scale ${scale}`).toBe(0);
          }
          const fit = image.toPixels({ data: d, shape: [1, n] }, { scale: 'fit' }).data;
          let [lo, hi] = [Infinity, -Infinity];
          for (const v of d) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
          const [fa, fb] = [255 / (hi - lo), (-255 * lo) / (hi - lo)];
          let bad = 0;
          const one = new Uint8ClampedArray(1);
          for (let i = 0; i < n; i++) {
            one[0] = d[i] * fa + fb;
            bad += Number(fit[i] !== one[0]);
          }
          expect(bad, `${F.name} length ${n} fit`).toBe(0);
        }
      }
    }
  });
});

describe('the addon\'s pixel conversions defend themselves', () => {
  const addon = loadNative().addon;
  it.skipIf(!addon?.levelsToFloat)('reject wrong arrays, lengths and thread counts with a TypeError or RangeError', () => {
    const a = addon as NonNullable<typeof addon>;
    const call = (f: () => void) => f;
    expect(call(() => a.levelsToFloat!(new Float32Array(2) as never, new Float32Array(2), 1))).toThrow(TypeError);
    expect(call(() => a.levelsToFloat!(new Uint8Array(2), new Float64Array(2) as never, 1))).toThrow(TypeError);
    expect(call(() => a.levelsToFloat!(new Uint8Array(2), new Float32Array(3), 1))).toThrow(RangeError);
    expect(call(() => a.levelsToFloat!(new Uint8Array(2), new Float32Array(2), 0))).toThrow(RangeError);
    expect(call(() => a.floatToLevels!(new Float32Array(2), new Uint16Array(2) as never, 255, 0, 1))).toThrow(TypeError);
    expect(call(() => a.floatToLevels!(new Float32Array(2), new Uint8ClampedArray(1), 255, 0, 1))).toThrow(RangeError);
    expect(call(() => a.floatToLevels!(new Float32Array(2), new Uint8ClampedArray(2), '255' as never, 0, 1))).toThrow(TypeError);
    const out = new Uint8ClampedArray(2);
    a.floatToLevels!(Float64Array.of(0.5, 1.5), out, 1, 0, 1);
    expect(Array.from(out)).toEqual([0, 2]);
  });

  // streamLimit is bench/image.js's yardstick (not public API): it must read src and write all of out.
  const stream = (addon as unknown as { streamLimit?: (src: unknown, out: unknown, threads: number) => void } | null)?.streamLimit;
  it.skipIf(!stream)('streamLimit writes every byte of out from what it reads, and checks its arguments', () => {
    const f = stream as NonNullable<typeof stream>;
    for (const [n, m, threads] of [[1, 1, 1], [100, 3, 2], [(1 << 20) + 5, (1 << 22) + 3, 2], [1 << 20, 1 << 18, 2]]) {
      const out = new Uint8Array(m + 1).subarray(1);
      f(new Uint8Array(n).fill(7), out, threads);
      expect(out.every((v) => v === 7), `${n} → ${m} bytes`).toBe(true);
    }
    expect(() => f([1, 2], new Uint8Array(2), 1)).toThrow(TypeError);
    expect(() => f(new Uint8Array(2), new Uint8Array(2), 0)).toThrow(RangeError);
    expect(() => f(new Uint8Array(0), new Uint8Array(2), 1)).toThrow(RangeError);
  });
});
