import type { EventFilter } from '../../../shared/methods/workspace';
import type { Duck } from '../db/duck';
import { sql } from '../db/sql';
import { eventWhere } from './event-filter';
import { onLane } from '../db/lanes';
import { eventsSource } from './text-scope';

/**
 * Counting a free-text search reads every raw record under the filter: it runs on a lane of its own, so the table
 * keeps paging meanwhile, and a count for another filter interrupts the one before (its caller gets `cancelled`).
 */
export function countEvents(db: Duck, filter: EventFilter): Promise<number> {
  return onLane(db, 'count', JSON.stringify(filter), async (conn) => {
    return Number(
      await conn.scalar(sql`SELECT count(*) FROM ${await eventsSource(conn, filter)} e ${eventWhere(filter)}`),
    );
  });
}
