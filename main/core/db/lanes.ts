import { TrailmarkError } from '../../../shared/errors';
import type { Duck } from './duck';

interface Lane {
  side: Promise<Duck>;
  key: string;
  queue: Promise<unknown>;
  running: number;
}

const lanes = new WeakMap<Duck, Map<string, Lane>>();
const superseded = () => new TrailmarkError('cancelled', 'replaced by a newer search');

/**
 * Runs fn on a named connection of its own beside the case's, one statement after another. Work for the same key
 * queues; work for a new key interrupts what is running there and drops what is queued for the old key (its
 * callers get `cancelled`).
 */
export function onLane<T>(db: Duck, name: string, key: string, fn: (conn: Duck) => Promise<T>): Promise<T> {
  let named = lanes.get(db);
  if (!named) lanes.set(db, (named = new Map()));
  let l = named.get(name);
  if (!l) named.set(name, (l = { side: db.sibling(), key: '', queue: Promise.resolve(), running: 0 }));
  const lane = l;
  if (key !== lane.key) {
    lane.key = key;
    if (lane.running) void lane.side.then((s) => s.interrupt());
  }
  const run = async () => {
    if (lane.key !== key) throw superseded();
    const side = await lane.side;
    lane.running++;
    try {
      return await fn(side);
    } catch (err) {
      throw lane.key !== key ? superseded() : err;
    } finally {
      lane.running--;
    }
  };
  const next = lane.queue.then(run, run);
  lane.queue = next.catch(() => undefined);
  return next;
}
