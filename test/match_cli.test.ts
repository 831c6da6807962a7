// `simdconv match IMAGE TEMPLATE`: finds a crop of a fixture picture where it was cut, on both
// backends, writes the heat map, and rejects bad arguments with one line and exit code 2.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readImage, writeImage } from '../src/cli/codec';
import { BACKENDS } from './helpers/backends';
import { CLI_BUILT as BUILT, ROOT, runCli, type Run } from './helpers/cli';

const FIX = join(ROOT, 'test', 'fixtures', 'cli');
const dir = mkdtempSync(join(tmpdir(), 'simdconv-match-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[], backend?: string): Promise<Run> => runCli(args, dir, backend);

/** Cut [x, y, w, h] out of a fixture and save it as a PNG template. */
function cutTemplate(file: string, x: number, y: number, w: number, h: number): string {
  const px = readImage(join(FIX, file));
  const c = px.channels ?? 1;
  const data = new Uint8ClampedArray(w * h * c);
  for (let r = 0; r < h; r++) for (let k = 0; k < w * c; k++) data[r * w * c + k] = px.data[((y + r) * px.width + x) * c + k];
  const out = join(dir, `tmpl-${file}`);
  writeImage(out, { data, width: w, height: h, channels: c });
  return out;
}

describe.skipIf(!BUILT)('simdconv match', () => {
  for (const b of BACKENDS) {
    it.skipIf(b.skipReason !== null)(`finds the crop where it was cut (${b.name})`, async () => {
      for (const file of ['gray.png', 'rgb.png']) {
        const tmpl = cutTemplate(file, 11, 7, 17, 13);
        const r = await cli(['match', join(FIX, file), tmpl, '--json'], b.name);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const got = JSON.parse(r.stdout) as { x: number; y: number; score: number; method: string; backend: string };
        expect([got.x, got.y, got.method, got.backend]).toEqual([11, 7, 'ccoeff_normed', b.name]);
        expect(got.score).toBeCloseTo(1, 5);
        const sq = await cli(['match', join(FIX, file), tmpl, '--method', 'TM_SQDIFF'], b.name);
        expect(sq.stdout).toMatch(/^best match \(sqdiff\) at x=11, y=7 /);
      }
    });
  }

  it('writes the score map as a heat map the size of the valid result', async () => {
    const tmpl = cutTemplate('gray.png', 3, 4, 9, 5);
    const out = join(dir, 'heat.png');
    const r = await cli(['match', join(FIX, 'gray.png'), tmpl, '--heatmap', out]);
    expect(r.code).toBe(0);
    const image = readImage(join(FIX, 'gray.png'));
    const heat = readImage(out);
    expect([heat.width, heat.height, heat.channels]).toEqual([image.width - 9 + 1, image.height - 5 + 1, 3]);
  });

  it('rejects bad arguments with one line and exit code 2', async () => {
    const tmpl = cutTemplate('gray.png', 0, 0, 4, 4);
    for (const [args, msg] of [
      [['match', join(FIX, 'gray.png')], /match takes IMAGE and TEMPLATE \(got 1 file\)/],
      [['match', join(FIX, 'gray.png'), tmpl, '--method', 'nope'], /--method must be one of sqdiff/],
      [['match', join(FIX, 'gray.png'), tmpl, '--kernel', 'box:3'], /match does not take --kernel/],
      [['match', join(FIX, 'gray.png'), join(FIX, 'rgb.png')], /colour channel/],
      [['match', tmpl, join(FIX, 'gray.png')], /must fit inside the image/],
      [['filter', join(FIX, 'gray.png'), 'o.png', '--kernel', 'box:3', '--method', 'ccorr'], /filter does not take --method/],
    ] as const) {
      const r = await cli([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
