// Small drawing helpers for the gallery: a colour map for heat maps, a rectangle marker, and a line
// plot as inline SVG (no plotting library needed).

import type { PixelsOut } from '../api/image';
import type { NDArray } from '../core/ndarray';

/** A perceptually ordered dark-blue → magenta → yellow ramp (control points, linearly interpolated). */
const RAMP: [number, number, number][] = [[13, 8, 135], [126, 3, 168], [204, 71, 120], [248, 149, 64], [240, 249, 33]];

function ramp(t: number): [number, number, number] {
  const u = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(u));
  const f = u - i;
  return [0, 1, 2].map((k) => Math.round(RAMP[i][k] + f * (RAMP[i + 1][k] - RAMP[i][k]))) as [number, number, number];
}

/** A 2-D array as an RGB heat map, its [min, max] spread over the ramp. */
export function heatmap(a: NDArray): PixelsOut {
  const [h, w] = a.shape;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of a.data) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const data = new Uint8ClampedArray(h * w * 3);
  a.data.forEach((v, i) => data.set(ramp(hi > lo ? (v - lo) / (hi - lo) : 0), i * 3));
  return { data, width: w, height: h, channels: 3 };
}

/** Grey or RGB pixels as RGB, so that a coloured mark can be drawn on them. */
export function toRgb(px: PixelsOut): PixelsOut {
  if (px.channels === 3) return { ...px, data: px.data.slice() };
  const data = new Uint8ClampedArray(px.width * px.height * 3);
  for (let i = 0; i < px.width * px.height; i++) data.fill(px.data[i * px.channels], i * 3, i * 3 + 3);
  return { ...px, data, channels: 3 };
}

/** Outline a rectangle (2 px wide) on RGB pixels, in place. */
export function markRect(px: PixelsOut, x: number, y: number, w: number, h: number, rgb: [number, number, number]): PixelsOut {
  const put = (cx: number, cy: number) => {
    if (cx >= 0 && cy >= 0 && cx < px.width && cy < px.height) px.data.set(rgb, (cy * px.width + cx) * 3);
  };
  for (let t = 0; t < 2; t++) {
    for (let i = x - t; i <= x + w - 1 + t; i++) [put(i, y - t), put(i, y + h - 1 + t)];
    for (let j = y - t; j <= y + h - 1 + t; j++) [put(x - t, j), put(x + w - 1 + t, j)];
  }
  return px;
}

/** A cross of arm length r and half-thickness t centred on (x, y), on RGB pixels, in place. */
export function markCross(px: PixelsOut, x: number, y: number, r: number, rgb: [number, number, number], t = 0): PixelsOut {
  for (let d = -r; d <= r; d++) {
    for (let e = -t; e <= t; e++) {
      for (const [cx, cy] of [[x + d, y + e], [x + e, y + d]]) {
        if (cx >= 0 && cy >= 0 && cx < px.width && cy < px.height) px.data.set(rgb, (cy * px.width + cx) * 3);
      }
    }
  }
  return px;
}

export interface Series {
  label: string;
  colour: string;
  y: ArrayLike<number>;
}

/** Series sampled at t as an SVG line plot with axes, ticks and a legend. */
export function linePlot(t: ArrayLike<number>, series: Series[], opts: { width: number; height: number; xLabel: string }): string {
  const { width, height } = opts;
  const m = { l: 48, r: 16, t: 16, b: 40 };
  const all = series.flatMap((s) => Array.from(s.y));
  const [ylo, yhi] = [Math.min(0, ...all), Math.max(...all) * 1.05];
  const [xlo, xhi] = [t[0], t[t.length - 1]];
  const X = (v: number) => m.l + ((v - xlo) / (xhi - xlo)) * (width - m.l - m.r);
  const Y = (v: number) => height - m.b - ((v - ylo) / (yhi - ylo)) * (height - m.t - m.b);
  const step = Math.max(1, Math.floor(t.length / 800)); // enough points for a smooth line
  const path = (y: ArrayLike<number>) => {
    const pts: string[] = [];
    for (let i = 0; i < t.length; i += step) pts.push(`${X(t[i]).toFixed(1)},${Y(y[i]).toFixed(1)}`);
    return pts.join(' ');
  };
  const xt = Array.from({ length: 5 }, (_, i) => xlo + ((xhi - xlo) * i) / 4);
  const yt = Array.from({ length: 5 }, (_, i) => ylo + ((yhi - ylo) * i) / 4);
  const n = (v: number) => (Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(2));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...xt.map((v) => `<line x1="${X(v)}" x2="${X(v)}" y1="${m.t}" y2="${height - m.b}" stroke="#eee"/><text x="${X(v)}" y="${height - m.b + 14}" text-anchor="middle">${n(v)}</text>`),
    ...yt.map((v) => `<line x1="${m.l}" x2="${width - m.r}" y1="${Y(v)}" y2="${Y(v)}" stroke="#eee"/><text x="${m.l - 6}" y="${Y(v) + 4}" text-anchor="end">${n(v)}</text>`),
    `<line x1="${m.l}" x2="${width - m.r}" y1="${Y(0)}" y2="${Y(0)}" stroke="#999"/>`,
    `<text x="${(m.l + width - m.r) / 2}" y="${height - 6}" text-anchor="middle">${opts.xLabel}</text>`,
    ...series.map((s, i) => `<polyline fill="none" stroke="${s.colour}" stroke-width="1.6" points="${path(s.y)}"/>` +
      `<line x1="${m.l + 12}" x2="${m.l + 32}" y1="${m.t + 10 + i * 16}" y2="${m.t + 10 + i * 16}" stroke="${s.colour}" stroke-width="2"/>` +
      `<text x="${m.l + 38}" y="${m.t + 14 + i * 16}">${s.label}</text>`),
    '</svg>',
  ].join('\n');
}
