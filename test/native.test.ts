// The native addon against the TypeScript executor it mirrors, and the addon's own contract: it
// re-checks every plan invariant (and throws, never crashes), settles its Promises, gives the same bits
// whatever the thread count, and loads from prebuilds/ when there is no build/.
//
// Skipped, with the loader's reason, when the addon is not built; with SIMDCONV_BACKEND=native a
// missing addon fails instead.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadNative, type NativeAddon } from '../src/backend/native';
import { Border } from '../src/core/border';
import { makePlan, product, type AxisGeometry, type Plan } from '../src/core/plan';
import { executePlan } from '../src/fallback/execute';
import { geo } from './helpers/geometry';
import { Rng } from './helpers/random';

type FloatArray = Float32Array | Float64Array;
type Dtype = 'float32' | 'float64';

const loaded = loadNative();
const REQUIRED = process.env.SIMDCONV_BACKEND === 'native';
const SKIP_REASON = loaded.addon || REQUIRED ? null : loaded.error;
if (SKIP_REASON !== null) console.warn(`[simdconv tests] native addon tests skipped: ${SKIP_REASON}`);
const title = (name: string): string => (SKIP_REASON === null ? name : `${name} (skipped: ${SKIP_REASON})`);

/** The addon, or the loader's reason as a failure (reached only when it must load). */
function native(): NativeAddon {
  if (!loaded.addon) throw new Error(`the native addon must load (SIMDCONV_BACKEND=native): ${loaded.error}`);
  return loaded.addon;
}

const ROOT = path.join(__dirname, '..');

// ---- plans and data ------------------------------------------------------------------------------

interface PlanOptions {
  complexInput?: boolean;
  complexWeights?: boolean;
  fill?: [number, number];
}

function randomPlan(rng: Rng, axes: AxisGeometry[], o: PlanOptions = {}): Plan {
  const taps = product(axes.map((a) => a.taps));
  const weights = rng.fill(o.complexWeights ? 2 * taps : taps, 'float64') as Float64Array;
  return makePlan(axes, weights, o.complexInput ?? false, o.complexWeights ?? false, o.fill ?? [0, 0]);
}

function inputFor(rng: Rng, plan: Plan, dtype: Dtype): FloatArray {
  return rng.fill(product(plan.axes.map((a) => a.inLen)) * (plan.complexInput ? 2 : 1), dtype);
}

function outputFor(plan: Plan, input: FloatArray): FloatArray {
  const n = product(plan.axes.map((a) => a.outLen)) * (plan.complexInput || plan.complexWeights ? 2 : 1);
  return input instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
}

/** The error scale of a dot product: rtol · Σ|w| · max|x or fill| (rtol as in test/cpp/kernel_test). */
function tolerance(plan: Plan, input: FloatArray): number {
  let w = 0;
  for (const v of plan.weights) w += Math.abs(v);
  let x = Math.max(Math.abs(plan.fill[0]), Math.abs(plan.fill[1]));
  for (const v of input) x = Math.max(x, Math.abs(v));
  return (input instanceof Float32Array ? 1e-5 : 1e-12) * w * x + Number.MIN_VALUE;
}

function expectClose(actual: FloatArray, expected: FloatArray, tol: number, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) if (!(Math.abs(actual[i] - expected[i]) <= Math.abs(actual[worst] - expected[worst]))) worst = i;
  if (actual.length > 0) {
    expect(Math.abs(actual[worst] - expected[worst]), `${what}: element ${worst} is ${actual[worst]}, js says ${expected[worst]}`).toBeLessThanOrEqual(tol);
  }
}

/** Runs `plan` on both backends and checks they agree; returns the native result. */
function expectMatchesJs(plan: Plan, input: FloatArray, what: string, threads = 1): FloatArray {
  const js = outputFor(plan, input);
  executePlan(plan, input, js);
  const out = outputFor(plan, input);
  native().execute(plan, input, out, threads);
  expectClose(out, js, tolerance(plan, input), what);
  return out;
}

function sameBits(a: FloatArray, b: FloatArray): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** A random plan of 1–3 axes with every feature: borders, strides, dilations, empty axes, complex. */
function randomCase(seed: number): { plan: Plan; input: FloatArray } {
  const rng = new Rng(seed);
  const axes = Array.from({ length: rng.int(1, 3) }, () => {
    const taps = rng.int(1, 4);
    const dilation = rng.int(1, 3);
    return geo(rng.bool(0.1) ? 0 : rng.int(1, 9), taps, {
      stride: rng.int(1, 3),
      dilation,
      outLen: rng.bool(0.05) ? 0 : rng.int(1, 9),
      start: rng.int(-(taps - 1) * dilation - 2, 2),
      border: rng.pick([Border.Constant, Border.Wrap, Border.Reflect, Border.Mirror, Border.Nearest]),
    });
  });
  const plan = randomPlan(rng, axes, {
    complexInput: rng.bool(0.3),
    complexWeights: rng.bool(0.3),
    fill: [rng.uniform(-3, 3), rng.uniform(-3, 3)],
  });
  return { plan, input: inputFor(rng, plan, rng.pick(['float32', 'float64'] as const)) };
}

// ---- the addon -----------------------------------------------------------------------------------

describe.skipIf(SKIP_REASON !== null)(title('native addon'), () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is reported available by the loader', () => {
    expect(loaded.error).toBeNull();
    const info = native().info();
    expect(info.isas).toContain(info.isa);
    expect(info.isas[info.isas.length - 1]).toBe('scalar');
    expect(info.hardwareThreads).toBeGreaterThanOrEqual(1);
  });

  it('switches ISA with setIsa and rejects unknown ones, listing the available ISAs', () => {
    const addon = native();
    const before = addon.info().isa;
    try {
      addon.setIsa('scalar');
      expect(addon.info().isa).toBe('scalar');
      expect(() => addon.setIsa('avx9000')).toThrow(/^simdconv native: ISA 'avx9000' .*\(available: .*scalar\)$/);
      expect(addon.info().isa).toBe('scalar');
      expect(() => addon.setIsa(7 as unknown as string)).toThrow(TypeError);
    } finally {
      addon.setIsa(before);
    }
  });

  it('reads SIMDCONV_ISA once per process: a worker started with its own env cannot switch the ISA', async () => {
    // (Applying SIMDCONV_ISA at load, and refusing an unavailable one, is tested in child processes
    // in isa.test.ts: the addon reads it from the process environment once.)
    const addon = native();
    const before = addon.info().isa;
    const other = addon.info().isas.find((isa) => isa !== before) ?? 'scalar';
    const script = `
      const { parentPort } = require('node:worker_threads');
      const s = require(${JSON.stringify(path.join(__dirname, '..', 'dist', 'index.js'))});
      let r;
      try { s.setBackend('native'); r = s.backend().isa; } catch (e) { r = e.message; }
      parentPort.postMessage(r);`;
    for (const isa of [other, 'avx9000']) {
      const worker = new Worker(script, { eval: true, env: { ...process.env, SIMDCONV_ISA: isa } });
      const seen = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      await worker.terminate();
      expect(seen).toBe(before);
      expect(addon.info().isa).toBe(before);
      expect(addon.info().isaError).toBeNull();
    }
  });

  describe('matches hand-computed results', () => {
    it('1-D, constant border with a fill value', () => {
      const plan = makePlan([geo(4, 3)], Float64Array.from([1, 2, 3]), false, false, [10, 0]);
      for (const x of [Float64Array.from([1, 2, 3, 4]), Float32Array.from([1, 2, 3, 4])]) {
        const out = outputFor(plan, x);
        native().execute(plan, x, out, 1);
        expect(Array.from(out)).toEqual([18, 14, 20, 41]); // 10·1 + 1·2 + 2·3, …, 3·1 + 4·2 + 10·3
      }
    });

    it('complex × complex, complex × real, real × complex', () => {
      const run = (plan: Plan, x: number[]): number[] => {
        const input = Float64Array.from(x);
        const out = outputFor(plan, input);
        native().execute(plan, input, out, 1);
        return Array.from(out);
      };
      const one = [geo(2, 1)];
      // (1 + 2i)(2 − i) = 4 + 3i; (3 − i)(2 − i) = 5 − 5i
      expect(run(makePlan(one, Float64Array.from([2, -1]), true, true, [0, 0]), [1, 2, 3, -1])).toEqual([4, 3, 5, -5]);
      expect(run(makePlan(one, Float64Array.from([2]), true, false, [0, 0]), [1, 2, 3, -1])).toEqual([2, 4, 6, -2]);
      expect(run(makePlan(one, Float64Array.from([1, 1]), false, true, [0, 0]), [1, 2])).toEqual([1, 1, 2, 2]);
    });

    it('a complex fill value in both components', () => {
      const plan = makePlan([geo(1, 3)], Float64Array.from([1, 1, 1]), true, false, [5, -7]);
      const out = new Float64Array(2);
      native().execute(plan, Float64Array.from([1, 2]), out, 1);
      expect(Array.from(out)).toEqual([11, -12]); // (5 − 7i) + (1 + 2i) + (5 − 7i)
    });
  });

  describe('matches the TypeScript executor', () => {
    const rng = new Rng(12345);
    const cases: [string, () => { plan: Plan; input: FloatArray }][] = [
      ['real f64 2-D reflect', () => mk([geo(7, 3, { border: Border.Reflect }), geo(9, 4, { border: Border.Reflect })], 'float64')],
      ['real f32 2-D wrap', () => mk([geo(7, 3, { border: Border.Wrap }), geo(9, 5, { border: Border.Wrap })], 'float32')],
      ['stride and dilation', () => mk([geo(11, 3, { stride: 2, dilation: 2 }), geo(13, 4, { stride: 3, dilation: 2, border: Border.Mirror })], 'float64')],
      ['3-D', () => mk([geo(4, 2, { border: Border.Nearest }), geo(5, 3), geo(6, 3, { border: Border.Mirror })], 'float64')],
      ['valid (rows read in place)', () => mk([geo(6, 3, { start: 0, outLen: 4 }), geo(10, 4, { start: 0, outLen: 7 })], 'float32')],
      ['complex input', () => mk([geo(5, 3), geo(6, 2)], 'float64', { complexInput: true, fill: [1.5, -2] })],
      ['complex weights', () => mk([geo(5, 3), geo(6, 2)], 'float32', { complexWeights: true, fill: [0.5, 3] })],
      ['complex × complex', () => mk([geo(5, 3), geo(6, 3, { dilation: 2 })], 'float64', { complexInput: true, complexWeights: true, fill: [2, 1] })],
      ['kernel longer than the input', () => mk([geo(2, 7, { border: Border.Mirror }), geo(3, 9, { border: Border.Reflect })], 'float64')],
      ['input of length 0 (all fill)', () => mk([geo(0, 2, { outLen: 3 }), geo(4, 2)], 'float64', { fill: [3, 0] })],
      ['empty output, last axis', () => mk([geo(3, 2), geo(4, 2, { outLen: 0 })], 'float64')],
      ['empty output, leading axis', () => mk([geo(3, 2, { outLen: 0 }), geo(4, 2)], 'float32', { complexInput: true })],
    ];
    function mk(axes: AxisGeometry[], dtype: Dtype, o: PlanOptions = {}): { plan: Plan; input: FloatArray } {
      const plan = randomPlan(rng, axes, o);
      return { plan, input: inputFor(rng, plan, dtype) };
    }
    it.each(cases)('%s', (name, make) => {
      const { plan, input } = make();
      expectMatchesJs(plan, input, name);
    });

    it('on every ISA over 300 seeded random plans (seed named on failure)', () => {
      const addon = native();
      const before = addon.info().isa;
      try {
        for (const isa of addon.info().isas) {
          addon.setIsa(isa);
          for (let seed = 1; seed <= 300; seed++) {
            const { plan, input } = randomCase(seed);
            expectMatchesJs(plan, input, `${isa}, seed ${seed}`, 1 + (seed % 2));
          }
        }
      } finally {
        addon.setIsa(before);
      }
    });

    it('reads and writes typed arrays at a byte offset', () => {
      const plan = randomPlan(rng, [geo(5, 3), geo(7, 3)]);
      const input = new Float64Array(3 + 35).subarray(3);
      input.set(rng.fill(35, 'float64'));
      const js = new Float64Array(35);
      executePlan(plan, input, js);
      const backing = new Float64Array(35 + 5).fill(-99);
      native().execute(plan, input, backing.subarray(2, 37), 1);
      expectClose(backing.subarray(2, 37), js, tolerance(plan, input), 'offset');
      expect([...backing.subarray(0, 2), ...backing.subarray(37)]).toEqual([-99, -99, -99, -99, -99]);
    });
  });

  describe('gives identical bits on 1 and 2 threads', () => {
    const rng = new Rng(777);
    const big: [string, AxisGeometry[], PlanOptions, Dtype][] = [
      ['2-D row bands, f32', [geo(300, 5), geo(400, 5, { border: Border.Reflect })], {}, 'float32'],
      ['2-D row bands, complex × complex f64', [geo(120, 3), geo(150, 3)], { complexInput: true, complexWeights: true }, 'float64'],
      ['1-D column bands, f64', [geo(200_003, 31, { border: Border.Wrap })], {}, 'float64'],
      ['1-D column bands, in place, f32', [geo(100_001, 17, { start: 0, outLen: 100_001 - 16 })], {}, 'float32'],
      ['few long rows, complex weights', [geo(3, 3), geo(50_000, 7, { stride: 2 })], { complexWeights: true }, 'float32'],
    ];
    it.each(big)('%s', (name, axes, o, dtype) => {
      const plan = randomPlan(rng, axes, o);
      const input = inputFor(rng, plan, dtype);
      const one = expectMatchesJs(plan, input, name, 1);
      const two = outputFor(plan, input);
      native().execute(plan, input, two, 2);
      expect(sameBits(one, two)).toBe(true);
    });
  });

  describe('re-checks every plan invariant: throws, never crashes', () => {
    const rng = new Rng(99);
    const base = (): { plan: Plan; input: Float64Array; output: Float64Array } => {
      const plan = randomPlan(rng, [geo(4, 3), geo(5, 2)]);
      const input = inputFor(rng, plan, 'float64') as Float64Array;
      return { plan, input, output: outputFor(plan, input) as Float64Array };
    };
    type Args = [unknown, unknown, unknown, unknown];
    // Each case: how to break a valid call, and the error it must raise.
    const bad: [string, (a: ReturnType<typeof base>) => Args, ErrorConstructor, RegExp][] = [
      ['no arguments', () => [undefined, undefined, undefined, undefined], TypeError, /plan must be an object/],
      ['plan is null', (a) => [null, a.input, a.output, 1], TypeError, /plan must be an object \(got null\)/],
      ['axes empty', (a) => [{ ...a.plan, axes: [] }, a.input, a.output, 1], TypeError, /plan\.axes must be a non-empty array/],
      ['head too long', (a) => [with0(a.plan, { head: new Int32Array(7).fill(-1) }), a.input, a.output, 1], RangeError, /plan\.axes\[0\]\.head must be an Int32Array of length at most 6 \(got Int32Array\(7\)\)/],
      ['segments miss a position', (a) => [with0(a.plan, { runLength: 3 }), a.input, a.output, 1], RangeError, /plan\.axes\[0\]\.head, runLength and tail must be covering 6 map positions \(got 1 \+ 3 \+ 1\)/],
      ['head entry ≥ inLen', (a) => [with0(a.plan, { head: Int32Array.of(4) }), a.input, a.output, 1], RangeError, /plan\.axes\[0\]\.head\[0\] must be −1 or an index below inLen = 4 \(got 4\)/],
      ['tail entry < −1', (a) => [with0(a.plan, { tail: Int32Array.of(-2) }), a.input, a.output, 1], RangeError, /tail\[0\]/],
      ['run reads past the input', (a) => [with0(a.plan, { shift: 0 }), a.input, a.output, 1], RangeError, /plan\.axes\[0\]\.shift must be such that the run reads inside inLen = 4 \(got 0 \(reads 1 … 4\)\)/],
      ['run reads before the input', (a) => [with0(a.plan, { shift: -2 }), a.input, a.output, 1], RangeError, /reads -1 … 2/],
      ['shift 1.5', (a) => [with0(a.plan, { shift: 1.5 }), a.input, a.output, 1], RangeError, /shift must be an integer/],
      ['head not an Int32Array', (a) => [with0(a.plan, { head: Array.from(a.plan.axes[0].head) as unknown as Int32Array }), a.input, a.output, 1], TypeError, /head must be an Int32Array/],
      ['taps 0', (a) => [with0(a.plan, { taps: 0 }), a.input, a.output, 1], RangeError, /plan\.axes\[0\]\.taps must be an integer from 1/],
      ['stride 1.5', (a) => [with0(a.plan, { stride: 1.5 }), a.input, a.output, 1], RangeError, /stride/],
      ['inLen a string', (a) => [with0(a.plan, { inLen: '4' as unknown as number }), a.input, a.output, 1], TypeError, /inLen must be a number \(got '4'\)/],
      ['wrong weights length', (a) => [{ ...a.plan, weights: new Float64Array(5) }, a.input, a.output, 1], RangeError, /plan\.weights must be a Float64Array of length 6 \(got Float64Array\(5\)\)/],
      ['weights not Float64Array', (a) => [{ ...a.plan, weights: new Float32Array(6) }, a.input, a.output, 1], TypeError, /plan\.weights/],
      ['complexInput not a boolean', (a) => [{ ...a.plan, complexInput: 1 }, a.input, a.output, 1], TypeError, /plan\.complexInput must be a boolean/],
      ['fill not a pair', (a) => [{ ...a.plan, fill: [1] }, a.input, a.output, 1], TypeError, /plan\.fill/],
      ['sizes overflow', (a) => [{ ...a.plan, axes: [0, 1, 2].map(() => ({ inLen: 2 ** 31 - 1, outLen: 0, taps: 1, stride: 1, dilation: 1, head: new Int32Array(0), runLength: 0, shift: 0, tail: new Int32Array(0) })), weights: new Float64Array(1) }, a.input, a.output, 1], RangeError, /addressable/],
      ['input a plain array', (a) => [a.plan, Array.from(a.input), a.output, 1], TypeError, /input must be a Float32Array or Float64Array \(got an array of length 20\)/],
      ['input an Int32Array', (a) => [a.plan, new Int32Array(20), a.output, 1], TypeError, /input must be a Float32Array or Float64Array \(got Int32Array\(20\)\)/],
      ['input and output types differ', (a) => [a.plan, a.input, new Float32Array(a.output.length), 1], TypeError, /output must be a Float64Array, like the input/],
      ['wrong input length', (a) => [a.plan, a.input.subarray(1), a.output, 1], RangeError, /input must be of length 20 \(got Float64Array\(19\)\)/],
      ['wrong output length', (a) => [a.plan, a.input, new Float64Array(a.output.length + 1), 1], RangeError, /output must be of length 20/],
      ['detached input', (a) => [a.plan, detached(a.input), a.output, 1], RangeError, /input must be of length 20 \(got Float64Array\(0\)\)/],
      ['threads 0', (a) => [a.plan, a.input, a.output, 0], RangeError, /threads must be an integer from 1 to 1024/],
      ['threads a string', (a) => [a.plan, a.input, a.output, '2'], TypeError, /threads must be a number/],
    ];
    function with0(plan: Plan, change: Record<string, unknown>): Plan {
      return { ...plan, axes: [{ ...plan.axes[0], ...change }, ...plan.axes.slice(1)] } as Plan;
    }
    function detached(a: Float64Array): Float64Array {
      const copy = new Float64Array(a);
      structuredClone(copy.buffer, { transfer: [copy.buffer] });
      return copy;
    }

    it.each(bad)('%s: execute throws', (_, make, kind, message) => {
      const args = make(base()) as Parameters<NativeAddon['execute']>;
      expect(() => native().execute(...args)).toThrow(kind);
      expect(() => native().execute(...args)).toThrow(/^simdconv native: /);
      expect(() => native().execute(...args)).toThrow(message);
    });

    it.each(bad)('%s: executeAsync rejects', async (_, make, kind, message) => {
      const args = make(base()) as Parameters<NativeAddon['executeAsync']>;
      const settled = native().executeAsync(...args); // must not throw synchronously
      await expect(settled).rejects.toThrow(kind);
      await expect(native().executeAsync(...args)).rejects.toThrow(message);
    });
  });

  describe('executeAsync', () => {
    it('resolves with the same result as execute', async () => {
      for (let seed = 1000; seed < 1040; seed++) {
        const { plan, input } = randomCase(seed);
        const sync = outputFor(plan, input);
        native().execute(plan, input, sync, 1);
        const out = outputFor(plan, input);
        await expect(native().executeAsync(plan, input, out, 2, 4)).resolves.toMatch(/^\w+: /); // bit 4: the paths taken (trace.test.ts)
        expect(sameBits(out, sync), `seed ${seed}`).toBe(true);
      }
    });

    it('settles 64 concurrent calls, small and large, each correctly', async () => {
      const rng = new Rng(4242);
      const calls = Array.from({ length: 64 }, (_, i) => {
        const { plan, input } = i % 4 === 0
          ? (() => { const p = randomPlan(rng, [geo(120, 5), geo(300, 5)], { complexInput: i % 8 === 0 }); return { plan: p, input: inputFor(rng, p, 'float32') }; })()
          : randomCase(5000 + i);
        return { plan, input, out: outputFor(plan, input) };
      });
      await Promise.all(calls.map((c, i) => native().executeAsync(c.plan, c.input, c.out, 1 + (i % 3))));
      for (const [i, c] of calls.entries()) {
        const js = outputFor(c.plan, c.input);
        executePlan(c.plan, c.input, js);
        expectClose(c.out, js, tolerance(c.plan, c.input), `call ${i}`);
      }
    });

    it('runs the plan as it was at the call, even if JS then rewrites its maps and weights', async () => {
      const rng = new Rng(31);
      const plan = randomPlan(rng, [geo(200, 5), geo(300, 7)]);
      const input = inputFor(rng, plan, 'float64');
      const expected = outputFor(plan, input);
      native().execute(plan, input, expected, 1);
      const out = outputFor(plan, input);
      const pending = native().executeAsync(plan, input, out, 2);
      for (const a of plan.axes) {
        a.head.fill(0x7fffffff);
        a.tail.fill(0x7fffffff);
      }
      plan.weights.fill(0);
      await pending;
      expect(sameBits(out, expected)).toBe(true);
    });
  });
});

// ---- prebuilds -----------------------------------------------------------------------------------

describe.skipIf(SKIP_REASON !== null)(title('prebuilds'), () => {
  const tuple = `${process.platform}-${process.arch}`;

  it(`node-gyp-build loads prebuilds/${tuple} in a package without build/`, async (ctx) => {
    // A release prebuild links libstdc++ statically and is not instrumented: loaded into an ASan
    // process its new/delete would mix with ASan's. The plain run (npm test) covers it.
    if (process.env.SIMDCONV_SANITIZED === '1') ctx.skip('a sanitizer run: prebuilds are not instrumented (npm test covers them)');
    const pkg = fs.mkdtempSync(path.join(os.tmpdir(), 'simdconv-prebuild-'));
    try {
      fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(pkg, 'package.json'));
      fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(pkg, 'node_modules'), 'dir');
      const shipped = path.join(ROOT, 'prebuilds', tuple);
      const binary = fs.existsSync(shipped) ? fs.readdirSync(shipped).find((f) => f.endsWith('.node')) : undefined;
      if (binary) {
        fs.mkdirSync(path.join(pkg, 'prebuilds', tuple), { recursive: true });
        fs.copyFileSync(path.join(shipped, binary), path.join(pkg, 'prebuilds', tuple, binary));
      } else {
        // No prebuild in the checkout: make one the way CI does, in the copy, leaving build/ alone.
        try {
          require.resolve('cmake-js/bin/cmake-js', { paths: [ROOT] });
        } catch {
          ctx.skip(`no prebuilds/${tuple} in the checkout and cmake-js is not installed to build one`);
        }
        for (const f of ['CMakeLists.txt', 'binding', 'scripts/cmake-js-shim.js']) {
          fs.cpSync(path.join(ROOT, f), path.join(pkg, f), { recursive: true });
        }
        const r = spawnSync('npm', ['run', '--silent', 'prebuilds'], { cwd: pkg, encoding: 'utf8' });
        expect(r.status, `npm run prebuilds failed:\n${r.stdout}\n${r.stderr}`).toBe(0);
        fs.rmSync(path.join(pkg, 'build'), { recursive: true, force: true });
      }
      fs.cpSync(path.join(ROOT, 'src'), path.join(pkg, 'src'), { recursive: true });

      // SIMDCONV_PREBUILD (node-gyp-build's override, used by sanitizer runs) would redirect the copy too.
      vi.stubEnv('SIMDCONV_PREBUILD', '');
      const nodeGypBuild = require('node-gyp-build') as { resolve(dir: string): string };
      // prebuildify's tags: Node-API (any runtime and version), and the C library for Linux releases.
      const [tagged] = fs.readdirSync(path.join(pkg, 'prebuilds', tuple));
      expect(tagged).toMatch(/^node\.napi(\.glibc|\.musl)?\.node$/);
      expect(nodeGypBuild.resolve(pkg)).toBe(path.join(pkg, 'prebuilds', tuple, tagged));
      const { loadNative: loadCopy } = (await import(path.join(pkg, 'src', 'backend', 'native.ts'))) as typeof import('../src/backend/native');
      const { addon, error } = loadCopy();
      expect(error).toBeNull();
      const plan = makePlan([geo(4, 3)], Float64Array.from([1, 2, 3]), false, false, [10, 0]);
      const out = new Float64Array(4);
      addon?.execute(plan, Float64Array.from([1, 2, 3, 4]), out, 1);
      expect(Array.from(out)).toEqual([18, 14, 20, 41]);
    } finally {
      vi.unstubAllEnvs();
      fs.rmSync(pkg, { recursive: true, force: true });
    }
  }, 600_000);
});
