// Axis geometry for hand-made plans in the addon tests.

import { Border } from '../../src/core/border';
import type { AxisGeometry } from '../../src/core/plan';

/** Geometry of one axis; by default a centred, constant-border axis with one output per stride. */
export function geo(inLen: number, taps: number, o: Partial<AxisGeometry> = {}): AxisGeometry {
  const stride = o.stride ?? 1;
  const dilation = o.dilation ?? 1;
  return {
    inLen,
    taps,
    stride,
    dilation,
    outLen: o.outLen ?? Math.ceil(inLen / stride),
    start: o.start ?? -Math.floor(((taps - 1) * dilation) / 2),
    border: o.border ?? Border.Constant,
  };
}
