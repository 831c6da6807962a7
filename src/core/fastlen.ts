// FFT lengths with only the factors 2, 3 and 5: the lengths both FFT engines transform directly.

/** Smallest 2^a·3^b·5^c ≥ n (scipy.fft.next_fast_len for complex transforms); 1 for n ≤ 1. */
export function nextFastLen(n: number): number {
  if (n <= 1) return 1;
  let best = Infinity;
  for (let p5 = 1; p5 < best; p5 *= 5) {
    for (let p35 = p5; p35 < best; p35 *= 3) {
      // the smallest power of two that lifts p35 to at least n
      let v = p35;
      while (v < n) v *= 2;
      if (v < best) best = v;
    }
  }
  return best;
}

/** True when n is 2^a·3^b·5^c (n ≥ 1). */
export function isFastLen(n: number): boolean {
  if (!Number.isInteger(n) || n < 1) return false;
  for (const p of [2, 3, 5]) while (n % p === 0) n /= p;
  return n === 1;
}

/**
 * Every 2^a·3^b·5^c below 2^31, ascending (about 1,300 values), made on first use. Int32Array, not
 * Float64Array: a length read from it stays a small integer in V8, and the FFT executor's index
 * arithmetic on a double-typed tile length ran 1.5× slower (js, 2048² × 31×31).
 */
let fastLens: Int32Array | null = null;

function allFastLens(): Int32Array {
  if (fastLens) return fastLens;
  const limit = 2 ** 31;
  const all: number[] = [];
  for (let p5 = 1; p5 < limit; p5 *= 5) for (let p35 = p5; p35 < limit; p35 *= 3) for (let v = p35; v < limit; v *= 2) all.push(v);
  fastLens = Int32Array.from(all).sort();
  return fastLens;
}

/** First index of `sorted` whose value is ≥ x. */
function lowerBound(sorted: Int32Array, x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Every 2^a·3^b·5^c in [lo, hi] (hi < 2^31), ascending: the candidates a tiling search walks, read
 * from one table instead of stepping with nextFastLen(L + 1), which cost more than the rest of a
 * 1-D call's plan.
 */
export function fastLensBetween(lo: number, hi: number): Int32Array {
  const all = allFastLens();
  const from = lowerBound(all, lo);
  return all.subarray(from, Math.max(from, lowerBound(all, hi + 1)));
}
