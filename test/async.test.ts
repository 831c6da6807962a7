// The async twins on the native backend run off the JavaScript thread: the event loop keeps
// ticking while a large call runs, and many concurrent calls all settle with correct results.
import { describe, expect, it } from 'vitest';
import * as sc from '../src/index';
import { NATIVE_SKIP_REASON } from './helpers/backends';
import { mulberry32 } from './helpers/random';

const rand = mulberry32(99);
const image = (h: number, w: number) => ({ data: Float64Array.from({ length: h * w }, () => rand()), shape: [h, w] });

describe.skipIf(NATIVE_SKIP_REASON !== null)(`native async${NATIVE_SKIP_REASON ? ` (skipped: ${NATIVE_SKIP_REASON})` : ''}`, () => {
  it('keeps the event loop ticking during a large call', async () => {
    sc.setBackend('native');
    sc.setThreads(1);
    // Not separable, float64, one thread: ~4·10⁹ multiply-adds, over 70 ms even at the machine's
    // FMA peak, so the call is long enough to observe whatever the ISA.
    const x = image(2048, 2048);
    const k = image(31, 31);
    const started = performance.now();
    const lags: number[] = [];
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      lags.push(now - last - 5);
      last = now;
    }, 5);
    // The direct sum: 'auto' would take the (much shorter) FFT path here.
    const result = await sc.convolveAsync(x, k, { mode: 'same', method: 'direct' });
    clearInterval(timer);
    const elapsed = performance.now() - started;
    sc.setThreads(2);
    expect(result.shape).toEqual([2048, 2048]);
    // The call must have been long enough to observe, and the loop must have run all along: a call
    // on the JS thread would show one gap as long as the call. The 95th percentile keeps one
    // scheduling hiccup of a loaded CI machine from deciding the test; the worst gap must still be
    // far below the call's duration. The bounds are loose on purpose: this is not a timing test (a
    // 2-core machine running other jobs delays timers by tens of ms), it tells a free loop from a
    // blocked one, whose single gap would be the whole call.
    lags.sort((a, b) => a - b);
    expect(elapsed).toBeGreaterThan(50);
    expect(lags.length).toBeGreaterThan(elapsed / 5 / 4);
    expect(lags[Math.floor(lags.length * 0.95)]).toBeLessThan(Math.max(50, elapsed / 8));
    expect(lags[lags.length - 1]).toBeLessThan(elapsed / 2);
  });

  it('settles many concurrent calls of every family, each matching its synchronous result', async () => {
    sc.setBackend('native');
    const jobs = Array.from({ length: 24 }, (_, i) => {
      const x = image(40 + i, 33);
      const k = image(1 + (i % 6), 2 + (i % 5));
      const calls: [() => unknown, () => Promise<unknown>][] = [
        [() => sc.convolve2d(x, k, 'same'), () => sc.convolve2dAsync(x, k, 'same')],
        [() => sc.correlate(x, k, { stride: 2 }), () => sc.correlateAsync(x, k, { stride: 2 })],
        [() => sc.ndimage.convolve(x, k, { mode: 'wrap' }), () => sc.ndimage.convolveAsync(x, k, { mode: 'wrap' })],
        [() => sc.ndimage.gaussianFilter(x, 1 + i / 10), () => sc.ndimage.gaussianFilterAsync(x, 1 + i / 10)],
      ];
      return calls[i % calls.length];
    });
    const results = await Promise.all(jobs.map(([, a]) => a()));
    results.forEach((r, i) => expect(r).toEqual(jobs[i][0]()));
  });
});
