import type { Duck } from '../db/duck';
import { MIGRATIONS } from './migrations';

/** Applies the migrations the case file has not seen yet, each in its own transaction. */
export async function migrate(db: Duck): Promise<number[]> {
  await db.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)',
  );
  const done = new Set((await db.all<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => r.id));
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.id)) continue;
    await db.transaction(async () => {
      await db.run(m.sql);
      await db.run('INSERT INTO schema_migrations VALUES (?, ?, now())', [m.id, m.name]);
    });
    applied.push(m.id);
  }
  // DuckDB cannot replay a log holding ALTER TABLE on a table with a nextval() default (see wal-recovery.ts):
  // write schema changes into the database file at once.
  if (applied.length) await db.run('CHECKPOINT');
  return applied;
}

export const LATEST_MIGRATION = MIGRATIONS[MIGRATIONS.length - 1]?.id ?? 0;
