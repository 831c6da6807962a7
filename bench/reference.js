'use strict';
// Reference numbers (bench/reference.json, copied from ../shared/perf/REFERENCE.md), the references
// re-measured by ../shared/perf/ref_bench.py for `--compare`, and the performance targets of the
// issue, evaluated as informational ✓/✗ marks (the benchmark never fails on them).

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { sha256, DEFAULT_SOURCE } = require('./update-reference');

const REFERENCE_JSON = path.join(__dirname, 'reference.json');
const PERF_DIR = process.env.SIMDCONV_PERF_DIR || path.resolve(__dirname, '..', '..', 'shared', 'perf');

/** { rows, lookup(workload, dtype), warnings } from bench/reference.json. */
function loadReference() {
  const doc = JSON.parse(fs.readFileSync(REFERENCE_JSON, 'utf8'));
  const warnings = [];
  const live = path.join(PERF_DIR, 'REFERENCE.md');
  const source = fs.existsSync(live) ? live : DEFAULT_SOURCE;
  if (fs.existsSync(source) && sha256(fs.readFileSync(source, 'utf8')) !== doc.provenance.source_sha256) {
    warnings.push(`${source} has changed since bench/reference.json was copied: run \`node bench/update-reference.js\``);
  }
  const map = new Map(doc.rows.map((r) => [`${r.workload}|${r.dtype}`, r]));
  return { doc, warnings, lookup: (workload, dtype) => map.get(`${workload}|${dtype}`) || null };
}

// ---- targets ------------------------------------------------------------------------------------

/** The direct-regime workloads of the issue: 1T ≥ 1.5× the best reference (float32), ≥ 2× OpenCV (float64). */
const DIRECT_REGIME = [
  'img2048_lap3', 'img2048_sobel3', 'img2048_rand5', 'img2048_rand7', 'img2048_gauss9', 'img2048_gauss31',
  'rgb1024_k5x5x1', 'sig1m_taps31', 'img2048_k3_s2_p1',
];
/** All threads ≥ 0.6 of the 2-thread direct limit (2 × the compute-bound 1-thread limit). */
const ALL_THREADS_TARGET = { fraction: 0.6, threads: 2, workloads: ['img2048_rand5', 'img2048_rand7'], dtype: 'float32' };
/** js backend ≥ 5× the textbook loop: absolute floors from REFERENCE.md (5 × 36.7 / 7.78, rounded). */
const JS_FLOORS = { 'img2048_lap3|float32': 180, 'img2048_rand7|float32': 40 };
const JS_OVER_NAIVE = 5;

const mark = (ok) => (ok ? '✓' : '✗');
const rx = (v) => (v >= 0.1 ? v.toFixed(2) : v.toPrecision(2));

/** The 1T target of a row: { factor, against } or null when the workload has none. */
function oneThreadTarget(workload, dtype) {
  if (!DIRECT_REGIME.includes(workload)) return null;
  const gauss = /gauss/.test(workload);
  if (dtype === 'float64') return { factor: 2, against: gauss ? 'cv2.sepFilter2D' : 'OpenCV', refFilter: gauss ? /^cv2\.sepFilter2D/ : /^cv2\./ };
  return { factor: 1.5, against: gauss ? 'cv2.sepFilter2D' : 'best reference', refFilter: gauss ? /^cv2\.sepFilter2D/ : null };
}

/**
 * Every target that applies to a result row, as { target, value, threshold, ok, text }.
 * row: { workload, dtype, native1t, nativeAll, js, naive } (Mpix/s numbers or null);
 * ref: the reference.json row; remeasured: { best(filter) → {mpix_s, ref} } or null.
 */
function targetsFor(row, ref, remeasured) {
  const out = [];
  const t1 = oneThreadTarget(row.workload, row.dtype);
  if (t1 && row.native1t != null) {
    if (ref) {
      const r = row.native1t / ref.mpix_s;
      out.push({ target: `native 1T ≥ ${t1.factor}× ${t1.against} (REFERENCE.md)`, value: r, threshold: t1.factor, ok: r >= t1.factor,
        text: `${rx(r)}× vs ${ref.best_reference} ${ref.mpix_s}` });
    }
    const now = remeasured && remeasured.best(t1.refFilter);
    if (now) {
      const r = row.native1t / now.mpix_s;
      out.push({ target: `native 1T ≥ ${t1.factor}× ${t1.against} (re-measured)`, value: r, threshold: t1.factor, ok: r >= t1.factor,
        text: `${rx(r)}× vs ${now.ref} ${Math.round(now.mpix_s)} (now)`, remeasured: true });
    }
  }
  if (ALL_THREADS_TARGET.workloads.includes(row.workload) && row.dtype === ALL_THREADS_TARGET.dtype && row.nativeAll != null && ref
      && ref.direct_limit_1t_mpix_s && ref.direct_limit_bound === 'compute') {
    const limit2 = ALL_THREADS_TARGET.threads * ref.direct_limit_1t_mpix_s;
    const r = row.nativeAll / limit2;
    out.push({ target: `native all-T ≥ ${ALL_THREADS_TARGET.fraction} × 2-thread direct limit (${limit2} Mpix/s)`, value: r,
      threshold: ALL_THREADS_TARGET.fraction, ok: r >= ALL_THREADS_TARGET.fraction, text: `${rx(r)} of ${limit2}` });
  }
  const floor = JS_FLOORS[`${row.workload}|${row.dtype}`];
  if (floor && row.js != null) {
    out.push({ target: `js ≥ ${floor} Mpix/s (5× REFERENCE.md textbook loop)`, value: row.js, threshold: floor, ok: row.js >= floor,
      text: `${row.js.toFixed(1)} Mpix/s` });
  }
  if (row.naive != null && row.js != null) {
    const r = row.js / row.naive;
    out.push({ target: `js ≥ ${JS_OVER_NAIVE}× textbook loop measured in this run`, value: r, threshold: JS_OVER_NAIVE, ok: r >= JS_OVER_NAIVE,
      text: `${r.toFixed(1)}× (${row.js.toFixed(1)} vs ${row.naive.toFixed(1)})` });
  }
  return out;
}

// ---- --compare: the references re-measured now ----------------------------------------------------

const KEEP_SEMANTICS = new Set(['reflect', 'zero', 'strided', 'ncc']); // full workload semantics, not partial anchors

/**
 * Runs ref_bench.py for the given workloads and dtypes (progress to stderr) into a temporary folder;
 * resolves to { byKey: Map('workload|dtype' → { best(filter) }), file, error? }.
 */
function remeasure(ids, dtypes, log) {
  const python = process.env.SIMDCONV_BENCH_PYTHON || '/usr/bin/python3';
  const script = path.join(PERF_DIR, 'ref_bench.py');
  if (!fs.existsSync(script)) return Promise.resolve({ error: `${script} not found (set SIMDCONV_PERF_DIR)` });
  if (!fs.existsSync(python)) return Promise.resolve({ error: `${python} not found (set SIMDCONV_BENCH_PYTHON)` });
  // ref_bench.py writes next to itself by default (a read-only shared folder) and merges into an
  // existing file: give it a fresh folder of ours.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simdconv-ref-'));
  const file = path.join(dir, 'ref_results.json');
  const args = [script, '--only', ...ids, '--dtype', ...dtypes, '--out', file, '--table', path.join(dir, 'ref_results.txt')];
  log(`--compare: ${python} ${args.map((a) => path.relative(process.cwd(), a) || a).join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(python, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const relay = (buf) => {
      tail = (tail + buf.toString()).slice(-4000);
      for (const line of buf.toString().split('\n')) if (line.trim()) log(`  [ref] ${line}`);
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.on('error', (e) => resolve({ error: `could not run ${python}: ${e.message}` }));
    child.on('close', (code) => {
      if (code !== 0 || !fs.existsSync(file)) {
        resolve({ error: `ref_bench.py exited with ${code}: ${tail.trim().split('\n').slice(-3).join(' / ')}` });
        return;
      }
      const parsed = parseRemeasured(JSON.parse(fs.readFileSync(file, 'utf8')));
      fs.rmSync(dir, { recursive: true, force: true }); // everything we use is in the result (and --json)
      resolve(parsed);
    });
  });
}

function parseRemeasured(doc) {
  const groups = new Map();
  for (const r of doc.results) {
    if (r.error || !KEEP_SEMANTICS.has(r.semantics)) continue;
    if (r.check && r.check.ok === false) continue;
    const key = `${r.workload}|${r.dtype}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  const byKey = new Map();
  for (const [key, rs] of groups) {
    byKey.set(key, {
      all: rs,
      best(filter) {
        let best = null;
        for (const r of rs) if ((!filter || filter.test(r.ref)) && (!best || r.mpix_s_median > best.mpix_s_median)) best = r;
        return best && { ref: best.ref, mpix_s: best.mpix_s_median, ms: best.est_full_ms_median, scaled: best.scaled };
      },
    });
  }
  return { byKey, env: doc.env };
}

module.exports = { loadReference, targetsFor, oneThreadTarget, remeasure, mark, PERF_DIR, DIRECT_REGIME };
