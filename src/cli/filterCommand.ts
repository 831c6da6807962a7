// `simdconv filter`: decode each input, filter its colour channels (alpha untouched), clip to
// [0, 255], round, and encode by the output's extension. Everything the user typed is checked before
// the first file is written.

import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { backend, setThreads } from '../backend/index';
import { fromPixels, toPixels } from '../api/image';
import { ND_MODES, type NdMode } from '../api/ndmodes';
import type { NDArray } from '../core/ndarray';
import { CliError, parseNumber } from './cliError';
import { formatOf, readImage, writeImage } from './codec';
import { parseKernelSpec, type ImageFilter, type PlaneOptions } from './kernelSpec';
import { progressBar } from './progress';

export interface FilterArgs {
  inputs: string[];
  /** One output per input. */
  outputs: string[];
  filter: ImageFilter;
  spec: string;
  options: PlaneOptions;
  json: boolean;
  /** Native threads per call, or undefined for the library's default. */
  threads?: number;
}

export interface FilterFlags {
  positionals: string[];
  kernel?: string;
  mode?: string;
  cval?: string;
  outdir?: string;
  json?: boolean;
  force?: boolean;
  threads?: string;
}

/** Validate the command line: files exist, names are writable formats, the kernel parses. */
export function checkFilterArgs(f: FilterFlags): FilterArgs {
  if (f.kernel === undefined) throw new CliError('filter needs --kernel SPEC (see simdconv --help)');
  const mode = f.mode ?? 'reflect';
  if (!(ND_MODES as readonly string[]).includes(mode)) throw new CliError(`unknown --mode '${mode}' (expected ${ND_MODES.join(', ')})`);
  // --cval is in 8-bit levels, like the pixels in the file; the images are filtered on a [0, 1] scale.
  const cval = f.cval === undefined ? 0 : parseNumber(f.cval, '--cval') / 255;
  if (f.cval !== undefined && !mode.endsWith('constant')) {
    process.stderr.write(`simdconv: warning: --cval has no effect with --mode ${mode} (only with constant or grid-constant)\n`);
  }
  let inputs: string[];
  let outputs: string[];
  if (f.outdir !== undefined) {
    inputs = f.positionals;
    if (inputs.length === 0) throw new CliError('filter --outdir DIR needs at least one input image');
    if (existsSync(f.outdir) && !statSync(f.outdir).isDirectory()) throw new CliError(`--outdir '${f.outdir}' is not a directory`);
    outputs = inputs.map((p) => join(f.outdir as string, formatOf(p) ? basename(p) : `${basename(p)}.png`));
    const seen = new Map<string, string>();
    outputs.forEach((o, i) => {
      const before = seen.get(o);
      if (before !== undefined) throw new CliError(`'${before}' and '${inputs[i]}' would both be written to '${o}'`);
      seen.set(o, inputs[i]);
    });
  } else {
    if (f.positionals.length !== 2) {
      throw new CliError(`filter takes IN OUT, or several inputs with --outdir DIR (got ${f.positionals.length} file name${f.positionals.length === 1 ? '' : 's'})`);
    }
    inputs = [f.positionals[0]];
    outputs = [f.positionals[1]];
    if (formatOf(outputs[0]) === null) throw new CliError(`cannot write '${outputs[0]}': the name must end in .png, .jpg or .jpeg`);
  }
  for (const p of inputs) {
    if (!existsSync(p)) throw new CliError(`cannot read '${p}': no such file or directory`);
    if (statSync(p).isDirectory()) throw new CliError(`cannot read '${p}': it is a directory`);
  }
  if (f.force !== true) {
    inputs.forEach((input, i) => {
      if (sameFile(input, outputs[i])) throw new CliError(`'${outputs[i]}' is the input '${input}': refusing to overwrite it (add --force to allow)`);
    });
  }
  const threads = f.threads === undefined ? undefined : parseNumber(f.threads, '--threads');
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1 || threads > 1024)) {
    throw new CliError(`bad number '${f.threads}' for --threads (a whole number from 1 to 1024)`);
  }
  const filter = parseKernelSpec(f.kernel);
  return { inputs, outputs, filter, spec: f.kernel, options: { mode: mode as NdMode, cval }, json: f.json === true, threads };
}

/** Whether two names are one file: the same resolved path, or (both existing) the same inode. */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  if (!existsSync(b)) return false;
  const [sa, sb] = [statSync(a), statSync(b)];
  return sa.dev === sb.dev && sa.ino === sb.ino;
}

/** Scale the colour channels (not alpha) so that their maximum becomes 1. */
function fitColours(img: NDArray, alpha: boolean): NDArray {
  const c = img.shape[2];
  const d = img.data;
  const colours = alpha ? c - 1 : c;
  let max = 0;
  for (let k = 0; k < colours; k++) for (let i = k; i < d.length; i += c) if (d[i] > max) max = d[i];
  if (max > 0) for (let k = 0; k < colours; k++) for (let i = k; i < d.length; i += c) d[i] /= max;
  return img;
}

/** Put the input's alpha (the last channel) back over the filtered one. */
function keepAlpha(from: NDArray, to: NDArray): void {
  const c = from.shape[2];
  for (let i = c - 1; i < to.data.length; i += c) to.data[i] = from.data[i];
}

interface FileReport {
  input: string;
  output: string;
  width: number;
  height: number;
  channels: number;
  ms: { read: number; filter: number; write: number };
}

function filterOne(args: FilterArgs, input: string, output: string): FileReport {
  const t0 = performance.now();
  const pixels = readImage(input);
  const img = fromPixels(pixels);
  const t1 = performance.now();
  const c = img.shape[2];
  const alpha = c === 2 || c === 4;
  const out = args.filter.image(img, args.options);
  if (alpha) keepAlpha(img, out);
  if (args.filter.fit) fitColours(out, alpha);
  const t2 = performance.now();
  writeImage(output, toPixels(out));
  const t3 = performance.now();
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { input, output, width: img.shape[1], height: img.shape[0], channels: c, ms: { read: r(t1 - t0), filter: r(t2 - t1), write: r(t3 - t2) } };
}

export function runFilter(args: FilterArgs): void {
  const { outputs } = args;
  if (args.threads !== undefined) setThreads(args.threads);
  const dirs = new Set(outputs.map((o) => join(o, '..')));
  for (const d of dirs) mkdirSync(d, { recursive: true });
  const bar = progressBar(args.inputs.length);
  const reports: FileReport[] = [];
  const start = performance.now();
  try {
    args.inputs.forEach((input, i) => {
      bar.update(i, basename(input));
      const rep = filterOne(args, input, outputs[i]);
      reports.push(rep);
      if (!args.json) {
        bar.clear();
        const ms = rep.ms.filter.toFixed(1);
        process.stdout.write(`${input} → ${rep.output} (${rep.width}×${rep.height}×${rep.channels}, filter ${ms} ms)\n`);
      }
    });
    bar.update(args.inputs.length, 'done');
  } finally {
    bar.clear();
  }
  if (args.json) {
    const summary = {
      backend: backend(), kernel: args.spec, mode: args.options.mode, cval: args.options.cval * 255,
      files: reports, totalMs: Math.round((performance.now() - start) * 1000) / 1000,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  }
}
