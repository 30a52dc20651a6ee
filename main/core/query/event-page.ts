import type { EventCursor, EventFilter } from '../../../shared/methods/workspace';
import type { EventRow } from '../../../shared/model';
import type { Duck } from '../db/duck';
import { eventWhere } from './event-filter';

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
  const where = eventWhere(q.filter);
  const dir = q.order === 'asc' ? 'ASC' : 'DESC';
  if (q.count && !q.after && q.filter.text?.trim()) {
    // Free text scans every raw record: count and page in one pass (a window count) instead of two.
    const rows = await db.all<EventRow & { total_: number }>(
      `SELECT ${COLUMNS}, count(*) OVER () AS total_ FROM events e ${where}
       ORDER BY e.time ${dir}, e.event_uid ${dir} LIMIT ? OFFSET ?`,
      [...where.params, q.limit, q.offset],
    );
    const total = rows[0]?.total_ ?? (await db.scalar<number>(`SELECT count(*) FROM events e ${where}`, where.params));
    return { rows: rows.map(({ total_: _t, ...r }) => r), total, offset: q.offset };
  }
  const total = q.count ? await db.scalar<number>(`SELECT count(*) FROM events e ${where}`, where.params) : null;
  const cmp = q.order === 'asc' ? '>' : '<';
  if (q.after)
    where.add(
      `(e.time ${cmp} CAST(? AS TIMESTAMPTZ) OR (e.time = CAST(? AS TIMESTAMPTZ) AND e.event_uid ${cmp} ?))`,
      q.after.time,
      q.after.time,
      q.after.event_uid,
    );
  const rows = await db.all<EventRow>(
    `SELECT ${COLUMNS} FROM events e ${where} ORDER BY e.time ${dir}, e.event_uid ${dir} LIMIT ? OFFSET ?`,
    [...where.params, q.limit, q.after ? 0 : q.offset],
  );
  return { rows, total, offset: q.offset };
}
