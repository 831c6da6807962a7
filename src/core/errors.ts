// Every message simdconv throws for bad input is written here, so they all read alike:
//   `convolve2d: mode must be 'full', 'same' or 'valid' (got 'sme')`
// The message names the function, the argument, what was expected and what was given.

/** A short, readable rendering of the offending value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `'${value.length > 40 ? value.slice(0, 40) + '…' : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return 'a function';
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name;
    return 'length' in value ? `${name}(${(value as unknown as { length: number }).length})` : name;
  }
  if (Array.isArray(value)) {
    if (value.length <= 6 && value.every((v) => typeof v === 'number')) return `[${value.join(', ')}]`;
    return `an array of length ${value.length}`;
  }
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return typeof value;
}

/** `fn: arg must be expected (got …)` as a TypeError: the value is of the wrong kind. */
export function typeError(fn: string, arg: string, expected: string, got: unknown): TypeError {
  return new TypeError(`${fn}: ${arg} must be ${expected} (got ${describe(got)})`);
}

/** `fn: arg must be expected (got …)` as a RangeError: the value is of the right kind but out of range. */
export function rangeError(fn: string, arg: string, expected: string, got: unknown): RangeError {
  return new RangeError(`${fn}: ${arg} must be ${expected} (got ${describe(got)})`);
}

/** A TypeError where "got" is a phrase rather than one value (a cyclic array, a detached buffer). */
export function kindError(fn: string, arg: string, expected: string, got: string): TypeError {
  return new TypeError(`${fn}: ${arg} must be ${expected} (got ${got})`);
}

/** A RangeError for a relation between arguments, where "got" is a sentence rather than one value. */
export function shapeError(fn: string, arg: string, expected: string, got: string): RangeError {
  return new RangeError(`${fn}: ${arg} must be ${expected} (got ${got})`);
}
