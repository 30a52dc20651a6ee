// `trailmark lineage --finding`: the graph of the chains around a finding, text and --json, on a real case.
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LineageGraph } from '../../shared/methods/lineage';
import type { Finding } from '../../shared/model';
import { federationTrail, roleArn, userArn } from '../helpers/lineage-records';
import { REPO, tempDir } from '../helpers/paths';

const bin = path.join(REPO, 'bin/trailmark.mjs');
function trailmark(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: REPO });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('trailmark lineage --finding', () => {
  it("prints the finding's chain: the repository above the role, the user and key below, with their evidence", async () => {
    const dir = await tempDir();
    const evidence = path.join(dir, 'evidence');
    await mkdir(evidence);
    await writeFile(path.join(evidence, 'trail.json'), JSON.stringify({ Records: federationTrail() }));
    const caseDir = path.join(dir, 'g.trailmark');
    expect(trailmark('ingest', caseDir, evidence, '--json').code).toBe(0);
    const a = trailmark('analyze', caseDir, '--baseline-until', '2026-10-05T00:00:00Z', '--no-default-rules', '--json');
    expect(a.code, a.err).toBe(0);
    const f = trailmark('findings', caseDir, '--identity', roleArn('ci-deploy'), '--json');
    const findings = JSON.parse(f.out) as Finding[];
    const finding = findings.find((x) => x.title.includes('octo-fork'))!;
    expect(finding, f.out).toBeTruthy();

    const j = trailmark('lineage', caseDir, '--finding', finding.id, '--json');
    expect(j.code, j.err).toBe(0);
    const g = JSON.parse(j.out) as LineageGraph;
    expect(g).toMatchObject({ root: roleArn('ci-deploy'), outside_window: 5, capped: false });
    expect(g.edges.find((e) => e.kind === 'access_key')).toMatchObject({
      child_uid: userArn('backdoor'),
      use_count: 3,
    });

    const text = trailmark('lineage', caseDir, '--finding', finding.id);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain(`chains around finding ${finding.id}`);
    expect(text.out).toContain('5 issuances outside; --all-time for every one');
    expect(text.out).toContain('AKIABACKDOOR0000001');
    expect(text.out).toContain(g.edges.find((e) => e.kind === 'access_key')!.issue_event_uids[0]);

    expect(trailmark('lineage', caseDir, '--finding', 'nope').code).toBe(2);
    expect(trailmark('lineage', caseDir, '--finding', finding.id, '--identity', 'x').code).toBe(2);
    expect(trailmark('lineage', caseDir, '--finding', finding.id, '--max-nodes', '1').code).toBe(2);
  });
});
