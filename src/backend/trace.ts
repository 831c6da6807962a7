// NODE_DEBUG=simdconv: one line per executed plan naming the backend, the ISA and the paths taken,
// so a user can see which fast path served a call (and why a call was slower than expected).

import { debuglog } from 'node:util';
import { product, type Plan } from '../core/plan';

const log = debuglog('simdconv');

export const tracing = (): boolean => log.enabled;

/** Outputs of the row axis whose every tap reads the interior (read in place by the native backend). */
function interiorOutputs(plan: Plan): number {
  const last = plan.axes[plan.axes.length - 1];
  if (plan.complexInput) return 0;
  const runStart = last.head.length;
  const runEnd = runStart + last.runLength;
  const span = (last.taps - 1) * last.dilation;
  if (runEnd - runStart <= span) return 0;
  const first = Math.ceil(runStart / last.stride);
  const end = Math.min(last.outLen, Math.floor((runEnd - 1 - span) / last.stride) + 1);
  return Math.max(0, end - first);
}

export function trace(plan: Plan, engine: string, dtype: string): void {
  const last = plan.axes[plan.axes.length - 1];
  const rows = product(plan.axes.slice(0, -1).map((a) => a.taps));
  const paths: string[] = [];
  if (plan.method === 'fft') paths.push('fft (overlap-save tiles)');
  paths.push(plan.factors ? `separable (rows filtered with ${last.taps} taps, then ${rows} rows combined)` : `direct (${rows} rows × ${last.taps} taps)`);
  if (last.stride > 1) paths.push(`strided ×${last.stride}: only kept outputs computed`);
  if (last.dilation > 1) paths.push(`dilation ${last.dilation}`);
  if (plan.complexInput || plan.complexWeights) paths.push('complex as real planes');
  const inner = interiorOutputs(plan);
  if (inner > 0 && engine.startsWith('native')) paths.push(`interior in place: ${inner} of ${last.outLen} outputs per row`);
  const shape = plan.axes.map((a) => a.outLen).join('×');
  log('%s %s %s: %s', engine, dtype, shape, paths.join(', '));
}
