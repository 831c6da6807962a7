// Runs the built CLI (bin/simdconv.js) as a child process, as a user would, and collects its exit
// code and output; shared by the filter and match CLI suites.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'simdconv.js');
/** Whether dist/ holds the CLI (npm run build:ts); the suites skip without it. */
export const CLI_BUILT = existsSync(join(ROOT, 'dist', 'cli', 'main.js'));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const exec = promisify(execFile);

/** `simdconv ...args` in `cwd`, on `backend` (SIMDCONV_BACKEND) when given, without NODE_DEBUG noise. */
export async function runCli(args: string[], cwd: string, backend?: string): Promise<Run> {
  const env = { ...process.env, NODE_DEBUG: '', ...(backend ? { SIMDCONV_BACKEND: backend } : {}) };
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], { cwd, env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout: string; stderr: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout, stderr: err.stderr };
  }
}
