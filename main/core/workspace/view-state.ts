import type { CaseFile } from '../case/case-file';
import { param, sql } from '../db/sql';

/** The view last open in this case (route and filters as the renderer serialised them), to reopen it exactly. */
export async function saveViewState(c: CaseFile, state: string): Promise<{ saved_at: string }> {
  const saved_at = new Date().toISOString();
  await c.db.run(
    sql`INSERT INTO view_state VALUES ('last', ${param(state)}, CAST(${param(saved_at)} AS TIMESTAMPTZ))
     ON CONFLICT (name) DO UPDATE SET state = excluded.state, saved_at = excluded.saved_at`,
  );
  return { saved_at };
}

export async function getViewState(c: CaseFile): Promise<{ state: string | null }> {
  const state = await c.db.scalar<string | null>(sql`SELECT state FROM view_state WHERE name = 'last'`);
  return { state: state ?? null };
}
