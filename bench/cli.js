#!/usr/bin/env node
'use strict';
// `simdconv filter` against ImageMagick's `convert -limit thread 1` on one 2048² RGB PNG, whole runs
// (process start, PNG read, filter, PNG write) timed from outside, interleaved A, B, A, B; prints the
// medians, the ratio ImageMagick ÷ simdconv, and how far apart the two outputs are (8-bit levels).
// The same filter on both sides:
//   gaussian:2   ↔ -virtual-pixel mirror -blur 8x2  (σ 2, radius 8 = truncate 4, SciPy's reflect border)
//   sobel-horiz  ↔ -virtual-pixel mirror -morphology Convolve '3x3: 1,2,1 0,0,0 -1,-2,-1'
// The picture is ImageMagick's seeded plasma fractal (noisy, like a photograph), made once in the
// temporary directory. Then JPEG: the same comparison for gaussian:2 on a 640×427 JPEG read and written
// as JPEG (quality 92 on both sides), and in this process the encoders alone on the decoded pixels,
// ours (src/cli/jpeg.ts) against jpeg-js (which the CLI used to write with, and still reads with),
// interleaved, plus jpeg-js's decode, at 640×427 and 2048². Needs dist/ (npm run build:ts), the addon for native, and ImageMagick
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
  const ours = (spec, out, from = input) => [BIN, 'filter', from, out, '--kernel', spec, '--json', ...(THREADS ? ['--threads', THREADS] : [])];
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
  jpeg(ours, decodePng(fs.readFileSync(input)));
  console.log(`\nload average at end ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; simdconv ms and ImageMagick ms are whole runs (median of ${RUNS}), process start included`);
  if (opt('keep', null) === null) fs.rmSync(DIR, { recursive: true, force: true });
}

/** The JPEG lines: the CLI against ImageMagick on a JPEG, then the encoders alone. */
function jpeg(ours, big) {
  const input = path.join(DIR, 'plasma640x427.jpg');
  if (!fs.existsSync(input)) run('convert', ['-seed', '7', '-size', '640x427', 'plasma:fractal', '-quality', '92', input]);
  const f = FILTERS[0];
  const [mine, theirs] = [path.join(DIR, 'simdconv-jpeg.jpg'), path.join(DIR, 'magick-jpeg.jpg')];
  const a = [];
  const b = [];
  const steps = [];
  for (let i = 0; i < RUNS; i++) {
    const r = run(process.execPath, ours(f.spec, mine, input));
    a.push(r.ms);
    steps.push(JSON.parse(r.stdout).files[0].ms);
    b.push(run('convert', ['-limit', 'thread', '1', input, ...f.im, '-quality', '92', theirs]).ms);
  }
  const step = (k) => median(steps.map((s) => s[k])).toFixed(0);
  console.log(`\nJPEG, ${f.spec} on a 640×427 JPEG written as JPEG (quality 92): simdconv ${median(a).toFixed(0)} ms (read / filter / write ${step('read')} / ${step('filter')} / ${step('write')}), ImageMagick ${median(b).toFixed(0)} ms, ratio ${(median(b) / median(a)).toFixed(2)}`);

  const { encodeJpeg } = require(path.join(ROOT, 'dist', 'cli', 'jpeg.js'));
  const jpegJs = require('jpeg-js');
  const small = jpegJs.decode(fs.readFileSync(input), { useTArray: true, formatAsRGBA: false });
  for (const px of [{ ...small, channels: 3 }, big]) {
    const rgba = new Uint8Array(px.width * px.height * 4); // jpeg-js encodes RGBA
    for (let i = 0; i < px.width * px.height; i++) {
      for (let k = 0; k < 3; k++) rgba[4 * i + k] = px.data[px.channels * i + k];
      rgba[4 * i + 3] = 255;
    }
    const t = { ours: [], jpegjs: [], decode: [] };
    let bytes = {};
    const runs = px.width * px.height > 1e6 ? Math.max(3, Math.min(RUNS, 5)) : 3 * RUNS;
    const clock = (f) => {
      const t0 = process.hrtime.bigint();
      const r = f();
      return [Number(process.hrtime.bigint() - t0) / 1e6, r];
    };
    for (let i = 0; i <= runs; i++) {
      const [ms1, mineJ] = clock(() => encodeJpeg(px, { quality: 92 }));
      const [ms2, theirsJ] = clock(() => jpegJs.encode({ width: px.width, height: px.height, data: rgba }, 92).data);
      const [ms3] = clock(() => jpegJs.decode(theirsJ, { useTArray: true, formatAsRGBA: false }));
      if (i === 0) continue; // warm-up
      t.ours.push(ms1);
      t.jpegjs.push(ms2);
      t.decode.push(ms3);
      bytes = { ours: mineJ.length, jpegjs: theirsJ.length };
    }
    console.log(`  ${px.width}×${px.height} RGB, quality 92, median of ${runs}: encode ours ${median(t.ours).toFixed(1)} ms (${(bytes.ours / 1e3).toFixed(0)} kB), jpeg-js ${median(t.jpegjs).toFixed(1)} ms (${(bytes.jpegjs / 1e3).toFixed(0)} kB), ${(median(t.jpegjs) / median(t.ours)).toFixed(1)}× faster; jpeg-js decode ${median(t.decode).toFixed(1)} ms`);
  }
}

main();
