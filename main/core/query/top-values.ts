import type { EventFilter, TopDimension, TopValue } from '../../../shared/methods/workspace';
import type { Duck } from '../db/duck';
import { eventWhere } from './event-filter';

const COLUMN: Record<TopDimension, string> = {
  operation: 'e.api_operation',
  service: 'e.api_service',
  resource: 'e.resource_uid',
  src_ip: 'e.src_ip',
  user_agent: 'e.user_agent',
  region: 'e.region',
  credential: 'e.credential_uid',
  session: 'e.session_uid',
  actor: 'e.actor_uid',
};

/** The most frequent values of each dimension under the filter, with failures and first/last seen. */
export async function topValues(
  db: Duck,
  q: { filter: EventFilter; dimensions: TopDimension[]; limit: number },
): Promise<Record<string, TopValue[]>> {
  const out: Record<string, TopValue[]> = {};
  for (const dim of new Set(q.dimensions)) {
    const where = eventWhere(q.filter).add(`${COLUMN[dim]} IS NOT NULL`);
    out[dim] = await db.all<TopValue>(
      `SELECT ${COLUMN[dim]} AS value, count(*) AS n, count(*) FILTER (WHERE e.outcome = 'failure') AS failures,
         min(e.time) AS first_seen, max(e.time) AS last_seen
       FROM events e ${where} GROUP BY 1 ORDER BY n DESC, value LIMIT ?`,
      [...where.params, q.limit],
    );
  }
  return out;
}
