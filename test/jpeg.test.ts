// The CLI's JPEG encoder (src/cli/jpeg.ts): its parts against definitions (DCT against the naive
// sum, zigzag, Huffman tables, quality scaling), then whole files decoded by two independent
// decoders, jpeg-js and ImageMagick (skipped with the reason when `convert` is missing, except with
// SIMDCONV_IMAGEMAGICK_REQUIRED=1, where a missing one fails).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jpegJs from 'jpeg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { dctScale, encodeJpeg, forwardDct, HUFFMAN_TABLES, quantTable, ZIGZAG } from '../src/cli/jpeg';

const CONVERT = ['/usr/local/bin/convert', 'convert'].find((c) => spawnSync(c, ['-version']).status === 0) ?? null;
const needConvert = process.env.SIMDCONV_IMAGEMAGICK_REQUIRED === '1';
const tmp = mkdtempSync(join(tmpdir(), 'simdconv-jpeg-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;

/** A photograph-like test picture: smooth colour waves, an edge, ±6 levels of noise. */
function picture(w: number, h: number, c: number): Uint8Array {
  const d = new Uint8Array(w * h * c);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let k = 0; k < c; k++) {
        const wave = 110 * Math.sin(x / (11 + 5 * k) + y / 17) + (x > w / 2 ? 30 : -30);
        d[(y * w + x) * c + k] = k === 3 ? 200 : Math.max(0, Math.min(255, Math.round(128 + wave + (rand() - 0.5) * 12)));
      }
    }
  }
  return d;
}

/** Peak signal-to-noise ratio in dB of b against a (same length, 8-bit). */
function psnr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return 10 * Math.log10((255 * 255 * a.length) / s);
}

/** The colour channels of interleaved pixels (grey: the first; colour: the first three). */
function colours(d: Uint8Array, n: number, c: number): Uint8Array {
  const k = c >= 3 ? 3 : 1;
  const out = new Uint8Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) out[i * k + j] = d[i * c + j];
  return out;
}

/** The frame header (SOF0) of a JPEG file: size, and per component its sampling factors. */
function frame(file: Uint8Array): { width: number; height: number; sampling: string[] } {
  for (let i = 2; i < file.length; ) {
    const marker = file[i + 1];
    const len = (file[i + 2] << 8) | file[i + 3];
    if (marker === 0xc0) {
      const nc = file[i + 9];
      const sampling = Array.from({ length: nc }, (_, c) => `${file[i + 11 + 3 * c] >> 4}x${file[i + 11 + 3 * c] & 15}`);
      return { height: (file[i + 5] << 8) | file[i + 6], width: (file[i + 7] << 8) | file[i + 8], sampling };
    }
    i += 2 + len;
  }
  throw new Error('no SOF0');
}

/** ImageMagick's decoding of a JPEG file as 8-bit RGB or grey samples. */
function imDecode(file: Uint8Array, grey: boolean): Buffer {
  const path = join(tmp, `in-${Math.floor(rand() * 1e9)}.jpg`);
  writeFileSync(path, file);
  const r = spawnSync(CONVERT!, [path, '-depth', '8', grey ? 'gray:-' : 'rgb:-'], { maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`convert failed: ${r.stderr}`);
  return r.stdout;
}

describe('JPEG encoder parts', () => {
  it('forwardDct is the 2-D DCT of T.81 A.3.3 times 8·s[u]·s[v] (naive sum, random blocks)', () => {
    const C = (k: number) => (k === 0 ? Math.SQRT1_2 : 1);
    for (let t = 0; t < 20; t++) {
      const f = Float64Array.from({ length: 64 }, () => Math.round(rand() * 255) - 128);
      const got = f.slice();
      forwardDct(got);
      for (let v = 0; v < 8; v++) {
        for (let u = 0; u < 8; u++) {
          let s = 0;
          for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) s += f[y * 8 + x] * Math.cos(((2 * x + 1) * u * Math.PI) / 16) * Math.cos(((2 * y + 1) * v * Math.PI) / 16);
          const F = (C(u) * C(v) * s) / 4;
          expect(Math.abs(got[v * 8 + u] / dctScale(v, u) - F)).toBeLessThan(1e-9);
        }
      }
    }
  });

  it('ZIGZAG walks the anti-diagonals (T.81 figure A.6)', () => {
    expect(new Set(ZIGZAG).size).toBe(64);
    expect(Array.from(ZIGZAG.subarray(0, 15))).toEqual([0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4]);
    expect(Array.from(ZIGZAG.subarray(58))).toEqual([61, 54, 47, 55, 62, 63]);
  });

  it('the Huffman tables are complete prefix codes over every baseline symbol', () => {
    const acSymbols = [0x00, 0xf0];
    for (let r = 0; r < 16; r++) for (let s = 1; s <= 10; s++) acSymbols.push((r << 4) | s);
    for (const [name, t] of Object.entries(HUFFMAN_TABLES)) {
      expect(t.bits.reduce((a, b) => a + b), name).toBe(t.vals.length);
      const want = name.startsWith('DC') ? Array.from({ length: 12 }, (_, i) => i) : acSymbols;
      expect([...t.vals].sort((a, b) => a - b), name).toEqual([...want].sort((a, b) => a - b));
      // Kraft: strictly below 1, since T.81 reserves the all-ones code.
      expect(t.bits.reduce((sum, n, i) => sum + n / 2 ** (i + 1), 0), name).toBeLessThan(1);
    }
  });

  it('quality scales the tables as libjpeg does', () => {
    const base = [16, 11, 10, 255, 1, 99];
    expect(Array.from(quantTable(base, 50))).toEqual([16, 11, 10, 255, 1, 99]);
    expect(Array.from(quantTable(base, 100))).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(quantTable(base, 90))).toEqual([3, 2, 2, 51, 1, 20]);
    expect(Array.from(quantTable(base, 10))).toEqual([80, 55, 50, 255, 5, 255]);
  });
});

describe('JPEG files from encodeJpeg', () => {
  // Sizes that are not multiples of 8 or 16 (padding by repetition), 1 × 1, and one of several MCU rows.
  const sizes = [[1, 1], [7, 5], [17, 9], [33, 17], [97, 61]] as const;
  // [channels, quality, subsample, PSNR bound in dB]. On this noisy picture (97 × 61) 4:4:4 at quality 90
  // measures 38.2 dB in colour and 40.3 in grey, 4:2:0 at 75 36.2 dB (ImageMagick's own encoder: 38.0,
  // 40.2, 36.2): the bounds leave room for the small sizes, where the edge padding weighs more.
  const cases = [[3, 90, false, 36], [4, 90, false, 36], [1, 90, false, 36], [2, 90, false, 36], [3, 75, true, 32], [4, 75, true, 32]] as const;

  for (const [c, quality, subsample, bound] of cases) {
    it.each(sizes)(`${c} channel(s), quality ${quality}${subsample ? ', 4:2:0' : ''}: %i × %i decodes in jpeg-js to the size and above ${bound} dB`, (w, h) => {
      const d = picture(w, h, c);
      const file = encodeJpeg({ data: d, width: w, height: h, channels: c }, { quality, subsample });
      expect(frame(file)).toEqual({ width: w, height: h, sampling: c >= 3 ? [subsample ? '2x2' : '1x1', '1x1', '1x1'] : ['1x1'] });
      const dec = jpegJs.decode(Buffer.from(file), { useTArray: true, formatAsRGBA: false });
      expect([dec.width, dec.height]).toEqual([w, h]);
      const src = colours(d, w * h, c);
      // jpeg-js gives a grey JPEG as RGB: take R.
      const g = c >= 3 ? dec.data : Uint8Array.from({ length: w * h }, (_, i) => dec.data[3 * i]);
      expect(g.length).toBe(src.length);
      if (w * h > 1) expect(psnr(src, g)).toBeGreaterThan(bound);
      else expect(Math.max(...src.map((v, i) => Math.abs(v - g[i])))).toBeLessThanOrEqual(2);
    });
  }

  it.skipIf(!CONVERT && !needConvert)(`ImageMagick decodes the same files alike, at least as well as its own encoder at the same settings${CONVERT ? '' : ' (skipped: no convert on PATH)'}`, () => {
    expect(CONVERT, 'ImageMagick convert').not.toBeNull();
    for (const [c, quality, subsample, bound] of cases) {
      for (const [w, h] of [[33, 17], [97, 61]]) {
        const d = picture(w, h, c);
        const file = encodeJpeg({ data: d, width: w, height: h, channels: c }, { quality, subsample });
        const grey = c < 3;
        const ours = imDecode(file, grey);
        const src = colours(d, w * h, c);
        expect(ours.length, `${c} channels ${w}×${h}`).toBe(src.length);
        const p = psnr(src, ours);
        expect(p, `${c} channels ${w}×${h} q${quality}`).toBeGreaterThan(bound);
        // ImageMagick's own encoder (libjpeg, the same tables) on the same pixels.
        const raw = join(tmp, `src-${c}-${w}.${grey ? 'gray' : 'rgb'}`);
        writeFileSync(raw, src);
        const ref = join(tmp, `ref-${c}-${w}.jpg`);
        const args = ['-size', `${w}x${h}`, '-depth', '8', `${grey ? 'gray' : 'rgb'}:${raw}`, '-quality', String(quality), '-sampling-factor', subsample ? '2x2' : '1x1', ref];
        expect(spawnSync(CONVERT!, args).status).toBe(0);
        const theirs = imDecode(readFileSync(ref), grey);
        expect(p, `${c} channels ${w}×${h} q${quality}: ours vs ImageMagick's encoder`).toBeGreaterThan(psnr(src, theirs) - 0.5);
      }
    }
  });

  it('noise at quality 100 (the largest values, 0xFF stuffing everywhere) still decodes exactly sized and close', () => {
    const [w, h] = [45, 29];
    const d = Uint8Array.from({ length: w * h * 3 }, () => Math.floor(rand() * 256));
    const file = encodeJpeg({ data: d, width: w, height: h, channels: 3 }, { quality: 100 });
    const dec = jpegJs.decode(Buffer.from(file), { useTArray: true, formatAsRGBA: false });
    expect([dec.width, dec.height]).toEqual([w, h]);
    expect(psnr(d, dec.data)).toBeGreaterThan(35);
    if (CONVERT) expect(psnr(d, imDecode(file, false))).toBeGreaterThan(35);
  });

  it('flat images give the flat colour back, and a default quality of 92 with 4:4:4', () => {
    const d = new Uint8Array(20 * 12 * 3).map((_, i) => [200, 30, 90][i % 3]);
    const file = encodeJpeg({ data: d, width: 20, height: 12, channels: 3 });
    expect(frame(file).sampling).toEqual(['1x1', '1x1', '1x1']);
    const dec = jpegJs.decode(Buffer.from(file), { useTArray: true, formatAsRGBA: false });
    expect(Math.max(...dec.data.map((v, i) => Math.abs(v - d[i])))).toBeLessThanOrEqual(1);
  });
});
