#!/usr/bin/env node
'use strict';
// image.fromPixels / toPixels / filterChannels around the call they surround,
// ndimage.gaussianFilter σ = 2 on a 2048²×3 float32 image (one [h, w, c] call, axes [0, 1]):
// each step's median time and its share of that Gaussian call. The issue's target is ≤ 10 %.
// Fresh results (allocated by the call) and reused ones (`out`) are timed separately: the first
// touch of a fresh 50 MB float32 result costs page faults that no loop can avoid.
//
// Each conversion is also set against the machine's streaming limit for its byte volume, measured in
// the same run on the same arrays and threads (the addon's streamLimit: read the input, write the
// output with non-temporal stores, nothing computed): its time, its share of the Gaussian (the floor
// no conversion can go under) and the fraction of that limit the conversion reaches.
// The steps are timed interleaved (one run of each per round), so a burst of load hits them alike;
// medians and minima over the rounds are printed.
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

const addon = require(path.join(__dirname, '..', 'dist', 'backend', 'native.js')).loadNative().addon;
const b = sc.backend();
const threads = b.threads ?? 1;
// The streaming limit for `src` → `out`, or null on the js backend / an addon without streamLimit.
const limit = (src, out) => (b.name === 'native' && addon?.streamLimit ? () => addon.streamLimit(src, out, threads) : null);

// [label, step, streaming limit for its bytes or null]
const rows = [
  ['ndimage.gaussianFilter(img, 2, { axes: [0, 1], out })', () => ndimage.gaussianFilter(img, 2, gauss), null],
  ['image.fromPixels(pixels)', () => image.fromPixels(pixels), null],
  ['image.fromPixels(pixels, { out })', () => image.fromPixels(pixels, { out: fromOut }), limit(pixels.data, fromOut)],
  ['image.toPixels(blurred)', () => image.toPixels(blurred), null],
  ['image.toPixels(blurred, { out })', () => image.toPixels(blurred, { out: toOut }), limit(blurred.data, toOut)],
  ['image.filterChannels(img, 3×3 box)', () => image.filterChannels(img, sc.kernels.box(3)), null],
  ['image.filterChannels(img, 3×3 box, { out })', () => image.filterChannels(img, sc.kernels.box(3), { out: blurOut }), limit(img.data, blurOut)],
  ['image.filterChannels(img, fn) (per plane, σ 2)', () => image.filterChannels(img, (p) => ndimage.gaussianFilter(p, 2)), null],
];
const once = (f) => {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
const steps = rows.flatMap(([, f, lim]) => (lim ? [f, lim] : [f]));
const times = steps.map(() => []);
for (const f of steps) f(); // warm-up: compiled code, pool threads, first touches
for (let r = 0; r < RUNS; r++) steps.forEach((f, k) => times[k].push(once(f)));
const stat = (ts) => {
  const s = [...ts].sort((x, y) => x - y);
  return { median: s[Math.floor(s.length / 2)], min: s[0] };
};

console.log(`image I/O, ${SIZE}×${SIZE}×${C} 8-bit ↔ float32; backend ${b.name}${b.isa ? ` ${b.isa}` : ''}, ${threads} thread(s); ${RUNS} interleaved rounds`);
console.log(`load average at start ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
console.log(`${'step'.padEnd(50)} ${'median'.padStart(9)} ${'min'.padStart(9)}  ${'% of Gaussian'.padStart(13)}`);
let k = 0;
let base = null;
for (const [label, , lim] of rows) {
  const t = stat(times[k++]);
  base ??= t;
  const share = (x, y) => `${((100 * x) / y).toFixed(1).padStart(6)} %`;
  console.log(`${label.padEnd(50)} ${t.median.toFixed(2).padStart(6)} ms ${t.min.toFixed(2).padStart(6)} ms  ${share(t.median, base.median)}`);
  if (lim) {
    const l = stat(times[k++]);
    console.log(`${'  streaming limit, same bytes and threads'.padEnd(50)} ${l.median.toFixed(2).padStart(6)} ms ${l.min.toFixed(2).padStart(6)} ms  ${share(l.median, base.median)}   step at ${((100 * l.median) / t.median).toFixed(0)} % of the limit (medians; ${((100 * l.min) / t.min).toFixed(0)} % minima)`);
  }
}
console.log(`\nload average at end ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
