/** A reader's error about a file's content, in plain words for an ingest issue. */
export interface ReadError {
  /** What is wrong, without DuckDB's error class, query text or advice on its own options. */
  reason: string;
  /** Where: `line N` (CSV), `byte N` (JSON), or null when the message does not say. */
  position: string | null;
  /** The offending line as DuckDB quoted it, if it did. */
  excerpt: string | null;
}

/** Lines from which on DuckDB's message is about its query or its options, not the file. */
const TAIL =
  /^\s*(LINE \d+:|Possible Solution:|file = |delimiter = |quote = |escape = |new_line = |header = |skip_rows = |comment = |date_?format = |timestamp_?format = |null_padding = |sample_size = |ignore_errors = |all_varchar = |\^)/;

/**
 * DuckDB's message for a file it could not read, made into an ingest issue: its error class ("Invalid Input
 * Error:"), the statement it quotes (`LINE 6: FROM read_json([…] ^`), its "Possible Solution" advice and its
 * dump of the reader's options are dropped; the line or byte it names becomes the position; the file's own path
 * is replaced by how the case shows it.
 */
export function readError(message: string, readPath: string, display: string): ReadError {
  const lines = message.replaceAll(readPath, display).split(/\r?\n/);
  const end = lines.findIndex((l, i) => i > 0 && TAIL.test(l));
  const kept = (end === -1 ? lines : lines.slice(0, end)).map((l) => l.trim()).filter(Boolean);
  let excerpt: string | null = null;
  let position: string | null = null;
  const words: string[] = [];
  for (const [i, raw] of kept.entries()) {
    let l = i === 0 ? raw.replace(/^([A-Z][A-Za-z]* )+Error: /, '') : raw;
    if (TAIL.test(l)) break; // a one-line message that goes on with the query
    const inline = /\s(LINE \d+:|Possible Solution:)/.exec(l);
    if (inline) l = l.slice(0, inline.index);
    const csvLine = /^CSV Error on Line: (\d+)\s*(.*)$/.exec(l);
    if (csvLine) {
      position = `line ${csvLine[1]}`;
      l = csvLine[2] ?? '';
    }
    const original = /^Original Line: (.*)$/.exec(l);
    if (original) {
      excerpt = original[1]!.slice(0, 500);
      continue;
    }
    if (l) words.push(l);
  }
  let reason = words.join(' ').replace(/\s+/g, ' ');
  // JSON: "Malformed JSON in file "x", at byte 12 in record/value 3: unexpected character."
  const byte = /at byte (\d+)/.exec(reason)?.[1];
  position ??= byte ? `byte ${byte}` : null;
  reason = reason.replace(/ in file "[^"]*"/, '').replace(/^Malformed JSON/, 'malformed JSON');
  return { reason: (reason || 'unreadable content').slice(0, 500), position, excerpt };
}
