#!/usr/bin/env node
// The package's install script. Keeps a native addon that loads (a prebuild for this platform, or an
// earlier build); otherwise tries to compile one with cmake-js, when it is installed (a
// devDependency: present in a checkout, usually absent for consumers). It never fails the install:
// without the addon simdconv runs its pure-TypeScript executor, and says so once here.
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');

const root = path.join(__dirname, '..');

/** null when node-gyp-build finds a binary here that loads, else why not. */
function loadFailure() {
  try {
    require('node-gyp-build')(root);
    return null;
  } catch (e) {
    return oneLine(e instanceof Error ? e.message : String(e));
  }
}

/** null when `cmake-js compile` built the addon, else why not. */
function compileFailure() {
  let cli;
  try {
    cli = require.resolve('cmake-js/bin/cmake-js', { paths: [root] });
  } catch {
    return 'no prebuilt binary for this platform, and cmake-js is not installed to compile one';
  }
  const r = spawnSync(process.execPath, [cli, 'compile'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) return oneLine(r.error.message);
  if (r.status === 0) return null;
  // The first compiler or CMake error says most; cmake-js's own ERR! lines come next.
  const lines = `${r.stdout}\n${r.stderr}`.split('\n').map((l) => l.trim()).filter(Boolean);
  const detail = lines.find((l) => /error:|CMake Error/i.test(l)) || lines.find((l) => l.includes('ERR!')) || lines.pop();
  return oneLine(`cmake-js compile exited with ${r.status}${detail ? `: ${detail}` : ''}`);
}

function oneLine(s) {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 240 ? `${line.slice(0, 240)}…` : line;
}

if (loadFailure() !== null) {
  const reason = compileFailure() || loadFailure();
  if (reason) console.warn(`simdconv: native addon not built (${reason}); using the pure-TypeScript fallback`);
}
