'use strict';
// Workload data for the benchmark, bit-identical to ../shared/perf/wl.py (numpy): every array is the
// counter-based mulberry32 stream of workloads.json's `generator` field, value = scale·u + offset in
// row-major order; float32 variants are the float64 values rounded to nearest. `validate()` checks
// what we generate against the `check_float64` fields (and the materialised kernels) of the
// workloads, so a drift in the generator stops the benchmark instead of timing different data.

const fs = require('fs');
const path = require('path');

const WORKLOADS_PATH = path.join(__dirname, 'workloads.json');

function loadWorkloads(file = WORKLOADS_PATH) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * n values of mulberry32(seed) in [0, 1), exactly the generator's JS form:
 *   a = (a + 0x6D2B79F5) | 0; t = Math.imul(a ^ a >>> 15, a | 1);
 *   t ^= t + Math.imul(t ^ t >>> 7, t | 61); return ((t ^ t >>> 14) >>> 0) / 4294967296;
 * Value i uses a = seed + (i + 1)·0x6D2B79F5 mod 2^32 (the counter form wl.py vectorises).
 */
function mulberry32(seed, n) {
  const out = new Float64Array(n);
  let a = seed | 0;
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return out;
}

const product = (shape) => shape.reduce((p, d) => p * d, 1);

/** spec {shape, seed, scale = 1, offset = 0} → float64 values scale·u + offset (wl.make_array). */
function makeArray(spec) {
  const u = mulberry32(spec.seed, product(spec.shape));
  const scale = spec.scale ?? 1.0;
  const offset = spec.offset ?? 0.0;
  for (let i = 0; i < u.length; i++) u[i] = scale * u[i] + offset;
  return { data: u, shape: spec.shape.slice() };
}

/** exp(−(i−c)²/(2σ²)) normalised to sum 1, c = (size−1)/2 (wl.gauss1d). */
function gauss1d(size, sigma) {
  const c = (size - 1) / 2;
  const g = new Float64Array(size);
  for (let i = 0; i < size; i++) g[i] = Math.exp(-((i - c) * (i - c)) / (2 * sigma * sigma));
  const s = pairwiseSum(g);
  for (let i = 0; i < size; i++) g[i] /= s;
  return g;
}

/** The workload's kernel in float64: { data, shape, separable: [col, row] | null } (wl.make_kernel). */
function makeKernel(kspec) {
  switch (kspec.kind) {
    case 'explicit': {
      const data = Float64Array.from(kspec.values.flat(Infinity));
      const separable = kspec.separable ? kspec.separable.map((v) => Float64Array.from(v)) : null;
      return { data, shape: kspec.shape.slice(), separable };
    }
    case 'random': {
      const k = makeArray({ shape: kspec.shape, seed: kspec.seed, scale: 2.0, offset: -1.0 });
      return { ...k, separable: null };
    }
    case 'gaussian': {
      const g = gauss1d(kspec.size, kspec.sigma);
      const n = kspec.size;
      const data = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) data[i * n + j] = g[i] * g[j];
      return { data, shape: [n, n], separable: [g, g.slice()] };
    }
    default:
      throw new Error(`bench/generate: unknown kernel kind '${kspec.kind}'`);
  }
}

/**
 * The kernel as numpy computed it. Gaussian taps go through exp(), where V8 and glibc differ in the
 * last bit (6 of the 31 taps of σ = 5), so when workloads.json carries the materialised values (which
 * validate() has checked against makeKernel to 1e-12) we use those: the data is then bit-identical
 * to the reference's.
 */
function exactKernel(kspec) {
  const k = makeKernel(kspec);
  if (kspec.materialized_float64) k.data = Float64Array.from(kspec.materialized_float64.flat(Infinity));
  if (kspec.materialized_separable_float64 && k.separable) {
    k.separable = kspec.materialized_separable_float64.map((v) => Float64Array.from(v.flat(Infinity)));
  }
  return k;
}

const cast = (data, dtype) => (dtype === 'float32' ? Float32Array.from(data) : Float64Array.from(data));

// Inputs are shared by many workloads (all 2048² images use seed 1001): generate each float64 array once.
const cache = new Map();
function cachedArray(spec) {
  const key = JSON.stringify([spec.shape, spec.seed, spec.scale ?? 1, spec.offset ?? 0]);
  if (!cache.has(key)) cache.set(key, makeArray(spec));
  return cache.get(key);
}

/**
 * Arrays of workload w at dtype, as NDArrays ({ data, shape }):
 *   conv:            { x, k, kcol?, krow? }
 *   template_match:  { x, t }  (t = x[r0:r0+th, c0:c0+tw] + noise, rounded to dtype, as wl.materialize)
 * `x64` / `k64` / `t64` hold the float64 values the dtype arrays were rounded from.
 */
function materialize(w, dtype) {
  if (w.family === 'template_match') {
    const img = cachedArray(w.image);
    const x = { data: cast(img.data, dtype), shape: img.shape.slice() };
    const [r0, c0] = w.template.from_image_at;
    const [th, tw] = w.template.shape;
    const amp = w.template.noise_amp;
    const noise = makeArray({ shape: [th, tw], seed: w.template.noise_seed, scale: amp * 2.0, offset: -amp });
    const W = img.shape[1];
    const t64 = new Float64Array(th * tw);
    for (let i = 0; i < th; i++) {
      for (let j = 0; j < tw; j++) t64[i * tw + j] = x.data[(r0 + i) * W + c0 + j] + noise.data[i * tw + j];
    }
    return { x, t: { data: cast(t64, dtype), shape: [th, tw] }, x64: img, t64: { data: t64, shape: [th, tw] } };
  }
  const x64 = cachedArray(w.input);
  const k64 = exactKernel(w.kernel);
  const out = {
    x: { data: cast(x64.data, dtype), shape: x64.shape.slice() },
    k: { data: cast(k64.data, dtype), shape: k64.shape.slice() },
    x64,
    k64,
  };
  if (k64.separable) {
    out.kcol = { data: cast(k64.separable[0], dtype), shape: [k64.separable[0].length] };
    out.krow = { data: cast(k64.separable[1], dtype), shape: [k64.separable[1].length] };
  }
  return out;
}

/** numpy-like pairwise sum (blocks of 128), accurate enough for a 1e-12 relative comparison. */
function pairwiseSum(a, lo = 0, hi = a.length) {
  if (hi - lo <= 128) {
    let s = 0;
    let c = 0; // Neumaier compensation: the order differs from numpy anyway, so be accurate instead
    for (let i = lo; i < hi; i++) {
      const t = s + a[i];
      c += Math.abs(s) >= Math.abs(a[i]) ? s - t + a[i] : a[i] - t + s;
      s = t;
    }
    return s + c;
  }
  const mid = lo + ((hi - lo) >> 1);
  return pairwiseSum(a, lo, mid) + pairwiseSum(a, mid, hi);
}

const REL_TOL = 1e-12;

function close(got, want, rel = REL_TOL) {
  return Math.abs(got - want) <= rel * Math.max(Math.abs(want), 1) || got === want;
}

/**
 * Checks the generated float64 data of workload w against its check_float64 fields and materialised
 * kernel; returns a list of problems (empty when everything matches).
 */
function validate(w) {
  const bad = [];
  const chk = w.check_float64 || {};
  const expect = (label, got, want) => {
    if (!close(got, want)) bad.push(`${w.id}: ${label} = ${got}, workloads.json says ${want}`);
  };
  const first4 = (label, data, want) => want && want.forEach((v, i) => expect(`${label}[${i}]`, data[i], v));
  if (w.family === 'template_match') {
    const d = materialize(w, 'float64');
    first4('image_first4', d.x64.data, chk.image_first4);
    if (chk.image_sum !== undefined) expect('image_sum', pairwiseSum(d.x64.data), chk.image_sum);
    if (chk.template_sum !== undefined) expect('template_sum', pairwiseSum(d.t64.data), chk.template_sum);
    return bad;
  }
  const x = cachedArray(w.input);
  const k = makeKernel(w.kernel);
  first4('input_first4', x.data, chk.input_first4);
  if (chk.input_sum !== undefined) expect('input_sum', pairwiseSum(x.data), chk.input_sum);
  // kernel_sum may be exactly 0 (Laplacian, Sobel): compare absolutely there.
  if (chk.kernel_sum !== undefined) {
    const s = pairwiseSum(k.data);
    if (Math.abs(s - chk.kernel_sum) > REL_TOL * Math.max(1, Math.abs(chk.kernel_sum)) * 10) {
      bad.push(`${w.id}: kernel_sum = ${s}, workloads.json says ${chk.kernel_sum}`);
    }
  }
  const mat = w.kernel.materialized_float64;
  if (mat) {
    const flat = mat.flat(Infinity);
    if (flat.length !== k.data.length) bad.push(`${w.id}: kernel has ${k.data.length} taps, materialized_float64 ${flat.length}`);
    else flat.forEach((v, i) => expect(`kernel[${i}]`, k.data[i], v));
  }
  const sep = w.kernel.materialized_separable_float64;
  if (sep && k.separable) {
    sep.forEach((vec, a) => vec.flat(Infinity).forEach((v, i) => expect(`separable[${a}][${i}]`, k.separable[a][i], v)));
  }
  return bad;
}

/** Validates every workload of the document; throws one Error listing all mismatches. */
function validateAll(doc, ids) {
  const problems = [];
  for (const w of doc.workloads) if (!ids || ids.includes(w.id)) problems.push(...validate(w));
  if (problems.length > 0) {
    throw new Error(`bench/generate: generated data does not match workloads.json (mulberry32 drift?):\n  ${problems.join('\n  ')}`);
  }
}

module.exports = { WORKLOADS_PATH, loadWorkloads, mulberry32, makeArray, makeKernel, gauss1d, materialize, validate, validateAll, pairwiseSum };

if (require.main === module) {
  const doc = loadWorkloads();
  const t0 = Date.now();
  validateAll(doc);
  console.log(`bench/generate: ${doc.workloads.length} workloads match check_float64 (${Date.now() - t0} ms)`);
  console.log('mulberry32(12345, 4) =', Array.from(mulberry32(12345, 4)));
}
