'use strict';
// `npm run bench -- --calibrate`: measure the cost model's constants (src/core/cost.ts) on this
// machine. For each backend and precision it times the direct sum on a non-separable 512² × 9×9
// convolution and the FFT on a 1024² × 31×31 one (best of 3), divides by the model's work counts
// and prints a COSTS table to paste into src/core/cost.ts. Needs dist/ (npm run build:ts).

const path = require('path');

const ROOT = path.resolve(__dirname, '..');

function random(n, dtype, seed) {
  const a = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 32 - 0.5;
  }
  return a;
}

function best(fn, reps = 3) {
  let t = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    t = Math.min(t, Number(process.hrtime.bigint() - t0));
  }
  return t; // ns
}

function measure(sc, lowerConvolve, planOf, cost, dtype) {
  const x = { data: random(512 * 512, dtype, 1), shape: [512, 512] };
  // 9×9: near where direct and FFT cross over, which is where the constant decides anything (the
  // direct cost per multiply-add grows with the kernel: small kernels keep their window in registers).
  const w = { data: random(9 * 9, dtype, 2), shape: [9, 9] };
  const directOpts = { mode: 'same', method: 'direct' };
  const direct = best(() => sc.convolve(x, w, directOpts)) / cost.directWork(planOf(lowerConvolve(x, w, directOpts)));
  const X = { data: random(1024 * 1024, dtype, 3), shape: [1024, 1024] };
  const W = { data: random(31 * 31, dtype, 4), shape: [31, 31] };
  const fftOpts = { mode: 'same', method: 'fft' };
  const fft = best(() => sc.convolve(X, W, fftOpts)) / cost.fftWork(planOf(lowerConvolve(X, W, fftOpts)));
  return { direct: Number(direct.toPrecision(2)), fft: Number(fft.toPrecision(2)) };
}

function calibrate() {
  const dist = (p) => require(path.join(ROOT, 'dist', p));
  const sc = dist('index.js');
  const { lowerConvolve } = dist('api/signal.js');
  const { planOf } = dist('run.js');
  const cost = dist('core/cost.js');
  const { engine } = dist('backend/index.js');
  const table = {};
  for (const name of ['js', 'native']) {
    try {
      sc.setBackend(name);
    } catch (e) {
      console.error(`# ${name}: not available (${e.message.split('\n')[0]}); keeping its constants`);
      continue;
    }
    const eng = engine();
    table[eng] = {};
    for (const dtype of ['float32', 'float64']) table[eng][dtype] = measure(sc, lowerConvolve, planOf, cost, dtype);
    console.error(`# ${eng} (${sc.backend().threads} thread(s)): done`);
  }
  sc.setBackend('auto');
  console.log('// measured by `npm run bench -- --calibrate` on', require('os').cpus()[0].model);
  for (const [eng, byType] of Object.entries(table)) console.log(`  ${JSON.stringify(eng)}: ${JSON.stringify(byType)},`);
}

module.exports = { calibrate };
