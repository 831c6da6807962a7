#!/usr/bin/env node
// npm run test:stress: what the unit tests are too short to show. Runs against dist/ and the native
// addon (build it first: `npm test` does both). Exits non-zero on the first failed check.
//
//   node scripts/stress.js [--quick] [--only workers,detach,leak,lag]
//
//   workers  worker_threads looping sync and async calls are terminated at random moments, hundreds
//            of times; the process must survive and a witness worker must keep computing right answers.
//   detach   an …Async call's input or `out` is transferred (detached) while it runs, then GC runs:
//            the call must finish from its own copy (input) or reject with a named TypeError (out).
//   leak     RSS over 10⁶ small sync calls and 10⁵ async calls must stay flat after a warm-up.
//   lag      the event loop keeps turning during a large async call.
//
// --quick divides the counts by 10 (what CI's sanitizer run uses).
'use strict';
const path = require('node:path');
const { Worker } = require('node:worker_threads');

const root = path.join(__dirname, '..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? argv[onlyAt + 1].split(',') : ['workers', 'detach', 'leak', 'lag'];
const scale = quick ? 0.1 : 1;
const sc = require(path.join(root, 'dist', 'index.js'));
sc.setBackend('native');

function check(ok, what) {
  if (!ok) {
    console.error(`stress: FAILED: ${what}`);
    process.exit(1);
  }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);

// ---- workers -------------------------------------------------------------------------------------

// Each worker computes the same calls as the main thread did with the js backend and checks them.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const sc = require(workerData.dist);
sc.setBackend('native');
const x = Float64Array.from({ length: 64 * 48 }, (_, i) => Math.sin(i * 0.37));
const k = Float64Array.from({ length: 25 }, (_, i) => ((i * 7) % 11) - 5);
const img = { data: x, shape: [64, 48] }, ker = { data: k, shape: [5, 5] };
const expected = Float64Array.from(workerData.expected);
const same = (a) => a.length === expected.length && a.every((v, i) => Math.abs(v - expected[i]) <= 1e-9 * (1 + Math.abs(expected[i])));
let n = 0;
(async () => {
  for (;;) {
    const r = n % 2 ? await sc.convolve2dAsync(img, ker, 'same') : sc.convolve2d(img, ker, 'same');
    if (!same(r.data)) { parentPort.postMessage({ wrong: n }); return; }
    if (++n % 20 === 0 && workerData.witness) parentPort.postMessage({ done: n });
    if (n % 8 === 0) await new Promise((r) => setImmediate(r));
  }
})();
`;

async function workers() {
  const x = Float64Array.from({ length: 64 * 48 }, (_, i) => Math.sin(i * 0.37));
  const k = Float64Array.from({ length: 25 }, (_, i) => ((i * 7) % 11) - 5);
  sc.setBackend('js');
  const expected = Array.from(sc.convolve2d({ data: x, shape: [64, 48] }, { data: k, shape: [5, 5] }, 'same').data);
  sc.setBackend('native');
  const dist = path.join(root, 'dist', 'index.js');
  let witnessCalls = 0;
  let wrong = null;
  const witness = new Worker(WORKER, { eval: true, workerData: { dist, expected, witness: true } });
  witness.on('message', (m) => (m.wrong !== undefined ? (wrong = `witness call ${m.wrong}`) : (witnessCalls = m.done)));
  witness.on('error', (e) => (wrong = `witness error ${e.message}`));

  const rounds = Math.round(300 * scale);
  const started = Date.now();
  let terminatedBusy = 0;
  for (let i = 0; i < rounds; i += 2) {
    // Two at a time; each is terminated after a random delay: while loading, during init, mid-call.
    const pair = [0, 1].map(() => {
      const w = new Worker(WORKER, { eval: true, workerData: { dist, expected } });
      w.on('message', (m) => m.wrong !== undefined && (wrong = `worker call ${m.wrong}`));
      w.on('error', (e) => (wrong = `worker error ${e.message}`));
      return w;
    });
    await sleep(Math.random() * 60);
    const codes = await Promise.all(pair.map((w) => w.terminate()));
    terminatedBusy += codes.filter((c) => c === 1).length;
    check(wrong === null, `a worker computed a wrong answer or threw: ${wrong}`);
  }
  const before = witnessCalls;
  await sleep(300);
  check(witnessCalls > before, `the witness worker stopped computing (${before} → ${witnessCalls} calls)`);
  await witness.terminate();
  check(wrong === null, `wrong answer: ${wrong}`);
  console.log(`workers: ${rounds} workers terminated at random moments (${terminatedBusy} mid-run) in ${Date.now() - started} ms; ` +
    `the process survived and the witness worker made ${witnessCalls} right calls`);
}

// ---- detach --------------------------------------------------------------------------------------

async function detach() {
  const rounds = Math.round(200 * scale);
  const n = 256;
  const x = Float64Array.from({ length: n * n }, (_, i) => Math.cos(i * 0.011));
  const k = { data: Float64Array.from({ length: 49 }, (_, i) => (i % 5) - 2), shape: [7, 7] };
  const want = sc.convolve2d({ data: x, shape: [n, n] }, k, 'same').data;
  let inputOk = 0;
  let outRejected = 0;
  for (let i = 0; i < rounds; i++) {
    // input transferred away while the call runs: the call works on its own copy.
    const input = x.slice();
    const p = sc.convolve2dAsync({ data: input, shape: [n, n] }, k, 'same');
    structuredClone(input.buffer, { transfer: [input.buffer] });
    check(input.byteLength === 0, 'the input was not detached');
    const r = await p;
    check(r.data.every((v, j) => v === want[j]), 'a detached input changed the result');
    inputOk++;
    // out transferred away: the promise rejects with a named TypeError, nothing is written.
    const out = new Float64Array(n * n);
    const q = sc.convolve2dAsync({ data: x, shape: [n, n] }, k, { mode: 'same', out });
    structuredClone(out.buffer, { transfer: [out.buffer] });
    const e = await q.then(() => null, (err) => err);
    check(e instanceof TypeError && /^convolve2d: out must be attached/.test(e.message), `detached out: ${e && e.message}`);
    outRejected++;
    if (i % 20 === 0 && global.gc) global.gc();
  }
  console.log(`detach: ${inputOk} calls with the input transferred mid-call gave the right result; ` +
    `${outRejected} with \`out\` transferred rejected with a named TypeError`);
}

// ---- leak ----------------------------------------------------------------------------------------

async function leak() {
  const syncCalls = Math.round(1e6 * scale);
  const asyncCalls = Math.round(1e5 * scale);
  const x = Float32Array.from({ length: 16 }, (_, i) => i);
  const k = Float32Array.from([1, 2, 1]);
  const rss = () => {
    if (global.gc) global.gc();
    return process.memoryUsage().rss;
  };
  // Warm up in the same pattern as measured: concurrent async calls give each libuv thread its own
  // malloc arena (a one-time ~15 MB step in RSS), which must be in the baseline, not the growth.
  for (let i = 0; i < 20000; i++) sc.convolve(x, k, 'same');
  for (let i = 0; i < 20000; i += 100) await Promise.all(Array.from({ length: 100 }, () => sc.convolveAsync(x, k, 'same')));
  const base = rss();
  let t = Date.now();
  const mid = [];
  for (let i = 1; i <= syncCalls; i++) {
    sc.convolve(x, k, 'same');
    if (i % (syncCalls / 4) === 0) mid.push(rss());
  }
  const syncMs = Date.now() - t;
  t = Date.now();
  const batch = 100;
  for (let i = 0; i < asyncCalls; i += batch) {
    await Promise.all(Array.from({ length: batch }, () => sc.convolveAsync(x, k, 'same')));
    if ((i + batch) % (asyncCalls / 4) === 0) mid.push(rss());
  }
  const asyncMs = Date.now() - t;
  const end = rss();
  const growth = Math.max(...mid, end) - base;
  console.log(`leak: RSS ${mb(base)} MB after warm-up, ${mid.map(mb).join(' / ')} MB along the way, ${mb(end)} MB after ` +
    `${syncCalls} sync calls (${syncMs} ms) and ${asyncCalls} async calls (${asyncMs} ms)`);
  check(growth < 16 * 2 ** 20, `RSS grew by ${mb(growth)} MB`);
}

// ---- lag -----------------------------------------------------------------------------------------

async function lag() {
  const n = quick ? 1024 : 2048;
  const img = { data: Float32Array.from({ length: n * n }, (_, i) => (i % 255) / 255), shape: [n, n] };
  const ker = { data: new Float32Array(81).fill(1 / 81), shape: [9, 9] };
  sc.setThreads(1);
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 2);
  const t = performance.now();
  await sc.convolve2dAsync(img, ker, 'same');
  const elapsed = performance.now() - t;
  clearInterval(timer);
  sc.setThreads(require('node:os').availableParallelism());
  console.log(`lag: a ${n}×${n} 9×9 async call took ${elapsed.toFixed(0)} ms; the worst event-loop gap was ${worst.toFixed(1)} ms`);
  check(worst < Math.max(50, elapsed / 4), `the event loop stalled for ${worst.toFixed(1)} ms`);
}

(async () => {
  const steps = { workers, detach, leak, lag };
  for (const name of only) {
    check(name in steps, `unknown step '${name}' (steps: ${Object.keys(steps).join(', ')})`);
    await steps[name]();
  }
  console.log('stress: all checks passed');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
