import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { generateCloudTrailArchive } from '../../main/core/demo/generate-cloudtrail';
import type { Duck } from '../../main/core/db/duck';
import { ident, param, sql } from '../../main/core/db/sql';
import { buildSortRanks } from '../../main/core/query/sort-ranks';
import type { EventSortColumn } from '../../shared/methods/workspace';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

// The ranks of a column must give exactly the pages a sort of every event gives, and never a page of events that
// have changed since they were built.
let core: CoreService;
let db: Duck;
let root: string;
let total = 0;

beforeAll(async () => {
  root = await tempDir();
  await generateCloudTrailArchive({ outDir: path.join(root, 'a'), seed: 5, days: 3, scale: 0.3 });
  ({ core } = await openTempCase('ranks'));
  await ingest(core, [path.join(root, 'a')]);
  db = core.session.requireCase().db;
  total = Number(await db.scalar(sql`SELECT count(*) FROM events`));
});
afterAll(() => core.close());

/** Which pages read the ranks: the SQL of every events page asked for while fn runs. */
async function usedRanks<T>(fn: () => Promise<T>): Promise<{ result: T; ranked: boolean }> {
  const all = db.all.bind(db);
  let ranked = false;
  const spy = vi.spyOn(db, 'all').mockImplementation((q, params) => {
    if (typeof q !== 'string' && q.text.includes('FROM sort_ranks')) ranked = true;
    return all(q, params);
  });
  try {
    return { result: await fn(), ranked };
  } finally {
    spy.mockRestore();
  }
}

const page = (sort: EventSortColumn, order: 'asc' | 'desc', offset: number, limit: number) =>
  core.api.queryEvents({ sort, order, offset, limit, count: false }).then((p) => p.rows.map((r) => r.event_uid));

const COLUMNS: [EventSortColumn, string][] = [
  ['src_ip', 'src_ip'],
  ['target', 'targets'],
  ['identity', 'actor_name'],
  ['user_agent', 'user_agent'],
];

describe('whole-case pages sorted by a column, from its ranks', () => {
  it('equal the pages of a sort of every event, both ways, across the missing values, to the last page', async () => {
    let compared = 0;
    for (const [sort, column] of COLUMNS) {
      const nonnull = Number(await db.scalar(sql`SELECT count(${ident(column)}) FROM events`));
      // The first page, one across the start of the missing values (targets has many), and the last, partial one.
      const offsets = [0, Math.max(0, nonnull - 37), Math.max(0, total - 50)];
      const plain = [];
      for (const order of ['asc', 'desc'] as const)
        for (const offset of offsets) plain.push(await usedRanks(() => page(sort, order, offset, 100)));
      expect(plain.some((p) => p.ranked)).toBe(false);
      await buildSortRanks(db, column);
      let i = 0;
      for (const order of ['asc', 'desc'] as const)
        for (const offset of offsets) {
          const r = await usedRanks(() => page(sort, order, offset, 100));
          expect(r.ranked).toBe(true);
          expect(r.result).toEqual(plain[i++]!.result);
          compared += r.result.length;
        }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('serve a jump into the middle in time order; the first page and scrolling on by keyset read the table', async () => {
    const time = (order: 'asc' | 'desc', offset: number, after?: { time: string; event_uid: string }) =>
      usedRanks(() =>
        core.api
          .queryEvents({ order, offset, limit: 100, count: false, ...(after ? { after } : {}) })
          .then((p) => p.rows),
      );
    const offsets = [0, Math.floor(total / 2) - 13, total - 50];
    const plain = [];
    for (const order of ['asc', 'desc'] as const) for (const offset of offsets) plain.push(await time(order, offset));
    expect(plain.some((p) => p.ranked)).toBe(false);
    await buildSortRanks(db, 'time');
    let i = 0;
    for (const order of ['asc', 'desc'] as const)
      for (const offset of offsets) {
        const r = await time(order, offset);
        expect(r.ranked, `${order} ${offset}`).toBe(offset > 0);
        expect(r.result.map((e) => e.event_uid)).toEqual(plain[i++]!.result.map((e) => e.event_uid));
        // The next page, by keyset from this one's last row, is read from the table and follows on.
        const last = r.result.at(-1)!;
        const next = await time(order, offset + 100, { time: last.time, event_uid: last.event_uid });
        expect(next.ranked).toBe(false);
        const ahead = await core.api.queryEvents({ order, offset: offset + 100, limit: 100, count: false });
        expect(next.result.map((e) => e.event_uid)).toEqual(ahead.rows.map((e) => e.event_uid));
      }
  });

  it('are not used once the events changed: new evidence, or rows removed and compacted', async () => {
    await buildSortRanks(db, 'src_ip');
    expect((await usedRanks(() => page('src_ip', 'asc', 0, 50))).ranked).toBe(true);

    await generateCloudTrailArchive({ outDir: path.join(root, 'b'), seed: 6, days: 1, scale: 0.2 });
    await ingest(core, [path.join(root, 'b')]);
    const after = await usedRanks(() => page('src_ip', 'desc', 0, 50));
    expect(after.ranked).toBe(false);
    await buildSortRanks(db, 'src_ip');
    const rebuilt = await usedRanks(() => page('src_ip', 'desc', 0, 50));
    expect(rebuilt).toEqual({ result: after.result, ranked: true });

    // Rows removed behind Trailmark's back, and the file compacted: the row ids the ranks hold may now be others'.
    await db.run(
      sql`DELETE FROM events WHERE event_uid IN (SELECT event_uid FROM events ORDER BY event_uid LIMIT 500)`,
    );
    await db.run(sql`FORCE CHECKPOINT`);
    const moved = await usedRanks(() => page('src_ip', 'asc', 0, 50));
    expect(moved.ranked).toBe(false);
  });

  it('a large case builds the ranks of the column it is sorted by, in the background', async () => {
    vi.stubEnv('TRAILMARK_SORT_RANKS_MIN_EVENTS', '1');
    try {
      expect((await usedRanks(() => page('region', 'asc', 0, 20))).ranked).toBe(false);
      // The page started the build: its state appears without anyone else asking.
      await vi.waitFor(
        async () =>
          expect(await db.scalar(sql`SELECT count(*) FROM case_meta WHERE key = ${param('sort_ranks.region')}`)).toBe(
            1,
          ),
        { timeout: 20_000, interval: 50 },
      );
      expect((await usedRanks(() => page('region', 'asc', 0, 20))).ranked).toBe(true);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
