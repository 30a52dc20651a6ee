import type { EventFilter } from '../../../shared/methods/workspace';
import { TrailmarkError } from '../../../shared/errors';
import type { Duck } from '../db/duck';
import { eventWhere } from './event-filter';

/**
 * Counting a free-text search reads every raw record under the filter: it runs on a connection of its own, so
 * the table keeps paging meanwhile, and a newer count interrupts the one before (its caller gets `cancelled`).
 */
const counters = new WeakMap<Duck, { side: Promise<Duck>; running: number; seq: number }>();

export async function countEvents(db: Duck, filter: EventFilter): Promise<number> {
  let c = counters.get(db);
  if (!c) counters.set(db, (c = { side: db.sibling(), running: 0, seq: 0 }));
  const side = await c.side;
  const mine = ++c.seq;
  if (c.running) side.interrupt();
  while (c.running) await new Promise((r) => setTimeout(r, 5));
  if (mine !== c.seq) throw new TrailmarkError('cancelled', 'count replaced by a newer one');
  c.running++;
  try {
    const where = eventWhere(filter);
    return Number(await side.scalar(`SELECT count(*) FROM events e ${where}`, where.params));
  } catch (err) {
    if (mine !== c.seq) throw new TrailmarkError('cancelled', 'count replaced by a newer one');
    throw err;
  } finally {
    c.running--;
  }
}
