#!/usr/bin/env node
// Writes dist/browser.mjs, the package's `browser` export: src/index.ts bundled into one ES module with
// the js-only backend (src/backend/browser.ts) in place of src/backend/index.ts, which loads the
// native addon. esbuild's browser platform fails the build on any Node built-in that is still imported.
// Not minified (a consumer's bundler does that); `--size` prints the minified + gzipped size.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const nodeBackend = path.join(root, 'src', 'backend', 'index.ts');
const browserBackend = path.join(root, 'src', 'backend', 'browser.ts');

/** Every import that lands on src/backend/index.ts gets src/backend/browser.ts instead. */
const jsOnlyBackend = {
  name: 'simdconv-browser-backend',
  setup(build) {
    build.onResolve({ filter: /backend\/index$/ }, (args) => {
      const target = path.resolve(args.resolveDir, args.path) + '.ts';
      return target === nodeBackend ? { path: browserBackend } : undefined;
    });
  },
};

const options = {
  entryPoints: [path.join(root, 'src', 'index.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  plugins: [jsOnlyBackend],
  logLevel: 'error',
  legalComments: 'none',
};

async function main() {
  const out = path.join(root, 'dist', 'browser.mjs');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await esbuild.build({ ...options, outfile: out, banner: { js: '// simdconv browser build (scripts/build-browser.js): pure TypeScript, no Node built-ins.' } });
  if (process.argv.includes('--size')) {
    const min = await esbuild.build({ ...options, minify: true, write: false });
    const bytes = min.outputFiles[0].contents;
    const kB = (n) => `${(n / 1024).toFixed(1)} kB`;
    console.log(`dist/browser.mjs: ${kB(fs.statSync(out).size)}; minified ${kB(bytes.length)}, minified + gzipped ${kB(zlib.gzipSync(bytes, { level: 9 }).length)}`);
  }
}

main().catch((e) => {
  console.error(e.message ?? e);
  process.exit(1);
});
