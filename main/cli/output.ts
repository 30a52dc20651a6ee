export { formatBytes } from '../../shared/units';

/**
 * Characters a terminal acts on rather than shows: C0 controls and DEL (ESC starts sequences that retitle the
 * terminal, move the cursor or hide text; \r rewrites a line), C1 controls (U+0080-U+009F, 0x9B is a one-byte CSI),
 * and the bidirectional overrides, embeddings and isolates that reorder what follows them (a forged table row or
 * file name). Values printed by the CLI come from logs and file names nobody here wrote.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\x1b': '\\e' };

const escapeOne = (c: string) => NAMED[c] ?? `\\u{${c.codePointAt(0)!.toString(16).padStart(2, '0')}}`;

/**
 * Text safe to print on a terminal: every control, bidi override and (unless `keepNewlines`, for text whose line
 * breaks are meant) line break shown as a visible escape (\e, \r, \n, \t, \u{9b}, \u{202e}…). Every human-readable
 * line the CLI writes goes through this.
 */
export function escapeText(text: string, keepNewlines = true): string {
  return text.replace(keepNewlines ? UNSAFE : UNSAFE_OR_NEWLINE, escapeOne);
}

/** Results go to stdout (JSON with --json, text otherwise); progress and logs go to stderr. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n'); // JSON escapes every control character itself
}

export function printLine(text = ''): void {
  process.stdout.write(escapeText(text) + '\n');
}

export function log(text: string): void {
  process.stderr.write(escapeText(text) + '\n');
}

/** A plain text table: columns padded to their widest cell, long cells cut with an ellipsis. */
export function printTable(headers: string[], rows: (string | number | null | undefined)[][], maxWidth = 60): void {
  // A cell is one line: a line break inside a value is shown escaped, so it cannot start a forged row.
  const cells = rows.map((r) =>
    r.map((c) => cut(escapeText(c === null || c === undefined ? '' : String(c), false), maxWidth)),
  );
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
