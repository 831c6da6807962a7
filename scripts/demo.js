#!/usr/bin/env node
// `npm run demo [-- OUTDIR]` is `simdconv demo [OUTDIR]`: the worked examples and a gallery of filtered
// pictures (index.html and PNGs, default ./simdconv-demo). The logic lives in src/cli/gallery.ts.
'use strict';

process.argv.splice(2, 0, 'demo');
require('../bin/simdconv.js');
