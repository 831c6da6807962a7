// The comparison rule of the conformance FORMAT.md §3, shared by every suite:
//   * shapes equal, and real/complex agree;
//   * for every element |actual − expect| ≤ atol + rtol·|expect| (complex: modulus of the difference
//     and of the expectation);
//   * wherever expect is NaN actual is NaN, wherever expect is ±Infinity actual is the identical infinity
//     (for complex values this holds per component, and the finite component is then compared alone).
// Dtype is not part of the rule; the conformance suite counts it separately.

export interface Tolerance {
  rtol: number;
  atol: number;
}

/** What the rule needs from an array: flat row-major data (interleaved when complex) and a shape. */
export interface ArrayLikeND {
  data: ArrayLike<number>;
  shape: readonly number[];
  complex?: boolean;
}

export interface Comparison {
  ok: boolean;
  /** Empty when ok; otherwise a readable account: what differs, where the worst element is, how far. */
  message: string;
  /** Elements out of tolerance (complex values count once). */
  failures: number;
  /** Largest |actual − expect| / allowed over the elements (Infinity for a non-finite mismatch). */
  worstRatio: number;
}

const fmt = (x: number): string => (Number.isInteger(x) && Math.abs(x) < 1e15 ? x.toFixed(1) : String(x));
const fmtC = (re: number, im: number): string => `${fmt(re)}${im < 0 || Object.is(im, -0) ? '-' : '+'}${fmt(Math.abs(im))}i`;

function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = shape.length - 1; i >= 0; i--) {
    const n = shape[i] || 1;
    idx[i] = flat % n;
    flat = Math.floor(flat / n);
  }
  return idx;
}

function product(shape: readonly number[]): number {
  let p = 1;
  for (const n of shape) p *= n;
  return p;
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v !== 'object') return `${typeof v} ${String(v)}`;
  return Object.prototype.toString.call(v);
}

/** One component against its expectation: NaN → NaN, ±Inf → identical, finite → tolerance. */
function componentRatio(a: number, e: number, tol: Tolerance): number {
  if (Number.isNaN(e)) return Number.isNaN(a) ? 0 : Infinity;
  if (!Number.isFinite(e)) return a === e ? 0 : Infinity;
  return ratio(Math.abs(a - e), tol.atol + tol.rtol * Math.abs(e));
}

function ratio(err: number, allowed: number): number {
  if (Number.isNaN(err)) return Infinity; // actual is NaN or ±Infinity where a finite value was expected
  if (err === 0) return 0;
  return allowed > 0 ? err / allowed : Infinity;
}

/** Apply the FORMAT.md §3 rule to `actual` (anything a simdconv function returned) against `expected`. */
export function compareArrays(actual: unknown, expected: ArrayLikeND, tol: Tolerance): Comparison {
  const fail = (message: string): Comparison => ({ ok: false, message, failures: -1, worstRatio: Infinity });
  if (actual === null || typeof actual !== 'object') return fail(`result is not an NDArray (got ${describeValue(actual)})`);
  const act = actual as Partial<ArrayLikeND>;
  if (!(act.data instanceof Float32Array || act.data instanceof Float64Array)) {
    return fail(`result.data is not a Float32Array/Float64Array (got ${describeValue(act.data)})`);
  }
  if (!Array.isArray(act.shape)) return fail(`result.shape is not an array (got ${describeValue(act.shape)})`);
  const expShape = [...expected.shape];
  if (act.shape.length !== expShape.length || act.shape.some((n, i) => n !== expShape[i])) {
    return fail(`shape [${act.shape.join(', ')}] ≠ expected [${expShape.join(', ')}]`);
  }
  const complex = expected.complex === true;
  if ((act.complex === true) !== complex) {
    return fail(`result is ${act.complex ? 'complex' : 'real'}, expected ${complex ? 'complex' : 'real'}`);
  }
  const n = product(expShape);
  const width = complex ? 2 : 1;
  if (act.data.length !== n * width) {
    return fail(`result.data.length ${act.data.length} ≠ ${n * width} for shape [${expShape.join(', ')}]${complex ? ' (complex)' : ''}`);
  }
  if (expected.data.length !== n * width) throw new Error(`compareArrays: expected data length ${expected.data.length} ≠ ${n * width}`);

  const a = act.data;
  const e = expected.data;
  let failures = 0;
  let worst = 0;
  let worstAt = -1;
  let firstFail = -1;
  for (let i = 0; i < n; i++) {
    let r: number;
    if (complex) {
      const ar = a[2 * i], ai = a[2 * i + 1], er = e[2 * i], ei = e[2 * i + 1];
      if (Number.isFinite(er) && Number.isFinite(ei)) {
        r = ratio(Math.hypot(ar - er, ai - ei), tol.atol + tol.rtol * Math.hypot(er, ei));
      } else {
        r = Math.max(componentRatio(ar, er, tol), componentRatio(ai, ei, tol));
      }
    } else {
      r = componentRatio(a[i], e[i], tol);
    }
    if (r > 1) {
      failures++;
      if (firstFail < 0) firstFail = i;
    }
    if (r > worst || worstAt < 0) {
      worst = r;
      worstAt = i;
    }
  }
  if (failures === 0) return { ok: true, message: '', failures: 0, worstRatio: worst };

  const at = (i: number): string => {
    const idx = `[${unravel(i, expShape).join(', ')}]`;
    if (complex) {
      const ar = a[2 * i], ai = a[2 * i + 1], er = e[2 * i], ei = e[2 * i + 1];
      const allowed = tol.atol + tol.rtol * Math.hypot(er, ei);
      return `${idx}: actual ${fmtC(ar, ai)}, expected ${fmtC(er, ei)}, |diff| ${Math.hypot(ar - er, ai - ei)} (allowed ${allowed})`;
    }
    const allowed = tol.atol + tol.rtol * Math.abs(e[i]);
    return `${idx}: actual ${fmt(a[i])}, expected ${fmt(e[i])}, |diff| ${Math.abs(a[i] - e[i])} (allowed ${allowed})`;
  };
  const lines = [
    `${failures} of ${n} elements out of tolerance (rtol ${tol.rtol}, atol ${tol.atol}), shape [${expShape.join(', ')}]`,
    `  worst (${worst === Infinity ? 'non-finite mismatch' : `${worst.toPrecision(3)}× the allowance`}) at ${at(worstAt)}`,
  ];
  if (firstFail !== worstAt) lines.push(`  first at ${at(firstFail)}`);
  return { ok: false, message: lines.join('\n'), failures, worstRatio: worst };
}

/** Throw an Error carrying the comparison's account when the rule does not hold. */
export function assertClose(actual: unknown, expected: ArrayLikeND, tol: Tolerance, context = ''): void {
  const c = compareArrays(actual, expected, tol);
  if (!c.ok) throw new Error(context ? `${context}: ${c.message}` : c.message);
}
