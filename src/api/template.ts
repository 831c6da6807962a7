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
import { allocate, as, resultType, size, toOperand, type ArrayInput, type NDArray, type Operand } from '../core/ndarray';
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

/** As a 3-D float64 operand [rows, cols, channels]. */
function asHWC(op: Operand): Operand {
  const shape = op.shape.length === 2 ? [...op.shape, 1] : op.shape;
  return { data: as(op.data, 'float64'), shape, complex: false, weak: false };
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
  const I = asHWC(img);
  const T = asHWC(tpl);
  const [h, w, C] = T.shape;
  const area = h * w;
  const outShape = [I.shape[0] - h + 1, I.shape[1] - w + 1];

  // Per-channel template statistics.
  const mean = new Float64Array(C);
  for (let i = 0; i < T.data.length; i++) mean[i % C] += T.data[i] / area;
  let sumSq = 0; // Σ T²
  let varSum = 0; // Σ (T − mean_c)², over all channels
  for (let i = 0; i < T.data.length; i++) {
    sumSq += T.data[i] ** 2;
    varSum += (T.data[i] - mean[i % C]) ** 2;
  }
  const ccoeff = method === 'ccoeff' || method === 'ccoeff_normed';
  const normed = method.endsWith('_normed');
  const sqdiff = method === 'sqdiff' || method === 'sqdiff_normed';

  const kernel: Operand = ccoeff ? { ...T, data: T.data.map((v, i) => v - mean[i % C]) } : T;
  const calls = [lowerCorrelate(I, kernel, 'valid')];

  const finish = ([cc]: NDArray[]): NDArray => {
    const sq = normed || sqdiff ? windowSums(I, h, w, true) : null;
    const s1 = method === 'ccoeff_normed' ? windowSums(I, h, w, false) : null;
    const out = allocate(dtype, size(outShape));
    // A constant template correlates perfectly with everything, by OpenCV's convention.
    if (method === 'ccoeff_normed' && varSum / area < DBL_EPSILON) return { data: out.fill(1), shape: outShape };
    const templNorm = Math.sqrt(ccoeff ? varSum : sumSq);
    for (let j = 0; j < out.length; j++) {
      let num = cc.data[j];
      let wndSum2 = 0;
      let wndMean2 = 0;
      if (sq) for (let c = 0; c < C; c++) wndSum2 += sq[j * C + c];
      if (s1) for (let c = 0; c < C; c++) wndMean2 += s1[j * C + c] ** 2 / area;
      if (sqdiff) num = Math.max(wndSum2 - 2 * num + sumSq, 0);
      if (normed) {
        const diff2 = Math.max(wndSum2 - wndMean2, 0);
        const t = diff2 <= Math.min(0.5, 10 * FLT_EPSILON * wndSum2) ? 0 : Math.sqrt(diff2) * templNorm;
        if (Math.abs(num) < t) num /= t;
        else if (Math.abs(num) < 1.125 * t) num = num > 0 ? 1 : -1;
        else num = sqdiff ? 1 : 0;
      }
      out[j] = num;
    }
    return { data: out, shape: outShape };
  };
  return { calls, finish };
}

/**
 * Σ over every h×w window of I (or of I², `squared`), per channel, as [H−h+1, W−w+1, C] float64:
 * an integral image S (S[y][x] = sum of the rows above y and columns left of x) in float64, then
 * S[y+h][x+w] − S[y][x+w] − S[y+h][x] + S[y][x] per window.
 */
function windowSums(I: Operand, h: number, w: number, squared: boolean): Float64Array {
  const [H, W, C] = I.shape;
  const x = I.data;
  const stride = (W + 1) * C;
  const S = new Float64Array((H + 1) * stride);
  for (let y = 0; y < H; y++) {
    for (let c = 0; c < C; c++) {
      let row = 0;
      for (let i = 0; i < W; i++) {
        const v = x[(y * W + i) * C + c];
        row += squared ? v * v : v;
        S[(y + 1) * stride + (i + 1) * C + c] = S[y * stride + (i + 1) * C + c] + row;
      }
    }
  }
  const oh = H - h + 1, ow = W - w + 1;
  const out = new Float64Array(oh * ow * C);
  for (let y = 0; y < oh; y++) {
    const top = y * stride, bottom = (y + h) * stride;
    for (let i = 0; i < ow; i++) {
      for (let c = 0; c < C; c++) {
        const l = i * C + c, r = (i + w) * C + c;
        out[(y * ow + i) * C + c] = S[bottom + r] - S[top + r] - S[bottom + l] + S[top + l];
      }
    }
  }
  return out;
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
