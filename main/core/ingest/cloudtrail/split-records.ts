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
const TAB = 0x09;
const SPACE = 0x20;

/**
 * A byte-level scanner that copies every object found at `depth` (2 inside {"Records":[...]}, 1 inside a bare
 * [...]) to its output, one per line, after its index in the file and a tab (`17\t{...}`). It tracks only
 * nesting and strings, never parses values, and holds at most one record in memory, so a multi-GB file streams
 * through in constant memory. Line breaks and tabs between a record's tokens become spaces; inside strings JSON
 * escapes them, so each record is one line with one tab. Anything malformed stays malformed in the output and
 * is reported by DuckDB with its line.
 */
export class RecordSplitter extends Transform {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private pending: Buffer[] = []; // the current record's bytes from earlier chunks
  private pendingBytes = 0;
  records = 0;
  /** Bytes of the longest record so far. */
  longest = 0;

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
      else if (b === LF || b === CR || b === TAB) {
        if (depth > target) chunk[i] = SPACE; // pretty-printed records become one line each
      } else if (b === OPEN_OBJ || b === OPEN_ARR) {
        if (depth === target && b === OPEN_OBJ) start = i;
        depth++;
      } else if (b === CLOSE_OBJ || b === CLOSE_ARR) {
        depth--;
        if (depth === target && start >= 0 && b === CLOSE_OBJ) {
          out.push(Buffer.from(`${this.records}\t`, 'latin1'));
          if (this.pending.length) {
            out.push(...this.pending);
            this.pending = [];
          }
          out.push(chunk.subarray(start, i + 1), NEWLINE);
          this.longest = Math.max(this.longest, this.pendingBytes + i + 1 - start);
          this.pendingBytes = 0;
          this.records++;
          start = -1;
        }
      }
      i++;
    }
    if (start >= 0) {
      this.pending.push(Buffer.from(chunk.subarray(start)));
      this.pendingBytes += n - start;
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    cb(null, out.length ? Buffer.concat(out) : undefined);
  }
}

/** One part of a split file: its lines, and the bytes of its longest record. */
export interface SplitPart {
  path: string;
  bytes: number;
  longest: number;
}

/**
 * Rewrites one big CloudTrail file ({"Records":[...]} or a bare array, gzip or not) as lines of `index<TAB>record`
 * in parts of about `partBytes` (`${outBase}-N.tsv`), so DuckDB reads the parts in parallel as text, with little
 * memory, instead of one giant object. Parts break only between records.
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
  const close = (w: WriteStream) =>
    new Promise<void>((resolve, reject) => w.end((err?: Error | null) => (err ? reject(err) : resolve())));
  try {
    for await (const chunk of splitter as AsyncIterable<Buffer>) {
      let part = parts[parts.length - 1];
      if (!out || !part || part.bytes >= partBytes) {
        if (out) await close(out);
        // The longest record of the file so far: at least this part's longest, which is all the reader needs.
        if (part) part.longest = splitter.longest;
        part = { path: `${outBase}-${parts.length}.tsv`, bytes: 0, longest: 0 };
        parts.push(part);
        out = createWriteStream(part.path, { flags: 'wx' });
      }
      if (!out.write(chunk)) await once(out, 'drain');
      part.bytes += chunk.length;
    }
  } finally {
    if (out) await close(out);
  }
  const last = parts[parts.length - 1];
  if (last) last.longest = splitter.longest;
  await feed.catch(() => undefined);
  if (feedError) throw feedError;
  return parts;
}
