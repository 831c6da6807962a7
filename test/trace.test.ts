// NODE_DEBUG=simdconv reports the paths the native executor actually took, as the addon returns them
// from its decision points (binding/trace.h), and the js executor's paths read off the plan.

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNative } from '../src/backend/native';
import { Border } from '../src/core/border';
import { makePlan, type AxisGeometry, type Plan } from '../src/core/plan';
import { factorise } from '../src/core/separable';
import { NATIVE_SKIP_REASON } from './helpers/backends';

const addon = loadNative().addon;
const startIsa = addon?.info().isa;

function axis(inLen: number, taps: number, o: Partial<AxisGeometry> = {}): AxisGeometry {
  const stride = o.stride ?? 1;
  return { inLen, taps, stride, dilation: 1, outLen: Math.ceil(inLen / stride), start: -(taps >> 1), border: Border.Reflect, ...o };
}

function traceOf(plan: Plan, threads = 1): string {
  const n = plan.axes.reduce((p, a) => p * a.inLen, 1) * (plan.complexInput ? 2 : 1);
  const m = plan.axes.reduce((p, a) => p * a.outLen, 1) * (plan.complexInput || plan.complexWeights ? 2 : 1);
  const line = addon!.execute(plan, new Float32Array(n).fill(1), new Float32Array(m), threads, true);
  expect(typeof line).toBe('string');
  return line as string;
}

const LAPLACIAN = Float64Array.of(0, 1, 0, 1, -4, 1, 0, 1, 0);
const lap = (rows: number, cols: number) => makePlan([axis(rows, 3), axis(cols, 3)], LAPLACIAN, false, false, [0, 0]);

describe.skipIf(NATIVE_SKIP_REASON !== null)('the native addon reports the paths it took', () => {
  afterAll(() => addon?.setIsa(startIsa as string));

  it('names the ISA that ran and the blocked 2-D kernel, with the zero weights it skips', () => {
    for (const isa of addon!.info().isas) {
      addon!.setIsa(isa);
      const line = traceOf(lap(64, 100));
      expect(line.startsWith(`${isa}: direct 3×3 (3 of 3 tap rows live)`), line).toBe(true);
      // scalar has no blocked kernel: the row kernel does the interior
      expect(line.includes('blocked 2-D kernel (5 of 9 weights nonzero: zero ones skipped while the data is finite)'), line).toBe(isa !== 'scalar');
      expect(line, isa).toContain('interior in place: 98 of 100 outputs per row');
      expect(line, isa).toContain('1 band (rows) on 1 thread');
    }
  });

  it('streams large outputs, splits bands over threads, by rows or by columns', () => {
    addon!.setIsa(startIsa as string);
    const big = traceOf(lap(1100, 1000), 2);
    expect(big).toContain('non-temporal stores');
    // Blocked plans: bands of 64 rows that the threads take in turn, once there are two per thread.
    expect(big).toContain('18 bands (rows) on 2 threads');
    expect(traceOf(lap(200, 1000), 2)).toContain('2 bands (rows) on 2 threads');
    expect(traceOf(lap(64, 100))).not.toContain('non-temporal');
    const signal = traceOf(makePlan([axis(100000, 31)], new Float64Array(31).fill(1), false, false, [0, 0]), 2);
    expect(signal).toContain('2 bands (columns) on 2 threads');
    expect(signal).not.toContain('blocked');
  });

  it('names the separable, strided, complex and FFT paths, and a kernel the blocked one does not take', () => {
    addon!.setIsa(startIsa as string);
    const g = Float64Array.from({ length: 81 }, (_, i) => Math.exp(-((Math.floor(i / 9) - 4) ** 2 + ((i % 9) - 4) ** 2) / 8));
    expect(traceOf(factorise(makePlan([axis(40, 9), axis(50, 9)], g, false, false, [0, 0]), 'float32'))).toContain('separable (rows filtered with 9 taps, then 9 of 9 rows combined)');
    const four = traceOf(makePlan([axis(40, 4), axis(50, 4)], new Float64Array(16).fill(1), false, false, [0, 0]));
    expect(four).toContain('direct 4×4');
    expect(four).not.toContain('blocked');
    expect(traceOf(makePlan([axis(40, 3), axis(50, 3, { stride: 2 })], LAPLACIAN, false, false, [0, 0]))).toContain('strided ×2');
    expect(traceOf(makePlan([axis(8, 3), axis(9, 3)], LAPLACIAN, true, false, [0, 0]))).toContain('complex as real planes');
    expect(traceOf({ ...lap(64, 64), method: 'fft' })).toContain('fft (overlap-save tiles)');
  });

  it('names the fused separable path, its rows per pass, strips and non-temporal stores, where it runs', () => {
    const g = Float64Array.from({ length: 9 }, (_, i) => Math.exp(-((i - 4) ** 2) / 8));
    const gauss = Float64Array.from({ length: 81 }, (_, i) => g[Math.floor(i / 9)] * g[i % 9]);
    const plan = (rows: number, cols: number, leadStride = 1) =>
      factorise(makePlan([axis(rows, 9, { stride: leadStride }), axis(cols, 9)], gauss, false, false, [0, 0]), 'float32');
    for (const isa of addon!.info().isas) {
      addon!.setIsa(isa);
      const line = traceOf(plan(40, 50));
      expect(line, isa).toContain('separable (rows filtered with 9 taps, then 9 of 9 rows combined)');
      // scalar has no column kernel: one output row at a time from the row cache
      expect(line.includes('fused: 8 output rows per column pass from a ring of filtered rows, 50-column strips'), line).toBe(isa !== 'scalar');
      expect(line, isa).not.toContain('non-temporal');
    }
    addon!.setIsa(startIsa as string);
    // A large output streams; rows wider than the ring's budget are cut into equal strips
    // (512 KiB / (16 rows × 4 bytes) = 8192 columns at most: 20000 columns make 3 strips of 6720).
    expect(traceOf(plan(1100, 1000), 2)).toContain('fused: 8 output rows per column pass from a ring of filtered rows, 1000-column strips, non-temporal stores');
    expect(traceOf(plan(3, 20000))).toContain('6720-column strips');
    // A lead stride of 2: consecutive output rows share no filtered rows, so the path stays unfused.
    expect(traceOf(plan(40, 50, 2))).not.toContain('fused');
  });

  it('resolves an async call with the line of the same sync call', async () => {
    addon!.setIsa(startIsa as string);
    const plan = lap(64, 100);
    const got = await addon!.executeAsync(plan, new Float32Array(6400).fill(1), new Float32Array(6400), 1, 4);
    expect(got).toBe(traceOf(plan));
    // Without bit 4 no line is made.
    await expect(addon!.executeAsync(plan, new Float32Array(6400).fill(1), new Float32Array(6400), 1)).resolves.toBeUndefined();
  });
});

describe('NODE_DEBUG=simdconv', () => {
  const script = `const s = require(${JSON.stringify(path.join(__dirname, '..', 'dist', 'index.js'))});
    s.convolve2d(s.array(new Float32Array(64 * 100).fill(1), [64, 100]), [[0, 1, 0], [1, -4, 1], [0, 1, 0]], { mode: 'same', boundary: 'symm' });`;
  const run = (backend: string) =>
    spawnSync(process.execPath, ['-e', script], { env: { ...process.env, NODE_DEBUG: 'simdconv', SIMDCONV_BACKEND: backend }, encoding: 'utf8' });

  it.skipIf(NATIVE_SKIP_REASON !== null)('prints the native line the addon returned', () => {
    const r = run('native');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/SIMDCONV \d+: native float32 64×100: \w+: direct 3×3/);
  });

  it('prints the js executor\'s paths', () => {
    const r = run('js');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/SIMDCONV \d+: js float32 64×100: direct \(3 rows × 3 taps\)/);
  });
});
