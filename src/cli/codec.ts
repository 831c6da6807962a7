// PNG and JPEG files ↔ interleaved pixels. PNG with our own codec over node's zlib (png.ts); JPEG
// written by our own encoder (jpeg.ts) and read by the pure-JavaScript jpeg-js, required lazily, here
// only: the core library never loads it.

import { closeSync, openSync, readFileSync, writevSync } from 'node:fs';
import { extname } from 'node:path';
import type { Pixels, PixelsOut } from '../api/image';
import { CliError } from './cliError';
import { encodeJpeg } from './jpeg';
import { decodePng, encodePngParts } from './png';

interface JpegJs {
  decode(buf: Buffer, opts: { useTArray: true; formatAsRGBA: false; maxMemoryUsageInMB: number }): { width: number; height: number; data: Uint8Array };
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

/** Keep the first (grey) of each pixel's three samples. */
function firstOfThree(src: Uint8Array): Uint8Array {
  const out = new Uint8Array(src.length / 3);
  for (let i = 0; i < out.length; i++) out[i] = src[3 * i];
  return out;
}

function decodeJpeg(buf: Buffer): Pixels {
  const jpg = load<JpegJs>('jpeg-js').decode(buf, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 1024 });
  const d = jpg.data;
  let grey = true;
  for (let i = 0; grey && i < d.length; i += 3) grey = d[i] === d[i + 1] && d[i] === d[i + 2];
  return { data: grey ? firstOfThree(d) : d, width: jpg.width, height: jpg.height, channels: grey ? 1 : 3 };
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
    // The codecs' messages name the broken part ("chunk IDAT fails its CRC check", "invalid huffman code").
    throw new CliError(`cannot decode '${path}': a broken ${format} file (${reason(e)}); re-export it or check that the copy is complete`);
  }
}

/** Encode by the file name's extension and write. JPEG has no alpha: it is dropped; grey stays grey. */
export function writeImage(path: string, px: PixelsOut, quality = 92): void {
  let parts: Uint8Array[];
  if (formatOf(path) === 'png') {
    parts = encodePngParts(px);
  } else if (formatOf(path) === 'jpeg') {
    parts = [encodeJpeg(px, { quality })];
  } else {
    throw new CliError(`cannot write '${path}': the name must end in .png, .jpg or .jpeg`);
  }
  try {
    const fd = openSync(path, 'w');
    try {
      writeAll(fd, parts);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new CliError(`cannot write '${path}': ${reason(e)}`);
  }
}

/** writev until every byte is written (it may write fewer than asked). */
function writeAll(fd: number, parts: Uint8Array[]): void {
  let rest = parts.filter((p) => p.length > 0);
  while (rest.length > 0) {
    let n = writevSync(fd, rest);
    while (rest.length > 0 && n >= rest[0].length) n -= rest.shift()!.length;
    if (n > 0) rest[0] = rest[0].subarray(n);
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
