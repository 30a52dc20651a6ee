import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { CaseFile } from '../case/case-file';
import { sql, param } from '../db/sql';
import type { Readable } from './batches';
import { cloudtrailInsertSql, splitPartsSql } from './cloudtrail/read';
import { salvageToLines, type SalvageArgs, type SalvageResult } from './cloudtrail/split-records';
import { MAX_RECORD_BYTES } from './record-limits';
import { salvageCsv } from './csv-salvage';
import { readHead } from './sniff';
import { INGEST_ISSUE_COLUMNS } from './stage-tables';

const PART_BYTES = 32 * 2 ** 20;
/** Formats whose files are not JSON: CSV has a slow path of its own (csv-salvage.ts); Parquet has none. */
const NOT_JSON = /(^|_)csv$|parquet$/;
const CSV = /(^|_)csv$/;

/**
 * How to find the records of a file again, one by one: the scanner's depth for CloudTrail's two layouts and for
 * arrays (1) or values put end to end (0), or line by line when the file holds one JSON value a line (its first
 * line is a whole value), so that a broken line cannot swallow the next ones. Null when it is not JSON.
 */
async function salvageTarget(f: Readable): Promise<SalvageArgs['target'] | null> {
  if (f.format === 'cloudtrail_records') return 2;
  if (f.format === 'cloudtrail_array') return 1;
  if (NOT_JSON.test(f.format)) return null;
  if (f.format === 'cloudtrail_lines' || f.format === 'generic_json') return 'lines';
  const head = (await readHead(f.readPath, f.gzip, 64 * 1024)).toString('utf8').trimStart();
  if (head.startsWith('[')) return 1;
  const nl = head.indexOf('\n');
  if (nl < 0) return 0;
  try {
    JSON.parse(head.slice(0, nl));
    return 'lines';
  } catch {
    return 0;
  }
}

/**
 * The slow path for a file whose fast read failed (load-files.ts): its records are written one a line into the
 * staging folder, and returned as parts to read like the parts of a split file, where a line that can't be read
 * or isn't JSON is quarantined alone, at its index. What cannot be read at all is quarantined here: a record over
 * MAX_RECORD_BYTES, the rest of a gzip that breaks off (at its byte offset), bytes after the gzip data. A file
 * that is not JSON, or that cannot be salvaged, is quarantined whole with the fast read's error.
 */
export async function salvageFile(
  c: CaseFile,
  ingestId: string,
  f: Readable,
  err: Error,
  base: string,
  signal: AbortSignal,
  quarantineWhole: (f: Readable, err: Error) => Promise<void>,
): Promise<Readable[]> {
  if (CSV.test(f.format)) return salvageCsv(c, ingestId, f, err, quarantineWhole);
  const target = await salvageTarget(f);
  if (target === null) {
    await quarantineWhole(f, err);
    return [];
  }
  await mkdir(path.dirname(base), { recursive: true });
  let got: SalvageResult;
  try {
    got = await salvageToLines(
      {
        file: f.readPath,
        gzip: f.gzip,
        target,
        outBase: base,
        partBytes: PART_BYTES,
        maxRecordBytes: MAX_RECORD_BYTES,
      },
      signal,
    );
  } catch (e) {
    if (signal.aborted) throw e;
    await quarantineWhole(f, err);
    return [];
  }
  await quarantineUnread(c, ingestId, f, got);
  const cloudtrail = f.format === 'cloudtrail_records' || f.format === 'cloudtrail_array';
  return got.parts.map((p) => ({
    ...f,
    readPath: p.path,
    gzip: false,
    size: p.bytes,
    positionBase: 0, // each line carries its record's index in the file
    longestRecord: Math.min(p.longest, MAX_RECORD_BYTES),
    oneLine: false,
    // CloudTrail's reader parses with try(): a record that isn't JSON gets no time and is quarantined as such.
    insertSql: cloudtrail
      ? (o) => cloudtrailInsertSql(splitPartsSql(o.files, o.maxObjectBytes), { tolerant: true })
      : (o) => f.insertSql({ ...o, parts: true }),
    quarantineNotJson: !cloudtrail,
    batchKey: `salvage:${f.batchKey}`,
  }));
}

/** The records of a salvaged file that could not be read at all, each one quarantined record of the file. */
async function quarantineUnread(c: CaseFile, ingestId: string, f: Readable, got: SalvageResult): Promise<void> {
  const issue = (position: string | null, reason: string) => ({
    ingest_id: ingestId,
    evidence_id: f.evidenceId,
    file: f.display,
    position,
    reason,
    excerpt: null,
  });
  const issues = got.tooLong.map((r) =>
    issue(
      `record ${r.index}`,
      `record of ${r.bytes} bytes is over the limit of ${MAX_RECORD_BYTES} bytes for one record; not read`,
    ),
  );
  if (got.stop)
    issues.push(
      issue(
        `byte ${got.stop.at}`,
        `the compressed data breaks off at byte ${got.stop.at} (${got.stop.reason}); the ${got.stop.inflated} ` +
          'bytes before it were read, the rest of the file could not be',
      ),
    );
  if (got.unfinished)
    issues.push(
      issue(
        `record ${got.unfinished.index}`,
        `the file ends inside this record, after ${got.unfinished.at} bytes (truncated); not read`,
      ),
    );
  if (got.trailing)
    issues.push(
      issue(
        `byte ${got.trailing.at}`,
        `${got.trailing.bytes} bytes after the end of the gzip data are not gzip and were not read`,
      ),
    );
  if (!issues.length) return;
  await c.db.insertRows('ingest_new_issues', INGEST_ISSUE_COLUMNS, issues);
  await c.db.run(
    sql`UPDATE ingest_evidence SET records = records + ${param(issues.length)},
      quarantined = quarantined + ${param(issues.length)} WHERE evidence_id = ${param(f.evidenceId)}`,
  );
}
