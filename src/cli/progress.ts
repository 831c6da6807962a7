// A one-line progress bar on stderr, drawn only on a terminal, so pipes and logs stay clean.

export interface Progress {
  update(done: number, label: string): void;
  /** Erase the bar (before other output, and at the end). */
  clear(): void;
}

export function progressBar(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, clear() {} };
  const width = 24;
  let drawn = false;
  return {
    update(done, label) {
      const full = Math.round((done / total) * width);
      const text = `[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${done}/${total} ${label}`;
      stream.write(`\r\x1b[K${text.slice(0, (stream.columns || 80) - 1)}`);
      drawn = true;
    },
    clear() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
