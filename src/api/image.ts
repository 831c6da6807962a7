// Pixels in and out: 8/16-bit interleaved pixel buffers (browser ImageData, sharp's raw() output,
// decoded PNG/JPEG) ↔ float32 NDArrays [h, w, c] in [0, 1], plus the two things image filtering
// needs around a convolution: a grey conversion, and filtering the colour channels of an image while
// its alpha channel is left untouched. No codec here: the core library stays dependency-free.

import { rangeError, shapeError, typeError } from '../core/errors';
import { allocate, dtypeOf, toOperand, type ArrayInput, type NDArray, type Operand } from '../core/ndarray';
import { flag, readOptions } from '../core/options';

/** Channels per pixel: grey, grey + alpha, RGB, RGBA. */
export type Channels = 1 | 2 | 3 | 4;

/** Interleaved pixels, row by row: `data[(y·width + x)·channels + c]`. */
export interface Pixels {
  data: Uint8Array | Uint8ClampedArray | Uint16Array;
  width: number;
  height: number;
  /** 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA); inferred from data.length when absent (ImageData: 4). */
  channels?: number;
}
/** What sharp's `.raw().toBuffer({ resolveWithObject: true })` resolves to. */
export interface SharpRaw {
  data: Uint8Array | Uint16Array;
  info: { width: number; height: number; channels: number };
}
export interface PixelsOut {
  data: Uint8ClampedArray;
  width: number;
  height: number;
  /** Typed 1 | 2 | 3 | 4, so the result passes straight into sharp's `raw` input option. */
  channels: Channels;
}
export interface ToPixelsOptions {
  /** Multiply by this before rounding (default 255); 'fit' maps the image's [min, max] onto [0, 255]. */
  scale?: number | 'fit';
  /** Saturate to [0, 255] (default true; NaN becomes 0). false: a value outside throws a RangeError. */
  clip?: boolean;
}
export interface FilterChannelsOptions {
  /** Whether the last channel is alpha (kept as it is). Default: true for 2 and 4 channels. */
  alpha?: boolean;
}

function positiveInt(fn: string, name: string, v: unknown): number {
  if (typeof v !== 'number') throw typeError(fn, name, 'a positive integer', v);
  if (!Number.isSafeInteger(v) || v < 1) throw rangeError(fn, name, 'a positive integer', v);
  return v;
}

let table8: Float32Array | undefined;
let table16: Float32Array | undefined;
/** level / 255 and level / 65535 as float32, for every level; built on first use. */
const levels8 = (): Float32Array => (table8 ??= Float32Array.from({ length: 256 }, (_, v) => v / 255));
const levels16 = (): Float32Array => (table16 ??= Float32Array.from({ length: 65536 }, (_, v) => v / 65535));

/**
 * Interleaved 8-bit (Uint8Array, Uint8ClampedArray, Buffer) or 16-bit (Uint16Array) pixels → a float32
 * NDArray of shape [height, width, channels] with values in [0, 1] (divided by 255 or 65535). Accepts
 * `{ data, width, height, channels? }`, a browser ImageData, or sharp's `{ data, info }`.
 */
export function fromPixels(pixels: Pixels | SharpRaw): NDArray<Float32Array> {
  const fn = 'image.fromPixels';
  if (pixels === null || typeof pixels !== 'object') throw typeError(fn, 'pixels', 'an object { data, width, height, channels? }', pixels);
  const src = pixels as Partial<Pixels> & { info?: unknown };
  const info = (src.info ?? src) as Partial<Pixels>;
  if (info === null || typeof info !== 'object') throw typeError(fn, 'pixels.info', 'an object { width, height, channels }', info);
  const prefix = src.info === undefined ? 'pixels' : 'pixels.info';
  const data = src.data;
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray || data instanceof Uint16Array)) {
    throw typeError(fn, 'pixels.data', 'a Uint8Array, Uint8ClampedArray or Uint16Array', data);
  }
  const width = positiveInt(fn, `${prefix}.width`, info.width);
  const height = positiveInt(fn, `${prefix}.height`, info.height);
  const channels = info.channels === undefined ? data.length / (width * height) : positiveInt(fn, `${prefix}.channels`, info.channels);
  if (!Number.isInteger(channels) || channels < 1 || channels > 4) {
    const got = info.channels === undefined ? `${data.length} values for ${width}×${height} pixels` : String(channels);
    throw shapeError(fn, `${prefix}.channels`, '1, 2, 3 or 4', got);
  }
  if (data.length !== width * height * channels) {
    throw shapeError(fn, 'pixels.data', `of length ${width * height * channels} (${width}×${height}×${channels})`, `length ${data.length}`);
  }
  // A table of every level's float32 value: one load per sample instead of a division, same bits.
  const table = data instanceof Uint16Array ? levels16() : levels8();
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = table[data[i]];
  return { data: out, shape: [height, width, channels] };
}

/** A real image [h, w] or [h, w, c] with 1 ≤ c ≤ 4, as an operand and its channel count. */
function imageOperand(fn: string, value: unknown): { x: Operand; h: number; w: number; c: Channels } {
  const x = toOperand(fn, 'image', value);
  if (x.complex) throw typeError(fn, 'image', 'a real array (take abs() of a complex result first)', 'a complex array');
  const [h, w, c = 1] = x.shape;
  if (x.shape.length < 2 || x.shape.length > 3 || c < 1 || c > 4) {
    throw shapeError(fn, 'image', 'of shape [h, w] or [h, w, c] with c from 1 to 4', `shape [${x.shape.join(', ')}]`);
  }
  return { x, h, w, c: c as Channels };
}

/**
 * A float image → 8-bit pixels `{ data: Uint8ClampedArray, width, height, channels }`: each value times
 * `scale` (default 255), rounded half to even, saturated to [0, 255] unless `clip` is false. A 2-D
 * input gives one channel.
 */
export function toPixels(image: ArrayInput, options?: ToPixelsOptions): PixelsOut {
  const fn = 'image.toPixels';
  if (typeof options === 'string') throw typeError(fn, 'options', 'an options object', options);
  const opts = readOptions(fn, options, ['scale', 'clip']);
  const clip = flag(fn, 'clip', opts.clip, true);
  const scale = opts.scale ?? 255;
  if (scale !== 'fit' && typeof scale !== 'number') throw typeError(fn, 'scale', "a positive finite number or 'fit'", scale);
  if (scale !== 'fit' && (!Number.isFinite(scale) || scale <= 0)) throw rangeError(fn, 'scale', "a positive finite number or 'fit'", scale);
  const { x, h, w, c } = imageOperand(fn, image);
  const d = x.data;
  let a = scale === 'fit' ? 1 : (scale as number);
  let b = 0;
  if (scale === 'fit') {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of d) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    [a, b] = hi > lo ? [255 / (hi - lo), (-255 * lo) / (hi - lo)] : [0, 0];
  }
  const out = new Uint8ClampedArray(d.length);
  if (clip) {
    // Uint8ClampedArray's store rounds half to even and saturates (NaN → 0): nothing else to do.
    for (let i = 0; i < d.length; i++) out[i] = d[i] * a + b;
    return { data: out, width: w, height: h, channels: c };
  }
  for (let i = 0; i < d.length; i++) {
    const v = d[i] * a + b;
    if (!(v >= 0 && v <= 255)) {
      const px = [Math.floor(i / (w * c)), Math.floor(i / c) % w, i % c];
      throw shapeError(fn, 'image', 'within [0, 255] after scaling when clip is false', `${v} at [${px.slice(0, x.shape.length).join(', ')}]`);
    }
    out[i] = v;
  }
  return { data: out, width: w, height: h, channels: c };
}

/**
 * Luma from RGB with ITU-R BT.601 weights, as OpenCV's COLOR_RGB2GRAY: 0.299·R + 0.587·G + 0.114·B.
 * [h, w, 3] → [h, w]; RGBA [h, w, 4] drops alpha (as OpenCV's COLOR_RGBA2GRAY does); grey [h, w, 1]
 * and grey + alpha [h, w, 2] give their grey channel. The result keeps the input's precision.
 */
export function rgbToGray(image: ArrayInput): NDArray {
  const fn = 'image.rgbToGray';
  const { x, h, w, c } = imageOperand(fn, image);
  if (x.shape.length !== 3) throw shapeError(fn, 'image', 'of shape [h, w, c] (c from 1 to 4)', `shape [${x.shape.join(', ')}]`);
  const out = allocate(dtypeOf(x.data), h * w);
  const d = x.data;
  for (let i = 0; i < h * w; i++) {
    const p = i * c;
    out[i] = c >= 3 ? 0.299 * d[p] + 0.587 * d[p + 1] + 0.114 * d[p + 2] : d[p];
  }
  return { data: out, shape: [h, w] };
}

type ChannelFilter<R> = (plane: NDArray, channel: number) => R;

/** Split the colour planes out of an image; `merge` puts filtered planes back beside the untouched alpha. */
function channelPlan(fn: string, image: ArrayInput, options: unknown) {
  if (typeof options === 'string') throw typeError(fn, 'options', 'an options object', options);
  const opts = readOptions(fn, options, ['alpha']);
  const { x, h, w, c } = imageOperand(fn, image);
  const alpha = flag(fn, 'alpha', opts.alpha, c === 2 || c === 4) && c > 1;
  const colours = alpha ? c - 1 : c;
  const dtype = dtypeOf(x.data);
  const planes = Array.from({ length: colours }, (_, k) => {
    const p = allocate(dtype, h * w);
    for (let i = 0; i < h * w; i++) p[i] = x.data[i * c + k];
    return { data: p, shape: [h, w] } as NDArray;
  });
  const merge = (results: unknown[]): NDArray => {
    const out = allocate(dtype, x.data.length);
    if (alpha) for (let i = 0; i < h * w; i++) out[i * c + c - 1] = x.data[i * c + c - 1];
    results.forEach((r, k) => {
      const y = toOperand(fn, `fn's result for channel ${k}`, r);
      if (y.complex || y.shape.length !== 2 || y.shape[0] !== h || y.shape[1] !== w) {
        throw shapeError(fn, `fn's result for channel ${k}`, `a real array of shape [${h}, ${w}]`, `${y.complex ? 'a complex array' : 'an array'} of shape [${y.shape.join(', ')}]`);
      }
      for (let i = 0; i < h * w; i++) out[i * c + k] = y.data[i];
    });
    return { data: out, shape: x.shape.slice() };
  };
  return { planes, merge };
}

function checkFilter(fn: string, f: unknown): void {
  if (typeof f !== 'function') throw typeError(fn, 'fn', 'a function (plane, channel) => NDArray', f);
}

/**
 * Apply `fn` to each colour channel of an [h, w] or [h, w, c] image, one [h, w] plane at a time, and
 * reassemble; the alpha channel (the last of 2 or 4) is copied as it is. `fn` must return a real
 * [h, w] array. The result keeps the input's precision. (Without alpha, ndimage.convolve with a
 * kernel of shape [kh, kw, 1] does the same in one call.)
 */
export function filterChannels(image: ArrayInput, fn: ChannelFilter<ArrayInput>, options?: FilterChannelsOptions): NDArray {
  checkFilter('image.filterChannels', fn);
  const { planes, merge } = channelPlan('image.filterChannels', image, options);
  return merge(planes.map((p, k) => fn(p, k)));
}

/** filterChannels with an async `fn` (e.g. an …Async filter); the channels are filtered concurrently. */
export async function filterChannelsAsync(
  image: ArrayInput, fn: ChannelFilter<ArrayInput | Promise<ArrayInput>>, options?: FilterChannelsOptions,
): Promise<NDArray> {
  checkFilter('image.filterChannelsAsync', fn);
  const { planes, merge } = channelPlan('image.filterChannelsAsync', image, options);
  return merge(await Promise.all(planes.map((p, k) => fn(p, k))));
}
