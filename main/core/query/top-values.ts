import type { EventFilter, TopDimension, TopValue } from '../../../shared/methods/workspace';
import type { Duck } from '../db/duck';
import { ident, list, lit, param, sql, type Sql } from '../db/sql';
import { eventWhereOver, soleActor, type Over } from './event-filter';
import { DIMENSION_COLUMN, dimensionValues, ensureActorValues } from './summaries';
import { eventsSource } from './text-scope';

/** Most frequent first, or (rare) least frequent first: the one-off IP or user agent is often the attack. */
const ORDER = { top: lit('n DESC, value'), rare: lit('n ASC, first_seen DESC, value') } as const;

/** The most (or least) frequent values of each dimension under the filter, with failures and first/last seen. */
export async function topValues(
  db: Duck,
  q: { filter: EventFilter; dimensions: TopDimension[]; limit: number; order?: 'top' | 'rare' },
): Promise<Record<string, TopValue[]>> {
  const dims = [...new Set(q.dimensions)];
  const order = ORDER[q.order ?? 'top'];
  const actor = soleActor(q.filter);
  if (actor && !dims.includes('actor')) return fromSummary(db, actor, dims, q.limit, order);
  const out: Record<string, TopValue[]> = {};
  const source = await eventsSource(db, q.filter);
  for (const dim of dims) out[dim] = await db.all<TopValue>(topValuesSql(q.filter, dim, q.limit, q.order, source));
  return out;
}

/**
 * One dimension's top (or rare) values read from the events: over the console's views it is the panel's Show SQL
 * (an identity's panel reads the same counts from its summary).
 */
export function topValuesSql(
  filter: EventFilter,
  dim: TopDimension,
  limit: number,
  order: 'top' | 'rare' | undefined,
  table: Sql,
  over: Over = 'case',
): Sql {
  const col = sql`e.${ident(DIMENSION_COLUMN[dim])}`;
  // A list dimension (targets) counts each of its values (dimensionValues unnests it).
  return sql`SELECT value, count(*) AS n, count(*) FILTER (WHERE outcome = 'failure') AS failures,
       min(time) AS first_seen, max(time) AS last_seen
     FROM (${dimensionValues(dim, table, eventWhereOver(over, filter, sql`${col} IS NOT NULL`))})
     WHERE value IS NOT NULL GROUP BY 1 ORDER BY ${ORDER[order ?? 'top']}
     LIMIT ${param(limit)}`;
}

/** One identity's top values, read from its summary (built in one pass over its events the first time). */
async function fromSummary(
  db: Duck,
  actor: string,
  dims: TopDimension[],
  limit: number,
  order: (typeof ORDER)[keyof typeof ORDER],
) {
  await ensureActorValues(db, actor);
  const rows = await db.all<TopValue & { dim: string }>(
    sql`SELECT dim, value, n, failures, first_seen, last_seen FROM summary_actor_values
     WHERE actor_uid = ${param(actor)} AND dim IN ${list(dims)}
     QUALIFY row_number() OVER (PARTITION BY dim ORDER BY ${order}) <= ${param(limit)}
     ORDER BY dim, ${order}`,
  );
  const out: Record<string, TopValue[]> = Object.fromEntries(dims.map((d) => [d, []]));
  for (const { dim, ...v } of rows) out[dim]!.push(v);
  return out;
}
