// The CLI's PNG codec (src/cli/png.ts) against pngjs, an independent decoder and encoder: files made
// by ImageMagick in every layout (scripts/gen-png-fixtures.sh) decode to the same pixels; our files
// decode in pngjs to the pixels we wrote; pngjs's files decode in ours; broken files say what is wrong.

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Table, decodePng, encodePng, PngError } from '../src/cli/png';

const FIX = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'png');

/** What each fixture must be (bit depth, colour type, interlaced, tRNS), read from its IHDR: the test covers these paths. */
const LAYOUT: Record<string, [number, number, number, boolean]> = {
  'g1.png': [1, 0, 0, false], 'g2.png': [2, 0, 0, false], 'g2i.png': [2, 0, 1, false], 'g4.png': [4, 0, 0, false],
  'g8.png': [8, 0, 0, false], 'g16.png': [16, 0, 0, false], 'ga8.png': [8, 4, 0, false], 'ga16.png': [16, 4, 0, false],
  'rgb8.png': [8, 2, 0, false], 'rgb8i.png': [8, 2, 1, false], 'rgb16.png': [16, 2, 0, false],
  'rgba8.png': [8, 6, 0, false], 'rgba16.png': [16, 6, 0, false], 'rgba16i.png': [16, 6, 1, false],
  'p8.png': [8, 3, 0, false], 'p4.png': [4, 3, 0, false], 'p4i.png': [4, 3, 1, false], 'ptrns.png': [8, 3, 0, true],
  'rgbkey.png': [8, 2, 0, true],
};

function layoutOf(file: Buffer): [number, number, number, boolean] {
  return [file[24], file[25], file[28], file.includes(Buffer.from('tRNS'))];
}

/** pngjs's RGBA samples (16-bit kept, 1–4-bit scaled to 8) for the channels we return: grey → R, grey+alpha → R, A. */
function pngjsAs(file: Buffer, channels: number): number[] {
  const ref = PNG.sync.read(file, { skipRescale: file[24] === 16 });
  const from = channels === 1 ? [0] : channels === 2 ? [0, 3] : channels === 3 ? [0, 1, 2] : [0, 1, 2, 3];
  const out: number[] = [];
  for (let i = 0; i < ref.width * ref.height; i++) for (const k of from) out.push(ref.data[4 * i + k]);
  return out;
}

function chunk(type: string, body: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])));
  return Buffer.concat([head, body, crc]);
}
const SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
function ihdr(w: number, h: number, depth: number, type: number): Buffer {
  const b = Buffer.alloc(13);
  b.writeUInt32BE(w);
  b.writeUInt32BE(h, 4);
  b[8] = depth;
  b[9] = type;
  return chunk('IHDR', b);
}

describe('PNG decoding', () => {
  const files = readdirSync(FIX).filter((f) => f.endsWith('.png')).sort();

  it('has every fixture the table names, in the layout it names', () => {
    expect(files).toEqual(Object.keys(LAYOUT).sort());
    for (const f of files) expect([f, ...layoutOf(readFileSync(join(FIX, f)))]).toEqual([f, ...LAYOUT[f]]);
  });

  it.each(Object.keys(LAYOUT))('%s: the same samples as pngjs', (name) => {
    const file = readFileSync(join(FIX, name));
    const png = decodePng(file);
    const [depth, type, , trns] = LAYOUT[name];
    expect([png.width, png.height]).toEqual([13, 11]);
    expect(png.data).toBeInstanceOf(depth === 16 ? Uint16Array : Uint8Array);
    const base = type === 0 ? 1 : type === 4 ? 2 : type === 6 ? 4 : 3;
    expect(png.channels).toBe(trns && base % 2 === 1 ? base + 1 : base);
    const ours = Array.from(png.data);
    if (trns && type === 2) {
      // A colour key: pngjs zeroes the colour of the pixels it hides; we keep it (it is the key colour).
      const at = file.indexOf(Buffer.from('tRNS')) + 4;
      const key = [0, 1, 2].map((k) => file.readUInt16BE(at + 2 * k));
      const hidden = Array.from({ length: 13 * 11 }, (_, i) => i).filter((i) => ours[4 * i + 3] === 0);
      expect(hidden.length).toBeGreaterThan(0);
      for (const i of hidden) expect(ours.slice(4 * i, 4 * i + 3)).toEqual(key);
      for (const i of hidden) ours.fill(0, 4 * i, 4 * i + 3);
    }
    expect(ours).toEqual(pngjsAs(file, png.channels));
  });

  it('decodes what pngjs writes: 8 and 16 bits, grey, grey + alpha, RGB, RGBA', () => {
    for (const bitDepth of [8, 16] as const) {
      for (const [colorType, channels] of [[0, 1], [4, 2], [2, 3], [6, 4]] as const) {
        const w = 9;
        const h = 5;
        const max = bitDepth === 16 ? 65535 : 255;
        const rgba = bitDepth === 16 ? new Uint16Array(w * h * 4) : Buffer.alloc(w * h * 4);
        for (let i = 0; i < rgba.length; i++) rgba[i] = (i * 7919 + 13) % (max + 1);
        if (channels < 3) for (let i = 0; i < w * h; i++) rgba[4 * i + 1] = rgba[4 * i + 2] = rgba[4 * i];
        if (channels % 2 === 1) for (let i = 0; i < w * h; i++) rgba[4 * i + 3] = max;
        const file = PNG.sync.write({ width: w, height: h, data: rgba } as never, { colorType, bitDepth, inputColorType: 6, inputHasAlpha: true } as never);
        const png = decodePng(file);
        expect([bitDepth, colorType, png.channels]).toEqual([bitDepth, colorType, channels]);
        expect(Array.from(png.data)).toEqual(pngjsAs(file, channels));
      }
    }
  });
});

describe('PNG encoding', () => {
  const sizes = [[1, 1], [1, 7], [7, 1], [33, 17]] as const;
  it.each([1, 2, 3, 4])('%i channel(s), 8 and 16 bits: pngjs reads back exactly what we wrote', (channels) => {
    for (const [w, h] of sizes) {
      for (const deep of [false, true]) {
        const n = w * h * channels;
        const data = deep ? Uint16Array.from({ length: n }, (_, i) => (i * 40503) % 65536) : Uint8ClampedArray.from({ length: n }, (_, i) => (i * 157) % 256);
        const file = encodePng({ data, width: w, height: h, channels });
        expect([file[24], file[25], file[28]]).toEqual([deep ? 16 : 8, [0, 0, 4, 2, 6][channels], 0]);
        expect(pngjsAs(file, channels)).toEqual(Array.from(data));
        expect(Array.from(decodePng(file).data)).toEqual(Array.from(data));
      }
    }
  });

  it('keeps a flat picture small (zlib RLE over the Up filter)', () => {
    const file = encodePng({ data: new Uint8Array(512 * 512 * 3).fill(200), width: 512, height: 512, channels: 3 });
    expect(file.length).toBeLessThan(4096);
  });

  it('has a CRC table that agrees with zlib', () => {
    const z = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
    const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 31) & 255);
    expect(crc32Table(new TextEncoder().encode('123456789'))).toBe(0xcbf43926); // the check value of CRC-32/ISO-HDLC
    if (z) expect(crc32Table(data)).toBe(z(data));
  });
});

describe('broken PNG files', () => {
  const good = encodePng({ data: Uint8Array.from({ length: 4 * 3 * 3 }, (_, i) => i * 7), width: 4, height: 3, channels: 3 });
  const idatAt = good.indexOf(Buffer.from('IDAT')) - 4;
  const idatLen = good.readUInt32BE(idatAt);
  const raw = (rows: number[][], w: number, h: number, depth: number, type: number, extra: Buffer[] = []) =>
    Buffer.concat([SIG, ihdr(w, h, depth, type), ...extra, chunk('IDAT', zlib.deflateSync(Buffer.from(rows.flat()))), chunk('IEND', Buffer.alloc(0))]);

  const cases: [string, Buffer, RegExp][] = [
    ['no signature', Buffer.from('GIF89a'), /^no PNG signature$/],
    ['cut short', good.subarray(0, good.length - 20), /^chunk IDAT runs past the end of the file$|ends before its IEND/],
    ['without IEND', good.subarray(0, good.length - 12), /^the file ends before its IEND chunk/],
    ['a flipped bit', Buffer.concat([good.subarray(0, idatAt + 10), Buffer.from([good[idatAt + 10] ^ 1]), good.subarray(idatAt + 11)]), /^chunk IDAT fails its CRC check$/],
    ['data chunk first', Buffer.concat([SIG, chunk('IDAT', Buffer.alloc(1))]), /^the first chunk is IDAT, not IHDR$/],
    ['a bad depth', Buffer.concat([SIG, ihdr(1, 1, 3, 2)]), /^bit depth 3 is not allowed with colour type 2$/],
    ['a bad colour type', Buffer.concat([SIG, ihdr(1, 1, 8, 5)]), /^unknown colour type 5$/],
    ['zero width', Buffer.concat([SIG, ihdr(0, 1, 8, 0)]), /^IHDR gives a size of 0×1$/],
    ['no image data', Buffer.concat([SIG, ihdr(1, 1, 8, 0), chunk('IEND', Buffer.alloc(0))]), /^no IDAT chunk/],
    ['an unknown critical chunk', Buffer.concat([SIG, ihdr(1, 1, 8, 0), chunk('ABCD', Buffer.alloc(0))]), /^unknown critical chunk ABCD$/],
    ['a bad filter type', raw([[5, 1, 2]], 2, 1, 8, 0), /^unknown filter type 5/],
    ['too few rows', raw([[0, 1, 2]], 2, 2, 8, 0), /^the image data is cut short \(3 of 6 bytes\)$/],
    ['too many rows', raw([[0, 1, 2], [0, 3, 4], [0, 5, 6]], 2, 2, 8, 0), /^the image data holds more than the 6 bytes its header announces$/],
    ['a palette without PLTE', raw([[0, 0]], 1, 1, 8, 3), /^a palette image without a PLTE chunk$/],
    ['an index past the palette', raw([[0, 2]], 1, 1, 8, 3, [chunk('PLTE', Buffer.alloc(6))]), /^a pixel uses colour 2 of a 2-colour palette$/],
    ['not zlib data', Buffer.concat([SIG, ihdr(1, 1, 8, 0), chunk('IDAT', Buffer.from('nonsense')), chunk('IEND', Buffer.alloc(0))]), /^the image data does not inflate/],
  ];
  it.each(cases)('%s', (_, file, msg) => {
    expect(() => decodePng(file)).toThrow(PngError);
    expect(() => decodePng(file)).toThrow(msg);
  });

  it('sanity: the unbroken file and its IDAT length', () => {
    expect(idatLen).toBeGreaterThan(0);
    expect(decodePng(good).channels).toBe(3);
  });
});
