// SPEC §Errors: bad input throws TypeError or RangeError before any work, and the message names
// the function and the argument. Validation runs in TypeScript before either backend, so one run
// covers both; the async twins must reject with the same errors.
import { describe, expect, it } from 'vitest';
import * as sc from '../src/index';

const f64 = (n: number) => new Float64Array(n).fill(1);
const m3 = { data: f64(9), shape: [3, 3] };
const v3 = f64(3);

type Case = [string, () => unknown, typeof TypeError | typeof RangeError, RegExp];

function detached(): Float64Array {
  const a = new Float64Array(4);
  structuredClone(a.buffer, { transfer: [a.buffer] });
  return a;
}

const cases: Case[] = [
  // arrays
  ['empty in1 with wrap', () => sc.convolve2d({ data: f64(0), shape: [0, 3] }, m3, { boundary: 'wrap' }), RangeError, /^convolve2d: in1 must be non-empty with boundary 'wrap'/],
  ['empty in2, full', () => sc.convolve(v3, []), RangeError, /^convolve: in2 must be non-empty, except in mode 'same' \(empty in1\) \(got shape \[0\]\)/],
  ['empty numpy a', () => sc.numpy.convolve([], [1]), RangeError, /^numpy\.convolve: a must be non-empty/],
  ['empty ndimage weights', () => sc.ndimage.correlate(m3, { data: f64(0), shape: [0, 3] }), RangeError, /^ndimage\.correlate: weights must be non-empty/],
  ['ragged nested array', () => sc.convolve2d([[1, 2], [3]], [[1]]), RangeError, /^convolve2d: in1 must be rectangular/],
  ['non-number element', () => sc.convolve([1, 'x' as unknown as number], [1]), TypeError, /^convolve: in1 must be numbers/],
  ['not an array', () => sc.convolve('x' as never, [1]), TypeError, /^convolve: in1 must be an NDArray, a Float32Array\/Float64Array, nested arrays of numbers or a number/],
  ['null kernel', () => sc.correlate([1, 2], null as never), TypeError, /^correlate: in2 must be/],
  ['NaN in shape', () => sc.convolve({ data: f64(3), shape: [NaN] }, v3), RangeError, /^convolve: in1\.shape must be non-negative integers/],
  ['Infinity in shape', () => sc.convolve({ data: f64(3), shape: [Infinity] }, v3), RangeError, /^convolve: in1\.shape/],
  ['0-d against 1-D', () => sc.convolve({ data: f64(1), shape: [] }, v3), RangeError, /^convolve: in2 must be 0-D like in1/],
  ['numpy mode code 3', () => sc.numpy.convolve(v3, v3, 3 as never), RangeError, /^numpy\.convolve: mode must be 'full', 'same', 'valid' or NumPy's code 0, 1 or 2 \(got 3\)/],
  ['numpy.correlate of a number', () => sc.numpy.correlate(2, v3), RangeError, /^numpy\.correlate: a must be 1-D \(got 0-D shape \[\]\)/],
  ['empty with stride', () => sc.convolve2d([[1, 2], [3, 4]], { data: f64(0), shape: [0, 1] }, { mode: 'valid', dilation: 2 }), RangeError, /^convolve2d: in2 must be non-empty with stride, dilation or padding \(got shape \[0, 1\]\)/],
  ['empty fftconvolve with padding', () => sc.fftconvolve([], [1], { padding: 1 }), RangeError, /^fftconvolve: in1 must be non-empty with stride, dilation or padding/],
  ['correlationLags too many', () => sc.correlationLags(2 ** 40, 3), RangeError, /^correlationLags: in1Len must be an integer of magnitude at most 2147483647/],
  ['correlationLags too many together', () => sc.correlationLags(2 ** 30 + 5, 2 ** 30 + 5), RangeError, /^correlationLags: in1Len must be small enough for at most 2147483647 lags/],
  ['correlationLags length 0', () => sc.correlationLags(0, 3), RangeError, /^correlationLags: in1Len must be an integer ≥ 1 \(got 0\)/],
  ['correlationLags mode', () => sc.correlationLags(3, 3, 'xx' as never), RangeError, /^correlationLags: mode must be 'full', 'same' or 'valid'/],
  ['shape not an array', () => sc.convolve({ data: f64(3), shape: 3 as never }, v3), TypeError, /^convolve: in1\.shape must be an array/],
  ['data length ≠ product(shape)', () => sc.convolve2d({ data: f64(8), shape: [3, 3] }, m3), RangeError, /^convolve2d: in1\.data must be of length 9 .*got length 8/],
  ['complex data length', () => sc.convolve({ data: f64(3), shape: [3], complex: true }, v3), RangeError, /^convolve: in1\.data must be of length 6/],
  ['data of the wrong kind', () => sc.convolve({ data: [1, 2, 3] as never, shape: [3] }, v3), TypeError, /^convolve: in1\.data must be a Float32Array or Float64Array/],
  ['detached buffer', () => sc.convolve(detached(), v3), TypeError, /^convolve: in1 must be an attached typed array/],
  ['view outside its data', () => sc.convolve({ data: f64(3), shape: [3], stride: [2] }, v3), RangeError, /^convolve: in1 must be a view inside its data/],
  ['mismatched ndim (signal)', () => sc.convolve(m3, v3), RangeError, /^convolve: in2 must be 2-D like in1/],
  ['mismatched ndim (ndimage)', () => sc.ndimage.convolve(m3, v3), RangeError, /^ndimage\.convolve: weights must be 2-D like input/],
  ['convolve2d with 1-D input', () => sc.convolve2d(v3, m3), RangeError, /^convolve2d: in1 must be 2-D/],
  ['numpy with 2-D input', () => sc.numpy.correlate([[1, 2], [3, 4]], [1]), RangeError, /^numpy\.correlate: a must be 1-D/],
  ['too large to allocate', () => sc.convolve2d(m3, m3, { padding: 40000 }), RangeError, /^convolve2d: result must be at most .* too large to allocate/],
  ['huge dilation span', () => sc.convolve(v3, v3, { mode: 'same', dilation: 2 ** 31 }), RangeError, /^convolve: dilation must be/],
  // options
  ['bad mode', () => sc.convolve2d(m3, m3, 'sme' as never), RangeError, /^convolve2d: mode must be 'full', 'same' or 'valid' \(got 'sme'\)$/],
  ['mode of the wrong type', () => sc.convolve(v3, v3, { mode: 3 as never }), TypeError, /^convolve: mode must be 'full', 'same' or 'valid' \(got 3\)/],
  ['bad method', () => sc.correlate(v3, v3, { method: 'fast' as never }), RangeError, /^correlate: method must be 'auto', 'direct' or 'fft'/],
  ['bad boundary', () => sc.correlate2d(m3, m3, { boundary: 'reflect' as never }), RangeError, /^correlate2d: boundary must be 'fill', 'wrap', 'symm'/],
  ['NaN fillvalue', () => sc.convolve2d(m3, m3, { fillvalue: NaN }), RangeError, /^convolve2d: fillvalue must be a finite number \(got NaN\)/],
  ['fillvalue as string', () => sc.convolve2d(m3, m3, { fillvalue: '1' as never }), TypeError, /^convolve2d: fillvalue must be a finite number/],
  ['stride 0', () => sc.convolve2d(m3, m3, { stride: 0 }), RangeError, /^convolve2d: stride must be an integer ≥ 1 \(got 0\)/],
  ['stride Infinity', () => sc.convolve2d(m3, m3, { stride: Infinity }), RangeError, /^convolve2d: stride must be an integer/],
  ['stride of wrong length', () => sc.convolve2d(m3, m3, { stride: [1, 2, 3] }), RangeError, /^convolve2d: stride must be an integer or an array of 2 integers/],
  ['dilation fractional', () => sc.correlate2d(m3, m3, { dilation: [1, 1.5] }), RangeError, /^correlate2d: dilation\[1\] must be an integer ≥ 1/],
  ['negative padding', () => sc.correlate2d(m3, m3, { padding: -1 }), RangeError, /^correlate2d: padding must be an integer ≥ 0/],
  ['unknown option', () => sc.convolve2d(m3, m3, { boundry: 'wrap' } as never), TypeError, /^convolve2d: options must only use .*unknown option 'boundry'/],
  ['options of the wrong type', () => sc.convolve(v3, v3, 5 as never), TypeError, /^convolve: options must be an options object or a mode string/],
  ["'valid' where neither dominates", () => sc.convolve({ data: f64(15), shape: [5, 3] }, { data: f64(15), shape: [3, 5] }, 'valid'), RangeError, /^convolve: in2 must be no larger than in1 along every axis/],
  ["'valid' with padding, kernel too big", () => sc.correlate2d(m3, { data: f64(25), shape: [5, 5] }, { mode: 'valid', padding: 0, stride: 2 }), RangeError, /^correlate2d: in2 must be no larger than the padded in1/],
  ['out of the wrong precision', () => sc.convolve(v3, v3, { out: new Float32Array(5) }), TypeError, /^convolve: out must be a Float64Array/],
  ['out of the wrong length', () => sc.convolve(v3, v3, { out: new Float64Array(4) }), RangeError, /^convolve: out must be of length 5 \(got length 4\)/],
  ['out not a typed array', () => sc.ndimage.convolve(m3, m3, { out: [] as never }), TypeError, /^ndimage\.convolve: out must be a Float64Array/],
  ['ndimage bad mode', () => sc.ndimage.correlate(m3, m3, { mode: 'symm' as never }), RangeError, /^ndimage\.correlate: mode must be 'reflect', 'constant'/],
  ['ndimage origin out of range', () => sc.ndimage.convolve(m3, m3, { origin: 2 }), RangeError, /^ndimage\.convolve: origin\[0\] must be between -1 and 1/],
  ['ndimage even origin out of range', () => sc.ndimage.correlate(m3, { data: f64(4), shape: [2, 2] }, { origin: [0, 1] }), RangeError, /^ndimage\.correlate: origin\[1\] must be between -1 and 0/],
  ['ndimage cval Infinity', () => sc.ndimage.correlate(m3, m3, { cval: Infinity }), RangeError, /^ndimage\.correlate: cval must be a finite number/],
  ['correlate1d axis out of range', () => sc.ndimage.correlate1d(m3, v3, { axis: 2 }), RangeError, /^ndimage\.correlate1d: axis must be in \[-2, 1\]/],
  ['correlate1d axis twice', () => sc.ndimage.correlate1d(m3, v3, 0, { axis: 1 }), TypeError, /^ndimage\.correlate1d: axis must be given once, positionally or in options \(got 'both'\)/],
  ['correlate1d options after axis', () => sc.ndimage.correlate1d(m3, v3, 0, 'wrap' as never), TypeError, /^ndimage\.correlate1d: options must be an options object \(got 'wrap'\)/],
  ['convolve1d two options objects', () => sc.ndimage.convolve1d(m3, v3, { mode: 'wrap' }, {}), TypeError, /^ndimage\.convolve1d: arguments must be axis then one options object/],
  ['convolve1d 2-D weights', () => sc.ndimage.convolve1d(m3, m3), RangeError, /^ndimage\.convolve1d: weights must be 1-D/],
  ['convolve1d bad origin', () => sc.ndimage.convolve1d(v3, v3, { origin: -2 }), RangeError, /^ndimage\.convolve1d: origin must be between -1 and 1/],
  ['numpy bad mode', () => sc.numpy.convolve([1, 2], [1], 'xyz' as never), RangeError, /^numpy\.convolve: mode must be/],
  ['outputShape bad kernel', () => sc.outputShape(3, 5), RangeError, /^outputShape: k must be/],
  ['outputShape NaN stride', () => sc.outputShape(8, 3, { stride: NaN }), RangeError, /^outputShape: stride must be an integer/],
  // template matching
  ['matchTemplate bad method', () => sc.matchTemplate(m3, [[1]], { method: 'tm_ccoeff' as never }), RangeError, /^matchTemplate: method must be 'sqdiff', .* or 'ccoeff_normed' \(got 'tm_ccoeff'\)/],
  ['matchTemplate template larger in one dim', () => sc.matchTemplate(m3, { data: f64(8), shape: [4, 2] }), RangeError, /^matchTemplate: template must be no larger than the image in both dimensions/],
  ['matchTemplate channel mismatch', () => sc.matchTemplate({ data: f64(27), shape: [3, 3, 3] }, { data: f64(4), shape: [1, 2, 2] }), RangeError, /^matchTemplate: template must be of the image's channel count/],
  ['matchTemplate 1-D image', () => sc.matchTemplate(v3, v3), RangeError, /^matchTemplate: image must be \[H, W\] or \[H, W, C\]/],
  ['matchTemplate complex', () => sc.matchTemplate(m3, sc.complex([[1]], [[1]])), TypeError, /^matchTemplate: template must be a real array/],
  // runtime
  ['setBackend unknown', () => sc.setBackend('gpu' as never), RangeError, /^setBackend: name must be 'auto', 'native' or 'js' \(got 'gpu'\)/],
  ['setThreads 0', () => sc.setThreads(0), RangeError, /^setThreads: n must be an integer from 1 to 1024/],
  ['setThreads NaN', () => sc.setThreads(NaN), RangeError, /^setThreads: n must be/],
  ['setThreads string', () => sc.setThreads('2' as never), TypeError, /^setThreads: n must be a positive integer/],
  // helpers
  ['array length mismatch', () => sc.array([1, 2, 3], [2, 2]), RangeError, /^array: data must be of length 4/],
  ['array bad dtype', () => sc.array([1], [1], { dtype: 'int8' as never }), RangeError, /^array: dtype must be 'float32' or 'float64'/],
  ['complex shape mismatch', () => sc.complex([1, 2], [1]), RangeError, /^complex: im must be of shape \[2\]/],
];

describe('errors', () => {
  it.each(cases)('%s', (_name, call, cls, pattern) => {
    let thrown: unknown;
    try {
      call();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(cls);
    expect((thrown as Error).message).toMatch(pattern);
  });

  it('async twins reject (not throw) with the same error', async () => {
    const p = sc.convolve2dAsync(m3, m3, 'sme' as never);
    expect(p).toBeInstanceOf(Promise);
    await expect(p).rejects.toThrow(/^convolve2d: mode must be/);
    await expect(sc.numpy.correlateAsync([], [1])).rejects.toBeInstanceOf(RangeError);
    await expect(sc.ndimage.correlate1dAsync(m3, v3, { axis: 5 })).rejects.toBeInstanceOf(RangeError);
  });

  it('NaN and Infinity values in the data propagate as IEEE arithmetic says', () => {
    const r = sc.convolve([1, NaN, 3, Infinity], [1, 1], 'valid');
    expect(Array.from(r.data)).toEqual([NaN, NaN, Infinity]);
  });
});
