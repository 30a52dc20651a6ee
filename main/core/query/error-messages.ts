import type { Duck } from '../db/duck';
import { join, list, lit, param, sql } from '../db/sql';
import { TARGET_RULES } from '../ingest/sources/registry';

/** The rules that say where a format's records keep their error message. */
const RULES = TARGET_RULES.filter((r) => r.errorMessage);

/**
 * What each of these failed calls said went wrong, read from its stored record by its format's rule
 * (TargetsRule.errorMessage). Only the events a page shows are read: found by id within their time span, a second
 * wider each way for times the API rounds to the millisecond (the zone maps skip the rest of the case), their
 * records parsed once, then each rule applied to its own.
 */
export async function errorMessages(
  db: Duck,
  events: { event_uid: string; time: string }[],
): Promise<Map<string, string>> {
  if (events.length === 0 || RULES.length === 0) return new Map();
  const times = events.map((e) => e.time).sort();
  const parts = RULES.map(
    (r) => sql`SELECT event_uid, CAST(${lit(r.errorMessage!)} AS VARCHAR) AS message FROM (
        SELECT event_uid, rec, ${lit(r.unwrap ?? 'rec')} AS j FROM page WHERE source IN ${list(r.sources)})
      WHERE ${lit(r.when)}`,
  );
  const rows = await db.all<{ event_uid: string; message: string }>(
    sql`WITH page AS MATERIALIZED (
          SELECT event_uid, source, CAST(raw AS JSON) AS rec FROM events
          WHERE time BETWEEN CAST(${param(times[0]!)} AS TIMESTAMPTZ) - INTERVAL 1 SECOND
              AND CAST(${param(times[times.length - 1]!)} AS TIMESTAMPTZ) + INTERVAL 1 SECOND
            AND event_uid IN ${list(events.map((e) => e.event_uid))} AND outcome = 'failure' AND json_valid(raw))
        SELECT event_uid, any_value(message) AS message FROM (${join(parts, ' UNION ALL ')})
        WHERE message IS NOT NULL AND message <> '' GROUP BY event_uid`,
  );
  return new Map(rows.map((r) => [r.event_uid, r.message]));
}
