import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreService, type CoreService } from '../../main/core/api/service';
import { attackInjection, type ScenarioTruth } from '../../main/core/demo/attacks';
import { generateCloudTrailArchive } from '../../main/core/demo/generate-cloudtrail';
import { ingest } from '../helpers/core';
import { REPO, tempDir } from '../helpers/paths';

const bin = path.join(REPO, 'bin/trailmark.mjs');
const trailmark = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: REPO });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** A generated archive with the attack scenarios, ingested into a real case, analysed through the API. */
describe('analysis of a case with injected attacks', () => {
  let core: CoreService;
  let caseDir: string;
  let truths: ScenarioTruth[];

  async function analyse(params: { baseline_until?: string } = {}) {
    const { job } = await core.api.startAnalysis(params);
    const end = await core.session.jobs.wait(job);
    if (end.state !== 'done' || end.kind !== 'analysis' || !end.result)
      throw new Error(`analysis ${end.state}: ${end.error?.message}`);
    return end.result;
  }

  beforeAll(async () => {
    const dir = await tempDir();
    const injection = attackInjection();
    truths = injection.truths;
    await generateCloudTrailArchive({
      outDir: path.join(dir, 'evidence'),
      seed: 7,
      days: 18,
      scale: 0.5,
      inject: injection.inject,
    });
    core = createCoreService('cli');
    caseDir = (await core.api.openCase({ path: path.join(dir, 'attacks.trailmark'), create: true })).path;
    await ingest(core, [path.join(dir, 'evidence')]);
  });
  afterAll(() => core.close());

  it('finds the scenarios as medium-or-higher findings on the right identities, strongest first', async () => {
    const summary = await analyse();
    expect(summary.findings).toBeGreaterThan(0);
    expect(summary.detectors.map((d) => d.name)).toContain('sensitive_operation');
    const page = await core.api.listFindings({ min_severity: 'medium', limit: 500 });
    expect(page.rows.map((f) => f.score)).toEqual([...page.rows.map((f) => f.score)].sort((a, b) => b - a));
    const caught = truths.filter((t) =>
      page.rows.some(
        (f) =>
          f.actor_uid === t.actor_uid && f.start! <= t.end.slice(0, 19) + 'Z' && f.end! >= t.start.slice(0, 19) + 'Z',
      ),
    );
    // nine scenarios, and the CI compromise's chain: the unknown repository's OIDC issuance and the backdoor key's use
    expect(truths).toHaveLength(11);
    expect(caught.map((t) => t.scenario)).toEqual(
      expect.arrayContaining(['oidc_unknown_repository', 'backdoor_key_used']),
    );
    expect(caught.length).toBeGreaterThanOrEqual(10);
    const tamper = page.rows.find(
      (f) => f.detectors.includes('sensitive_operation') && /logging tampering/.test(f.explanation),
    );
    expect(tamper?.severity).toMatch(/high|critical/);
    // Evidence points at real events.
    const ev = await core.api.getEvent({ event_uid: tamper!.event_uids[0]! });
    expect(['StopLogging', 'DeleteTrail', 'DescribeTrails']).toContain(ev.api_operation);
  });

  it('keeps confirm/dismiss decisions across re-runs and records them in custody', async () => {
    const [a, b] = (await core.api.listFindings({ min_severity: 'medium', limit: 2 })).rows;
    await core.api.setFindingStatus({ id: a!.id, status: 'confirmed', note: 'trail stopped by intruder' });
    await core.api.setFindingStatus({ id: b!.id, status: 'dismissed', note: 'known maintenance' });
    const again = await analyse();
    expect(again.kept_decisions).toBe(2);
    const confirmed = await core.api.listFindings({ status: 'confirmed' });
    expect(confirmed.rows.map((f) => [f.title, f.status_note])).toEqual([[a!.title, 'trail stopped by intruder']]);
    expect((await core.api.listFindings({ status: 'dismissed' })).rows.map((f) => f.status_note)).toEqual([
      'known maintenance',
    ]);
    const custody = await readFile(path.join(caseDir, 'custody.jsonl'), 'utf8');
    expect(custody).toContain('"action":"finding.confirmed"');
    expect(custody).toContain('"action":"analysis.run"');
    await expect(core.api.getFinding({ id: 'nope' })).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('a chosen baseline date is honoured and stored with the run', async () => {
    const s = await analyse({ baseline_until: '2026-10-12T00:00:00Z' });
    expect(s.baseline_until).toBe('2026-10-12T00:00:00.000Z');
    const run = await core.session
      .requireCase()
      .db.one<{ parameters: string }>('SELECT parameters FROM analysis_runs WHERE run_id = ?', [s.run_id]);
    expect(JSON.parse(run!.parameters).baselineUntil).toBe('2026-10-12T00:00:00.000Z');
    await expect(core.api.startAnalysis({ sigma_dir: '/nonexistent' })).rejects.toMatchObject({
      kind: 'bad_input',
      message: expect.stringContaining('/nonexistent'),
    });
  });

  it('the CLI prints findings in the contract shape, filters them, and refuses bad options', async () => {
    core.close();
    const r = trailmark('analyze', caseDir, '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ kind: 'analysis', findings: expect.any(Number) });
    const out = trailmark('findings', caseDir, '--min-severity', 'high', '--json');
    expect(out.code, out.err).toBe(0);
    const rows = JSON.parse(out.out) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(0);
    for (const f of rows) {
      expect(Object.keys(f)).toEqual([
        'id',
        'detector',
        'severity',
        'score',
        'actor_uid',
        'start',
        'end',
        'title',
        'explanation',
        'event_uids',
        'status',
        'note',
      ]);
      expect(['high', 'critical']).toContain(f.severity);
    }
    const one = rows[0]!.actor_uid as string;
    const mine = JSON.parse(trailmark('findings', caseDir, '--identity', one, '--json').out) as { actor_uid: string }[];
    expect(mine.every((f) => f.actor_uid === one)).toBe(true);
    expect(trailmark('findings', caseDir, '--min-severity', 'severe').code).toBe(2);
    expect(trailmark('analyze', caseDir, '--baseline-until', 'yesterday-ish').code).toBe(2);
    expect(trailmark('analyze', path.join(caseDir, 'missing')).code).toBe(2);
  });
});
