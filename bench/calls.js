'use strict';
// Which simdconv call computes each workload of workloads.json, with the same semantics as the
// reference calls of ../shared/perf/ref_bench.py (see workloads.json "conventions"):
//
//   conv2d 'same' reflect    convolve2d(x, k, { mode: 'same', boundary: 'symm' })
//                            (≡ ndimage.convolve mode 'reflect' ≡ cv2.filter2D BORDER_REFLECT, flipped k)
//   conv2d 'same' zero       convolve2d(x, k, { mode: 'same', boundary: 'fill', fillvalue: 0 })
//   Gaussian                 the 2-D outer(g, g) kernel through convolve2d (separability is the
//                            library's to find), and ndimage.gaussianFilter(x, σ, truncate = r/σ)
//                            when it is exported
//   conv1d 'same' zero       convolve(x, k, { mode: 'same' }) (≡ numpy.convolve(x, k, 'same'); the
//                            scipy.signal form because numpy.convolve takes no `out`)
//   (5,5,1) on HWC           ndimage.convolve(x[h,w,3], k[5,5,1], { mode: 'reflect' })
//   3×3 stride 2 pad 1       correlate2d(x, k, { mode: 'valid', padding: 1, stride: 2 }):
//                            out[i,j] = Σ_uv xpad[2i+u, 2j+v]·k[u,v], zero padding, 1024×1024
//   template matching        matchTemplate(x, t) when exported (TM_CCOEFF_NORMED), else skipped
//
// Every variant preallocates its output (`out`) so allocation is not timed, and carries a pointwise
// float64 oracle (oracle.js) that the benchmark checks each backend's result against.

const O = require('./oracle');

const alloc = (dtype, n) => (dtype === 'float32' ? new Float32Array(n) : new Float64Array(n));
const size = (shape) => shape.reduce((p, d) => p * d, 1);

function findExport(api, name) {
  for (const ns of [api, api.ndimage, api.filters, api.feature, api.signal]) {
    if (ns && typeof ns[name] === 'function') return ns[name];
  }
  return null;
}

/** A smaller input of the same workload, used to estimate the cost of a full-size call. */
function crop(w, d) {
  const x = d.x;
  let shape;
  if (w.family === 'conv1d') shape = [Math.min(62500, x.shape[0])];
  else if (w.family === 'template_match') shape = [Math.min(192, x.shape[0]), Math.min(240, x.shape[1])];
  else shape = [Math.min(256, x.shape[0]), Math.min(256, x.shape[1]), ...x.shape.slice(2)];
  const data = x.data.constructor === Float32Array ? new Float32Array(size(shape)) : new Float64Array(size(shape));
  const rowLen = size(shape.slice(1));
  const srcRowLen = size(x.shape.slice(1));
  if (shape.length === 1) data.set(x.data.subarray(0, shape[0]));
  else for (let i = 0; i < shape[0]; i++) data.set(x.data.subarray(i * srcRowLen, i * srcRowLen + rowLen), i * rowLen);
  return { ...d, x: { data, shape } };
}

/** Output shape of workload w's primary call on input shape xs. */
function outputShapeOf(w, xs, d) {
  if (w.family === 'conv2d_strided') {
    return xs.map((n, a) => Math.floor((n + 2 * w.padding[a] - w.kernel.shape[a]) / w.stride[a]) + 1);
  }
  if (w.family === 'template_match') return xs.map((n, a) => n - d.t.shape[a] + 1);
  return xs.slice();
}

/**
 * The simdconv calls measured for workload w. Each: { name, skip?: reason,
 *   build(d, dtype) → { run(), out, oshape, truth(pos) → [value, scale] } }.
 * `d` is generate.materialize()'s result (or a crop of it).
 */
function variantsFor(w, api) {
  const primary = (w.modes && w.modes.primary) || {};
  const boundary = primary.boundary || 'zero';
  const V = [];
  switch (w.family) {
    case 'conv2d': {
      const opts = boundary === 'reflect' ? { mode: 'same', boundary: 'symm' } : { mode: 'same', boundary: 'fill', fillvalue: 0 };
      V.push({
        name: `convolve2d ${opts.boundary}`,
        build(d, dtype) {
          const oshape = outputShapeOf(w, d.x.shape, d);
          const out = alloc(dtype, size(oshape));
          const o = { ...opts, out };
          return {
            out, oshape,
            run: () => api.convolve2d(d.x, d.k, o),
            truth: ([i, j]) => O.conv2dSamePoint(d.x.data, d.x.shape, d.k.data, d.k.shape, boundary, i, j),
          };
        },
      });
      if (w.kernel.kind === 'gaussian') {
        const gf = findExport(api, 'gaussianFilter');
        const sigma = w.kernel.sigma;
        const radius = (w.kernel.size - 1) / 2;
        V.push({
          name: 'ndimage.gaussianFilter',
          skip: gf ? undefined : 'gaussianFilter is not exported by dist/index.js',
          build(d, dtype) {
            const oshape = d.x.shape.slice();
            const out = alloc(dtype, size(oshape));
            // SciPy's radius is int(truncate·σ + 0.5): truncate = r/σ gives exactly the workload's r.
            const o = { mode: boundary === 'reflect' ? 'reflect' : 'constant', truncate: radius / sigma, out };
            return {
              out, oshape,
              run: () => gf(d.x, sigma, o),
              truth: ([i, j]) => O.conv2dSamePoint(d.x.data, d.x.shape, d.k.data, d.k.shape, boundary, i, j),
            };
          },
        });
      }
      break;
    }
    case 'conv1d':
      V.push({
        name: boundary === 'zero' ? 'convolve same' : 'convolve same (?)',
        skip: boundary === 'zero' ? undefined : `primary boundary ${boundary} has no scipy.signal.convolve form`,
        build(d, dtype) {
          const oshape = d.x.shape.slice();
          const out = alloc(dtype, size(oshape));
          const o = { mode: 'same', out };
          return {
            out, oshape,
            run: () => api.convolve(d.x, d.k, o),
            truth: ([i]) => O.conv1dSamePoint(d.x.data, d.k.data, 'zero', i),
          };
        },
      });
      break;
    case 'conv_multichannel': {
      const mode = boundary === 'reflect' ? 'reflect' : 'constant';
      V.push({
        name: `ndimage.convolve ${mode} (5,5,1)`,
        build(d, dtype) {
          const oshape = d.x.shape.slice();
          const out = alloc(dtype, size(oshape));
          const o = { mode, cval: 0, out };
          const k2 = d.k.shape.slice(0, 2);
          return {
            out, oshape,
            run: () => api.ndimage.convolve(d.x, d.k, o),
            truth: ([i, j, c]) => O.conv2dSamePoint(d.x.data, d.x.shape, d.k.data, k2, boundary, i, j, c),
          };
        },
      });
      break;
    }
    case 'conv2d_strided':
      V.push({
        name: `correlate2d valid p${w.padding[0]} s${w.stride[0]}`,
        build(d, dtype) {
          const oshape = outputShapeOf(w, d.x.shape, d);
          const out = alloc(dtype, size(oshape));
          const o = { mode: 'valid', boundary: 'fill', fillvalue: 0, padding: w.padding, stride: w.stride, out };
          return {
            out, oshape,
            run: () => api.correlate2d(d.x, d.k, o),
            truth: ([i, j]) => O.correlateStridedPoint(d.x.data, d.x.shape, d.k.data, d.k.shape, w.stride, w.padding, i, j),
          };
        },
      });
      break;
    case 'template_match': {
      const mt = findExport(api, 'matchTemplate');
      V.push({
        name: 'matchTemplate',
        skip: mt ? undefined : 'matchTemplate is not exported by dist/index.js',
        build(d, dtype) {
          const oshape = outputShapeOf(w, d.x.shape, d);
          // The API of a future matchTemplate is not known here: its result is copied into `out`.
          const out = alloc(dtype, size(oshape));
          return {
            out, oshape,
            run: () => {
              const r = mt(d.x, d.t);
              const data = r && r.data ? r.data : r;
              if (!data || data.length !== out.length) throw new Error(`matchTemplate returned ${data ? data.length : data} values, expected ${out.length}`);
              out.set(data);
              return r;
            },
            truth: ([i, j]) => O.nccPoint(d.x.data, d.x.shape, d.t.data, d.t.shape, i, j),
          };
        },
      });
      break;
    }
    default:
      V.push({ name: w.family, skip: `unknown workload family ${w.family}`, build() {} });
  }
  return V;
}

/** Output positions checked for a result of shape oshape (edges sized to the kernel radius). */
function positionsFor(w, oshape) {
  const ks = w.kernel ? w.kernel.shape || [w.kernel.size] : [3];
  const radius = Math.max(...ks.map((k) => k >> 1));
  return O.checkPositions(oshape, Math.min(radius + 1, 6), 96, radius);
}

module.exports = { variantsFor, crop, positionsFor, findExport };
