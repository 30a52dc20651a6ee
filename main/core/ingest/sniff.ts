import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { FORMATS } from './sources/registry';
import type { SniffInput } from './sources/types';

export type Container = 'zip' | 'tar' | 'tar.gz' | 'gzip' | 'plain';
/** A format id from sources/registry.ts, or 'unknown'. */
export type LogFormat = string;

const HEAD_BYTES = 64 * 1024;

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

export function sniffInput(head: Buffer): SniffInput {
  const parquet = head.length >= 4 && head.subarray(0, 4).toString('latin1') === 'PAR1';
  let text = parquet ? '' : head.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const start = text.trimStart();
  return { text, start, csvHeader: csvHeaderOf(start), parquet };
}

/** Recognises a log format from the first bytes of its content (never from the file's name). */
export function sniffFormat(head: Buffer): { format: LogFormat; reason: string } {
  const input = sniffInput(head);
  if (input.start === '' && !input.parquet) return { format: 'unknown', reason: 'empty file' };
  const hit = FORMATS.find((f) => f.sniff(input));
  if (hit) return { format: hit.id, reason: hit.notRead ?? hit.label };
  const preview = JSON.stringify(input.start.slice(0, 60));
  return { format: 'unknown', reason: `not a log format Trailmark reads yet (starts with ${preview})` };
}
