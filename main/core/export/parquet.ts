import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { TrailmarkError } from '../../../shared/errors';
import type { CaseFile } from '../case/case-file';
import { param, sql } from '../db/sql';

export interface ParquetExport {
  dir: string;
  events: number;
  files: number;
  partitions: { source: string; days: number }[];
}

async function filesUnder(dir: string): Promise<number> {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true }))
    n += e.isDirectory() ? await filesUnder(path.join(dir, e.name)) : e.name.endsWith('.parquet') ? 1 : 0;
  return n;
}

/**
 * The case's normalised events as Parquet, partitioned by source and day (Hive layout: source=X/day=YYYY-MM-DD/),
 * which Athena, Trino, Spark or another DuckDB query as is. Column names are the events table's (OCSF-aligned);
 * `raw` keeps each original record as JSON text. The folder must be new or empty: nothing is overwritten.
 */
export async function exportParquet(c: CaseFile, target: string): Promise<ParquetExport> {
  const dir = path.resolve(target);
  const st = await stat(dir).catch(() => null);
  if (st && !st.isDirectory()) throw new TrailmarkError('bad_input', `${dir}: exists and is not a folder`);
  if (st && (await readdir(dir)).length > 0)
    throw new TrailmarkError('bad_input', `${dir}: the folder is not empty; choose a new or empty folder`);
  await mkdir(dir, { recursive: true });
  const events = await c.db.scalar<number>('SELECT count(*) FROM events WHERE time IS NOT NULL');
  await c.db.run(
    sql`COPY (SELECT * EXCLUDE (raw), raw::VARCHAR AS raw, strftime(time AT TIME ZONE 'UTC', '%Y-%m-%d') AS day
           FROM events WHERE time IS NOT NULL ORDER BY source, time, event_uid)
     TO ${param(dir)} (FORMAT parquet, PARTITION_BY (source, day), COMPRESSION zstd)`,
  );
  const partitions = await c.db.all<{ source: string; days: number }>(
    `SELECT source, count(DISTINCT strftime(time AT TIME ZONE 'UTC', '%Y-%m-%d'))::INTEGER AS days
     FROM events WHERE time IS NOT NULL GROUP BY source ORDER BY source`,
  );
  await c.custody.append('export.parquet', { dir, events });
  return { dir, events, files: await filesUnder(dir), partitions };
}
