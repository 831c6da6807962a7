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
