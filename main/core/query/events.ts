import type { EventQuery } from '../../../shared/api';
import { TrailmarkError } from '../../../shared/errors';
import type { EventDetail, EventRow } from '../../../shared/model';
import type { Duck } from '../db/duck';
import { Where } from './where';

type Q = Required<Pick<EventQuery, 'offset' | 'limit'>> & EventQuery;

const COLUMNS = `event_uid, time, source, api_operation, api_service, outcome, error_code, src_ip, user_agent,
  region, account_uid, actor_uid, actor_name, resource_uid, credential_uid, session_uid`;

export function parseTime(value: string, flag: string): string {
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new TrailmarkError(
      'bad_request',
      `${flag}: "${value}" is not a date or time (use ISO 8601, e.g. 2026-10-03T14:00:00Z)`,
    );
  return new Date(t).toISOString();
}

export async function listEvents(db: Duck, q: Q): Promise<{ rows: EventRow[]; total: number; offset: number }> {
  const where = new Where()
    .when(q.actor_uid, 'actor_uid = ?')
    .when(q.from, 'time >= CAST(? AS TIMESTAMPTZ)', (v) => [parseTime(v, 'from')])
    .when(q.to, 'time < CAST(? AS TIMESTAMPTZ)', (v) => [parseTime(v, 'to')])
    .when(q.operation, 'api_operation = ?')
    .when(q.search, 'contains(lower(CAST(raw AS VARCHAR)), lower(?))');
  const total = await db.scalar<number>(`SELECT count(*) FROM events ${where}`, where.params);
  const rows = await db.all<EventRow>(
    `SELECT ${COLUMNS} FROM events ${where} ORDER BY time, event_uid LIMIT ? OFFSET ?`,
    [...where.params, q.limit, q.offset],
  );
  return { rows, total, offset: q.offset };
}

export async function getEvent(db: Duck, eventUid: string): Promise<EventDetail> {
  const row = await db.one<EventDetail>(
    `SELECT ${COLUMNS.split(',')
      .map((c) => 'e.' + c.trim())
      .join(', ')}, e.evidence_id, e.position,
       f.path AS evidence_path, f.member_path, CAST(e.raw AS VARCHAR) AS raw
     FROM events e JOIN evidence_files f USING (evidence_id) WHERE e.event_uid = ?`,
    [eventUid],
  );
  if (!row) throw new TrailmarkError('not_found', `no event ${eventUid} in this case`);
  return row;
}
