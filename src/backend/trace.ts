// NODE_DEBUG=simdconv: one line per executed plan naming the backend, the dtype, the output shape and
// the paths taken, so a user can see which fast path served a call (and why a call was slower than
// expected). The native addon reports what its executor actually decided (binding/trace.h); for the
// js executor, which runs the plan as lowered, the line is read off the plan itself.

import { debuglog } from 'node:util';
import { product, type Plan } from '../core/plan';

const log = debuglog('simdconv');

export const tracing = (): boolean => log.enabled;

const shapeOf = (plan: Plan): string => plan.axes.map((a) => a.outLen).join('×');
const dtypeOf = (input: ArrayLike<number>): string => (input instanceof Float32Array ? 'float32' : 'float64');

/** The js executor's paths, from the plan it runs. */
export function traceJs(plan: Plan, input: ArrayLike<number>): void {
  const last = plan.axes[plan.axes.length - 1];
  const rows = product(plan.axes.slice(0, -1).map((a) => a.taps));
  const paths: string[] = [];
  if (plan.method === 'fft') paths.push('fft (overlap-save tiles)');
  else paths.push(plan.factors ? `separable (rows filtered with ${last.taps} taps, then ${rows} rows combined)` : `direct (${rows} rows × ${last.taps} taps)`);
  if (last.stride > 1) paths.push(`strided ×${last.stride}: only kept outputs computed`);
  if (last.dilation > 1) paths.push(`dilation ${last.dilation}`);
  if (plan.complexInput || plan.complexWeights) paths.push('complex as real planes');
  log('js %s %s: %s', dtypeOf(input), shapeOf(plan), paths.join(', '));
}

/** The line the native addon returned for a call (`isa: paths`). */
export function traceNative(plan: Plan, input: ArrayLike<number>, line: string | undefined, how = ''): void {
  log('native %s %s%s: %s', dtypeOf(input), shapeOf(plan), how, line ?? '(the addon reported nothing)');
}
