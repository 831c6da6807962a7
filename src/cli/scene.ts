// The gallery's built-in picture, drawn procedurally so the demo needs no files and no network: a
// gradient, a box, a disc, a ring, fine stripes in two directions and the word "SIMD CONV" in strokes.
// Shapes are drawn with signed distances, so their edges are anti-aliased like a photographed edge.

import type { NDArray } from '../core/ndarray';

export const WIDTH = 320;
export const HEIGHT = 240;

type Segment = [number, number, number, number];
/** A stroke font on a unit box (x right, y down): just the letters of "SIMD CONV". */
const GLYPHS: Record<string, Segment[]> = {
  S: [[1, 0, 0, 0], [0, 0, 0, 0.5], [0, 0.5, 1, 0.5], [1, 0.5, 1, 1], [1, 1, 0, 1]],
  I: [[0.5, 0, 0.5, 1], [0.2, 0, 0.8, 0], [0.2, 1, 0.8, 1]],
  M: [[0, 1, 0, 0], [0, 0, 0.5, 0.55], [0.5, 0.55, 1, 0], [1, 0, 1, 1]],
  D: [[0, 0, 0, 1], [0, 0, 0.6, 0], [0.6, 0, 1, 0.3], [1, 0.3, 1, 0.7], [1, 0.7, 0.6, 1], [0.6, 1, 0, 1]],
  C: [[1, 0, 0, 0], [0, 0, 0, 1], [0, 1, 1, 1]],
  O: [[0, 0, 1, 0], [1, 0, 1, 1], [1, 1, 0, 1], [0, 1, 0, 0]],
  N: [[0, 1, 0, 0], [0, 0, 1, 1], [1, 1, 1, 0]],
  V: [[0, 0, 0.5, 1], [0.5, 1, 1, 0]],
};

const TEXT = { x: 24, y: 176, w: 24, h: 34, gap: 14 };
/** A box around the letter M (with a 4-pixel margin): the gallery cuts its template from here. */
export const LETTER_M = { x: TEXT.x + 2 * (TEXT.w + TEXT.gap) - 4, y: TEXT.y - 4, w: TEXT.w + 8, h: TEXT.h + 8 };

function strokes(text: string, x0: number, y0: number, w: number, h: number, gap: number): Segment[] {
  const segs: Segment[] = [];
  [...text].forEach((ch, i) => {
    const x = x0 + i * (w + gap);
    for (const [ax, ay, bx, by] of GLYPHS[ch] ?? []) segs.push([x + ax * w, y0 + ay * h, x + bx * w, y0 + by * h]);
  });
  return segs;
}

function segmentDistance(px: number, py: number, [ax, ay, bx, by]: Segment): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** Coverage of a shape at signed distance d (negative inside), over about one pixel. */
const cover = (d: number) => Math.max(0, Math.min(1, 0.5 - d));

interface Layer {
  /** Signed distance from the pixel centre to the shape's edge. */
  d(x: number, y: number): number;
  grey: number;
  rgb: [number, number, number];
}

const LETTERS = [...strokes('SIMD', TEXT.x, TEXT.y, TEXT.w, TEXT.h, TEXT.gap), ...strokes('CONV', 180, TEXT.y, TEXT.w, TEXT.h, 10)];

const LAYERS: Layer[] = [
  { d: (x, y) => Math.max(Math.abs(x - 70) - 45, Math.abs(y - 62) - 32), grey: 0.92, rgb: [0.2, 0.75, 0.3] },
  { d: (x, y) => Math.hypot(x - 175, y - 70) - 40, grey: 0.08, rgb: [0.85, 0.15, 0.1] },
  { d: (x, y) => Math.abs(Math.hypot(x - 265, y - 65) - 30) - 5, grey: 1, rgb: [0.15, 0.3, 0.95] },
  { d: (x, y) => (y > 120 && y < 150 && x > 20 && x < 140 && Math.floor(x / 4) % 2 === 0 ? -1 : 1), grey: 0.85, rgb: [0.95, 0.95, 0.95] },
  { d: (x, y) => (x > 170 && x < 300 && y > 118 && y < 152 && Math.floor(y / 4) % 2 === 0 ? -1 : 1), grey: 0.15, rgb: [0.1, 0.1, 0.1] },
  { d: (x, y) => Math.min(...LETTERS.map((s) => segmentDistance(x, y, s))) - 2.2, grey: 1, rgb: [1, 0.85, 0.1] },
];

/** The scene in grey ([h, w]) or colour ([h, w, 3]), float32 in [0, 1]. */
export function scene(colour: boolean): NDArray<Float32Array> {
  const c = colour ? 3 : 1;
  const data = new Float32Array(WIDTH * HEIGHT * c);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      // background: a diagonal ramp in grey; in colour, red grows to the right and blue downwards
      const pix = colour ? [0.25 + 0.45 * (x / WIDTH), 0.3, 0.25 + 0.45 * (y / HEIGHT)] : [0.3 + 0.3 * ((x + y) / (WIDTH + HEIGHT))];
      for (const layer of LAYERS) {
        const a = cover(layer.d(px, py));
        if (a === 0) continue;
        const ink = colour ? layer.rgb : [layer.grey];
        for (let k = 0; k < c; k++) pix[k] = (1 - a) * pix[k] + a * ink[k];
      }
      for (let k = 0; k < c; k++) data[(y * WIDTH + x) * c + k] = pix[k];
    }
  }
  return { data, shape: colour ? [HEIGHT, WIDTH, 3] : [HEIGHT, WIDTH] };
}
