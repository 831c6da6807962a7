#!/usr/bin/env node
// The `simdconv` command: a thin shim over the compiled CLI in dist/cli/main.js.
'use strict';

let cli;
try {
  cli = require('../dist/cli/main.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes('dist/cli/main.js')) {
    process.stderr.write('simdconv: the CLI is not built; run `npm run build:ts` first\n');
    process.exit(1);
  }
  throw e;
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
