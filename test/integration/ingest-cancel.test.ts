import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCoreService } from '../../main/core/api/service';
import { generateCloudTrailArchive } from '../../main/core/demo/generate-cloudtrail';
import { cloudTrailRecords } from '../helpers/archives';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

describe('a cancelled ingest', () => {
  it('leaves the case exactly as it was, and the next ingest works', async () => {
    const dir = await tempDir();
    const first = path.join(dir, 'first.json');
    await writeFile(first, cloudTrailRecords(5));
    const archive = path.join(dir, 'archive');
    await generateCloudTrailArchive({ outDir: archive, seed: 3, days: 3, scale: 0.3 });

    const { core, dir: caseDir } = await openTempCase();
    await ingest(core, [first]);
    const before = await core.api.caseInfo({});
    const identitiesBefore = (await core.api.listIdentities({})).rows;
    const custodyBefore = await readFile(path.join(caseDir, 'custody.jsonl'), 'utf8');

    const phases: string[] = [];
    const { job } = await core.api.startIngest({ paths: [archive] });
    const off = core.onProgress((p) => {
      if (p.job !== job) return;
      phases.push(p.phase);
      if (p.phase === 'loading records') void core.api.cancelJob({ job });
    });
    const end = await core.session.jobs.wait(job);
    off();
    expect(phases).toContain('loading records');
    expect(end.state).toBe('cancelled');

    const after = await core.api.caseInfo({});
    expect(after.events).toBe(before.events);
    expect(after.evidence_total).toBe(before.evidence_total);
    expect(after.issues.count).toBe(before.issues.count);
    expect((await core.api.listIdentities({})).rows).toEqual(identitiesBefore);
    expect(await readFile(path.join(caseDir, 'custody.jsonl'), 'utf8')).toBe(custodyBefore);

    const again = await ingest(core, [archive]);
    expect(again.loaded).toBeGreaterThan(100);
    expect((await core.api.caseInfo({})).events).toBe(before.events + again.loaded);
    core.close();
  });
});

describe('an ingest cancelled while big files are being hashed (in worker threads)', () => {
  it('stops the hashing, adds nothing, and leaves no staging behind', async () => {
    const dir = await tempDir();
    const files = ['a.json', 'b.json'].map((n) => path.join(dir, n));
    // 40 MiB each: too big for the main thread, so they go to the workers; the cancel comes as the walk starts.
    for (const f of files) await writeFile(f, Buffer.alloc(40 * 2 ** 20, 'x'));
    const { core, dir: caseDir } = await openTempCase();
    const phases: string[] = [];
    // Listening before the start: a walk of two files can be over before startIngest returns.
    const off = core.onProgress((p) => {
      phases.push(p.phase);
      if (p.phase === 'reading evidence') void core.api.cancelJob({ job: p.job });
    });
    const { job } = await core.api.startIngest({ paths: files });
    const end = await core.session.jobs.wait(job);
    off();
    expect(end.state).toBe('cancelled');
    expect(phases).not.toContain('loading records');
    const info = await core.api.caseInfo({});
    expect([info.events, info.evidence_total]).toEqual([0, 0]);
    expect(await readdir(path.join(caseDir, 'staging')).catch(() => [])).toEqual([]);
    core.close();
  });
});

describe('an ingest that died mid-way (crash, power loss)', () => {
  it('leaves events that no committed evidence names; the next open removes them', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'one.json');
    await writeFile(file, cloudTrailRecords(3));
    const first = await openTempCase();
    await ingest(first.core, [file]);
    // What a crash between the event inserts and the final transaction leaves: events under an uncommitted id.
    await first.core.session.requireCase().db.run(
      // By name, so a column a later migration adds is copied too.
      `INSERT INTO events BY NAME SELECT * REPLACE (md5(event_uid) AS event_uid, 999 AS evidence_id) FROM events`,
    );
    expect(await first.core.session.requireCase().db.scalar('SELECT count(*) FROM events')).toBe(6);
    first.core.close();

    const again = createCoreService('cli');
    const info = await again.api.openCase({ path: first.dir, create: false });
    expect(info.events).toBe(3);
    again.close();
  });
});
