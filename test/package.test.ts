// The built package, as a user gets it: `import 'simdconv'` (ESM) and `require('simdconv')` (CJS),
// resolved through package.json "exports" by package self-reference. Needs dist/ (npm run build:ts,
// which the pretest step runs); skipped with that reason when dist/ is missing.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  exports: { '.': { import: { types: string; default: string }; require: { types: string; default: string } } };
};
const entry = pkg.exports['.'];
const missing = [entry.import.default, entry.import.types, entry.require.default, entry.require.types].filter((f) => !existsSync(join(ROOT, f)));
const SKIP = missing.length > 0 ? `dist/ is missing ${missing.join(', ')}: run npm run build:ts` : null;

/** convolve2d([[1,2],[3,4]], [[1,1]]) in 'full' mode: plain arrays are weak, so the result is float64. */
const EXPECTED = { shape: [2, 3], data: [1, 3, 2, 3, 7, 4], type: 'Float64Array' };

// Self-reference resolves from the importing file's package scope, so the scripts live inside the repo
// (not under node_modules, where the scope lookup stops); the directory is removed afterwards.
let dir: string | null = null;
function script(name: string, text: string): string {
  dir ??= mkdtempSync(join(ROOT, 'test', '.package-test-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function runNode(file: string): { result: typeof EXPECTED & { backend: string }; stderr: string } {
  const r = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`node ${file} exited with ${r.status ?? r.signal}:\n${r.stderr}${r.stdout}`);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return { result: JSON.parse(last), stderr: r.stderr };
}

const PRINT = `
const r = convolve2d([[1, 2], [3, 4]], [[1, 1]]);
console.log(JSON.stringify({ shape: r.shape, data: Array.from(r.data), type: r.data.constructor.name, backend: backend().name }));
`;

describe.skipIf(SKIP !== null)(SKIP === null ? `package '${pkg.name}' from dist/` : `package (skipped: ${SKIP})`, () => {
  it(`ESM: import { convolve2d, backend } from '${pkg.name}'`, () => {
    const file = script('esm.mjs', `import { convolve2d, backend } from '${pkg.name}';\n${PRINT}`);
    const { result } = runNode(file);
    expect({ shape: result.shape, data: result.data, type: result.type }).toEqual(EXPECTED);
    expect(['js', 'native']).toContain(result.backend);
  });

  it(`CJS: const { convolve2d } = require('${pkg.name}')`, () => {
    const file = script('cjs.cjs', `const { convolve2d, backend } = require('${pkg.name}');\n${PRINT}`);
    const { result } = runNode(file);
    expect({ shape: result.shape, data: result.data, type: result.type }).toEqual(EXPECTED);
    expect(['js', 'native']).toContain(result.backend);
  });

  it('ESM and CJS entry points expose the same names', () => {
    const esm = script('names.mjs', `import * as m from '${pkg.name}';\nconsole.log(JSON.stringify(Object.keys(m).filter((k) => k !== 'default').sort()));`);
    const cjs = script('names.cjs', `console.log(JSON.stringify(Object.keys(require('${pkg.name}')).filter((k) => k !== '__esModule' && k !== 'default').sort()));`);
    const names = (file: string): string[] => {
      const r = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      if (r.status !== 0) throw new Error(`node ${file} exited with ${r.status}:\n${r.stderr}`);
      return JSON.parse(r.stdout.trim().split('\n').pop() ?? '[]');
    };
    const e = names(esm);
    expect(e).toEqual(names(cjs));
    for (const n of ['convolve', 'correlate', 'convolve2d', 'correlate2d', 'numpy', 'ndimage', 'setBackend', 'backend', 'setThreads']) {
      expect(e).toContain(n);
    }
  });

  it('namespaces export only public functions (no internal constants or helpers)', () => {
    const file = script('ns.cjs', `const m = require('${pkg.name}');
const out = {};
for (const ns of ['numpy', 'ndimage', 'kernels', 'image']) out[ns] = Object.entries(m[ns]).map(([k, v]) => k + ':' + typeof v);
console.log(JSON.stringify(out));`);
    const r = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const namespaces = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, string[]>;
    for (const [ns, entries] of Object.entries(namespaces)) {
      expect(entries.filter((e) => !e.endsWith(':function')), ns).toEqual([]);
    }
    const ndimage = namespaces.ndimage.map((e) => e.split(':')[0]);
    for (const internal of ['ND_MODES', 'BORDER_OF_MODE', 'normaliseAxis', 'alongAxis']) expect(ndimage).not.toContain(internal);
    expect(ndimage).toEqual(expect.arrayContaining(['convolve', 'correlate1d', 'gaussianFilter', 'sobel']));
  });
});
