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
  /** A record has begun and not yet closed. */
  readonly open: boolean;
}

/**
 * What to salvage, record by record, from a file whose fast read failed: `target` is the nesting depth of its
 * records for the scanner (2 inside {"Records":[...]}, 1 in a bare array, 0 for values put end to end), or
 * 'lines' for one value a line, where one broken line must not run into the next.
 */
export interface SalvageArgs {
  file: string;
  gzip: boolean;
  target: number | 'lines';
  outBase: string;
  partBytes: number;
  /** Records (lines) longer than this are not written; each is listed in tooLong. */
  maxRecordBytes: number;
}

/** Where a damaged gzip stops: its compressed byte offset, the bytes inflated before it, and why. */
export interface GzipStop {
  at: number;
  inflated: number;
  reason: string;
}

export interface SalvageResult {
  parts: SplitPart[];
  /** Records written to the parts. */
  records: number;
  /** Records not written because they are over the size limit (index and bytes), in file order. */
  tooLong: { index: number; bytes: number }[];
  /** The gzip data broke off here: the rest of the file could not be read. */
  stop: GzipStop | null;
  /** Bytes after the last gzip member that are not gzip (ignored). */
  trailing: { at: number; bytes: number } | null;
  /** The content ends inside this record (a truncated file), after this many bytes. */
  unfinished: { index: number; at: number } | null;
}

export interface SplitterKit {
  scanner(recordDepth: number): RecordScanner;
  splitToLines(a: SplitArgs, signal: AbortSignal): Promise<SplitPart[]>;
  salvageToLines(a: SalvageArgs, signal: AbortSignal): Promise<SalvageResult>;
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

    get open(): boolean {
      return this.x.start() !== 0;
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

  /** The length of the gzip member header at the start of b, or -1 when b does not start with one. */
  function gzipHeaderLength(b: Uint8Array): number {
    if (b.length < 10 || b[0] !== 0x1f || b[1] !== 0x8b || b[2] !== 8) return -1;
    const flags = b[3]!;
    let p = 10;
    if (flags & 4) p = p + 2 > b.length ? -1 : p + 2 + (b[p]! | (b[p + 1]! << 8));
    for (const bit of [8, 16]) {
      if (p < 0 || !(flags & bit)) continue;
      const zero = b.indexOf(0, p);
      p = zero < 0 ? -1 : zero + 1;
    }
    if (p >= 0 && flags & 2) p += 2;
    return p >= 0 && p <= b.length ? p : -1;
  }

  /**
   * The inflated bytes of a gzip file, member after member, as far as they go: a member that breaks off (a
   * truncated file) or damaged deflate data ends the output and is noted in `out.stop`; bytes after the last
   * member that are not gzip are noted in `out.trailing`. Node's gunzip drops the output of the step that fails,
   * and reports neither where nor whether bytes were left, so the members are inflated raw here.
   */
  async function* inflateTolerant(
    file: string,
    signal: AbortSignal,
    out: Pick<SalvageResult, 'stop' | 'trailing'>,
  ): AsyncGenerator<Buffer> {
    const size = (await d.fs.promises.stat(file)).size;
    let offset = 0;
    let inflated = 0;
    while (offset < size) {
      const head = Buffer.alloc(Math.min(65536, size - offset));
      const fh = await d.fs.promises.open(file, 'r');
      try {
        await fh.read(head, 0, head.length, offset);
      } finally {
        await fh.close();
      }
      const headerBytes = gzipHeaderLength(head);
      if (headerBytes < 0) {
        if (offset === 0) throw new Error('not gzip data');
        out.trailing = { at: offset, bytes: size - offset };
        return;
      }
      const src = d.fs.createReadStream(file, { start: offset + headerBytes, highWaterMark: CHUNK, signal });
      const inflate = d.zlib.createInflateRaw({ chunkSize: CHUNK });
      src.on('error', (err) => inflate.destroy(err));
      src.pipe(inflate);
      try {
        for await (const chunk of inflate) {
          inflated += (chunk as Buffer).length;
          yield chunk as Buffer;
        }
      } catch (err) {
        signal.throwIfAborted();
        const at = Math.min(size, offset + headerBytes + inflate.bytesWritten);
        out.stop = { at, inflated, reason: (err as Error).message };
        return;
      } finally {
        src.destroy();
      }
      const end = Math.min(size, offset + headerBytes + inflate.bytesWritten);
      if (size - end < 8) {
        out.stop = { at: end, inflated, reason: 'the file ends inside the compressed data (truncated)' };
        return;
      }
      offset = end + 8; // past the member's CRC and size
    }
  }

  /** The bytes of a file, inflated when gzip (see inflateTolerant), in chunks of about CHUNK. */
  async function* contentOf(
    a: SalvageArgs,
    signal: AbortSignal,
    out: Pick<SalvageResult, 'stop' | 'trailing'>,
  ): AsyncGenerator<Buffer> {
    if (a.gzip) {
      yield* inflateTolerant(a.file, signal, out);
      return;
    }
    for await (const chunk of d.fs.createReadStream(a.file, { highWaterMark: CHUNK, signal })) yield chunk as Buffer;
  }

  /**
   * The slow path for a file whose fast read failed: its records as lines of `index<TAB>record` in parts (as
   * splitToLines), found by the record scanner or, for a file of one value a line, by its line breaks. A record
   * over maxRecordBytes is left out and listed; a gzip that breaks off gives what it holds up to there.
   */
  async function salvageToLines(a: SalvageArgs, signal: AbortSignal): Promise<SalvageResult> {
    const result: SalvageResult = { parts: [], records: 0, tooLong: [], stop: null, trailing: null, unfinished: null };
    const parts = result.parts;
    let out: fs.promises.FileHandle | null = null;
    let longest = 0;
    const write = async (lines: Uint8Array) => {
      if (!lines.length) return;
      let part = parts[parts.length - 1];
      if (!out || !part || part.bytes >= a.partBytes) {
        const previous = out;
        out = null;
        await previous?.close();
        part = { path: `${a.outBase}-${parts.length}.tsv`, bytes: 0, longest: 0 };
        parts.push(part);
        out = await d.fs.promises.open(part.path, 'wx');
      }
      for (let done = 0; done < lines.length;) done += (await out.write(lines, done, lines.length - done)).bytesWritten;
      part.bytes += lines.length;
    };
    try {
      if (a.target === 'lines') {
        let index = 0;
        let carry: Buffer = Buffer.alloc(0);
        let skipping = 0; // bytes of a line over the limit, dropped as they come
        const NL = Buffer.from('\n');
        const line = (bytes: Buffer, pieces: Buffer[]) => {
          const text = bytes.length && bytes[bytes.length - 1] === 13 ? bytes.subarray(0, -1) : bytes;
          if (!text.length && !skipping) return; // a blank line is no record (as DuckDB's reader has it)
          if (skipping || text.length > a.maxRecordBytes) {
            result.tooLong.push({ index: index++, bytes: skipping + bytes.length });
            skipping = 0;
            return;
          }
          pieces.push(Buffer.from(`${index++}\t`), text, NL);
          longest = Math.max(longest, text.length);
          result.records++;
        };
        for await (const chunk of contentOf(a, signal, result)) {
          const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
          const pieces: Buffer[] = [];
          let s = 0;
          for (let nl = buf.indexOf(10, s); nl >= 0; nl = buf.indexOf(10, s)) {
            line(buf.subarray(s, nl), pieces);
            s = nl + 1;
          }
          carry = Buffer.from(buf.subarray(s));
          if (carry.length > a.maxRecordBytes) {
            skipping += carry.length;
            carry = Buffer.alloc(0);
          }
          await write(Buffer.concat(pieces));
        }
        // The last line, unless the gzip broke off inside it (it is then part of the rest that could not be read).
        if (!result.stop && (carry.length || skipping)) {
          const pieces: Buffer[] = [];
          line(carry, pieces);
          await write(Buffer.concat(pieces));
        }
      } else {
        const records = scanner(a.target);
        let bytes = 0;
        for await (const chunk of contentOf(a, signal, result)) {
          records.room(chunk.length).set(chunk);
          await write(records.scan(chunk.length));
          bytes += chunk.length;
        }
        result.records = records.records;
        longest = records.longest;
        // A record still open at the end was cut off (a gzip that breaks off says so itself).
        if (records.open && !result.stop) result.unfinished = { index: records.records, at: bytes };
      }
    } finally {
      await (out as fs.promises.FileHandle | null)?.close();
    }
    for (const p of parts) p.longest = longest;
    return result;
  }

  return { scanner, splitToLines, salvageToLines };
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
/** Salvages the records of a file whose fast read failed, on this thread (see SalvageArgs). */
export const salvageToLines = kit.salvageToLines;
