// DuckDB's file lock does not stop a second instance in the same process. A close that waits for a statement in
// flight must therefore hold off an open of the same file until the database is closed: otherwise two instances
// write one file, and a folder removed after the close is written into as it goes.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Duck } from '../../main/core/db/duck';
import { tempDir } from '../helpers/paths';

/** A statement that stays in flight until released, as a native call finishing its chunk after an interrupt does. */
function holdInFlight(db: Duck): { release: () => void; done: Promise<void> } {
  let release!: () => void;
  const track = (db as unknown as { track(fn: () => Promise<void>): Promise<void> }).track.bind(db);
  const done = track(() => new Promise<void>((r) => (release = r)));
  return { release: () => release(), done };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('closing a database with a statement in flight', () => {
  it('resolves the close once the statement returned, and an open of the same file waits for it', async () => {
    const file = path.join(await tempDir(), 'case.duckdb');
    const db = await Duck.open(file);
    await db.run('CREATE TABLE t AS SELECT 1 AS a');
    const held = holdInFlight(db);
    const order: string[] = [];
    const closed = db.close().then(() => void order.push('closed'));
    const opened = Duck.open(file).then((d) => (order.push('opened'), d));
    const fileClosed = Duck.fileClosed(file).then(() => void order.push('file closed'));
    await tick(100);
    expect(order, 'nothing ends while the statement is in flight').toEqual([]);
    expect(db.close(), 'a second close gets the same promise').toBeInstanceOf(Promise);

    held.release();
    await held.done;
    const again = await opened;
    await Promise.all([closed, fileClosed]);
    expect(order.indexOf('closed')).toBeLessThan(order.indexOf('opened'));
    expect(order.indexOf('file closed')).toBeLessThan(order.indexOf('opened'));
    expect(await again.scalar('SELECT a FROM t')).toBe(1);
    await again.close();
  });

  it('an open of another file, or of one closed with nothing in flight, does not wait', async () => {
    const dir = await tempDir();
    const busy = await Duck.open(path.join(dir, 'busy.duckdb'));
    const held = holdInFlight(busy);
    const closing = busy.close();
    const other = await Duck.open(path.join(dir, 'other.duckdb'));
    await other.close();
    const idle = await Duck.open(path.join(dir, 'idle.duckdb'));
    await idle.close();
    const reopened = await Duck.open(path.join(dir, 'idle.duckdb'));
    await reopened.close();
    held.release();
    await closing;
    await Duck.allClosed();
  }, 10_000); // a wait on the busy file would hang here until its statement is released, after the opens
});
