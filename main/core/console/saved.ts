import { TrailmarkError } from '../../../shared/errors';
import type { SavedQuery } from '../../../shared/methods/console';
import type { CaseFile } from '../case/case-file';
import { currentUser } from '../case/custody';
import { param, sql } from '../db/sql';
import { checkStatement } from './statement-check';

const COLUMNS = sql`name, sql, saved_by, strftime(saved_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS saved_at`;

export function listSavedQueries(c: CaseFile): Promise<SavedQuery[]> {
  return c.db.all<SavedQuery & Record<string, unknown>>(sql`SELECT ${COLUMNS} FROM saved_queries ORDER BY name`);
}

export async function getSavedQuery(c: CaseFile, name: string): Promise<SavedQuery> {
  const row = await c.db.one<SavedQuery & Record<string, unknown>>(
    sql`SELECT ${COLUMNS} FROM saved_queries WHERE name = ${param(name)}`,
  );
  if (!row) throw new TrailmarkError('not_found', `no saved query named ${JSON.stringify(name)} in this case`);
  return row;
}

/**
 * Saves a named query in the case (replacing one of the same name), recorded in custody with its text. Only a
 * query the console would run is saved, so a saved query never fails on its first open for being refused.
 */
export async function saveQuery(c: CaseFile, name: string, text: string): Promise<SavedQuery> {
  await checkStatement(c.db, text);
  await c.custody.record({
    change: async () => {
      await c.db.run(sql`DELETE FROM saved_queries WHERE name = ${param(name)}`);
      await c.db.run(
        sql`INSERT INTO saved_queries VALUES (${param(name)}, ${param(text)}, ${param(currentUser())},
            CAST(${param(new Date().toISOString())} AS TIMESTAMPTZ))`,
      );
    },
    items: [{ action: 'query.saved', detail: { name, sql: text } }],
  });
  return getSavedQuery(c, name);
}

export async function deleteSavedQuery(c: CaseFile, name: string): Promise<{ deleted: string }> {
  await getSavedQuery(c, name); // not_found when there is none
  await c.custody.record({
    change: () => c.db.run(sql`DELETE FROM saved_queries WHERE name = ${param(name)}`),
    items: [{ action: 'query.deleted', detail: { name } }],
  });
  return { deleted: name };
}
