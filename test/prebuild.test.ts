// The Linux prebuilds load on glibc >= 2.28: read with `objdump -T` / `-p`, no imported symbol may
// need a newer GLIBC version, none may need libstdc++ (GLIBCXX/CXXABI: it is linked statically) and
// libgcc_s only its old unwinder versions; the libraries they need are the C runtime's. The
// development build (linked against this machine's libstdc++) must fail the same check, which shows
// the check can fail. Needs prebuilds/linux-* (npm run prebuilds:linux) and objdump; skipped with the
// reason otherwise. That the arm64 one also runs is scripts/test-prebuild-arm64.sh (qemu).

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const GLIBC_MAX = [2, 28];
const GCC_MAX = [4, 2, 0]; // libgcc_s.so.1's unwinder: GCC_3.0 … GCC_4.2.0, in every glibc distribution
const NEEDED_OK = /^(libc\.so\.6|libm\.so\.6|libgcc_s\.so\.1|libpthread\.so\.0|libdl\.so\.2|ld-linux-(x86-64|aarch64)\.so\.[12])$/;

const prebuilds = existsSync(join(ROOT, 'prebuilds'))
  ? readdirSync(join(ROOT, 'prebuilds')).filter((d) => d.startsWith('linux-'))
    .flatMap((d) => readdirSync(join(ROOT, 'prebuilds', d)).filter((f) => f.endsWith('.node')).map((f) => `prebuilds/${d}/${f}`))
  : [];
const hasObjdump = spawnSync('objdump', ['--version']).status === 0;
const SKIP = !hasObjdump ? 'objdump is not installed (binutils)'
  : prebuilds.length === 0 ? 'no prebuilds/linux-* in the checkout: run npm run prebuilds:linux' : null;

function objdump(flag: string, file: string): string {
  const r = spawnSync('objdump', [flag, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`objdump ${flag} ${file}: ${r.stderr}`);
  return r.stdout;
}

function newer(version: number[], max: number[]): boolean {
  for (let i = 0; i < Math.max(version.length, max.length); i++) {
    const a = version[i] ?? 0;
    const b = max[i] ?? 0;
    if (a !== b) return a > b;
  }
  return false;
}

/** Every reason `file` would not load on a glibc 2.28 system with no libstdc++ of ours. */
function portabilityProblems(file: string): string[] {
  const problems: string[] = [];
  for (const m of objdump('-T', file).matchAll(/\((GLIBC|GLIBCXX|CXXABI|GCC)_([0-9.]+)\)\s+(\S+)/g)) {
    const [, lib, v, symbol] = m;
    const version = v.split('.').map(Number);
    if (lib === 'GLIBCXX' || lib === 'CXXABI') problems.push(`${symbol} needs ${lib}_${v} (libstdc++ must be static)`);
    else if (lib === 'GLIBC' && newer(version, GLIBC_MAX)) problems.push(`${symbol} needs GLIBC_${v}`);
    else if (lib === 'GCC' && newer(version, GCC_MAX)) problems.push(`${symbol} needs GCC_${v}`);
  }
  for (const m of objdump('-p', file).matchAll(/NEEDED\s+(\S+)/g)) {
    if (!NEEDED_OK.test(m[1])) problems.push(`needs ${m[1]}`);
  }
  return [...new Set(problems)].sort();
}

describe.skipIf(SKIP !== null)(SKIP === null ? 'Linux prebuilds load on glibc >= 2.28' : `Linux prebuilds (skipped: ${SKIP})`, () => {
  it.each(prebuilds)('%s: no symbol newer than GLIBC_2.28, no GLIBCXX/CXXABI, only C runtime libraries', (file) => {
    expect(portabilityProblems(join(ROOT, file))).toEqual([]);
    expect(file).toMatch(/^prebuilds\/linux-(x64|arm64)\/node\.napi\.glibc\.node$/);
  });

  const dev = join(ROOT, 'build', 'Release', 'simdconv.node');
  it.skipIf(!existsSync(dev) || process.platform !== 'linux')('the check fails the development build, which needs this machine\'s libstdc++', () => {
    expect(portabilityProblems(dev).some((p) => /GLIBCXX|libstdc\+\+/.test(p))).toBe(true);
  });
});
