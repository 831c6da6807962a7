// The fallback's FFT: a Stockham autosort transform (no bit reversal), radix 4, 2, 3 and 5, for
// lengths 2^a·3^b·5^c, on split real/imaginary planes.
//
// Every call transforms `batch` independent sequences at once, stored lane-interleaved: element k
// of lane j is at offset + k·batch + j. The innermost loop of each butterfly runs over a contiguous
// run of lanes with one broadcast twiddle, which is the shape the native SIMD version gives to
// vector lanes; in JavaScript it keeps the loops long and the twiddle loads out of them.
//
// The decimation in frequency behind each pass, for a current length n = p·m at lane stride s:
//
//   X[u + p·v] = Σ_pp ω_m^(pp·v) · [ ω_n^(pp·u) · Σ_r x[pp + r·m]·ω_p^(r·u) ]      (u < p, v < m)
//
// so a pass reads x[pp + r·m], does one radix-p DFT, multiplies output u by ω_n^(pp·u) and writes it
// to position p·pp + u; the next pass treats those as p·s interleaved sequences of length m. After
// the last pass the result is in natural order. Twiddles are computed once per length with
// Math.cos/Math.sin in double (never by recurrence, whose error grows with n).

import { isFastLen } from '../core/fastlen';

export { nextFastLen, isFastLen } from '../core/fastlen';

/** One Stockham pass: radix p on sequences of length p·m. */
interface Pass {
  radix: number;
  m: number;
  /** Sequences already interleaved before this pass (product of earlier radices). */
  s: number;
  /** ω_n^(pp·u) for pp < m, u in 1 … p−1, at [pp·(p−1) + u − 1]. */
  twRe: Float64Array;
  twIm: Float64Array;
}

export interface FftPlan {
  n: number;
  passes: Pass[];
}

const plans = new Map<number, FftPlan>();

/** The plan for length n (cached): radix 4 first, then 2, 3 and 5. */
export function fftPlan(n: number): FftPlan {
  let plan = plans.get(n);
  if (plan) return plan;
  if (!isFastLen(n)) throw new Error(`simdconv internal: FFT length ${n} is not 2^a·3^b·5^c`);
  const radices: number[] = [];
  let rest = n;
  for (const p of [4, 2, 3, 5]) {
    while (rest % p === 0) {
      radices.push(p);
      rest /= p;
    }
  }
  const passes: Pass[] = [];
  let s = 1;
  for (const p of radices) {
    const len = n / s; // current sequence length
    const m = len / p;
    const twRe = new Float64Array(m * (p - 1));
    const twIm = new Float64Array(m * (p - 1));
    for (let pp = 0; pp < m; pp++) {
      for (let u = 1; u < p; u++) {
        // reduce the exponent first so the angle stays in [0, 2π)
        const angle = (-2 * Math.PI * ((pp * u) % len)) / len;
        twRe[pp * (p - 1) + u - 1] = Math.cos(angle);
        twIm[pp * (p - 1) + u - 1] = Math.sin(angle);
      }
    }
    passes.push({ radix: p, m, s, twRe, twIm });
    s *= p;
  }
  plan = { n, passes };
  plans.set(n, plan);
  return plan;
}

/** Scratch planes for fft(), at least n·batch long. */
export interface Scratch {
  re: Float64Array;
  im: Float64Array;
}

export function scratchFor(length: number): Scratch {
  return { re: new Float64Array(length), im: new Float64Array(length) };
}

/**
 * Forward DFT, unnormalised (X[k] = Σ x[j]·e^(−2πi·jk/n)), in place, of `batch` lane-interleaved
 * sequences starting at `offset`. The inverse is fft(plan, im, re, …) — swapping the planes
 * conjugates in and out — followed by a 1/n scale.
 */
export function fft(plan: FftPlan, re: Float64Array, im: Float64Array, offset: number, batch: number, scratch: Scratch): void {
  const { n, passes } = plan;
  if (passes.length === 0) return;
  let xr = re, xi = im, xo = offset; // current source
  let yr = scratch.re, yi = scratch.im, yo = 0; // current destination
  for (const pass of passes) {
    const w = pass.s * batch; // contiguous lanes per butterfly
    if (pass.radix === 4) radix4(pass, w, xr, xi, xo, yr, yi, yo);
    else if (pass.radix === 2) radix2(pass, w, xr, xi, xo, yr, yi, yo);
    else if (pass.radix === 3) radix3(pass, w, xr, xi, xo, yr, yi, yo);
    else radix5(pass, w, xr, xi, xo, yr, yi, yo);
    [xr, xi, xo, yr, yi, yo] = [yr, yi, yo, xr, xi, xo];
  }
  if (xr !== re) {
    re.set(xr.subarray(0, n * batch), offset);
    im.set(xi.subarray(0, n * batch), offset);
  }
}

function radix2(pass: Pass, w: number, xr: Float64Array, xi: Float64Array, xo: number, yr: Float64Array, yi: Float64Array, yo: number): void {
  const { m, twRe, twIm } = pass;
  for (let pp = 0; pp < m; pp++) {
    const cr = twRe[pp], ci = twIm[pp];
    const i0 = xo + pp * w, i1 = i0 + m * w;
    const o0 = yo + 2 * pp * w, o1 = o0 + w;
    for (let j = 0; j < w; j++) {
      const ar = xr[i0 + j], ai = xi[i0 + j], br = xr[i1 + j], bi = xi[i1 + j];
      yr[o0 + j] = ar + br;
      yi[o0 + j] = ai + bi;
      const dr = ar - br, di = ai - bi;
      yr[o1 + j] = dr * cr - di * ci;
      yi[o1 + j] = dr * ci + di * cr;
    }
  }
}

function radix4(pass: Pass, w: number, xr: Float64Array, xi: Float64Array, xo: number, yr: Float64Array, yi: Float64Array, yo: number): void {
  const { m, twRe, twIm } = pass;
  const mw = m * w;
  for (let pp = 0; pp < m; pp++) {
    const c1r = twRe[3 * pp], c1i = twIm[3 * pp];
    const c2r = twRe[3 * pp + 1], c2i = twIm[3 * pp + 1];
    const c3r = twRe[3 * pp + 2], c3i = twIm[3 * pp + 2];
    const i0 = xo + pp * w;
    const o0 = yo + 4 * pp * w;
    for (let j = 0; j < w; j++) {
      const a = i0 + j;
      const a0r = xr[a], a0i = xi[a];
      const a1r = xr[a + mw], a1i = xi[a + mw];
      const a2r = xr[a + 2 * mw], a2i = xi[a + 2 * mw];
      const a3r = xr[a + 3 * mw], a3i = xi[a + 3 * mw];
      const t0r = a0r + a2r, t0i = a0i + a2i;
      const t1r = a0r - a2r, t1i = a0i - a2i;
      const t2r = a1r + a3r, t2i = a1i + a3i;
      const t3r = a1r - a3r, t3i = a1i - a3i;
      // ω_4 = −i: b1 = t1 − i·t3, b3 = t1 + i·t3
      const b1r = t1r + t3i, b1i = t1i - t3r;
      const b2r = t0r - t2r, b2i = t0i - t2i;
      const b3r = t1r - t3i, b3i = t1i + t3r;
      const o = o0 + j;
      yr[o] = t0r + t2r;
      yi[o] = t0i + t2i;
      yr[o + w] = b1r * c1r - b1i * c1i;
      yi[o + w] = b1r * c1i + b1i * c1r;
      yr[o + 2 * w] = b2r * c2r - b2i * c2i;
      yi[o + 2 * w] = b2r * c2i + b2i * c2r;
      yr[o + 3 * w] = b3r * c3r - b3i * c3i;
      yi[o + 3 * w] = b3r * c3i + b3i * c3r;
    }
  }
}

const SIN60 = Math.sqrt(3) / 2;

function radix3(pass: Pass, w: number, xr: Float64Array, xi: Float64Array, xo: number, yr: Float64Array, yi: Float64Array, yo: number): void {
  const { m, twRe, twIm } = pass;
  const mw = m * w;
  for (let pp = 0; pp < m; pp++) {
    const c1r = twRe[2 * pp], c1i = twIm[2 * pp];
    const c2r = twRe[2 * pp + 1], c2i = twIm[2 * pp + 1];
    const i0 = xo + pp * w;
    const o0 = yo + 3 * pp * w;
    for (let j = 0; j < w; j++) {
      const a = i0 + j;
      const a0r = xr[a], a0i = xi[a];
      const a1r = xr[a + mw], a1i = xi[a + mw];
      const a2r = xr[a + 2 * mw], a2i = xi[a + 2 * mw];
      const sr = a1r + a2r, si = a1i + a2i;
      const dr = a1r - a2r, di = a1i - a2i;
      const hr = a0r - 0.5 * sr, hi = a0i - 0.5 * si;
      // b1 = h − i·(√3/2)·d, b2 = h + i·(√3/2)·d
      const b1r = hr + SIN60 * di, b1i = hi - SIN60 * dr;
      const b2r = hr - SIN60 * di, b2i = hi + SIN60 * dr;
      const o = o0 + j;
      yr[o] = a0r + sr;
      yi[o] = a0i + si;
      yr[o + w] = b1r * c1r - b1i * c1i;
      yi[o + w] = b1r * c1i + b1i * c1r;
      yr[o + 2 * w] = b2r * c2r - b2i * c2i;
      yi[o + 2 * w] = b2r * c2i + b2i * c2r;
    }
  }
}

const C1 = Math.cos((2 * Math.PI) / 5), C2 = Math.cos((4 * Math.PI) / 5);
const S1 = Math.sin((2 * Math.PI) / 5), S2 = Math.sin((4 * Math.PI) / 5);

function radix5(pass: Pass, w: number, xr: Float64Array, xi: Float64Array, xo: number, yr: Float64Array, yi: Float64Array, yo: number): void {
  const { m, twRe, twIm } = pass;
  const mw = m * w;
  for (let pp = 0; pp < m; pp++) {
    const k = 4 * pp;
    const c1r = twRe[k], c1i = twIm[k], c2r = twRe[k + 1], c2i = twIm[k + 1];
    const c3r = twRe[k + 2], c3i = twIm[k + 2], c4r = twRe[k + 3], c4i = twIm[k + 3];
    const i0 = xo + pp * w;
    const o0 = yo + 5 * pp * w;
    for (let j = 0; j < w; j++) {
      const a = i0 + j;
      const a0r = xr[a], a0i = xi[a];
      const a1r = xr[a + mw], a1i = xi[a + mw];
      const a2r = xr[a + 2 * mw], a2i = xi[a + 2 * mw];
      const a3r = xr[a + 3 * mw], a3i = xi[a + 3 * mw];
      const a4r = xr[a + 4 * mw], a4i = xi[a + 4 * mw];
      const s1r = a1r + a4r, s1i = a1i + a4i, d1r = a1r - a4r, d1i = a1i - a4i;
      const s2r = a2r + a3r, s2i = a2i + a3i, d2r = a2r - a3r, d2i = a2i - a3i;
      // b1,4 = A ∓ i·T and b2,3 = B ∓ i·U, with the real cosine parts A, B and sine parts T, U
      const Ar = a0r + C1 * s1r + C2 * s2r, Ai = a0i + C1 * s1i + C2 * s2i;
      const Br = a0r + C2 * s1r + C1 * s2r, Bi = a0i + C2 * s1i + C1 * s2i;
      const Tr = S1 * d1r + S2 * d2r, Ti = S1 * d1i + S2 * d2i;
      const Ur = S2 * d1r - S1 * d2r, Ui = S2 * d1i - S1 * d2i;
      const b1r = Ar + Ti, b1i = Ai - Tr, b4r = Ar - Ti, b4i = Ai + Tr;
      const b2r = Br + Ui, b2i = Bi - Ur, b3r = Br - Ui, b3i = Bi + Ur;
      const o = o0 + j;
      yr[o] = a0r + s1r + s2r;
      yi[o] = a0i + s1i + s2i;
      yr[o + w] = b1r * c1r - b1i * c1i;
      yi[o + w] = b1r * c1i + b1i * c1r;
      yr[o + 2 * w] = b2r * c2r - b2i * c2i;
      yi[o + 2 * w] = b2r * c2i + b2i * c2r;
      yr[o + 3 * w] = b3r * c3r - b3i * c3i;
      yi[o + 3 * w] = b3r * c3i + b3i * c3r;
      yr[o + 4 * w] = b4r * c4r - b4i * c4i;
      yi[o + 4 * w] = b4r * c4i + b4i * c4r;
    }
  }
}

// Real input, by the half-length complex trick. For even n = 2h, the real x is read as the complex
// z[k] = x[2k] + i·x[2k+1] (k < h) and transformed at length h: Z = FFT_h(z). With E and O the
// transforms of the even and the odd samples (both real sequences, so E[h−k] = conj E[k]):
//
//   E[k] = (Z[k] + conj Z[h−k]) / 2,   O[k] = (Z[k] − conj Z[h−k]) / 2i,   Z[h] ≡ Z[0]
//   X[k] = E[k] + ω_n^k·O[k],          X[h−k] = conj(E[k] − ω_n^k·O[k])          (ω_n = e^(−2πi/n))
//
// the split pass, which takes bins k and h−k together (in place) and gives X[0 … h]: FFTW's n/2+1
// layout, X[0] and X[h] real. The inverse runs it backwards: Z[k] = E[k] + i·O[k] with
// 2E[k] = X[k] + conj X[h−k] and 2O[k] = (X[k] − conj X[h−k])·conj ω_n^k, then an inverse FFT_h and
// x[2k] = Re z[k], x[2k+1] = Im z[k]. Like FFTW's c2r it is unnormalised (irfft(rfft(x)) = n·x)
// and ignores the imaginary parts of X[0] and X[h]. The ω_n^k are computed in double per length,
// like every other twiddle here.

export interface RealFftPlan {
  n: number;
  /** The complex plan of length n/2. */
  half: FftPlan;
  /** ω_n^k for k in 0 … ⌊n/4⌋: the split pass needs k ≤ h−k only. */
  twRe: Float64Array;
  twIm: Float64Array;
}

const realPlans = new Map<number, RealFftPlan>();

/** The real-input plan for an even length n whose half is 2^a·3^b·5^c (cached). */
export function realFftPlan(n: number): RealFftPlan {
  let plan = realPlans.get(n);
  if (plan) return plan;
  if (n % 2 !== 0 || n < 2) throw new Error(`simdconv internal: real FFT length ${n} is not even`);
  const h = n / 2;
  const quarter = Math.floor(h / 2);
  const twRe = new Float64Array(quarter + 1), twIm = new Float64Array(quarter + 1);
  for (let k = 0; k <= quarter; k++) {
    twRe[k] = Math.cos((-2 * Math.PI * k) / n);
    twIm[k] = Math.sin((-2 * Math.PI * k) / n);
  }
  plan = { n, half: fftPlan(h), twRe, twIm };
  realPlans.set(n, plan);
  return plan;
}

/**
 * Forward real DFT of `batch` lane-interleaved real sequences (x[xo + k·batch + j] is sample k of
 * lane j): bins 0 … n/2 of lane j into re/im[k·batch + j]. re and im hold at least (n/2 + 1)·batch;
 * scratch at least n/2·batch.
 */
export function rfft(plan: RealFftPlan, x: Float64Array, xo: number, re: Float64Array, im: Float64Array, batch: number, scratch: Scratch): void {
  const h = plan.n / 2;
  for (let k = 0; k < h; k++) {
    const e = xo + 2 * k * batch, f = k * batch;
    for (let j = 0; j < batch; j++) {
      re[f + j] = x[e + j];
      im[f + j] = x[e + batch + j];
    }
  }
  fft(plan.half, re, im, 0, batch, scratch);
  splitForward(plan, re, im, batch);
}

/**
 * Inverse of rfft, unnormalised: from bins 0 … n/2 (re/im, lane-interleaved, overwritten) the real
 * sequences n·x into x[xo + k·batch + j].
 */
export function irfft(plan: RealFftPlan, re: Float64Array, im: Float64Array, x: Float64Array, xo: number, batch: number, scratch: Scratch): void {
  const h = plan.n / 2;
  splitInverse(plan, re, im, batch);
  fft(plan.half, im, re, 0, batch, scratch); // swapped planes: the inverse transform
  for (let k = 0; k < h; k++) {
    const e = xo + 2 * k * batch, f = k * batch;
    for (let j = 0; j < batch; j++) {
      x[e + j] = re[f + j];
      x[e + batch + j] = im[f + j];
    }
  }
}

/** Z[0 … h) → X[0 … h], in place (see above). */
function splitForward(plan: RealFftPlan, re: Float64Array, im: Float64Array, batch: number): void {
  const h = plan.n / 2;
  const { twRe, twIm } = plan;
  for (let j = 0; j < batch; j++) {
    const zr = re[j], zi = im[j];
    re[j] = zr + zi; // X[0] = E[0] + O[0]
    im[j] = 0;
    re[h * batch + j] = zr - zi; // X[h] = E[0] − O[0]
    im[h * batch + j] = 0;
  }
  for (let k = 1; 2 * k <= h; k++) {
    const c = twRe[k], s = twIm[k];
    const a = k * batch, b = (h - k) * batch;
    for (let j = 0; j < batch; j++) {
      const ar = re[a + j], ai = im[a + j], br = re[b + j], bi = im[b + j];
      const er = 0.5 * (ar + br), ei = 0.5 * (ai - bi); // E[k]
      const or = 0.5 * (ai + bi), oi = 0.5 * (br - ar); // O[k]
      const tr = c * or - s * oi, ti = c * oi + s * or; // ω^k·O[k]
      re[a + j] = er + tr;
      im[a + j] = ei + ti;
      re[b + j] = er - tr;
      im[b + j] = ti - ei;
    }
  }
}

/** X[0 … h] → Z[0 … h) scaled by 2, in place: the inverse transform of length h then gives n·x. */
function splitInverse(plan: RealFftPlan, re: Float64Array, im: Float64Array, batch: number): void {
  const h = plan.n / 2;
  const { twRe, twIm } = plan;
  for (let j = 0; j < batch; j++) {
    const x0 = re[j], xh = re[h * batch + j];
    re[j] = x0 + xh;
    im[j] = x0 - xh;
  }
  for (let k = 1; 2 * k <= h; k++) {
    const c = twRe[k], s = twIm[k];
    const a = k * batch, b = (h - k) * batch;
    for (let j = 0; j < batch; j++) {
      const pr = re[a + j], pi = im[a + j], qr = re[b + j], qi = im[b + j];
      const er = pr + qr, ei = pi - qi; // 2E[k]
      const dr = pr - qr, di = pi + qi; // X[k] − conj X[h−k]
      const or = dr * c + di * s, oi = di * c - dr * s; // 2O[k] = d·conj ω^k
      re[a + j] = er - oi; // Z[k] = E + i·O
      im[a + j] = ei + or;
      re[b + j] = er + oi; // Z[h−k] = conj E[k] + i·conj O[k]
      im[b + j] = or - ei;
    }
  }
}
