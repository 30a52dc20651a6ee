import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const NEWLINE = Buffer.from('\n');
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;

/**
 * A byte-level scanner that copies every object found at `depth` (2 inside {"Records":[...]}, 1 inside a bare
 * [...]) to its output, one per line. It tracks only nesting and strings, never parses values, and holds at
 * most one record in memory, so a multi-GB file streams through in constant memory. JSON text never contains
 * a raw newline outside strings that matters here, and inside strings newlines are escaped, so each record is
 * one line. Anything malformed stays malformed in the output and is reported by DuckDB's reader with its line.
 */
export class RecordSplitter extends Transform {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private pending: Buffer[] = []; // the current record's bytes from earlier chunks
  records = 0;

  constructor(private readonly recordDepth: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    const out: Buffer[] = [];
    const target = this.recordDepth;
    let { depth, inString, escaped } = this;
    let start = depth > target ? 0 : -1;
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (inString) {
        if (escaped) {
          escaped = false;
          i++;
          continue;
        }
        // Strings are most of a record: jump to the next quote natively, then see whether a backslash escapes it.
        const q = chunk.indexOf(QUOTE, i);
        const end = q === -1 ? n : q;
        let run = 0;
        while (end - run - 1 >= i && chunk[end - run - 1] === BACKSLASH) run++;
        if (q === -1) {
          escaped = run % 2 === 1; // the chunk ends on a backslash that escapes the next one's first byte
          break;
        }
        if (run % 2 === 0) inString = false;
        i = q + 1;
        continue;
      }
      const b = chunk[i]!;
      if (b === QUOTE) inString = true;
      else if (b === LF || b === CR) {
        if (depth > target) chunk[i] = SPACE; // pretty-printed records become one line each
      } else if (b === OPEN_OBJ || b === OPEN_ARR) {
        if (depth === target && b === OPEN_OBJ) start = i;
        depth++;
      } else if (b === CLOSE_OBJ || b === CLOSE_ARR) {
        depth--;
        if (depth === target && start >= 0 && b === CLOSE_OBJ) {
          if (this.pending.length) {
            out.push(...this.pending);
            this.pending = [];
          }
          out.push(chunk.subarray(start, i + 1), NEWLINE);
          this.records++;
          start = -1;
        }
      }
      i++;
    }
    if (start >= 0) this.pending.push(Buffer.from(chunk.subarray(start)));
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    cb(null, out.length ? Buffer.concat(out) : undefined);
  }
}

/** One part of a split file: its JSON lines, and the index in the original file of its first record. */
export interface SplitPart {
  path: string;
  first: number;
  bytes: number;
}

function countLines(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(LF); i !== -1; i = b.indexOf(LF, i + 1)) n++;
  return n;
}

/**
 * Rewrites one big CloudTrail file ({"Records":[...]} or a bare array, gzip or not) as JSON lines in parts of
 * about `partBytes` (`${outBase}-N.jsonl`), so DuckDB reads each part with read_ndjson in parallel, one bounded
 * statement at a time, instead of one giant object. Parts break only between records.
 */
export async function splitToLines(
  file: string,
  gzip: boolean,
  wrapped: boolean,
  outBase: string,
  partBytes: number,
  signal: AbortSignal,
): Promise<SplitPart[]> {
  const splitter = new RecordSplitter(wrapped ? 2 : 1);
  const source = createReadStream(file, { highWaterMark: 1 << 20 });
  const feed = gzip ? pipeline(source, createGunzip(), splitter, { signal }) : pipeline(source, splitter, { signal });
  let feedError: unknown = null;
  feed.catch((err: unknown) => (feedError = err));
  const parts: SplitPart[] = [];
  let out: WriteStream | null = null;
  let records = 0;
  const close = (w: WriteStream) =>
    new Promise<void>((resolve, reject) => w.end((err?: Error | null) => (err ? reject(err) : resolve())));
  try {
    for await (const chunk of splitter as AsyncIterable<Buffer>) {
      let part = parts[parts.length - 1];
      if (!out || !part || part.bytes >= partBytes) {
        if (out) await close(out);
        part = { path: `${outBase}-${parts.length}.jsonl`, first: records, bytes: 0 };
        parts.push(part);
        out = createWriteStream(part.path, { flags: 'wx' });
      }
      if (!out.write(chunk)) await once(out, 'drain');
      part.bytes += chunk.length;
      records += countLines(chunk);
    }
  } finally {
    if (out) await close(out);
  }
  await feed.catch(() => undefined);
  if (feedError) throw feedError;
  return parts;
}
