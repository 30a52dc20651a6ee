import type { EventFilter, StackBy, Timeline } from '../../../shared/methods/workspace';
import type { Duck } from '../db/duck';
import { lit, param, sql, type Sql } from '../db/sql';
import { actorsFindingEventUids, categoryOf, eventWhere, eventWhereOver, soleActor, type Over } from './event-filter';
import { parseTime } from './events';
import { ensureActorHours, HOUR_MS, summaryWhere } from './summaries';
import { eventsSource } from './text-scope';

/** What a timeline is stacked by, as SQL over `events e` (and `c`, the effective category, when joined). */
const STACK_KEY: Record<StackBy, Sql> = {
  operation: lit("coalesce(e.api_operation, '(none)')"),
  service: lit("coalesce(e.api_service, '(none)')"),
  outcome: lit('e.outcome'),
  source: lit('e.source'),
  category: lit("coalesce(c.category, 'unknown')"),
  actor: lit("coalesce(e.actor_uid, '(none)')"),
  none: lit("'events'"),
};

/** Bucket widths a person reads easily; the smallest one that fits the range into the buckets asked for wins. */
const NICE_SECONDS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 2592000,
];

export function bucketSeconds(spanMs: number, buckets: number): number {
  const raw = Math.max(1, Math.ceil(spanMs / 1000 / Math.max(1, buckets)));
  return NICE_SECONDS.find((s) => s >= raw) ?? Math.ceil(raw / 86400) * 86400;
}

/** Above this many events in range, a chart asked for buckets under an hour gets hourly ones from the summary. */
const SUMMARY_ABOVE = 1_000_000;
const SUMMARY_STACKS = new Set<StackBy>(['none', 'category', 'source', 'actor']);
const SUMMARY_FILTERS = new Set(['actor_uids', 'category', 'source', 'from', 'to']);

type Range = { from: number; to: number };

/**
 * `order: 'top'` names the busiest series, `'rare'` the least frequent ones (rare first: the attack is rarely the
 * bulk). Either way, on an identity's timeline a value cited by a finding, or first used by the identity inside a
 * zoomed window, is never folded into "(other)".
 */
export type TimelineQuery = {
  filter: EventFilter;
  buckets: number;
  stack: StackBy;
  series: number;
  order?: 'top' | 'rare';
};

/** At most this many values kept out of "(other)" beyond the series asked for, the rarest first. */
const KEPT_MAX = 12;

/**
 * Counts per bucket and series, aggregated in DuckDB to the chart's width. Buckets are aligned to whole widths
 * since the epoch (UTC), computed on epoch milliseconds so the session's time zone never shifts them. Charts of
 * identities and sources over whole hours read the per-hour summary instead of every event.
 */
export async function eventTimeline(db: Duck, q: TimelineQuery): Promise<Timeline> {
  const hourly = summaryFits(q.filter, q.stack);
  if (hourly) await ensureActorHours(db);
  const range = await timeRange(db, q.filter, hourly);
  if (!range) return { from: null, to: null, bucket_seconds: 0, series: [], points: [], total: 0 };
  let width = bucketSeconds(range.to - range.from, q.buckets) * 1000;
  let useSummary = hourly && width % HOUR_MS === 0;
  if (hourly && !useSummary && (await summaryCount(db, q.filter, range)) > SUMMARY_ABOVE) {
    width = HOUR_MS;
    useSummary = true;
  }
  const rows = useSummary ? await summaryRows(db, q, range, width) : await eventRows(db, q, width);
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.s, (totals.get(r.s) ?? 0) + r.n);
  const series = [...totals.entries()]
    .sort((a, b) => (a[0] === '(other)' ? 1 : b[0] === '(other)' ? -1 : b[1] - a[1] || a[0].localeCompare(b[0])))
    .map(([s]) => s);
  const index = new Map(series.map((s, i) => [s, i]));
  return {
    from: new Date(Math.floor(range.from / width) * width).toISOString(),
    to: new Date(range.to).toISOString(),
    bucket_seconds: width / 1000,
    series,
    points: rows.map((r) => ({ t: r.t, s: index.get(r.s)!, n: r.n })),
    total: rows.reduce((a, r) => a + r.n, 0),
  };
}

/** Whether the per-hour summary can answer: whole hours, and only what it keeps (identity, source). */
function summaryFits(f: EventFilter, stack: StackBy): boolean {
  const used = Object.entries(f).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && !v.length));
  const whole = (t: string | undefined) => !t || Date.parse(parseTime(t, 'from')) % HOUR_MS === 0;
  return SUMMARY_STACKS.has(stack) && used.every(([k]) => SUMMARY_FILTERS.has(k)) && whole(f.from) && whole(f.to);
}

/** The filter's time range: as given, else the first and last event under it. */
async function timeRange(db: Duck, f: EventFilter, hourly: boolean): Promise<Range | null> {
  const from = f.from ? Date.parse(parseTime(f.from, 'from')) : null;
  const to = f.to ? Date.parse(parseTime(f.to, 'to')) : null;
  if (from !== null && to !== null) return to > from ? { from, to } : null;
  const actor = soleActor(f);
  let r = actor
    ? await db.one<{ lo: number | null; hi: number | null }>(
        sql`SELECT epoch_ms(first_seen) AS lo, epoch_ms(last_seen) + 1 AS hi FROM identities
            WHERE actor_uid = ${param(actor)}`,
      )
    : undefined;
  if ((!r || r.lo === null) && hourly) {
    // The summary gives the first and last hour; the exact first and last event are read within them only.
    const h = await db.one<{ lo: number | null; hi: number | null }>(
      sql`SELECT min(e.hour) AS lo, max(e.hour) AS hi FROM summary_actor_hour e ${summaryWhere(f, null)}`,
    );
    if (h?.lo !== null && h?.lo !== undefined && h.hi !== null) {
      const edge = (agg: 'min' | 'max', hour: number) =>
        db.scalar<number | null>(
          sql`SELECT epoch_ms(${lit(agg)}(e.time)) FROM events e ${eventWhere(
            f,
            sql`e.time >= to_timestamp(CAST(${param(hour * HOUR_MS)} AS DOUBLE) / 1000)`,
            sql`e.time < to_timestamp(CAST(${param((hour + 1) * HOUR_MS)} AS DOUBLE) / 1000)`,
          )}`,
        );
      r = { lo: await edge('min', h.lo), hi: ((await edge('max', h.hi)) ?? h.hi * HOUR_MS) + 1 };
    }
  }
  if (!r || r.lo === null)
    r = await db.one<{ lo: number | null; hi: number | null }>(
      sql`SELECT epoch_ms(min(e.time)) AS lo, epoch_ms(max(e.time)) + 1 AS hi
          FROM ${await eventsSource(db, f)} e ${eventWhere(f)}`,
    );
  const lo = from ?? r?.lo ?? null;
  const hi = to ?? r?.hi ?? null;
  return lo !== null && hi !== null && hi > lo ? { from: lo, to: hi } : null;
}

async function summaryCount(db: Duck, f: EventFilter, range: Range): Promise<number> {
  return Number(await db.scalar(sql`SELECT coalesce(sum(e.n), 0) FROM summary_actor_hour e ${summaryWhere(f, range)}`));
}

type Row = { t: number; s: string; n: number };

/** Counts per bucket and key, then the top keys of those: one pass over the rows, whatever they are. */
const stackedSql = (
  q: { stack: StackBy; series: number; order?: 'top' | 'rare' },
  width: number,
  from: { table: Sql; bucket: Sql; count: Sql; where: Sql; keep?: Sql | null },
  over: Over = 'case',
) => {
  const join = q.stack === 'category' ? sql`LEFT JOIN (${categoryOf(over)}) c ON c.actor_uid = e.actor_uid` : lit('');
  const order = q.order === 'rare' ? lit('sum(n) ASC, k') : lit('sum(n) DESC, k');
  const kept = from.keep
    ? sql`UNION (SELECT k FROM g WHERE k IN (${from.keep}) GROUP BY k ORDER BY sum(n), k LIMIT ${param(KEPT_MAX)})`
    : lit('');
  return sql`WITH g AS (SELECT ${from.bucket} AS b, ${STACK_KEY[q.stack]} AS k, ${from.count} AS n
                      FROM ${from.table} e ${join} ${from.where} GROUP BY ALL),
     top AS ((SELECT k FROM g GROUP BY k ORDER BY ${order} LIMIT ${param(q.series)}) ${kept})
     SELECT CAST(b * ${param(width)} AS BIGINT) AS t, CASE WHEN k IN (SELECT k FROM top) THEN k ELSE '(other)' END AS s,
       CAST(sum(n) AS BIGINT) AS n
     FROM g GROUP BY ALL ORDER BY t`;
};

async function eventRows(db: Duck, q: TimelineQuery, width: number) {
  return db.all<Row>(timelineEventsSql(q, width, await eventsSource(db, q.filter)));
}

/**
 * The timeline read from every event (not the per-hour summary, which gives the same counts): `t` the bucket's
 * start in epoch milliseconds, `s` the series, `n` the events. Over the console's views it is the timeline's
 * Show SQL, for the bucket width the chart was drawn with.
 */
export function timelineEventsSql(q: TimelineQuery, width: number, table: Sql, over: Over = 'case'): Sql {
  return stackedSql(
    q,
    width,
    {
      table,
      bucket: sql`CAST(floor(epoch_ms(e.time) / ${param(width)}) AS BIGINT)`,
      count: lit('count(*)'),
      where: eventWhereOver(over, q.filter),
      keep: keptKeys(q, table, over),
    },
    over,
  );
}

/** Stacks by what an identity did, where one rare value is the story; by who or where, the top ones say enough. */
const KEEPS_RARE = new Set<StackBy>(['operation', 'service']);

/**
 * On an identity's timeline, the values never folded into "(other)": those of events a finding cites, and, in a
 * zoomed window, those the identity first used inside it. Null on case-wide charts (the top series suffice there,
 * and the findings of every identity would swamp them).
 */
function keptKeys(q: TimelineQuery, table: Sql, over: Over): Sql | null {
  const actors = q.filter.actor_uids ?? [];
  if (!actors.length || !KEEPS_RARE.has(q.stack)) return null;
  const key = STACK_KEY[q.stack];
  const cited = sql`SELECT ${key} AS k FROM ${table} e ${eventWhereOver(
    over,
    q.filter,
    sql`e.event_uid IN (${actorsFindingEventUids(over, actors)})`,
  )}`;
  if (!q.filter.from) return cited;
  const allTime = { ...q.filter, from: undefined, to: undefined };
  const firstSeen = sql`SELECT ${key} AS k FROM ${table} e ${eventWhereOver(over, allTime)} GROUP BY ALL
    HAVING min(e.time) >= CAST(${param(parseTime(q.filter.from, 'from'))} AS TIMESTAMPTZ)`;
  return sql`${cited} UNION ${firstSeen}`;
}

function summaryRows(db: Duck, q: TimelineQuery, range: Range, width: number) {
  return db.all<Row>(
    stackedSql(q, width, {
      table: lit('summary_actor_hour'),
      bucket: sql`CAST(e.hour // ${param(width / HOUR_MS)} AS BIGINT)`,
      count: lit('sum(e.n)'),
      where: summaryWhere(q.filter, range),
    }),
  );
}

/** Events by ISO weekday (1 = Monday) and hour, UTC, from epoch seconds (1970-01-01 was a Thursday). */
export async function eventHeatmap(db: Duck, filter: EventFilter): Promise<{ dow: number; hour: number; n: number }[]> {
  return db.all(
    sql`SELECT CAST((floor(epoch(e.time) / 86400) + 3) % 7 + 1 AS INTEGER) AS dow,
       CAST(floor(epoch(e.time) / 3600) % 24 AS INTEGER) AS hour, count(*) AS n
     FROM ${await eventsSource(db, filter)} e ${eventWhere(filter)} GROUP BY ALL ORDER BY dow, hour`,
  );
}
