// Loads the native addon (binding/, built into build/Release or shipped in prebuilds/) once.
// Never throws: when the addon cannot be used, `error` says why and what to do, and callers fall back
// to the TypeScript executor. SIMDCONV_ISA=<name> forces a kernel ISA at load; if this CPU or build
// cannot run it, loading fails with a message listing the ISAs that can. The addon reads SIMDCONV_ISA
// itself, from the process environment, once per process: a worker started with its own `env` cannot
// switch the ISA of the other threads.

import * as path from 'path';
import type { FloatArray } from '../core/ndarray';
import type { Plan } from '../core/plan';
import type { scoreTemplate } from '../fallback/template_scores';

export interface NativeInfo {
  /** The kernel ISA every call runs with. */
  isa: string;
  /** The ISAs this CPU and build can run, best first. */
  isas: string[];
  hardwareThreads: number;
  /** Why SIMDCONV_ISA could not be applied; null when it was, or is unset. */
  isaError: string | null;
  /** True: plans with method 'fft' run on binding/execute_fft.cc (an addon without it is out of date). */
  fft: boolean;
}

/** The addon's exports. Arguments are trusted to be validated by the caller; the addon re-checks
 *  them anyway and throws a `simdconv native: …` TypeError or RangeError rather than misbehave. */
export interface NativeAddon {
  /**
   * Runs `plan` on `input` into `output` (both Float32Array or both Float64Array) on up to `threads`
   * threads. With `trace` true it returns one line naming the paths the executor took (binding/trace.h).
   */
  execute(plan: Plan, input: FloatArray, output: FloatArray, threads: number, trace?: boolean): string | undefined;
  /**
   * The same off the JS thread; rejects instead of throwing. It reads a copy of `input` and writes a
   * copy of `output`, copied in when it settles (rejecting if `output` was detached meanwhile), so
   * callers may do anything to the arrays. `private` bit 2: `output` is unreachable by any caller
   * until it settles, so the work writes it directly, saving that copy. Bit 4: resolve with the paths
   * taken (as `execute` with `trace`); otherwise it resolves with undefined.
   */
  executeAsync(plan: Plan, input: FloatArray, output: FloatArray, threads: number, flags?: number): Promise<string | undefined>;
  info(): NativeInfo;
  /** Makes `name` the ISA of every later call; throws an Error listing the available ISAs otherwise. */
  setIsa(name: string): void;
  /** matchTemplate's window sums and scores (src/fallback/template_scores.ts has the contract); absent
   *  from addons built before it, where the js twin runs instead. */
  scoreTemplate?: typeof scoreTemplate;
  /**
   * image.fromPixels' conversion (src/fallback/pixels.ts defines it) on up to `threads` threads.
   * Optional: an addon built before it existed still loads, and the js loop runs instead.
   */
  levelsToFloat?(src: Uint8Array | Uint16Array, out: Float32Array, threads: number): void;
  /** image.toPixels' conversion: Uint8ClampedArray's store of src[i]·a + b, on up to `threads` threads. Optional too. */
  floatToLevels?(src: FloatArray, out: Uint8ClampedArray, a: number, b: number, threads: number): void;
  /** Copies `input` into `output` with non-temporal stores: the streaming limit `npm run bench` prints. */
  streamCopy(input: FloatArray, output: FloatArray): void;
}

export interface NativeLoad {
  addon: NativeAddon | null;
  error: string | null;
}

const EXPORTS = ['execute', 'executeAsync', 'info', 'setIsa'] as const;

let loaded: NativeLoad | undefined;

/** The addon, loaded on first call, or why it is unavailable. */
export function loadNative(): NativeLoad {
  loaded ??= load();
  return loaded;
}

function load(): NativeLoad {
  // The package root, from src/backend under ts tooling and from dist/backend once compiled.
  const root = path.join(__dirname, '..', '..');
  const rebuild = `run \`npm run build:native\` in ${root} (needs cmake, a C++17 compiler and cmake-js, an optional dependency)`;
  let addon: NativeAddon;
  try {
    const nodeGypBuild = require('node-gyp-build') as (dir: string) => unknown;
    addon = nodeGypBuild(root) as NativeAddon;
  } catch (e) {
    return { addon: null, error: `native addon not loaded (${oneLine(e)}); ${rebuild}` };
  }
  const missing = EXPORTS.filter((name) => typeof addon[name] !== 'function');
  if (missing.length > 0) {
    return { addon: null, error: `native addon is out of date (no ${missing.join(', ')}); ${rebuild}` };
  }
  const { isaError, fft } = addon.info();
  if (isaError === undefined) return { addon: null, error: `native addon is out of date (no info().isaError); ${rebuild}` };
  if (fft !== true) return { addon: null, error: `native addon is out of date (no FFT path: info().fft); ${rebuild}` };
  if (isaError !== null) return { addon: null, error: isaError };
  return { addon, error: null };
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();
}
