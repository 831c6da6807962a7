'use strict';
// The js FFT's two ways to halve the work for real data, transforms only (no gather, product or
// scatter), interleaved and medians of 15 rounds:
//   packed  two real tiles in one complex transform (what src/fallback/execute_fft.ts does)
//   real    the n/2+1 real-input transform (rfft/irfft of src/fallback/fft.ts) per tile
// At the tile shapes of the bench's FFT workloads: 2048² × 31×31 (144² tiles, the inverse keeps
// 114 rows) and 1M × 1001 taps (blocks of 12500, 8 lanes).
//
//   node bench/real_fft.js        (needs `npm run build:ts`)

const F = require('../dist/fallback/fft.js');

const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
const rand = (n) => new Float64Array(n).map(Math.random);

/** ms per tile of each variant: [name, fn, tiles per call]. */
function race(variants, reps) {
  const times = variants.map(() => []);
  for (let round = 0; round < 15; round++) {
    variants.forEach(([, f, tiles], i) => {
      f();
      const t0 = now();
      for (let r = 0; r < reps; r++) f();
      times[i].push((now() - t0) / reps / tiles);
    });
  }
  return variants.map(([name], i) => `${name} ${median(times[i]).toFixed(3)} ms`).join(', ');
}

function tiles2d(L, keep) {
  const bins = L / 2 + 1;
  const p = F.fftPlan(L), rp = F.realFftPlan(L), sc = F.scratchFor(L * L);
  const re = rand(L * L), im = rand(L * L), x = rand(L * L), hr = rand(bins * L), hi = rand(bins * L);
  const packed = () => {
    for (let o = 0; o < L; o++) F.fft(p, re, im, o * L, 1, sc); // rows
    F.fft(p, re, im, 0, L, sc); // columns, L lanes
    F.fft(p, im, re, 0, L, sc); // inverse columns
    for (let o = 0; o < keep; o++) F.fft(p, im, re, o * L, 1, sc); // inverse rows, kept only
  };
  // real along the leading axis (its L columns are the lanes), complex rows over the n/2+1 bins
  const real = () => {
    F.rfft(rp, x, 0, hr, hi, L, sc);
    for (let o = 0; o < bins; o++) F.fft(p, hr, hi, o * L, 1, sc);
    for (let o = 0; o < bins; o++) F.fft(p, hi, hr, o * L, 1, sc);
    F.irfft(rp, hr, hi, x, 0, L, sc);
    x.fill(0.5);
  };
  return race([['packed', packed, 2], ['real', real, 1]], 20);
}

function blocks1d(L, lanes) {
  const bins = L / 2 + 1;
  const p = F.fftPlan(L), rp = F.realFftPlan(L), sc = F.scratchFor(L * lanes);
  const re = rand(L * lanes), im = rand(L * lanes), x = rand(L * lanes), hr = rand(bins * lanes), hi = rand(bins * lanes);
  const packed = () => {
    F.fft(p, re, im, 0, lanes, sc);
    F.fft(p, im, re, 0, lanes, sc);
  };
  const real = () => {
    F.rfft(rp, x, 0, hr, hi, lanes, sc);
    F.irfft(rp, hr, hi, x, 0, lanes, sc);
    x.fill(0.5);
  };
  return race([['packed', packed, 2 * lanes], ['real', real, lanes]], 10);
}

console.log(`load average ${require('os').loadavg().map((v) => v.toFixed(2)).join(' ')}`);
console.log(`2-D tile 144², forward + inverse, per tile: ${tiles2d(144, 114)}`);
console.log(`1-D block 12500 × 8 lanes, forward + inverse, per block: ${blocks1d(12500, 8)}`);
