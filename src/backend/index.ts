// Which backend runs a plan. The native addon is optional: 'auto' uses it when it loads and the
// pure-TypeScript executor otherwise; both execute the same plans. The js-only part (types, argument
// checks, the executor) lives in js.ts, shared with the browser build's backend (browser.ts).

import { availableParallelism, cpus } from 'node:os';
import type { FloatArray } from '../core/ndarray';
import type { Plan } from '../core/plan';
import type { Engine } from '../core/cost';
import { rangeError } from '../core/errors';
import { scoreTemplate as scoreTemplateJs } from '../fallback/template_scores';
import { CHOICES, checkChoice, checkThreads, runJs, type BackendChoice, type BackendInfo } from './js';
import { loadNative, type NativeAddon } from './native';
import { floatToLevelsJs, levelsToFloatJs } from '../fallback/pixels';
import { traceJs, traceNative, tracing } from './trace';

export type { BackendChoice, BackendInfo } from './js';
const defaultThreads = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length || 1;

let choice: BackendChoice = 'auto';
let chosenBy = 'the default'; // what set `choice`, for backend().reason
let choiceError: Error | null = null; // a bad SIMDCONV_BACKEND, reported on first use rather than at import
let threads = defaultThreads;

const env = process.env.SIMDCONV_BACKEND;
if (env !== undefined && env !== '') {
  if ((CHOICES as readonly string[]).includes(env)) {
    choice = env as BackendChoice;
    chosenBy = `SIMDCONV_BACKEND=${env}`;
  }
  else choiceError = rangeError('SIMDCONV_BACKEND', 'the environment variable', "'auto', 'native' or 'js'", env);
}

function nativeOrThrow(): NativeAddon {
  const { addon, error } = loadNative();
  if (!addon) throw new Error(`simdconv: the native backend is not available: ${error}`);
  return addon;
}

/** The addon to run on, or null for the js executor. */
function active(): NativeAddon | null {
  if (choiceError) throw choiceError;
  if (choice === 'js') return null;
  if (choice === 'native') return nativeOrThrow();
  return loadNative().addon;
}

/** Choose the backend: 'native' throws when the addon cannot be loaded, 'auto' falls back silently. */
export function setBackend(name: BackendChoice): void {
  checkChoice(name);
  if (name === 'native') nativeOrThrow();
  choice = name;
  chosenBy = `setBackend('${name}')`;
  choiceError = null;
}

/** What runs the next call. */
export function backend(): BackendInfo {
  const addon = active();
  if (!addon) {
    const reason = choice === 'js' ? `${chosenBy} chose the js backend` : loadNative().error ?? 'the native addon did not load';
    return { name: 'js', isa: null, threads: 1, reason };
  }
  return { name: 'native', isa: addon.info().isa as BackendInfo['isa'], threads };
}

/** What the cost model prices: the js fallback or the addon. */
export function engine(): Engine {
  return active() ? 'native' : 'js';
}

/** Threads one native call may use (default: all cores). */
export function setThreads(n: number): void {
  threads = checkThreads(n);
}

const PRIVATE_OUTPUT = 2; // NativeAddon.executeAsync's `private` bit for the output
const TRACE = 4; // … and its bit asking for the paths taken

export function execute(plan: Plan, input: FloatArray, out: FloatArray): void {
  const addon = active();
  if (!tracing()) {
    if (addon) addon.execute(plan, input, out, threads);
    else runJs(plan, input, out);
  } else if (addon) {
    traceNative(plan, input, addon.execute(plan, input, out, threads, true));
  } else {
    traceJs(plan, input);
    runJs(plan, input, out);
  }
}

/** `outIsPrivate`: `out` was allocated for this call and no caller can reach it before it settles. */
export async function executeAsync(plan: Plan, input: FloatArray, out: FloatArray, outIsPrivate = false): Promise<void> {
  const addon = active();
  if (addon) {
    const traced = tracing();
    const line = await addon.executeAsync(plan, input, out, threads, (outIsPrivate ? PRIVATE_OUTPUT : 0) | (traced ? TRACE : 0));
    if (traced) traceNative(plan, input, line, ' (async)');
  } else {
    if (tracing()) traceJs(plan, input);
    runJs(plan, input, out);
  }
}

/** matchTemplate's scores from its correlations (src/fallback/template_scores.ts), on the calling thread. */
export function scoreTemplate(...args: Parameters<typeof scoreTemplateJs>): void {
  const addon = active();
  if (addon?.scoreTemplate) addon.scoreTemplate(...args);
  else scoreTemplateJs(...args);
}

/** image.fromPixels' conversion (src/fallback/pixels.ts), on the addon's threads when it has it. */
export function levelsToFloat(src: Uint8Array | Uint16Array, out: Float32Array): void {
  const addon = active();
  if (addon?.levelsToFloat) addon.levelsToFloat(src, out, threads);
  else levelsToFloatJs(src, out);
}

/** image.toPixels' conversion (src/fallback/pixels.ts), on the addon's threads when it has it. */
export function floatToLevels(src: FloatArray, out: Uint8ClampedArray, a: number, b: number): void {
  const addon = active();
  if (addon?.floatToLevels) addon.floatToLevels(src, out, a, b, threads);
  else floatToLevelsJs(src, out, a, b);
}
