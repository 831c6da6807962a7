// Seeded random data for differential tests: the same seed gives the same plan on every machine,
// and a failure message names the seed so it can be replayed.

/** mulberry32: a tiny 32-bit PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = mulberry32(seed);
  }
  /** Uniform in [lo, hi). */
  uniform(lo = -1, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }
  /** Integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  /** n uniform values in [lo, hi) as a Float64Array or Float32Array. */
  fill(n: number, dtype: 'float32' | 'float64', lo = -1, hi = 1): Float32Array | Float64Array {
    const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.uniform(lo, hi);
    return out;
  }
}

export interface RandomArray {
  data: Float32Array | Float64Array;
  shape: number[];
  complex?: boolean;
}

/** A random NDArray of the given shape; complex ones hold interleaved (re, im). */
export function randomArray(
  rng: Rng, shape: number[], dtype: 'float32' | 'float64', complex = false, lo = -1, hi = 1,
): RandomArray {
  let n = complex ? 2 : 1;
  for (const s of shape) n *= s;
  const a: RandomArray = { data: rng.fill(n, dtype, lo, hi), shape: shape.slice() };
  if (complex) a.complex = true;
  return a;
}

/** Sum of |w| (complex modulus when complex): the "kernel L1" of the tolerance rule. */
export function l1(a: RandomArray): number {
  let s = 0;
  if (a.complex) for (let i = 0; i < a.data.length; i += 2) s += Math.hypot(a.data[i], a.data[i + 1]);
  else for (let i = 0; i < a.data.length; i++) s += Math.abs(a.data[i]);
  return s;
}

/** max |x| over finite values (complex modulus when complex). */
export function maxAbs(a: RandomArray): number {
  let m = 0;
  const step = a.complex ? 2 : 1;
  for (let i = 0; i < a.data.length; i += step) {
    const v = a.complex ? Math.hypot(a.data[i], a.data[i + 1]) : Math.abs(a.data[i]);
    if (Number.isFinite(v) && v > m) m = v;
  }
  return m;
}
