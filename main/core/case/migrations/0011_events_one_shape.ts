import type { Duck } from '../../db/duck';
import { sql } from '../../db/sql';

/**
 * One `events` table in every case, whatever version created it. 0001 was changed after it shipped, so older
 * cases differ from new ones in two columns:
 * - `raw` is VARCHAR (cases created before 2026-11-24 09:00 UTC hold JSON): converted in place, once. DuckDB keeps
 *   the column's forced compression (zstd) and the rows' order, so the text index stays valid.
 * - `time` may be NULL for a moment during an ingest (cases created before 2026-11-24 00:13 UTC forbid it, and
 *   every ingest into them failed).
 * A case that already has the new shape is left as it is: rewriting `raw` would cost a pass over every record.
 */
export async function run(db: Duck): Promise<void> {
  const cols = await db.all<{ column_name: string; data_type: string; is_nullable: string }>(
    sql`SELECT column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_schema = 'main' AND table_name = 'events' AND column_name IN ('raw', 'time')`,
  );
  const col = (name: string) => cols.find((c) => c.column_name === name);
  if (col('raw')?.data_type !== 'VARCHAR') await db.run(sql`ALTER TABLE events ALTER COLUMN raw TYPE VARCHAR`);
  if (col('time')?.is_nullable === 'NO') await db.run(sql`ALTER TABLE events ALTER COLUMN time DROP NOT NULL`);
}
