// The package as a consumer installs it: `npm pack`, then `npm install <tarball>` in a fresh project,
// offline and with no compiler on PATH. Offline, npm cannot look dependencies up on the registry, so
// they are handed over from this checkout: node-gyp-build packed, the optional cmake-js and
// node-addon-api (what a source build needs) as links. The linux-x64 prebuild must be in the
// tarball and load: backend() says native. Then, without the prebuild, the loader's advice
// (`npm run build:native` in the package) must build the addon when followed with a compiler present.
// Needs dist/ and prebuilds/linux-x64 (npm run prebuilds:linux); skipped with that reason otherwise.

import { execFile, spawnSync, type ExecFileOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PREBUILD = join(ROOT, 'prebuilds', 'linux-x64', 'node.napi.glibc.node');

function skipReason(): string | null {
  // The release binary is not instrumented; under the sanitizer's LD_PRELOAD its allocator would mix with ASan's.
  if (process.env.SIMDCONV_SANITIZED === '1') return 'a sanitizer run: the shipped prebuilds are checked by npm test';
  if (process.platform !== 'linux' || process.arch !== 'x64') return `the shipped prebuilds are checked on linux-x64 (this is ${process.platform}-${process.arch})`;
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) return 'dist/ is missing: run npm run build:ts';
  if (!existsSync(PREBUILD)) return 'prebuilds/linux-x64 is missing: run npm run prebuilds:linux';
  return null;
}
const SKIP = skipReason();

/** `npm` run through this Node, so PATH can hold nothing else. */
const NPM_CLI = (() => {
  const r = spawnSync('npm', ['prefix', '-g'], { encoding: 'utf8' });
  return join(r.stdout.trim(), 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
})();

/** Runs a command without blocking the test worker (long builds would starve vitest's RPC). */
function run(what: string, file: string, args: string[], opts: ExecFileOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...opts, encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${what} failed (${error.code ?? error.signal}):\n${stderr}\n${stdout}`));
      else resolve(String(stdout));
    });
  });
}

const PROBE = `
const s = require('simdconv');
const r = s.convolve2d([[1, 2], [3, 4]], [[1, 1]]);
console.log(JSON.stringify({ backend: s.backend(), data: Array.from(r.data) }));
`;

describe.skipIf(SKIP !== null)(SKIP === null ? 'the packed tarball in a fresh project' : `the packed tarball (skipped: ${SKIP})`, () => {
  let work = '';
  let project = '';
  let files: string[] = [];
  /** PATH with node and sh alone: no cc, c++, g++, make or cmake. */
  let bare = '';

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'simdconv-consumer-'));
    const out = await run('npm pack', process.execPath, [NPM_CLI, 'pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT });
    const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    files = info.files.map((f) => f.path);
    bare = join(work, 'bin');
    mkdirSync(bare);
    symlinkSync(realpathSync(process.execPath), join(bare, 'node'));
    symlinkSync('/bin/sh', join(bare, 'sh')); // npm runs the install script through sh
    project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    const deps = await run('npm pack node-gyp-build', process.execPath, [NPM_CLI, 'pack', '--json', '--pack-destination', work, join(ROOT, 'node_modules', 'node-gyp-build')], { cwd: work });
    const given = [join(work, info.filename), join(work, (JSON.parse(deps) as { filename: string }[])[0].filename),
      join(ROOT, 'node_modules', 'cmake-js'), join(ROOT, 'node_modules', 'node-addon-api')];
    await run('npm install --offline <tarball>', process.execPath, [NPM_CLI, 'install', '--offline', '--no-audit', '--no-fund', ...given], {
      cwd: project, env: { ...process.env, PATH: bare, SIMDCONV_BACKEND: '' },
    });
  }, 300_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships the prebuilds, the sources a build needs and the LICENSE; no source maps, tests or TypeScript sources', () => {
    for (const f of ['LICENSE', 'package.json', 'dist/index.js', 'dist/index.mjs', 'dist/index.d.ts', 'CMakeLists.txt',
      'binding/addon.cc', 'binding/portable/glibc_compat.cc', 'scripts/install.js',
      'prebuilds/linux-x64/node.napi.glibc.node']) {
      expect(files).toContain(f);
    }
    if (existsSync(join(ROOT, 'prebuilds', 'linux-arm64'))) expect(files).toContain('prebuilds/linux-arm64/node.napi.glibc.node');
    expect(files.filter((f) => f.endsWith('.map') || f.startsWith('src/') || f.startsWith('test/') || f.startsWith('build/'))).toEqual([]);
  });

  it('installs offline with no compiler on PATH and runs native from the prebuild', async () => {
    const r = await run('node', process.execPath, ['-e', PROBE], { cwd: project, env: { ...process.env, PATH: bare, SIMDCONV_BACKEND: '' } });
    const result = JSON.parse(r.trim().split('\n').pop() ?? '{}');
    expect(result.backend.name).toBe('native');
    expect(result.data).toEqual([1, 3, 2, 3, 7, 4]);
    expect(existsSync(join(project, 'node_modules', 'simdconv', 'build'))).toBe(false);
  });

  it('does not install the CLI-only image codecs for library users', () => {
    expect(existsSync(join(project, 'node_modules', 'pngjs'))).toBe(false);
    expect(existsSync(join(project, 'node_modules', 'jpeg-js'))).toBe(false);
  });

  const compiler = ['c++', 'cmake', 'make'].every((tool) => (process.env.PATH ?? '').split(delimiter).some((d) => existsSync(join(d, tool))));
  it.skipIf(!compiler)(`without a prebuild, backend().reason gives advice that builds the addon when followed${compiler ? '' : ' (skipped: no c++, cmake and make on PATH)'}`, async () => {
    const pkg = join(project, 'node_modules', 'simdconv');
    rmSync(join(pkg, 'prebuilds'), { recursive: true, force: true });
    const env = { ...process.env, SIMDCONV_BACKEND: '' };
    const before = JSON.parse((await run('node', process.execPath, ['-e', PROBE], { cwd: project, env })).trim());
    expect(before.backend.name).toBe('js');
    expect(before.data).toEqual([1, 3, 2, 3, 7, 4]);
    const advice = /run `(npm run build:native)` in (\S+) /.exec(before.backend.reason);
    expect(advice, before.backend.reason).not.toBeNull();
    expect(realpathSync(advice![2])).toBe(realpathSync(pkg));
    await run(advice![1], process.execPath, [NPM_CLI, 'run', 'build:native'], { cwd: advice![2], env });
    const after = JSON.parse((await run('node', process.execPath, ['-e', PROBE], { cwd: project, env })).trim());
    expect(after.backend.name).toBe('native');
    expect(readdirSync(join(pkg, 'build', 'Release'))).toContain('simdconv.node');
  }, 600_000);
});
