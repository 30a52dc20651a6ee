import type { EventQuery } from '../../../shared/api';
import { TrailmarkError } from '../../../shared/errors';
import type { EventDetail, EventRow } from '../../../shared/model';
import type { Duck } from '../db/duck';
import { lit, param, sql } from '../db/sql';
import { isSet, where } from './where';
import { parseTime } from './time-text';

export { parseTime };

type Q = Required<Pick<EventQuery, 'offset' | 'limit'>> & EventQuery;

const NAMES = `event_uid, time, source, api_operation, api_service, outcome, error_code, src_ip, user_agent,
  region, account_uid, actor_uid, actor_name, resource_uid, targets, credential_uid, session_uid`;
const COLUMNS = lit(NAMES);
const E_COLUMNS = lit(
  NAMES.split(',')
    .map((c) => 'e.' + c.trim())
    .join(', '),
);

export async function listEvents(db: Duck, q: Q): Promise<{ rows: EventRow[]; total: number; offset: number }> {
  const w = where([
    isSet(q.actor_uid) && sql`actor_uid = ${param(q.actor_uid)}`,
    isSet(q.from) && sql`time >= CAST(${param(parseTime(q.from, 'from'))} AS TIMESTAMPTZ)`,
    isSet(q.to) && sql`time < CAST(${param(parseTime(q.to, 'to'))} AS TIMESTAMPTZ)`,
    isSet(q.operation) && sql`api_operation = ${param(q.operation)}`,
    isSet(q.search) && sql`contains(lower(raw), lower(${param(q.search)}))`,
  ]);
  const total = await db.scalar<number>(sql`SELECT count(*) FROM events ${w}`);
  const rows = await db.all<EventRow>(
    sql`SELECT ${COLUMNS} FROM events ${w} ORDER BY time, event_uid LIMIT ${param(q.limit)} OFFSET ${param(q.offset)}`,
  );
  return { rows, total, offset: q.offset };
}

export async function getEvent(db: Duck, eventUid: string): Promise<EventDetail> {
  const row = await db.one<EventDetail>(
    sql`SELECT ${E_COLUMNS}, e.evidence_id, e.position, f.path AS evidence_path, f.member_path, e.raw
     FROM events e JOIN evidence_files f USING (evidence_id) WHERE e.event_uid = ${param(eventUid)}`,
  );
  if (!row) throw new TrailmarkError('not_found', `no event ${eventUid} in this case`);
  return row;
}
