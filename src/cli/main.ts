// The `simdconv` command line. Bad input of any kind ends with one line on stderr and exit code 2;
// an unexpected failure with one line and exit code 1 (the stack only with NODE_DEBUG=simdconv).

import { parseArgs } from 'node:util';
import { CliError } from './cliError';
import { checkFilterArgs, runFilter } from './filterCommand';
import { main as demo } from './gallery';
import { runMatch } from './matchCommand';
import { SPEC_HELP } from './kernelSpec';

export const HELP = `simdconv — convolution with NumPy/SciPy semantics

Usage:
  simdconv filter IN OUT --kernel SPEC [--mode MODE] [--cval V] [--threads N] [--force] [--json]
  simdconv filter IN... --outdir DIR --kernel SPEC [--mode MODE] [--cval V] [--threads N] [--force] [--json]
  simdconv match IMAGE TEMPLATE [--method METHOD] [--heatmap OUT.png] [--json]
  simdconv demo [OUTDIR]      worked examples and a gallery of filtered pictures (default ./simdconv-demo)
  simdconv --help | --version

Reads PNG or JPEG, filters each colour channel as scipy.ndimage.convolve does (alpha is left as it is),
clips to [0, 255], rounds, and writes PNG or JPEG by OUT's extension (--outdir keeps the input names).

match runs cv2.matchTemplate (matchTemplate) on the colour channels and prints where the template's
top-left corner fits best and the score there (the minimum for sqdiff methods, else the maximum).

Options:
  -k, --kernel SPEC   ${SPEC_HELP}.
                      gaussian = ndimage.gaussianFilter (truncate 4); box = ndimage.uniformFilter;
                      scharr writes the gradient magnitude scaled so its maximum is 255.
  -m, --mode MODE     border: reflect (default), constant, nearest, mirror, wrap (or grid-*)
      --cval V        the value outside the image for --mode constant, in 8-bit levels (default 0)
  -o, --outdir DIR    write every input into DIR (created if missing)
      --threads N     filter: native threads per call (default: one per hardware thread)
      --force         filter: allow an output to overwrite its own input
      --json          print one JSON line on stdout: filter: the backend and per-file timings (ms);
                      match: x, y, score, method, template size, backend and time (ms)
      --method M      match: sqdiff, sqdiff_normed, ccorr, ccorr_normed, ccoeff or ccoeff_normed
                      (default; TM_ prefixes and capitals are accepted)
      --heatmap FILE  match: write the score map as a heat map (PNG or JPEG), a cross at the best match
  -h, --help          this text

Examples:
  simdconv filter photo.jpg blurred.png --kernel gaussian:2
  simdconv filter scan.png edges.png -k sobel-horiz --mode nearest
  simdconv filter logo.png framed.png -k box:9 --mode constant --cval 255
  simdconv filter *.png --outdir smooth/ -k gaussian:1.5 --json
  simdconv filter in.png out.png -k my-kernel.json     (a JSON 2-D array of weights)
  simdconv match scene.png logo.png --heatmap scores.png --json
`;

function version(): string {
  // dist/cli/main.js → ../../package.json
  return (require('../../package.json') as { version: string }).version;
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        kernel: { type: 'string', short: 'k' },
        mode: { type: 'string', short: 'm' },
        cval: { type: 'string' },
        outdir: { type: 'string', short: 'o' },
        json: { type: 'boolean' },
        method: { type: 'string' },
        heatmap: { type: 'string' },
        force: { type: 'boolean' },
        threads: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (e) {
    // Node's messages are long and mention parseArgs; say what the user typed instead.
    const msg = e instanceof Error ? e.message : String(e);
    const flag = /'([^']+)'/.exec(msg)?.[1];
    const code = (e as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new CliError(`unknown option '${flag}' (see simdconv --help)`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new CliError(`option '${flag?.split(' ')[0] ?? flag}' needs a value`);
    throw new CliError(msg.split('\n')[0]);
  }
}

/** Run the CLI; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parse(argv);
    if (values.help || argv.length === 0) {
      process.stdout.write(HELP);
      return 0;
    }
    if (values.version) {
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    const [command, ...files] = positionals;
    if (command === 'demo') {
      const flag = Object.keys(values)[0];
      if (flag !== undefined) throw new CliError(`demo takes only an output directory (got --${flag})`);
      return await demo(files);
    }
    if (command === 'match') {
      const { method, heatmap, json, ...rest } = values;
      const flag = Object.keys(rest)[0];
      if (flag !== undefined) throw new CliError(`match does not take --${flag} (see simdconv --help)`);
      runMatch({ positionals: files, method, heatmap, json });
      return 0;
    }
    if (command !== 'filter') throw new CliError(`unknown command '${command ?? ''}' (expected filter, match or demo; see simdconv --help)`);
    const { method, heatmap, ...filterValues } = values;
    if (method !== undefined || heatmap !== undefined) throw new CliError(`filter does not take --${method !== undefined ? 'method' : 'heatmap'} (see simdconv --help)`);
    runFilter(checkFilterArgs({ ...filterValues, positionals: files }));
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`simdconv: ${e.message}\n`);
      return 2;
    }
    const msg = e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e);
    process.stderr.write(`simdconv: internal error: ${msg}\n`);
    if (/\bsimdconv\b/.test(process.env.NODE_DEBUG ?? '') && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}
