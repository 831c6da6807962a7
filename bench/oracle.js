'use strict';
// Pointwise float64 ground truth for the benchmark's calls, so every timed call is known to compute
// its workload. Rather than a full second convolution (seconds of JS at 31×31), a benchmark result is
// checked at a few hundred output positions: all four corners and edge bands (where boundary handling
// lives) plus seeded random interior points. The oracle reads the *same* values the library got (the
// float32-rounded ones for float32) and sums in float64.
//
// Boundary pictures (input a b c d, n = 4):
//   reflect (scipy.signal 'symm', ndimage 'reflect', cv2 BORDER_REFLECT):  d c b a | a b c d | d c b a
//   zero    (scipy.signal 'fill' 0, ndimage 'constant' 0):                 0 0 0 0 | a b c d | 0 0 0 0

const { mulberry32 } = require('./generate');

/** Input index for position p of an axis of length n, or −1 for the fill value. */
function borderIndex(p, n, boundary) {
  if (p >= 0 && p < n) return p;
  if (boundary === 'zero') return -1;
  if (boundary !== 'reflect') throw new Error(`oracle: unknown boundary ${boundary}`);
  // Half-sample symmetric with period 2n: unfold, then fold the second half back.
  const period = 2 * n;
  let q = p % period;
  if (q < 0) q += period;
  return q < n ? q : period - 1 - q;
}

/**
 * 'same' convolution of an [H, W, C] (or [H, W], C = 1) image with a [KH, KW] kernel applied to every
 * channel (scipy.signal.convolve2d 'same' for odd kernels): out[i,j] = Σ k[u,v]·x̃[i+cy−u, j+cx−v].
 * Returns [value, Σ|terms|] (the second is the scale the error is judged against).
 */
function conv2dSamePoint(x, shape, k, kshape, boundary, i, j, ch = 0) {
  const [H, W] = shape;
  const C = shape.length > 2 ? shape[2] : 1;
  const [KH, KW] = kshape;
  const cy = (KH - 1) >> 1;
  const cx = (KW - 1) >> 1;
  let s = 0;
  let a = 0;
  for (let u = 0; u < KH; u++) {
    const r = borderIndex(i + cy - u, H, boundary);
    if (r < 0) continue;
    for (let v = 0; v < KW; v++) {
      const c = borderIndex(j + cx - v, W, boundary);
      if (c < 0) continue;
      const t = k[u * KW + v] * x[(r * W + c) * C + ch];
      s += t;
      a += Math.abs(t);
    }
  }
  return [s, a];
}

/** numpy.convolve(x, k, 'same') for odd M ≤ N: out[i] = Σ_t k[t]·x[i + (M−1)/2 − t], zero outside. */
function conv1dSamePoint(x, k, boundary, i) {
  const M = k.length;
  const c = (M - 1) >> 1;
  let s = 0;
  let a = 0;
  for (let t = 0; t < M; t++) {
    const p = borderIndex(i + c - t, x.length, boundary);
    if (p < 0) continue;
    const v = k[t] * x[p];
    s += v;
    a += Math.abs(v);
  }
  return [s, a];
}

/** Strided cross-correlation with zero padding: out[i,j] = Σ_uv x[s·i+u−p, s·j+v−p]·k[u,v]. */
function correlateStridedPoint(x, shape, k, kshape, stride, padding, i, j) {
  const [H, W] = shape;
  const [KH, KW] = kshape;
  let s = 0;
  let a = 0;
  for (let u = 0; u < KH; u++) {
    const r = stride[0] * i + u - padding[0];
    if (r < 0 || r >= H) continue;
    for (let v = 0; v < KW; v++) {
      const c = stride[1] * j + v - padding[1];
      if (c < 0 || c >= W) continue;
      const t = x[r * W + c] * k[u * KW + v];
      s += t;
      a += Math.abs(t);
    }
  }
  return [s, a];
}

/** TM_CCOEFF_NORMED at (i, j) ('valid'): zero-mean template against the zero-mean window. */
function nccPoint(x, shape, t, tshape, i, j) {
  const W = shape[1];
  const [th, tw] = tshape;
  const n = th * tw;
  let tm = 0;
  for (let q = 0; q < n; q++) tm += t[q];
  tm /= n;
  let wm = 0;
  for (let u = 0; u < th; u++) for (let v = 0; v < tw; v++) wm += x[(i + u) * W + j + v];
  wm /= n;
  let num = 0;
  let tt = 0;
  let ww = 0;
  for (let u = 0; u < th; u++) {
    for (let v = 0; v < tw; v++) {
      const a = t[u * tw + v] - tm;
      const b = x[(i + u) * W + j + v] - wm;
      num += a * b;
      tt += a * a;
      ww += b * b;
    }
  }
  return [num / Math.sqrt(tt * ww), 1];
}

/**
 * Output positions to check for an output of shape `oshape`: the `edge` first and last indices per
 * axis (and those around the kernel `radius`) crossed into corners and edge bands, plus `interior`
 * seeded random positions.
 * Returns flat multi-indices ([i] or [i, j] or [i, j, c]).
 */
function checkPositions(oshape, edge, interior, radius = 0, seed = 777) {
  const along = (n) => {
    const s = new Set();
    for (let q = 0; q < Math.min(edge, n); q++) {
      s.add(q);
      s.add(n - 1 - q);
    }
    // where the kernel stops reaching past the border (matters for long kernels)
    for (const q of [radius >> 1, radius - 1, radius, radius + 1]) {
      if (q >= 0 && q < n) {
        s.add(q);
        s.add(n - 1 - q);
      }
    }
    return [...s];
  };
  const pts = [];
  const lead = oshape.slice(0, Math.min(2, oshape.length));
  const chans = oshape.length > 2 ? oshape[2] : 1;
  if (lead.length === 1) {
    for (const i of along(lead[0])) pts.push([i]);
  } else {
    const rows = along(lead[0]);
    const cols = along(lead[1]);
    // Edge bands: every edge row against a spread of columns, every edge column against a spread of rows.
    const spread = (n) => [0, 1, Math.floor(n / 3), Math.floor(n / 2), n - 2, n - 1].filter((v) => v >= 0 && v < n);
    for (const i of rows) for (const j of [...new Set([...cols, ...spread(lead[1])])]) pts.push([i, j, (i + j) % chans]);
    for (const j of cols) for (const i of spread(lead[0])) pts.push([i, j, (i * 7 + j) % chans]);
  }
  const u = mulberry32(seed, interior * 3);
  for (let q = 0; q < interior; q++) {
    const p = lead.map((n, a) => Math.min(n - 1, Math.floor(u[q * 3 + a] * n)));
    if (lead.length === 2) p.push(Math.min(chans - 1, Math.floor(u[q * 3 + 2] * chans)));
    pts.push(p);
  }
  return pts;
}

/**
 * Compares `got` (flat output) with `truth(pos) → [value, scale]` at `positions`.
 * The error at a point is |got − truth| / max(scale, 1e-30): relative to Σ|terms|, which bounds what
 * any summation order (or an FFT) can lose. tol: 1e-4 for float32, 1e-10 for float64.
 */
function checkOutput(got, oshape, positions, truth, dtype) {
  const tol = dtype === 'float32' ? 1e-4 : 1e-10;
  const strides = oshape.map((_, a) => oshape.slice(a + 1).reduce((p, d) => p * d, 1));
  let worst = 0;
  let where = null;
  for (const pos of positions) {
    const idx = pos.slice(0, oshape.length).reduce((s, p, a) => s + p * strides[a], 0);
    const [want, scale] = truth(pos);
    const g = got[idx];
    const err = Number.isFinite(g) ? Math.abs(g - want) / Math.max(scale, 1e-30) : Infinity;
    if (err > worst || (err === Infinity && where === null)) {
      worst = err;
      where = { pos, got: g, want };
    }
  }
  return { ok: worst <= tol, points: positions.length, max_rel_err: worst, tol, worst: worst > tol ? where : undefined };
}

module.exports = { borderIndex, conv2dSamePoint, conv1dSamePoint, correlateStridedPoint, nccPoint, checkPositions, checkOutput };
