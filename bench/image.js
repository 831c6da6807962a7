#!/usr/bin/env node
'use strict';
// image.fromPixels / toPixels / filterChannels around the call they surround,
// ndimage.gaussianFilter σ = 2 on a 2048²×3 float32 image (one [h, w, c] call, axes [0, 1]):
// each step's median time and its share of that Gaussian call. The issue's target is ≤ 10 %.
// Fresh results (allocated by the call) and reused ones (`out`) are timed separately: the first
// touch of a fresh 50 MB float32 result costs page faults that no loop can avoid.
//
//   node bench/image.js [--size N] [--channels C] [--runs N] [--backend native|js] [--threads N]
// Needs dist/ (npm run build:ts) and, for native, the addon (npm run build:native).

const os = require('os');
const path = require('path');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? dflt : args[i + 1];
};
const SIZE = Number(opt('size', 2048));
const C = Number(opt('channels', 3));
const RUNS = Number(opt('runs', 15));
const sc = require(path.join(__dirname, '..', 'dist', 'index.js'));
sc.setBackend(opt('backend', 'native'));
if (opt('threads', null)) sc.setThreads(Number(opt('threads', null)));
const { image, ndimage } = sc;

function time(f) {
  f();
  const ms = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    f();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return ms.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

// A seeded picture-like image: smooth colour gradients plus ±8 levels of noise.
let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const n = SIZE * SIZE * C;
const pixels = { data: new Uint8Array(n), width: SIZE, height: SIZE, channels: C };
for (let i = 0; i < n; i++) {
  const p = Math.floor(i / C);
  const [y, x, k] = [Math.floor(p / SIZE), p % SIZE, i % C];
  pixels.data[i] = Math.max(0, Math.min(255, Math.round(127 + 100 * Math.sin((x * (k + 1)) / 300 + y / 500) + (rand() - 0.5) * 16)));
}

const img = image.fromPixels(pixels);
const blurOut = new Float32Array(n);
const fromOut = new Float32Array(n);
const toOut = new Uint8ClampedArray(n);
const gauss = { axes: [0, 1], out: blurOut };
const blurred = ndimage.gaussianFilter(img, 2, gauss);

const rows = [
  ['ndimage.gaussianFilter(img, 2, { axes: [0, 1], out })', () => ndimage.gaussianFilter(img, 2, gauss)],
  ['image.fromPixels(pixels)', () => image.fromPixels(pixels)],
  ['image.fromPixels(pixels, { out })', () => image.fromPixels(pixels, { out: fromOut })],
  ['image.toPixels(blurred)', () => image.toPixels(blurred)],
  ['image.toPixels(blurred, { out })', () => image.toPixels(blurred, { out: toOut })],
  ['image.filterChannels(img, 2-D kernel, { out }) (3×3 box)', () => image.filterChannels(img, sc.kernels.box(3), { out: blurOut })],
  ['image.filterChannels(img, fn) (per plane, σ 2)', () => image.filterChannels(img, (p) => ndimage.gaussianFilter(p, 2))],
];
const b = sc.backend();
console.log(`image I/O, ${SIZE}×${SIZE}×${C} 8-bit ↔ float32; backend ${b.name}${b.isa ? ` ${b.isa}` : ''}, ${b.threads ?? 1} thread(s); median of ${RUNS}`);
console.log(`load average at start ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
let base = 0;
for (const [label, f] of rows) {
  const ms = time(f);
  if (base === 0) base = ms;
  console.log(`${label.padEnd(58)} ${ms.toFixed(2).padStart(8)} ms  ${((100 * ms) / base).toFixed(1).padStart(6)} % of the Gaussian`);
}
console.log(`\nload average at end ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
