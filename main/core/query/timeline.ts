import type { EventFilter, StackBy, Timeline } from '../../../shared/methods/workspace';
import type { Duck } from '../db/duck';
import { EFFECTIVE_CATEGORY, eventWhere } from './event-filter';
import { parseTime } from './events';

/** What a timeline is stacked by, as SQL over `events e` (and `c`, the effective category, when joined). */
const STACK_KEY: Record<StackBy, string> = {
  operation: "coalesce(e.api_operation, '(none)')",
  service: "coalesce(e.api_service, '(none)')",
  outcome: 'e.outcome',
  source: 'e.source',
  category: "coalesce(c.category, 'unknown')",
  actor: "coalesce(e.actor_uid, '(none)')",
  none: "'events'",
};

/** Bucket widths a person reads easily; the smallest one that fits the range into the buckets asked for wins. */
const NICE_SECONDS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 2592000,
];

export function bucketSeconds(spanMs: number, buckets: number): number {
  const raw = Math.max(1, Math.ceil(spanMs / 1000 / Math.max(1, buckets)));
  return NICE_SECONDS.find((s) => s >= raw) ?? Math.ceil(raw / 86400) * 86400;
}

/**
 * Counts per bucket and series, aggregated in DuckDB to the chart's width. Buckets are aligned to whole widths
 * since the epoch (UTC), computed on epoch milliseconds so the session's time zone never shifts them.
 */
export async function eventTimeline(
  db: Duck,
  q: { filter: EventFilter; buckets: number; stack: StackBy; series: number },
): Promise<Timeline> {
  const where = eventWhere(q.filter);
  let from = q.filter.from ? Date.parse(parseTime(q.filter.from, 'from')) : null;
  let to = q.filter.to ? Date.parse(parseTime(q.filter.to, 'to')) : null;
  if (from === null || to === null) {
    // One identity and nothing else: its first/last seen are kept in identities, no need to scan its events twice.
    const { actor_uids, ...rest } = q.filter;
    const single = actor_uids?.length === 1 && Object.values(rest).every((v) => v === undefined || v === '');
    const scan = () =>
      db.one<{ lo: number | null; hi: number | null }>(
        `SELECT epoch_ms(min(e.time)) AS lo, epoch_ms(max(e.time)) + 1 AS hi FROM events e ${where}`,
        where.params,
      );
    let r = single
      ? await db.one<{ lo: number | null; hi: number | null }>(
          'SELECT epoch_ms(first_seen) AS lo, epoch_ms(last_seen) + 1 AS hi FROM identities WHERE actor_uid = ?',
          [actor_uids[0]!],
        )
      : undefined;
    if (!r || r.lo === null) r = await scan();
    from ??= r?.lo ?? null;
    to ??= r?.hi ?? null;
  }
  if (from === null || to === null || to <= from)
    return { from: null, to: null, bucket_seconds: 0, series: [], points: [], total: 0 };
  const width = bucketSeconds(to - from, q.buckets) * 1000;
  const join = q.stack === 'category' ? `LEFT JOIN (${EFFECTIVE_CATEGORY}) c ON c.actor_uid = e.actor_uid` : '';
  const rows = await db.all<{ t: number; s: string; n: number }>(
    `WITH f AS MATERIALIZED (SELECT epoch_ms(e.time) AS ms, ${STACK_KEY[q.stack]} AS k FROM events e ${join} ${where}),
     top AS (SELECT k FROM f GROUP BY k ORDER BY count(*) DESC, k LIMIT ?)
     SELECT CAST(floor(ms / ?) * ? AS BIGINT) AS t,
       CASE WHEN k IN (SELECT k FROM top) THEN k ELSE '(other)' END AS s, count(*) AS n
     FROM f GROUP BY ALL ORDER BY t`,
    [...where.params, q.series, width, width],
  );
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.s, (totals.get(r.s) ?? 0) + r.n);
  const series = [...totals.entries()]
    .sort((a, b) => (a[0] === '(other)' ? 1 : b[0] === '(other)' ? -1 : b[1] - a[1] || a[0].localeCompare(b[0])))
    .map(([s]) => s);
  const index = new Map(series.map((s, i) => [s, i]));
  return {
    from: new Date(Math.floor(from / width) * width).toISOString(),
    to: new Date(to).toISOString(),
    bucket_seconds: width / 1000,
    series,
    points: rows.map((r) => ({ t: r.t, s: index.get(r.s)!, n: r.n })),
    total: rows.reduce((a, r) => a + r.n, 0),
  };
}

/** Events by ISO weekday (1 = Monday) and hour, UTC, from epoch seconds (1970-01-01 was a Thursday). */
export async function eventHeatmap(db: Duck, filter: EventFilter): Promise<{ dow: number; hour: number; n: number }[]> {
  const where = eventWhere(filter);
  return db.all(
    `SELECT CAST((floor(epoch(e.time) / 86400) + 3) % 7 + 1 AS INTEGER) AS dow,
       CAST(floor(epoch(e.time) / 3600) % 24 AS INTEGER) AS hour, count(*) AS n
     FROM events e ${where} GROUP BY ALL ORDER BY dow, hour`,
    where.params,
  );
}
