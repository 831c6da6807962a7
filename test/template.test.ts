// matchTemplate against a brute-force float64 oracle of OpenCV's formulas (templmatch.cpp, FORMAT.md
// TM1–TM5): every window summed directly, no running sums, no FFT. Covers every method, one and three
// channels, windows at every edge of the image, flat regions (the normed methods' ±1 / 0 conventions),
// a large offset (cancellation in Σ I² − (Σ I)²/n) and float32 images, on both backends.

import { describe, expect, it } from 'vitest';
import * as sc from '../src/index';
import { describeBackends, NATIVE_REQUIRED, NATIVE_SKIP_REASON } from './helpers/backends';
import { recipe, type TemplateMethod } from '../src/api/template';
import { planOf } from '../src/run';
import { loadNative } from '../src/backend/native';
import { scoreTemplate } from '../src/fallback/template_scores';

const METHODS: TemplateMethod[] = ['sqdiff', 'sqdiff_normed', 'ccorr', 'ccorr_normed', 'ccoeff', 'ccoeff_normed'];
const FLT_EPSILON = 1.1920928955078125e-7;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** OpenCV's score of every window, each summed directly in float64. */
function oracle(x: ArrayLike<number>, [H, W, C]: number[], t: ArrayLike<number>, [h, w]: number[], method: TemplateMethod): Float64Array {
  const area = h * w;
  const tMean = new Array<number>(C).fill(0);
  for (let i = 0; i < t.length; i++) tMean[i % C] += t[i] / area;
  let tSq = 0, tVar = 0;
  for (let i = 0; i < t.length; i++) {
    tSq += t[i] ** 2;
    tVar += (t[i] - tMean[i % C]) ** 2;
  }
  const oh = H - h + 1, ow = W - w + 1;
  const out = new Float64Array(oh * ow);
  const ccoeff = method.startsWith('ccoeff');
  if (method === 'ccoeff_normed' && tVar / area < 2.220446049250313e-16) return out.fill(1);
  for (let y = 0; y < oh; y++) {
    for (let x0 = 0; x0 < ow; x0++) {
      let cc = 0, sq = 0;
      const sum = new Array<number>(C).fill(0);
      for (let i = 0; i < h; i++) {
        for (let j = 0; j < w; j++) {
          for (let c = 0; c < C; c++) {
            const v = x[((y + i) * W + x0 + j) * C + c], tv = t[(i * w + j) * C + c];
            cc += v * (ccoeff ? tv - tMean[c] : tv);
            sq += v * v;
            sum[c] += v;
          }
        }
      }
      let num = cc;
      if (method.startsWith('sqdiff')) num = Math.max(sq - 2 * cc + tSq, 0);
      if (method.endsWith('_normed')) {
        const mean2 = method === 'ccoeff_normed' ? sum.reduce((s, v) => s + v * v, 0) / area : 0;
        const diff2 = Math.max(sq - mean2, 0);
        const norm = diff2 <= Math.min(0.5, 10 * FLT_EPSILON * sq) ? 0 : Math.sqrt(diff2) * Math.sqrt(ccoeff ? tVar : tSq);
        if (Math.abs(num) < norm) num /= norm;
        else if (Math.abs(num) < 1.125 * norm) num = num > 0 ? 1 : -1;
        else num = method === 'sqdiff_normed' ? 1 : 0;
      }
      out[y * ow + x0] = num;
    }
  }
  return out;
}

interface Case {
  name: string;
  shape: number[]; // [H, W, C]
  tshape: number[]; // [h, w]
  image: (r: () => number, i: number, shape: number[]) => number;
}

const CASES: Case[] = [
  { name: 'random 23×31', shape: [23, 31, 1], tshape: [5, 7], image: (r) => r() },
  { name: 'template as wide as the image', shape: [9, 12, 1], tshape: [4, 12], image: (r) => r() * 4 - 2 },
  { name: 'template the image size', shape: [6, 5, 1], tshape: [6, 5], image: (r) => r() },
  { name: '1×1 template', shape: [7, 8, 1], tshape: [1, 1], image: (r) => r() },
  { name: 'three channels', shape: [17, 19, 3], tshape: [4, 6], image: (r) => r() },
  { name: 'two channels, one flat', shape: [11, 13, 2], tshape: [3, 4], image: (r, i) => (i % 2 ? 0.25 : r()) },
  // Left half constant: windows there have no spread, the ±1 / 0 conventions decide.
  { name: 'flat regions', shape: [14, 20, 1], tshape: [3, 5], image: (r, i, [, W]) => ((i % W) < 10 ? 3 : r()) },
  // Σ I² − (Σ I)²/n cancels about 7 digits: 10 + noise of 1e-2.
  { name: 'large offset', shape: [16, 18, 1], tshape: [4, 5], image: (r) => 10 + r() * 1e-2 },
];

/** |got − want| ≤ tol everywhere. */
function close(got: ArrayLike<number>, want: ArrayLike<number>, tol: number): void {
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= tol)) expect.fail(`element ${i}: ${got[i]} vs ${want[i]} (tolerance ${tol})`);
  }
}

describe('matchTemplate oracle', () => {
  it('scores 1 where the template was cut from the image', () => {
    // The template is the image's 2×2 block at row 1, column 0: output position 1·3 + 0.
    const x = { data: Float64Array.from([1, 2, 3, 4, 9, 6, 7, 8, 5, 2, 0, 1]), shape: [3, 4] };
    const t = { data: Float64Array.from([9, 6, 5, 2]), shape: [2, 2] };
    const want = oracle(x.data, [3, 4, 1], t.data, [2, 2], 'ccoeff_normed');
    expect(want[3]).toBeCloseTo(1, 12);
    expect(Math.max(...want)).toBe(want[3]);
  });
});

describeBackends(() => {
  for (const c of CASES) {
    for (const dtype of ['float64', 'float32'] as const) {
      it(`${c.name}, ${dtype}: every method matches the brute-force oracle`, () => {
        const r = rng(c.shape.reduce((a, b) => a * 31 + b, 7));
        const [H, W, C] = c.shape;
        const T = dtype === 'float32' ? Float32Array : Float64Array;
        const x = T.from({ length: H * W * C }, (_, i) => c.image(r, i, c.shape));
        const [h, w] = c.tshape;
        // The template: a piece of the image plus noise, so that the best match is sharp.
        const t = T.from({ length: h * w * C }, (_, k) => {
          const c0 = k % C, j = Math.floor(k / C) % w, i = Math.floor(k / C / w);
          return x[((i + 1 > H - h ? 0 : i + 1) * W + j) * C + c0] + (r() - 0.5) * 0.01;
        });
        const shape = C === 1 ? [H, W] : [H, W, C];
        const tshape = C === 1 ? [h, w] : [h, w, C];
        for (const method of METHODS) {
          const got = sc.matchTemplate({ data: x, shape }, { data: t, shape: tshape }, { method });
          expect(got.shape).toEqual([H - h + 1, W - w + 1]);
          expect(got.data).toBeInstanceOf(T);
          const want = oracle(x, c.shape, t, c.tshape, method);
          // Relative to the terms a score is made of (Σ over the window of I², I·T, T²); the normed
          // scores are at most 1 but divide by Σ I² − (Σ I)²/n, which cancels digits (~7 in 'large
          // offset'). float64 throughout; a float32 result is rounded once at the end.
          const mx = Math.max(...x.map(Math.abs), ...t.map(Math.abs));
          const scale = method.endsWith('_normed') ? (c.name === 'large offset' ? 1e7 : 1e4) : 4 * h * w * C * mx * mx;
          close(got.data, want, (dtype === 'float32' ? 1e-7 : 1e-13) * scale + (dtype === 'float32' ? 1e-7 * Math.max(...want.map(Math.abs)) : 0));
        }
      });
    }
  }

  it('a constant template scores 1 everywhere under CCOEFF_NORMED (OpenCV)', () => {
    const x = { data: Float64Array.from({ length: 30 }, (_, i) => i % 7), shape: [5, 6] };
    const t = { data: new Float64Array(6).fill(2), shape: [2, 3] };
    expect(Array.from(sc.matchTemplate(x, t).data)).toEqual(new Array(4 * 4).fill(1));
  });

  it("'auto' correlates a small template directly and a large one by FFT", () => {
    // What the cost model says for the active backend; the crossover (about 9×9 to 11×11 on
    // 768×1024) is in README's Performance section.
    const x = { data: new Float32Array(768 * 1024), shape: [768, 1024] };
    const methodFor = (h: number, w: number, method: TemplateMethod): string => {
      const t = { data: Float32Array.from({ length: h * w }, (_, i) => i % 7), shape: [h, w] };
      return planOf(recipe(x, t, { method }).calls[0]).method ?? 'direct';
    };
    for (const method of METHODS) {
      expect(methodFor(3, 3, method)).toBe('direct');
      expect(methodFor(5, 4, method)).toBe('direct');
      expect(methodFor(65, 80, method)).toBe('fft');
    }
  });

  it('an async call whose image is transferred while it runs still gives the right scores', async () => {
    const r = rng(9);
    for (const T of [Float64Array, Float32Array]) {
      const x = T.from({ length: 60 * 70 }, r);
      const t = T.from({ length: 7 * 9 }, r);
      for (const method of ['ccoeff_normed', 'sqdiff'] as const) {
        const want = sc.matchTemplate({ data: x, shape: [60, 70] }, { data: t, shape: [7, 9] }, { method }).data;
        const image = x.slice();
        const p = sc.matchTemplateAsync({ data: image, shape: [60, 70] }, { data: t, shape: [7, 9] }, { method });
        structuredClone(image.buffer, { transfer: [image.buffer] });
        expect(Array.from((await p).data)).toEqual(Array.from(want));
      }
    }
  });

  it('the async twin gives the same scores', async () => {
    const r = rng(3);
    const x = { data: Float64Array.from({ length: 40 * 50 }, r), shape: [40, 50] };
    const t = { data: Float64Array.from({ length: 9 * 11 }, r), shape: [9, 11] };
    for (const method of METHODS) {
      const a = sc.matchTemplate(x, t, { method });
      const b = await sc.matchTemplateAsync(x, t, { method });
      expect(Array.from(b.data)).toEqual(Array.from(a.data));
    }
  });
});

// An addon built before scoreTemplate existed (an old prebuild) runs the js twin: nothing to compare,
// except where the native addon is required (CI), where it must have it.
const twin = NATIVE_SKIP_REASON === null && (NATIVE_REQUIRED || typeof loadNative().addon?.scoreTemplate === 'function');
describe.skipIf(!twin)('matchTemplate window scores: native twin', () => {
  // The correlations are given, so only binding/template_scores.cc and src/fallback/template_scores.ts
  // are compared: the same sums in the same order and the same IEEE operations, so the same bits
  // (AArch64 compilers may fuse a·a − b·b into one rounding: there, agreement to rounding).
  const addon = loadNative().addon;
  const exact = process.arch === 'x64';
  it.each([
    [1, 'float64'], [1, 'float32'], [3, 'float64'], [2, 'float32'],
  ] as const)('%i channel(s), %s image and scores, every method, awkward widths', (C, dtype) => {
    const r = rng(C * 17 + dtype.length);
    for (const [H, W, h, w] of [[9, 13, 3, 4], [20, 37, 5, 6], [7, 8, 7, 1], [6, 33, 1, 32]]) {
      const T = dtype === 'float32' ? Float32Array : Float64Array;
      const x = T.from({ length: H * W * C }, (_, i) => (i % 11 === 0 ? 2 : r() * 3 - 1));
      const n = (H - h + 1) * (W - w + 1);
      const scores = Float64Array.from({ length: n }, () => (r() - 0.5) * h * w);
      for (const method of ['sqdiff', 'sqdiff_normed', 'ccorr_normed', 'ccoeff_normed'] as const) {
        const js = new T(n), native = new T(n);
        scoreTemplate(x, H, W, C, h, w, scores, js, method, 5 * h * w, 2.5);
        addon!.scoreTemplate!(x, H, W, C, h, w, scores, native, method, 5 * h * w, 2.5);
        if (exact) expect(Array.from(native)).toEqual(Array.from(js));
        else close(native, Float64Array.from(js), 1e-12);
      }
    }
  });

  it('rejects what it cannot compute, as a TypeError or RangeError, without touching memory', () => {
    const x = new Float64Array(12), s = new Float64Array(4), o = new Float64Array(4);
    const f = addon!.scoreTemplate! as (...a: unknown[]) => void;
    expect(() => f(x, 3, 4, 1, 2, 3, s, o, 'ccoeff_normed', 1, 1)).not.toThrow();
    expect(() => f(new Int32Array(12), 3, 4, 1, 2, 3, s, o, 'sqdiff', 1, 1)).toThrow(TypeError);
    expect(() => f(x, 3, 5, 1, 2, 3, s, o, 'sqdiff', 1, 1)).toThrow(/image must be of length/);
    expect(() => f(x, 3, 4, 1, 4, 3, s, o, 'sqdiff', 1, 1)).toThrow(RangeError);
    expect(() => f(x, 3, 4, 1, 2, 3, new Float32Array(4), o, 'sqdiff', 1, 1)).toThrow(TypeError);
    expect(() => f(x, 3, 4, 1, 2, 3, s, new Float64Array(5), 'sqdiff', 1, 1)).toThrow(/out must be of length 4/);
    expect(() => f(x, 3, 4, 1, 2, 3, s, o, 'ccorr', 1, 1)).toThrow(RangeError);
    expect(() => f(x, 3, 4, 0, 2, 3, s, o, 'sqdiff', 1, 1)).toThrow(RangeError);
    expect(() => f(x, 3, 4, 1.5, 2, 3, s, o, 'sqdiff', 1, 1)).toThrow(RangeError);
  });
});
