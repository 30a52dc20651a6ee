import type { Duck } from '../../db/duck';
import { sqlString } from '../../db/duck';
import { ident, join, lit, sql } from '../../db/sql';

/**
 * For a migration that adds a column to `events`: re-creates q.events over `columns` and describes the new one,
 * keeping the view's and its columns' descriptions (replacing a view drops them). COMMENT ON takes no parameters:
 * the texts are the view's own descriptions and the migration's, quoted as literals. Each migration passes its own
 * column list, fixed when it ships.
 */
export async function replaceEventsQueryView(
  db: Duck,
  columns: readonly string[],
  added: { column: string; comment: string },
): Promise<void> {
  const comments = await db.all<{ column_name: string; comment: string }>(
    sql`SELECT column_name, comment FROM duckdb_columns()
        WHERE schema_name = 'q' AND table_name = 'events' AND comment IS NOT NULL ORDER BY column_index`,
  );
  const viewComment = await db.scalar<string | null>(
    sql`SELECT comment FROM duckdb_views() WHERE schema_name = 'q' AND view_name = 'events'`,
  );
  await db.run(sql`CREATE OR REPLACE VIEW q.events AS SELECT ${join(columns.map(ident), ', ')} FROM main.events`);
  if (viewComment) await db.run(lit(`COMMENT ON VIEW q.events IS ${sqlString(viewComment)}`));
  for (const c of [...comments, { column_name: added.column, comment: added.comment }])
    await db.run(lit(`COMMENT ON COLUMN q.events.${c.column_name} IS ${sqlString(c.comment)}`));
}
