// `simdconv match IMAGE TEMPLATE`: cv2.matchTemplate on two pictures; prints where the template fits
// best (its top-left corner) and the score there, and can write the score map as a heat map.

import { performance } from 'node:perf_hooks';
import { argmax, argmin } from '../api/argext';
import { fromPixels } from '../api/image';
import { matchTemplate, TEMPLATE_METHODS, type TemplateMethod } from '../api/template';
import { backend } from '../backend/index';
import type { NDArray } from '../core/ndarray';
import { CliError } from './cliError';
import { formatOf, readImage, writeImage } from './codec';
import { heatmap, markCross } from './draw';

export interface MatchFlags {
  positionals: string[];
  method?: string;
  heatmap?: string;
  json?: boolean;
}

/** The picture's colour channels as [h, w, c] float32 (an alpha channel is dropped: it is not content). */
function colours(path: string): NDArray {
  const px = fromPixels(readImage(path));
  const [h, w, c] = px.shape;
  const keep = c === 2 || c === 4 ? c - 1 : c;
  if (keep === c) return px;
  const data = new Float32Array(h * w * keep);
  for (let i = 0; i < h * w; i++) for (let k = 0; k < keep; k++) data[i * keep + k] = px.data[i * c + k];
  return { data, shape: [h, w, keep] };
}

export function runMatch(f: MatchFlags): void {
  if (f.positionals.length !== 2) throw new CliError(`match takes IMAGE and TEMPLATE (got ${f.positionals.length} file${f.positionals.length === 1 ? '' : 's'})`);
  const method = (f.method ?? 'ccoeff_normed').toLowerCase().replace(/^tm_/, '');
  if (!(TEMPLATE_METHODS as readonly string[]).includes(method)) {
    throw new CliError(`--method must be one of ${TEMPLATE_METHODS.join(', ')} (got '${f.method}')`);
  }
  if (f.heatmap !== undefined && formatOf(f.heatmap) === null) throw new CliError(`--heatmap '${f.heatmap}' must end in .png, .jpg or .jpeg`);
  const [imagePath, templatePath] = f.positionals;
  const image = colours(imagePath);
  const templ = colours(templatePath);
  if (image.shape[2] !== templ.shape[2]) {
    throw new CliError(`'${imagePath}' has ${image.shape[2]} colour channel(s) and '${templatePath}' ${templ.shape[2]}: convert one of them`);
  }
  if (templ.shape[0] > image.shape[0] || templ.shape[1] > image.shape[1]) {
    throw new CliError(`the template (${templ.shape[1]}×${templ.shape[0]}) must fit inside the image (${image.shape[1]}×${image.shape[0]})`);
  }
  const t0 = performance.now();
  const scores = matchTemplate(image, templ, method as TemplateMethod);
  const ms = performance.now() - t0;
  const [y, x] = method.startsWith('sqdiff') ? argmin(scores) : argmax(scores);
  const score = scores.data[y * scores.shape[1] + x];
  if (f.heatmap !== undefined) {
    writeImage(f.heatmap, markCross(markCross(heatmap(scores), x, y, 9, [0, 0, 0], 2), x, y, 8, [255, 255, 255], 1));
  }
  if (f.json) {
    const b = backend();
    process.stdout.write(`${JSON.stringify({ x, y, score, method, width: templ.shape[1], height: templ.shape[0], backend: b.name, isa: b.isa, ms: Number(ms.toFixed(2)) })}\n`);
  } else {
    process.stdout.write(`best match (${method}) at x=${x}, y=${y} (top-left of a ${templ.shape[1]}×${templ.shape[0]} window), score ${score}\n`);
  }
}
