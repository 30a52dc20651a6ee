import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';
import { sha256File } from './hashing';
import { readHead, type Container } from './sniff';

export interface Inspected {
  sha256: string;
  size: number;
  container: Container;
  /** The first bytes of the content, decompressed when gzip: enough to recognise the format. */
  head: Buffer;
}

const SMALL = 16 * 2 ** 20;
const HEAD = 16 * 1024;
/** Compressed bytes inflated for the head: a small prefix first (CloudTrail compresses about 8:1), more if short. */
const GZ_PREFIXES = [2 * 1024, 8 * 1024];
/** Enough head to recognise any format (a few records); inflating past it costs more than the rest of a sniff. */
const ENOUGH_HEAD = 8 * 1024;

function containerOf(b: Buffer, inner: Buffer): Container {
  const isTar = (x: Buffer) => x.length >= 262 && x.subarray(257, 262).toString('latin1') === 'ustar';
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6))
    return 'zip';
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return isTar(inner) ? 'tar.gz' : 'gzip';
  return isTar(b) ? 'tar' : 'plain';
}

/**
 * The start of a gzip stream, decompressed as far as its first compressed bytes go (a truncated stream still
 * yields its prefix). Only a few KiB are needed to recognise a format; decompressing whole files here would
 * cost more than DuckDB's read of them. A few KiB inflate in microseconds: synchronously, as a round trip
 * through the thread pool per file costs more than the work itself when there are thousands of files.
 */
function gunzipPrefix(compressed: Buffer): Buffer {
  let out = Buffer.alloc(0);
  for (const n of GZ_PREFIXES) {
    try {
      out = gunzipSync(compressed.subarray(0, n), { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      break; // damaged: sniff what came through, the reader reports the damage with its position
    }
    if (out.length >= ENOUGH_HEAD || n >= compressed.length) break;
  }
  return Buffer.from(out.subarray(0, HEAD)); // a copy: the inflated buffer may be much bigger than the head
}

/** SHA-256 of a buffer in memory. Synchronous: node's hash runs at over 1 GB/s, so a small file takes microseconds. */
const sha256Hex = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');

function inspectBuffer(buf: Buffer): Inspected {
  const gz = buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  const inner = gz ? gunzipPrefix(buf) : Buffer.from(buf.subarray(0, HEAD));
  return { sha256: sha256Hex(buf), size: buf.length, container: containerOf(buf.subarray(0, 512), inner), head: inner };
}

/** Files up to this size are inspected synchronously by inspectSmallFileSync (a millisecond or less each). */
const SYNC_MAX = 2 ** 20;

/**
 * inspectFile for a small file, synchronously, or null when the file is bigger than SYNC_MAX. Folders of
 * thousands of small files (CloudTrail's S3 layout) are bound by per-file overhead: four thread-pool round trips
 * and their promises cost ten times the work itself (about 400 µs against 40 µs per file). The caller yields to
 * the event loop between slices of files, so progress and cancel still get through.
 */
export function inspectSmallFileSync(file: string): Inspected | null {
  const fd = openSync(file, 'r');
  try {
    const { size } = fstatSync(fd);
    if (size > SYNC_MAX) return null;
    const buf = Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, buf, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
    return inspectBuffer(buf.subarray(0, got));
  } finally {
    closeSync(fd);
  }
}

/**
 * One pass over a file: its SHA-256, what container it is (by magic bytes, never by name) and its first bytes.
 * Small files are read once into memory and hashed; large ones are streamed for the hash.
 */
export async function inspectFile(file: string, onBytes: (n: number) => void, signal: AbortSignal): Promise<Inspected> {
  const { size } = await stat(file);
  if (size <= SMALL) {
    const buf = await readFile(file, { signal });
    onBytes(buf.length);
    return inspectBuffer(buf);
  }
  const start = await readHead(file, false, HEAD);
  const gz = start.length >= 2 && start[0] === 0x1f && start[1] === 0x8b;
  const inner = gz ? await readHead(file, true, HEAD) : start;
  const hash = await sha256File(file, onBytes, signal);
  return { ...hash, container: containerOf(start.subarray(0, 512), inner), head: inner };
}
