#!/usr/bin/env node
// One-off: copy the golden conformance cases (every *.json, manifest included) into
// test/fixtures/conformance unchanged, so the project's tests stand alone.
//   node scripts/copy-fixtures.js [source-dir]   (default ../shared/conformance/public)
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const src = path.resolve(process.argv[2] || path.join(root, '..', 'shared', 'conformance', 'public'));
const dst = path.join(root, 'test', 'fixtures', 'conformance');

const files = fs.readdirSync(src).filter((f) => f.endsWith('.json')).sort();
if (!files.includes('manifest.json')) {
  console.error(`copy-fixtures: ${src} has no manifest.json; is it a conformance case directory?`);
  process.exit(1);
}
fs.mkdirSync(dst, { recursive: true });
for (const f of files) {
  const target = path.join(dst, f);
  fs.copyFileSync(path.join(src, f), target);
  fs.chmodSync(target, 0o644);
}
console.log(`copy-fixtures: ${files.length} files from ${src} to ${path.relative(root, dst)}`);
