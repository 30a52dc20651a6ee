import { TrailmarkError } from '../../../shared/errors';
import type { EventDetail } from '../../../shared/model';
import type { Duck } from '../db/duck';
import { lit, param, sql, type Sql } from '../db/sql';
import { EVENT_COLUMNS, withErrorMessages } from './event-page';
import { parseTime } from './time-text';

export { parseTime };

export async function getEvent(db: Duck, eventUid: string, time?: string): Promise<EventDetail> {
  const read = (near: Sql) =>
    db.one<EventDetail>(
      sql`SELECT ${EVENT_COLUMNS}, e.evidence_id, e.position, f.path AS evidence_path, f.member_path, e.raw
       FROM events e JOIN evidence_files f USING (evidence_id) WHERE e.event_uid = ${param(eventUid)} AND ${near}`,
    );
  // Ids are not ordered, so an id alone reads every event's id (10M events: about 120 ms); the second it happened in
  // lets the zone maps skip the rest (5 ms). A time that does not hold the event is only a slower read.
  const at = time === undefined ? null : param(parseTime(time, 'time'));
  const row =
    (at &&
      (await read(sql`e.time BETWEEN CAST(${at} AS TIMESTAMPTZ) - INTERVAL 1 SECOND
        AND CAST(${at} AS TIMESTAMPTZ) + INTERVAL 1 SECOND`))) ||
    (await read(lit('true')));
  if (!row) throw new TrailmarkError('not_found', `no event ${eventUid} in this case`);
  return (await withErrorMessages(db, [row]))[0]!;
}
