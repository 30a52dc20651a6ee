// The cross-source lineage hops over real DuckDB: GitHub Actions OIDC sessions (CloudTrail) → the workflow run of
// the organization's audit log that obtained them, and the generator's cross-source side (GitHub audit log of its
// CI runs, an EKS cluster's audit log of its IRSA workload) scored against its own ground truth.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LineageLink } from '../../shared/methods/lineage';
import type { LineageTruth } from '../../main/core/demo/cloudtrail-activity';
import { generateCloudTrailArchive } from '../../main/core/demo/generate-cloudtrail';
import { param, sql } from '../../main/core/db/sql';
import { ingest, openTempCase } from '../helpers/core';
import { OIDC, assume, record, session, webIdentity } from '../helpers/lineage-records';
import { gh, lines } from '../helpers/lineage-sources';
import { tempDir } from '../helpers/paths';

type Edge = {
  kind: string;
  parent_uid: string;
  child_uid: string;
  credential_uid: string;
  issue_event_uid: string;
  first_use_event_uid: string;
  confidence: number;
  matched: string;
};

const iso = (minute: number) => new Date(Date.UTC(2026, 9, 1, 10, minute, 0)).toISOString();
/** A workflows.completed_workflow_run record as GitHub's audit log API returns it. */
const run = (start: number, end: number, actor: string, repo: string, branch: string, runId: number) =>
  gh(end, 'workflows.completed_workflow_run', {
    actor,
    repo,
    head_branch: branch,
    head_sha: 'f'.repeat(40),
    workflow_run_id: runId,
    workflow_id: 70001234,
    name: 'deploy',
    event: 'push',
    conclusion: 'success',
    run_attempt: 1,
    started_at: iso(start),
    completed_at: iso(end),
    _document_id: `run-${runId}`,
  });
const subject = (repo: string, branch: string) => `repo:${repo}:ref:refs/heads/${branch}`;

describe('GitHub Actions OIDC → workflow run', () => {
  it('joins a session to the run of its repository and branch that held it, by run id when the session names it', async () => {
    const trail = [
      // acme/deploy main, run 501 (minutes 0-10) by alice: the session in it
      assume(
        3,
        'AssumeRoleWithWebIdentity',
        webIdentity(OIDC, subject('acme/deploy', 'main')),
        'ci',
        'ASIARUN5010000001',
        'GitHubActions',
      ),
      record(4, 'ListBuckets', session('ci', 'GitHubActions', 'ASIARUN5010000001')),
      // two runs of acme/api main overlap (minutes 20-40 and 25-45); the session names run 602
      assume(
        30,
        'AssumeRoleWithWebIdentity',
        webIdentity(OIDC, subject('acme/api', 'main')),
        'ci',
        'ASIARUN6020000001',
        'gha-602',
      ),
      // ... and one that does not: the latest started run, at a lower confidence
      assume(
        31,
        'AssumeRoleWithWebIdentity',
        webIdentity(OIDC, subject('acme/api', 'main')),
        'ci',
        'ASIAAMBIGUOUS00001',
        'GitHubActions',
      ),
      // near misses: a branch no run was of, a repository outside the organization's log, a session after its run
      assume(
        5,
        'AssumeRoleWithWebIdentity',
        webIdentity(OIDC, subject('acme/deploy', 'hotfix')),
        'ci',
        'ASIANOBRANCH00001',
        'GitHubActions',
      ),
      assume(
        6,
        'AssumeRoleWithWebIdentity',
        webIdentity(OIDC, subject('octo-fork/ci-probe', 'main')),
        'ci',
        'ASIAUNKNOWNREPO001',
        'GitHubActions',
      ),
      assume(
        55,
        'AssumeRoleWithWebIdentity',
        webIdentity(OIDC, subject('acme/deploy', 'main')),
        'ci',
        'ASIALATE0000000001',
        'GitHubActions',
      ),
    ];
    const audit = [
      run(0, 10, 'alice', 'acme/deploy', 'main', 501),
      run(20, 40, 'bob', 'acme/api', 'main', 601),
      run(25, 45, 'carol', 'acme/api', 'main', 602),
    ];
    const dir = await tempDir();
    await writeFile(path.join(dir, 'trail.json'), JSON.stringify({ Records: trail }));
    await writeFile(path.join(dir, 'github-audit.json'), lines(audit));
    const { core } = await openTempCase('oidc-runs');
    await ingest(core, [dir]);
    const db = core.session.requireCase().db;
    const edges = await db.all<Edge>(
      sql`SELECT * FROM lineage_edges WHERE kind = 'oidc_workflow_run' ORDER BY credential_uid`,
    );
    const by = new Map(edges.map((e) => [e.credential_uid, e]));
    expect([...by.keys()].sort()).toEqual(['ASIAAMBIGUOUS00001', 'ASIARUN5010000001', 'ASIARUN6020000001']);

    const plain = by.get('ASIARUN5010000001')!;
    expect(plain).toMatchObject({
      parent_uid: 'github:alice',
      child_uid: `${OIDC}:${subject('acme/deploy', 'main')}`,
      confidence: 0.8,
    });
    expect(plain.matched).toContain(
      'repo acme/deploy and head_branch main of workflows.completed_workflow_run (run 501',
    );
    const ends = await db.all<{ event_uid: string; op: string }>(
      sql`SELECT event_uid, api_operation AS op FROM events WHERE event_uid IN (${param(plain.issue_event_uid)}, ${param(plain.first_use_event_uid)})`,
    );
    expect(Object.fromEntries(ends.map((e) => [e.event_uid, e.op]))).toEqual({
      [plain.issue_event_uid]: 'workflows.completed_workflow_run',
      [plain.first_use_event_uid]: 'AssumeRoleWithWebIdentity',
    });

    expect(by.get('ASIARUN6020000001')).toMatchObject({ parent_uid: 'github:carol', confidence: 1 });
    expect(by.get('ASIARUN6020000001')!.matched).toContain('roleSessionName gha-602 names workflow_run_id 602');
    expect(by.get('ASIAAMBIGUOUS00001')).toMatchObject({ parent_uid: 'github:carol', confidence: 0.5 });
    expect(by.get('ASIAAMBIGUOUS00001')!.matched).toContain('2 runs of that repository and branch');
    // the API's link contract knows the hop: the person's lineage shows the run's sessions as children
    const links = z.array(LineageLink).parse(await core.api.identityLineage({ actor_uid: 'github:alice', depth: 1 }));
    expect(links).toEqual([
      expect.objectContaining({ direction: 'child', kind: 'oidc_workflow_run', credentials: ['ASIARUN5010000001'] }),
    ]);
    core.close();
  });
});

describe("the generator's cross-source side", () => {
  it('writes the GitHub audit log of its CI runs and the EKS audit log of its IRSA workload, whose hops lineage finds', async () => {
    const dir = await tempDir();
    const truth: LineageTruth[] = [];
    await generateCloudTrailArchive({
      outDir: path.join(dir, 'evidence'),
      seed: 3,
      days: 3,
      scale: 0.3,
      start: '2026-10-05T00:00:00Z', // a Monday: CI runs on workdays
      lineage: truth,
      crossSource: true,
    });
    const { core } = await openTempCase('cross-source-gen');
    await ingest(core, [path.join(dir, 'evidence')]);
    const db = core.session.requireCase().db;
    const sources = await db.all<{ source: string }>(sql`SELECT DISTINCT source FROM events ORDER BY source`);
    expect(sources.map((s) => s.source)).toEqual(['cloudtrail', 'github_audit', 'k8s_audit']);
    for (const kind of ['oidc_workflow_run', 'irsa']) {
      const want = truth
        .filter((t) => t.kind === kind)
        .map((t) => `${t.parent} ${t.child} ${t.credential}`)
        .sort();
      const got = (
        await db.all<{ e: string }>(
          sql`SELECT parent_uid || ' ' || child_uid || ' ' || credential_uid AS e FROM lineage_edges WHERE kind = ${param(kind)}`,
        )
      )
        .map((r) => r.e)
        .sort();
      expect(want.length, `${kind} hops in the truth`).toBeGreaterThan(0);
      expect(got, kind).toEqual(want);
    }
    // the IRSA sessions' issuer is the Kubernetes service account of the cluster's audit log
    const irsa = truth.find((t) => t.kind === 'irsa')!;
    expect(irsa.parent).toBe('k8s:system:serviceaccount:orders:orders-worker');
    core.close();
  });
});
