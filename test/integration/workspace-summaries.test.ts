import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { generateCloudTrailArchive } from '../../main/core/demo/generate-cloudtrail';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

// The per-hour and per-identity summaries against the events they summarise, counted again in plain SQL, before
// and after more evidence arrives.
let core: CoreService;
let root = '';

beforeAll(async () => {
  root = await tempDir();
  await generateCloudTrailArchive({ outDir: path.join(root, 'a'), seed: 5, days: 3, scale: 0.3 });
  await generateCloudTrailArchive({ outDir: path.join(root, 'b'), seed: 6, days: 5, scale: 0.3 });
  ({ core } = await openTempCase('sum'));
  await ingest(core, [path.join(root, 'a')]);
});
afterAll(() => core.close());

const db = () => core.session.requireCase().db;

async function timelineBySql(width: number): Promise<Record<string, number>> {
  const rows = await db().all<{ t: number; k: string; n: number }>(
    `SELECT CAST(floor(epoch_ms(e.time) / ?) * ? AS BIGINT) AS t, coalesce(coalesce(o.category, i.category), 'unknown') AS k,
       count(*) AS n
     FROM events e LEFT JOIN identities i USING (actor_uid) LEFT JOIN identity_overrides o USING (actor_uid)
     GROUP BY ALL`,
    [width, width],
  );
  return Object.fromEntries(rows.map((r) => [`${r.t}:${r.k}`, r.n]));
}

async function checkCaseTimeline() {
  const tl = await core.api.eventTimeline({ stack: 'category', buckets: 40 });
  expect(tl.bucket_seconds % 3600).toBe(0); // whole hours: read from the summary
  const got = Object.fromEntries(tl.points.map((p) => [`${p.t}:${tl.series[p.s]}`, p.n]));
  expect(got).toEqual(await timelineBySql(tl.bucket_seconds * 1000));
  expect(tl.total).toBe(await db().scalar<number>('SELECT count(*) FROM events'));
}

describe('workspace summaries', () => {
  it('the case timeline from the hourly summary counts what the events say, and follows new evidence', async () => {
    await checkCaseTimeline();
    const hoursBefore = await db().scalar<number>('SELECT count(*) FROM summary_actor_hour');
    await ingest(core, [path.join(root, 'b')]);
    await checkCaseTimeline();
    expect(await db().scalar<number>('SELECT count(*) FROM summary_actor_hour')).toBeGreaterThan(hoursBefore);
  });

  it("an identity's top-N from its summary equals the same panels computed from its events", async () => {
    const ids = await core.api.listIdentities({ limit: 3 });
    const dimensions = ['operation', 'service', 'resource', 'src_ip', 'user_agent', 'region', 'credential'] as const;
    for (const { actor_uid } of ids.rows) {
      const fromSummary = await core.api.topValues({
        filter: { actor_uids: [actor_uid] },
        dimensions: [...dimensions],
      });
      // Any other filter, even one that keeps every event, makes the panels read the events themselves.
      const everything = { actor_uids: [actor_uid], from: '2000-01-01T00:00:00.001Z' };
      const fromEvents = await core.api.topValues({ filter: everything, dimensions: [...dimensions] });
      expect(fromSummary).toEqual(fromEvents);
      expect(fromSummary.operation!.length).toBeGreaterThan(0);
    }
    const kept = await db().scalar<number>('SELECT count(*) FROM summary_actor_state');
    expect(kept).toBe(ids.rows.length);
  });

  it('an identity summary is rebuilt after new evidence', async () => {
    const actor = (await core.api.listIdentities({ limit: 1 })).rows[0]!.actor_uid;
    await core.api.topValues({ filter: { actor_uids: [actor] }, dimensions: ['operation'] });
    const before = await db().scalar<number>('SELECT evidence_top FROM summary_actor_state WHERE actor_uid = ?', [
      actor,
    ]);
    await generateCloudTrailArchive({ outDir: path.join(root, 'c'), seed: 7, days: 2, scale: 0.3 });
    await ingest(core, [path.join(root, 'c')]);
    const top = await core.api.topValues({ filter: { actor_uids: [actor] }, dimensions: ['operation'] });
    const after = await db().scalar<number>('SELECT evidence_top FROM summary_actor_state WHERE actor_uid = ?', [
      actor,
    ]);
    expect(after).toBeGreaterThan(before);
    const n = await db().scalar<number>('SELECT count(*) FROM events WHERE actor_uid = ?', [actor]);
    expect(top.operation!.reduce((a, v) => a + v.n, 0)).toBeLessThanOrEqual(n);
    const ops = await db().scalar<number>(
      'SELECT count(DISTINCT api_operation) FROM events WHERE actor_uid = ? AND api_operation IS NOT NULL',
      [actor],
    );
    expect(top.operation!.length).toBe(Math.min(ops, 10));
  });
});
