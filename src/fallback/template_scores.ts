// matchTemplate's window statistics and scores on the js backend; binding/template_scores.cc is the
// native twin (the same sums in the same order, the same IEEE operations: the two agree bit for bit).
//
// Given the 'valid' correlation of every window with the template (src/api/template.ts computes it
// through the ordinary plan path, by FFT when cheaper), a score needs Σ I² over the window, and for
// CCOEFF_NORMED Σ I per channel; OpenCV reads them from integral images (templmatch.cpp), we slide
// running sums.

import type { FloatArray } from '../core/ndarray';

/** The methods whose score needs window sums (CCORR and CCOEFF are the correlation itself). */
export type ScoreMethod = 'sqdiff' | 'sqdiff_normed' | 'ccorr_normed' | 'ccoeff_normed';

const FLT_EPSILON = 1.1920928955078125e-7;

/**
 * The SQDIFF and normed scores of every window, one output row at a time, from running window sums.
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
 * Arguments: the [H, W, C] image `x`, the template's h×w, the correlation of every window `scores`
 * ([H−h+1, W−w+1], float64), `out` of either precision (may be `scores` itself: each score is read
 * before it is written), and the template's Σ T² and the norm the normed methods divide by (√Σ(T −
 * mean)² for CCOEFF, √Σ T² otherwise). They are the addon's, trusted: src/api/template.ts derives them
 * from checked arrays.
 */
export function scoreTemplate(
  x: FloatArray, H: number, W: number, C: number, h: number, w: number,
  scores: Float64Array, out: FloatArray, method: ScoreMethod, sumSq: number, templNorm: number,
): void {
  const oh = H - h + 1, ow = W - w + 1, row = W * C;
  const withMean = method === 'ccoeff_normed';
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
    scoreRow(scores, out, y * ow, ow, w, h * w, colSq, colSum, mean2, method, sumSq, templNorm);
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
  colSq: Float64Array, colSum: Float64Array, mean2: Float64Array | null, method: ScoreMethod, sumSq: number, templNorm: number,
): void {
  let sq = 0;
  for (let i = 0; i < w; i++) sq += colSq[i];
  if (method === 'sqdiff') {
    for (let i = 0; i < n; i++) {
      out[o + i] = max0(sq - 2 * scores[o + i] + sumSq);
      sq += colSq[i + w] - colSq[i];
    }
  } else if (method === 'sqdiff_normed') {
    for (let i = 0; i < n; i++) {
      out[o + i] = normalised(max0(sq - 2 * scores[o + i] + sumSq), sq, sq, templNorm, 1);
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
      out[o + i] = normalised(scores[o + i], max0(sq - mean2[i] * inv), sq, templNorm, 0);
      sq += colSq[i + w] - colSq[i];
    }
  } else {
    const inv = 1 / area;
    let sum = 0;
    for (let i = 0; i < w; i++) sum += colSum[i];
    for (let i = 0; i < n; i++) {
      out[o + i] = normalised(scores[o + i], max0(sq - sum * sum * inv), sq, templNorm, 0);
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

/** Math.max(v, 0) but keeping the sign of a zero, as the addon's max0 (a NaN stays NaN). */
function max0(v: number): number {
  return v < 0 ? 0 : v;
}
