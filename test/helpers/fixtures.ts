// Golden conformance cases (see ../fixtures/conformance, format in the shared FORMAT.md):
// JSON → typed cases, and the case ARR → NDArray conversion.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NDArray } from '../../src/index';

export const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'conformance');

export type Dtype = 'float32' | 'float64' | 'complex64' | 'complex128';
/** A number as written in the fixtures: non-finite values are the strings below. */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export interface Arr {
  shape: number[];
  dtype: Dtype;
  data: JsonNumber[];
}

export interface ErrorExpect {
  error: string;
  message: string;
}

export interface Case {
  id: string;
  fn: string;
  args: Record<string, unknown>;
  inputs: Record<string, Arr>;
  expect: Arr | ErrorExpect;
  rtol?: number;
  atol?: number;
  tags: string[];
  ref?: string;
  note?: string;
}

export interface Manifest {
  total_cases: number;
  tolerance: Record<string, unknown>;
  files: Record<string, { fn: string; cases: number; error_cases: number; tags: Record<string, number> }>;
}

export function isErrorCase(c: Case): c is Case & { expect: ErrorExpect } {
  return typeof (c.expect as ErrorExpect).error === 'string';
}

export function jsonNumber(x: JsonNumber): number {
  if (typeof x === 'number') return x;
  if (x === 'NaN') return NaN;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  throw new Error(`fixture: unexpected number ${JSON.stringify(x)}`);
}

export function isComplexDtype(d: Dtype): boolean {
  return d === 'complex64' || d === 'complex128';
}

export function isSingleDtype(d: Dtype): boolean {
  return d === 'float32' || d === 'complex64';
}

/**
 * ARR → NDArray. float32/complex64 values are written as their exact float64 value, so storing them
 * in a Float32Array is lossless; float64/complex128 go to a Float64Array.
 */
export function toNDArray(a: Arr): NDArray {
  const complex = isComplexDtype(a.dtype);
  let n = complex ? 2 : 1;
  for (const s of a.shape) n *= s;
  if (a.data.length !== n) throw new Error(`fixture: data length ${a.data.length} ≠ ${n} for shape [${a.shape}] ${a.dtype}`);
  const single = isSingleDtype(a.dtype);
  const data = single ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = jsonNumber(a.data[i]);
    data[i] = x;
    if (single && data[i] !== x && !Number.isNaN(x)) {
      throw new Error(`fixture: ${a.dtype} value ${x} is not exactly representable in float32`);
    }
  }
  const out: NDArray = { data, shape: a.shape.slice() };
  if (complex) out.complex = true;
  return out;
}

/** The dtype name of a result NDArray (what the fixtures call it). */
export function dtypeOfResult(r: NDArray): Dtype | string {
  const single = r.data instanceof Float32Array;
  const double = r.data instanceof Float64Array;
  if (!single && !double) return `not a Float32Array/Float64Array (${Object.prototype.toString.call(r.data)})`;
  if (r.complex) return single ? 'complex64' : 'complex128';
  return single ? 'float32' : 'float64';
}

const cache = new Map<string, Case[]>();

/** All cases of one fn file (parsed once per test file). */
export function loadCases(fn: string, dir = FIXTURE_DIR): Case[] {
  const key = join(dir, `${fn}.json`);
  let cases = cache.get(key);
  if (!cases) {
    cases = JSON.parse(readFileSync(key, 'utf8')) as Case[];
    for (const c of cases) {
      if (c.fn !== fn) throw new Error(`fixture ${fn}.json: case ${c.id} has fn ${c.fn}`);
    }
    cache.set(key, cases);
  }
  return cases;
}

export function loadManifest(dir = FIXTURE_DIR): Manifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
}
