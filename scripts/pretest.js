#!/usr/bin/env node
// `npm test` builds what it needs first: the TypeScript (dist/, for the package and CLI tests) and
// the native addon (incremental). A failed native build is reported and the native suites skip
// with that reason, unless SIMDCONV_BACKEND=native, where it fails the run.
'use strict';
const { execSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const run = (cmd) => execSync(cmd, { cwd: root, stdio: 'inherit' });

run('npm run --silent build:ts');
try {
  run('npm run --silent build:native');
} catch (e) {
  if (process.env.SIMDCONV_BACKEND === 'native') throw e;
  console.warn('simdconv: native build failed; native test suites will be skipped');
}
