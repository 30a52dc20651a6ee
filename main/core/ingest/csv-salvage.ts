import type { CaseFile } from '../case/case-file';
import { ident, lit, param, sql } from '../db/sql';
import type { Readable } from './batches';
import { REJECTS } from './cloudtrail/read';
import { readHead, sniffInput } from './sniff';
import { csvRecords } from './sources/readers';
import { DROP_REJECTS_SQL } from './stage-tables';

/** The longest row the slow path reads (DuckDB sizes its buffers by it); a longer one is quarantined alone. */
const MAX_ROW_BYTES = 16 * 2 ** 20;

const ROW_REASON = lit(`CASE any_value(error_type)
    WHEN 'TOO MANY COLUMNS' THEN 'the row has more columns than the header; not read'
    WHEN 'MISSING COLUMNS' THEN 'the row has fewer columns than the header; not read'
    WHEN 'INVALID ENCODING' THEN 'not valid UTF-8 (the row could not be read)'
    WHEN 'LINE SIZE OVER MAXIMUM' THEN 'over the limit of ${MAX_ROW_BYTES} bytes for one row; not read'
    ELSE 'the row could not be read: ' || string_agg(DISTINCT error_message, '; ') END`);

/**
 * The slow path for a CSV file whose fast read failed: DuckDB reads it again, with the columns of its header line,
 * setting aside the rows it cannot read
 * (its rejects tables), each of which is quarantined alone at its line in the file; the file is then read without
 * them (ReadOptions.csvSkipRejected), each row keeping its index. Rows are counted as lines after a one-line
 * header, so a quoted value broken over lines before a bad row shifts the indexes after it. A file where DuckDB
 * sets aside nothing (the whole file is unreadable) is quarantined whole with the fast read's error.
 */
export async function salvageCsv(
  c: CaseFile,
  ingestId: string,
  f: Readable,
  err: Error,
  quarantineWhole: (f: Readable, err: Error) => Promise<void>,
): Promise<Readable[]> {
  const db = c.db;
  await db.run(DROP_REJECTS_SQL);
  const columns = sniffInput(await readHead(f.readPath, f.gzip, 64 * 1024)).csvHeader;
  if (!columns) {
    await quarantineWhole(f, err);
    return [];
  }
  const opts = { files: [f.readPath], gzip: f.gzip, maxObjectBytes: MAX_ROW_BYTES, csvSalvage: { columns } };
  try {
    // Every value is read (a count alone would not decode them, and bytes that are not UTF-8 would go unseen).
    await db.run(sql`SELECT max(length(CAST(rec AS VARCHAR))) FROM (${csvRecords(opts, 'store')})`);
  } catch {
    await db.run(DROP_REJECTS_SQL);
    await quarantineWhole(f, err);
    return [];
  }
  const stored = await db.scalar<number>(
    sql`SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = ${param(REJECTS.table)}`,
  );
  if (!stored) {
    await quarantineWhole(f, err);
    return [];
  }
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ingest_csv_rejected AS
    SELECT ${param(f.readPath)} AS read_path, line, line - 2 - (row_number() OVER (ORDER BY line) - 1) AS good_before,
      reason, excerpt
    FROM (SELECT line, ${ROW_REASON} AS reason, left(any_value(csv_line), 300) AS excerpt
      FROM ${ident(REJECTS.table)} GROUP BY line)`);
  await db.run(DROP_REJECTS_SQL);
  const rejected = await db.scalar<number>('SELECT count(*) FROM ingest_csv_rejected');
  if (!rejected) {
    await quarantineWhole(f, err);
    return [];
  }
  await db.run(sql`INSERT INTO ingest_new_issues
    SELECT ${param(ingestId)}, ${param(f.evidenceId)}, ${param(f.display)}, 'line ' || line, reason, excerpt
    FROM ingest_csv_rejected ORDER BY line`);
  await db.run(
    sql`UPDATE ingest_evidence SET records = records + ${param(rejected)}, quarantined = quarantined + ${param(rejected)}
      WHERE evidence_id = ${param(f.evidenceId)}`,
  );
  return [
    {
      ...f,
      insertSql: (o) => f.insertSql({ ...o, csvSalvage: { columns } }),
      batchKey: `salvage:${f.batchKey}`,
    },
  ];
}
