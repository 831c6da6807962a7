// The named kernels of image processing, as float64 NDArrays (a fresh array on every call, so
// callers may change it). Rows are listed top to bottom; use them with convolve2d / ndimage.convolve.

import { rangeError, typeError } from '../core/errors';
import { MAX_KERNEL, type NDArray } from '../core/ndarray';
import { choice, finite } from '../core/options';

/** Where a gradient kernel responds: 'horiz' finds horizontal edges, 'vert' vertical ones, the diagonals the rest. */
export type Direction = 'horiz' | 'vert' | 'ldiag' | 'rdiag';
const DIRECTIONS: readonly Direction[] = ['horiz', 'vert', 'ldiag', 'rdiag'];

function matrix(rows: number[][]): NDArray<Float64Array> {
  return { data: Float64Array.from(rows.flat()), shape: [rows.length, rows[0].length] };
}

/** A kernel side length: a positive integer (odd when the kernel needs a centre), small enough to allocate. */
function side(fn: string, value: unknown, odd: boolean): number {
  const expected = odd ? 'a positive odd integer' : 'a positive integer';
  if (typeof value !== 'number') throw typeError(fn, 'size', expected, value);
  if (!Number.isSafeInteger(value) || value < 1 || (odd && value % 2 === 0)) throw rangeError(fn, 'size', expected, value);
  if (value * value > MAX_KERNEL) throw rangeError(fn, 'size', `at most ${Math.floor(Math.sqrt(MAX_KERNEL))}`, value); // MAX_KERNEL weights
  return value;
}

function direction(fn: string, value: unknown): Direction {
  // No default: a gradient kernel without a direction is almost certainly a mistake.
  if (value === undefined) throw typeError(fn, 'dir', "'horiz', 'vert', 'ldiag' or 'rdiag'", value);
  return choice(fn, 'dir', value, DIRECTIONS, 'horiz');
}

/**
 * The identity: a size×size kernel with 1 at the centre and 0 elsewhere. `size` must be odd, so that
 * there is a centre. `impulse(3)`:
 * ```
 * [[0, 0, 0],
 *  [0, 1, 0],
 *  [0, 0, 0]]
 * ```
 */
export function impulse(size: number): NDArray<Float64Array> {
  const n = side('kernels.impulse', size, true);
  const data = new Float64Array(n * n);
  data[(n * n - 1) / 2] = 1;
  return { data, shape: [n, n] };
}

/**
 * The mean over a size×size window: every weight 1/size², summing to 1. Even sizes are allowed (they
 * have no centre; ndimage puts the extra sample on the left/top). `box(3)` = `[[1,1,1],[1,1,1],[1,1,1]] / 9`.
 */
export function box(size: number): NDArray<Float64Array> {
  const n = side('kernels.box', size, false);
  return { data: new Float64Array(n * n).fill(1 / (n * n)), shape: [n, n] };
}

/**
 * A size×size Gaussian, the outer product of the 1-D kernel exp(−x²/(2σ²)), x = −r…r, normalised to
 * sum to 1. `size` must be odd. The default sigma is OpenCV's rule `0.3·((size−1)/2 − 1) + 0.8`; note
 * that OpenCV's getGaussianKernel uses fixed binomial tables instead for sizes 3–7 when sigma ≤ 0,
 * which this function does not (`gaussian(3)` has sigma 0.8: 1-D weights ≈ [0.2189, 0.5622, 0.2189]).
 */
export function gaussian(size: number, sigma?: number): NDArray<Float64Array> {
  const fn = 'kernels.gaussian';
  const n = side(fn, size, true);
  const s = finite(fn, 'sigma', sigma, 0.3 * ((n - 1) / 2 - 1) + 0.8);
  if (s <= 0) throw rangeError(fn, 'sigma', 'a positive finite number', s);
  const r = (n - 1) / 2;
  const row = new Float64Array(n);
  let sum = 0;
  // ((i − r)/s)² rather than (i − r)²/(2s²): a tiny sigma then gives the impulse, not 0/0 = NaN.
  for (let i = 0; i < n; i++) sum += row[i] = Math.exp(-0.5 * ((i - r) / s) ** 2);
  const data = new Float64Array(n * n);
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) data[y * n + x] = (row[y] * row[x]) / (sum * sum);
  return { data, shape: [n, n] };
}

const PREWITT: Record<Direction, number[][]> = {
  horiz: [[1, 1, 1], [0, 0, 0], [-1, -1, -1]],
  vert: [[1, 0, -1], [1, 0, -1], [1, 0, -1]],
  ldiag: [[1, 1, 0], [1, 0, -1], [0, -1, -1]],
  rdiag: [[0, 1, 1], [-1, 0, 1], [-1, -1, 0]],
};
const SOBEL: Record<Direction, number[][]> = {
  horiz: [[1, 2, 1], [0, 0, 0], [-1, -2, -1]],
  vert: [[1, 0, -1], [2, 0, -2], [1, 0, -1]],
  ldiag: [[2, 1, 0], [1, 0, -1], [0, -1, -2]],
  rdiag: [[0, 1, 2], [-1, 0, 1], [-2, -1, 0]],
};

/**
 * The 3×3 Prewitt gradient:
 * ```
 * horiz [[1,1,1],[0,0,0],[-1,-1,-1]]    vert  [[1,0,-1],[1,0,-1],[1,0,-1]]
 * ldiag [[1,1,0],[1,0,-1],[0,-1,-1]]    rdiag [[0,1,1],[-1,0,1],[-1,-1,0]]
 * ```
 */
export function prewitt(dir: Direction): NDArray<Float64Array> {
  return matrix(PREWITT[direction('kernels.prewitt', dir)]);
}

/**
 * The 3×3 Sobel gradient (Prewitt with the centre row/column weighted 2):
 * ```
 * horiz [[1,2,1],[0,0,0],[-1,-2,-1]]    vert  [[1,0,-1],[2,0,-2],[1,0,-1]]
 * ldiag [[2,1,0],[1,0,-1],[0,-1,-2]]    rdiag [[0,1,2],[-1,0,1],[-2,-1,0]]
 * ```
 */
export function sobel(dir: Direction): NDArray<Float64Array> {
  return matrix(SOBEL[direction('kernels.sobel', dir)]);
}

/**
 * The complex Scharr kernel: its real part is the horizontal gradient, its imaginary part the
 * vertical one, so `abs` of the convolution is the edge magnitude and `angle` its direction.
 * ```
 * [[-3-3i, -10i, 3-3i],
 *  [-10,     0,   10 ],
 *  [-3+3i,  10i, 3+3i]]
 * ```
 */
export function scharr(): NDArray<Float64Array> {
  // Interleaved (re, im) pairs, row by row.
  const data = Float64Array.from([-3, -3, 0, -10, 3, -3, -10, 0, 0, 0, 10, 0, -3, 3, 0, 10, 3, 3]);
  return { data, shape: [3, 3], complex: true };
}

/** The discrete Laplacian `[[0,1,0],[1,-4,1],[0,1,0]]` (what ndimage.laplace computes on a 2-D image). */
export function laplacian(): NDArray<Float64Array> {
  return matrix([[0, 1, 0], [1, -4, 1], [0, 1, 0]]);
}

/** A high-pass filter, the negated Laplacian: `[[0,-1,0],[-1,4,-1],[0,-1,0]]` (sums to 0). */
export function highpass(): NDArray<Float64Array> {
  return matrix([[0, -1, 0], [-1, 4, -1], [0, -1, 0]]);
}

/**
 * Unsharp masking in one kernel: impulse(3) + alpha·highpass(), which sums to 1. alpha = 1 (the
 * default) gives `[[0,-1,0],[-1,5,-1],[0,-1,0]]`; alpha = 0 the identity; a negative alpha blurs.
 */
export function sharpen(alpha?: number): NDArray<Float64Array> {
  const a = finite('kernels.sharpen', 'alpha', alpha, 1);
  const k = highpass();
  for (let i = 0; i < 9; i++) k.data[i] *= a;
  k.data[4] += 1;
  return k;
}

/** An emboss filter, lit from the bottom right: `[[-2,-1,0],[-1,1,1],[0,1,2]]` (sums to 1). */
export function emboss(): NDArray<Float64Array> {
  return matrix([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]);
}

/**
 * An asymmetric kernel, `[[0,-1,√2],[1,0,-1],[-√2,1,0]]`: correlation and convolution with it differ
 * (convolution flips it), which makes it the kernel to tell them apart with.
 */
export function ripple(): NDArray<Float64Array> {
  return matrix([[0, -1, Math.SQRT2], [1, 0, -1], [-Math.SQRT2, 1, 0]]);
}
