// The browser build (dist/browser.mjs, the package's `browser` export) in a real headless Chromium
// (Debian's `chromium`, driven by puppeteer-core): served from 127.0.0.1 under a Content-Security-Policy
// without 'unsafe-eval', it must compute the same answers as Node for a subset of the conformance cases
// (and pass the fixtures' own tolerance), and round-trip an ImageData. Skipped, with the reason, when
// Chromium is not installed, unless SIMDCONV_BROWSER_REQUIRED=1 (CI), where that fails instead.
// Node's answers come from its js backend: the same executor, so the numbers must agree exactly.

import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lib from '../src/index';
import { caseInputs, caseSkipReason, judgeResult, resolve, SPECS } from './helpers/conformance';
import { isErrorCase, loadCases } from './helpers/fixtures';

const ROOT = join(__dirname, '..');
const BUNDLE = join(ROOT, 'dist', 'browser.mjs');
const REQUIRED = process.env.SIMDCONV_BROWSER_REQUIRED === '1';
const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
const SKIP = CHROMIUM || REQUIRED ? null : 'chromium is not installed (apt-get install -y chromium)';
if (SKIP) console.warn(`[simdconv tests] browser tests skipped: ${SKIP}`);

/** Value cases and error cases taken from each fixture file. */
const VALUE_CASES = 6;
const ERROR_CASES = 2;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isND = (v: unknown): v is lib.NDArray =>
  v !== null && typeof v === 'object' && ArrayBuffer.isView((v as lib.NDArray).data) && Array.isArray((v as lib.NDArray).shape);

/** An argument as JSON the page decodes: NDArrays as { nd, shape, complex, data }, non-finite numbers as strings. */
function encode(v: unknown): Json {
  if (isND(v)) {
    const nd = v.data instanceof Float32Array ? 'float32' : 'float64';
    return { nd, shape: [...v.shape], complex: v.complex === true, data: Array.from(v.data, (x) => (Number.isFinite(x) ? x : String(x))) };
  }
  if (Array.isArray(v)) return v.map(encode);
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
  return v as Json;
}

/** What a call gave in Node, in the page's result encoding. */
function nodeAnswer(f: (...a: unknown[]) => unknown, args: unknown[]): Json {
  try {
    const r = f(...args);
    return isND(r) ? encode(r) : { other: String(r) };
  } catch (e) {
    return { error: (e as Error).constructor.name, message: (e as Error).message };
  }
}

interface Picked { id: string; fn: string; ns: string | null; name: string; args: Json; node: Json; case: ReturnType<typeof loadCases>[number] }

function pickCases(): Picked[] {
  lib.setBackend('js');
  const picked: Picked[] = [];
  for (const spec of SPECS) {
    const f = resolve(spec);
    if (!f) continue;
    const usable = loadCases(spec.fn).filter((c) => caseSkipReason(c) === null);
    const chosen = [...usable.filter((c) => !isErrorCase(c)).slice(0, VALUE_CASES), ...usable.filter(isErrorCase).slice(0, ERROR_CASES)];
    for (const c of chosen) {
      const args = spec.args(caseInputs(c), c.args as Record<string, unknown>);
      picked.push({ id: c.id, fn: spec.fn, ns: spec.ns, name: spec.name, args: encode(args), node: nodeAnswer(f, args), case: c });
    }
  }
  lib.setBackend('auto');
  return picked;
}

describe('browser build', () => {
  it('bundles with no Node built-ins, no process, no __dirname, nothing compiled from strings', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    for (const bad of [/\brequire\(/, /\bprocess\./, /__dirname/, /from\s+["']node:/, /\beval\(/, /new Function\b/, /node-gyp-build/]) {
      expect(text, String(bad)).not.toMatch(bad);
    }
  });

  it("a bundler's browser condition resolves 'simdconv' to it, and the bundle needs no Node polyfill", async () => {
    const esbuild = await import('esbuild');
    const dir = mkdtempSync(join(tmpdir(), 'simdconv-browser-'));
    try {
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(ROOT, join(dir, 'node_modules', 'simdconv'), 'dir');
      const entry = join(dir, 'app.js');
      const r = await esbuild.build({
        stdin: { contents: "import { convolve2d, backend } from 'simdconv'; console.log(convolve2d([[1, 2]], [[1]]), backend());", resolveDir: dir, sourcefile: entry },
        bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent',
      });
      const inputs = Object.keys(r.metafile.inputs);
      expect(inputs.some((p) => p.endsWith('dist/browser.mjs')), inputs.join(', ')).toBe(true);
      expect(inputs.some((p) => p.endsWith('dist/index.js') || p.endsWith('dist/index.mjs'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(SKIP !== null)(SKIP === null ? 'in headless Chromium' : `in headless Chromium (skipped: ${SKIP})`, () => {
  let server: Server;
  let results: Record<string, unknown>;
  const picked = pickCases();

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('SIMDCONV_BROWSER_REQUIRED=1 but chromium is not installed (apt-get install -y chromium, or set CHROMIUM_PATH)');
    const files: Record<string, [string, string]> = {
      '/': ['text/html', '<!doctype html><meta charset="utf-8"><title>simdconv</title><script type="module" src="/page.mjs"></script>'],
      '/page.mjs': ['text/javascript', readFileSync(join(__dirname, 'browser', 'page.mjs'), 'utf8')],
      '/browser.mjs': ['text/javascript', readFileSync(BUNDLE, 'utf8')],
      '/cases.json': ['application/json', JSON.stringify(picked.map(({ ns, name, args }) => ({ ns, name, args })))],
    };
    server = createServer((req, res) => {
      const file = files[req.url ?? ''];
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        'content-type': file[0],
        // no 'unsafe-eval': eval and new Function throw, so the library must not use them
        'content-security-policy': "default-src 'none'; script-src 'self'; connect-src 'self'",
      });
      res.end(file[1]);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const { port } = server.address() as AddressInfo;

    const puppeteer = (await import('puppeteer-core')).default;
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      // The sanitizer run preloads the ASan runtime into every child; Chromium must start without it.
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'LD_PRELOAD')) as Record<string, string>,
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      // an uncaught error (say, the bundle failing to load) fails at once instead of waiting out the timeout
      const pageError = new Promise<never>((_, reject) => {
        page.on('pageerror', (e) => {
          errors.push(String(e));
          reject(new Error(`page error: ${String(e)}`));
        });
      });
      pageError.catch(() => {});
      await page.goto(`http://127.0.0.1:${port}/`);
      await Promise.race([
        page.waitForFunction(() => (window as unknown as { simdconvResults?: unknown }).simdconvResults !== undefined, { timeout: 60_000 }),
        pageError,
      ]);
      results = await page.evaluate(() => (window as unknown as { simdconvResults: Record<string, unknown> }).simdconvResults);
      if (errors.length > 0) throw new Error(`page errors: ${errors.join('\n')}`);
      if (results.fatal) throw new Error(`page failed: ${results.fatal}`);
    } finally {
      await browser.close();
    }
  }, 120_000);

  afterAll(() => {
    server?.close();
  });

  it('the page enforces the policy, and the library caused no violation', () => {
    expect(results.evalBlocked).toBe(true);
    expect(results.probeReported).toBe(true);
    expect(results.violationsByLibrary).toEqual([]);
  });

  it("backend() is js with the browser build's reason; setBackend('native') throws", () => {
    expect(results.backend).toMatchObject({ name: 'js', isa: null, threads: 1 });
    expect((results.backend as { reason: string }).reason).toMatch(/browser build/);
    expect(results.nativeRefused).toMatch(/native backend is not available/);
  });

  it(`conformance subset (${VALUE_CASES} value + ${ERROR_CASES} error cases per fixture file): same answers as Node, within the fixtures' tolerance`, () => {
    const got = results.results as Json[];
    expect(got).toHaveLength(picked.length);
    expect(new Set(picked.map((p) => p.fn)).size).toBe(SPECS.length);
    const failures: string[] = [];
    picked.forEach((p, i) => {
      const b = got[i] as Record<string, Json>;
      if (JSON.stringify(b) !== JSON.stringify(p.node)) failures.push(`${p.id}: browser ${JSON.stringify(b).slice(0, 200)} ≠ Node ${JSON.stringify(p.node).slice(0, 200)}`);
      if (isErrorCase(p.case)) {
        if (typeof b.error !== 'string' || !/^(TypeError|RangeError)$/.test(b.error)) failures.push(`${p.id}: expected a TypeError or RangeError, got ${JSON.stringify(b)}`);
        return;
      }
      if (typeof b.nd !== 'string') {
        failures.push(`${p.id}: no array returned: ${JSON.stringify(b)}`);
        return;
      }
      const Ctor = b.nd === 'float32' ? Float32Array : Float64Array;
      const data = Ctor.from(b.data as (number | string)[], (x) => Number(x));
      const wrong = judgeResult(p.case, { data, shape: b.shape, complex: b.complex });
      if (wrong) failures.push(wrong);
    });
    expect(failures.join('\n\n')).toBe('');
  });

  it('the …Async twins give the same answers as the sync calls', () => {
    const sync = results.results as Json[];
    const twins = (results.asyncResults as Json[]).map((r, i) => [r, sync[i], picked[i].id] as const).filter(([r]) => r !== null);
    expect(twins.length).toBeGreaterThan(picked.length / 2);
    for (const [r, s, id] of twins) expect(JSON.stringify(r), id).toBe(JSON.stringify(s));
  });

  it('ImageData round trip: fromPixels → filterChannels(gaussianFilter) → toPixels → new ImageData, as in Node', () => {
    const im = results.image as { shape: number[]; input: number[]; output: number[]; outputIsImageData: boolean; width: number; height: number; channels: number };
    expect(im.shape).toEqual([17, 29, 4]);
    expect(im).toMatchObject({ outputIsImageData: true, width: 29, height: 17, channels: 4 });
    lib.setBackend('js');
    try {
      const img = lib.image.fromPixels({ data: Uint8ClampedArray.from(im.input), width: 29, height: 17 });
      const out = lib.image.toPixels(lib.image.filterChannels(img, (ch) => lib.ndimage.gaussianFilter(ch, 2)));
      expect(im.output).toEqual(Array.from(out.data));
    } finally {
      lib.setBackend('auto');
    }
    // the blur did something, and alpha (every 4th value) came through untouched
    expect(im.output).not.toEqual(im.input);
    expect(im.output.filter((_, i) => i % 4 === 3)).toEqual(im.input.filter((_, i) => i % 4 === 3));
  });
});
