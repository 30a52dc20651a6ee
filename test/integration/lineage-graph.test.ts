// The case-wide lineage graph over real DuckDB: the chains through an identity or a finding, up and down, capped.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrailmarkError } from '../../shared/errors';
import { resultOf } from '../../shared/jobs';
import { ingest, openTempCase } from '../helpers/core';
import {
  federationTrail,
  GH_SUBJECT,
  KNOWN,
  OIDC,
  roleArn,
  userArn,
  writeChainEvidence,
} from '../helpers/lineage-records';
import { tempDir } from '../helpers/paths';

const edgeKeys = (edges: { kind: string; parent_uid: string; child_uid: string | null }[]) =>
  edges.map((e) => `${e.kind} ${e.parent_uid} → ${e.child_uid}`).sort();

describe('lineage graph', () => {
  it('from an identity: its repository above, the user, key and chained role below, each hop with its evidence', async () => {
    const dir = await tempDir();
    await writeChainEvidence(dir);
    const { core } = await openTempCase('lineage-graph');
    await ingest(core, [dir]);
    const ci = roleArn('ci-deploy');
    const repo = `${OIDC}:${GH_SUBJECT}`;
    const g = await core.api.lineageGraph({ actor_uid: ci });
    expect(g).toMatchObject({ root: ci, depth: 3, finding: null, window: null, capped: false, reached: 4 });
    const byUid = new Map(g.nodes.map((n) => [n.actor_uid, n]));
    expect([...byUid.keys()].sort()).toEqual([ci, repo, roleArn('prod-admin'), userArn('backdoor')].sort());
    expect(byUid.get(ci)).toMatchObject({ hops: 0, up: true, down: true, name: 'ci-deploy' });
    expect(byUid.get(repo)).toMatchObject({ hops: 1, up: true, down: false });
    expect(byUid.get(userArn('backdoor'))).toMatchObject({ hops: 1, up: false, down: true, category: 'machine' });
    // the deployer who also assumed prod-admin is not on a chain through the CI role
    expect(byUid.has(userArn('deployer'))).toBe(false);
    expect(edgeKeys(g.edges)).toEqual(
      [
        `oidc_federation ${repo} → ${ci}`,
        `created_user ${ci} → ${userArn('backdoor')}`,
        `access_key ${ci} → ${userArn('backdoor')}`,
        `role_chain ${ci} → ${roleArn('prod-admin')}`,
      ].sort(),
    );
    const key = g.edges.find((e) => e.kind === 'access_key')!;
    expect(key).toMatchObject({ credentials: ['AKIABACKDOOR0000001'], use_count: 3, issuances: 1, confidence: 1 });
    const issued = await core.api.getEvent({ event_uid: key.issue_event_uids[0]! });
    expect(issued.api_operation).toBe('CreateAccessKey');
    const used = await core.api.getEvent({ event_uid: key.first_use_event_uids[0]! });
    expect(used).toMatchObject({ api_operation: 'ListUsers', actor_uid: userArn('backdoor') });

    // a hop of the graph is the same link, with the same columns, as the identity's lineage list gives it
    const links = await core.api.identityLineage({ actor_uid: ci, depth: 1 });
    for (const e of g.edges.filter((x) => x.parent_uid === ci || x.child_uid === ci)) {
      const link = links.find((l) => l.kind === e.kind && l.parent_uid === e.parent_uid && l.child_uid === e.child_uid);
      expect(link, `${e.kind} in the identity's lineage`).toBeDefined();
      expect(e).toMatchObject({
        issuances: link!.issuances,
        first_issued: link!.first_issued,
        last_issued: link!.last_issued,
        credentials: link!.credentials,
        issue_event_uids: link!.issue_event_uids,
        first_use_event_uids: link!.first_use_event_uids,
        use_count: link!.use_count,
        first_use: link!.first_use,
        last_use: link!.last_use,
        confidence: link!.confidence,
        matched: link!.matched,
      });
    }

    // depth counts hops each way: one hop from the repository stops at the role, two reach its user
    const one = await core.api.lineageGraph({ actor_uid: repo, depth: 1 });
    expect(one.nodes.map((n) => n.actor_uid).sort()).toEqual([ci, repo].sort());
    const two = await core.api.lineageGraph({ actor_uid: repo, depth: 2 });
    expect(two.nodes.find((n) => n.actor_uid === userArn('backdoor'))).toMatchObject({ hops: 2, down: true });

    // capped: the root and the identity its links carried the most calls to, and only the hops between them
    const capped = await core.api.lineageGraph({ actor_uid: ci, max_nodes: 2 });
    expect(capped).toMatchObject({ capped: true, reached: 4, max_nodes: 2 });
    expect(capped.nodes.map((n) => n.actor_uid)).toEqual([ci, userArn('backdoor')]);
    expect(edgeKeys(capped.edges)).toEqual(
      [`access_key ${ci} → ${userArn('backdoor')}`, `created_user ${ci} → ${userArn('backdoor')}`].sort(),
    );

    await expect(core.api.lineageGraph({ actor_uid: 'arn:aws:iam::111122223333:role/nobody' })).rejects.toSatisfy(
      (e) => e instanceof TrailmarkError && e.kind === 'not_found',
    );
    await expect(core.api.lineageGraph({})).rejects.toSatisfy(
      (e) => e instanceof TrailmarkError && e.kind === 'bad_request',
    );
    core.close();
  });

  it("from a finding: only the root's links active in its window, unless asked for all of them", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'trail.json'), JSON.stringify({ Records: federationTrail() }));
    const { core } = await openTempCase('lineage-graph-finding');
    await ingest(core, [dir]);
    const { job } = await core.api.startAnalysis({ baseline_until: '2026-10-05T00:00:00Z', default_rules: false });
    const end = await core.session.jobs.wait(job);
    if (!resultOf(end, 'analysis')) throw new Error(`analysis ${end.state}`);
    const ci = roleArn('ci-deploy');
    const { rows } = await core.api.listFindings({ actor_uid: ci, limit: 100 });
    const finding = rows.find(
      (f) => f.detectors.includes('federated_role_new_subject') && f.title.includes('octo-fork'),
    );
    expect(finding, rows.map((f) => f.title).join(' | ')).toBeTruthy();

    const probe = `${OIDC}:repo:octo-fork/ci-probe:ref:refs/heads/main`;
    const g = await core.api.lineageGraph({ finding: finding!.id });
    expect(g.root).toBe(ci);
    expect(g.finding).toMatchObject({ id: finding!.id, start: finding!.start, end: finding!.end });
    expect(g.window).toEqual({ from: finding!.start, to: finding!.end });
    expect(g.nodes.map((n) => n.actor_uid).sort()).toEqual([ci, probe, userArn('backdoor')].sort());
    // the four days of the known repository and the later feature branch are outside the finding's window
    expect(g.outside_window).toBe(5);
    expect(g.nodes.find((n) => n.actor_uid === userArn('backdoor'))).toMatchObject({
      findings: 1,
      max_severity: 'critical',
    });
    expect(g.nodes.find((n) => n.actor_uid === ci)!.findings).toBeGreaterThanOrEqual(1);
    const key = g.edges.find((e) => e.kind === 'access_key')!;
    expect(key).toMatchObject({ parent_uid: ci, child_uid: userArn('backdoor'), use_count: 3 });

    const all = await core.api.lineageGraph({ finding: finding!.id, all_time: true });
    expect(all.window).toBeNull();
    expect(all.outside_window).toBe(0);
    expect(all.nodes.map((n) => n.actor_uid)).toContain(`${OIDC}:${KNOWN}`);
    expect(all.nodes).toHaveLength(5); // + the known repository's main branch and its feature branch
    core.close();
  });
});
