// PNG and JPEG files ↔ interleaved pixels, with the pure-JavaScript codecs pngjs and jpeg-js (no
// native binaries to install). They are required lazily, here only: the core library never loads them.

import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Pixels, PixelsOut } from '../api/image';
import { CliError } from './cliError';

interface PngMeta {
  width: number;
  height: number;
  depth: number;
  color: boolean;
  alpha: boolean;
  palette: boolean;
  data: Uint8Array | Uint16Array;
}
interface PngJs {
  PNG: { sync: {
    read(buf: Buffer, opts: { skipRescale: boolean }): PngMeta;
    write(png: { width: number; height: number; data: Buffer }, opts: Record<string, unknown>): Buffer;
  } };
}
interface JpegJs {
  decode(buf: Buffer, opts: { useTArray: true; formatAsRGBA: false; maxMemoryUsageInMB: number }): { width: number; height: number; data: Uint8Array };
  encode(img: { width: number; height: number; data: Uint8Array }, quality: number): { data: Buffer };
}

function load<T>(name: string): T {
  try {
    return require(name) as T;
  } catch {
    throw new CliError(`the image codec '${name}' is not installed (run: npm install ${name})`);
  }
}

export type Format = 'png' | 'jpeg';

/** The output format implied by a file name, or null. */
export function formatOf(path: string): Format | null {
  const ext = extname(path).toLowerCase();
  return ext === '.png' ? 'png' : ext === '.jpg' || ext === '.jpeg' ? 'jpeg' : null;
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];
const startsWith = (buf: Buffer, magic: number[]) => magic.every((b, i) => buf[i] === b);

/** Keep `channels` of the decoder's RGBA (or RGB) samples: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA. */
function pick(src: Uint8Array | Uint16Array, stride: number, channels: number): Uint8Array | Uint16Array {
  const n = src.length / stride;
  const from = channels === 2 ? [0, 3] : [0, 1, 2, 3].slice(0, channels);
  const out = src instanceof Uint16Array ? new Uint16Array(n * channels) : new Uint8Array(n * channels);
  for (let i = 0; i < n; i++) for (let k = 0; k < channels; k++) out[i * channels + k] = src[i * stride + from[k]];
  return out;
}

function decodePng(buf: Buffer): Pixels {
  const png = load<PngJs>('pngjs').PNG.sync.read(buf, { skipRescale: true });
  const data = png.data;
  const max = png.depth === 16 ? 65535 : 255;
  let alpha = png.alpha;
  for (let i = 3; !alpha && i < data.length; i += 4) alpha = data[i] !== max; // a tRNS chunk makes alpha too
  const channels = (png.color || png.palette ? 3 : 1) + (alpha ? 1 : 0);
  // With skipRescale pngjs gives 16-bit files as a Uint16Array (kept for fromPixels to scale by
  // 65535) and expands everything below 8 bits to 8; its output is always RGBA.
  return { data: pick(data, 4, channels), width: png.width, height: png.height, channels };
}

function decodeJpeg(buf: Buffer): Pixels {
  const jpg = load<JpegJs>('jpeg-js').decode(buf, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 1024 });
  const d = jpg.data;
  let grey = true;
  for (let i = 0; grey && i < d.length; i += 3) grey = d[i] === d[i + 1] && d[i] === d[i + 2];
  return { data: grey ? pick(d, 3, 1) : d, width: jpg.width, height: jpg.height, channels: grey ? 1 : 3 };
}

/** Read and decode a PNG or JPEG (recognised by content, not by name). */
export function readImage(path: string): Pixels {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new CliError(`cannot read '${path}': ${reason(e)}`);
  }
  const format = startsWith(buf, PNG_MAGIC) ? 'PNG' : startsWith(buf, JPEG_MAGIC) ? 'JPEG' : null;
  if (!format) throw new CliError(`cannot decode '${path}': not a PNG or JPEG file`);
  try {
    return format === 'PNG' ? decodePng(buf) : decodeJpeg(buf);
  } catch (e) {
    if (e instanceof CliError) throw e;
    // The codecs' messages name the broken part ("Unexpected end of input", "invalid huffman code").
    throw new CliError(`cannot decode '${path}': a broken ${format} file (${reason(e)}); re-export it or check that the copy is complete`);
  }
}

const PNG_COLOR_TYPE = [0, 0, 4, 2, 6]; // by channel count: grey, grey+alpha, RGB, RGBA

/** Encode by the file name's extension and write. JPEG has no alpha: it is dropped, grey becomes RGB. */
export function writeImage(path: string, px: PixelsOut, quality = 92): void {
  const { width, height, channels } = px;
  let buf: Buffer;
  if (formatOf(path) === 'png') {
    const colorType = PNG_COLOR_TYPE[channels];
    const data = Buffer.from(px.data.buffer, px.data.byteOffset, px.data.length);
    buf = load<PngJs>('pngjs').PNG.sync.write({ width, height, data }, {
      colorType, inputColorType: colorType, inputHasAlpha: channels % 2 === 0, bitDepth: 8,
    });
  } else if (formatOf(path) === 'jpeg') {
    const rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      for (let k = 0; k < 3; k++) rgba[i * 4 + k] = px.data[i * channels + (channels < 3 ? 0 : k)];
      rgba[i * 4 + 3] = 255;
    }
    buf = load<JpegJs>('jpeg-js').encode({ width, height, data: rgba }, quality).data;
  } else {
    throw new CliError(`cannot write '${path}': the name must end in .png, .jpg or .jpeg`);
  }
  try {
    writeFileSync(path, buf);
  } catch (e) {
    throw new CliError(`cannot write '${path}': ${reason(e)}`);
  }
}

/** A filesystem or codec error as a short phrase ("no such file or directory"), never a stack. */
export function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err && err.code === 'ENOENT') return 'no such file or directory';
  if (err && err.code === 'EISDIR') return 'it is a directory';
  if (err && err.code === 'EACCES') return 'permission denied';
  const msg = err instanceof Error ? err.message : String(e);
  return msg.split('\n')[0];
}
