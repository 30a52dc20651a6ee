import type { Duck } from '../../db/duck';
import { sql } from '../../db/sql';
import { replaceEventsQueryView } from './events-query-view';

/**
 * `events.error_message`: a failed call's own words, written at ingest by each format's rule
 * (TargetsRule.errorMessage), so that a page of failed calls reads a column instead of decompressing and parsing
 * each record's raw JSON (200 failed calls across a month of a 10M-event case: about 50 ms). A case that already
 * holds failed calls is marked ('error_message.fill' in case_meta) and ingest/error-messages-fill.ts fills them from
 * the stored records in its upgrade job; until then pages read them from the records as before. The q.events view
 * gains the column.
 */
export async function run(db: Duck): Promise<void> {
  await db.run(sql`ALTER TABLE events ADD COLUMN error_message VARCHAR`);
  await db.run(
    sql`INSERT OR REPLACE INTO case_meta SELECT 'error_message.fill', 'pending'
        WHERE EXISTS (SELECT 1 FROM events WHERE outcome = 'failure')`,
  );
  await replaceEventsQueryView(
    db,
    [
      ...['event_uid', 'time', 'source', 'evidence_id', 'position', 'api_operation', 'api_service', 'resource_uid'],
      ...['resource_type', 'targets', 'outcome', 'error_code', 'error_message', 'src_ip', 'user_agent', 'region'],
      ...['account_uid', 'actor_uid', 'actor_name', 'actor_type', 'interactive', 'credential_uid', 'session_uid'],
      ...['principal_id', 'shared_event_id', 'raw'],
    ],
    {
      column: 'error_message',
      comment:
        "What a failed call's record says went wrong, in the vendor's words (CloudTrail errorMessage, a Kubernetes responseStatus.message...); NULL for calls that did not fail.",
    },
  );
}
