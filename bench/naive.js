'use strict';
// The textbook JavaScript convolution loop of REFERENCE.md ("naive JS"): 'same' output, half-sample
// reflect border (d c b a | a b c d | d c b a) resolved per tap with branches, one multiply-add per
// tap, typed arrays of the workload's dtype. run.js times it in the same run as the library's 'js'
// backend, so "js ≥ 5× the textbook loop" is a ratio measured side by side, not against a number
// taken on another day.
//
//   node bench/naive.js [--quick]     times it alone on img2048_lap3 and img2048_rand7

/** out = convolve2d(x, k, 'same', boundary 'symm') for an odd K×K kernel, the plain way. */
function naiveConvolveSameReflect(x, H, W, k, K, out) {
  const r = (K - 1) >> 1;
  for (let i = 0; i < H; i++) {
    for (let j = 0; j < W; j++) {
      let s = 0;
      for (let u = 0; u < K; u++) {
        let y = i + r - u;
        if (y < 0) y = -y - 1;
        else if (y >= H) y = 2 * H - 1 - y;
        for (let v = 0; v < K; v++) {
          let c = j + r - v;
          if (c < 0) c = -c - 1;
          else if (c >= W) c = 2 * W - 1 - c;
          s += k[u * K + v] * x[y * W + c];
        }
      }
      out[i * W + j] = s;
    }
  }
  return out;
}

/**
 * A private copy of the loop for one dtype: V8 keeps type feedback per function, so one function fed
 * Float32Array and then Float64Array would run the second polymorphic (slower than the textbook
 * loop really is). Each dtype gets its own compiled copy.
 */
const copies = new Map();
function naiveFor(dtype) {
  if (!copies.has(dtype)) copies.set(dtype, new Function(`return ${naiveConvolveSameReflect.toString()}`)()); // eslint-disable-line no-new-func
  return copies.get(dtype);
}

/** The workloads the textbook loop is measured on (REFERENCE.md measured 3×3 and 7×7). */
const NAIVE_WORKLOADS = ['img2048_lap3', 'img2048_rand7'];

module.exports = { naiveConvolveSameReflect, naiveFor, NAIVE_WORKLOADS };

if (require.main === module) {
  const { loadWorkloads, materialize } = require('./generate');
  const { measure, policy } = require('./timing');
  const quick = process.argv.includes('--quick');
  const doc = loadWorkloads();
  for (const id of NAIVE_WORKLOADS) {
    const w = doc.workloads.find((x) => x.id === id);
    for (const dtype of ['float32', 'float64']) {
      const d = materialize(w, dtype);
      const [H, W] = d.x.shape;
      const out = dtype === 'float32' ? new Float32Array(H * W) : new Float64Array(H * W);
      const naive = naiveFor(dtype);
      const t = measure(() => naive(d.x.data, H, W, d.k.data, d.k.shape[0], out), policy('js', quick));
      console.log(`${id} ${dtype}: ${(w.input_elements / t.median / 1e6).toFixed(1)} Mpix/s (median of ${t.reps}, ${(t.median * 1e3).toFixed(1)} ms)`);
    }
  }
}
