#!/usr/bin/env node
'use strict';
// simdconv benchmark (`npm run bench`): the workloads of bench/workloads.json (a copy of
// ../shared/perf/workloads.json) on the native backend at 1 thread and at all threads and on the
// pure-TypeScript 'js' backend, next to the reference numbers of ../shared/perf/REFERENCE.md, the
// issue's targets (informational ✓/✗) and the textbook JS loop measured in the same run.
// Plain Node, no dependencies; needs `npm run build:ts` (dist/) and, for the native columns,
// `npm run build:native` (without it the js rows still run and native is reported unavailable).
//
//   node bench/run.js [--only ID[,ID…]] [--dtype float32|float64] [--quick] [--isa] [--compare]
//                     [--json FILE] [--no-js] [--no-naive] [--no-path] [--threads N]
//
// Every timed call is checked against a float64 oracle at a few hundred output positions (corners,
// edge bands, random interior); a wrong result is reported and makes the exit code 1. Targets never do.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const { loadWorkloads, validateAll, materialize } = require('./generate');
const { variantsFor, crop, positionsFor } = require('./calls');
const { checkOutput, conv2dSamePoint } = require('./oracle');
const { measure, policy, timeOnce } = require('./timing');
const { naiveFor, NAIVE_WORKLOADS } = require('./naive');
const { loadReference, targetsFor, oneThreadTarget, remeasure, mark } = require('./reference');

const ROOT = path.resolve(__dirname, '..');
const DTYPES = ['float32', 'float64'];
const JS_SKIP_S = 5; // the js backend is not run when one full-size call is estimated to take longer
const NATIVE_SKIP_S = 30; // nor native (only a broken or scalar build at 31×31 gets near this)
const CHILD_TAG = 'BENCH_CHILD_JSON ';
const PROBE_BEGIN = '@@simdconv-bench-probe-begin ';
const PROBE_END = '@@simdconv-bench-probe-end';

const USAGE = `usage: node bench/run.js [options]
  --only ID[,ID…]     workloads to run (repeatable; default: all of bench/workloads.json)
  --dtype DT[,DT]     float32 and/or float64 (default: both)
  --quick             fewer repetitions (noisier; for trying the harness)
  --isa               add a native 1-thread column per available ISA (one child process per ISA,
                      SIMDCONV_ISA=<isa>)
  --compare           re-measure the references now with ../shared/perf/ref_bench.py (only the
                      selected workloads and dtypes; all of them take ~12 min) and add columns
  --json FILE         write every number (and the raw timings) to FILE
  --threads N         the "all threads" column uses N threads (default: os.availableParallelism())
  --no-js             skip the js backend (and the textbook loop)
  --no-naive          skip the textbook JS loop
  --no-path           do not probe which fast path ran (NODE_DEBUG=simdconv)
  --calibrate         measure the constants of method 'auto''s cost model (src/core/cost.ts) and
                      print them; runs nothing else`;

// ---- arguments ----------------------------------------------------------------------------------

function parseArgs(argv) {
  const a = { only: [], dtypes: [], isa: false, compare: false, quick: false, json: null, js: true, naive: true, path: true, threads: null, child: null, tiny: false };
  const list = (v) => v.split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, null];
    const value = () => {
      if (inline !== null) return inline;
      if (i + 1 >= argv.length || argv[i + 1].startsWith('--')) usageError(`${flag} needs a value`);
      return argv[++i];
    };
    switch (flag) {
      case '--only': a.only.push(...list(value())); break;
      case '--dtype': a.dtypes.push(...list(value())); break;
      case '--isa': a.isa = true; break;
      case '--compare': a.compare = true; break;
      case '--quick': a.quick = true; break;
      case '--json': a.json = value(); break;
      case '--threads': a.threads = Number(value()); break;
      case '--no-js': a.js = false; break;
      case '--no-naive': a.naive = false; break;
      case '--no-path': a.path = false; break;
      case '--child': a.child = value(); break;
      case '--tiny': a.tiny = true; break;
      case '--calibrate': require('./calibrate').calibrate(); process.exit(0); break;
      case '-h': case '--help': console.log(USAGE); process.exit(0); break;
      default: usageError(`unknown argument ${arg}`);
    }
  }
  for (const d of a.dtypes) if (!DTYPES.includes(d)) usageError(`--dtype ${d}: expected float32 or float64`);
  if (a.threads !== null && !(Number.isInteger(a.threads) && a.threads >= 1)) usageError('--threads needs a positive integer');
  if (a.dtypes.length === 0) a.dtypes = DTYPES.slice();
  return a;
}

function usageError(msg) {
  console.error(`bench: ${msg}\n${USAGE}`);
  process.exit(2);
}

const log = (msg) => process.stderr.write(`${msg}\n`);
const hardwareThreads = () => (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length || 1);

// ---- the library ----------------------------------------------------------------------------------

/** dist/index.js and the native addon's state: { api, native: { info, error } }. */
function loadLibrary() {
  const index = path.join(ROOT, 'dist', 'index.js');
  if (!fs.existsSync(index)) {
    console.error(`bench: ${path.relative(process.cwd(), index)} not found: run \`npm run build:ts\` first`);
    process.exit(2);
  }
  const api = require(index);
  const native = { info: null, error: null };
  try {
    const { loadNative } = require(path.join(ROOT, 'dist', 'backend', 'native.js'));
    const l = loadNative();
    if (l.addon) {
      native.addon = l.addon;
      api.setBackend('native'); // throws when the addon is unusable
      native.info = l.addon.info();
      native.running = api.backend(); // what really runs: { name, isa, threads }
    } else native.error = l.error;
  } catch (e) {
    native.error = e.message;
  }
  return { api, native };
}

/** Newest mtime under dir (files matching re), or 0. */
function newest(dir, re) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p, re));
    else if (re.test(e.name)) t = Math.max(t, fs.statSync(p).mtimeMs);
  }
  return t;
}

function staleness(native) {
  const w = [];
  const dist = path.join(ROOT, 'dist', 'index.js');
  if (fs.existsSync(dist) && newest(path.join(ROOT, 'src'), /\.ts$/) > fs.statSync(dist).mtimeMs) {
    w.push('src/ is newer than dist/: the bench runs the last `npm run build:ts`');
  }
  const node = path.join(ROOT, 'build', 'Release', 'simdconv.node');
  if (native.info && fs.existsSync(node) && newest(path.join(ROOT, 'binding'), /\.(cc|h|hpp|cpp)$/) > fs.statSync(node).mtimeMs) {
    w.push('binding/ is newer than build/Release/simdconv.node: the bench runs the last `npm run build:native`');
  }
  return w;
}

// ---- measuring ------------------------------------------------------------------------------------

/** The selected workloads of the document (exits with the list of ids on an unknown one). */
function select(doc, only) {
  const ids = doc.workloads.map((w) => w.id);
  const bad = only.filter((id) => !ids.includes(id));
  if (bad.length) usageError(`unknown workload ${bad.join(', ')}; ids: ${ids.join(', ')}`);
  return only.length ? doc.workloads.filter((w) => only.includes(w.id)) : doc.workloads;
}

const mpix = (w, seconds) => w.input_elements / seconds / 1e6;

/** Times built.run() on the current backend and checks its output; never throws. */
function timeAndCheck(w, built, dtype, pol, positions) {
  try {
    built.out.fill(NaN); // a stale result of another backend must not pass the check
    const t = measure(built.run, pol);
    const check = checkOutput(built.out, built.oshape, positions, built.truth, dtype);
    return {
      mpix_s: mpix(w, t.median), ms_median: t.median * 1e3, ms_min: t.min * 1e3, ms_max: t.max * 1e3,
      reps: t.reps, single_call: t.single, ms_all: t.all.map((s) => s * 1e3), check,
    };
  } catch (e) {
    return { error: oneLine(e) };
  }
}

/** Seconds one full-size call should take, from the fastest of two calls on a crop. */
function estimateFull(w, variant, d, dtype, fullOut) {
  const c = variant.build(crop(w, d), dtype);
  const t = Math.min(timeOnce(c.run), timeOnce(c.run));
  return t * fullOut / c.out.length;
}

const oneLine = (e) => (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();

/**
 * Measures every variant of every selected workload/dtype. which: { native1t, nativeAll, js }.
 * Returns rows { workload, dtype, call, input_elements, skip?, native1t?, nativeAll?, js? }.
 */
function measureAll(workloads, dtypes, lib, which, opts) {
  const { api, native } = lib;
  const rows = [];
  for (const w of workloads) {
    for (const dtype of dtypes) {
      if (!w.dtypes.includes(dtype)) continue;
      const d = materialize(w, dtype);
      for (const v of variantsFor(w, api)) {
        const row = { workload: w.id, dtype, call: v.name, input_elements: w.input_elements };
        rows.push(row);
        if (v.skip) {
          row.skip = v.skip;
          log(`${opts.tag}${w.id} ${dtype} ${v.name}: skipped (${v.skip})`);
          continue;
        }
        let built;
        try {
          built = v.build(d, dtype);
        } catch (e) {
          row.error = oneLine(e);
          continue;
        }
        const positions = positionsFor(w, built.oshape);
        const say = (what, r) => log(`${opts.tag}${w.id} ${dtype} ${v.name}: ${what} ${describe(r)}`);
        if (native.info && (which.native1t || which.nativeAll)) {
          api.setBackend('native');
          let est = 0;
          try {
            api.setThreads(opts.allThreads);
            est = estimateFull(w, v, d, dtype, built.out.length);
          } catch (e) {
            est = 0; // the timed call reports the error
          }
          const tooSlow = est > NATIVE_SKIP_S ? { skipped: `one call ≈ ${est.toFixed(0)} s (estimated on a crop)` } : null;
          if (which.native1t) {
            api.setThreads(1);
            row.native1t = tooSlow || timeAndCheck(w, built, dtype, policy('native', opts.quick), positions);
            say('native 1T', row.native1t);
          }
          if (which.nativeAll) {
            api.setThreads(opts.allThreads);
            row.nativeAll = tooSlow || { ...timeAndCheck(w, built, dtype, policy('native', opts.quick), positions), threads: opts.allThreads };
            say(`native ${opts.allThreads}T`, row.nativeAll);
          }
          api.setThreads(opts.allThreads);
        }
        if (which.js) {
          api.setBackend('js');
          let est;
          try {
            est = estimateFull(w, v, d, dtype, built.out.length);
          } catch (e) {
            est = 0;
          }
          row.js = est > JS_SKIP_S
            ? { skipped: `js: one call ≈ ${est.toFixed(1)} s (estimated on a crop) > ${JS_SKIP_S} s` }
            : timeAndCheck(w, built, dtype, policy('js', opts.quick), positions);
          say('js', row.js);
          if (native.info) api.setBackend('native');
        }
      }
    }
  }
  return rows;
}

function describe(r) {
  if (!r) return '—';
  if (r.skipped) return `skipped: ${r.skipped}`;
  if (r.error) return `ERROR ${r.error}`;
  const chk = r.check.ok ? 'ok' : `CHECK FAILED (max rel err ${r.check.max_rel_err.toExponential(2)})`;
  return `${fmt(r.mpix_s)} Mpix/s, ${r.ms_median.toFixed(2)} ms median of ${r.reps}${r.single_call ? ' (1 call)' : ''}, check ${chk}`;
}

/** The textbook loop on the naive workloads that are selected. */
function measureNaive(workloads, dtypes, quick) {
  const out = [];
  for (const w of workloads.filter((x) => NAIVE_WORKLOADS.includes(x.id))) {
    for (const dtype of dtypes) {
      const d = materialize(w, dtype);
      const [H, W] = d.x.shape;
      const K = d.k.shape[0];
      const built = {
        out: dtype === 'float32' ? new Float32Array(H * W) : new Float64Array(H * W),
        oshape: [H, W],
        truth: null,
      };
      const naive = naiveFor(dtype);
      built.run = () => naive(d.x.data, H, W, d.k.data, K, built.out);
      built.truth = ([i, j]) => conv2dSamePoint(d.x.data, d.x.shape, d.k.data, d.k.shape, 'reflect', i, j);
      const r = timeAndCheck(w, built, dtype, policy('js', quick), positionsFor(w, built.oshape));
      log(`${w.id} ${dtype} textbook JS loop: ${describe(r)}`);
      out.push({ workload: w.id, dtype, ...r });
    }
  }
  return out;
}

/** The streaming limit of this machine now: 2048² elements copied with non-temporal stores. */
function measureStreamLimit(native, dtypes, quick) {
  if (!native.addon || typeof native.addon.streamCopy !== 'function') return [];
  return dtypes.map((dtype) => {
    const A = dtype === 'float32' ? Float32Array : Float64Array;
    const src = new A(2048 * 2048).fill(1), dst = new A(2048 * 2048);
    const t = measure(() => native.addon.streamCopy(src, dst), policy('native', quick));
    log(`streaming limit ${dtype}: ${(t.median * 1e3).toFixed(2)} ms median`);
    return { dtype, mpix_s: src.length / t.median / 1e6, gb_s: 2 * src.byteLength / t.median / 1e9, ms_median: t.median * 1e3 };
  });
}

// ---- child processes: per-ISA columns and the fast-path probe ----------------------------------

/**
 * The plan's share of the 1-D 1M × 31 call (issue 7: < 5 %): the lowering and planOf alone (what
 * every call does before a backend runs), timed in batches, against the same row's median call time
 * on each backend. Uses dist/'s internal modules; null when the workload is not selected.
 */
const PLAN_SHARE_WORKLOAD = 'sig1m_taps31';
function measurePlanShare(workloads, rows, lib, quick) {
  const w = workloads.find((x) => x.id === PLAN_SHARE_WORKLOAD);
  if (!w) return null;
  const { lowerConvolve } = require(path.join(ROOT, 'dist', 'api', 'signal.js'));
  const { planOf } = require(path.join(ROOT, 'dist', 'run.js'));
  const out = [];
  for (const r of rows.filter((x) => x.workload === w.id && !x.skip && !x.error)) {
    const d = materialize(w, r.dtype);
    const opts = { mode: 'same', out: r.dtype === 'float32' ? new Float32Array(d.x.data.length) : new Float64Array(d.x.data.length) };
    const batch = 20;
    const shares = {};
    for (const [col, backend] of [['native1t', 'native'], ['js', 'js']]) {
      const call = r[col];
      if (!call || !call.ms_median || (backend === 'native' && !lib.native.info)) continue;
      lib.api.setBackend(backend);
      const t = measure(() => { for (let i = 0; i < batch; i++) planOf(lowerConvolve(d.x, d.k, opts)); }, policy('native', quick));
      const planMs = (t.median / batch) * 1e3;
      shares[col] = { plan_ms: planMs, call_ms: call.ms_median, share: planMs / call.ms_median };
    }
    if (lib.native.info) lib.api.setBackend('native');
    out.push({ workload: w.id, dtype: r.dtype, ...shares });
  }
  return out;
}

function childArgs(args, mode, ids, extra = []) {
  return [__filename, '--child', mode, '--only', ids.join(','), '--dtype', args.dtypes.join(','),
    ...(args.quick ? ['--quick'] : []), ...(args.threads ? ['--threads', String(args.threads)] : []), ...extra];
}

/** One child per ISA (SIMDCONV_ISA=<isa>), native at 1 thread: Map('workload|dtype|call' → result). */
function measureIsas(args, ids, isas) {
  const byIsa = {};
  for (const isa of isas) {
    log(`-- ISA ${isa}: child process with SIMDCONV_ISA=${isa}`);
    const r = spawnSync(process.execPath, childArgs(args, 'isa', ids), {
      env: { ...process.env, SIMDCONV_ISA: isa }, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28,
    });
    const line = (r.stdout || '').toString().split('\n').find((l) => l.startsWith(CHILD_TAG));
    if (!line) {
      byIsa[isa] = { error: `child for ${isa} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''})` };
      continue;
    }
    const doc = JSON.parse(line.slice(CHILD_TAG.length));
    const map = new Map(doc.rows.map((row) => [`${row.workload}|${row.dtype}|${row.call}`, row.native1t]));
    byIsa[isa] = { ran: doc.isa, error: doc.error, map };
  }
  return byIsa;
}

function runChild(args) {
  const doc = loadWorkloads();
  const workloads = select(doc, args.only);
  const lib = loadLibrary();
  const allThreads = args.threads || hardwareThreads();
  if (args.child === 'isa') {
    const requested = process.env.SIMDCONV_ISA;
    const info = lib.native.info;
    const result = { isa: info && info.isa, requested, error: lib.native.error, rows: [] };
    if (info && info.isa !== requested) result.error = `SIMDCONV_ISA=${requested} but the addon reports ISA ${info.isa}`;
    if (info && !result.error) {
      result.rows = measureAll(workloads, args.dtypes, lib, { native1t: true }, { quick: args.quick, allThreads, tag: `[${requested}] ` });
      for (const r of result.rows) if (r.native1t) delete r.native1t.ms_all;
    }
    process.stdout.write(`${CHILD_TAG}${JSON.stringify(result)}\n`);
    return;
  }
  if (args.child === 'probe') {
    // Runs each call once between markers on fd 2, in order with whatever the library logs there
    // (util.debuglog and the addon's fprintf(stderr) are both synchronous on a pipe).
    const mk = (s) => fs.writeSync(2, s);
    const backends = [...(lib.native.info ? ['native'] : []), 'js'];
    if (args.tiny) {
      const x = { data: new Float32Array(64 * 64).fill(1), shape: [64, 64] };
      const k = { data: new Float32Array(9).fill(1), shape: [3, 3] };
      for (const b of backends) {
        lib.api.setBackend(b);
        mk(`${PROBE_BEGIN}tiny|${b}\n`);
        try { lib.api.convolve2d(x, k, { mode: 'same', boundary: 'symm' }); } catch { /* reported by the main run */ }
        mk(`${PROBE_END}\n`);
      }
      return;
    }
    for (const w of workloads) {
      for (const dtype of args.dtypes.filter((dt) => w.dtypes.includes(dt))) {
        const d = materialize(w, dtype);
        for (const v of variantsFor(w, lib.api)) {
          if (v.skip) continue;
          for (const b of backends) {
            lib.api.setBackend(b);
            lib.api.setThreads(allThreads);
            let built;
            try {
              built = b === 'js' ? v.build(crop(w, d), dtype) : v.build(d, dtype);
            } catch {
              continue;
            }
            mk(`${PROBE_BEGIN}${w.id}|${dtype}|${v.name}|${b}\n`);
            try { built.run(); } catch { /* reported by the main run */ }
            mk(`${PROBE_END}\n`);
          }
        }
      }
    }
    return;
  }
  usageError(`unknown child mode ${args.child}`);
}

/** What NODE_DEBUG=simdconv printed during each probed call: Map('key|backend' → [messages]). */
function parseProbe(stderr) {
  const map = new Map();
  let key = null;
  for (const line of stderr.split('\n')) {
    if (line.startsWith(PROBE_BEGIN)) key = line.slice(PROBE_BEGIN.length).trim();
    else if (line.startsWith(PROBE_END)) key = null;
    else if (key && line.trim()) {
      // util.debuglog lines ("SIMDCONV <pid>: …") and whatever the addon prints to stderr
      const msg = line.replace(/^SIMDCONV\s+\d+:\s*/i, '').trim();
      if (!map.has(key)) map.set(key, []);
      if (!map.get(key).includes(msg)) map.get(key).push(msg);
    }
  }
  return map;
}

function probePaths(args, ids) {
  const env = { ...process.env, NODE_DEBUG: [process.env.NODE_DEBUG, 'simdconv'].filter(Boolean).join(',') };
  const run = (extra) => spawnSync(process.execPath, childArgs(args, 'probe', ids, extra), { env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const tiny = run(['--tiny']);
  if (parseProbe((tiny.stderr || '').toString()).size === 0) return { available: false };
  log('-- fast paths: one call of each with NODE_DEBUG=simdconv (child process)');
  return { available: true, map: parseProbe((run([]).stderr || '').toString()) };
}

// ---- output ---------------------------------------------------------------------------------------

function fmt(v) {
  if (v == null || !Number.isFinite(v)) return '—';
  if (v >= 1000) return Math.round(v).toLocaleString('en-US');
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

const ratio = (v) => (v >= 0.1 ? v.toFixed(2) : v.toPrecision(2));

function table(headers, rows, rightFrom) {
  const width = headers.map((h, c) => Math.max([...h].length, ...rows.map((r) => [...String(r[c])].length)));
  const pad = (s, c) => {
    const str = String(s);
    const fill = ' '.repeat(width[c] - [...str].length);
    return c >= rightFrom ? fill + str : str + fill;
  };
  const line = (r) => r.map(pad).join('  ').trimEnd();
  return [line(headers), width.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

function render(report, args) {
  const L = [];
  const { env, rows } = report;
  const notes = [];
  const note = (text) => {
    let i = notes.indexOf(text);
    if (i < 0) i = notes.push(text) - 1;
    return `[${i + 1}]`;
  };
  const cell = (r, label) => {
    if (!r) return '—';
    if (r.skipped) return `skip${note(r.skipped)}`;
    if (r.error) return `error${note(`${label}: ${r.error}`)}`;
    let s = fmt(r.mpix_s);
    if (r.single_call) s += '¹';
    if (!r.check.ok) s += `!${note(`${label}: result does not match the float64 oracle: max rel err ${r.check.max_rel_err.toExponential(2)} > ${r.check.tol} at ${JSON.stringify(r.check.worst)}`)}`;
    return s;
  };

  L.push(`simdconv bench — ${env.when}`);
  L.push(`machine: ${env.cpu}, ${env.hardwareThreads} hardware threads, node ${env.node}; load average ${env.loadavg_start.map((x) => x.toFixed(2)).join(' ')}${env.busy ? '  (machine busy: numbers are noisy)' : ''}`);
  L.push(env.native.info
    ? `native: ISA ${env.native.running.isa} (available: ${env.native.info.isas.join(', ')}${process.env.SIMDCONV_ISA ? `; forced by SIMDCONV_ISA=${process.env.SIMDCONV_ISA}` : ''}), all-T = ${env.allThreads} threads`
    : `native: unavailable — ${env.native.error}`);
  L.push(`data: mulberry32 per workloads.json, validated against check_float64; results checked against a float64 oracle at ~100–700 output positions`);
  L.push(`timing: Mpix/s = input elements / median time / 1e6; ${args.quick ? 'QUICK repetition counts' : 'warm-up, then median of 5–40 calls (~0.75 s) native, 3–20 calls (≤ 2.5 s) js'}; ¹ = one call only (slow)`);
  for (const w of env.warnings) L.push(`warning: ${w}`);
  L.push('');

  const isas = report.isa ? Object.keys(report.isa) : [];
  const headers = ['workload', 'dtype', 'call', 'native 1T', `native ${env.allThreads}T`, 'js', 'ref', '1T/ref', 'target'];
  if (args.compare) headers.push('ref now', '1T/now', 'target now');
  for (const isa of isas) headers.push(`${isa} 1T`);
  const body = [];
  let prev = null;
  for (const r of rows) {
    const label = `${r.workload} ${r.dtype} ${r.call}`;
    const first = prev !== `${r.workload}|${r.dtype}`;
    prev = `${r.workload}|${r.dtype}`;
    const line = [first ? r.workload : '', first ? r.dtype : '', r.call];
    if (r.skip || r.error) {
      line.push(r.skip ? `skipped${note(r.skip)}` : `error${note(`${label}: ${r.error}`)}`, '', '', '', '', '');
    } else {
      line.push(
        env.native.info ? cell(r.native1t, `${label} native 1T`) : 'n/a',
        env.native.info ? cell(r.nativeAll, `${label} native ${env.allThreads}T`) : 'n/a',
        cell(r.js, `${label} js`),
      );
      const ref = r.reference;
      const n1 = r.native1t && r.native1t.mpix_s;
      line.push(ref ? fmt(ref.mpix_s) : '—', ref && n1 ? ratio(n1 / ref.mpix_s) : '—');
      const t1 = oneThreadTarget(r.workload, r.dtype);
      const tStatic = r.targets.find((t) => /^native 1T/.test(t.target) && !t.remeasured);
      line.push(t1 ? `≥${t1.factor}${tStatic ? ` ${mark(tStatic.ok)}` : ''}` : '');
    }
    if (args.compare) {
      const now = r.remeasuredBest;
      const n1 = r.native1t && r.native1t.mpix_s;
      const tNow = (r.targets || []).find((t) => t.remeasured);
      line.push(now ? fmt(now.mpix_s) : '—', now && n1 ? ratio(n1 / now.mpix_s) : '—', tNow ? `≥${tNow.threshold} ${mark(tNow.ok)}` : '');
    }
    for (const isa of isas) {
      const got = report.isa[isa];
      line.push(got.error ? `error${note(`ISA ${isa}: ${got.error}`)}` : cell(got.results[`${r.workload}|${r.dtype}|${r.call}`], `${label} ${isa} 1T`));
    }
    body.push(line);
  }
  L.push(table(headers, body, 3));
  L.push('');
  L.push('ref = best reference of REFERENCE.md (bench/reference.json); 1T/ref = native 1-thread ÷ ref.');
  if (args.compare) {
    L.push(report.compareError
      ? `ref now: ref_bench.py failed — ${report.compareError}`
      : 'ref now = best reference re-measured in this run by ../shared/perf/ref_bench.py (target: against cv2.sepFilter2D for Gaussians, OpenCV for float64).');
  }

  const all = rows.flatMap((r) => (r.targets || []).map((t) => ({ ...t, row: r })));
  if (all.length) {
    L.push('');
    L.push('Targets of the issue (informational: the bench never fails on them)');
    for (const t of all) L.push(`  ${mark(t.ok)} ${t.row.workload} ${t.row.dtype} ${t.row.call}: ${t.target}: ${t.text}`);
  }

  for (const p of report.planShare || []) {
    const part = (name, x) => (x ? `${name} ${(x.plan_ms * 1e3).toFixed(0)} µs of ${x.call_ms.toFixed(2)} ms = ${(100 * x.share).toFixed(2)} %` : null);
    const parts = [part('native 1T', p.native1t), part('js', p.js)].filter(Boolean);
    if (parts.length) {
      L.push('');
      L.push(`Plan share (${p.workload} ${p.dtype}, lowering + planOf, target < 5 %): ${parts.join(', ')}`);
    }
  }

  if (report.stream && report.stream.length) {
    L.push('');
    L.push('Streaming limit (same run, 1 thread): a 2048² copy, read + write with non-temporal stores (addon streamCopy)');
    for (const s of report.stream) {
      const reach = rows.filter((r) => r.dtype === s.dtype && /_(lap|sobel)3$/.test(r.workload) && r.native1t && r.native1t.mpix_s)
        .map((r) => `${r.workload} ${(r.native1t.mpix_s / s.mpix_s * 100).toFixed(0)} %`);
      L.push(`  ${s.dtype}: ${fmt(s.mpix_s)} Mpix/s (${(s.gb_s).toFixed(1)} GB/s read + write)${reach.length ? `; 3×3 native 1T reaches ${reach.join(', ')} of it` : ''}`);
    }
  }

  if (report.naive && report.naive.length) {
    L.push('');
    L.push('Textbook JS loop (bench/naive.js, same run) vs REFERENCE.md\'s naive JS');
    const nrows = report.naive.map((n) => {
      const ref = report.referenceLookup(n.workload, n.dtype);
      const js = rows.find((r) => r.workload === n.workload && r.dtype === n.dtype && r.js && r.js.mpix_s);
      return [n.workload, n.dtype, n.error ? `error${note(n.error)}` : cell(n, `${n.workload} ${n.dtype} textbook loop`),
        ref && ref.naive_js_mpix_s ? fmt(ref.naive_js_mpix_s) : '—',
        ref && ref.naive_js_mpix_s && n.mpix_s ? (n.mpix_s / ref.naive_js_mpix_s).toFixed(2) : '—',
        js ? fmt(js.js.mpix_s) : '—', js && n.mpix_s ? (js.js.mpix_s / n.mpix_s).toFixed(1) : '—'];
    });
    L.push(table(['workload', 'dtype', 'naive now', 'naive REF.md', 'now/REF.md', 'js backend', 'js/naive'], nrows, 2));
  }

  if (args.compare && report.remeasuredRows && report.remeasuredRows.length) {
    L.push('');
    L.push('References re-measured in this run (best of ref_bench.py per workload, reflect/zero semantics, cross-check ok)');
    L.push(table(['workload', 'dtype', 'best now', 'Mpix/s', 'REFERENCE.md best', 'Mpix/s', 'now/REF.md'],
      report.remeasuredRows.map((r) => [r.workload, r.dtype, r.now.ref, fmt(r.now.mpix_s), r.ref ? r.ref.best_reference : '—',
        r.ref ? fmt(r.ref.mpix_s) : '—', r.ref ? (r.now.mpix_s / r.ref.mpix_s).toFixed(2) : '—']), 3));
  }

  L.push('');
  if (!report.paths) L.push('fast paths: not probed (--no-path)');
  else if (!report.paths.available) L.push('fast paths: the library prints nothing under NODE_DEBUG=simdconv, so path names are not shown');
  else {
    L.push('Fast paths (first lines NODE_DEBUG=simdconv printed during one call; js on a 256² crop)');
    for (const [key, msgs] of report.paths.map) L.push(`  ${key.split('|').join(' ')}: ${msgs.slice(0, 3).join(' | ').slice(0, 200)}`);
  }

  if (notes.length) {
    L.push('');
    L.push('Notes');
    notes.forEach((n, i) => L.push(`  [${i + 1}] ${n}`));
  }
  return L.join('\n');
}

// ---- main -----------------------------------------------------------------------------------------

async function main(args) {
  const t0 = Date.now();
  const doc = loadWorkloads();
  const workloads = select(doc, args.only);
  validateAll(doc); // throws (exit 1) on any mismatch with check_float64
  const lib = loadLibrary();
  const reference = loadReference();
  const allThreads = args.threads || hardwareThreads();
  const env = {
    when: new Date().toISOString(),
    node: process.version,
    cpu: (os.cpus()[0] || {}).model || os.arch(),
    hardwareThreads: hardwareThreads(),
    loadavg_start: os.loadavg(),
    allThreads,
    native: lib.native,
    warnings: [...reference.warnings, ...staleness(lib.native)],
  };
  env.busy = env.loadavg_start[0] > 0.5 * env.hardwareThreads;
  if (!lib.native.info) log(`native backend unavailable: ${lib.native.error}`);
  if (env.busy) log(`load average ${env.loadavg_start[0].toFixed(2)} on ${env.hardwareThreads} threads: numbers will be noisy`);

  const rows = measureAll(workloads, args.dtypes, lib, { native1t: true, nativeAll: true, js: args.js }, { quick: args.quick, allThreads, tag: '' });
  const stream = measureStreamLimit(lib.native, args.dtypes, args.quick);
  const naive = args.js && args.naive ? measureNaive(workloads, args.dtypes, args.quick) : [];
  const planShare = measurePlanShare(workloads, rows, lib, args.quick);

  let isa = null;
  if (args.isa) {
    if (!lib.native.info) env.warnings.push('--isa: the native addon is unavailable, no ISA columns');
    else {
      isa = {};
      const got = measureIsas(args, workloads.map((w) => w.id), lib.native.info.isas);
      for (const [name, g] of Object.entries(got)) {
        isa[name] = { error: g.error, ran: g.ran, results: g.map ? Object.fromEntries(g.map) : {} };
      }
    }
  }

  const paths = args.path ? probePaths(args, workloads.map((w) => w.id)) : null;

  let compare = null;
  let compareError = null;
  if (args.compare) {
    const dts = args.dtypes;
    compare = await remeasure(workloads.map((w) => w.id), dts, log);
    if (compare.error) compareError = compare.error;
  }

  for (const r of rows) {
    const naiveRow = naive.find((n) => n.workload === r.workload && n.dtype === r.dtype && !n.error);
    const ref = reference.lookup(r.workload, r.dtype);
    r.reference = ref && { best_reference: ref.best_reference, mpix_s: ref.mpix_s, direct_limit_1t_mpix_s: ref.direct_limit_1t_mpix_s };
    const now = compare && compare.byKey ? compare.byKey.get(`${r.workload}|${r.dtype}`) : null;
    r.remeasuredBest = now ? now.best(null) : null;
    const val = (x) => (x && x.mpix_s && x.check && x.check.ok ? x.mpix_s : null);
    r.targets = r.skip || r.error ? [] : targetsFor(
      { workload: r.workload, dtype: r.dtype, native1t: val(r.native1t), nativeAll: val(r.nativeAll), js: val(r.js), naive: naiveRow ? naiveRow.mpix_s : null },
      ref, now,
    );
  }
  env.loadavg_end = os.loadavg();
  env.elapsed_s = (Date.now() - t0) / 1e3;

  const seen = new Set();
  const remeasuredRows = rows.filter((r) => r.remeasuredBest && !seen.has(`${r.workload}|${r.dtype}`) && seen.add(`${r.workload}|${r.dtype}`))
    .map((r) => ({ workload: r.workload, dtype: r.dtype, now: r.remeasuredBest, ref: r.reference }));
  const report = { env, rows, naive, planShare, isa, paths, compareError, remeasuredRows, referenceLookup: reference.lookup, stream };
  console.log(render(report, args));

  if (args.json) {
    const out = {
      env, args: { ...args, child: undefined },
      reference_provenance: reference.doc.provenance,
      rows, naive, plan_share: planShare, isa, stream_limit: stream,
      paths: paths && paths.available ? Object.fromEntries(paths.map) : null,
      remeasured: compare && compare.byKey
        ? Object.fromEntries([...compare.byKey].map(([k, v]) => [k, v.all.map((r) => ({ ref: r.ref, semantics: r.semantics, mpix_s: r.mpix_s_median, ms: r.est_full_ms_median, scaled: r.scaled }))]))
        : null,
      compare_error: compareError,
    };
    fs.writeFileSync(args.json, `${JSON.stringify(out, null, 1)}\n`);
    log(`wrote ${args.json}`);
  }

  const results = rows.flatMap((r) => [r.native1t, r.nativeAll, r.js]).concat(naive)
    .concat(isa ? Object.values(isa).flatMap((g) => Object.values(g.results)) : []);
  const failed = results.filter((x) => x && (x.error || (x.check && !x.check.ok)));
  log(`bench: done in ${env.elapsed_s.toFixed(0)} s`);
  if (failed.length) {
    log(`bench: ${failed.length} measurement(s) failed or computed a wrong result (see Notes); exit code 1`);
    process.exitCode = 1;
  }
}

const args = parseArgs(process.argv.slice(2));
if (args.child) runChild(args);
else {
  main(args).catch((e) => {
    console.error(`bench: ${e.stack || e}`);
    process.exit(1);
  });
}
