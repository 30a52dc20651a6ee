import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
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

/** Splits one CSV line into cells (double quotes, "" escapes); enough for a header row. */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

/** Column names when the first line looks like a CSV header (several comma-separated cells, not JSON). */
export function csvHeaderOf(start: string): string[] | null {
  if (start.startsWith('{') || start.startsWith('[')) return null;
  const line = start.split(/\r?\n/, 1)[0] ?? '';
  const cells = csvCells(line);
  return cells.length >= 2 && cells.every((c) => c.length > 0 && c.length < 200) ? cells : null;
}

/** What the sniff rules see of a file: its head, and for Parquet (when the file is given) its columns. */
export function sniffInput(head: Buffer, file?: string): SniffInput {
  const parquet = head.length >= 4 && head.subarray(0, 4).toString('latin1') === 'PAR1';
  let text = parquet ? '' : head.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const start = text.trimStart();
  const columns = parquet && file ? (parquetColumns(file)?.map((c) => c.toLowerCase()) ?? null) : null;
  return { text, start, csvHeader: csvHeaderOf(start), parquet, columns };
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

/**
 * Recognises a log format from the first bytes of its content (never from the file's name; Parquet by the columns
 * in its footer, so `file` is its path), and whether those bytes look like one JSON value per line (looksOneLine).
 */
export function sniffFormat(head: Buffer, file?: string): { format: LogFormat; reason: string; oneLine: boolean } {
  const input = sniffInput(head, file);
  const oneLine = looksOneLine(head);
  if (input.start === '' && !input.parquet) return { format: 'unknown', reason: 'empty file', oneLine };
  const hit = FORMATS.find((f) => f.sniff(input));
  if (hit) return { format: hit.id, reason: hit.notRead ?? hit.label, oneLine };
  if (input.parquet) return { format: 'unknown', reason: parquetReason(input.columns), oneLine };
  const preview = JSON.stringify(input.start.slice(0, 60));
  return { format: 'unknown', reason: `not a log format Trailmark reads yet (starts with ${preview})`, oneLine };
}
