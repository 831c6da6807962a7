// Every suite runs on both backends. The native half is skipped — visibly, with the loader's own
// reason in the suite title — when the addon cannot load, except in the CI run that sets
// SIMDCONV_BACKEND=native: there an unloadable addon must fail the suite instead.

import { beforeEach, describe } from 'vitest';
import * as lib from '../../src/index';

export type BackendName = 'js' | 'native';

export interface BackendCase {
  name: BackendName;
  /** Why this backend's tests are skipped, or null when they run. */
  skipReason: string | null;
  /** The suite title; carries the skip reason so it shows in every reporter. */
  label: string;
}

/** Whether `setBackend('native')` works here, and if not, the loader's message. The backend is restored. */
export function probeNative(): { ok: true } | { ok: false; reason: string } {
  try {
    lib.setBackend('native');
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  } finally {
    // back to the default choice (SIMDCONV_BACKEND or 'auto'); 'native' may be the unloadable one
    const env = process.env.SIMDCONV_BACKEND;
    try {
      lib.setBackend(env === 'js' || env === 'native' ? env : 'auto');
    } catch {
      lib.setBackend('auto');
    }
  }
}

/** True in the CI run where the native addon must load and run. */
export const NATIVE_REQUIRED = process.env.SIMDCONV_BACKEND === 'native';

const probe = probeNative();
/** Why native tests are skipped here, or null when they run (always null when NATIVE_REQUIRED). */
export const NATIVE_SKIP_REASON: string | null = probe.ok || NATIVE_REQUIRED ? null : oneLine(probe.reason);

function oneLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim() !== '') ?? s;
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

export const BACKENDS: BackendCase[] = [
  { name: 'js', skipReason: null, label: 'js' },
  {
    name: 'native',
    skipReason: NATIVE_SKIP_REASON,
    label: NATIVE_SKIP_REASON === null ? 'native' : `native (skipped: ${NATIVE_SKIP_REASON})`,
  },
];

if (NATIVE_SKIP_REASON !== null) {
  // Also on stderr, once per test file, so a skipped native half is never silent.
  console.warn(`[simdconv tests] native backend skipped: ${NATIVE_SKIP_REASON}`);
}

/**
 * describe() once per backend, selecting it before every test. With SIMDCONV_BACKEND=native and an
 * unloadable addon, setBackend('native') throws in beforeEach and every native test fails with the reason.
 */
export function describeBackends(body: (b: BackendCase) => void): void {
  // The outer title is the bare name (describe.each truncates long interpolations); the inner one
  // carries the skip reason in full.
  describe.each(BACKENDS)('$name', (b) => {
    describe.skipIf(b.skipReason !== null)(b.label, () => {
      beforeEach(() => {
        lib.setBackend(b.name);
      });
      body(b);
    });
  });
}
