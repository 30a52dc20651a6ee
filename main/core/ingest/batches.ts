import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Duck } from '../db/duck';
import { splitToLines } from './cloudtrail/split-records';
import { formatById } from './sources/registry';
import type { ReadOptions } from './sources/types';
import type { WalkedFile } from './walk';

/** A file the ingest will read, with the evidence row it belongs to. */
export interface Readable extends WalkedFile {
  evidenceId: number;
  display: string;
  /** How to read it: a format's insert statement, or a generic file's saved mapping. */
  insertSql: (o: ReadOptions) => string;
  /** Files of one batch share this key (same reader, same compression). */
  batchKey: string;
  /** Index in the evidence file of this file's first record (a part of a split file starts past 0). */
  positionBase?: number;
}

/**
 * Files per DuckDB statement, and uncompressed bytes. Few, big statements: each INSERT into events commits on
 * its own, and that cost grows with the table (1M events in 128 MB batches took 45 s to load, in one statement
 * 27 s, with a lower peak RSS; in 256 MiB batches 26-38 s and 1.5 GiB RSS, 1 GiB 15 s and 1.2 GiB, one
 * statement 12.6-13.2 s and 1.2 GiB). 10M events peaked at 1,258-1,431 MiB in 1 GiB batches, 1,378 MiB in
 * 1.5 GiB, 1,508 MiB in 2 GiB and 1,465 MiB in 4 GiB: 1.5 GiB reads the 1M bench in one statement and keeps
 * 10M under 1.5 GB. Progress comes from inside the statement (watchQueryProgress), so a big batch
 * doesn't make it stall. Parts of split files are small (32 MiB: one 250 MB file peaked at 870 MiB RSS with 32 MiB
 * parts, 1.1 GiB with 64 MiB parts) but read up to ten at a time: eight parts of a 250 MB file took 4.1 s in one
 * statement and 6.6 s in eight, at the same peak RSS, as one statement keeps both threads busy.
 */
const BATCH_FILES = 16384;
const BATCH_BYTES = 1.5 * 2 ** 30;
const SPLIT_PART_BATCH_BYTES = 320 * 2 ** 20;
const GZIP_RATIO_GUESS = 8; // CloudTrail JSON compresses about 8:1; only used to size batches
/** CloudTrail files bigger than this (uncompressed) are split into JSON lines before DuckDB reads them. */
const SPLIT_ABOVE = 16 * 2 ** 20; // DuckDB's default maximum_object_size
const MAX_DEFLATE_RATIO = 1032;
/** Size of each JSON-lines part of a split file: one bounded DuckDB statement each. */
const PART_BYTES = 32 * 2 ** 20;

export function* batches(files: Readable[]): Generator<Readable[]> {
  const groups = new Map<string, Readable[]>();
  for (const f of files) {
    const group = groups.get(f.batchKey);
    if (group) group.push(f);
    else groups.set(f.batchKey, [f]);
  }
  for (const [key, group] of groups) {
    const maxBytes = key.startsWith('split:') ? SPLIT_PART_BATCH_BYTES : BATCH_BYTES;
    let batch: Readable[] = [];
    let bytes = 0;
    for (const f of group) {
      const size = f.gzip ? f.size * GZIP_RATIO_GUESS : f.size;
      if (batch.length && (batch.length >= BATCH_FILES || bytes + size > maxBytes)) {
        yield batch;
        batch = [];
        bytes = 0;
      }
      batch.push(f);
      bytes += size;
    }
    if (batch.length) yield batch;
  }
}

/**
 * The uncompressed size of a gzip file as its trailer records it (mod 4 GiB), or the file size. Synchronous: four
 * bytes from the page cache cost less than a thread-pool round trip, and a CloudTrail layout has thousands of
 * files just over the size where the trailer has to be read.
 */
function uncompressedSize(f: Readable): number {
  if (!f.gzip) return f.size;
  const fd = openSync(f.readPath, 'r');
  try {
    const b = Buffer.alloc(4);
    readSync(fd, b, 0, 4, Math.max(0, f.size - 4));
    return Math.max(b.readUInt32LE(0), f.size);
  } finally {
    closeSync(fd);
  }
}

/** Whether a file is a CloudTrail file too big for one JSON object (DuckDB's maximum_object_size): split it. */
export function needsSplit(f: Readable): boolean {
  const splittable = f.format === 'cloudtrail_records' || f.format === 'cloudtrail_array';
  // Deflate expands at most 1032:1, so a smaller .gz can't hold more than SPLIT_ABOVE and its trailer isn't read.
  if (!splittable || (f.gzip ? f.size * MAX_DEFLATE_RATIO : f.size) <= SPLIT_ABOVE) return false;
  return uncompressedSize(f) > SPLIT_ABOVE;
}

/** About how many bytes of JSON lines a file to split will give (its uncompressed size), to weigh its progress. */
export const splitSizeGuess = (f: Readable): number => uncompressedSize(f);

/**
 * A CloudTrail file too big for one JSON object is streamed once through a byte scanner into JSON-lines parts
 * (`${base}-N.jsonl`), which DuckDB then reads in parallel with little memory. Each part keeps the file's
 * evidence row and format; records keep their index in the file as position. Throws when the file can't be
 * split (e.g. a truncated gzip): the whole file is then quarantined.
 */
export async function splitOne(
  f: Readable,
  base: string,
  signal: AbortSignal,
  partBytes = PART_BYTES,
): Promise<Readable[]> {
  const lines = formatById('cloudtrail_lines')!;
  await mkdir(path.dirname(base), { recursive: true });
  const parts = await splitToLines(f.readPath, f.gzip, f.format === 'cloudtrail_records', base, partBytes, signal);
  return parts.map((p) => ({
    ...f,
    readPath: p.path,
    gzip: false,
    size: p.bytes,
    positionBase: p.first,
    insertSql: lines.insertSql!,
    batchKey: 'split:cloudtrail_lines',
  }));
}

/** Every file of `files`, big CloudTrail files replaced by their parts (see splitOne); failures go to `failed`. */
export async function splitBigCloudTrail(
  files: Readable[],
  staging: string,
  signal: AbortSignal,
  failed: { file: Readable; err: Error }[],
  partBytes = PART_BYTES,
): Promise<Readable[]> {
  const out: Readable[] = [];
  let n = 0;
  for (const f of files) {
    if (!needsSplit(f)) {
      out.push(f);
      continue;
    }
    try {
      out.push(...(await splitOne(f, path.join(staging, `split-${++n}`), signal, partBytes)));
    } catch (err) {
      if (signal.aborted) throw err;
      failed.push({ file: f, err: err as Error });
    }
  }
  return out;
}

/**
 * Reports the percentage of the statement running on db every 250 ms, from DuckDB's query progress (which the
 * case enables with progress_bar_time = 0; see case-file.ts). While DuckDB reports none (planning, or writing
 * and committing once the rows are read) it repeats the last value, so progress still ticks. Returns the
 * function that stops it.
 */
export function watchQueryProgress(db: Duck, onPercent: (pct: number) => void, everyMs = 250): () => void {
  let last = 0;
  const timer = setInterval(() => {
    last = Math.max(last, Math.min(100, db.conn.progress.percentage));
    onPercent(last);
  }, everyMs);
  return () => clearInterval(timer);
}
