import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { withTextFilter } from '../../main/core/query/raw-lane';
import { openTempCase } from '../helpers/core';

// Views under free text run on a lane of their own: real statements on a real case file.
let core: CoreService;
beforeAll(async () => ({ core } = await openTempCase('lane')));
afterAll(() => core.close());
const db = () => core.session.requireCase().db;
const LONG = 'SELECT count(*) FROM range(20000000000) t(i) WHERE i % 7 = 3';

describe('the free-text lane', () => {
  it('runs text views on another connection, and everything else on the case connection', async () => {
    const seen: boolean[] = [];
    await withTextFilter(db(), { text: 'x' }, async (c) => seen.push(c === db()));
    await withTextFilter(db(), { operation: 'x' }, async (c) => seen.push(c === db()));
    expect(seen).toEqual([false, true]);
  });

  it('a long search does not hold up the case connection', async () => {
    let longSettled = false;
    const long = withTextFilter(db(), { text: 'slow' }, (c) => c.scalar(LONG));
    void long.catch(() => undefined).finally(() => (longSettled = true));
    expect(await db().scalar<number>('SELECT 42')).toBe(42);
    expect(longSettled).toBe(false); // answered while the long statement still runs (alone it runs for minutes)
    await withTextFilter(db(), { text: 'other' }, async () => undefined); // replaces (interrupts) the long one
    await expect(long).rejects.toThrow(/replaced by a newer search/);
  });

  it('a newer search interrupts the running one and drops the queued ones; one search queues its own views', async () => {
    const a1 = withTextFilter(db(), { text: 'a' }, (c) => c.scalar(LONG));
    const a2 = withTextFilter(db(), { text: 'a' }, (c) => c.scalar('SELECT 1'));
    const b1 = withTextFilter(db(), { text: 'b' }, (c) => c.scalar<number>('SELECT 2'));
    const b2 = withTextFilter(db(), { text: 'b' }, (c) => c.scalar<number>('SELECT 3'));
    await expect(a1).rejects.toThrow(/replaced/);
    await expect(a2).rejects.toThrow(/replaced/);
    expect([Number(await b1), Number(await b2)]).toEqual([2, 3]);
  });
});
