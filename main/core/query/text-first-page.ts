import type { EventFilter } from '../../../shared/methods/workspace';
import type { EventRow } from '../../../shared/model';
import type { Duck } from '../db/duck';
import { and, lit, not, param, sql, type Sql } from '../db/sql';
import { eventWhere } from './event-filter';
import { blockRanges, blockRows, type TextBlocks } from './text-scope';

/** How many of a frequent word's blocks the first page is looked for in: about 65,000 rows at the index's 2^14. */
const PROBE_BLOCKS = 4;

/** What the probe of a frequent word's first page gives the page query. */
export type FirstPage =
  /** The first page itself: no row outside the probed blocks could belong on it. */
  | { rows: EventRow[] }
  /** A bound on time the first page lies within, for the page query to add. */
  | { bound: Sql };

/**
 * The first page of a frequent word in time order, or a bound on time it lies within, or null. A frequent word is
 * in nearly every block, so the index cannot narrow the scan; but the page found in a few of its blocks (the first
 * ones for oldest first, the last for newest first: the loader writes rows roughly in time order) ends at some time,
 * and every row of the true first page is at least as early (or late). When no row outside those blocks is at or
 * beyond that time (read from the times alone, which the zone maps narrow to a few row groups), the probe's page is
 * the first page; otherwise that time bounds the page query, whose zone maps then skip every row group outside it.
 * Exact whatever the order rows are stored in: rows out of order only cost the bounded scan.
 */
export async function textFirstPage(
  db: Duck,
  scope: TextBlocks | null,
  page: { filter: EventFilter; order: 'asc' | 'desc'; limit: number; columns: Sql; orderBy: Sql },
): Promise<FirstPage | null> {
  if (!scope?.frequent) return null;
  const probe = page.order === 'asc' ? scope.blocks.slice(0, PROBE_BLOCKS) : scope.blocks.slice(-PROBE_BLOCKS);
  // The time as text beside each row: a JavaScript Date would drop its microseconds, and the bound must keep the
  // row it came from.
  const rows = await db.all<EventRow & { exact_time: string }>(
    sql`SELECT ${page.columns}, CAST(e.time AS VARCHAR) AS exact_time FROM ${blockRows(scope, probe, false)} e
        ${eventWhere(page.filter)} ${page.orderBy} LIMIT ${param(page.limit)}`,
  );
  const last = rows.length === page.limit ? rows[rows.length - 1]!.exact_time : null;
  if (last === null) return null;
  const beyond = (time: Sql) =>
    page.order === 'asc'
      ? sql`${time} <= CAST(${param(last)} AS TIMESTAMPTZ)`
      : sql`${time} >= CAST(${param(last)} AS TIMESTAMPTZ)`;
  const probed = blockRanges(scope, probe).map(([from, to]) => sql`(rowid >= ${param(from)} AND rowid < ${param(to)})`);
  const outside = await db.scalar<number | null>(
    sql`SELECT 1 FROM events WHERE ${and([beyond(lit('time')), ...probed.map(not)])} LIMIT 1`,
  );
  if (outside === null || outside === undefined)
    return { rows: rows.map(({ exact_time: _, ...row }) => row as EventRow) };
  return { bound: beyond(lit('e.time')) };
}
