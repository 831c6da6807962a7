// Runs in headless Chromium (test/browser.test.ts serves it under a strict Content-Security-Policy):
// imports the browser build, runs the conformance cases from /cases.json and an ImageData round trip,
// and leaves everything it saw in window.simdconvResults for the test to compare with Node's answers.
import * as lib from '/browser.mjs';

const violations = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective}: ${e.sourceFile}:${e.lineNumber}`));

const num = (x) => (typeof x === 'string' ? Number(x) : x); // 'NaN', 'Infinity', '-Infinity' from JSON
const isND = (v) => v !== null && typeof v === 'object' && ArrayBuffer.isView(v.data) && Array.isArray(v.shape);

/** JSON-safe arguments → the values the call takes ({ nd, shape, complex, data } → an NDArray). */
function decode(v) {
  if (Array.isArray(v)) return v.map(decode);
  if (v === null || typeof v !== 'object') return v;
  if (typeof v.nd === 'string') {
    const Ctor = v.nd === 'float32' ? Float32Array : Float64Array;
    return { data: Ctor.from(v.data, num), shape: v.shape, complex: v.complex };
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
}

function encode(r) {
  if (!isND(r)) return { other: String(r) };
  const nd = r.data instanceof Float32Array ? 'float32' : 'float64';
  return { nd, shape: [...r.shape], complex: r.complex === true, data: Array.from(r.data, (x) => (Number.isFinite(x) ? x : String(x))) };
}

const failure = (e) => ({ error: e?.constructor?.name ?? typeof e, message: String(e?.message ?? e) });

function call(ns, name, args) {
  const owner = ns === null ? lib : lib[ns];
  try {
    return encode(owner[name](...decode(args)));
  } catch (e) {
    return failure(e);
  }
}

/** The same through the …Async twin, where there is one (null otherwise). */
async function callAsync(ns, name, args) {
  const owner = ns === null ? lib : lib[ns];
  if (typeof owner[`${name}Async`] !== 'function') return null;
  try {
    return encode(await owner[`${name}Async`](...decode(args)));
  } catch (e) {
    return failure(e);
  }
}

/** A synthetic RGBA ImageData with varying alpha, blurred on its colour channels and turned back into ImageData. */
function imageRoundTrip() {
  const width = 29;
  const height = 17;
  const px = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < px.length; i++) px[i] = (i * 37 + ((i >> 5) * 11)) % 256;
  const input = new ImageData(px, width, height);
  const img = lib.image.fromPixels(input);
  const blurred = lib.image.filterChannels(img, (ch) => lib.ndimage.gaussianFilter(ch, 2));
  const out = lib.image.toPixels(blurred);
  const back = new ImageData(out.data, out.width, out.height);
  return {
    shape: [...img.shape],
    input: Array.from(input.data),
    output: Array.from(back.data),
    outputIsImageData: back instanceof ImageData,
    width: back.width,
    height: back.height,
    channels: out.channels,
  };
}

async function main() {
  const cases = await (await fetch('/cases.json')).json();
  const results = cases.map((c) => call(c.ns, c.name, c.args));
  const asyncResults = [];
  for (const c of cases) asyncResults.push(await callAsync(c.ns, c.name, c.args));
  const image = imageRoundTrip();
  const info = lib.backend();
  let nativeRefused = null;
  try {
    lib.setBackend('native');
  } catch (e) {
    nativeRefused = String(e.message);
  }
  // violation events are dispatched as tasks: let them arrive before reading them
  const settle = () => new Promise((ok) => setTimeout(ok, 100));
  await settle();
  const violationsByLibrary = violations.slice();
  // Proof that the policy is enforced and its violations are seen: compiling a string must be refused
  // (after the library ran), and reported like any violation the library would have caused.
  let evalBlocked = false;
  try {
    new Function('return 1')();
  } catch (e) {
    evalBlocked = e instanceof EvalError;
  }
  await settle();
  const probeReported = violations.length === violationsByLibrary.length + 1;
  return { results, asyncResults, image, backend: info, nativeRefused, violationsByLibrary, evalBlocked, probeReported };
}

main().then(
  (r) => { window.simdconvResults = r; },
  (e) => { window.simdconvResults = { fatal: String(e?.stack ?? e) }; },
);
