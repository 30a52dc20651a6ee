import type { EventCursor, EventFilter } from '../../../shared/methods/workspace';
import type { EventRow } from '../../../shared/model';
import type { Duck } from '../db/duck';
import { TrailmarkError } from '../../../shared/errors';
import { eventWhere } from './event-filter';
import { parseTime } from './time-text';
import { eventsSource } from './text-scope';
import type { Where } from './where';

const COLUMNS = [
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
  .join(', ');

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
  const dir = q.order === 'asc' ? 'ASC' : 'DESC';
  const cmp = q.order === 'asc' ? '>' : '<';
  const after = q.after ? { time: cursorTime(q.after.time), event_uid: q.after.event_uid } : null;
  const keyset = (where: Where) =>
    after
      ? where.add(
          `(e.time ${cmp} CAST(? AS TIMESTAMPTZ) OR (e.time = CAST(? AS TIMESTAMPTZ) AND e.event_uid ${cmp} ?))`,
          after.time,
          after.time,
          after.event_uid,
        )
      : where;
  const source = await eventsSource(db, q.filter);
  const read = (where: Where, limit: number, offset: number) =>
    db.all<EventRow>(
      `SELECT ${COLUMNS} FROM ${source} e ${where} ORDER BY e.time ${dir}, e.event_uid ${dir} LIMIT ? OFFSET ?`,
      [...where.params, limit, offset],
    );
  // Free text reads every raw record to count; the page alone is quick (DuckDB's top-N skips row groups that
  // can no longer make the page), so the workspace asks for the count separately (countEvents).
  const total = q.count ? await countWhere(db, source, eventWhere(q.filter)) : null;
  const rows = await read(keyset(eventWhere(q.filter)), q.limit, q.after ? 0 : q.offset);
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

const countWhere = (db: Duck, source: string, where: Where) =>
  db.scalar<number>(`SELECT count(*) FROM ${source} e ${where}`, where.params).then(Number);
