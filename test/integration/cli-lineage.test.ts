// `trailmark lineage`: the real command on a real case, text and --json.
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LineageLink } from '../../shared/methods/lineage';
import { federationTrail, roleArn, userArn, writeChainEvidence } from '../helpers/lineage-records';
import { REPO, tempDir } from '../helpers/paths';
import { pdfText } from './report-poppler';

const bin = path.join(REPO, 'bin/trailmark.mjs');
function trailmark(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: REPO });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('trailmark lineage', () => {
  it('prints parents and children with their evidence; --json gives the links; bad usage exits 2', async () => {
    const dir = await tempDir();
    const evidence = path.join(dir, 'evidence');
    await mkdir(evidence);
    await writeChainEvidence(evidence);
    const caseDir = path.join(dir, 'l.trailmark');
    expect(trailmark('ingest', caseDir, evidence, '--json').code).toBe(0);

    const j = trailmark('lineage', caseDir, '--identity', roleArn('ci-deploy'), '--json');
    expect(j.code, j.err).toBe(0);
    const out = JSON.parse(j.out) as { actor_uid: string; depth: number; links: LineageLink[] };
    expect(out.depth).toBe(2);
    const key = out.links.find((l) => l.kind === 'access_key')!;
    expect(key).toMatchObject({ direction: 'child', child_uid: userArn('backdoor'), use_count: 3 });

    const text = trailmark('lineage', caseDir, '--identity', 'backdoor');
    expect(text.code, text.err).toBe(0);
    expect(text.out, text.out).toContain('parents (who or what obtained its credentials): 3');
    expect(text.out).toContain('AKIABACKDOOR0000001');
    expect(text.out).toContain(key.issue_event_uids[0]);

    expect(trailmark('lineage', caseDir).code).toBe(2);
    expect(trailmark('lineage', caseDir, '--identity', roleArn('ci-deploy'), '--depth', '9').code).toBe(2);
  });

  it('the report prints the credential chain under each finding', async () => {
    const dir = await tempDir();
    const evidence = path.join(dir, 'evidence');
    await mkdir(evidence);
    await writeFile(path.join(evidence, 'trail.json'), JSON.stringify({ Records: federationTrail() }));
    const caseDir = path.join(dir, 'r.trailmark');
    expect(trailmark('ingest', caseDir, evidence, '--json').code).toBe(0);
    const a = trailmark('analyze', caseDir, '--baseline-until', '2026-10-05T00:00:00Z', '--json');
    expect(a.code, a.err).toBe(0);
    const out = path.join(dir, 'r.pdf');
    const r = trailmark('report', caseDir, '--out', out, '--sections', 'findings');
    expect(r.code, r.err).toBe(0);
    const text = pdfText(out);
    expect(text).toContain('Credential chain');
    // the backdoor user's finding: its parents, one hop up the CI role, two hops up the repositories
    expect(text).toMatch(/parent 1 access_\s?key/);
    expect(text).toMatch(/parent 1 created_\s?user/);
    expect(text).toMatch(/parent 2 oidc_\s?federation/);
    // the CI role's: the repositories above it, the user and key below
    expect(text).toMatch(/child 1 access_\s?key/);
  });
});
