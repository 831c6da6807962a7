#!/usr/bin/env node
// prebuildify's stand-in for node-gyp (`npm run prebuilds`, scripts/prebuild-linux.sh).
//
// prebuildify runs, in the package root,
//   <node-gyp> rebuild --target=<node version> --devdir=<header cache> --arch=<arch> --release|--debug
// (plus --runtime/--dist-url for Electron targets), then moves the first *.node in build/Release
// (build/Debug) to prebuilds/<platform>-<arch>/<name>.node. Each target is built from scratch in its
// own folder, build/prebuild-<arch>, so the development build in build/ keeps its configuration; the
// addon is then copied to where prebuildify looks. Target version, runtime and header cache mean nothing to a Node-API build: one binary
// serves every Node and Electron version, and headers come from node-api-headers, so they are ignored.
//
// Every prebuild is configured with SIMDCONV_PORTABLE=ON (on Linux: loads on glibc >= 2.28, see
// CMakeLists.txt). On Linux, an --arch other than the host's cross-compiles with the toolchain file
// scripts/toolchain-linux-<arch>.cmake (arm64: g++-aarch64-linux-gnu).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const IGNORED = new Set(['--target', '--devdir', '--runtime', '--dist-url', '--build_v8_with_gn', '--release']);

function fail(message) {
  console.error(`cmake-js-shim: ${message}`);
  process.exit(1);
}

const [command, ...options] = process.argv.slice(2);
if (command !== 'rebuild') fail(`expected 'rebuild' as prebuildify passes it (got ${JSON.stringify(command)})`);

// `rebuild` starts from an empty folder, so no cached option (SIMDCONV_SANITIZE=ON) reaches a prebuild.
const args = ['rebuild', '--CDSIMDCONV_PORTABLE=ON'];
let arch = process.arch;
let config = 'Release';
for (const option of options) {
  const [key, value] = option.split(/=(.*)/s);
  if (key === '--arch') {
    arch = value;
    args.push('--arch', value);
    if (process.platform === 'linux' && value !== process.arch) args.push(`--CDCMAKE_TOOLCHAIN_FILE=${toolchain(value)}`);
  } else if (key === '--debug') {
    config = 'Debug';
    args.push('--debug');
  }
  else if (!IGNORED.has(key)) fail(`unsupported node-gyp argument ${option}`);
}

function toolchain(arch) {
  const file = path.join(__dirname, `toolchain-linux-${arch}.cmake`);
  if (!fs.existsSync(file)) fail(`no cross toolchain for linux-${arch} (expected ${file})`);
  return file;
}

const root = path.join(__dirname, '..');
const cli = require.resolve('cmake-js/bin/cmake-js', { paths: [root] });
const out = path.join('build', `prebuild-${arch}`);
const r = spawnSync(process.execPath, [cli, ...args, '--out', out], { cwd: root, stdio: 'inherit' });
if (r.error) fail(r.error.message);
if (r.status !== 0) process.exit(r.status === null ? 1 : r.status);
fs.mkdirSync(path.join(root, 'build', config), { recursive: true });
fs.copyFileSync(path.join(root, out, config, 'simdconv.node'), path.join(root, 'build', config, 'simdconv.node'));
