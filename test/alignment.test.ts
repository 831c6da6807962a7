// Same bits wherever the buffers lie: for one ISA and thread count, shifting the input and the output
// by every offset below a vector width (16 float32 / 8 float64 values: one AVX-512 register) must not
// change a single bit of the result. Every ISA this machine runs, 1 and 2 threads, the direct,
// in-place, separable, strided and complex paths. Native only: the js executor has no vectors.

import { afterAll, describe, expect, it } from 'vitest';
import { loadNative } from '../src/backend/native';
import { Border } from '../src/core/border';
import { makePlan, type AxisGeometry, type Plan } from '../src/core/plan';
import { factorise } from '../src/core/separable';
import { NATIVE_SKIP_REASON } from './helpers/backends';

type Dtype = 'float32' | 'float64';
const addon = loadNative().addon;
const startIsa = addon?.info().isa;

function axis(inLen: number, taps: number, o: Partial<AxisGeometry> = {}): AxisGeometry {
  const stride = o.stride ?? 1;
  return { inLen, taps, stride, dilation: 1, outLen: Math.ceil(inLen / stride), start: -(taps >> 1), border: Border.Reflect, ...o };
}

const LAPLACIAN = [0, 1, 0, 1, -4, 1, 0, 1, 0];
const CASES: [string, AxisGeometry[], { complex?: boolean; rank1?: boolean; w?: number[]; threads: number }][] = [
  ['3×3', [axis(20, 3), axis(77, 3, { border: Border.Constant })], { threads: 1 }],
  ['3×3 Laplacian (blocked, zero taps skipped)', [axis(21, 3), axis(83, 3)], { w: LAPLACIAN, threads: 2 }],
  ['7×7 (blocked)', [axis(30, 7, { border: Border.Wrap }), axis(150, 7)], { threads: 1 }],
  ['5×7, 2 threads', [axis(40, 5), axis(300, 7)], { threads: 2 }],
  ['separable 7×7', [axis(24, 7), axis(93, 7, { border: Border.Nearest })], { rank1: true, threads: 1 }],
  ['1-D 31 taps, 2 column bands', [axis(3000, 31, { border: Border.Wrap })], { threads: 2 }],
  ['stride 2', [axis(15, 3), axis(101, 5, { stride: 2 })], { threads: 1 }],
  ['stride 3', [axis(6, 1), axis(64, 9, { stride: 3 })], { threads: 1 }],
  ['complex input', [axis(9, 3), axis(45, 3)], { complex: true, threads: 1 }],
];

function planOf(axes: AxisGeometry[], o: { complex?: boolean; rank1?: boolean; w?: number[] }, dtype: Dtype): Plan {
  const [kh, kw] = axes.length === 2 ? [axes[0].taps, axes[1].taps] : [1, axes[0].taps];
  const bell = (d: number, s: number) => Math.exp(-(d * d) / s);
  const w = o.w ? Float64Array.from(o.w) : Float64Array.from({ length: kh * kw }, (_, i) =>
    o.rank1 ? bell(Math.floor(i / kw) - (kh >> 1), 4) * bell((i % kw) - (kw >> 1), 5) : Math.sin(1.7 * i) + 0.25);
  return factorise(makePlan(axes, w, o.complex ?? false, false, [0.5, 0]), dtype);
}

describe.skipIf(NATIVE_SKIP_REASON !== null)('native results do not depend on buffer addresses', () => {
  afterAll(() => addon?.setIsa(startIsa as string));
  for (const isa of addon?.info().isas ?? []) {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const [name, axes, o] of CASES) {
        it(`${isa} ${dtype} ${name}`, () => {
          addon!.setIsa(isa);
          const plan = planOf(axes, o, dtype);
          if (o.rank1) expect(plan.factors).toBeDefined();
          const A = dtype === 'float32' ? Float32Array : Float64Array;
          const width = dtype === 'float32' ? 16 : 8;
          const n = axes.reduce((p, a) => p * a.inLen, 1) * (o.complex ? 2 : 1);
          const m = axes.reduce((p, a) => p * a.outLen, 1) * (o.complex ? 2 : 1);
          let first: Buffer | undefined;
          // Every input offset, every output offset, and two diagonals of the pairs.
          const pairs: [number, number][] = [];
          for (let k = 0; k < width; k++) pairs.push([k, 0], [0, k], [k, k], [k, width - 1 - k]);
          for (const [inOff, outOff] of pairs) {
            {
              const x = new A(n + width).subarray(inOff, inOff + n);
              for (let i = 0; i < n; i++) x[i] = Math.cos(0.37 * i) * 3;
              const y = new A(m + width).subarray(outOff, outOff + m);
              addon!.execute(plan, x, y, o.threads);
              const bits = Buffer.from(y.buffer, y.byteOffset, y.byteLength);
              if (!first) first = Buffer.from(bits);
              else if (!first.equals(bits)) expect.fail(`input offset ${inOff}, output offset ${outOff}: the bits differ from offsets 0, 0`);
            }
          }
        });
      }
    }
  }
});
