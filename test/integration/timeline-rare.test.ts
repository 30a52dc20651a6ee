import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { param, sql } from '../../main/core/db/sql';
import { cloudTrailRecords } from '../helpers/archives';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

// One identity whose bulk is ten routine operations, plus two rare calls: DeleteTrail (cited by a finding) on day 1
// and CreateUser (first used on day 3). Stacked by operation with 8 series, both are rarer than every routine one.
const ACTOR = 'arn:aws:iam::111122223333:user/svc-test';
const ROUTINE = ['GetObject', 'PutObject', 'ListBucket', 'HeadObject', 'GetBucketAcl'];
const MORE = ['DescribeInstances', 'DescribeVolumes', 'GetCallerIdentity', 'ListRoles', 'ListUsers'];
const DAY = 86_400_000;
const at = (day: number, i: number) => new Date(Date.UTC(2026, 9, 1 + day, 10, 0, i)).toISOString();

let core: CoreService;
let deleteTrailUid = '';

beforeAll(async () => {
  const root = await tempDir();
  const ops = [...ROUTINE, ...MORE];
  const n = 300;
  await writeFile(
    path.join(root, 'ct.json'),
    cloudTrailRecords(n, (i) => {
      const day = Math.floor((i * 4) / n); // days 0..3
      const rare = i === 40 ? 'DeleteTrail' : i === 260 ? 'CreateUser' : null;
      const ip = i === 40 ? '185.151.163.17' : `10.0.0.${1 + (i % 4)}`;
      return { eventTime: at(day, i % 3600), eventName: rare ?? ops[i % ops.length], sourceIPAddress: ip };
    }),
  );
  ({ core } = await openTempCase('rare'));
  await ingest(core, [path.join(root, 'ct.json')]);
  const ev = await core.api.queryEvents({ filter: { actor_uids: [ACTOR], operation: 'DeleteTrail' }, limit: 1 });
  deleteTrailUid = ev.rows[0]!.event_uid;
  // A finding citing that one event, as the analysis stores it.
  await core.session.requireCase().db.run(
    sql`INSERT INTO findings (id, detector, severity, score, actor_uid, start_time, end_time, title, explanation,
          event_uids, created_at)
        VALUES ('f-rare', 'test', 'high', 0.9, ${param(ACTOR)}, now(), now(), 'DeleteTrail', 'cited',
          [${param(deleteTrailUid)}], now())`,
  );
});
afterAll(() => core.close());

describe('rare first: a stack never folds what matters into "(other)"', () => {
  it('an operation cited by a finding keeps its own series on the identity timeline', async () => {
    const tl = await core.api.eventTimeline({ filter: { actor_uids: [ACTOR] }, stack: 'operation', series: 8 });
    expect(tl.series).toContain('DeleteTrail');
    expect(tl.series).toContain('(other)');
    const s = tl.series.indexOf('DeleteTrail');
    expect(tl.points.filter((p) => p.s === s).reduce((a, p) => a + p.n, 0)).toBe(1);
    expect(tl.total).toBe(300);
  });

  it('in a zoomed window, an operation the identity first used there keeps its own series', async () => {
    const from = new Date(Date.parse(at(3, 0)) - DAY / 2).toISOString();
    const tl = await core.api.eventTimeline({ filter: { actor_uids: [ACTOR], from }, stack: 'operation', series: 3 });
    expect(tl.series).toContain('CreateUser');
    // Routine operations used before the window are not "first seen" in it: they fold as usual.
    expect(tl.series.length).toBeLessThanOrEqual(3 + 1 + 1);
  });

  it('order "rare" names the least frequent operations first', async () => {
    const tl = await core.api.eventTimeline({
      filter: { actor_uids: [ACTOR] },
      stack: 'operation',
      series: 2,
      order: 'rare',
    });
    expect(tl.series.slice(0, 2).sort()).toEqual(['CreateUser', 'DeleteTrail']);
  });

  it('case-wide charts keep the busiest series only', async () => {
    const tl = await core.api.eventTimeline({ stack: 'operation', series: 3 });
    expect(tl.series).not.toContain('DeleteTrail');
  });

  it('top values ordered "rare" put the one-off address first, for one identity and for the case', async () => {
    for (const filter of [{ actor_uids: [ACTOR] }, {}]) {
      const top = await core.api.topValues({ filter, dimensions: ['src_ip', 'operation'], limit: 2 });
      expect(top.src_ip!.map((v) => v.value)).not.toContain('185.151.163.17');
      const rare = await core.api.topValues({ filter, dimensions: ['src_ip', 'operation'], limit: 2, order: 'rare' });
      expect(rare.src_ip![0]).toMatchObject({ value: '185.151.163.17', n: 1 });
      expect(rare.operation!.map((v) => v.value).sort()).toEqual(['CreateUser', 'DeleteTrail']);
    }
  });
});
