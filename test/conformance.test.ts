// Golden cases from NumPy/SciPy/OpenCV (test/fixtures/conformance, format in FORMAT.md), on both
// backends: one test per case, named by its id; per fn file a dtype tally and an …Async pass.
//
// Left out: skimage_match_template.json — no simdconv API maps to skimage.feature.match_template.

import { describe, expect, it } from 'vitest';
import * as lib from '../src/index';
import { describeBackends } from './helpers/backends';
import { compareArrays } from './helpers/compare';
import { caseSkipReason, LEFT_OUT, resolve, runCase, runCaseAsync, SPECS } from './helpers/conformance';
import { isErrorCase, loadCases, loadManifest, toNDArray, type Arr } from './helpers/fixtures';

const manifest = loadManifest();

describe('conformance fixtures', () => {
  it('every file in the manifest is present with its case count, and each is run or left out on purpose', () => {
    const mapped = new Set([...SPECS.map((s) => s.fn), ...Object.keys(LEFT_OUT)]);
    let total = 0;
    for (const [file, info] of Object.entries(manifest.files)) {
      const fn = file.replace(/\.json$/, '');
      const cases = loadCases(fn);
      expect(cases.length, file).toBe(info.cases);
      expect(cases.filter(isErrorCase).length, `${file} error cases`).toBe(info.error_cases);
      expect(mapped.has(fn), `${fn} has no call mapping`).toBe(true);
      total += cases.length;
    }
    expect(total).toBe(manifest.total_cases);
  });
});

describe('harness', () => {
  it('ARR → NDArray: dtypes, complex flag, non-finite strings, exact float32 values', () => {
    const f32 = toNDArray({ shape: [2, 2], dtype: 'float32', data: [0.10000000149011612, 'NaN', 'Infinity', '-Infinity'] });
    expect(f32.data).toBeInstanceOf(Float32Array);
    expect(f32.data[0]).toBe(Math.fround(0.1));
    expect(Number.isNaN(f32.data[1])).toBe(true);
    expect([f32.data[2], f32.data[3]]).toEqual([Infinity, -Infinity]);
    const c128 = toNDArray({ shape: [1], dtype: 'complex128', data: [1, -2] });
    expect(c128.data).toBeInstanceOf(Float64Array);
    expect(c128.complex).toBe(true);
    expect(toNDArray({ shape: [0, 5], dtype: 'float64', data: [] }).shape).toEqual([0, 5]);
    expect(() => toNDArray({ shape: [1], dtype: 'float32', data: [0.1] })).toThrow(/not exactly representable/);
  });

  it('comparison rule of FORMAT.md §3', () => {
    const tol = { rtol: 1e-3, atol: 1e-6 };
    const arr = (data: number[], shape = [data.length], complex = false) => ({ data: Float64Array.from(data), shape, complex });
    expect(compareArrays(arr([1, 2]), arr([1, 2.002]), tol).ok).toBe(true);
    expect(compareArrays(arr([1, 2]), arr([1, 2.003]), tol).ok).toBe(false);
    expect(compareArrays(arr([NaN, Infinity]), arr([NaN, Infinity]), tol).ok).toBe(true);
    expect(compareArrays(arr([0, Infinity]), arr([NaN, Infinity]), tol).ok).toBe(false);
    expect(compareArrays(arr([NaN, 1]), arr([0, 1]), tol).ok).toBe(false);
    expect(compareArrays(arr([-Infinity]), arr([Infinity]), tol).ok).toBe(false);
    expect(compareArrays(arr([1, 2]), arr([1, 2], [1, 2]), tol).message).toMatch(/shape \[2\] ≠ expected \[1, 2\]/);
    expect(compareArrays(arr([1, 0]), arr([1], [1]), tol).ok).toBe(false);
    expect(compareArrays(arr([1, 0], [1], true), arr([1], [1]), tol).message).toMatch(/complex, expected real/);
    // complex: modulus of the difference against atol + rtol·|expect|
    expect(compareArrays(arr([3, 4.0049], [1], true), arr([3, 4], [1], true), tol).ok).toBe(true);
    expect(compareArrays(arr([3.004, 4.004], [1], true), arr([3, 4], [1], true), tol).ok).toBe(false);
    const bad = compareArrays(arr([0, 0, 5, 0], [2, 2]), arr([0, 0, 0, 0], [2, 2]), tol);
    expect(bad.failures).toBe(1);
    expect(bad.message).toMatch(/1 of 4 elements.*\n.*at \[1, 0\]: actual 5/);
  });
});

/** At most this many failure accounts in one aggregate test's message. */
const SHOW = 8;

function summarise(title: string, failures: string[]): string {
  const shown = failures.slice(0, SHOW).join('\n\n');
  const more = failures.length > SHOW ? `\n\n… and ${failures.length - SHOW} more` : '';
  return `${failures.length} ${title}:\n\n${shown}${more}`;
}

describeBackends((b) => {
  it(`backend() reports '${b.name}'`, () => {
    expect(lib.backend().name).toBe(b.name);
  });

  for (const spec of SPECS) {
    // A missing export fails here (and in every case below), never skips.
    describe(spec.fn, () => {
      it(`${spec.api} is exported`, () => {
        expect(resolve(spec), `${spec.api} is not exported`).toBeTypeOf('function');
      });
      const cases = loadCases(spec.fn);
      const valueCases = cases.filter((c) => !isErrorCase(c) && caseSkipReason(c) === null);
      /** Result dtype per case id, filled by the per-case tests and completed by the tally. */
      const dtypes = new Map<string, string | null>();

      for (const c of cases) {
        const skip = caseSkipReason(c);
        it.skipIf(skip !== null)(skip === null ? c.id : `${c.id} (skipped: ${skip})`, () => {
          const { failure, dtype } = runCase(spec, c);
          dtypes.set(c.id, dtype);
          if (failure !== null) throw new Error(failure);
        });
      }

      it(`result dtype equals expect.dtype on all ${valueCases.length} value cases`, () => {
        const mismatches: string[] = [];
        let unknown = 0;
        for (const c of valueCases) {
          if (!dtypes.has(c.id)) dtypes.set(c.id, runCase(spec, c).dtype);
          const got = dtypes.get(c.id);
          const want = (c.expect as Arr).dtype;
          if (got === null || got === undefined) unknown++;
          else if (got !== want) {
            const ins = Object.entries(c.inputs).map(([k, v]) => `${k}:${v.dtype}`).join(', ');
            mismatches.push(`${c.id}: got ${got}, expected ${want} (inputs ${ins})`);
          }
        }
        if (mismatches.length > 0) {
          throw new Error(summarise(`dtype mismatches (${unknown} cases threw and are not counted)`, mismatches));
        }
      });

      it(
        `${spec.api}Async agrees on all ${cases.filter((c) => caseSkipReason(c) === null).length} cases (values resolve, errors reject)`,
        async () => {
          expect(resolve(spec, true), `${spec.api}Async is not exported`).toBeTypeOf('function');
          const failures: string[] = [];
          for (const c of cases) {
            if (caseSkipReason(c) !== null) continue;
            const f = await runCaseAsync(spec, c);
            if (f !== null) failures.push(f);
          }
          if (failures.length > 0) throw new Error(summarise(`${spec.api}Async failures`, failures));
        },
        120_000,
      );
    });
  }
});
