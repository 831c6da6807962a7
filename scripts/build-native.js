#!/usr/bin/env node
// Builds the native addon, optionally instrumented, and optionally runs a command against it.
//
//   node scripts/build-native.js                          cmake-js compile into build/ (incremental)
//   node scripts/build-native.js --sanitize [-- cmd …]    ASan + UBSan build into build/sanitize, then cmd
//
// A sanitized build lives apart from build/, so switching never forces a full rebuild of either. Node
// itself is not instrumented, so cmd runs with the ASan runtime preloaded, leak checking off (Node
// frees little at exit), SIMDCONV_PREBUILD pointing node-gyp-build at the sanitized binary, and
// SIMDCONV_BACKEND=native so that a binary that fails to load fails the run instead of skipping.
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const path = require('path');

const root = path.join(__dirname, '..');
const argv = process.argv.slice(2);
const split = argv.indexOf('--');
const flags = split < 0 ? argv : argv.slice(0, split);
const command = split < 0 ? [] : argv.slice(split + 1);
const sanitize = flags.includes('--sanitize');

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: env || process.env });
  if (r.error) throw r.error;
  if (r.status !== 0) process.exit(r.status === null ? 1 : r.status);
}

const cli = require.resolve('cmake-js/bin/cmake-js', { paths: [root] });
const out = sanitize ? path.join(root, 'build', 'sanitize') : root; // node-gyp-build looks in <out>/build/Release
run(process.execPath, [cli, 'compile', '--out', path.join(out, 'build'), ...(sanitize ? ['--CDSIMDCONV_SANITIZE=ON'] : [])]);
if (command.length === 0) process.exit(0);

const env = { ...process.env };
if (sanitize) {
  if (process.platform !== 'linux') throw new Error('--sanitize runs need Linux (the ASan runtime is preloaded with LD_PRELOAD)');
  const ldd = execFileSync('ldd', [path.join(out, 'build', 'Release', 'simdconv.node')], { encoding: 'utf8' });
  const runtime = /=>\s*(\S*(?:libasan|libclang_rt\.asan)\S*)/.exec(ldd);
  if (!runtime) throw new Error(`the sanitized addon does not link an ASan runtime:\n${ldd}`);
  Object.assign(env, {
    LD_PRELOAD: runtime[1],
    ASAN_OPTIONS: 'detect_leaks=0',
    UBSAN_OPTIONS: 'print_stacktrace=1',
    SIMDCONV_PREBUILD: out,
    SIMDCONV_BACKEND: 'native',
    SIMDCONV_SANITIZED: '1',
  });
}
run(command[0], command.slice(1), env);
