// `--kernel SPEC`: a named filter (gaussian:SIGMA, box:N, laplacian, emboss, sharpen[:ALPHA],
// highpass, sobel-DIR, prewitt-DIR, scharr) or a path to a JSON kernel [[…], …], turned into what
// the CLI applies to a whole [h, w, c] image in one call (axes [0, 1]: channels are never mixed).

import { readFileSync } from 'node:fs';
import { abs, type NDArray } from '../core/ndarray';
import * as kernels from '../api/kernels';
import { convolve, type NdMode } from '../api/ndimage';
import { gaussianFilter, uniformFilter } from '../api/filters';
import { CliError, parseNumber } from './cliError';
import { reason } from './codec';

export interface PlaneOptions {
  mode: NdMode;
  cval: number;
}

export interface ImageFilter {
  /**
   * An [h, w, c] image, values in [0, 1] → every channel filtered (same scale), in one library call;
   * the caller puts alpha back. One call over the interleaved image costs less than splitting it.
   */
  image(img: NDArray, o: PlaneOptions): NDArray;
  /** Scale the result so its maximum over the colour channels is full white (the Scharr magnitude). */
  fit: boolean;
}

const DIRS = ['horiz', 'vert', 'ldiag', 'rdiag'] as const;
const FIXED: Record<string, () => NDArray> = {
  laplacian: kernels.laplacian,
  highpass: kernels.highpass,
  emboss: kernels.emboss,
  sharpen: () => kernels.sharpen(1),
  ...Object.fromEntries(DIRS.map((d) => [`sobel-${d}`, () => kernels.sobel(d)])),
  ...Object.fromEntries(DIRS.map((d) => [`prewitt-${d}`, () => kernels.prewitt(d)])),
};

export const SPEC_HELP = `gaussian:SIGMA, box:N, laplacian, emboss, sharpen[:ALPHA], highpass, sobel-DIR, prewitt-DIR (DIR: horiz, vert, ldiag, rdiag), scharr, or a path to a JSON kernel`;

const AXES = [0, 1];
const byKernel = (k: NDArray): ImageFilter => ({ image: (img, o) => convolve(img, k, { ...o, axes: AXES }), fit: false });

function jsonKernel(path: string): NDArray {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(`cannot read kernel file '${path}': ${e instanceof SyntaxError ? 'not valid JSON' : reason(e)}`);
  }
  const rows = value as unknown[][];
  const ok = Array.isArray(rows) && rows.length > 0 && rows.every((r) => Array.isArray(r) && r.length === rows[0].length && r.length > 0
    && r.every((v) => typeof v === 'number' && Number.isFinite(v)));
  if (!ok) throw new CliError(`kernel file '${path}' must hold a non-empty rectangular 2-D array of finite numbers, like [[0, 1], [1, 0]]`);
  return { data: Float64Array.from((rows as number[][]).flat()), shape: [rows.length, rows[0].length] };
}

/** Parse and validate a kernel spec (reading a JSON kernel file) before any image is touched. */
export function parseKernelSpec(spec: string): ImageFilter {
  const [name, arg, ...rest] = spec.split(':');
  const what = `--kernel ${spec}`;
  if (rest.length === 0 && arg !== undefined) {
    if (name === 'gaussian') {
      const sigma = parseNumber(arg, what);
      if (sigma <= 0) throw new CliError(`bad number '${arg}' for ${what} (sigma must be > 0)`);
      return { image: (img, o) => gaussianFilter(img, sigma, { ...o, truncate: 4, axes: AXES }), fit: false };
    }
    if (name === 'box') {
      const n = parseNumber(arg, what);
      if (!Number.isInteger(n) || n < 1) throw new CliError(`bad number '${arg}' for ${what} (the size must be a positive integer)`);
      return { image: (img, o) => uniformFilter(img, n, { ...o, axes: AXES }), fit: false };
    }
    if (name === 'sharpen') return byKernel(kernels.sharpen(parseNumber(arg, what)));
  }
  if (spec === 'scharr') {
    const k = kernels.scharr();
    return { image: (img, o) => abs(convolve(img, k, { ...o, axes: AXES })), fit: true };
  }
  if (Object.hasOwn(FIXED, spec)) return byKernel(FIXED[spec]());
  if (/\.json$/i.test(spec) || spec.includes('/')) return byKernel(jsonKernel(spec));
  if (name === 'gaussian' || name === 'box') throw new CliError(`kernel '${spec}' needs a value: ${name}:${name === 'box' ? 'N' : 'SIGMA'}`);
  throw new CliError(`unknown kernel '${spec}' (expected ${SPEC_HELP})`);
}
