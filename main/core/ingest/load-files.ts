import { rm } from 'node:fs/promises';
import path from 'node:path';
import { TrailmarkError } from '../../../shared/errors';
import type { CaseFile } from '../case/case-file';
import type { Duck } from '../db/duck';
import { param, sql } from '../db/sql';
import type { JobContext } from '../jobs/job-runner';
import {
  BATCH_BYTES,
  batches,
  needsLineSplit,
  needsSplit,
  splitOne,
  splitSizeGuess,
  watchQueryProgress,
  type Readable,
} from './batches';
import { SplitAhead } from './split-ahead';
import { SplitPool } from './split-pool';
import { REJECTS } from './cloudtrail/read';
import { MAX_RECORD_BYTES } from './record-limits';
import { readError } from './read-error';
import { salvageFile } from './salvage';
import {
  CLEAR_BATCH_SQL,
  DROP_REJECTS_SQL,
  QUARANTINE_NOT_JSON_SQL,
  quarantineRejectsStatements,
} from './stage-tables';

const DEFAULT_MAX_OBJECT = 16 * 2 ** 20;
/**
 * Parts of split files are read once this much waits (or every file is split): small statements cost far more
 * (see batches.ts). The first batch is smaller, so DuckDB starts sooner.
 * The splitter works up to SPLIT_AHEAD_BYTES ahead of DuckDB, which bounds the staging folder.
 */
const FIRST_SPLIT_BATCH_BYTES = 2 ** 29;
const SPLIT_BATCH_BYTES = 2 ** 30;
const SPLIT_AHEAD_BYTES = BATCH_BYTES;

/** A file that failed its fast read, with the reader's error; or one too big to try (`why`), with the reason. */
type Failed = { file: Readable; err: Error; why?: string };

const bytesOf = (fs: Readable[]) => fs.reduce((a, f) => a + f.size, 0);

/**
 * Reads every file into `events`, batch by batch. Big CloudTrail files are split into parts as a pipeline: the
 * next files are split (in JavaScript, two at a time in worker threads) while DuckDB reads the parts of the ones
 * before (on its own threads), and each part is deleted once read, so the staging folder holds about two batches'
 * worth of parts.
 * Progress is in bytes of the files as read (compressed sizes for .gz, uncompressed for split files), moved
 * within each batch by DuckDB's own query progress, so that it moves at least every second however big a batch is.
 */
export async function loadFiles(
  c: CaseFile,
  ingestId: string,
  files: Readable[],
  staging: string,
  ctx: JobContext,
): Promise<void> {
  const big = files.map(needsSplit);
  const lineByLine = files.filter((f, i) => !big[i] && needsLineSplit(f));
  const direct = files.filter((f, i) => !big[i] && !lineByLine.includes(f));
  const toSplit = files.filter((_, i) => big[i]);
  const weights = toSplit.map(splitSizeGuess);
  const total = bytesOf(direct) + weights.reduce((a, b) => a + b, 0);
  let done = 0;
  ctx.progress({ phase: 'loading records', unit: 'bytes', done: 0, total, message: '' });
  const cancelled = () => new TrailmarkError('cancelled', 'ingest cancelled');

  /** Loads one batch; `weight` is what it adds to the progress. */
  const run = async (batch: Readable[], weight: number, failed?: Failed[]) => {
    if (ctx.signal.aborted) throw cancelled();
    ctx.progress({ message: batch[0]?.display ?? '' });
    const stop = watchQueryProgress(c.db, (pct) => ctx.progress({ done: Math.round(done + (weight * pct) / 100) }));
    await loadBatch(c, ingestId, batch, ctx.signal, failed).finally(stop);
    done += weight;
    ctx.progress({ done: Math.round(done), message: batch[batch.length - 1]?.display ?? '' });
  };

  const failed: Failed[] = lineByLine.map((f) => ({
    file: f,
    err: new Error(`${f.display} is too big to read whole and could not be read line by line`),
    why: 'it is too big to read whole',
  }));
  for (const batch of batches(direct)) await run(batch, bytesOf(batch), failed);
  await rereadManyObjectFiles(c, ingestId, direct, staging, ctx);
  await salvageFailed(c, ingestId, failed, staging, ctx);
  if (!toSplit.length) return ctx.progress({ done: total });
  await c.useIngestMemory('split parts');
  const workers = new SplitPool();
  const ahead = new SplitAhead(
    toSplit,
    (f, i, stop) => {
      ctx.progress({ message: `splitting ${f.display} into lines` });
      const signal = AbortSignal.any([ctx.signal, stop]);
      return splitOne(f, path.join(staging, `split-${i + 1}`), signal, undefined, (a, s) => workers.split(a, s));
    },
    SPLIT_AHEAD_BYTES,
    workers.size,
  );
  // Idle workers keep what they allocated until they next collect garbage, which they never do: end them as soon
  // as the last file is split, not once it is loaded (8 x 250 MB, four runs each: peaks of 843-1,153 MiB, while
  // the last statement ran, against 774-991 MiB).
  const workersClosed = ahead.finished.then(() => workers.close());
  try {
    for (let got = await ahead.take(FIRST_SPLIT_BATCH_BYTES); got; got = await ahead.take(SPLIT_BATCH_BYTES)) {
      if (ctx.signal.aborted) throw cancelled();
      const parts: Readable[] = [];
      const partWeight = new Map<Readable, number>();
      const unsplit: Failed[] = [];
      for (const s of got) {
        if ('err' in s) {
          // e.g. a truncated gzip: read record by record, what decompresses loads and the rest is quarantined
          unsplit.push({ file: s.file, err: s.err });
          done += weights[s.index]!;
          continue;
        }
        const fileBytes = Math.max(1, bytesOf(s.parts));
        for (const p of s.parts) partWeight.set(p, (weights[s.index]! * p.size) / fileBytes);
        parts.push(...s.parts);
      }
      for (const batch of batches(parts)) {
        await run(
          batch,
          batch.reduce((a, p) => a + partWeight.get(p)!, 0),
        );
        await Promise.all(batch.map((p) => rm(p.readPath, { force: true })));
      }
      await salvageFailed(c, ingestId, unsplit, staging, ctx);
    }
  } finally {
    ahead.stop();
    await ahead.finished; // the staging folder is removed after this
    await workersClosed;
  }
  ctx.progress({ done: total });
}

let salvaged = 0;
/** The slow path, paid only by files that failed the fast read (or could not try it): record by record. */
async function salvageFailed(
  c: CaseFile,
  ingestId: string,
  failed: Failed[],
  staging: string,
  ctx: JobContext,
): Promise<void> {
  for (const { file: f, err, why } of failed) {
    if (ctx.signal.aborted) throw new TrailmarkError('cancelled', 'ingest cancelled');
    ctx.progress({ message: `reading ${f.display} record by record: ${why ?? 'it could not be read whole'}` });
    const base = path.join(staging, `salvage-${++salvaged}`);
    const parts = await salvageFile(c, ingestId, f, err, base, ctx.signal, (whole, e) =>
      quarantineFile(c, ingestId, whole, e, why !== undefined),
    );
    for (const batch of batches(parts)) {
      await loadBatch(c, ingestId, batch, ctx.signal);
      // The parts written to staging; a CSV file is read again in place (csv-salvage.ts), and kept.
      await Promise.all(batch.filter((p) => p.readPath !== f.readPath).map((p) => rm(p.readPath, { force: true })));
    }
  }
}

/**
 * A {"Records":[...]} object (or a bare array) numbers its records from 0, so a file of several (CloudTrail files
 * put end to end, one a line) repeats positions, and with them event ids. Such a file has more events than its
 * highest position allows: its events are removed and it is read again through the splitter, which numbers
 * records across the whole file. One query over this ingest's events finds none in the usual case.
 */
async function rereadManyObjectFiles(
  c: CaseFile,
  ingestId: string,
  direct: Readable[],
  staging: string,
  ctx: JobContext,
): Promise<void> {
  const many = await c.db.all<{ evidence_id: number }>(
    `SELECT evidence_id FROM events
     WHERE evidence_id IN
       (SELECT evidence_id FROM ingest_evidence WHERE format IN ('cloudtrail_records', 'cloudtrail_array'))
     GROUP BY evidence_id HAVING count(*) > max(CAST(position AS BIGINT)) + 1`,
  );
  const ids = new Set(many.map((r) => r.evidence_id));
  let n = 0;
  for (const f of direct.filter((f) => ids.has(f.evidenceId))) {
    if (ctx.signal.aborted) throw new TrailmarkError('cancelled', 'ingest cancelled');
    ctx.progress({ message: `reading ${f.display} again: it holds more than one {"Records":[...]} object` });
    await c.db.run('DELETE FROM events WHERE evidence_id = ?', [f.evidenceId]);
    let parts: Readable[];
    try {
      parts = await splitOne(f, path.join(staging, `reread-${++n}`), ctx.signal);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      await quarantineFile(c, ingestId, f, err as Error, true);
      continue;
    }
    for (const batch of batches(parts)) {
      await loadBatch(c, ingestId, batch, ctx.signal);
      await Promise.all(batch.map((p) => rm(p.readPath, { force: true })));
    }
  }
}

/**
 * Reads a batch with one DuckDB call; if that fails, by halves, down to the bad file. That file goes to `failed`
 * (when given), to be read again record by record; otherwise it is quarantined whole.
 */
async function loadBatch(
  c: CaseFile,
  ingestId: string,
  batch: Readable[],
  signal: AbortSignal,
  failed?: Failed[],
): Promise<void> {
  const db = c.db;
  await db.run(CLEAR_BATCH_SQL);
  await db.insertRows(
    'ingest_files',
    { read_path: 'VARCHAR', evidence_id: 'INTEGER', sha256: 'VARCHAR', display: 'VARCHAR', position_base: 'BIGINT' },
    batch.map((f) => ({
      read_path: f.readPath,
      evidence_id: f.evidenceId,
      sha256: f.sha256,
      display: f.display,
      position_base: f.positionBase ?? 0,
    })),
  );
  const first = batch[0];
  if (!first) return;
  // The largest JSON object the reader may meet: a whole file, or for the parts of split files the longest record.
  // A line over MAX_RECORD_BYTES is then a reject, quarantined alone, instead of running DuckDB out of memory.
  const maxObject = Math.max(
    ...batch.map((f) =>
      f.longestRecord !== undefined
        ? Math.min(f.longestRecord, MAX_RECORD_BYTES)
        : Math.max(DEFAULT_MAX_OBJECT, (f.gzip ? f.size * 40 : f.size) + 1024),
    ),
  );
  const read = (files: Readable[], oneLine: boolean) =>
    db.run(
      first.insertSql({
        files: files.map((f) => f.readPath),
        gzip: first.gzip,
        maxObjectBytes: Math.min(maxObject, 2 ** 31 - 1),
        oneLine,
      }),
    );
  // A failed statement inserts nothing: read each half again, down to the bad file, which alone is quarantined
  // (a few statements per bad file however big the batch). A cancel interrupts the statement: stop there. Files
  // read as one value per line are first read again as a whole without that guess: a line break past the head
  // fails such a statement, and isn't the file's fault.
  const readOrBisect = async (files: Readable[], oneLine: boolean): Promise<void> => {
    try {
      await read(files, oneLine);
    } catch (err) {
      if (signal.aborted) throw err;
      if (oneLine) return readOrBisect(files, false);
      if (files.length === 1) {
        // Out of memory on one file alone is taken as the file's doing (a huge record): the record-by-record read
        // leaves out records over MAX_RECORD_BYTES; if that runs out of memory too, the ingest fails.
        if (failed && (isContentProblem(err as Error) || /^Out of Memory Error/.test((err as Error).message)))
          return void failed.push({ file: files[0]!, err: err as Error });
        return quarantineFile(c, ingestId, files[0]!, err as Error);
      }
      const mid = files.length >> 1;
      await readOrBisect(files.slice(0, mid), false);
      await readOrBisect(files.slice(mid), false);
    }
  };
  // Parts of split files set aside the lines DuckDB can't read (splitPartsSql): each is quarantined as a record.
  const splitParts = first.longestRecord !== undefined;
  if (splitParts) await db.run(DROP_REJECTS_SQL);
  await withJoinsAsWritten(db, () => readOrBisect(batch, first.oneLine === true));
  if (!splitParts) return;
  const rejects = sql`SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = ${param(REJECTS.table)}`;
  if (await db.scalar<number>(rejects))
    for (const statement of quarantineRejectsStatements(ingestId)) await db.run(statement);
  if (first.quarantineNotJson)
    for (const q of QUARANTINE_NOT_JSON_SQL(
      ingestId,
      batch.map((f) => f.readPath),
      maxObject,
    ))
      await db.run(q);
}

/** Only a problem with a file's content is the file's fault; anything else (a bug, an interrupt) stops the ingest. */
const isContentProblem = (err: Error) => /^(Invalid Input|Conversion|IO|Out of Range) Error/.test(err.message);

/**
 * Runs fn with DuckDB's hash joins building from their right side, as written. Each batch's statement joins its
 * records to the batch's file list (ingest_files), and DuckDB picks the side to build from by estimated rows.
 * read_json's estimate does not grow with the files (1,016 rows for 5,305 files; 0 for four small ones), so the
 * join built its table from the records, every raw record of the batch in memory, spilling: 10M events took
 * 168-240 s instead of 96 s. The setting is global: a query another connection plans meanwhile keeps its joins as
 * written too, which costs it at most some speed.
 */
export async function withJoinsAsWritten<T>(db: Duck, fn: () => Promise<T>): Promise<T> {
  await db.run("SET disabled_optimizers = 'build_side_probe_side'");
  try {
    return await fn();
  } finally {
    await db.run("SET disabled_optimizers = ''").catch(() => undefined); // the error that matters is fn's
  }
}

export async function quarantineFile(
  c: CaseFile,
  ingestId: string,
  f: Readable,
  err: Error,
  contentProblem = false,
): Promise<void> {
  if (!contentProblem && !isContentProblem(err)) throw err;
  const e = readError(err.message, f.readPath, f.display);
  // A part of a split file: DuckDB quotes the line, which starts with the record's index in the file.
  const record = f.longestRecord !== undefined ? /^(\d+)\t/.exec(e.excerpt ?? '')?.[1] : undefined;
  await c.db.run(
    sql`INSERT INTO ingest_new_issues VALUES (${param(ingestId)}, ${param(f.evidenceId)}, ${param(f.display)},
      ${param(record ? `record ${record}` : e.position)},
      ${param(`${f.longestRecord !== undefined ? 'part of the file' : 'file'} could not be read: ${e.reason}`)},
      ${param(record ? e.excerpt!.slice(record.length + 1) : e.excerpt)})`,
  );
  await c.db.run(
    'UPDATE ingest_evidence SET records = records + 1, quarantined = quarantined + 1 WHERE evidence_id = ?',
    [f.evidenceId],
  );
}
