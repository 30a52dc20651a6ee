import { once } from 'node:events';
import * as fs from 'node:fs';
import * as stream from 'node:stream';
import * as streamPromises from 'node:stream/promises';
import * as zlib from 'node:zlib';

/** The node modules the splitter uses, passed in (see splitterKit). */
export interface SplitDeps {
  fs: typeof fs;
  zlib: typeof zlib;
  stream: typeof stream;
  streamPromises: typeof streamPromises;
  events: { once: typeof once };
}

/** One part of a split file: its lines, and the bytes of its longest record. */
export interface SplitPart {
  path: string;
  bytes: number;
  longest: number;
}

/** What to split, and into what: parts of about `partBytes` named `${outBase}-N.tsv`. */
export interface SplitArgs {
  file: string;
  gzip: boolean;
  /** {"Records":[...]} rather than a bare array. */
  wrapped: boolean;
  outBase: string;
  partBytes: number;
}

/** The record splitter's stream, which also counts what it wrote. */
export interface RecordSplitterStream extends stream.Transform {
  records: number;
  /** Bytes of the longest record so far. */
  longest: number;
}

export interface SplitterKit {
  RecordSplitter: new (recordDepth: number) => RecordSplitterStream;
  splitToLines(a: SplitArgs, signal: AbortSignal): Promise<SplitPart[]>;
}

/**
 * The record splitter and the file splitter, built over the node modules they are given. Self-contained (it names
 * nothing but its argument and globals), because split workers run it from its source text (split-pool.ts).
 */
export function splitterKit(d: SplitDeps): SplitterKit {
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
  class RecordSplitter extends d.stream.Transform {
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

    override _transform(chunk: Buffer, _enc: BufferEncoding, cb: (err: Error | null, out?: Buffer) => void): void {
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

  /**
   * Rewrites one big CloudTrail file ({"Records":[...]} or a bare array, gzip or not) as lines of `index<TAB>record`
   * in parts of about `partBytes` (`${outBase}-N.tsv`), so DuckDB reads the parts in parallel as text, with little
   * memory, instead of one giant object. Parts break only between records.
   */
  async function splitToLines(a: SplitArgs, signal: AbortSignal): Promise<SplitPart[]> {
    const { file, gzip, wrapped, outBase, partBytes } = a;
    const splitter = new RecordSplitter(wrapped ? 2 : 1);
    const source = d.fs.createReadStream(file, { highWaterMark: 1 << 20 });
    const feed = gzip
      ? d.streamPromises.pipeline(source, d.zlib.createGunzip(), splitter, { signal })
      : d.streamPromises.pipeline(source, splitter, { signal });
    let feedError: unknown = null;
    feed.catch((err: unknown) => (feedError = err));
    const parts: SplitPart[] = [];
    let out: ReturnType<typeof d.fs.createWriteStream> | null = null;
    // Settles once a stream's file is closed, so that a cancelled split ends with nothing left open.
    const closed = async (st: { closed: boolean } & NodeJS.EventEmitter) => {
      if (!st.closed) await d.events.once(st, 'close').catch(() => undefined);
    };
    const close = async (w: ReturnType<typeof d.fs.createWriteStream>) => {
      await new Promise<void>((resolve, reject) => w.end((err?: Error | null) => (err ? reject(err) : resolve())));
      await closed(w);
    };
    try {
      for await (const chunk of splitter as AsyncIterable<Buffer>) {
        let part = parts[parts.length - 1];
        if (!out || !part || part.bytes >= partBytes) {
          if (out) await close(out);
          // The longest record of the file so far: at least this part's longest, which is all the reader needs.
          if (part) part.longest = splitter.longest;
          part = { path: `${outBase}-${parts.length}.tsv`, bytes: 0, longest: 0 };
          parts.push(part);
          out = d.fs.createWriteStream(part.path, { flags: 'wx' });
        }
        if (!out.write(chunk)) await d.events.once(out, 'drain');
        part.bytes += chunk.length;
      }
    } finally {
      if (out) await close(out);
      await closed(source);
    }
    const last = parts[parts.length - 1];
    if (last) last.longest = splitter.longest;
    await feed.catch(() => undefined);
    if (feedError) throw feedError;
    return parts;
  }

  return { RecordSplitter, splitToLines };
}

const kit = splitterKit({ fs, zlib, stream, streamPromises, events: { once } });
export const RecordSplitter = kit.RecordSplitter;
/** Splits one file on this thread (split-pool.ts does it in a worker). */
export const splitToLines = kit.splitToLines;
