// The backend of the browser build (dist/browser.mjs, the package's `browser` export): the same API as
// index.ts on the pure-TypeScript executor alone. No Node built-ins, no native addon, no tracing, and
// nothing compiled from strings, so it runs under a strict Content-Security-Policy. The build script
// (scripts/build-browser.js) substitutes this module for index.ts.

import type { FloatArray } from '../core/ndarray';
import type { Plan } from '../core/plan';
import type { Engine } from '../core/cost';
import { checkChoice, checkThreads, runJs, type BackendChoice, type BackendInfo } from './js';
import type * as NodeBackend from './index';
import { floatToLevelsJs, levelsToFloatJs } from '../fallback/pixels';

export { scoreTemplate } from '../fallback/template_scores';

export type { BackendChoice, BackendInfo } from './js';

/** Fails to compile when this module stops fitting in index.ts's place (same exports, same types). */
type StandsIn<T extends typeof NodeBackend> = T;
export type BrowserBackend = StandsIn<typeof import('./browser')>;

let choice: BackendChoice = 'auto';

/** 'auto' and 'js' both select the js executor; 'native' throws: a browser has no addon. */
export function setBackend(name: BackendChoice): void {
  const checked = checkChoice(name);
  if (checked === 'native') throw new Error('simdconv: the native backend is not available: this is the browser build (pure TypeScript)');
  choice = checked;
}

/** What runs the next call: always the js executor. */
export function backend(): BackendInfo {
  const reason = choice === 'js' ? "setBackend('js') chose the js backend" : 'browser build: the native addon does not exist here';
  return { name: 'js', isa: null, threads: 1, reason };
}

export function engine(): Engine {
  return 'js';
}

/** Accepted for API parity; the js executor runs on the calling thread. */
export function setThreads(n: number): void {
  checkThreads(n);
}

export function execute(plan: Plan, input: FloatArray, out: FloatArray): void {
  runJs(plan, input, out);
}

/** Runs on the calling thread (there is no addon to run it elsewhere); the promise keeps the API's shape.
 *  `_outIsPrivate` only matters to the addon. */
export async function executeAsync(plan: Plan, input: FloatArray, out: FloatArray, _outIsPrivate = false): Promise<void> {
  runJs(plan, input, out);
}

export function levelsToFloat(src: Uint8Array | Uint16Array, out: Float32Array): void {
  levelsToFloatJs(src, out);
}

export function floatToLevels(src: FloatArray, out: Uint8ClampedArray, a: number, b: number): void {
  floatToLevelsJs(src, out, a, b);
}
