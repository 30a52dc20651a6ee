import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { csvHeadRows } from './exports/csv-head';
import { ENVELOPES, type EnvelopeDef } from './envelopes/envelopes';
import { wrappedFormat } from './envelopes/wrapped-formats';
import { headValues, isObject, recordsOf, type Json } from './head-records';
import { parquetColumns } from './parquet-columns';
import { FORMATS } from './sources/registry';
import type { SniffInput } from './sources/types';

export type Container = 'zip' | 'tar' | 'tar.gz' | 'gzip' | 'plain';
/** A format id from sources/registry.ts, or 'unknown'. */
export type LogFormat = string;

const HEAD_BYTES = 64 * 1024;
const WHITE_SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]); // JSON's

/** The first bytes of a file, decompressed when it is gzip. A truncated gzip still yields what it has. */
export async function readHead(file: string, gzip: boolean, bytes = HEAD_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  const source = createReadStream(file, { start: 0, end: gzip ? 1 << 20 : bytes - 1 });
  const stream = gzip ? source.pipe(createGunzip()) : source;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= bytes) break;
    }
  } catch {
    // a damaged stream: sniff what came through, the reader reports the damage with its position
  } finally {
    source.destroy();
  }
  return Buffer.concat(chunks).subarray(0, bytes);
}

/** Column names when the first line looks like a CSV header (several comma-separated cells, not JSON). */
export function csvHeaderOf(start: string): string[] | null {
  if (start.startsWith('{') || start.startsWith('[')) return null;
  const line = start.split(/\r?\n/, 1)[0] ?? '';
  const cells = (csvHeadRows(line, 1)[0] ?? []).map((c) => c.trim());
  return cells.length >= 2 && cells.every((c) => c.length > 0 && c.length < 200) ? cells : null;
}

/** How much of the head is parsed into whole records: enough for a few records of any source, cheap per file. */
const PARSE_BYTES = 16 * 1024;
/** CloudTrail's own delivery to S3: by far the most files, recognised by its first key without a parse. */
const CLOUDTRAIL_PAGE = /^\{\s*"Records"\s*:\s*\[/;

/** The whole JSON records at the head, and whether the head held nothing but them (head-records.ts). */
function headJson(start: string): { records: Json[]; complete: boolean } {
  if ((!start.startsWith('{') && !start.startsWith('[')) || CLOUDTRAIL_PAGE.test(start))
    return { records: [], complete: false };
  const { values, complete } = headValues(start.slice(0, PARSE_BYTES));
  return { records: recordsOf(values), complete: complete && start.length <= PARSE_BYTES };
}

/** Why a Parquet file no rule took is not read: its footer, or the columns it has instead of the known ones. */
function parquetReason(columns: string[] | null): string {
  if (!columns) return 'Parquet file whose footer (schema) cannot be read: truncated or damaged';
  const shown = columns.slice(0, 12).join(', ') + (columns.length > 12 ? `, … (${columns.length} columns)` : '');
  return (
    'Parquet, but neither OCSF (class_uid, metadata, time) nor raw CloudTrail (eventTime, eventName, ' +
    `eventSource): its columns are ${shown || 'none'}`
  );
}

/**
 * What a format's sniff rule sees. `text` is the head's whole records written out again, one per line, when the
 * head is JSON (so a record cut by the end of the head, or a shipper's layout, plays no part), else the head; for
 * Parquet (when the file is given) the columns in its footer.
 */
export function sniffInput(head: Buffer, file?: string): SniffInput & { complete: boolean } {
  const parquet = head.length >= 4 && head.subarray(0, 4).toString('latin1') === 'PAR1';
  let raw = parquet ? '' : head.toString('utf8');
  if (raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
  const start = raw.trimStart();
  const json = headJson(start);
  const { records } = json;
  // the head is the whole file only when it is shorter than what readHead takes
  const complete = json.complete && head.length < HEAD_BYTES;
  let text: string | undefined;
  return {
    // written out only when a rule reads it (a wrapped file's rules read its inner records instead)
    get text() {
      text ??= records.some(isObject) ? records.map((r) => JSON.stringify(r)).join('\n') : raw;
      return text;
    },
    start,
    csvHeader: csvHeaderOf(start),
    parquet,
    columns: parquet && file ? (parquetColumns(file)?.map((c) => c.toLowerCase()) ?? null) : null,
    records,
    complete,
  };
}

/** The input the sniff rules see for the records a wrapper carries. */
function innerInput(records: Json[]): SniffInput {
  const text = records.map((r) => JSON.stringify(r)).join('\n');
  return { text, start: text, csvHeader: null, parquet: false, columns: null, records };
}

/** A JSON value with nothing in it: `{}`, `[]`, `null` or an empty string. */
const isEmptyValue = (v: Json) =>
  v === null || v === '' || (Array.isArray(v) ? v.length === 0 : isObject(v) && Object.keys(v).length === 0);

/**
 * Whether the head has no byte-order mark and no line break before its trailing white space: a minified file, one
 * JSON value per line as far as it shows (CloudTrail writes its files so). A guess about the rest of the file,
 * which the reader checks (see ReadOptions.oneLine).
 */
export function looksOneLine(head: Buffer): boolean {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return false;
  let end = head.length;
  while (end > 0 && WHITE_SPACE.has(head[end - 1]!)) end--;
  const lf = head.indexOf(0x0a);
  const cr = head.indexOf(0x0d);
  return (lf === -1 || lf >= end) && (cr === -1 || cr >= end);
}

type Sniffed = { format: LogFormat; reason: string; oneLine: boolean };

const SHOWN_KEYS = 12;
/** The keys of the first record, for a skip reason: what the file has where a format was looked for. */
function firstKeys(records: Json[]): string {
  const first = records.find(isObject);
  if (!first) return '';
  const keys = Object.keys(first);
  const more = keys.length > SHOWN_KEYS ? `, … ${keys.length - SHOWN_KEYS} more` : '';
  return `; its first record's keys: ${keys.slice(0, SHOWN_KEYS).join(', ')}${more}`;
}

/** Whether the text starts with the prefix then a JSON object (a text log with timestamps alone is not a wrapper). */
const startsRecordLine = (prefix: RegExp, start: string) => {
  const m = prefix.exec(start);
  return m !== null && start.slice(m[0].length).startsWith('{');
};

/** The records of a text file whose lines are a wrapper's prefix then a JSON record; a line the head cut is left out. */
function prefixedRecords(envelope: EnvelopeDef, start: string): Json[] {
  const lines = start.slice(0, PARSE_BYTES).split('\n');
  const records: Json[] = [];
  for (const [i, line] of lines.slice(0, 16).entries()) {
    const m = envelope.linePrefix!.exec(line);
    if (!m) continue;
    try {
      records.push(JSON.parse(line.slice(m[0].length)) as Json);
    } catch {
      if (i < lines.length - 1) records.push(line.slice(m[0].length)); // a message that is not JSON
    }
  }
  return records;
}

/** A file whose first record is a wrapper: the format of the records inside it. */
function sniffWrapped(envelope: EnvelopeDef, input: SniffInput & { complete: boolean }, oneLine: boolean): Sniffed {
  const inner = envelope.linePrefix
    ? prefixedRecords(envelope, input.start)
    : input.records.flatMap((r) => (envelope.is(r) ? envelope.inner(r) : []));
  if (inner.length === 0 || inner.every(isEmptyValue))
    return {
      format: 'unknown',
      reason: input.complete
        ? `empty file (${envelope.label} with no records)`
        : `${envelope.label} whose first record is longer than the ${HEAD_BYTES / 1024} KiB looked at`,
      oneLine,
    };
  const wrapped = innerInput(inner);
  const hit = FORMATS.find((f) => f.sniff(wrapped));
  if (hit?.readsEnvelopes?.includes(envelope.id)) return { format: hit.id, reason: hit.notRead ?? hit.label, oneLine };
  if (hit) {
    const def = wrappedFormat(envelope, hit);
    return { format: def.id, reason: def.notRead ?? def.label, oneLine };
  }
  return {
    format: 'unknown',
    reason: `${envelope.label} holding records of no source Trailmark reads yet (looked for the keys of each source in its first ${inner.length} records${firstKeys(inner)})`,
    oneLine,
  };
}

/**
 * Recognises a log format from the first bytes of its content (never from the file's name; Parquet by the columns
 * in its footer, so `file` is its path), and whether those bytes look like one JSON value per line (looksOneLine).
 * A JSON head is judged by its whole records: first whether the first is a wrapper (envelopes/envelopes.ts), whose
 * records are then sniffed in its place; then by each format's rule, which looks at keys wherever and in whatever
 * order a record has them.
 */
export function sniffFormat(head: Buffer, file?: string): Sniffed {
  const input = sniffInput(head, file);
  const oneLine = looksOneLine(head);
  if (input.start === '' && !input.parquet) return { format: 'unknown', reason: 'empty file', oneLine };
  if (input.complete && input.records.every(isEmptyValue))
    return {
      format: 'unknown',
      reason: `empty file (no records: ${JSON.stringify(input.start.slice(0, 20))})`,
      oneLine,
    };
  const first = input.records[0];
  const envelope =
    first === undefined
      ? ENVELOPES.find((e) => e.linePrefix && startsRecordLine(e.linePrefix, input.start))
      : ENVELOPES.find((e) => e.is(first));
  if (envelope) return sniffWrapped(envelope, input, oneLine);
  const hit = FORMATS.find((f) => f.sniff(input));
  if (hit) return { format: hit.id, reason: hit.notRead ?? hit.label, oneLine };
  if (input.parquet) return { format: 'unknown', reason: parquetReason(input.columns), oneLine };
  const preview = JSON.stringify(input.start.slice(0, 60));
  const lookedAt = input.records.length
    ? ` (looked for the keys of each source and wrapper in its first ${input.records.length} whole records${firstKeys(input.records)})`
    : '';
  return {
    format: 'unknown',
    reason: `not a log format Trailmark reads yet${lookedAt}; starts with ${preview}`,
    oneLine,
  };
}
