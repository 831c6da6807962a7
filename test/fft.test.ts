// The fallback FFT against a naive DFT (in double, twiddles from exact angles): every fast length
// up to 64 and some large ones, several lanes at an offset, round trips and Parseval; the real-input
// transform (n/2+1 bins) the same way at every even fast length up to 128.

import { describe, expect, it } from 'vitest';
import { fft, fftPlan, irfft, isFastLen, nextFastLen, realFftPlan, rfft, scratchFor } from '../src/fallback/fft';

/** A seeded generator, so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

function naiveDft(re: number[], im: number[], sign: number): [number[], number[]] {
  const n = re.length;
  const outRe: number[] = [], outIm: number[] = [];
  for (let k = 0; k < n; k++) {
    let sr = 0, si = 0;
    for (let j = 0; j < n; j++) {
      const a = (sign * 2 * Math.PI * ((j * k) % n)) / n;
      const c = Math.cos(a), s = Math.sin(a);
      sr += re[j] * c - im[j] * s;
      si += re[j] * s + im[j] * c;
    }
    outRe.push(sr);
    outIm.push(si);
  }
  return [outRe, outIm];
}

const FAST_UP_TO_64 = Array.from({ length: 64 }, (_, i) => i + 1).filter(isFastLen);

/** Transform `lanes` random sequences of length n stored at `offset`, and compare every lane with the naive DFT. */
function checkLength(n: number, lanes: number, offset: number, tolerance: number): void {
  const r = rng(n * 31 + lanes);
  const total = offset + n * lanes + 3;
  const re = new Float64Array(total).map(r), im = new Float64Array(total).map(r);
  const origRe = re.slice(), origIm = im.slice();
  fft(fftPlan(n), re, im, offset, lanes, scratchFor(n * lanes));
  for (let j = 0; j < lanes; j++) {
    const xr = [], xi = [];
    for (let k = 0; k < n; k++) {
      xr.push(origRe[offset + k * lanes + j]);
      xi.push(origIm[offset + k * lanes + j]);
    }
    const [wr, wi] = naiveDft(xr, xi, -1);
    let err = 0, scale = 0;
    for (let k = 0; k < n; k++) {
      err = Math.max(err, Math.abs(re[offset + k * lanes + j] - wr[k]), Math.abs(im[offset + k * lanes + j] - wi[k]));
      scale = Math.max(scale, Math.abs(wr[k]), Math.abs(wi[k]));
    }
    expect(err / scale, `n=${n} lane ${j}`).toBeLessThan(tolerance);
  }
  // nothing outside the transformed span changes
  for (let i = 0; i < offset; i++) expect(re[i]).toBe(origRe[i]);
  for (let i = offset + n * lanes; i < total; i++) expect(im[i]).toBe(origIm[i]);
}

describe('nextFastLen', () => {
  it('is the smallest 2^a·3^b·5^c at or above n', () => {
    for (let n = 1; n <= 2000; n++) {
      let want = n;
      while (!isFastLen(want)) want++;
      expect(nextFastLen(n), `n=${n}`).toBe(want);
    }
    expect(nextFastLen(0)).toBe(1);
    expect(nextFastLen(1_000_001)).toBe(1_012_500);
  });
});

describe('fft', () => {
  it.each(FAST_UP_TO_64)('matches the naive DFT at length %i (one lane)', (n) => {
    checkLength(n, 1, 0, 1e-13);
  });

  it.each(FAST_UP_TO_64)('matches the naive DFT at length %i (five lanes at an offset)', (n) => {
    checkLength(n, 5, 7, 1e-13);
  });

  it.each([128, 243, 625, 1000, 2160, 4096])('matches the naive DFT at length %i', (n) => {
    checkLength(n, 2, 1, 1e-12);
  });

  it('rejects a length that is not 2^a·3^b·5^c', () => {
    expect(() => fftPlan(7)).toThrow(/not 2\^a/);
  });

  it.each([1, 6, 60, 1024, 3 ** 7, 5 ** 5, 1440])('round-trips at length %i, and keeps Parseval', (n) => {
    const r = rng(n);
    const lanes = 3;
    const re = new Float64Array(n * lanes).map(r), im = new Float64Array(n * lanes).map(r);
    const origRe = re.slice(), origIm = im.slice();
    const plan = fftPlan(n);
    const scratch = scratchFor(n * lanes);
    fft(plan, re, im, 0, lanes, scratch);
    let energyTime = 0, energyFreq = 0;
    for (let i = 0; i < n * lanes; i++) {
      energyTime += origRe[i] ** 2 + origIm[i] ** 2;
      energyFreq += re[i] ** 2 + im[i] ** 2;
    }
    expect(Math.abs(energyFreq / n - energyTime) / energyTime).toBeLessThan(1e-13);
    fft(plan, im, re, 0, lanes, scratch); // the inverse: swapped planes
    let err = 0;
    for (let i = 0; i < n * lanes; i++) err = Math.max(err, Math.abs(re[i] / n - origRe[i]), Math.abs(im[i] / n - origIm[i]));
    expect(err).toBeLessThan(1e-14 * Math.log2(n + 1) + 1e-15);
  });

  it('caches plans per length', () => {
    expect(fftPlan(360)).toBe(fftPlan(360));
  });
});

/** Every even length up to 128 that the real transform takes: its half is 2^a·3^b·5^c. */
const EVEN_UP_TO_128 = Array.from({ length: 64 }, (_, i) => 2 * (i + 1)).filter((n) => isFastLen(n / 2));

/**
 * rfft of `lanes` random real sequences at an offset against the naive DFT's bins 0 … n/2, then
 * irfft back (n·x); other samples of x are left alone.
 */
function checkReal(n: number, lanes: number, offset: number, tolerance: number): void {
  const r = rng(n * 17 + lanes);
  const total = offset + n * lanes + 2;
  const x = new Float64Array(total).map(r);
  const orig = x.slice();
  const bins = n / 2 + 1;
  const re = new Float64Array(bins * lanes).fill(NaN), im = new Float64Array(bins * lanes).fill(NaN);
  const plan = realFftPlan(n);
  const scratch = scratchFor((n / 2) * lanes);
  rfft(plan, x, offset, re, im, lanes, scratch);
  for (let j = 0; j < lanes; j++) {
    const xr = Array.from({ length: n }, (_, k) => orig[offset + k * lanes + j]);
    const [wr, wi] = naiveDft(xr, new Array<number>(n).fill(0), -1);
    let err = 0, scale = 0;
    for (let k = 0; k < bins; k++) {
      err = Math.max(err, Math.abs(re[k * lanes + j] - wr[k]), Math.abs(im[k * lanes + j] - wi[k]));
      scale = Math.max(scale, Math.abs(wr[k]), Math.abs(wi[k]));
    }
    expect(err / scale, `n=${n} lane ${j}`).toBeLessThan(tolerance);
    expect(im[j], `n=${n}: X[0] is real`).toBe(0);
    expect(im[(bins - 1) * lanes + j], `n=${n}: X[n/2] is real`).toBe(0);
  }
  expect(x).toEqual(orig); // the forward transform reads x only
  x.fill(NaN, offset, offset + n * lanes);
  irfft(plan, re, im, x, offset, lanes, scratch);
  let err = 0;
  for (let i = offset; i < offset + n * lanes; i++) err = Math.max(err, Math.abs(x[i] / n - orig[i]));
  expect(err, `n=${n} round trip`).toBeLessThan(tolerance);
  for (let i = 0; i < offset; i++) expect(x[i]).toBe(orig[i]);
  for (let i = offset + n * lanes; i < total; i++) expect(x[i]).toBe(orig[i]);
}

describe('real-input fft (n/2 + 1 bins)', () => {
  it.each(EVEN_UP_TO_128)('matches the naive DFT at length %i (one lane), and irfft brings x back', (n) => {
    checkReal(n, 1, 0, 1e-13);
  });

  it.each(EVEN_UP_TO_128)('matches the naive DFT at length %i (three lanes at an offset)', (n) => {
    checkReal(n, 3, 5, 1e-13);
  });

  it.each([250, 486, 1024, 1920])('matches the naive DFT at length %i', (n) => {
    checkReal(n, 2, 1, 1e-12);
  });

  it('keeps Parseval: Σx² = (X[0]² + X[n/2]² + 2·Σ_{0<k<n/2} |X[k]|²) / n', () => {
    for (const n of [2, 10, 96, 1250, 3072]) {
      const r = rng(n + 5);
      const x = new Float64Array(n).map(r);
      const re = new Float64Array(n / 2 + 1), im = new Float64Array(n / 2 + 1);
      rfft(realFftPlan(n), x, 0, re, im, 1, scratchFor(n / 2));
      let time = 0, freq = re[0] ** 2 + re[n / 2] ** 2;
      for (const v of x) time += v * v;
      for (let k = 1; k < n / 2; k++) freq += 2 * (re[k] ** 2 + im[k] ** 2);
      expect(Math.abs(freq / n - time) / time, `n=${n}`).toBeLessThan(1e-13);
    }
  });

  it('ignores the imaginary parts of X[0] and X[n/2], as FFTW\'s c2r does', () => {
    const n = 12;
    const x = new Float64Array(n).map(rng(3));
    const re = new Float64Array(n / 2 + 1), im = new Float64Array(n / 2 + 1);
    const plan = realFftPlan(n);
    rfft(plan, x, 0, re, im, 1, scratchFor(n / 2));
    im[0] = 5;
    im[n / 2] = -7;
    const y = new Float64Array(n);
    irfft(plan, re, im, y, 0, 1, scratchFor(n / 2));
    for (let i = 0; i < n; i++) expect(Math.abs(y[i] / n - x[i])).toBeLessThan(1e-14);
  });

  it('rejects an odd length or one whose half is not 2^a·3^b·5^c, and caches plans', () => {
    expect(() => realFftPlan(9)).toThrow(/not even/);
    expect(() => realFftPlan(14)).toThrow(/not 2\^a/);
    expect(realFftPlan(360)).toBe(realFftPlan(360));
  });
});
