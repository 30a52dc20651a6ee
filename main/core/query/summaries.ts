import type { EventFilter, TopDimension } from '../../../shared/methods/workspace';
import type { Duck } from '../db/duck';
import { ident, join, param, sql, type Sql } from '../db/sql';
import { eventWhere } from './event-filter';
import { onLane } from '../db/lanes';

/** The event columns behind each top-N dimension (whitelist: these become SQL). */
export const DIMENSION_COLUMN: Record<TopDimension, string> = {
  operation: 'api_operation',
  service: 'api_service',
  resource: 'resource_uid',
  target: 'targets',
  src_ip: 'src_ip',
  user_agent: 'user_agent',
  region: 'region',
  credential: 'credential_uid',
  session: 'session_uid',
  actor: 'actor_uid',
};

/** Dimensions whose column holds a list: each of its values counts the event once. */
export const LIST_DIMENSIONS: ReadonlySet<TopDimension> = new Set(['target']);

/** One row per (value, outcome, time) of a dimension's column in `from`: a list column is unnested. */
export function dimensionValues(dim: TopDimension, from: Sql, where?: Sql): Sql {
  const col = ident(DIMENSION_COLUMN[dim]);
  const value = LIST_DIMENSIONS.has(dim) ? sql`unnest(e.${col})` : sql`e.${col}`;
  return sql`SELECT ${value} AS value, e.outcome, e.time FROM ${from} e ${where ?? sql``}`;
}

const HOUR_KEY = 'summary.actor_hour';
export const HOUR_MS = 3_600_000;

/**
 * The per-hour summary's WHERE (as `e`) for a filter: identities and sources as for events, the range in whole
 * hours. Only meaningful for filters on what it keeps (identities, categories, sources).
 */
export function summaryWhere(f: EventFilter, range: { from: number; to: number } | null): Sql {
  return eventWhere(
    { ...f, from: undefined, to: undefined },
    range &&
      sql`e.hour >= ${param(Math.floor(range.from / HOUR_MS))} AND e.hour < ${param(Math.ceil(range.to / HOUR_MS))}`,
  );
}

/**
 * Summaries are written on a lane of their own, so they never join a transaction in flight on the case's connection
 * (an ingest's commit) and see committed evidence only; one build at a time per case file (one key: builds queue,
 * never interrupt each other), so two views opening together never add the same hours twice.
 */
const serial = <T>(db: Duck, fn: (side: Duck) => Promise<T>) => onLane(db, 'summaries', 'summaries', fn);

/** Runs fn on the summaries' lane, after any build in flight: a change to what summaries hold, with their reset. */
export const onSummariesLane = serial;

const committedTop = (db: Duck) =>
  db.scalar<number>(sql`SELECT coalesce(max(evidence_id), 0) FROM evidence_files`).then(Number);

/** Brings the per-hour, per-identity counts up to the committed evidence: only the evidence added since is read. */
export function ensureActorHours(db: Duck): Promise<void> {
  return serial(db, async (side) => {
    const top = await committedTop(side);
    const covered = Number(
      (await side.scalar<string | null>(sql`SELECT value FROM case_meta WHERE key = ${param(HOUR_KEY)}`)) ?? 0,
    );
    if (top <= covered) return;
    await side.transaction(async () => {
      await side.run(
        sql`INSERT INTO summary_actor_hour
         SELECT CAST(floor(epoch_ms(time) / 3600000) AS INTEGER) AS hour, source, actor_uid, count(*) AS n
         FROM events WHERE evidence_id > ${param(covered)} AND evidence_id <= ${param(top)} AND time IS NOT NULL
         GROUP BY ALL ORDER BY actor_uid, hour`,
      );
      await side.run(sql`INSERT OR REPLACE INTO case_meta VALUES (${param(HOUR_KEY)}, ${param(String(top))})`);
    });
  });
}

/**
 * Every value of every dimension for one identity, with counts, failures and first/last seen: what its top-N
 * panels read. Computed the first time its page opens after evidence changed, in one pass over its events.
 */
export function ensureActorValues(db: Duck, actorUid: string): Promise<void> {
  return serial(db, async (side) => {
    const top = await committedTop(side);
    const state = await side.scalar<number | null>(
      sql`SELECT evidence_top FROM summary_actor_state WHERE actor_uid = ${param(actorUid)}`,
    );
    if (state !== undefined && state !== null && Number(state) === top) return;
    const dims = Object.entries(DIMENSION_COLUMN).filter(([d]) => d !== 'actor');
    await side.transaction(async () => {
      await side.run(sql`DELETE FROM summary_actor_values WHERE actor_uid = ${param(actorUid)}`);
      const perDim = dims.map(([d]) => {
        return sql`SELECT ${param(actorUid)}::VARCHAR, ${param(d)}, value, count(*),
                count(*) FILTER (WHERE outcome = 'failure'), min(time), max(time)
                FROM (${dimensionValues(d as TopDimension, sql`f`)}) WHERE value IS NOT NULL GROUP BY value`;
      });
      await side.run(
        sql`INSERT INTO summary_actor_values
         WITH f AS MATERIALIZED (SELECT ${join(
           dims.map(([, c]) => ident(c)),
           ', ',
         )}, outcome, time FROM events
                                 WHERE actor_uid = ${param(actorUid)} AND evidence_id <= ${param(top)} AND time IS NOT NULL)
         ${join(perDim, ' UNION ALL ')}`,
      );
      await side.run(sql`INSERT OR REPLACE INTO summary_actor_state VALUES (${param(actorUid)}, ${param(top)})`);
    });
  });
}

/** Drops every summary, so the next view rebuilds them (after events were written by other means than ingest). */
export async function resetSummaries(db: Duck): Promise<void> {
  await serial(db, async (side) => {
    await side.run(sql`DELETE FROM summary_actor_hour`);
    await side.run(sql`DELETE FROM summary_actor_values`);
    await side.run(sql`DELETE FROM summary_actor_state`);
    await side.run(sql`DELETE FROM case_meta WHERE key = ${param(HOUR_KEY)}`);
  });
}
