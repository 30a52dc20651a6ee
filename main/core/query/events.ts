import { TrailmarkError } from '../../../shared/errors';
import type { EventDetail } from '../../../shared/model';
import type { Duck } from '../db/duck';
import { param, sql } from '../db/sql';
import { EVENT_COLUMNS, withErrorMessages } from './event-page';
import { parseTime } from './time-text';

export { parseTime };

export async function getEvent(db: Duck, eventUid: string): Promise<EventDetail> {
  const row = await db.one<EventDetail>(
    sql`SELECT ${EVENT_COLUMNS}, e.evidence_id, e.position, f.path AS evidence_path, f.member_path, e.raw
     FROM events e JOIN evidence_files f USING (evidence_id) WHERE e.event_uid = ${param(eventUid)}`,
  );
  if (!row) throw new TrailmarkError('not_found', `no event ${eventUid} in this case`);
  return (await withErrorMessages(db, [row]))[0]!;
}
