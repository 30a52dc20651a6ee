import type { Duck } from '../db/duck';
import { join, list, lit, sql } from '../db/sql';
import { TARGET_RULES } from '../ingest/sources/registry';

/** The rules that say where a format's records keep their error message. */
const RULES = TARGET_RULES.filter((r) => r.errorMessage);

/**
 * What each failed call among `uids` said went wrong, read from its stored record by its format's rule
 * (TargetsRule.errorMessage): only the events a page shows, found by id, so the raw records read are those few.
 */
export async function errorMessages(db: Duck, uids: string[]): Promise<Map<string, string>> {
  if (uids.length === 0 || RULES.length === 0) return new Map();
  const parts = RULES.map(
    (r) => sql`SELECT event_uid, CAST(${lit(r.errorMessage!)} AS VARCHAR) AS message FROM (
        SELECT event_uid, rec, ${lit(r.unwrap ?? 'rec')} AS j FROM (
          SELECT event_uid, CAST(raw AS JSON) AS rec FROM events
          WHERE event_uid IN ${list(uids)} AND outcome = 'failure' AND source IN ${list(r.sources)} AND json_valid(raw))
        WHERE ${lit(r.when)})`,
  );
  const rows = await db.all<{ event_uid: string; message: string | null }>(
    sql`SELECT event_uid, any_value(message) AS message FROM (${join(parts, ' UNION ALL ')})
        WHERE message IS NOT NULL AND message <> '' GROUP BY event_uid`,
  );
  return new Map(rows.map((r) => [r.event_uid, r.message!]));
}
