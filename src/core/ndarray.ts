// Arrays in, arrays out: every accepted input form is normalised here into one Operand, and the
// public NDArray helpers (array, complex, real, imag, abs, angle) live here too.

import { kindError, rangeError, shapeError, typeError } from './errors';

export type FloatArray = Float32Array | Float64Array;
export type DType = 'float32' | 'float64';

/** A dense row-major array. `complex`: data holds interleaved (re, im), length 2·product(shape). */
export interface NDArray<T extends FloatArray = FloatArray> {
  data: T;
  shape: number[];
  complex?: boolean;
}

/** An ndarray-package style view; copied when it is not contiguous. */
export interface StridedView {
  data: ArrayLike<number>;
  shape: readonly number[];
  stride: readonly number[];
  offset?: number;
}

type IntegerArray = Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array;
/** Nested plain arrays, read only: `as const` literals and readonly arrays are accepted. */
export interface NestedArray extends ReadonlyArray<number | NestedArray> {}
/** An NDArray as an argument: its shape may be readonly (`[2, 3] as const`). */
export type NDArrayInput = Omit<NDArray, 'shape'> & { readonly shape: readonly number[] };
/** Everything a simdconv function accepts as an array argument. */
export type ArrayInput = NDArrayInput | StridedView | FloatArray | IntegerArray | readonly number[] | NestedArray | number;

/** An argument after normalisation. `weak`: it came from plain JS numbers and does not force float64. */
export interface Operand {
  data: FloatArray;
  shape: number[];
  complex: boolean;
  weak: boolean;
}

/** Largest element count simdconv handles in one array: indices must fit the int32 maps. */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/** Most elements of a kernel simdconv generates itself (gaussian, uniform, box…): 128 MiB of float64.
 *  A sigma or size beyond it describes a kernel far wider than any input it could be used on. */
export const MAX_KERNEL = 2 ** 24;

/** Most dimensions an array may have (NumPy's limit): deeper nesting is an error, not a stack overflow. */
export const MAX_NDIM = 64;

// ArrayBuffer.isView first: a Proxy around a typed array passes instanceof but fails every typed
// array method with V8's own receiver error; this way it is rejected by name like any other object.
export function isFloatArray(v: unknown): v is FloatArray {
  return ArrayBuffer.isView(v) && (v instanceof Float32Array || v instanceof Float64Array);
}

function isIntegerArray(v: unknown): v is IntegerArray {
  return ArrayBuffer.isView(v) && (
    v instanceof Int8Array || v instanceof Uint8Array || v instanceof Uint8ClampedArray || v instanceof Int16Array ||
    v instanceof Uint16Array || v instanceof Int32Array || v instanceof Uint32Array
  );
}

/** A typed array whose buffer was transferred or detached reads as empty; say so instead. */
function checkAttached(fn: string, arg: string, v: ArrayBufferView): void {
  if (v.byteLength !== 0) return;
  try {
    new Uint8Array(v.buffer as ArrayBuffer, 0, 0);
  } catch {
    throw new TypeError(`${fn}: ${arg} must be an attached typed array (got a detached ${v.constructor.name})`);
  }
}

function shapeOf(fn: string, arg: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) throw typeError(fn, `${arg}.shape`, 'an array of integers', shape);
  if (shape.length > MAX_NDIM) throw rangeError(fn, `${arg}.shape`, `at most ${MAX_NDIM} dimensions`, shape);
  for (const n of shape) {
    if (typeof n !== 'number') throw typeError(fn, `${arg}.shape`, 'an array of integers', shape);
    if (!Number.isInteger(n) || n < 0) throw rangeError(fn, `${arg}.shape`, 'non-negative integers', shape);
    // Each length on its own too: [1e308, 1e308, 0] has product NaN, which no size check catches.
    if (n > MAX_ELEMENTS) throw rangeError(fn, `${arg}.shape`, `lengths of at most ${MAX_ELEMENTS}`, shape);
  }
  let size = 1;
  for (const n of shape) size *= n;
  if (size > MAX_ELEMENTS) throw rangeError(fn, `${arg}.shape`, `at most ${MAX_ELEMENTS} elements`, shape);
  return shape.slice();
}

function toFloat(data: FloatArray | IntegerArray): FloatArray {
  return isFloatArray(data) ? data : Float64Array.from(data);
}

/** Flatten rectangular nested arrays of numbers; ragged or non-numeric input is rejected. */
function fromNested(fn: string, arg: string, value: unknown[]): Operand {
  // The shape is read down the first elements; an array met twice there is a cycle (a[0] = a).
  const shape: number[] = [];
  const seen = new Set<unknown>();
  for (let level: unknown = value; Array.isArray(level); level = level[0]) {
    if (seen.has(level)) throw kindError(fn, arg, 'nested arrays of numbers without cycles', `an array that contains itself at depth ${shape.length}`);
    if (shape.length === MAX_NDIM) throw kindError(fn, arg, `nested arrays at most ${MAX_NDIM} deep`, 'deeper nesting');
    seen.add(level);
    shape.push(level.length);
    if (level.length === 0) break;
  }
  let size = 1;
  for (const n of shape) size *= n;
  if (size > MAX_ELEMENTS) throw shapeError(fn, arg, `at most ${MAX_ELEMENTS} numbers`, `nested arrays of shape [${shape.join(', ')}]`);
  const data = new Float64Array(size);
  let k = 0;
  const walk = (node: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof node !== 'number') throw typeError(fn, arg, 'numbers (nested arrays of numbers)', node);
      data[k++] = node;
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw shapeError(fn, arg, 'rectangular (not ragged)', `a row of ${Array.isArray(node) ? `length ${node.length}` : 'a non-array'} where ${shape[depth]} was expected at depth ${depth}`);
    }
    for (const child of node) walk(child, depth + 1);
  };
  walk(value, 0);
  return { data, shape, complex: false, weak: true };
}

/** Gather a strided view into a contiguous array (no copy when it already is contiguous). */
function fromView(fn: string, arg: string, v: StridedView): Operand {
  const shape = shapeOf(fn, arg, v.shape);
  const src = v.data;
  if (!Array.isArray(v.stride) || v.stride.length !== shape.length || !v.stride.every(Number.isInteger)) {
    throw rangeError(fn, `${arg}.stride`, `${shape.length} integers`, v.stride);
  }
  const offset = v.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) throw rangeError(fn, `${arg}.offset`, 'a non-negative integer', offset);
  const stride = v.stride;
  let size = 1;
  for (const n of shape) size *= n;
  if (size > 0) {
    let lo = offset;
    let hi = offset;
    shape.forEach((n, i) => (stride[i] < 0 ? (lo += (n - 1) * stride[i]) : (hi += (n - 1) * stride[i])));
    if (lo < 0 || hi >= src.length) {
      throw shapeError(fn, arg, 'a view inside its data', `indices ${lo}…${hi} for data of length ${src.length}`);
    }
  }
  const base = isFloatArray(src) || isIntegerArray(src) ? toFloat(src) : null;
  const weak = base === null || !(isFloatArray(src) || isIntegerArray(src));
  let contiguous = offset === 0 && (base?.length ?? -1) === size;
  for (let i = shape.length - 1, expect = 1; i >= 0 && contiguous; expect *= shape[i], i--) {
    if (shape[i] !== 1 && stride[i] !== expect) contiguous = false;
  }
  if (contiguous && base) return { data: base, shape, complex: false, weak: false };
  const out = src instanceof Float32Array ? new Float32Array(size) : new Float64Array(size);
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < size; k++) {
    let p = offset;
    for (let i = 0; i < shape.length; i++) p += idx[i] * stride[i];
    const x = src[p];
    if (typeof x !== 'number') throw typeError(fn, `${arg}.data`, 'numbers', x);
    out[k] = x;
    for (let i = shape.length - 1; i >= 0; i--) {
      if (++idx[i] < shape[i]) break;
      idx[i] = 0;
    }
  }
  return { data: out, shape, complex: false, weak };
}

/** Normalise any accepted array argument. `fn` and `arg` name it in errors. A JS number is a 0-d array (shape []). */
export function toOperand(fn: string, arg: string, value: unknown): Operand {
  if (typeof value === 'number') return { data: Float64Array.of(value), shape: [], complex: false, weak: true };
  if (isFloatArray(value) || isIntegerArray(value)) {
    checkAttached(fn, arg, value);
    return { data: toFloat(value), shape: [value.length], complex: false, weak: false };
  }
  if (Array.isArray(value)) return fromNested(fn, arg, value);
  if (value !== null && typeof value === 'object' && 'data' in value && 'shape' in value) {
    const v = value as { data: unknown; shape: unknown; complex?: unknown; stride?: unknown };
    if (v.stride !== undefined) {
      // A view gathers real samples; it would silently drop the meaning of complex: true.
      if (v.complex !== undefined && v.complex !== false) throw typeError(fn, `${arg}.complex`, 'absent or false on a strided view (make complex data contiguous first)', v.complex);
      if (!(isFloatArray(v.data) || isIntegerArray(v.data) || Array.isArray(v.data))) {
        throw typeError(fn, `${arg}.data`, 'a typed array or an array of numbers', v.data);
      }
      if (ArrayBuffer.isView(v.data)) checkAttached(fn, `${arg}.data`, v.data);
      return fromView(fn, arg, v as StridedView);
    }
    if (!(isFloatArray(v.data) || isIntegerArray(v.data))) {
      throw typeError(fn, `${arg}.data`, 'a Float32Array or Float64Array', v.data);
    }
    checkAttached(fn, `${arg}.data`, v.data);
    if (v.complex !== undefined && typeof v.complex !== 'boolean') throw typeError(fn, `${arg}.complex`, 'a boolean', v.complex);
    const shape = shapeOf(fn, arg, v.shape);
    const complex = v.complex === true;
    let size = complex ? 2 : 1;
    for (const n of shape) size *= n;
    if (v.data.length !== size) {
      throw shapeError(fn, `${arg}.data`, `of length ${size} for shape [${shape.join(', ')}]${complex ? ' (complex)' : ''}`, `length ${v.data.length}`);
    }
    return { data: toFloat(v.data), shape, complex, weak: false };
  }
  throw typeError(fn, arg, 'an NDArray, a Float32Array/Float64Array, nested arrays of numbers or a number', value);
}

/**
 * Whether two typed arrays share any byte: views of one ArrayBuffer or SharedArrayBuffer object. The
 * same shared memory reached through a second SharedArrayBuffer object (posted from another thread)
 * is not detected.
 */
export function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

export function size(shape: readonly number[]): number {
  let p = 1;
  for (const n of shape) p *= n;
  return p;
}

/** float32 when every typed operand is float32 (plain JS arrays are weak), otherwise float64. */
export function resultType(...ops: Operand[]): DType {
  const strong = ops.filter((o) => !o.weak);
  return strong.length > 0 && strong.every((o) => o.data instanceof Float32Array) ? 'float32' : 'float64';
}

export function dtypeOf(a: FloatArray): DType {
  return a instanceof Float32Array ? 'float32' : 'float64';
}

/** The operand's data in the given precision; no copy when it already is. */
export function as(data: FloatArray, dtype: DType): FloatArray {
  if (dtypeOf(data) === dtype) return data;
  return dtype === 'float32' ? Float32Array.from(data) : Float64Array.from(data);
}

export function allocate(dtype: DType, length: number): FloatArray {
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

// ---- public helpers -------------------------------------------------------------------------

/** Build an NDArray from numbers or a typed array and a shape. */
export function array(data: ArrayLike<number> | NestedArray, shape?: readonly number[], opts: { dtype?: DType; complex?: boolean } = {}): NDArray {
  const fn = 'array';
  const { dtype, complex = false } = opts ?? {};
  if (dtype !== undefined && dtype !== 'float32' && dtype !== 'float64') throw rangeError(fn, 'dtype', "'float32' or 'float64'", dtype);
  if (typeof complex !== 'boolean') throw typeError(fn, 'complex', 'a boolean', complex);
  let flat: FloatArray;
  let inferred: number[];
  if (Array.isArray(data) && data.some((x) => Array.isArray(x))) {
    const op = fromNested(fn, 'data', data);
    flat = op.data;
    inferred = op.shape;
    if (complex) inferred = inferred.slice(0, -1);
  } else if (isFloatArray(data) || isIntegerArray(data) || Array.isArray(data)) {
    if (ArrayBuffer.isView(data)) checkAttached(fn, 'data', data);
    flat = isFloatArray(data) ? data : Float64Array.from(data as ArrayLike<number>);
    if (Array.isArray(data)) for (const x of data) if (typeof x !== 'number') throw typeError(fn, 'data', 'numbers', x);
    if (complex && flat.length % 2 !== 0) throw shapeError(fn, 'data', 'of even length (interleaved re, im) when complex', `length ${flat.length}`);
    inferred = [complex ? flat.length / 2 : flat.length];
  } else {
    throw typeError(fn, 'data', 'an array of numbers or a typed array', data);
  }
  const s = shape === undefined ? inferred : shapeOf(fn, 'shape', shape).slice();
  const want = size(s) * (complex ? 2 : 1);
  if (flat.length !== want) throw shapeError(fn, 'data', `of length ${want} for shape [${s.join(', ')}]${complex ? ' (complex)' : ''}`, `length ${flat.length}`);
  const out = as(flat, dtype ?? (isFloatArray(data) ? dtypeOf(data) : 'float64'));
  return complex ? { data: out, shape: s, complex: true } : { data: out, shape: s };
}

/** Pair real and imaginary parts (same shapes) into one complex NDArray. */
export function complex(re: ArrayInput, im: ArrayInput): NDArray {
  const fn = 'complex';
  const a = toOperand(fn, 're', re);
  const b = toOperand(fn, 'im', im);
  if (a.complex) throw typeError(fn, 're', 'a real array', 'a complex array');
  if (b.complex) throw typeError(fn, 'im', 'a real array', 'a complex array');
  if (a.shape.join() !== b.shape.join()) throw shapeError(fn, 'im', `of shape [${a.shape.join(', ')}] like re`, `[${b.shape.join(', ')}]`);
  const out = allocate(resultType(a, b), 2 * a.data.length);
  for (let i = 0; i < a.data.length; i++) {
    out[2 * i] = a.data[i];
    out[2 * i + 1] = b.data[i];
  }
  return { data: out, shape: a.shape, complex: true };
}

function mapComplex(fn: string, z: ArrayInput, f: (re: number, im: number) => number): NDArray {
  const a = toOperand(fn, 'z', z);
  const n = size(a.shape);
  const out = allocate(dtypeOf(a.data), n);
  for (let i = 0; i < n; i++) out[i] = a.complex ? f(a.data[2 * i], a.data[2 * i + 1]) : f(a.data[i], 0);
  return { data: out, shape: a.shape };
}

export const real = (z: ArrayInput): NDArray => mapComplex('real', z, (re) => re);
export const imag = (z: ArrayInput): NDArray => mapComplex('imag', z, (_re, im) => im);
export const abs = (z: ArrayInput): NDArray => mapComplex('abs', z, (re, im) => Math.hypot(re, im));
export const angle = (z: ArrayInput): NDArray => mapComplex('angle', z, (re, im) => Math.atan2(im, re));
