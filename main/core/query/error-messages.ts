import type { Duck } from '../db/duck';
import { join, list, param, sql } from '../db/sql';
import { ERROR_MESSAGE_RULES, ruleMessages } from '../ingest/error-messages-fill';

/**
 * What each of these failed calls said went wrong, read from its stored record by its format's rule: for a case
 * whose failed calls are still waiting for `events.error_message` (its upgrade job fills them). Only the events a
 * page shows are read: found by id within their time span, a second wider each way for times the API rounds to the
 * millisecond (the zone maps skip the rest of the case), their records parsed once, then each rule applied (the
 * first that finds a message wins, as in the fill).
 */
export async function errorMessagesFromRecords(
  db: Duck,
  events: { event_uid: string; time: string }[],
): Promise<Map<string, string>> {
  if (events.length === 0 || ERROR_MESSAGE_RULES.length === 0) return new Map();
  const times = events.map((e) => e.time).sort();
  const page = sql`SELECT key, source, rec FROM page`;
  const rows = await db.all<{ event_uid: string; message: string }>(
    sql`WITH page AS MATERIALIZED (
          SELECT event_uid AS key, source, CAST(raw AS JSON) AS rec FROM events
          WHERE time BETWEEN CAST(${param(times[0]!)} AS TIMESTAMPTZ) - INTERVAL 1 SECOND
              AND CAST(${param(times[times.length - 1]!)} AS TIMESTAMPTZ) + INTERVAL 1 SECOND
            AND event_uid IN ${list(events.map((e) => e.event_uid))} AND outcome = 'failure' AND json_valid(raw))
        SELECT key AS event_uid, arg_min(message, rule) AS message
        FROM (${join(
          ERROR_MESSAGE_RULES.map((r, i) => sql`SELECT ${param(i)} AS rule, * FROM (${ruleMessages(r, page)})`),
          ' UNION ALL ',
        )})
        GROUP BY key`,
  );
  return new Map(rows.map((r) => [r.event_uid, r.message]));
}
