#!/usr/bin/env node
'use strict';
// `simdconv filter` against ImageMagick's `convert -limit thread 1` on one 2048² RGB PNG, whole runs
// (process start, PNG read, filter, PNG write) timed from outside, interleaved A, B, A, B; prints the
// medians, the ratio ImageMagick ÷ simdconv, and how far apart the two outputs are (8-bit levels).
// The same filter on both sides:
//   gaussian:2   ↔ -virtual-pixel mirror -blur 8x2  (σ 2, radius 8 = truncate 4, SciPy's reflect border)
//   sobel-horiz  ↔ -virtual-pixel mirror -morphology Convolve '3x3: 1,2,1 0,0,0 -1,-2,-1'
// The picture is ImageMagick's seeded plasma fractal (noisy, like a photograph), made once in the
// temporary directory. Needs dist/ (npm run build:ts), the addon for native, and ImageMagick
// (Debian: apt-get install imagemagick).
//
//   node bench/cli.js [--runs N] [--threads N] [--size N] [--keep DIR]

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'simdconv.js');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? dflt : args[i + 1];
};
const RUNS = Number(opt('runs', 5));
const THREADS = opt('threads', null);
const SIZE = Number(opt('size', 2048));
const DIR = opt('keep', null) ?? fs.mkdtempSync(path.join(os.tmpdir(), 'simdconv-bench-cli-'));

const FILTERS = [
  { spec: 'gaussian:2', im: ['-virtual-pixel', 'mirror', '-blur', '8x2'] },
  { spec: 'sobel-horiz', im: ['-virtual-pixel', 'mirror', '-morphology', 'Convolve', '3x3: 1,2,1 0,0,0 -1,-2,-1'] },
];

function run(cmd, argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed: ${r.error?.message ?? r.stderr}`);
  return { ms, stdout: r.stdout };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function imagemagick() {
  const r = spawnSync('convert', ['-version'], { encoding: 'utf8' });
  const first = (r.stdout ?? '').split('\n')[0];
  if (r.status !== 0 || !/ImageMagick/.test(first)) {
    console.error('bench/cli.js needs ImageMagick\'s convert on PATH (Debian: apt-get install imagemagick)');
    process.exit(1);
  }
  return first.replace(/^Version: /, '');
}

function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) {
    console.error('bench/cli.js runs the built CLI: npm run build:ts first');
    process.exit(1);
  }
  const version = imagemagick();
  const input = path.join(DIR, `plasma${SIZE}.png`);
  if (!fs.existsSync(input)) run('convert', ['-seed', '7', '-size', `${SIZE}x${SIZE}`, 'plasma:fractal', '-depth', '8', '-type', 'TrueColor', input]);
  const { decodePng } = require(path.join(ROOT, 'dist', 'cli', 'png.js'));
  const ours = (spec, out) => [BIN, 'filter', input, out, '--kernel', spec, '--json', ...(THREADS ? ['--threads', THREADS] : [])];
  const probe = JSON.parse(run(process.execPath, ours('box:1', path.join(DIR, 'probe.png'))).stdout);
  console.log(`input: ${input} (${SIZE}×${SIZE} RGB, ${(fs.statSync(input).size / 1e6).toFixed(1)} MB)`);
  console.log(`simdconv: backend ${probe.backend.name}${probe.backend.isa ? ` ${probe.backend.isa}` : ''}, ${probe.backend.threads ?? 1} thread(s); ImageMagick: ${version}, -limit thread 1`);
  console.log(`${RUNS} runs each, interleaved; load average at start ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
  const rows = [];
  for (const f of FILTERS) {
    const mine = path.join(DIR, `simdconv-${f.spec.replace(':', '')}.png`);
    const theirs = path.join(DIR, `magick-${f.spec.replace(':', '')}.png`);
    const a = [];
    const b = [];
    const steps = [];
    for (let i = 0; i < RUNS; i++) {
      const r = run(process.execPath, ours(f.spec, mine));
      a.push(r.ms);
      steps.push(JSON.parse(r.stdout).files[0].ms);
      b.push(run('convert', ['-limit', 'thread', '1', input, ...f.im, theirs]).ms);
    }
    const [p, q] = [decodePng(fs.readFileSync(mine)), decodePng(fs.readFileSync(theirs))];
    let worst = 0;
    for (let i = 0; i < p.data.length; i++) worst = Math.max(worst, Math.abs(p.data[i] - q.data[i]));
    const step = (k) => median(steps.map((s) => s[k])).toFixed(0);
    rows.push([f.spec, median(a).toFixed(0), `${step('read')} / ${step('filter')} / ${step('write')}`, median(b).toFixed(0), (median(b) / median(a)).toFixed(2), String(worst)]);
  }
  const head = ['filter', 'simdconv ms', '(read / filter / write ms)', 'ImageMagick ms', 'ratio', 'max diff (levels)'];
  const width = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  for (const r of [head, ...rows]) console.log(r.map((c, k) => (k === 0 ? c.padEnd(width[k]) : c.padStart(width[k]))).join('  '));
  console.log(`\nload average at end ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; simdconv ms and ImageMagick ms are whole runs (median of ${RUNS}), process start included`);
  if (opt('keep', null) === null) fs.rmSync(DIR, { recursive: true, force: true });
}

main();
