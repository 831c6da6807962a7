// The CLI's one kind of expected failure: bad input from the user (a missing file, an undecodable
// image, an unknown kernel, a bad number or flag). main() prints its message as one line and exits 2.

export class CliError extends Error {
  override name = 'CliError';
}

/** A strict decimal number: Number('') is 0 and Number('0x10') is 16, which a user never meant. */
export function parseNumber(text: string, what: string): number {
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) throw new CliError(`bad number '${text}' for ${what}`);
  const v = Number(text);
  if (!Number.isFinite(v)) throw new CliError(`bad number '${text}' for ${what} (not finite)`);
  return v;
}
