'use strict';
// Regenerates bench/reference.json from the summary table of ../shared/perf/REFERENCE.md, so the
// benchmark carries the reference numbers (and where they came from) when the shared folder is not
// there. run.js warns when the shared file no longer matches the recorded hash.
//
//   node bench/update-reference.js [path/to/REFERENCE.md]

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const DEFAULT_SOURCE = path.resolve(__dirname, '..', '..', 'shared', 'perf', 'REFERENCE.md');
const OUT = path.join(__dirname, 'reference.json');

const num = (s) => {
  const m = /-?[\d,]*\.?\d+(?:e[-+]?\d+)?/i.exec(s);
  return m ? Number(m[0].replace(/,/g, '')) : null;
};

/** Rows of the "## Summary" table: one entry per (workload, dtype). */
function parseSummary(text) {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^## Summary/.test(l));
  if (start < 0) throw new Error('REFERENCE.md: no "## Summary" section');
  const rows = [];
  let header = null;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i].trim();
    if (l.startsWith('## ')) break;
    if (!l.startsWith('|')) continue;
    const cells = l.slice(1, -1).split('|').map((c) => c.trim());
    if (!header) {
      header = cells;
      continue;
    }
    if (cells.every((c) => /^-+$/.test(c))) continue;
    const [workload, dtype, best, mpix, ms, limit, ratio, fft, naive] = cells;
    const bestName = /`([^`]+)`/.exec(best);
    const limitM = /^([\d,.]+)\s*\(([\d.,]+)\s*ms,\s*(\w+)\)/.exec(limit);
    rows.push({
      workload,
      dtype,
      best_reference: bestName ? bestName[1] : best,
      best_reference_threads: num(best.replace(/`[^`]+`/, '')),
      mpix_s: num(mpix),
      ms: num(ms),
      direct_limit_1t_mpix_s: limitM ? num(limitM[1]) : null,
      direct_limit_1t_ms: limitM ? num(limitM[2]) : null,
      direct_limit_bound: limitM ? limitM[3] : null,
      ratio_limit_over_ref_1t: num(ratio),
      fft_model_1t_ms_estimate: num(fft),
      naive_js_mpix_s: naive === '—' || naive === '-' ? null : num(naive),
      naive_js_estimated: /est/.test(naive),
    });
  }
  if (rows.length === 0) throw new Error('REFERENCE.md: the summary table has no rows');
  return { header, rows };
}

function sha256(text) {
  return crypto.createHash('sha256').update(text).digest('hex');
}

function main() {
  const source = path.resolve(process.argv[2] || DEFAULT_SOURCE);
  const text = fs.readFileSync(source, 'utf8');
  const { header, rows } = parseSummary(text);
  const doc = {
    provenance: {
      source: 'shared/perf/REFERENCE.md, section "Summary" (parsed by bench/update-reference.js)',
      source_path_when_copied: source,
      source_sha256: sha256(text),
      copied: new Date().toISOString(),
      measured_with: 'Debian numpy 1.24 / scipy 1.10 / OpenCV 4.6 on a 2-core AMD EPYC (Zen 4, AVX-512) VM (see REFERENCE.md)',
      columns: header,
      notes: [
        'mpix_s = input elements / median seconds / 1e6 of the best reference over boundary variants (reflect / zero).',
        'direct_limit_1t: compute- or memory-bound limit of a direct method on one thread (REFERENCE.md, "Machine limits").',
        'Two threads scale exactly 2x on this machine (REFERENCE.md observation 12), so the 2-thread limit of a compute-bound row is 2 x direct_limit_1t.',
      ],
    },
    rows,
  };
  fs.writeFileSync(OUT, `${JSON.stringify(doc, null, 1)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), OUT)}: ${rows.length} rows from ${source}`);
}

module.exports = { parseSummary, sha256, DEFAULT_SOURCE };

if (require.main === module) main();
