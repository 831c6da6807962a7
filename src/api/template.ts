// cv2.matchTemplate: the six TM_* methods on [H, W] or [H, W, C] images, 'valid' output [H−h+1, W−w+1].
//
// Every method is assembled from one 'valid' correlation run through the ordinary plan path (the
// template mean-subtracted per channel for CCOEFF; method 'auto', so it runs by FFT when that is
// cheaper, the channel axis included) and, for SQDIFF and the normed methods, the window sums of I
// and I² (running sums, fused with the scoring: src/fallback/template_scores.ts and its native twin).
// The arithmetic follows OpenCV's templmatch.cpp, including its conventions for the normed methods
// (FORMAT.md TM1–TM5). Work is done in float64; a float32 image gives float32.

import { scoreTemplate } from '../backend/index';
import { run, runAsync, type Lowered } from '../run';
import { shapeError, typeError } from '../core/errors';
import { allocate, resultType, size, toOperand, type ArrayInput, type NDArray } from '../core/ndarray';
import { choice, readOptions } from '../core/options';
import { lowerCorrelate } from './signal';

export type TemplateMethod = 'sqdiff' | 'sqdiff_normed' | 'ccorr' | 'ccorr_normed' | 'ccoeff' | 'ccoeff_normed';
export interface MatchTemplateOptions {
  method?: TemplateMethod;
}

export const TEMPLATE_METHODS: readonly TemplateMethod[] = ['sqdiff', 'sqdiff_normed', 'ccorr', 'ccorr_normed', 'ccoeff', 'ccoeff_normed'];
const DBL_EPSILON = 2.220446049250313e-16;

/** The correlations a method needs, and how to turn their results into the answer. */
interface Recipe {
  calls: Lowered[];
  finish(results: NDArray[]): NDArray;
}

/** The correlation matchTemplate runs and how it finishes (exported for the tests of which method it picks). */
export function recipe(image: ArrayInput, templ: ArrayInput, options: MatchTemplateOptions | TemplateMethod | undefined, async = false): Recipe {
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
  // An async call scores after awaiting the correlation, when the caller may have transferred the
  // image: it reads its own float64 copy then (a float32 image's widened copy already is one).
  const image64 = img.data instanceof Float64Array ? (async ? img.data.slice() : img.data) : new Float64Array(img.data);
  const scored = async ? image64 : img.data;
  const calls = [lowerCorrelate({ data: image64, shape: img.shape }, { data: kernel, shape: tpl.shape }, 'valid')];
  const templNorm = Math.sqrt(ccoeff ? varSum : sumSq);

  const finish = ([cc]: NDArray[]): NDArray => {
    const n = size(outShape);
    // A constant template correlates perfectly with everything, by OpenCV's convention.
    if (method === 'ccoeff_normed' && varSum / area < DBL_EPSILON) return { data: allocate(dtype, n).fill(1), shape: outShape };
    const scores = cc.data as Float64Array;
    // The correlation's own result is the answer's buffer when the precision allows.
    const out = dtype === 'float64' ? scores : new Float32Array(n);
    if (method !== 'ccorr' && method !== 'ccoeff') scoreTemplate(scored, img.shape[0], img.shape[1], C, h, w, scores, out, method, sumSq, templNorm);
    else if (out !== scores) out.set(scores); // CCORR and CCOEFF are the correlation itself
    return { data: out, shape: outShape };
  };
  return { calls, finish };
}

/** cv2.matchTemplate(image, templ, TM_<METHOD>); default method 'ccoeff_normed'. */
export function matchTemplate(image: ArrayInput, templ: ArrayInput, options?: MatchTemplateOptions | TemplateMethod): NDArray {
  const r = recipe(image, templ, options);
  return r.finish(r.calls.map(run));
}

/** matchTemplate off the JavaScript thread; its correlations run concurrently. */
export async function matchTemplateAsync(image: ArrayInput, templ: ArrayInput, options?: MatchTemplateOptions | TemplateMethod): Promise<NDArray> {
  const r = recipe(image, templ, options, true);
  return r.finish(await Promise.all(r.calls.map(runAsync)));
}
