// Option parsing shared by every public function. Each helper validates one value and names the
// function and option in its error, through errors.ts.

import { rangeError, typeError } from './errors';

export type Options = Record<string, unknown>;

/** The third argument: an options object, a bare mode string (as SciPy allows), or nothing. */
export function readOptions(fn: string, value: unknown, allowed: readonly string[]): Options {
  if (value === undefined || value === null) return {};
  if (typeof value === 'string') return { mode: value };
  if (typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value)) {
    throw typeError(fn, 'options', 'an options object or a mode string', value);
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`${fn}: options must only use ${allowed.join(', ')} (got unknown option '${key}')`);
    }
  }
  return value as Options;
}

function quoteList(choices: readonly string[]): string {
  const q = choices.map((c) => `'${c}'`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

/**
 * SciPy's positional habit next to the options object: leading numbers or arrays fill `names` in
 * order (sobel(x, 1) is axis 1, correlate1d(x, w, 0) is axis 0; undefined skips a name); one options
 * object may follow. Returns what readOptions then reads: the options with the positional values
 * merged in, or the lone trailing argument as it was given. A name given both ways is an error.
 */
export function positional(fn: string, rest: readonly unknown[], names: readonly string[]): unknown {
  const given: Options = {};
  let i = 0;
  for (; i < names.length && i < rest.length; i++) {
    const v = rest[i];
    if (typeof v === 'number' || Array.isArray(v)) given[names[i]] = v;
    else if (v !== undefined) break;
  }
  const tail = rest[i];
  if (rest.length > i + 1 && rest.slice(i + 1).some((v) => v !== undefined)) {
    throw typeError(fn, 'arguments', `${names.join(', ')} then one options object`, rest[i + 1]);
  }
  if (Object.keys(given).length === 0) return tail;
  if (tail === undefined || tail === null) return given;
  if (typeof tail !== 'object' || Array.isArray(tail)) throw typeError(fn, 'options', 'an options object', tail);
  for (const k of Object.keys(given)) {
    if ((tail as Options)[k] !== undefined) throw typeError(fn, k, 'given once, positionally or in options', 'both');
  }
  return { ...tail, ...given };
}

/** One of a fixed set of strings. */
export function choice<T extends string>(fn: string, name: string, value: unknown, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw typeError(fn, name, quoteList(choices), value);
  if (!(choices as readonly string[]).includes(value)) throw rangeError(fn, name, quoteList(choices), value);
  return value as T;
}

/** A finite number. */
export function finite(fn: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw typeError(fn, name, 'a finite number', value);
  if (!Number.isFinite(value)) throw rangeError(fn, name, 'a finite number', value);
  return value;
}

/** Largest magnitude of any integer option: every length, index and step simdconv handles fits an
 *  int32 (MAX_ELEMENTS), so larger ones cannot mean anything and are refused alike on both backends. */
export const MAX_INTEGER_OPTION = 2 ** 31 - 1;

/** An integer no smaller than `min` and of magnitude at most MAX_INTEGER_OPTION. */
export function integer(fn: string, name: string, value: unknown, fallback: number, min = -Infinity): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw typeError(fn, name, 'an integer', value);
  if (!Number.isInteger(value) || value < min) {
    throw rangeError(fn, name, min === -Infinity ? 'an integer' : `an integer ≥ ${min}`, value);
  }
  if (Math.abs(value) > MAX_INTEGER_OPTION) {
    throw rangeError(fn, name, `an integer of magnitude at most ${MAX_INTEGER_OPTION}`, value);
  }
  return value;
}

/** A number applying to every axis, or one per axis. */
export function perAxis(fn: string, name: string, value: unknown, ndim: number, fallback: number, min = -Infinity): number[] {
  if (value === undefined) return new Array<number>(ndim).fill(fallback);
  if (typeof value === 'number') return new Array<number>(ndim).fill(integer(fn, name, value, fallback, min));
  if (!Array.isArray(value)) throw typeError(fn, name, `an integer or an array of ${ndim} integers`, value);
  if (value.length !== ndim) throw rangeError(fn, name, `an integer or an array of ${ndim} integers (one per axis)`, value);
  return value.map((v, i) => integer(fn, `${name}[${i}]`, v, fallback, min));
}

/** A number or one per axis, allowing non-integers (sigma). */
export function perAxisNumber(fn: string, name: string, value: unknown, ndim: number, min: number): number[] {
  const one = (v: unknown, label: string): number => {
    if (typeof v !== 'number') throw typeError(fn, label, 'a finite number', v);
    if (!Number.isFinite(v) || v < min) throw rangeError(fn, label, `a finite number ≥ ${min}`, v);
    return v;
  };
  if (typeof value === 'number' || !Array.isArray(value)) return new Array<number>(ndim).fill(one(value, name));
  if (value.length !== ndim) throw rangeError(fn, name, `a number or an array of ${ndim} numbers (one per axis)`, value);
  return value.map((v, i) => one(v, `${name}[${i}]`));
}

/** A boolean flag. */
export function flag(fn: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw typeError(fn, name, 'a boolean', value);
  return value;
}
