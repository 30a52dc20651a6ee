import type { EventFilter } from '../../../shared/methods/workspace';
import { TrailmarkError } from '../../../shared/errors';
import type { Duck } from '../db/duck';

interface Lane {
  side: Promise<Duck>;
  key: string;
  queue: Promise<unknown>;
  running: number;
}

const lanes = new WeakMap<Duck, Lane>();
const superseded = () => new TrailmarkError('cancelled', 'replaced by a newer search');

/**
 * Views under a free-text filter read every raw record in scope, which takes seconds on a large case. They run on
 * a connection of their own, so the case's other views never wait behind them; the views of one search (its page,
 * timeline, panels) queue there, and a search with another filter interrupts what is left of the one before.
 */
export function withTextFilter<T>(db: Duck, filter: EventFilter, fn: (conn: Duck) => Promise<T>): Promise<T> {
  if (!filter.text?.trim()) return fn(db);
  let lane = lanes.get(db);
  if (!lane) lanes.set(db, (lane = { side: db.sibling(), key: '', queue: Promise.resolve(), running: 0 }));
  const l = lane;
  const key = JSON.stringify(filter);
  if (key !== l.key) {
    l.key = key;
    if (l.running) void l.side.then((s) => s.interrupt());
  }
  const run = async () => {
    if (l.key !== key) throw superseded();
    const side = await l.side;
    l.running++;
    try {
      return await fn(side);
    } catch (err) {
      throw l.key !== key ? superseded() : err;
    } finally {
      l.running--;
    }
  };
  const next = l.queue.then(run, run);
  l.queue = next.catch(() => undefined);
  return next;
}
