export { formatBytes } from '../core/report/format';

/** Results go to stdout (JSON with --json, text otherwise); progress and logs go to stderr. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function printLine(text = ''): void {
  process.stdout.write(text + '\n');
}

export function log(text: string): void {
  process.stderr.write(text + '\n');
}

/** A plain text table: columns padded to their widest cell, long cells cut with an ellipsis. */
export function printTable(headers: string[], rows: (string | number | null | undefined)[][], maxWidth = 60): void {
  const cells = rows.map((r) => r.map((c) => cut(c === null || c === undefined ? '' : String(c), maxWidth)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  printLine(line(headers));
  printLine(line(widths.map((w) => '-'.repeat(w))));
  for (const r of cells) printLine(line(r));
}

function cut(s: string, max: number): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}
