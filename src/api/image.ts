// Pixels in and out: 8/16-bit interleaved pixel buffers (browser ImageData, sharp's raw() output,
// decoded PNG/JPEG) ↔ float32 NDArrays [h, w, c] in [0, 1], plus the two things image filtering
// needs around a convolution: a grey conversion, and filtering the colour channels of an image while
// its alpha channel is left untouched. No codec here: the core library stays dependency-free.

import { floatToLevels, levelsToFloat } from '../backend/index';
import { checkOut } from '../run';
import { kindError, rangeError, shapeError, typeError } from '../core/errors';
import { allocate, dtypeOf, overlaps, toOperand, type ArrayInput, type FloatArray, type NDArray, type Operand } from '../core/ndarray';
import { flag, readOptions } from '../core/options';
import { convolve, convolveAsync, type NdOptions } from './ndimage';

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
export interface FromPixelsOptions {
  /** Write the result here (a Float32Array of width·height·channels values) instead of allocating it. */
  out?: Float32Array;
}
export interface ToPixelsOptions {
  /** Multiply by this before rounding (default 255); 'fit' maps the image's [min, max] onto [0, 255]. */
  scale?: number | 'fit';
  /** Saturate to [0, 255] (default true; NaN becomes 0). false: a value outside throws a RangeError. */
  clip?: boolean;
  /**
   * Write the pixels here (a Uint8ClampedArray, or a Uint8Array / Buffer written through a clamped
   * view of the same memory, of h·w·c values) instead of allocating them; the result's `data` views it.
   */
  out?: Uint8ClampedArray | Uint8Array;
}
export interface FilterChannelsOptions {
  /** Whether the last channel is alpha (kept as it is). Default: true for 2 and 4 channels. */
  alpha?: boolean;
}
/** filterChannels with a 2-D kernel: ndimage.convolve's options, and an `out` for the whole image. */
export interface FilterChannelsKernelOptions extends FilterChannelsOptions, Omit<NdOptions, 'axes'> {}

function positiveInt(fn: string, name: string, v: unknown): number {
  if (typeof v !== 'number') throw typeError(fn, name, 'a positive integer', v);
  if (!Number.isSafeInteger(v) || v < 1) throw rangeError(fn, name, 'a positive integer', v);
  return v;
}

/**
 * Interleaved 8-bit (Uint8Array, Uint8ClampedArray, Buffer) or 16-bit (Uint16Array) pixels → a float32
 * NDArray of shape [height, width, channels] with values in [0, 1] (divided by 255 or 65535). Accepts
 * `{ data, width, height, channels? }`, a browser ImageData, or sharp's `{ data, info }`. With `out`
 * (reused across calls) no memory is allocated or first touched: that alone is most of a fresh call.
 */
export function fromPixels(pixels: Pixels | SharpRaw, options?: FromPixelsOptions): NDArray<Float32Array> {
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
  if (typeof options === 'string') throw typeError(fn, 'options', 'an options object', options);
  const opts = readOptions(fn, options, ['out']);
  const out = opts.out === undefined ? new Float32Array(data.length) : (checkOut(fn, opts.out, 'float32', data.length) as Float32Array);
  // An `out` over the pixels' own bytes would overwrite samples not yet read: read a copy instead.
  const from = overlaps(data, out) ? data.slice() : data;
  // The native conversion when the addon runs (same bits, on its threads), else src/fallback/pixels.ts.
  levelsToFloat(from instanceof Uint16Array ? from : new Uint8Array(from.buffer, from.byteOffset, from.length), out);
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

/** The first value outside [0, 255] after scaling, as an index, or −1. */
function firstOutside(src: FloatArray, a: number, b: number): number {
  for (let i = 0; i < src.length; i++) {
    const v = src[i] * a + b;
    if (!(v >= 0 && v <= 255)) return i;
  }
  return -1;
}

/**
 * A float image → 8-bit pixels `{ data: Uint8ClampedArray, width, height, channels }`: each value times
 * `scale` (default 255), rounded half to even, saturated to [0, 255] unless `clip` is false. A 2-D
 * input gives one channel. With `out` the pixels are written there (reuse it across calls).
 */
export function toPixels(image: ArrayInput, options?: ToPixelsOptions): PixelsOut {
  const fn = 'image.toPixels';
  if (typeof options === 'string') throw typeError(fn, 'options', 'an options object', options);
  const opts = readOptions(fn, options, ['scale', 'clip', 'out']);
  const clip = flag(fn, 'clip', opts.clip, true);
  const scale = opts.scale ?? 255;
  if (scale !== 'fit' && typeof scale !== 'number') throw typeError(fn, 'scale', "a positive finite number or 'fit'", scale);
  if (scale !== 'fit' && (!Number.isFinite(scale) || scale <= 0)) throw rangeError(fn, 'scale', "a positive finite number or 'fit'", scale);
  const { x, h, w, c } = imageOperand(fn, image);
  const out = pixelsOut(fn, opts.out, x.data.length);
  // An `out` over the image's own bytes would overwrite values not yet read: read a copy instead.
  const d = overlaps(x.data, out) ? x.data.slice() : x.data;
  let a = scale === 'fit' ? 1 : (scale as number);
  let b = 0;
  if (scale === 'fit') {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < d.length; i++) {
      const v = d[i];
      if (v < lo && v > -Infinity) lo = v; // NaN fails both tests
      if (v > hi && v < Infinity) hi = v;
    }
    [a, b] = hi > lo ? [255 / (hi - lo), (-255 * lo) / (hi - lo)] : [0, 0];
  }
  if (!clip) {
    const i = firstOutside(d, a, b);
    if (i >= 0) {
      const px = [Math.floor(i / (w * c)), Math.floor(i / c) % w, i % c];
      throw shapeError(fn, 'image', 'within [0, 255] after scaling when clip is false', `${d[i] * a + b} at [${px.slice(0, x.shape.length).join(', ')}]`);
    }
  }
  floatToLevels(d, out, a, b);
  return { data: out, width: w, height: h, channels: c };
}

/** toPixels' `out`: a Uint8ClampedArray, or a clamped view of a Uint8Array's memory, of the image's length. */
function pixelsOut(fn: string, out: unknown, length: number): Uint8ClampedArray {
  if (out === undefined) return new Uint8ClampedArray(length);
  const want = 'a Uint8ClampedArray or Uint8Array';
  if (!(out instanceof Uint8ClampedArray || out instanceof Uint8Array)) throw typeError(fn, 'out', want, out);
  if (out.length !== length) throw shapeError(fn, 'out', `of length ${length}`, `length ${out.length}`);
  return out instanceof Uint8ClampedArray ? out : new Uint8ClampedArray(out.buffer, out.byteOffset, out.length);
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

/** The image and how its channels divide: `alpha` says whether the last one is kept as it is. */
function channelLayout(fn: string, image: ArrayInput, options: unknown, keys: readonly string[]) {
  if (typeof options === 'string') throw typeError(fn, 'options', 'an options object', options);
  const opts = readOptions(fn, options, ['alpha', ...keys]);
  const { x, h, w, c } = imageOperand(fn, image);
  const alpha = flag(fn, 'alpha', opts.alpha, c === 2 || c === 4) && c > 1;
  return { opts, x, h, w, c, alpha };
}

// Strided copies between an interleaved [h, w, c] image and one [h, w] plane, and of one channel
// between two images; one loop each, no per-pixel branch (the channel is the loop's start).
function copyPlane(src: FloatArray, c: number, k: number, out: FloatArray): void {
  for (let i = 0, j = k; i < out.length; i++, j += c) out[i] = src[j];
}
function putPlane(plane: ArrayLike<number>, c: number, k: number, out: FloatArray): void {
  for (let i = 0, j = k; i < plane.length; i++, j += c) out[j] = plane[i];
}
function copyChannel(src: ArrayLike<number>, c: number, k: number, out: FloatArray): void {
  for (let j = k; j < out.length; j += c) out[j] = src[j];
}

/** Split the colour planes out of an image; `merge` puts filtered planes back beside the untouched alpha. */
function channelPlan(fn: string, image: ArrayInput, options: unknown) {
  const { x, h, w, c, alpha } = channelLayout(fn, image, options, []);
  const dtype = dtypeOf(x.data);
  const planes = Array.from({ length: alpha ? c - 1 : c }, (_, k) => {
    const p = allocate(dtype, h * w);
    copyPlane(x.data, c, k, p);
    return { data: p, shape: [h, w] } as NDArray;
  });
  const merge = (results: unknown[]): NDArray => {
    const out = allocate(dtype, x.data.length);
    if (alpha) copyChannel(x.data, c, c - 1, out);
    results.forEach((r, k) => {
      const y = toOperand(fn, `fn's result for channel ${k}`, r);
      if (y.complex || y.shape.length !== 2 || y.shape[0] !== h || y.shape[1] !== w) {
        throw shapeError(fn, `fn's result for channel ${k}`, `a real array of shape [${h}, ${w}]`, `${y.complex ? 'a complex array' : 'an array'} of shape [${y.shape.join(', ')}]`);
      }
      putPlane(y.data, c, k, out);
    });
    return { data: out, shape: x.shape.slice() };
  };
  return { planes, merge };
}

const KERNEL_KEYS = ['mode', 'cval', 'origin', 'out'];

/**
 * The one-call form: ndimage.convolve of the whole [h, w, c] image with the 2-D kernel over axes [0, 1]
 * (= a [kh, kw, 1] kernel: channels are never mixed), then the alpha channel copied back from the input.
 * Alpha is convolved with the rest and overwritten: one call over interleaved memory costs less than
 * splitting the colours out and merging them back. `after` runs the convolution (sync or async).
 */
function kernelCall(fn: string, image: ArrayInput, kernel: unknown, options: unknown) {
  const { opts, x, c, alpha } = channelLayout(fn, image, options, KERNEL_KEYS);
  const k = toOperand(fn, 'kernel', kernel);
  if (k.complex || k.shape.length !== 2) {
    throw kindError(fn, 'kernel', 'a real 2-D kernel (or a function (plane, channel) => NDArray)', `a ${k.complex ? 'complex' : 'real'} ${k.shape.length}-D array`);
  }
  // An `out` over the image's bytes is filtered correctly (convolve reads a copy), but the alpha to
  // put back must be read before it is overwritten.
  const out = opts.out;
  const keep = alpha && ArrayBuffer.isView(out) && overlaps(x.data, out) ? x.data.slice() : x.data;
  const nd = Object.fromEntries(KERNEL_KEYS.filter((key) => opts[key] !== undefined).map((key) => [key, opts[key]])) as NdOptions;
  if (x.shape.length === 3) nd.axes = [0, 1];
  return {
    image: { data: x.data, shape: x.shape } as NDArray,
    kernel: { data: k.data, shape: k.shape } as NDArray,
    options: nd,
    restore(r: NDArray): NDArray {
      if (alpha) copyChannel(keep, c, c - 1, r.data);
      return r;
    },
  };
}

/** An error from the convolve call names ndimage.convolve(Async); the caller called fn. */
function renamed(fn: string, e: unknown): unknown {
  if (!(e instanceof TypeError || e instanceof RangeError)) return e;
  const m = /^ndimage\.convolve(Async)?: /.exec(e.message);
  if (!m) return e;
  const E = e instanceof TypeError ? TypeError : RangeError;
  return new E(`${fn}: ${e.message.slice(m[0].length)}`);
}

/**
 * Filter the colour channels of an [h, w] or [h, w, c] image and keep its alpha channel (the last of 2
 * or 4, or as `alpha` says) as it is. Two forms:
 * - `filterChannels(image, kernel, { mode, cval, origin, out, alpha })`: each colour channel convolved
 *   with a real 2-D kernel as ndimage.convolve does, computed as ONE ndimage.convolve call over the
 *   whole image (a [kh, kw, 1] kernel). Use this whenever the filter is a kernel.
 * - `filterChannels(image, fn)`: `fn(plane, channel)` on each colour channel, one [h, w] plane at a time,
 *   for anything else; `fn` must return a real [h, w] array.
 * The result keeps the input's precision.
 */
export function filterChannels(image: ArrayInput, kernel: ArrayInput, options?: FilterChannelsKernelOptions): NDArray;
export function filterChannels(image: ArrayInput, fn: ChannelFilter<ArrayInput>, options?: FilterChannelsOptions): NDArray;
export function filterChannels(image: ArrayInput, filter: ArrayInput | ChannelFilter<ArrayInput>, options?: FilterChannelsKernelOptions): NDArray {
  const fn = 'image.filterChannels';
  if (typeof filter !== 'function') {
    checkFilter(fn, filter);
    const call = kernelCall(fn, image, filter, options);
    try {
      return call.restore(convolve(call.image, call.kernel, call.options));
    } catch (e) {
      throw renamed(fn, e);
    }
  }
  const { planes, merge } = channelPlan(fn, image, options);
  return merge(planes.map((p, k) => filter(p, k)));
}

/** filterChannels with an async `fn` (e.g. an …Async filter; the channels are filtered concurrently), or a kernel (ndimage.convolveAsync). */
export async function filterChannelsAsync(image: ArrayInput, kernel: ArrayInput, options?: FilterChannelsKernelOptions): Promise<NDArray>;
export async function filterChannelsAsync(image: ArrayInput, fn: ChannelFilter<ArrayInput | Promise<ArrayInput>>, options?: FilterChannelsOptions): Promise<NDArray>;
export async function filterChannelsAsync(
  image: ArrayInput, filter: ArrayInput | ChannelFilter<ArrayInput | Promise<ArrayInput>>, options?: FilterChannelsKernelOptions,
): Promise<NDArray> {
  const fn = 'image.filterChannelsAsync';
  if (typeof filter !== 'function') {
    checkFilter(fn, filter);
    const call = kernelCall(fn, image, filter, options);
    try {
      return call.restore(await convolveAsync(call.image, call.kernel, call.options));
    } catch (e) {
      throw renamed(fn, e);
    }
  }
  const { planes, merge } = channelPlan(fn, image, options);
  return merge(await Promise.all(planes.map((p, k) => filter(p, k))));
}

/** A function, or something that can be a kernel (an array or an object with data): else a TypeError naming fn. */
function checkFilter(fn: string, f: unknown): void {
  if (typeof f === 'function' || (f !== null && typeof f === 'object')) return;
  throw typeError(fn, 'fn', 'a function (plane, channel) => NDArray, or a 2-D kernel', f);
}
