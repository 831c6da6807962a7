// The published types, checked with the real tools on the built package (dist/): a consumer file
// type-checks under `strict` with node16 resolution (from ESM and from CJS) and with bundler resolution,
// using readonly inputs (`as const`, readonly shapes) and passing toPixels' `channels` where only
// 1 | 2 | 3 | 4 fits; `// @ts-expect-error` lines prove the checks can fail. @arethetypeswrong/cli
// and publint must report no problem on the packed tarball. Needs dist/ (npm run build:ts).

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SKIP = existsSync(join(ROOT, 'dist', 'index.d.mts')) ? null : 'dist/ is missing: run npm run build:ts';
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

function run(file: string, args: string[], cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, encoding: 'utf8', maxBuffer: 16 << 20, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}${stderr}` }));
  });
}

const CONSUMER = `
import { convolve2d, ndimage, numpy, array, image, type Channels } from 'simdconv';

const x = [[1, 2, 3], [4, 5, 6]] as const;
const w: readonly (readonly number[])[] = [[1, 0, -1]];
convolve2d(x, w, { mode: 'same', stride: [1, 1] as const });
numpy.convolve([1, 2, 3] as const, [1, 1]);
const shape: readonly number[] = [2, 3];
ndimage.gaussianFilter({ data: new Float32Array(6), shape }, [1, 1] as const, { mode: ['reflect', 'nearest'] as const });
ndimage.correlate1d(array([1, 2, 3, 4], [2, 2] as const), [1, 1], { axis: 0 });
ndimage.convolve({ data: new Float64Array(4), shape: [2, 2] as const, stride: [2, 1] as const }, [[1]], { origin: [0, 0] as const });

const px = image.toPixels(new Float32Array(12), {});
const rawChannels: 1 | 2 | 3 | 4 = px.channels; // what sharp's { raw: { width, height, channels } } wants
const c: Channels = rawChannels;
export const used = [c];

// @ts-expect-error channels is not any number
const five: 5 = px.channels;
// @ts-expect-error a string is not an array input
convolve2d('abc', w);
export const wrong = [five];
`;

let dir: string | null = null;
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(SKIP !== null)(SKIP === null ? 'published types' : `published types (skipped: ${SKIP})`, () => {
  // Inside the repository, so that 'simdconv' resolves to this package by self-reference.
  const project = (name: string, files: Record<string, string>): string => {
    dir ??= mkdtempSync(join(ROOT, 'test', '.types-test-'));
    const p = join(dir, name);
    mkdirSync(p);
    for (const [f, text] of Object.entries(files)) writeFileSync(join(p, f), text);
    return p;
  };
  const compilerOptions = { strict: true, noEmit: true, skipLibCheck: false, types: [], lib: ['ES2022', 'DOM'], target: 'ES2022' };

  it.each([
    ['node16, from ESM', { module: 'node16', moduleResolution: 'node16' }, 'consumer.mts'],
    ['node16, from CJS', { module: 'node16', moduleResolution: 'node16' }, 'consumer.cts'],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }, 'consumer.ts'],
  ])('a strict consumer type-checks (%s), readonly inputs accepted, channels 1 | 2 | 3 | 4', async (_, resolution, file) => {
    const p = project(file.replace('.', '-'), {
      [file]: CONSUMER,
      'tsconfig.json': JSON.stringify({ compilerOptions: { ...compilerOptions, ...resolution }, files: [file] }),
    });
    const r = await run(bin('tsc'), ['-p', p], p);
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  }, 120_000);

  it('@arethetypeswrong/cli and publint find no problem in the packed tarball', async () => {
    const out = mkdtempSync(join(tmpdir(), 'simdconv-pack-'));
    try {
      const pack = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', out], ROOT);
      expect(pack.code, pack.out).toBe(0);
      const [tarball] = readdirSync(out).filter((f) => f.endsWith('.tgz'));
      const attw = await run(bin('attw'), [join(out, tarball), '--format', 'table-flipped'], ROOT);
      expect(attw.code, attw.out).toBe(0);
      expect(attw.out).toMatch(/No problems found/);
      const publint = await run(bin('publint'), ['--strict'], ROOT);
      expect(publint.code, publint.out).toBe(0);
      expect(publint.out).not.toMatch(/Warnings|Errors|Suggestions/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
