// cv2.matchTemplate: the six TM_* methods on [H, W] or [H, W, C] images, 'valid' output [H−h+1, W−w+1].
//
// Every method is assembled from one 'valid' correlation run through the ordinary plan path (the
// template mean-subtracted per channel for CCOEFF; method 'auto', so it runs by FFT when that is
// cheaper, the channel axis included) and the window sums of I and I², read from float64 integral
// images in O(1) per window as OpenCV does. The arithmetic after that follows OpenCV's
// templmatch.cpp, including its conventions for the normed methods (FORMAT.md TM1–TM5). Work is done
// in float64; a float32 image gives float32.

import { run, runAsync, type Lowered } from '../run';
import { shapeError, typeError } from '../core/errors';
import { allocate, resultType, size, toOperand, type ArrayInput, type FloatArray, type NDArray } from '../core/ndarray';
import { choice, readOptions } from '../core/options';
import { lowerCorrelate } from './signal';

export type TemplateMethod = 'sqdiff' | 'sqdiff_normed' | 'ccorr' | 'ccorr_normed' | 'ccoeff' | 'ccoeff_normed';
export interface MatchTemplateOptions {
  method?: TemplateMethod;
}

export const TEMPLATE_METHODS: readonly TemplateMethod[] = ['sqdiff', 'sqdiff_normed', 'ccorr', 'ccorr_normed', 'ccoeff', 'ccoeff_normed'];
const FLT_EPSILON = 1.1920928955078125e-7;
const DBL_EPSILON = 2.220446049250313e-16;

/** The correlations a method needs, and how to turn their results into the answer. */
interface Recipe {
  calls: Lowered[];
  finish(results: NDArray[]): NDArray;
}

/** What the score of one window needs besides its correlation: the method and the template's sums. */
interface Scoring {
  method: TemplateMethod;
  /** Σ T² (SQDIFF), and the norm the normed methods divide by: √Σ(T − mean)² for CCOEFF, √Σ T² otherwise. */
  sumSq: number;
  templNorm: number;
}

function recipe(image: ArrayInput, templ: ArrayInput, options: MatchTemplateOptions | TemplateMethod | undefined): Recipe {
  const fn = 'matchTemplate';
  const opts = typeof options === 'string' ? { method: options } : readOptions(fn, options, ['method']);
  const method = choice(fn, 'method', opts.method, TEMPLATE_METHODS, 'ccoeff_normed');
  let img = toOperand(fn, 'image', image);
  let tpl = toOperand(fn, 'template', templ);
  for (const [name, op] of [['image', img], ['template', tpl]] as const) {
    if (op.complex) throw typeError(fn, name, 'a real array', 'a complex array');
    if (op.shape.length !== 2 && op.shape.length !== 3) throw shapeError(fn, name, '[H, W] or [H, W, C]', `${op.shape.length}-D`);
    if (size(op.shape) === 0) throw shapeError(fn, name, 'non-empty', `shape [${op.shape.join(', ')}]`);
  }
  if (img.shape.length !== tpl.shape.length || (img.shape.length === 3 && img.shape[2] !== tpl.shape[2])) {
    throw shapeError(fn, 'template', `of the image's channel count (shape [${img.shape.join(', ')}])`, `shape [${tpl.shape.join(', ')}]`);
  }
  // OpenCV swaps a template larger in both dimensions and rejects one larger in only one (TM5).
  const bigger = [0, 1].filter((a) => tpl.shape[a] > img.shape[a]).length;
  if (bigger === 2) [img, tpl] = [tpl, img];
  else if (bigger === 1) {
    throw shapeError(fn, 'template', 'no larger than the image in both dimensions (or larger in both)', `template [${tpl.shape.join(', ')}] for image [${img.shape.join(', ')}]`);
  }
  const dtype = resultType(img, tpl);
  const [h, w, C = 1] = tpl.shape;
  const area = h * w;
  const outShape = [img.shape[0] - h + 1, img.shape[1] - w + 1];

  // Per-channel template means, then Σ T² and Σ (T − mean_c)² over all channels, in float64.
  const t = tpl.data;
  const mean = new Float64Array(C);
  for (let i = 0; i < t.length; i++) mean[i % C] += t[i];
  for (let c = 0; c < C; c++) mean[c] /= area;
  const ccoeff = method === 'ccoeff' || method === 'ccoeff_normed';
  const kernel = new Float64Array(t.length); // the template, mean-subtracted for CCOEFF
  let sumSq = 0;
  let varSum = 0;
  for (let i = 0; i < t.length; i++) {
    const d = t[i] - mean[i % C];
    sumSq += t[i] * t[i];
    varSum += d * d;
    kernel[i] = ccoeff ? d : t[i];
  }
  // The correlation reads a float64 image (both backends execute one precision per call): a float32
  // image is widened once, natively (`new Float64Array(f32)`, not the iterator path of `from`).
  const image64 = img.data instanceof Float64Array ? img.data : new Float64Array(img.data);
  const calls = [lowerCorrelate({ data: image64, shape: img.shape }, { data: kernel, shape: tpl.shape }, 'valid')];
  const scoring: Scoring = { method, sumSq, templNorm: Math.sqrt(ccoeff ? varSum : sumSq) };

  const finish = ([cc]: NDArray[]): NDArray => {
    const n = size(outShape);
    // A constant template correlates perfectly with everything, by OpenCV's convention.
    if (method === 'ccoeff_normed' && varSum / area < DBL_EPSILON) return { data: allocate(dtype, n).fill(1), shape: outShape };
    const scores = cc.data as Float64Array;
    // The correlation's own result is the answer's buffer when the precision allows.
    const out = dtype === 'float64' ? scores : new Float32Array(n);
    if (method === 'ccorr' || method === 'ccoeff') out.set(scores.subarray(0, n));
    else scoreWindows(img.data, img.shape, h, w, scores, out, scoring);
    return { data: out, shape: outShape };
  };
  return { calls, finish };
}

/**
 * The SQDIFF and normed scores, one output row at a time, from running window sums.
 *
 * colSq[x] holds Σ I² over the window's h rows in column x (the channels folded in), colSum[x·C + c]
 * Σ I per channel (CCOEFF_NORMED only); moving down one row adds the row entering the window and
 * subtracts the one leaving it, so the image is read twice in all and nothing larger than a row is
 * written. Along the row the window sums slide the same way, fused with the scoring. In float64 this
 * is as exact as OpenCV's integral images and more: the running sums never hold more than a window
 * strip, where an integral image holds everything above and left of the window and a window sum is a
 * difference of four such totals. A NaN or ±Infinity poisons the sums below and right of it, as it
 * poisons an integral image.
 *
 * `out` may be `scores` itself: each score is read before it is written.
 */
function scoreWindows(x: FloatArray, shape: number[], h: number, w: number, scores: Float64Array, out: FloatArray, s: Scoring): void {
  const [H, W, C = 1] = shape;
  const oh = H - h + 1, ow = W - w + 1, row = W * C;
  const withMean = s.method === 'ccoeff_normed';
  // One column past the last (always 0), so the slides need no bounds test.
  const colSq = new Float64Array(W + 1);
  const colSum = new Float64Array(withMean ? (W + 1) * C : 0);
  // With several channels, Σ_c (Σ I_c)² of each window of the row is gathered first.
  const mean2 = withMean && C > 1 ? new Float64Array(ow) : null;
  const chan = new Float64Array(C);
  for (let y = 0; y < oh; y++) {
    if (y === 0) for (let r = 0; r < h; r++) addRow(x, r * row, -1, W, C, colSq, colSum, withMean);
    else addRow(x, (y + h - 1) * row, (y - 1) * row, W, C, colSq, colSum, withMean);
    if (mean2) slideChannels(colSum, mean2, chan, w, ow, C);
    scoreRow(scores, out, y * ow, ow, w, h * w, colSq, colSum, mean2, s);
  }
}

/** Add image row `add` to the column sums and subtract row `sub` (none when −1). */
function addRow(x: FloatArray, add: number, sub: number, W: number, C: number, colSq: Float64Array, colSum: Float64Array, withMean: boolean): void {
  if (C === 1 && sub >= 0) {
    if (withMean) {
      for (let i = 0; i < W; i++) {
        const a = x[add + i], b = x[sub + i];
        colSum[i] += a - b;
        colSq[i] += a * a - b * b;
      }
    } else {
      for (let i = 0; i < W; i++) {
        const a = x[add + i], b = x[sub + i];
        colSq[i] += a * a - b * b;
      }
    }
    return;
  }
  for (let i = 0, k = 0; i < W; i++) {
    let sq = 0;
    for (let c = 0; c < C; c++, k++) {
      const a = x[add + k], b = sub < 0 ? 0 : x[sub + k];
      if (withMean) colSum[k] += a - b;
      sq += a * a - b * b;
    }
    colSq[i] += sq;
  }
}

/** mean2[i] = Σ_c (Σ col[(i … i+w)·C + c])², for interleaved channels. */
function slideChannels(col: Float64Array, mean2: Float64Array, chan: Float64Array, w: number, n: number, C: number): void {
  chan.fill(0);
  for (let i = 0; i < w * C; i++) chan[i % C] += col[i];
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let c = 0; c < C; c++) {
      m += chan[c] * chan[c];
      chan[c] += col[(i + w) * C + c] - col[i * C + c];
    }
    mean2[i] = m;
  }
}

/**
 * Scores o … o+n from the correlations and the column sums: wndSq = Σ I² over the window slides along
 * colSq, and Σ I along colSum (one channel) or comes from mean2 (several). One tight loop per method.
 */
function scoreRow(
  scores: Float64Array, out: FloatArray, o: number, n: number, w: number, area: number,
  colSq: Float64Array, colSum: Float64Array, mean2: Float64Array | null, s: Scoring,
): void {
  const { method, sumSq, templNorm } = s;
  let sq = 0;
  for (let i = 0; i < w; i++) sq += colSq[i];
  if (method === 'sqdiff') {
    for (let i = 0; i < n; i++) {
      out[o + i] = Math.max(sq - 2 * scores[o + i] + sumSq, 0);
      sq += colSq[i + w] - colSq[i];
    }
  } else if (method === 'sqdiff_normed') {
    for (let i = 0; i < n; i++) {
      out[o + i] = normalised(Math.max(sq - 2 * scores[o + i] + sumSq, 0), sq, sq, templNorm, 1);
      sq += colSq[i + w] - colSq[i];
    }
  } else if (method === 'ccorr_normed') {
    for (let i = 0; i < n; i++) {
      out[o + i] = normalised(scores[o + i], sq, sq, templNorm, 0);
      sq += colSq[i + w] - colSq[i];
    }
  } else if (mean2) {
    const inv = 1 / area;
    for (let i = 0; i < n; i++) {
      out[o + i] = normalised(scores[o + i], Math.max(sq - mean2[i] * inv, 0), sq, templNorm, 0);
      sq += colSq[i + w] - colSq[i];
    }
  } else {
    const inv = 1 / area;
    let sum = 0;
    for (let i = 0; i < w; i++) sum += colSum[i];
    for (let i = 0; i < n; i++) {
      out[o + i] = normalised(scores[o + i], Math.max(sq - sum * sum * inv, 0), sq, templNorm, 0);
      sq += colSq[i + w] - colSq[i];
      sum += colSum[i + w] - colSum[i];
    }
  }
}

/**
 * OpenCV's normalisation of a score `num` by √diff2 · templNorm (diff2: the window's Σ I² less its
 * mean part, wndSq: its Σ I²): a window with no spread (to float32 precision) divides by zero, so
 * such windows, and rounding just past ±1, give ±1; beyond that, `beyond` (1 for SQDIFF_NORMED, else 0).
 */
function normalised(num: number, diff2: number, wndSq: number, templNorm: number, beyond: number): number {
  const t = diff2 <= 0.5 && diff2 <= 10 * FLT_EPSILON * wndSq ? 0 : Math.sqrt(diff2) * templNorm;
  const a = Math.abs(num);
  if (a < t) return num / t;
  if (a < 1.125 * t) return num > 0 ? 1 : -1;
  return beyond;
}

/** cv2.matchTemplate(image, templ, TM_<METHOD>); default method 'ccoeff_normed'. */
export function matchTemplate(image: ArrayInput, templ: ArrayInput, options?: MatchTemplateOptions | TemplateMethod): NDArray {
  const r = recipe(image, templ, options);
  return r.finish(r.calls.map(run));
}

/** matchTemplate off the JavaScript thread; its correlations run concurrently. */
export async function matchTemplateAsync(image: ArrayInput, templ: ArrayInput, options?: MatchTemplateOptions | TemplateMethod): Promise<NDArray> {
  const r = recipe(image, templ, options);
  return r.finish(await Promise.all(r.calls.map(runAsync)));
}
