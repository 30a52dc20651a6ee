import { TrailmarkError } from '../../../shared/errors';
import type { EventDetail } from '../../../shared/model';
import type { Duck } from '../db/duck';
import { lit, param, sql } from '../db/sql';
import { parseTime } from './time-text';

export { parseTime };

const NAMES = `event_uid, time, source, api_operation, api_service, outcome, error_code, src_ip, user_agent,
  region, account_uid, actor_uid, actor_name, resource_uid, targets, credential_uid, session_uid`;
const E_COLUMNS = lit(
  NAMES.split(',')
    .map((c) => 'e.' + c.trim())
    .join(', '),
);

export async function getEvent(db: Duck, eventUid: string): Promise<EventDetail> {
  const row = await db.one<EventDetail>(
    sql`SELECT ${E_COLUMNS}, e.evidence_id, e.position, f.path AS evidence_path, f.member_path, e.raw
     FROM events e JOIN evidence_files f USING (evidence_id) WHERE e.event_uid = ${param(eventUid)}`,
  );
  if (!row) throw new TrailmarkError('not_found', `no event ${eventUid} in this case`);
  return row;
}
