import { TrailmarkError } from '../../../shared/errors';
import type { Duck } from '../db/duck';
import { lit, param, sql } from '../db/sql';
import { MIGRATIONS, type Migration } from './migrations';

/** Throws unless every id is higher than the one before: migrations apply in the order they are listed. */
export function checkMigrationOrder(list: readonly Pick<Migration, 'id' | 'name'>[]): void {
  list.forEach((m, i) => {
    const before = list[i - 1];
    if (!Number.isInteger(m.id) || m.id < 1 || (before && m.id <= before.id))
      throw new TrailmarkError(
        'internal',
        `migration ${m.id} (${m.name}) is listed after ${before ? `${before.id} (${before.name})` : 'nothing'}: ids must only increase`,
      );
  });
}

checkMigrationOrder(MIGRATIONS);

export const LATEST_MIGRATION = MIGRATIONS[MIGRATIONS.length - 1]?.id ?? 0;

/**
 * Applies the migrations the case file has not seen yet, each in its own transaction; `upTo` stops after that id
 * (the migration tests build a case as an older Trailmark left it). A case a newer Trailmark has migrated beyond
 * the latest migration known here is refused before anything is written to it: this version would misread it.
 */
export async function migrate(db: Duck, opts: { upTo?: number } = {}): Promise<number[]> {
  const seen = await db.scalar<number>(
    sql`SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'schema_migrations'`,
  );
  if (seen) {
    const newest = Number((await db.scalar(sql`SELECT max(id) FROM schema_migrations`)) ?? 0);
    if (newest > LATEST_MIGRATION)
      throw new TrailmarkError(
        'conflict',
        `this case was written by a newer Trailmark (its schema is at migration ${newest}, this version knows up to ` +
          `${LATEST_MIGRATION}): open it with that version or a later one`,
        { schema: newest, known: LATEST_MIGRATION },
      );
  }
  await db.run(
    sql`CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`,
  );
  const done = new Set((await db.all<{ id: number }>(sql`SELECT id FROM schema_migrations`)).map((r) => r.id));
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.id) || (opts.upTo !== undefined && m.id > opts.upTo)) continue;
    await db.transaction(async () => {
      if (typeof m.up === 'string') await db.run(lit(m.up));
      else await m.up(db);
      await db.run(sql`INSERT INTO schema_migrations VALUES (${param(m.id)}, ${param(m.name)}, now())`);
    });
    applied.push(m.id);
  }
  // DuckDB cannot replay a log holding ALTER TABLE on a table with a nextval() default (see wal-recovery.ts):
  // write schema changes into the database file at once.
  if (applied.length) await db.run(sql`CHECKPOINT`);
  return applied;
}
