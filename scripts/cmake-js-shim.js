#!/usr/bin/env node
// prebuildify's stand-in for node-gyp: `prebuildify --napi --strip --node-gyp scripts/cmake-js-shim.js`.
//
// prebuildify runs, in the package root,
//   <node-gyp> rebuild --target=<node version> --devdir=<header cache> --arch=<arch> --release|--debug
// (plus --runtime/--dist-url for Electron targets), then moves the first *.node in build/Release
// (build/Debug) to prebuilds/<platform>-<arch>/<name>.node. A clean cmake-js build puts the addon
// exactly there. Target version, runtime and header cache mean nothing to a Node-API build: one binary
// serves every Node and Electron version, and headers come from node-api-headers, so they are ignored.
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');

const IGNORED = new Set(['--target', '--devdir', '--runtime', '--dist-url', '--build_v8_with_gn', '--release']);

function fail(message) {
  console.error(`cmake-js-shim: ${message}`);
  process.exit(1);
}

const [command, ...options] = process.argv.slice(2);
if (command !== 'rebuild') fail(`expected 'rebuild' as prebuildify passes it (got ${JSON.stringify(command)})`);

// `rebuild` starts from an empty build/, so no cached option (SIMDCONV_SANITIZE=ON) reaches a prebuild.
const args = ['rebuild'];
for (const option of options) {
  const [key, value] = option.split(/=(.*)/s);
  if (key === '--arch') args.push('--arch', value);
  else if (key === '--debug') args.push('--debug');
  else if (!IGNORED.has(key)) fail(`unsupported node-gyp argument ${option}`);
}

const root = path.join(__dirname, '..');
const cli = require.resolve('cmake-js/bin/cmake-js', { paths: [root] });
const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
if (r.error) fail(r.error.message);
process.exit(r.status === null ? 1 : r.status);
