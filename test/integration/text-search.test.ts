import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { generateCloudTrailArchive } from '../../main/core/demo/generate-cloudtrail';
import { escapeRegex } from '../../main/core/query/event-filter';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

// Free-text pages and counts (the count on a connection of its own) must be exactly what a plain scan of every raw
// record gives, whichever way, from any cursor.
let core: CoreService;

beforeAll(async () => {
  const root = await tempDir();
  await generateCloudTrailArchive({ outDir: path.join(root, 'ct'), seed: 9, days: 4, scale: 0.3 });
  ({ core } = await openTempCase('text'));
  await ingest(core, [path.join(root, 'ct')]);
});
afterAll(() => core.close());

const db = () => core.session.requireCase().db;

async function scan(text: string, order: 'asc' | 'desc', limit: number, after?: { time: string; event_uid: string }) {
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  const cmp = order === 'asc' ? '>' : '<';
  const keyset = after
    ? `AND (time ${cmp} CAST(? AS TIMESTAMPTZ) OR (time = CAST(? AS TIMESTAMPTZ) AND event_uid ${cmp} ?))`
    : '';
  const rows = await db().all<{ event_uid: string }>(
    `SELECT event_uid FROM events WHERE regexp_matches(CAST(raw AS VARCHAR), ?) ${keyset}
     ORDER BY time ${dir}, event_uid ${dir} LIMIT ?`,
    [`(?i)${escapeRegex(text)}`, ...(after ? [after.time, after.time, after.event_uid] : []), limit],
  );
  return rows.map((r) => r.event_uid);
}

describe('free-text search', () => {
  it('pages through the API are the pages a full scan gives, both ways, with the exact count', async () => {
    for (const text of ['accessdenied', 'GetSecretValue', 'no-such-text-anywhere']) {
      for (const order of ['asc', 'desc'] as const) {
        const first = await core.api.queryEvents({ filter: { text }, order, limit: 50 });
        expect(first.rows.map((r) => r.event_uid)).toEqual(await scan(text, order, 50));
        expect(first.total).toBe((await core.api.countEvents({ filter: { text } })).total);
        const last = first.rows[first.rows.length - 1];
        if (!last) continue;
        const after = { time: last.time, event_uid: last.event_uid };
        const next = await core.api.queryEvents({ filter: { text }, order, after, limit: 50, count: false });
        expect(next.rows.map((r) => r.event_uid)).toEqual(await scan(text, order, 50, after));
      }
    }
  });

  it('a newer count is answered while an older one is still running (which may be interrupted)', async () => {
    const slow = core.api.countEvents({ filter: { text: 'x' } });
    const fresh = core.api.countEvents({ filter: { text: 'GetSecretValue' } });
    const [a, b] = await Promise.allSettled([slow, fresh]);
    expect(b.status).toBe('fulfilled');
    if (a.status === 'rejected') expect(String(a.reason)).toMatch(/cancel|replaced|interrupt/i);
  });
});
