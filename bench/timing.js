'use strict';
// One timing method for everything the benchmark measures, the way ../shared/perf/ref_bench.py does:
// warm-up call(s), then reps = clamp(ceil(target / t_warm), minReps, maxReps) timed calls, median kept.
// A per-measurement time budget (maxTotal) bounds slow calls: reps shrink to fit it, and a call that
// alone takes more than half the budget is reported from its single warm-up call ("1 call").

const POLICIES = {
  // native backend: a second warm-up because the first call may start the thread pool
  native: { warmups: 2, target: 0.75, minReps: 5, maxReps: 40, maxTotal: 4 },
  // pure JS (library 'js' backend, textbook loop): ~2–3 s per measurement at most
  js: { warmups: 1, target: 2.0, minReps: 3, maxReps: 20, maxTotal: 2.5 },
};
const QUICK = {
  native: { warmups: 1, target: 0.15, minReps: 3, maxReps: 10, maxTotal: 1 },
  js: { warmups: 1, target: 0.5, minReps: 2, maxReps: 5, maxTotal: 1 },
};

function policy(kind, quick) {
  return (quick ? QUICK : POLICIES)[kind];
}

const now = () => Number(process.hrtime.bigint()) / 1e9;

function timeOnce(fn) {
  const t0 = now();
  fn();
  return now() - t0;
}

function median(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Times fn() under policy p; returns seconds { median, min, max, reps, warm, all, single }.
 * `single` is true when the result is the warm-up call alone (the call is too slow to repeat).
 */
function measure(fn, p) {
  if (typeof global.gc === 'function') global.gc();
  let warm = 0;
  for (let i = 0; i < Math.max(1, p.warmups); i++) {
    warm = timeOnce(fn);
    if (warm * 2 > p.maxTotal) break; // slow call: no second warm-up
  }
  if (warm * 2 > p.maxTotal) return { median: warm, min: warm, max: warm, reps: 1, warm, all: [warm], single: true };
  let reps = Math.ceil(p.target / Math.max(warm, 1e-7));
  reps = Math.min(p.maxReps, Math.max(p.minReps, reps));
  reps = Math.max(1, Math.min(reps, Math.floor(p.maxTotal / Math.max(warm, 1e-7))));
  const all = [];
  for (let i = 0; i < reps; i++) all.push(timeOnce(fn));
  return { median: median(all), min: Math.min(...all), max: Math.max(...all), reps, warm, all, single: false };
}

module.exports = { measure, policy, timeOnce, median, now };
