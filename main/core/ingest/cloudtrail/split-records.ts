import * as fs from 'node:fs';
import * as streamPromises from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { RECORD_SCAN_WASM } from './record-scan-wasm';

/** What the splitter uses, passed in (see splitterKit): node modules, and the compiled record scanner. */
export interface SplitDeps {
  fs: typeof fs;
  zlib: typeof zlib;
  streamPromises: typeof streamPromises;
  /** record-scan.wat, compiled. */
  scanModule: WebAssembly.Module;
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

/**
 * The records of a file as lines of `index<TAB>record`, from the bytes fed to it: write up to n bytes into
 * `room(n)`, then `scan(written)` returns the lines of the records that closed (valid until the next `room`).
 */
export interface RecordScanner {
  room(n: number): Uint8Array;
  scan(n: number): Uint8Array;
  /** Records found so far. */
  readonly records: number;
  /** Bytes of the longest record so far. */
  readonly longest: number;
}

export interface SplitterKit {
  scanner(recordDepth: number): RecordScanner;
  splitToLines(a: SplitArgs, signal: AbortSignal): Promise<SplitPart[]>;
}

/**
 * The record scanner and the file splitter, built over what they are given. Self-contained (it names nothing but
 * its argument and globals), because split workers run it from its source text (split-pool.ts).
 */
export function splitterKit(d: SplitDeps): SplitterKit {
  const CHUNK = 1 << 20;
  const INPUT = 64; // the scanner's address 0 means "no record open", so its input starts after it
  const PAGE = 65536;

  interface ScanExports {
    memory: WebAssembly.Memory;
    reset(target: number): void;
    start(): number;
    setStart(at: number): void;
    split(p: number, n: number, out: number): number;
    records(): number;
    longest(): number;
  }

  /**
   * record-scan.wat over one instance's memory: the input, then room for the output. The record being read stays
   * in memory until it closes; it moves to the front once the bytes before it outnumber its own, so a long record
   * is moved at most about as many bytes as it has.
   */
  class WasmRecordScanner implements RecordScanner {
    private readonly x: ScanExports;
    private end = INPUT; // where the input kept ends

    constructor(recordDepth: number) {
      this.x = new WebAssembly.Instance(d.scanModule).exports as unknown as ScanExports;
      this.x.reset(recordDepth);
    }

    get records(): number {
      return this.x.records();
    }

    get longest(): number {
      return this.x.longest() >>> 0;
    }

    room(n: number): Uint8Array {
      const start = this.x.start() >>> 0;
      if (start === 0) this.end = INPUT;
      else if (start - INPUT >= this.end - start) {
        new Uint8Array(this.x.memory.buffer).copyWithin(INPUT, start, this.end);
        this.x.setStart(INPUT);
        this.end = INPUT + this.end - start;
      }
      const open = start === 0 ? 0 : this.end - (this.x.start() >>> 0);
      // The output of n bytes: the open record and the new bytes, plus at most 18 bytes of index, tab and line
      // break per record, and a record takes at least 2 bytes.
      const need = this.end + n + open + 10 * n + 64;
      const have = this.x.memory.buffer.byteLength;
      if (need > have) {
        try {
          this.x.memory.grow(Math.ceil((need - have) / PAGE));
        } catch {
          throw new Error(`a record of more than ${open} bytes is too long to split`);
        }
      }
      return new Uint8Array(this.x.memory.buffer, this.end, n);
    }

    scan(n: number): Uint8Array {
      const out = this.end + n;
      const outEnd = this.x.split(this.end, n, out) >>> 0;
      this.end += n;
      return new Uint8Array(this.x.memory.buffer, out, outEnd - out);
    }
  }

  const scanner = (recordDepth: number): RecordScanner => new WasmRecordScanner(recordDepth);

  /**
   * Rewrites one big CloudTrail file ({"Records":[...]} or a bare array, gzip or not) as lines of `index<TAB>record`
   * in parts of about `partBytes` (`${outBase}-N.tsv`), so DuckDB reads the parts in parallel as text, with little
   * memory, instead of one giant object. Parts break only between records. A plain file is read straight into the
   * scanner's memory, and the lines written from it.
   */
  async function splitToLines(a: SplitArgs, signal: AbortSignal): Promise<SplitPart[]> {
    const { file, gzip, wrapped, outBase, partBytes } = a;
    const records = scanner(wrapped ? 2 : 1);
    const parts: SplitPart[] = [];
    let out: fs.promises.FileHandle | null = null;
    let input: fs.promises.FileHandle | null = null;
    const write = async (lines: Uint8Array) => {
      if (!lines.length) return;
      let part = parts[parts.length - 1];
      if (!out || !part || part.bytes >= partBytes) {
        const previous = out;
        out = null;
        await previous?.close();
        // The longest record of the file so far: at least this part's longest, which is all the reader needs.
        if (part) part.longest = records.longest;
        part = { path: `${outBase}-${parts.length}.tsv`, bytes: 0, longest: 0 };
        parts.push(part);
        out = await d.fs.promises.open(part.path, 'wx');
      }
      for (let done = 0; done < lines.length;) done += (await out.write(lines, done, lines.length - done)).bytesWritten;
      part.bytes += lines.length;
    };
    try {
      if (gzip) {
        await d.streamPromises.pipeline(
          d.fs.createReadStream(file, { highWaterMark: CHUNK }),
          d.zlib.createGunzip({ chunkSize: CHUNK }),
          async (chunks: AsyncIterable<Buffer>) => {
            for await (const chunk of chunks) {
              records.room(chunk.length).set(chunk);
              await write(records.scan(chunk.length));
            }
          },
          { signal },
        );
      } else {
        input = await d.fs.promises.open(file, 'r');
        for (;;) {
          signal.throwIfAborted();
          const { bytesRead } = await input.read(records.room(CHUNK), 0, CHUNK, null);
          if (!bytesRead) break;
          await write(records.scan(bytesRead));
        }
      }
    } finally {
      await input?.close();
      await (out as fs.promises.FileHandle | null)?.close();
    }
    const last = parts[parts.length - 1];
    if (last) last.longest = records.longest;
    return parts;
  }

  return { scanner, splitToLines };
}

const kit = splitterKit({
  fs,
  zlib,
  streamPromises,
  scanModule: new WebAssembly.Module(Buffer.from(RECORD_SCAN_WASM, 'base64')),
});
/** A record scanner on this thread (tests drive it chunk by chunk). */
export const recordScanner = kit.scanner;
/** Splits one file on this thread (split-pool.ts does it in a worker). */
export const splitToLines = kit.splitToLines;
