import type { EventFilter } from '../../../shared/methods/workspace';
import type { Duck } from '../db/duck';
import { onLane } from '../db/lanes';

/**
 * Views under a free-text filter read every raw record in scope, which takes seconds on a large case. They run on
 * a lane of their own, so the case's other views never wait behind them; the views of one search (its page,
 * timeline, panels) queue there, and a search with another filter interrupts what is left of the one before.
 */
export function withTextFilter<T>(db: Duck, filter: EventFilter, fn: (conn: Duck) => Promise<T>): Promise<T> {
  return filter.text?.trim() ? onLane(db, 'text', JSON.stringify(filter), fn) : fn(db);
}
