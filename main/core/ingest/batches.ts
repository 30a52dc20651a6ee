import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Duck } from '../db/duck';
import { cloudtrailInsertSql, splitPartsSql } from './cloudtrail/read';
import { splitToLines, type SplitArgs, type SplitPart } from './cloudtrail/split-records';
import type { Sql } from '../db/sql';
import type { ReadOptions } from './sources/types';
import type { WalkedFile } from './walk';

/** A file the ingest will read, with the evidence row it belongs to. */
export interface Readable extends WalkedFile {
  evidenceId: number;
  display: string;
  /** How to read it: a format's insert statement, or a generic file's saved mapping. */
  insertSql: (o: ReadOptions) => Sql;
  /** Files of one batch share this key (same reader, same compression). */
  batchKey: string;
  /** Index in the evidence file of this file's first record (a part of a split file starts past 0). */
  positionBase?: number;
  /** A part of a split file: the bytes of its longest record, which sizes the reader's buffers. */
  longestRecord?: number;
  /** A part of a salvaged file read by a JSON format: its lines that are not JSON are quarantined on their own. */
  quarantineNotJson?: boolean;
}

/**
 * Files per DuckDB statement, and uncompressed bytes. Few, big statements: an INSERT writes full row groups
 * straight to the case file, one per thread, but each thread's last, partial one goes through the write-ahead log
 * and a checkpoint, so small statements cost far more. 1.5 GiB reads the 1M bench in one statement and keeps 10M
 * under 1.5 GB of memory (the measurements are in the README's "Why these sizes"). Batches of a group are evened
 * out, so the last one is never a small remainder. Progress comes from inside the statement (watchQueryProgress),
 * so a big batch doesn't make it stall.
 */
const BATCH_FILES = 16384;
export const BATCH_BYTES = 1.5 * 2 ** 30;
const GZIP_RATIO_GUESS = 8; // CloudTrail JSON compresses about 8:1; only used to size batches
/** CloudTrail files bigger than this (uncompressed) are split into lines before DuckDB reads them. */
const SPLIT_ABOVE = 16 * 2 ** 20; // DuckDB's default maximum_object_size
const MAX_DEFLATE_RATIO = 1032;
/** Size of each part of a split file (one file of the staging folder). */
const PART_BYTES = 32 * 2 ** 20;

/** Bytes of JSON a file holds, about: only used to size batches. */
const readBytes = (f: Readable) => (f.gzip ? f.size * GZIP_RATIO_GUESS : f.size);

export function* batches(files: Readable[]): Generator<Readable[]> {
  const groups = new Map<string, Readable[]>();
  for (const f of files) {
    const group = groups.get(f.batchKey);
    if (group) group.push(f);
    else groups.set(f.batchKey, [f]);
  }
  for (const group of groups.values()) {
    const total = group.reduce((a, f) => a + readBytes(f), 0);
    const n = Math.max(1, Math.ceil(total / BATCH_BYTES), Math.ceil(group.length / BATCH_FILES));
    let batch: Readable[] = [];
    let bytes = 0;
    for (const f of group) {
      batch.push(f);
      bytes += readBytes(f);
      if (bytes >= total / n || batch.length >= group.length / n) {
        yield batch;
        batch = [];
        bytes = 0;
      }
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

/**
 * Whether a file of one JSON value a line is too big to read whole: DuckDB sizes its read buffers by the largest
 * object allowed, which for a whole file is the file (a 1.1 GB CloudTrail JSON-lines file ran it out of memory
 * where the same records in 20 files loaded). Such a file is read line by line in parts (salvage.ts), like a
 * file that failed its fast read.
 */
export function needsLineSplit(f: Readable): boolean {
  if (f.format !== 'cloudtrail_lines' && f.format !== 'generic_json') return false;
  if ((f.gzip ? f.size * MAX_DEFLATE_RATIO : f.size) <= SPLIT_ABOVE) return false;
  return uncompressedSize(f) > SPLIT_ABOVE;
}

/** About how many bytes of lines a file to split will give (its uncompressed size), to weigh its progress. */
export const splitSizeGuess = (f: Readable): number => uncompressedSize(f);

/**
 * A CloudTrail file too big for one JSON object is streamed once through a byte scanner into parts of one record
 * a line (`${base}-N.tsv`), which DuckDB then reads in parallel with little memory. Each part keeps the file's
 * evidence row and format; records keep their index in the file as position. Throws when the file can't be
 * split (e.g. a truncated gzip): the file is then read record by record (salvage.ts).
 */
export async function splitOne(
  f: Readable,
  base: string,
  signal: AbortSignal,
  partBytes = PART_BYTES,
  split: (a: SplitArgs, signal: AbortSignal) => Promise<SplitPart[]> = splitToLines,
): Promise<Readable[]> {
  await mkdir(path.dirname(base), { recursive: true });
  const args = { file: f.readPath, gzip: f.gzip, wrapped: f.format === 'cloudtrail_records', outBase: base, partBytes };
  const parts = await split(args, signal);
  return parts.map((p) => ({
    ...f,
    readPath: p.path,
    gzip: false,
    size: p.bytes,
    positionBase: 0, // each line carries its record's index in the file
    longestRecord: p.longest,
    oneLine: false, // the parts' reader is read_csv's
    insertSql: (o) => cloudtrailInsertSql(splitPartsSql(o.files, o.maxObjectBytes), { tolerant: true }),
    batchKey: 'split:cloudtrail',
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
