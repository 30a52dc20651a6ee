import type { Duck } from '../db/duck';
import { lit, list, param, sql } from '../db/sql';
import { TARGET_RULES } from './sources/registry';

/** Set by migration 0015 in a case that held events before `events.targets` existed; removed once they have it. */
export const TARGETS_FILL_KEY = 'targets.fill';

/**
 * Gives the events of a case loaded before `targets` existed their targets, from the stored records, in SQL, by the
 * rules each format declares (LogFormatDef.targets), so they read as a fresh ingest of the same files would. Runs
 * when the case opens, once (the migration marks the case; the schema floor cannot know the formats): one
 * statement per rule over the events its `when` picks, never over an event a rule already filled, all in one
 * transaction with the mark's removal. Per-identity value summaries are dropped so they rebuild with targets.
 */
export async function fillTargets(db: Duck): Promise<void> {
  const pending = await db.scalar<number>(sql`SELECT count(*) FROM case_meta WHERE key = ${param(TARGETS_FILL_KEY)}`);
  if (!Number(pending)) return;
  await db.transaction(async () => {
    for (const rule of TARGET_RULES) {
      await db.run(
        sql`UPDATE events SET targets = t.targets FROM (
              SELECT event_uid, ${lit(rule.sql)} AS targets FROM (
                SELECT event_uid, ${lit(rule.unwrap ?? 'rec')} AS j FROM (
                  SELECT event_uid, CAST(raw AS JSON) AS rec FROM events
                  WHERE targets IS NULL AND source IN ${list(rule.sources)} AND json_valid(raw))
                WHERE ${lit(rule.when)})
            ) t
            WHERE events.event_uid = t.event_uid AND t.targets IS NOT NULL`,
      );
    }
    await db.run(sql`DELETE FROM summary_actor_values`);
    await db.run(sql`DELETE FROM summary_actor_state`);
    await db.run(sql`DELETE FROM case_meta WHERE key = ${param(TARGETS_FILL_KEY)}`);
  });
}
