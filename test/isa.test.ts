// Every kernel ISA this CPU and build can run, forced in turn: backend().isa must say it really
// runs, and its results must match the scalar kernels over seeded random awkward sizes — every
// length below two vector widths, tails, one-wide images, kernels larger than the image — in
// float32, float64 and complex. Tails are where SIMD bugs live.
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import * as sc from '../src/index';
import { loadNative } from '../src/backend/native';
import { NATIVE_SKIP_REASON } from './helpers/backends';
import { mulberry32 } from './helpers/random';

const addon = loadNative().addon;
const isas = addon ? addon.info().isas : [];
const initial = addon?.info().isa;

type Arr = { data: Float32Array | Float64Array; shape: number[]; complex?: boolean };

function randomArray(rand: () => number, shape: number[], f32: boolean, complex: boolean): Arr {
  const n = shape.reduce((a, b) => a * b, 1) * (complex ? 2 : 1);
  const data = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = rand() * 2 - 1;
  return complex ? { data, shape, complex } : { data, shape };
}

/** A batch of calls over awkward sizes; the same seed gives the same calls for every ISA. */
function runBatch(): { result: Arr; scale: number; f32: boolean; label: string }[] {
  const rand = mulberry32(2024);
  const out: { result: Arr; scale: number; f32: boolean; label: string }[] = [];
  const widths = [...Array.from({ length: 34 }, (_, i) => i + 1), 63, 64, 65, 127, 128, 129];
  for (const f32 of [true, false]) {
    for (const w of widths) {
      const h = 1 + Math.floor(rand() * 6);
      const kh = 1 + Math.floor(rand() * 4);
      const kw = 1 + Math.floor(rand() * 9);
      const complex = rand() < 0.2;
      const x = randomArray(rand, [h, w], f32, complex);
      const k = randomArray(rand, [kh, kw], f32, !complex && rand() < 0.2);
      const mode = (['full', 'same', 'valid'] as const)[Math.floor(rand() * 3)];
      const boundary = (['fill', 'wrap', 'symm'] as const)[Math.floor(rand() * 3)];
      const stride = 1 + Math.floor(rand() * 3);
      const dilation = 1 + Math.floor(rand() * 2);
      const opts = mode === 'valid' ? { mode, stride, dilation: 1, padding: kh + kw } : { mode, boundary, fillvalue: 0.5, stride, dilation };
      const label = `${f32 ? 'f32' : 'f64'} ${h}×${w}${complex ? ' complex' : ''} ⋆ ${kh}×${kw}${k.complex ? ' complex' : ''} ${JSON.stringify(opts)}`;
      const sumW = Array.from(k.data).reduce((s, v) => s + Math.abs(v), 0);
      out.push({ result: sc.correlate2d(x, k, opts), scale: sumW * 1, f32, label });
      // 1-D rows through numpy (long rows, every tail), and ndimage along both axes
      const v = randomArray(rand, [w * 3 + 1], f32, false);
      const taps = randomArray(rand, [1 + Math.floor(rand() * 31)], f32, false);
      out.push({ result: sc.numpy.convolve(v, taps, 'same'), scale: Array.from(taps.data).reduce((s, t) => s + Math.abs(t), 0), f32, label: `numpy ${w * 3 + 1} ⊛ ${taps.shape[0]}` });
      const img = randomArray(rand, [h + 3, w], f32, false);
      out.push({ result: sc.ndimage.correlate1d(img, taps, { axis: 0, mode: 'mirror' }), scale: Array.from(taps.data).reduce((s, t) => s + Math.abs(t), 0), f32, label: `correlate1d axis 0 ${h + 3}×${w}` });
    }
    // kernels larger than the image, and a separable kernel (column passes)
    const x = randomArray(rand, [3, 5], f32, false);
    const big = randomArray(rand, [9, 11], f32, false);
    out.push({ result: sc.convolve2d(x, big, { mode: 'same', boundary: 'wrap' }), scale: 99, f32, label: 'kernel larger than image' });
    const g = sc.kernels.gaussian(9, 2);
    out.push({ result: sc.convolve2d(randomArray(rand, [37, 70], f32, false), { data: f32 ? Float32Array.from(g.data) : g.data, shape: g.shape }, 'same'), scale: 1, f32, label: 'separable 9×9' });
  }
  return out;
}

describe.skipIf(NATIVE_SKIP_REASON !== null)(`kernel ISAs${NATIVE_SKIP_REASON ? ` (skipped: ${NATIVE_SKIP_REASON})` : ''}`, () => {
  afterAll(() => {
    if (addon && initial) addon.setIsa(initial);
  });

  it('offers scalar, and the best ISA by default', () => {
    expect(isas).toContain('scalar');
    expect(isas[0]).toBe(initial);
  });

  it('SIMDCONV_ISA forces the ISA at load; one that cannot run makes native unavailable, saying why', () => {
    const script = "const s = require('./dist/index.js'); try { s.setBackend('native'); console.log(s.backend().isa) } catch (e) { console.log(e.message) }";
    const run = (isa: string) => execFileSync(process.execPath, ['-e', script], { env: { ...process.env, SIMDCONV_ISA: isa }, encoding: 'utf8' }).trim();
    for (const isa of isas) expect(run(isa)).toBe(isa);
    expect(run('sse9')).toMatch(/SIMDCONV_ISA=sse9 cannot be used: .*available: .*scalar/);
  });

  it('rejects an ISA it cannot run with the list of those it can', () => {
    expect(() => addon!.setIsa('sse1')).toThrow(/available: .*scalar/);
  });

  it.each(isas.filter((i) => i !== 'scalar'))('%s matches scalar over awkward sizes', (isa) => {
    sc.setBackend('native');
    addon!.setIsa('scalar');
    expect(sc.backend().isa).toBe('scalar');
    const reference = runBatch();
    addon!.setIsa(isa);
    expect(sc.backend().isa).toBe(isa);
    const got = runBatch();
    expect(got.length).toBe(reference.length);
    got.forEach((g, i) => {
      const r = reference[i];
      expect(g.result.shape, r.label).toEqual(r.result.shape);
      const maxX = 1; // inputs are in [−1, 1) and fills are 0.5
      const tol = (r.f32 ? 1e-5 : 1e-12) * Math.max(r.scale * maxX, 1);
      for (let j = 0; j < r.result.data.length; j++) {
        const d = Math.abs(g.result.data[j] - r.result.data[j]);
        if (!(d <= tol)) expect.fail(`${isa} ${r.label}: element ${j} differs by ${d} (tolerance ${tol})`);
      }
    });
  });
});
