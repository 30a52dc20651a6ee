import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreService, type CoreService } from '../../main/core/api/service';
import { demoEvidenceDir } from '../../main/core/demo/build-demo';
import { JOB_CONFLICTS } from '../../main/core/jobs/job-conflicts';
import { TrailmarkError } from '../../shared/errors';
import { resultOf } from '../../shared/jobs';
import { JOB_KINDS } from '../../shared/model';
import { tempDir } from '../helpers/paths';

/** Real jobs on a real case: which may start while another runs (main/core/jobs/job-conflicts.ts). */
describe('which jobs may run together', () => {
  let core: CoreService;
  let dir: string;
  let casePath: string;
  let evidence: string;

  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (err: unknown) => (err instanceof TrailmarkError ? err : null),
    );
  const settle = async (...jobs: string[]) => Promise.all(jobs.map((j) => core.session.jobs.wait(j)));

  beforeAll(async () => {
    dir = await tempDir('trailmark-jobs-');
    casePath = path.join(dir, 'jobs.trailmark');
    core = createCoreService('cli');
    const built = await core.session.jobs.wait((await core.api.startDemo({ path: casePath, days: 2, scale: 0.1 })).job);
    expect(resultOf(built, 'demo'), built.error?.message).not.toBeNull();
    evidence = demoEvidenceDir(casePath); // the demo's own archive: ingesting it again is a real ingest (its files known)
  });

  afterAll(() => core.session.close());

  it('the table reads the same both ways and covers every kind', () => {
    for (const a of JOB_KINDS)
      for (const b of JOB_KINDS)
        expect(
          (JOB_CONFLICTS[a] as readonly string[]).includes(b),
          `${a} beside ${b} and ${b} beside ${a} must agree`,
        ).toBe((JOB_CONFLICTS[b] as readonly string[]).includes(a));
  });

  it('refuses an analysis, a report, another ingest and the demo while an ingest runs', async () => {
    const { job } = await core.api.startIngest({ paths: [evidence] });
    const analysis = await refusal(core.api.startAnalysis({}));
    const report = await refusal(core.api.startReport({ out: path.join(dir, 'never.pdf'), investigator: 'x' }));
    const second = await refusal(core.api.startIngest({ paths: [evidence] }));
    // The demo on the case already open used to start a second ingest beside the first.
    const demo = await refusal(core.api.startDemo({ path: casePath, days: 2, scale: 0.1 }));
    const [end] = await settle(job);
    expect(end!.state, end!.error?.message).toBe('done');
    for (const err of [analysis, report, second, demo]) {
      expect(err?.kind).toBe('conflict');
      expect(err?.message).toMatch(/^an ingest is running on this case/);
    }
    expect(core.session.jobs.running()).toEqual([]);
  });

  it('runs two reports together, refusing an ingest and an analysis beside them', async () => {
    const a = await core.api.startReport({ out: path.join(dir, 'a.pdf'), investigator: 'x', sections: ['summary'] });
    const b = await core.api.startReport({ out: path.join(dir, 'b.pdf'), investigator: 'x', sections: ['summary'] });
    const ingest = await refusal(core.api.startIngest({ paths: [evidence] }));
    const analysis = await refusal(core.api.startAnalysis({}));
    const ends = await settle(a.job, b.job);
    for (const end of ends) expect(end.state, end.error?.message).toBe('done');
    expect(ends.map((e) => resultOf(e, 'report')?.out)).toEqual([path.join(dir, 'a.pdf'), path.join(dir, 'b.pdf')]);
    expect(ingest?.kind).toBe('conflict');
    expect(ingest?.message).toMatch(/^a report is running/);
    expect(analysis?.kind).toBe('conflict');
  });

  it('refuses a report while an analysis runs, and lets it start once the analysis ended', async () => {
    const { job } = await core.api.startAnalysis({ default_rules: false });
    const report = await refusal(core.api.startReport({ out: path.join(dir, 'c.pdf'), investigator: 'x' }));
    expect(report?.kind).toBe('conflict');
    expect(report?.message).toMatch(/^an analysis is running/);
    const [end] = await settle(job);
    expect(resultOf(end!, 'analysis'), end!.error?.message).not.toBeNull();
    const after = await core.api.startReport({
      out: path.join(dir, 'c.pdf'),
      investigator: 'x',
      sections: ['summary'],
    });
    const [done] = await settle(after.job);
    expect(done!.state, done!.error?.message).toBe('done');
  });
});
