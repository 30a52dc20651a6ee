import type { Duck } from '../../db/duck';
import { sqlString } from '../../db/duck';
import { lit, sql } from '../../db/sql';

/** The new column's description in the query console (docs/query-views.md is generated from it). */
const TARGETS_COMMENT =
  'What the call acted on, as the record names it: the users, roles, keys, policies, secrets, objects, pods... (a list; the README gives the fields of each source).';

/**
 * `events.targets` (VARCHAR[]): what each call acted on (CreateUser's userName, a Kubernetes object, Entra's
 * targetResources...), filled at ingest by each format's rule (LogFormatDef.targets). A case that already holds
 * events is marked ('targets.fill' in case_meta) and ingest/targets-fill.ts fills them from the stored records when
 * it opens: the rules belong to the formats, a floor above the schema. The q.events view gains the column (its
 * descriptions are kept: replacing a view drops them), and the per-identity value summaries are dropped so that
 * they rebuild with targets.
 */
export async function run(db: Duck): Promise<void> {
  await db.run(sql`ALTER TABLE events ADD COLUMN targets VARCHAR[]`);
  await db.run(
    sql`INSERT OR REPLACE INTO case_meta SELECT 'targets.fill', 'pending' WHERE EXISTS (SELECT 1 FROM events)`,
  );
  await replaceQueryView(db);
  await db.run(sql`DELETE FROM summary_actor_values`);
  await db.run(sql`DELETE FROM summary_actor_state`);
}

async function replaceQueryView(db: Duck): Promise<void> {
  const comments = await db.all<{ column_name: string; comment: string }>(
    sql`SELECT column_name, comment FROM duckdb_columns()
        WHERE schema_name = 'q' AND table_name = 'events' AND comment IS NOT NULL ORDER BY column_index`,
  );
  const viewComment = await db.scalar<string | null>(
    sql`SELECT comment FROM duckdb_views() WHERE schema_name = 'q' AND view_name = 'events'`,
  );
  await db.run(sql`CREATE OR REPLACE VIEW q.events AS
    SELECT event_uid, time, source, evidence_id, position, api_operation, api_service, resource_uid, resource_type,
      targets, outcome, error_code, src_ip, user_agent, region, account_uid, actor_uid, actor_name, actor_type,
      interactive, credential_uid, session_uid, principal_id, shared_event_id, raw
    FROM main.events`);
  // COMMENT ON takes no parameters: the texts are the view's own descriptions (and ours), quoted as literals.
  if (viewComment) await db.run(lit(`COMMENT ON VIEW q.events IS ${sqlString(viewComment)}`));
  for (const c of [...comments, { column_name: 'targets', comment: TARGETS_COMMENT }])
    await db.run(lit(`COMMENT ON COLUMN q.events.${c.column_name} IS ${sqlString(c.comment)}`));
}
