import type { EventCursor, EventFilter, EventSortColumn } from '../../../shared/methods/workspace';
import type { EventRow } from '../../../shared/model';
import type { Duck } from '../db/duck';
import { ident, lit, param, sql, type Sql } from '../db/sql';
import { TrailmarkError } from '../../../shared/errors';
import { errorMessagesFillPending } from '../ingest/error-messages-fill';
import { errorMessagesFromRecords } from './error-messages';
import { eventWhere } from './event-filter';
import { parseTime } from './time-text';
import { isWholeCase, rankedPage } from './sort-ranks';
import { textFirstPage } from './text-first-page';
import { scopeSource, textBlocks } from './text-scope';

/** The columns of an events page, all of which q.events has under the same names. */
export const EVENT_COLUMNS = lit(
  [
    'event_uid',
    'time',
    'source',
    'api_operation',
    'api_service',
    'outcome',
    'error_code',
    'error_message',
    'src_ip',
    'user_agent',
    'region',
    'account_uid',
    'actor_uid',
    'actor_name',
    'resource_uid',
    'targets',
    'credential_uid',
    'session_uid',
  ]
    .map((c) => `e.${c}`)
    .join(', '),
);

/** The events column behind each sortable table column. */
const SORT_COLUMN: Record<Exclude<EventSortColumn, 'time'>, string> = {
  identity: 'actor_name',
  operation: 'api_operation',
  service: 'api_service',
  target: 'targets',
  outcome: 'outcome',
  src_ip: 'src_ip',
  region: 'region',
  user_agent: 'user_agent',
  account: 'account_uid',
  resource: 'resource_uid',
  credential: 'credential_uid',
  session: 'session_uid',
  source: 'source',
};

export interface EventPageQuery {
  filter: EventFilter;
  /** Time (the default) or another column, then time; missing values sort last either way. */
  sort?: EventSortColumn | undefined;
  order: 'asc' | 'desc';
  after?: EventCursor | undefined;
  offset: number;
  limit: number;
  count: boolean;
}

/**
 * A page of events in (time, event_uid) order, or (column, time, event_uid). In time order with `after` (the last
 * row of the previous page) the page is read by keyset, so a deep page costs what the first one does; otherwise
 * OFFSET is used (a jump into the middle, or another column's order, whose values repeat).
 */
export async function queryEvents(
  db: Duck,
  q: EventPageQuery,
): Promise<{ rows: EventRow[]; total: number | null; offset: number }> {
  const cmp = lit(q.order === 'asc' ? '>' : '<');
  // Keyset paging holds only in time order: another column's values repeat.
  const keyset = !q.sort || q.sort === 'time' ? q.after : undefined;
  const afterTime = keyset ? await exactCursorTime(db, keyset) : null;
  const after = keyset
    ? sql`(e.time ${cmp} CAST(${param(afterTime)} AS TIMESTAMPTZ)
           OR (e.time = CAST(${param(afterTime)} AS TIMESTAMPTZ) AND e.event_uid ${cmp} ${param(keyset.event_uid)}))`
    : null;
  const scope = await textBlocks(db, q.filter);
  const source = scopeSource(scope);
  // Free text reads every raw record to count; the page alone is quick (DuckDB's top-N skips row groups that
  // can no longer make the page), so the workspace asks for the count separately (countEvents).
  const total = q.count ? await countWhere(db, source, eventWhere(q.filter)) : null;
  // The whole case in another column's order, or a jump into it in time order (scrolling on goes by keyset): the
  // page's rows by their ranks, when those are built.
  const column = q.sort && q.sort !== 'time' ? SORT_COLUMN[q.sort] : !keyset && q.offset > 0 ? 'time' : null;
  const ranked = column && isWholeCase(q.filter) ? await rankedPage(db, column, q.order, q.offset, q.limit) : null;
  // The first page of a frequent word in time order: found in a few blocks, else read within the time it gave.
  const orderBy = eventOrderBy(q.sort, q.order);
  const first =
    !ranked && (!q.sort || q.sort === 'time') && !keyset && q.offset === 0
      ? await textFirstPage(db, scope, { ...q, columns: EVENT_COLUMNS, orderBy })
      : null;
  if (first && 'rows' in first) return { rows: await withErrorMessages(db, first.rows), total, offset: q.offset };
  const bound = first?.bound ?? null;
  const rows = await db.all<EventRow>(
    ranked
      ? sql`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.rowid IN (${ranked}) ${orderBy}`
      : sql`SELECT ${EVENT_COLUMNS} FROM ${source} e ${eventWhere(q.filter, after, bound)}
        ${orderBy} LIMIT ${param(q.limit)} OFFSET ${param(keyset ? 0 : q.offset)}`,
  );
  return { rows: await withErrorMessages(db, rows), total, offset: q.offset };
}

/**
 * The page's failed calls with what their records say went wrong: the column, or while a case made before it is
 * still being upgraded, the records of the page's failed calls that do not have it yet.
 */
export async function withErrorMessages<T extends EventRow>(db: Duck, rows: T[]): Promise<T[]> {
  const missing = rows.filter((r) => r.outcome === 'failure' && r.error_message == null);
  if (missing.length === 0 || !(await errorMessagesFillPending(db))) return rows;
  const messages = await errorMessagesFromRecords(db, missing);
  return rows.map((r) => (messages.has(r.event_uid) ? { ...r, error_message: messages.get(r.event_uid)! } : r));
}

/** The events table's ORDER BY (as `e`): a column then time, or time alone; missing values last either way. */
export function eventOrderBy(sort: EventSortColumn | undefined, order: 'asc' | 'desc'): Sql {
  const dir = lit(order === 'asc' ? 'ASC' : 'DESC');
  const first = sort && sort !== 'time' ? sql`e.${ident(SORT_COLUMN[sort])} ${dir} NULLS LAST, ` : sql``;
  return sql`ORDER BY ${first}e.time ${dir}, e.event_uid ${dir}`;
}

/**
 * The stored time of the cursor's row. The API gives times to the millisecond, while a record may hold microseconds
 * (Kubernetes audit logs do): a cursor at the millisecond would put its own row, and the rows after it within that
 * millisecond, on the wrong side of it, and the next page would repeat or skip them. Found by id within the
 * millisecond each way (the zone maps read only that time); a row no longer there keeps the cursor's own time.
 */
async function exactCursorTime(db: Duck, cursor: EventCursor): Promise<string> {
  const time = cursorTime(cursor.time);
  const stored = await db.scalar<string | null>(
    sql`SELECT CAST(time AS VARCHAR) FROM events
        WHERE time BETWEEN CAST(${param(time)} AS TIMESTAMPTZ) - INTERVAL 1 MILLISECOND
          AND CAST(${param(time)} AS TIMESTAMPTZ) + INTERVAL 1 MILLISECOND
          AND event_uid = ${param(cursor.event_uid)}
        LIMIT 1`,
  );
  return stored ?? time;
}

/** A cursor's time is the last row's time as this API returned it; anything else is the caller's mistake. */
function cursorTime(time: string): string {
  try {
    return parseTime(time, 'after.time');
  } catch {
    throw new TrailmarkError(
      'bad_request',
      `after: "${time.slice(0, 100)}" is not a page cursor (the time of the previous page's last row, ISO 8601)`,
    );
  }
}

const countWhere = (db: Duck, source: Sql, where: Sql) =>
  db.scalar<number>(sql`SELECT count(*) FROM ${source} e ${where}`).then(Number);
