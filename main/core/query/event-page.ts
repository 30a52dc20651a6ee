import type { EventCursor, EventFilter } from '../../../shared/methods/workspace';
import type { EventRow } from '../../../shared/model';
import type { Duck } from '../db/duck';
import { lit, param, sql, type Sql } from '../db/sql';
import { TrailmarkError } from '../../../shared/errors';
import { eventWhere } from './event-filter';
import { parseTime } from './time-text';
import { eventsSource } from './text-scope';

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
    'src_ip',
    'user_agent',
    'region',
    'account_uid',
    'actor_uid',
    'actor_name',
    'resource_uid',
    'credential_uid',
    'session_uid',
  ]
    .map((c) => `e.${c}`)
    .join(', '),
);

export interface EventPageQuery {
  filter: EventFilter;
  order: 'asc' | 'desc';
  after?: EventCursor | undefined;
  offset: number;
  limit: number;
  count: boolean;
}

/**
 * A page of events in (time, event_uid) order. With `after` (the last row of the previous page) the page is read
 * by keyset, so a deep page costs what the first one does; without it OFFSET is used (a jump into the middle).
 */
export async function queryEvents(
  db: Duck,
  q: EventPageQuery,
): Promise<{ rows: EventRow[]; total: number | null; offset: number }> {
  const dir = lit(q.order === 'asc' ? 'ASC' : 'DESC');
  const cmp = lit(q.order === 'asc' ? '>' : '<');
  const afterTime = q.after ? cursorTime(q.after.time) : null;
  const after = q.after
    ? sql`(e.time ${cmp} CAST(${param(afterTime)} AS TIMESTAMPTZ)
           OR (e.time = CAST(${param(afterTime)} AS TIMESTAMPTZ) AND e.event_uid ${cmp} ${param(q.after.event_uid)}))`
    : null;
  const source = await eventsSource(db, q.filter);
  // Free text reads every raw record to count; the page alone is quick (DuckDB's top-N skips row groups that
  // can no longer make the page), so the workspace asks for the count separately (countEvents).
  const total = q.count ? await countWhere(db, source, eventWhere(q.filter)) : null;
  const rows = await db.all<EventRow>(
    sql`SELECT ${EVENT_COLUMNS} FROM ${source} e ${eventWhere(q.filter, after)}
        ORDER BY e.time ${dir}, e.event_uid ${dir} LIMIT ${param(q.limit)} OFFSET ${param(q.after ? 0 : q.offset)}`,
  );
  return { rows, total, offset: q.offset };
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
