import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { ingest, openTempCase } from '../helpers/core';
import { REPO } from '../helpers/paths';

// "Chart it": a console result counted over time by a timestamp column, every row of it, bucket by bucket.
let core: CoreService;
beforeAll(async () => {
  ({ core } = await openTempCase('chart'));
  await ingest(core, [path.join(REPO, 'test/fixtures/sources/cloudtrail-org-trail.json')]);
});
afterAll(() => core.close());

describe('chart it', () => {
  it('counts every row of the result per bucket, as the times counted one by one do', async () => {
    const text = "SELECT event_uid, time AS at FROM events WHERE outcome <> 'nothing' -- every event";
    const all = await core.api.runQuery({ sql: 'SELECT epoch_ms(time) AS ms FROM events', limit: 10_000 });
    const times = all.rows.map((r) => Number(r[0]));
    expect(times.length).toBeGreaterThan(2);
    const tl = await core.api.chartQuery({ sql: text, column: 'at', buckets: 20 });
    expect(tl.series).toEqual(['rows']);
    expect(tl.total).toBe(times.length);
    const width = tl.bucket_seconds * 1000;
    const expected = new Map<number, number>();
    for (const t of times)
      expected.set(Math.floor(t / width) * width, (expected.get(Math.floor(t / width) * width) ?? 0) + 1);
    expect(tl.points.map((p) => [p.t, p.n])).toEqual([...expected.entries()].sort((a, b) => a[0] - b[0]));
    expect(tl.points.length).toBeLessThanOrEqual(21);
    const again = await core.api.chartQuery({ sql: 'SELECT time FROM events ;\n', column: 'time', buckets: 20 });
    expect(again.points).toEqual(tl.points);
  });

  it('gives an empty chart for no rows, and refuses a column that is not a plain name or a statement that is not a SELECT', async () => {
    const empty = await core.api.chartQuery({ sql: "SELECT time FROM events WHERE source = 'none'", column: 'time' });
    expect(empty.total).toBe(0);
    await expect(
      core.api.chartQuery({ sql: 'SELECT time FROM events', column: 'time") x, (SELECT 1' }),
    ).rejects.toThrow(/identifier/);
    await expect(core.api.chartQuery({ sql: 'DESCRIBE events', column: 'time' })).rejects.toThrow();
  });
});
