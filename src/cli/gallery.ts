// `npm run demo [-- OUTDIR]`: the worked examples, computed by simdconv and printed, then a gallery of
// filtered pictures (index.html + one PNG each) made offline from the built-in scene. Every picture is
// captioned with the call that made it and its time.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { argmax } from '../api/argext';
import { gaussianFilter, laplace, uniformFilter } from '../api/filters';
import { filterChannels, toPixels, type PixelsOut, type ToPixelsOptions } from '../api/image';
import * as kernels from '../api/kernels';
import * as ndimage from '../api/ndimageNamespace';
import * as numpy from '../api/numpy';
import { convolve2d, correlate2d, outputShape } from '../api/signal';
import { matchTemplate } from '../api/template';
import { backend } from '../backend/index';
import { abs, angle, type NDArray } from '../core/ndarray';
import { reason, writeImage } from './codec';
import { heatmap, linePlot, markCross, markRect, toRgb } from './draw';
import { renderHtml, type Figure, type Section } from './galleryHtml';
import { LETTER_M, scene } from './scene';

function timed<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const r = f();
  return [r, performance.now() - t0];
}

const SYMM = { mode: 'same', boundary: 'symm' } as const;

// ---- the worked examples ---------------------------------------------------------------------

const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3).replace(/0+$/, ''));
const cplx = (re: number, im: number) => `${num(re)}${im < 0 ? '-' : '+'}${num(Math.abs(im))}i`;

/** An NDArray as nested rows, like NumPy prints it. */
function show(a: NDArray, indent = '  '): string {
  const w = a.shape.length === 1 ? a.shape[0] : a.shape[1];
  const vals = Array.from({ length: a.data.length / (a.complex ? 2 : 1) }, (_, i) =>
    a.complex ? cplx(a.data[2 * i], a.data[2 * i + 1]) : num(a.data[i]));
  if (a.shape.length === 1) return `[${vals.join(', ')}]`;
  const width = Math.max(...vals.map((v) => v.length));
  const rows = Array.from({ length: a.shape[0] }, (_, r) => `[${vals.slice(r * w, (r + 1) * w).map((v) => v.padStart(width)).join(', ')}]`);
  return `[${rows.join(`,\n${indent} `)}]`;
}

function workedExamples(): string {
  const lines: string[] = [];
  const edge = Array.from({ length: 5 }, () => [10, 10, 10, 0, 0]);
  const ramp = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => 2 * j + i));
  const x25 = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => 5 * i + j));
  const ones = [[1, 1, 1], [1, 1, 1], [1, 1, 1]];
  const scharr = convolve2d(ramp, kernels.scharr(), 'valid');
  lines.push(
    "numpy.convolve([1, 2, 3, 4, 5], [1, 0, -1], 'valid')",
    `  → ${show(numpy.convolve([1, 2, 3, 4, 5], [1, 0, -1], 'valid'))}`,
    '',
    "convolve2d(x, kernels.prewitt('vert'), 'valid')     x: 5×5, rows [10, 10, 10, 0, 0]; kernel [[1, 0, -1], ×3]",
    `  → ${show(convolve2d(edge, kernels.prewitt('vert'), 'valid'), '    ')}`,
    "correlate2d(x, kernels.prewitt('vert'), 'valid')    (convolution flips the kernel: the sign changes)",
    `  → ${show(correlate2d(edge, kernels.prewitt('vert'), 'valid'), '    ')}`,
    '',
    "correlate2d(x, ones(3, 3), { mode: 'valid', padding: 1, stride: 2 })     x: 5×5 = 0…24",
    `  → ${show(correlate2d(x25, ones, { mode: 'valid', padding: 1, stride: 2 }), '    ')}`,
    `  outputShape(5, 3, { padding: 1, stride: 2 }) = ${outputShape(5, 3, { padding: 1, stride: 2 })} = floor((5 + 2·1 − 3) / 2) + 1`,
    '',
    "convolve2d(ramp, kernels.scharr(), 'valid')     ramp[i][j] = 2j + i (rises 2 per column, 1 per row)",
    `  → ${show(scharr, '    ')}`,
    `  abs → ${num(abs(scharr).data[0])}, angle → ${num((angle(scharr).data[0] * 180) / Math.PI)}°  (real part: horizontal gradient, imaginary: vertical; flipped by convolution)`,
  );
  return lines.join('\n');
}

// ---- the pictures ----------------------------------------------------------------------------

class Gallery {
  readonly sections: Section[] = [];
  constructor(readonly dir: string) {}

  section(title: string, text: string): Figure[] {
    const figures: Figure[] = [];
    this.sections.push({ title, text, figures });
    return figures;
  }

  /** Write pixels as NAME.png and describe the figure. */
  png(file: string, px: PixelsOut, title: string, call: string, ms?: number, note?: string): Figure {
    writeImage(join(this.dir, file), px);
    return { file, width: px.width, height: px.height, title, call, ms, note };
  }

  /** Run `call`, time it, and save its result as a picture. */
  shot(file: string, title: string, call: string, f: () => NDArray, display: ToPixelsOptions = {}, note?: string): Figure {
    const [r, ms] = timed(f);
    return this.png(file, toPixels(r, display), title, call, ms, note);
  }
}

const FIT = { scale: 'fit' } as const;
function maxAbsDiff(a: NDArray, b: NDArray): number {
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i] - b.data[i]));
  return m;
}
const flip2d = (k: NDArray): NDArray => ({ data: k.data.slice().reverse(), shape: k.shape });

function crop(a: NDArray, box: { x: number; y: number; w: number; h: number }): NDArray {
  const out = new Float32Array(box.w * box.h);
  for (let y = 0; y < box.h; y++) out.set(a.data.subarray((box.y + y) * a.shape[1] + box.x, (box.y + y) * a.shape[1] + box.x + box.w), y * box.w);
  return { data: out, shape: [box.h, box.w] };
}

function greyPictures(g: Gallery, gray: NDArray): void {
  const basics = g.section('Blur and edges (grey)', 'Box blur, and Laplace edges shown as |value| scaled to fit.');
  basics.push(g.png('gray.png', toPixels(gray), 'The built-in scene', 'drawn procedurally (src/cli/scene.ts)'));
  basics.push(g.shot('box-blur.png', 'Box blur 7×7', "convolve2d(gray, kernels.box(7), { mode: 'same', boundary: 'symm' })", () => convolve2d(gray, kernels.box(7), SYMM)));
  basics.push(g.shot('laplace.png', 'Laplace edges', 'abs(ndimage.laplace(gray))', () => abs(laplace(gray)), FIT));

  for (const name of ['sobel', 'prewitt'] as const) {
    const figs = g.section(`${name === 'sobel' ? 'Sobel' : 'Prewitt'} in four directions`, `|convolve2d(gray, kernels.${name}(dir))| scaled to fit: each direction lights up the edges across it.`);
    for (const dir of ['horiz', 'vert', 'ldiag', 'rdiag'] as const) {
      figs.push(g.shot(`${name}-${dir}.png`, `${name}('${dir}')`, `abs(convolve2d(gray, kernels.${name}('${dir}'), { mode: 'same', boundary: 'symm' }))`,
        () => abs(convolve2d(gray, kernels[name](dir), SYMM)), FIT));
    }
  }

  const sharp = g.section('Sharpening', 'impulse(3) + α·highpass() undoes some of a Gaussian blur; a large α overshoots into halos.');
  const [blurred, blurMs] = timed(() => gaussianFilter(gray, 2));
  sharp.push(g.png('blurred.png', toPixels(blurred), 'Blurred (σ = 2)', 'ndimage.gaussianFilter(gray, 2)', blurMs));
  for (const alpha of [1, 3, 8]) {
    sharp.push(g.shot(`sharpen-${alpha}.png`, `Sharpened, α = ${alpha}`, `convolve2d(blurred, kernels.sharpen(${alpha}), { mode: 'same', boundary: 'symm' })`,
      () => convolve2d(blurred, kernels.sharpen(alpha), SYMM)));
  }

  const blur = g.section('Gaussian vs box blur', 'Similar widths (σ = 3 vs an 11-wide box, whose σ is 11/√12 ≈ 3.2): the box brings the stripes back inverted (its frequency response turns negative) and leaves blocky letters; the Gaussian only fades them.');
  blur.push(g.shot('gaussian-3.png', 'Gaussian, σ = 3', 'ndimage.gaussianFilter(gray, 3)', () => gaussianFilter(gray, 3)));
  blur.push(g.shot('uniform-11.png', 'Box, 11 × 11', 'ndimage.uniformFilter(gray, 11)', () => uniformFilter(gray, 11)));
}

function colourPictures(g: Gallery, rgb: NDArray): void {
  const figs = g.section('Colour: one channel at a time', 'image.filterChannels passes each colour plane to the filter (alpha, when there is one, is left untouched); ndimage.convolve with a (3, 3, 1) kernel does the same in one call.');
  figs.push(g.png('rgb.png', toPixels(rgb), 'The scene in colour', 'drawn procedurally (src/cli/scene.ts)'));
  const [emboss, ms] = timed(() => filterChannels(rgb, (c) => convolve2d(c, kernels.emboss(), SYMM)));
  figs.push(g.png('emboss.png', toPixels(emboss), 'Emboss, per channel', "image.filterChannels(rgb, (c) => convolve2d(c, kernels.emboss(), { mode: 'same', boundary: 'symm' }))", ms));
  figs.push(g.shot('scharr-rgb.png', 'Scharr edge magnitude, per channel', "image.filterChannels(rgb, (c) => abs(convolve2d(c, kernels.scharr(), { mode: 'same', boundary: 'symm' })))",
    () => filterChannels(rgb, (c) => abs(convolve2d(c, kernels.scharr(), SYMM))), FIT));
  const k331 = { data: kernels.emboss().data, shape: [3, 3, 1] };
  const [nd, ndMs] = timed(() => ndimage.convolve(rgb, k331));
  figs.push(g.png('emboss-331.png', toPixels(nd), 'Emboss, the (3, 3, 1) ndimage way', 'ndimage.convolve(rgb, { data: kernels.emboss().data, shape: [3, 3, 1] })', ndMs,
    `max |difference| from the per-channel result: ${maxAbsDiff(nd, emboss).toExponential(1)} (float32 rounding)`));
}

function correlationPictures(g: Gallery, gray: NDArray): void {
  const figs = g.section('Correlation vs convolution', 'The ripple kernel is asymmetric, so correlating and convolving with it differ (signed results, scaled to fit); convolving with the flipped kernel is exactly correlation.');
  const ripple = kernels.ripple();
  const [corr, cms] = timed(() => correlate2d(gray, ripple, SYMM));
  const [conv, vms] = timed(() => convolve2d(gray, ripple, SYMM));
  const [flipped, fms] = timed(() => convolve2d(gray, flip2d(ripple), SYMM));
  const diff = (a: NDArray, b: NDArray): NDArray => ({ data: a.data.map((v, i) => Math.abs(v - b.data[i])), shape: a.shape });
  figs.push(g.png('ripple-correlate.png', toPixels(corr, FIT), 'Correlation', "correlate2d(gray, kernels.ripple(), { mode: 'same', boundary: 'symm' })", cms));
  figs.push(g.png('ripple-convolve.png', toPixels(conv, FIT), 'Convolution', "convolve2d(gray, kernels.ripple(), { mode: 'same', boundary: 'symm' })", vms));
  figs.push(g.png('ripple-difference.png', toPixels(diff(corr, conv), FIT), '|correlation − convolution|', '|correlate2d(gray, k) − convolve2d(gray, k)|', cms + vms,
    `max = ${maxAbsDiff(corr, conv).toFixed(3)}`));
  figs.push(g.png('ripple-flipped.png', toPixels(diff(corr, flipped), FIT), '|correlation − convolution with flipped k|', '|correlate2d(gray, k) − convolve2d(gray, flip(k))|', fms,
    `max = ${maxAbsDiff(corr, flipped)} (black: identical)`));
}

function templatePictures(g: Gallery, gray: NDArray): void {
  const figs = g.section('Template matching', 'The letter M is cut out and searched for: matchTemplate with TM_CCOEFF_NORMED (the correlation of the mean-subtracted template, normalised per window, by FFT when that is faster), then argmax of the scores marks the best match.');
  const tmpl = crop(gray, LETTER_M);
  const [corr, ms] = timed(() => matchTemplate(gray, tmpl, 'ccoeff_normed'));
  const [[by, bx], argMs] = timed(() => argmax(corr));
  const found = markRect(toRgb(toPixels(gray)), bx, by, LETTER_M.w, LETTER_M.h, [230, 30, 30]);
  figs.push(g.png('match-image.png', found, 'Image, best match in red', `argmax(corr) → [${by}, ${bx}]`, argMs,
    `the template was cut at [${LETTER_M.y}, ${LETTER_M.x}]`));
  const template = g.png('match-template.png', toPixels(tmpl), 'Template (shown ×3)', `gray[${LETTER_M.y}:${LETTER_M.y + LETTER_M.h}, ${LETTER_M.x}:${LETTER_M.x + LETTER_M.w}]`);
  figs.push({ ...template, zoom: 3 });
  const heat = markCross(markCross(heatmap(corr), bx, by, 9, [0, 0, 0], 2), bx, by, 8, [255, 255, 255], 1);
  figs.push(g.png('match-heatmap.png', heat, 'Score heat map (cross: argmax)', "matchTemplate(gray, template, 'ccoeff_normed')", ms));
}

function slidingBlock(g: Gallery): void {
  const figs = g.section('1-D: a block sliding under a sawtooth force', 'A block of mass 1 kg with viscous friction (time constant τ = 1.5 s) pushed by a sawtooth force. Its velocity is the force convolved with the impulse response h(t) = e^(−t/τ), times the time step.');
  const dt = 0.01;
  const n = 2000;
  const t = Float64Array.from({ length: n }, (_, i) => i * dt);
  const force = t.map((s) => (s % 5) / 5);
  const h = t.map((s) => Math.exp(-s / 1.5));
  const [full, ms] = timed(() => numpy.convolve(force, h, 'full'));
  const v = full.data.slice(0, n).map((x) => x * dt);
  const svg = linePlot(t, [{ label: 'force F(t) [N]', colour: '#1f77b4', y: force }, { label: 'velocity v(t) [m/s]', colour: '#d62728', y: v }],
    { width: 640, height: 260, xLabel: 't [s]' });
  figs.push({ svg, width: 640, height: 260, title: 'Sawtooth force and the block\'s velocity', call: "numpy.convolve(force, h, 'full').slice(0, n) · dt   (n = 2000, dt = 0.01 s)", ms });
}

/** `simdconv demo [OUTDIR]` (flags already parsed away by the CLI); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  if (argv.length > 1) {
    process.stderr.write(`simdconv demo: expected at most one argument, the output directory (got ${argv.join(' ')}); usage: npm run demo [-- OUTDIR]\n`);
    return 2;
  }
  const dir = resolve(argv[0] ?? 'simdconv-demo');
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    process.stderr.write(`simdconv demo: cannot create '${dir}': ${reason(e)}\n`);
    return 2;
  }
  try {
    const b = backend();
    const header = `backend: ${b.name}${b.isa ? ` (${b.isa})` : ''}, ${b.threads} thread${b.threads === 1 ? '' : 's'}; node ${process.version}`;
    const examples = workedExamples();
    process.stdout.write(`simdconv demo — ${header}\n\n${examples}\n\n`);
    const g = new Gallery(dir);
    const gray = scene(false);
    greyPictures(g, gray);
    colourPictures(g, scene(true));
    correlationPictures(g, gray);
    templatePictures(g, gray);
    slidingBlock(g);
    writeFileSync(join(dir, 'index.html'), renderHtml(header, examples, g.sections));
    const pictures = g.sections.reduce((n, s) => n + s.figures.length, 0);
    process.stdout.write(`wrote ${pictures} pictures and index.html to ${dir}\nopen ${join(dir, 'index.html')}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`simdconv demo: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
    return e instanceof Error && e.name === 'CliError' ? 2 : 1;
  }
}
