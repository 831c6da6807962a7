#!/usr/bin/env node
// npm run fuzz -- --n N --seed S: differential fuzz of the public API, against dist/ and the addon.
//
// Each case is a random valid call: a public compute function (FAMILIES below: signal convolve/
// correlate (method auto, direct or fft)/convolve2d/correlate2d/fftconvolve/oaconvolve, numpy
// convolve/correlate, every ndimage correlation and filter, matchTemplate with each TM_* method),
// 1–3 D, a random mode or boundary, stride/dilation/padding, complex operands, float32 or float64,
// strided views, a caller's `out`, sync or async. It runs on the js backend and on the native
// backend under every ISA this CPU offers (addon.setIsa); all must agree within SPEC §Equality, and
// where the call is one the naive float64 oracle below covers (signal convolve/correlate without
// stride/dilation/padding; ndimage convolve/correlate in every mode), with the oracle too. A failure
// prints its case number and the command that replays it: `npm run fuzz -- --seed S --from K --n 1`.
'use strict';
const path = require('node:path');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const N = opt('n', 2000);
const SEED = opt('seed', Date.now() % 1e9);
const FROM = opt('from', 0);
const root = path.join(__dirname, '..');
const sc = require(path.join(root, 'dist', 'index.js'));
const { loadNative } = require(path.join(root, 'dist', 'backend', 'native.js'));
const addon = loadNative().addon;
if (!addon) {
  console.error(`fuzz: the native addon is not available: ${loadNative().error}`);
  process.exit(1);
}
const ISAS = addon.info().isas;
const initialIsa = addon.info().isa;

// ---- random --------------------------------------------------------------------------------------

function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (xs) => xs[int(0, xs.length - 1)];
  return { next, int, pick, chance: (p) => next() < p };
}

const size = (shape) => shape.reduce((a, b) => a * b, 1);

/** An NDArray, a strided view of one (reversed or spaced), or a bare typed array for 1-D. */
function operand(r, shape, dtype, complex) {
  const C = dtype === 'float32' ? Float32Array : Float64Array;
  const n = size(shape) * (complex ? 2 : 1);
  const data = C.from({ length: n }, () => Math.round((r.next() * 2 - 1) * 1000) / 100);
  const dense = complex ? { data, shape, complex: true } : { data, shape };
  if (complex || !r.chance(0.25)) return { value: r.chance(0.2) && shape.length === 1 && !complex ? data : dense, dense };
  // A view over a buffer twice as long, every other element, last axis reversed.
  const big = new C(2 * n + 1);
  const stride = shape.map((_, i) => 2 * size(shape.slice(i + 1)));
  stride[stride.length - 1] *= -1;
  const offset = 1 + 2 * (shape[shape.length - 1] - 1);
  const idx = new Array(shape.length).fill(0);
  for (let k = 0; k < n; k++) {
    let p = offset;
    for (let i = 0; i < shape.length; i++) p += idx[i] * stride[i];
    big[p] = data[k];
    for (let i = shape.length - 1; i >= 0 && ++idx[i] === shape[i]; i--) idx[i] = 0;
  }
  return { value: { data: big, shape, stride, offset }, dense };
}

// ---- cases ---------------------------------------------------------------------------------------

const SIGNAL_MODES = ['full', 'same', 'valid'];
const TEMPLATE_METHODS = ['sqdiff', 'sqdiff_normed', 'ccorr', 'ccorr_normed', 'ccoeff', 'ccoeff_normed'];
const FAMILIES = [
  'convolve', 'correlate', 'convolve2d', 'correlate2d', 'fftconvolve', 'oaconvolve', 'numpy.convolve', 'numpy.correlate',
  'nd.convolve', 'nd.correlate', 'nd.correlate1d', 'gaussianFilter', 'gaussianFilter1d', 'uniformFilter', 'uniformFilter1d',
  'sobel', 'prewitt', 'laplace', 'gaussianLaplace', 'gaussianGradientMagnitude', 'matchTemplate',
];
const ND_MODES = ['reflect', 'constant', 'nearest', 'mirror', 'wrap'];

function makeCase(r) {
  const dtype = r.pick(['float32', 'float64']);
  const family = r.pick(FAMILIES);
  const ndim = family.endsWith('2d') || family === 'matchTemplate' ? 2 : family.startsWith('numpy.') ? 1 : r.int(1, 3);
  const shape = Array.from({ length: ndim }, () => r.int(1, ndim === 1 ? 40 : ndim === 2 ? 14 : 7));
  const kshape = shape.map((n) => r.int(1, Math.min(n, 5)));
  const complex = (family === 'convolve' || family === 'correlate') && r.chance(0.2);
  const x = operand(r, shape, dtype, complex && r.chance(0.7));
  const k = operand(r, kshape, dtype, complex && r.chance(0.7));
  const c = { family, dtype, shape, kshape, x, k, opts: {}, async: r.chance(0.3), oracle: false };
  if (family.startsWith('numpy.') || family === 'oaconvolve') {
    // Positional mode, as in NumPy / SciPy; NumPy's integer codes too.
    c.opts.mode = family.startsWith('numpy.') && r.chance(0.3) ? r.int(0, 2) : r.pick(SIGNAL_MODES);
    c.positionalMode = true;
  } else if (family === 'matchTemplate') {
    c.opts = { method: r.pick(TEMPLATE_METHODS) };
  } else if (family === 'convolve' || family === 'correlate' || family.endsWith('2d') || family === 'fftconvolve') {
    c.opts.mode = r.pick(SIGNAL_MODES);
    if ((family === 'convolve' || family === 'correlate') && r.chance(0.5)) c.opts.method = r.pick(['auto', 'direct', 'fft']);
    if (family.endsWith('2d')) {
      c.opts.boundary = r.pick(['fill', 'wrap', 'symm']);
      if (c.opts.boundary === 'fill' && r.chance(0.5)) c.opts.fillvalue = r.int(-3, 3);
    }
    if (r.chance(0.35)) {
      c.opts.stride = r.int(1, 3);
      c.opts.dilation = r.int(1, 2);
      c.opts.padding = r.int(0, 2);
      if (c.opts.mode === 'valid' && shape.some((n, i) => n + 2 * c.opts.padding < c.opts.dilation * (kshape[i] - 1) + 1)) c.opts.dilation = 1;
    }
    c.oracle = (family === 'convolve' || family === 'correlate') && c.opts.stride === undefined;
  } else if (family === 'nd.convolve' || family === 'nd.correlate') {
    c.opts.mode = r.pick(ND_MODES);
    if (c.opts.mode === 'constant') c.opts.cval = r.int(-2, 2);
    c.oracle = true;
  } else if (family === 'nd.correlate1d') {
    c.k = operand(r, [r.int(1, 6)], dtype, false);
    c.opts = { mode: r.pick(ND_MODES), axis: r.int(-ndim, ndim - 1) };
  } else if (family === 'gaussianFilter') {
    c.sigma = Math.round(r.next() * 30) / 10;
    c.opts = { mode: r.pick(ND_MODES), truncate: r.pick([2, 3, 4]) };
  } else if (family === 'uniformFilter') {
    c.size = r.int(1, 5);
    c.opts = { mode: r.pick(ND_MODES) };
  } else if (family === 'gaussianFilter1d') {
    c.sigma = Math.round(r.next() * 29 + 1) / 10;
    c.opts = { mode: r.pick(ND_MODES), axis: r.int(-ndim, ndim - 1), order: r.int(0, 3) };
  } else if (family === 'uniformFilter1d') {
    c.size = r.int(1, 5);
    c.opts = { mode: r.pick(ND_MODES), axis: r.int(-ndim, ndim - 1) };
  } else if (family === 'gaussianLaplace' || family === 'gaussianGradientMagnitude') {
    c.sigma = Math.round(r.next() * 25 + 5) / 10;
    c.opts = { mode: r.pick(ND_MODES) };
  } else {
    c.opts = { mode: r.pick(ND_MODES) };
  }
  if (r.chance(0.2) && !c.positionalMode && family !== 'matchTemplate') c.withOut = true;
  return c;
}

/** Runs the case on the current backend; returns { data, shape } or { error }. */
async function run(c) {
  const fns = {
    convolve: [sc.convolve, sc.convolveAsync], correlate: [sc.correlate, sc.correlateAsync],
    convolve2d: [sc.convolve2d, sc.convolve2dAsync], correlate2d: [sc.correlate2d, sc.correlate2dAsync],
    fftconvolve: [sc.fftconvolve, sc.fftconvolveAsync], oaconvolve: [sc.oaconvolve, sc.oaconvolveAsync],
    'numpy.convolve': [sc.numpy.convolve, sc.numpy.convolveAsync], 'numpy.correlate': [sc.numpy.correlate, sc.numpy.correlateAsync],
    matchTemplate: [sc.matchTemplate, sc.matchTemplateAsync],
    gaussianFilter1d: [sc.ndimage.gaussianFilter1d, sc.ndimage.gaussianFilter1dAsync],
    uniformFilter1d: [sc.ndimage.uniformFilter1d, sc.ndimage.uniformFilter1dAsync],
    prewitt: [sc.ndimage.prewitt, sc.ndimage.prewittAsync],
    gaussianLaplace: [sc.ndimage.gaussianLaplace, sc.ndimage.gaussianLaplaceAsync],
    gaussianGradientMagnitude: [sc.ndimage.gaussianGradientMagnitude, sc.ndimage.gaussianGradientMagnitudeAsync],
    'nd.convolve': [sc.ndimage.convolve, sc.ndimage.convolveAsync], 'nd.correlate': [sc.ndimage.correlate, sc.ndimage.correlateAsync],
    'nd.correlate1d': [sc.ndimage.correlate1d, sc.ndimage.correlate1dAsync],
    gaussianFilter: [sc.ndimage.gaussianFilter, sc.ndimage.gaussianFilterAsync], uniformFilter: [sc.ndimage.uniformFilter, sc.ndimage.uniformFilterAsync],
    sobel: [sc.ndimage.sobel, sc.ndimage.sobelAsync], laplace: [sc.ndimage.laplace, sc.ndimage.laplaceAsync],
  };
  const f = fns[c.family][c.async ? 1 : 0];
  const second = c.sigma !== undefined ? c.sigma : c.size !== undefined ? c.size : ['sobel', 'prewitt', 'laplace'].includes(c.family) ? undefined : c.k.value;
  // numpy.* and oaconvolve take the mode as a plain third argument.
  const opts = c.positionalMode ? c.opts.mode : { ...c.opts };
  try {
    if (c.withOut) {
      // The shape is known only after a first call: ask once without out, then with a fresh out.
      const probe = await (second === undefined ? f(c.x.value, opts) : f(c.x.value, second, opts));
      opts.out = new probe.data.constructor(probe.data.length);
    }
    const res = await (second === undefined ? f(c.x.value, opts) : f(c.x.value, second, opts));
    if (opts.out && res.data !== opts.out) return { error: 'the result is not the caller\'s out' };
    return { data: Float64Array.from(res.data), shape: res.shape, complex: !!res.complex };
  } catch (e) {
    return { error: `${e.constructor.name}: ${e.message}` };
  }
}

// ---- the naive float64 oracle --------------------------------------------------------------------

/** Every multi-index of `shape`, row-major. */
function* indices(shape) {
  if (shape.some((n) => n === 0)) return;
  const idx = new Array(shape.length).fill(0);
  for (;;) {
    yield idx;
    let i = shape.length - 1;
    while (i >= 0 && ++idx[i] === shape[i]) idx[i--] = 0;
    if (i < 0) return;
  }
}
const flat = (idx, shape) => idx.reduce((p, v, i) => p * shape[i] + v, 0);
const cx = (op) => (i) => (op.complex ? [op.data[2 * i], op.data[2 * i + 1]] : [op.data[i], 0]);

/** scipy.signal.convolve / correlate (direct, no stride/dilation/padding). */
function oracleSignal(c) {
  const x = c.x.dense, k = c.k.dense;
  const n = x.shape, m = k.shape;
  const xs = cx(x), ks = cx(k);
  const correlate = c.family === 'correlate';
  // SciPy swaps the operands in 'valid' when in2 is larger along every axis.
  let [a, b, as_, bs] = [n, m, xs, ks];
  let swapped = false;
  if (c.opts.mode === 'valid' && m.every((v, i) => v >= n[i]) && m.some((v, i) => v > n[i])) {
    [a, b, as_, bs] = [m, n, ks, xs];
    swapped = true;
  }
  const full = a.map((v, i) => v + b[i] - 1);
  const out = c.opts.mode === 'full' ? full : c.opts.mode === 'same' ? n.slice() : a.map((v, i) => v - b[i] + 1);
  const start = c.opts.mode === 'full' ? out.map(() => 0) : c.opts.mode === 'same' ? full.map((f, i) => Math.floor((f - n[i]) / 2)) : b.map((v) => v - 1);
  const complex = x.complex || k.complex;
  const res = new Float64Array(size(out) * (complex ? 2 : 1));
  for (const o of indices(out)) {
    let re = 0, im = 0;
    for (const t of indices(b)) {
      // convolve: a[p − t]·b[t]; correlate(x, k) = convolve(x, reverse(conj(k))).
      const p = o.map((v, i) => v + start[i] - t[i]);
      if (p.some((v, i) => v < 0 || v >= a[i])) continue;
      let [ar, ai] = as_(flat(p, a));
      let [br, bi] = bs(flat(correlate ? t.map((v, i) => b[i] - 1 - v) : t, b));
      if (correlate) swapped ? (ai = -ai) : (bi = -bi);
      re += ar * br - ai * bi;
      im += ar * bi + ai * br;
    }
    const q = flat(o, out);
    if (complex) [res[2 * q], res[2 * q + 1]] = [re, im];
    else res[q] = re;
  }
  // correlate with swapped operands is conj-reversed: SciPy returns the reverse of correlate(k, x) conj'd.
  if (swapped && correlate) return null; // not covered: leave to the backend comparison
  return { data: res, shape: out };
}

function extend(p, n, mode) {
  if (p >= 0 && p < n) return p;
  if (mode === 'constant') return -1;
  if (mode === 'nearest') return p < 0 ? 0 : n - 1;
  if (mode === 'wrap') return ((p % n) + n) % n;
  if (mode === 'reflect') {
    const q = ((p % (2 * n)) + 2 * n) % (2 * n);
    return q < n ? q : 2 * n - 1 - q;
  }
  if (n === 1) return 0; // mirror
  const q = ((p % (2 * n - 2)) + 2 * n - 2) % (2 * n - 2);
  return q < n ? q : 2 * n - 2 - q;
}

/** scipy.ndimage.correlate / convolve with origin 0. */
function oracleNd(c) {
  const x = c.x.dense, k = c.k.dense;
  const n = x.shape, m = k.shape;
  const conv = c.family === 'nd.convolve';
  // convolve = correlate with reversed weights and, for even sizes, the centre one step left.
  const centre = m.map((v) => Math.floor(v / 2) - (conv && v % 2 === 0 ? 1 : 0));
  const res = new Float64Array(size(n));
  for (const o of indices(n)) {
    let s = 0;
    for (const t of indices(m)) {
      const p = o.map((v, i) => extend(v + t[i] - centre[i], n[i], c.opts.mode));
      const w = k.data[flat(conv ? t.map((v, i) => m[i] - 1 - v) : t, m)];
      s += w * (p.some((v) => v < 0) ? c.opts.cval ?? 0 : x.data[flat(p, n)]);
    }
    res[flat(o, n)] = s;
  }
  return { data: res, shape: n };
}

// ---- comparison ----------------------------------------------------------------------------------

function tolerance(c) {
  const max = (a) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const scale = max(c.x.dense.data) * (c.k.dense.data.reduce((s, v) => s + Math.abs(v), 0) || 1) + 1;
  const f32 = c.dtype === 'float32';
  if (c.family === 'matchTemplate') {
    // Computed in float64 on both backends (by FFT or directly, as each backend's cost model picks).
    if (c.opts.method.endsWith('_normed')) return f32 ? 1e-5 : 1e-8;
    const sq = max(c.x.dense.data) ** 2 * size(c.kshape) * 4 + 1;
    return (f32 ? 1e-6 : 1e-10) * sq;
  }
  // The signal family may run by FFT ('auto' picks per backend's cost model; fft/oaconvolve always).
  const fft = ['convolve', 'correlate', 'convolve2d', 'correlate2d', 'fftconvolve', 'oaconvolve'].includes(c.family) && c.opts.method !== 'direct';
  const deep = ['gaussianFilter', 'gaussianFilter1d', 'uniformFilter', 'uniformFilter1d', 'sobel', 'prewitt', 'laplace', 'gaussianLaplace', 'gaussianGradientMagnitude'].includes(c.family) ? 16 : 1;
  return (f32 ? (fft ? 1e-4 : 1e-5) : fft ? 1e-9 : 1e-12) * scale * deep;
}

function differ(a, b, tol) {
  if ('error' in a || 'error' in b) return a.error === b.error ? null : `errors differ: ${a.error ?? 'none'} vs ${b.error ?? 'none'}`;
  if (a.shape.join() !== b.shape.join()) return `shapes differ: [${a.shape}] vs [${b.shape}]`;
  if (a.data.length !== b.data.length) return `lengths differ: ${a.data.length} vs ${b.data.length}`;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i] - b.data[i]);
    if (!(d <= tol) && !(Number.isNaN(a.data[i]) && Number.isNaN(b.data[i]))) return `element ${i}: ${a.data[i]} vs ${b.data[i]} (tolerance ${tol})`;
  }
  return null;
}

(async () => {
  const r = rng(SEED);
  let oracled = 0;
  let rejected = 0;
  const t = Date.now();
  const counts = {};
  for (let i = 0; i < FROM + N; i++) {
    const c = makeCase(r);
    if (i < FROM) continue;
    counts[c.family] = (counts[c.family] ?? 0) + 1;
    const tol = tolerance(c);
    sc.setBackend('js');
    const js = await run(c);
    if ('error' in js) rejected++;
    const results = [['js', js]];
    sc.setBackend('native');
    for (const isa of ISAS) {
      addon.setIsa(isa);
      results.push([`native ${isa}`, await run(c)]);
    }
    addon.setIsa(initialIsa);
    if (c.oracle && !('error' in js)) {
      const o = c.family.startsWith('nd.') ? oracleNd(c) : oracleSignal(c);
      if (o) {
        results.push(['oracle', { ...o, complex: false }]);
        oracled++;
      }
    }
    if ('error' in js && !/^(TypeError|RangeError): /.test(js.error)) results.push(['expected', { error: 'a named TypeError/RangeError' }]);
    for (const [name, res] of results.slice(1)) {
      const why = differ(js, res, tol);
      if (why) {
        console.error(`fuzz: MISMATCH at case ${i} (seed ${SEED}): js vs ${name}: ${why}`);
        console.error(`  call: ${c.family}(${c.async ? 'async' : 'sync'}) ${c.dtype} shape [${c.shape}] kernel [${c.kshape}] options ${JSON.stringify(c.opts)}${c.withOut ? ' with out' : ''}`);
        console.error(`  replay: npm run fuzz -- --seed ${SEED} --from ${i} --n 1`);
        process.exit(1);
      }
    }
  }
  console.log(`fuzz: ${N} cases (seed ${SEED}), js vs native under ${ISAS.join(', ')}; ${oracled} also against the naive float64 oracle; ` +
    `${rejected} rejected alike by all (valid-looking calls the API refuses, e.g. a kernel larger than a padded input); 0 mismatches in ${((Date.now() - t) / 1000).toFixed(1)} s (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')})`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
