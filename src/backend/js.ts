// What every build shares: the backend types, the checks of setBackend/setThreads arguments and the
// pure-TypeScript executor. Node's backend (index.ts) adds the native addon on top; the browser build
// (browser.ts) uses this alone, so nothing here may touch a Node built-in.

import { executePlan } from '../fallback/execute';
import { executeFft } from '../fallback/execute_fft';
import type { FloatArray } from '../core/ndarray';
import type { Plan } from '../core/plan';
import { rangeError, typeError } from '../core/errors';

export type BackendChoice = 'auto' | 'native' | 'js';
export interface BackendInfo {
  name: 'native' | 'js';
  isa: 'avx512' | 'avx2' | 'neon' | 'scalar' | null;
  threads: number;
  /** Why the native addon is not in use (only when name is 'js'): the choice, or why it did not load. */
  reason?: string;
}

export const CHOICES: readonly BackendChoice[] = ['auto', 'native', 'js'];
const CHOICE_TEXT = "'auto', 'native' or 'js'";

/** setBackend's argument, checked. */
export function checkChoice(name: unknown): BackendChoice {
  if (typeof name !== 'string') throw typeError('setBackend', 'name', CHOICE_TEXT, name);
  if (!(CHOICES as readonly string[]).includes(name)) throw rangeError('setBackend', 'name', CHOICE_TEXT, name);
  return name as BackendChoice;
}

/** setThreads' argument, checked. */
export function checkThreads(n: unknown): number {
  if (typeof n !== 'number') throw typeError('setThreads', 'n', 'a positive integer', n);
  if (!Number.isSafeInteger(n) || n < 1 || n > 1024) throw rangeError('setThreads', 'n', 'an integer from 1 to 1024', n);
  return n;
}

/** The js executors: the plan's method picks the FFT or the direct sum. */
export function runJs(plan: Plan, input: FloatArray, out: FloatArray): void {
  if (plan.method === 'fft' && plan.axes.length > 0) executeFft(plan, input, out);
  else executePlan(plan, input, out);
}
