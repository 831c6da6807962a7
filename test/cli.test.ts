// The `simdconv` command, run as a user runs it (node bin/simdconv.js on the built dist/), against
// SciPy's answers from scripts/gen-cli-fixtures.py: every kernel spec within one 8-bit level, batch
// mode, --json, and every kind of bad input (exit code 2, one line on stderr, no stack trace).

import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImage } from '../src/cli/codec';
import { BACKENDS } from './helpers/backends';
import { CLI_BUILT as BUILT, ROOT, runCli, type Run } from './helpers/cli';

const FIX = join(ROOT, 'test', 'fixtures', 'cli');

interface CliCase {
  input: string;
  kernel: string;
  mode: string;
  cval: number;
  shape: number[];
  expected: string;
  tolerance_levels: number;
}
const { cases } = JSON.parse(readFileSync(join(FIX, 'cases.json'), 'utf8')) as { cases: CliCase[] };

const cli = (args: string[], backend?: string): Promise<Run> => runCli(args, FIX, backend);

/** Worst |actual − expected| in 8-bit levels, and where (Infinity when the shapes differ). */
function worst(file: string, c: CliCase): { diff: number; at: string } {
  const px = readImage(file);
  const want = Buffer.from(c.expected, 'base64');
  const shape = [px.height, px.width, px.channels];
  if (shape.join() !== c.shape.join()) return { diff: Infinity, at: `shape [${shape}] ≠ [${c.shape}]` };
  let diff = 0;
  let at = '';
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(px.data[i] - want[i]);
    if (d > diff) [diff, at] = [d, `[${Math.floor(i / (c.shape[1] * c.shape[2]))}, ${Math.floor(i / c.shape[2]) % c.shape[1]}, ${i % c.shape[2]}]: ${px.data[i]} vs ${want[i]}`];
  }
  return { diff, at };
}

describe.skipIf(!BUILT)(BUILT ? 'simdconv CLI' : 'simdconv CLI (skipped: dist/ not built; run npx tsc -p . — npm test does)', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'simdconv-cli-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  // Each backend through SIMDCONV_BACKEND; the native half skips (visibly) where the addon cannot load.
  for (const b of BACKENDS) {
    describe.skipIf(b.skipReason !== null)(`${b.label}: matches scipy.ndimage within one 8-bit level`, () => {
      cases.forEach((c, n) => {
        const title = `${c.input} --kernel ${c.kernel} --mode ${c.mode}${c.cval ? ` --cval ${c.cval}` : ''}`;
        it.concurrent(title, async ({ expect }) => {
          const out = join(tmp, `${b.name}-case${n}.png`);
          const cval = c.mode === 'constant' ? ['--cval', String(c.cval)] : [];
          const r = await cli(['filter', c.input, out, '--kernel', c.kernel, '--mode', c.mode, ...cval, '--json'], b.name);
          expect(r.stderr).toBe('');
          expect(r.code).toBe(0);
          expect(JSON.parse(r.stdout).backend.name).toBe(b.name);
          const { diff, at } = worst(out, c);
          expect(diff, `worst at ${at}`).toBeLessThanOrEqual(c.tolerance_levels);
        }, 30_000); // one Node process per case, many at once: slow on a loaded machine or under ASan
      });
    });
  }

  it('batch: several inputs into --outdir, keeping names and formats, with --json timings', async () => {
    const dir = join(tmp, 'batch');
    const r = await cli(['filter', 'rgb.png', 'gray.png', 'rgba.png', 'photo.jpg', '--outdir', dir, '-k', 'box:3', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(report.backend.name).toMatch(/^(js|native)$/);
    expect(report).toMatchObject({ kernel: 'box:3', mode: 'reflect', cval: 0 });
    expect(report.files.map((f: { output: string }) => f.output)).toEqual(['rgb.png', 'gray.png', 'rgba.png', 'photo.jpg'].map((f) => join(dir, f)));
    for (const f of report.files) {
      for (const k of ['read', 'filter', 'write']) expect(f.ms[k]).toBeGreaterThanOrEqual(0);
      expect(readImage(f.output)).toMatchObject({ width: f.width, height: f.height });
    }
    const box = cases.find((c) => c.input === 'rgb.png' && c.kernel === 'box:3' && c.mode === 'reflect') as CliCase;
    expect(worst(join(dir, 'rgb.png'), box).diff).toBeLessThanOrEqual(1);
    expect(readImage(join(dir, 'rgba.png')).channels).toBe(4);
  });

  it('--threads N sets the native threads per call and changes no pixel', async () => {
    const [a, b] = [join(tmp, 'threads-default.png'), join(tmp, 'threads-1.png')];
    const r1 = await cli(['filter', 'rgba.png', a, '-k', 'gaussian:2', '--json']);
    const r2 = await cli(['filter', 'rgba.png', b, '-k', 'gaussian:2', '--threads', '1', '--json']);
    expect([r1.code, r2.code, r1.stderr, r2.stderr]).toEqual([0, 0, '', '']);
    const report = JSON.parse(r2.stdout);
    if (report.backend.name === 'native') expect(report.backend.threads).toBe(1);
    expect(Array.from(readImage(b).data)).toEqual(Array.from(readImage(a).data));
  });

  it('without --json, prints one line per file and no progress bar when stderr is not a terminal', async () => {
    const r = await cli(['filter', 'gray.png', 'rgb.png', '-o', join(tmp, 'plain'), '-k', 'emboss']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.stdout).toMatch(/gray\.png → .*gray\.png \(32×24×1, filter [\d.]+ ms\)/);
  });

  it('writes JPEG when OUT ends in .jpg', async () => {
    const out = join(tmp, 'out.jpg');
    const r = await cli(['filter', 'rgb.png', out, '-k', 'gaussian:1']);
    expect(r.code).toBe(0);
    expect(readImage(out)).toMatchObject({ width: 32, height: 24, channels: 3 });
    // A grey picture stays grey: one component in the frame header (byte 9 of SOF0, after SOI and JFIF's APP0).
    const grey = join(tmp, 'grey.jpg');
    expect((await cli(['filter', 'gray.png', grey, '-k', 'gaussian:1'])).code).toBe(0);
    const file = readFileSync(grey);
    const sof = file.indexOf(Buffer.from([0xff, 0xc0]));
    expect(file[sof + 9]).toBe(1);
    expect(readImage(grey)).toMatchObject({ width: 32, height: 24, channels: 1 });
  });

  it('--help and --version', async () => {
    const h = await cli(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/simdconv filter IN OUT --kernel SPEC/);
    expect(h.stdout).toMatch(/Examples:\n {2}simdconv filter photo\.jpg blurred\.png --kernel gaussian:2\n/);
    const v = await cli(['--version']);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('--cval without a constant mode warns and still filters; --force overwrites the input', async () => {
    const out = join(tmp, 'cval-warn.png');
    const r = await cli(['filter', 'rgb.png', out, '-k', 'box:3', '--mode', 'nearest', '--cval', '10']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('simdconv: warning: --cval has no effect with --mode nearest (only with constant or grid-constant)\n');
    expect(existsSync(out)).toBe(true);
    const copy = join(tmp, 'self.png');
    copyFileSync(join(FIX, 'rgb.png'), copy);
    const before = readFileSync(copy);
    const f = await cli(['filter', copy, copy, '-k', 'box:3', '--force']);
    expect(f.code, f.stderr).toBe(0);
    expect(readFileSync(copy).equals(before)).toBe(false);
  });

  describe('bad input: exit 2, one line on stderr, no stack trace, nothing written', () => {
    let junk: string;
    beforeAll(() => {
      junk = join(tmp, 'junk.png');
      writeFileSync(junk, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really a png')]));
      writeFileSync(join(tmp, 'bad-kernel.json'), '[[1, 2], [3]]');
      const photo = readFileSync(join(FIX, 'photo.jpg'));
      writeFileSync(join(tmp, 'cut.jpg'), photo.subarray(0, photo.length >> 1));
    });
    const out = () => join(tmp, 'never.png');
    const bad: [string, () => string[], RegExp][] = [
      ['missing file', () => ['filter', 'nope.png', out(), '-k', 'box:3'], /^simdconv: cannot read 'nope\.png': no such file or directory$/],
      ['missing file in a batch', () => ['filter', 'rgb.png', 'nope.png', '-o', join(tmp, 'b2'), '-k', 'box:3'], /^simdconv: cannot read 'nope\.png'/],
      ['undecodable image', () => ['filter', junk, out(), '-k', 'box:3'], /^simdconv: cannot decode '.*junk\.png': a broken PNG file \(.+\); re-export it /],
      ['truncated JPEG', () => ['filter', join(tmp, 'cut.jpg'), out(), '-k', 'box:3'], /^simdconv: cannot decode '.*cut\.jpg': a broken JPEG file \(.+\); re-export it or check that the copy is complete$/],
      ['output is the input', () => ['filter', 'rgb.png', join(FIX, 'rgb.png'), '-k', 'box:3'], /^simdconv: '.*rgb\.png' is the input 'rgb\.png': refusing to overwrite it \(add --force to allow\)$/],
      ['output is the input, in a batch', () => ['filter', 'rgb.png', '-o', '.', '-k', 'box:3'], /^simdconv: 'rgb\.png' is the input 'rgb\.png': refusing to overwrite it/],
      ['not an image at all', () => ['filter', 'kernel.json', out(), '-k', 'box:3'], /^simdconv: cannot decode 'kernel\.json': not a PNG or JPEG file$/],
      ['unknown kernel', () => ['filter', 'rgb.png', out(), '-k', 'blurry'], /^simdconv: unknown kernel 'blurry' \(expected gaussian:SIGMA, box:N/],
      ['kernel without its value', () => ['filter', 'rgb.png', out(), '-k', 'gaussian'], /^simdconv: kernel 'gaussian' needs a value: gaussian:SIGMA$/],
      ['bad sigma', () => ['filter', 'rgb.png', out(), '-k', 'gaussian:-1'], /^simdconv: bad number '-1' for --kernel gaussian:-1 \(sigma must be > 0\)$/],
      ['bad box size', () => ['filter', 'rgb.png', out(), '-k', 'box:2.5'], /^simdconv: bad number '2\.5' for --kernel box:2\.5/],
      ['bad alpha', () => ['filter', 'rgb.png', out(), '-k', 'sharpen:1x'], /^simdconv: bad number '1x' for --kernel sharpen:1x$/],
      ['missing kernel file', () => ['filter', 'rgb.png', out(), '-k', 'none.json'], /^simdconv: cannot read kernel file 'none\.json': no such file or directory$/],
      ['ragged kernel file', () => ['filter', 'rgb.png', out(), '-k', join(tmp, 'bad-kernel.json')], /^simdconv: kernel file '.*' must hold a non-empty rectangular 2-D array/],
      ['bad --cval', () => ['filter', 'rgb.png', out(), '-k', 'box:3', '--cval', '0x10'], /^simdconv: bad number '0x10' for --cval$/],
      ['bad --threads', () => ['filter', 'rgb.png', out(), '-k', 'box:3', '--threads', '0'], /^simdconv: bad number '0' for --threads \(a whole number from 1 to 1024\)$/],
      ['bad --mode', () => ['filter', 'rgb.png', out(), '-k', 'box:3', '--mode', 'symm'], /^simdconv: unknown --mode 'symm' \(expected reflect, /],
      ['unknown flag', () => ['filter', 'rgb.png', out(), '-k', 'box:3', '--sigma', '2'], /^simdconv: unknown option '--sigma' \(see simdconv --help\)$/],
      ['flag without value', () => ['filter', 'rgb.png', out(), '-k'], /^simdconv: option '-k, --kernel' needs a value|^simdconv: option '.*' needs a value$/],
      ['no --kernel', () => ['filter', 'rgb.png', out()], /^simdconv: filter needs --kernel SPEC/],
      ['wrong file count', () => ['filter', 'rgb.png', '-k', 'box:3'], /^simdconv: filter takes IN OUT, or several inputs with --outdir DIR \(got 1 file name\)$/],
      ['unwritable format', () => ['filter', 'rgb.png', join(tmp, 'x.gif'), '-k', 'box:3'], /^simdconv: cannot write '.*x\.gif': the name must end in \.png, \.jpg or \.jpeg$/],
      ['unknown command', () => ['blur', 'a', 'b'], /^simdconv: unknown command 'blur' \(expected filter, match or demo/],
      ['demo with a filter flag', () => ['demo', '-k', 'box:3'], /^simdconv: demo takes only an output directory \(got --kernel\)$/],
      ['clashing outputs', () => ['filter', 'rgb.png', join(FIX, 'rgb.png'), '-o', join(tmp, 'b3'), '-k', 'box:3'], /^simdconv: 'rgb\.png' and '.*rgb\.png' would both be written to /],
    ];
    for (const [name, args, message] of bad) {
      it(name, async () => {
        const r = await cli(args());
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        const lines = r.stderr.split('\n').filter((l) => l !== '');
        expect(lines, r.stderr).toHaveLength(1);
        expect(lines[0]).toMatch(message);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(existsSync(out())).toBe(false);
      });
    }
  });
});
