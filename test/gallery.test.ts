// `npm run demo [-- OUTDIR]` (scripts/demo.js on the built dist/): it prints the worked examples and
// writes index.html plus every PNG it references, each decodable and of the size the page declares.

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readImage } from '../src/cli/codec';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUILT = existsSync(join(ROOT, 'dist', 'cli', 'gallery.js'));
const exec = promisify(execFile);

describe.skipIf(!BUILT)(BUILT ? 'gallery (npm run demo)' : 'gallery (skipped: dist/ not built; run npx tsc -p . — npm test does)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'simdconv-demo-'));
  const out = join(tmp, 'gallery');
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  let stdout = '';
  it('runs, prints the worked examples and the backend, and says where it wrote', async () => {
    const r = await exec(process.execPath, [join(ROOT, 'scripts', 'demo.js'), out], { cwd: tmp });
    stdout = r.stdout;
    expect(r.stderr).toBe('');
    expect(stdout).toMatch(/backend: (js|native)/);
    expect(stdout).toContain("numpy.convolve([1, 2, 3, 4, 5], [1, 0, -1], 'valid')\n  → [2, 2, 2]");
    expect(stdout).toMatch(/\[\[ {2}0, -30, -30\],/);
    expect(stdout).toMatch(/\[\[ 12, {2}27, {2}24\],/);
    expect(stdout).toContain('-64-32i');
    expect(stdout).toContain(`to ${out}`);
  }, 60_000);

  it('writes index.html referencing PNGs that decode to the sizes it declares', () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const imgs = [...html.matchAll(/<img src="([^"]+)" width="(\d+)" height="(\d+)"/g)];
    expect(imgs.length).toBeGreaterThanOrEqual(25);
    for (const [, file, w, h] of imgs) {
      const px = readImage(join(out, file));
      expect([px.width, px.height], file).toEqual([Number(w), Number(h)]);
    }
    expect(html).toContain('<svg'); // the sliding-block plot
    expect(html).toMatch(/<code>ndimage\.gaussianFilter\(gray, 3\)<\/code> <span class="ms">[\d.]+ ms<\/span>/);
  });

  it('finds the template where it was cut', () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const found = /argmax\(corr\) → \[(\d+), (\d+)\].*?the template was cut at \[(\d+), (\d+)\]/s.exec(html);
    expect(found).not.toBeNull();
    const [, y, x, y0, x0] = (found as RegExpExecArray).map(Number);
    expect([y, x]).toEqual([y0, x0]);
  });

  it('rejects extra arguments with one line and exit code 2', async () => {
    const err = await exec(process.execPath, [join(ROOT, 'scripts', 'demo.js'), 'a', 'b']).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr.trim().split('\n')).toHaveLength(1);
    expect(err.stderr).toMatch(/^simdconv demo: expected at most one argument/);
  });
});
