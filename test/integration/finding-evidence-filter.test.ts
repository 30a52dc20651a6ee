import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { param, sql } from '../../main/core/db/sql';
import { cloudTrailRecords } from '../helpers/archives';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

// "Show these events" on a finding: the events filter `finding` keeps exactly the finding's evidence, in every
// view that takes the filter (page, count, timeline, top values).
describe('the finding filter', () => {
  let core: CoreService;
  let evidence: string[];
  const ACTOR = 'arn:aws:iam::111122223333:user/svc-test';
  beforeAll(async () => {
    ({ core } = await openTempCase('finding-filter'));
    const file = path.join(await tempDir(), 'trail.json');
    await writeFile(file, cloudTrailRecords(40));
    await ingest(core, [file]);
    const db = core.session.requireCase().db;
    const uids = await db.all<{ event_uid: string }>(sql`SELECT event_uid FROM events ORDER BY time LIMIT 40`);
    evidence = [uids[3]!.event_uid, uids[17]!.event_uid, uids[30]!.event_uid];
    await db.run(
      sql`INSERT INTO findings (id, detector, severity, score, actor_uid, start_time, end_time, title, explanation,
            event_uids, created_at)
          SELECT 'f-1', 'test', 'high', 80, ${param(ACTOR)}, min(time), max(time), 't', 'e', string_split(${param(evidence.join(','))}, ','), now()
          FROM events`,
    );
  });
  afterAll(() => core.close());

  it('pages, counts, charts and ranks only the evidence events', async () => {
    const filter = { finding: 'f-1', actor_uids: [ACTOR] };
    const page = await core.api.queryEvents({ filter, limit: 100 });
    expect(page.rows.map((r) => r.event_uid).sort()).toEqual([...evidence].sort());
    expect((await core.api.countEvents({ filter })).total).toBe(3);
    const tl = await core.api.eventTimeline({ filter, buckets: 10, stack: 'operation' });
    expect(tl.total).toBe(3);
    expect(tl.points.reduce((n, p) => n + p.n, 0)).toBe(3);
    const top = await core.api.topValues({ filter, dimensions: ['src_ip'], limit: 5 });
    expect(top.src_ip!.reduce((n, v) => n + v.n, 0)).toBe(3);
  });

  it('keeps nothing for an unknown finding', async () => {
    expect((await core.api.countEvents({ filter: { finding: 'no-such-finding' } })).total).toBe(0);
  });
});
