// Identity lineage built by the ingest over real DuckDB: each hop joined by the field both records carry.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { param, sql } from '../../main/core/db/sql';
import { buildLineage } from '../../main/core/identity/lineage';
import { buildLineageLinks } from '../../main/core/identity/lineage-links';
import { ingest, openTempCase } from '../helpers/core';
import { GH_SUBJECT, IRSA_SUBJECT, OIDC, roleArn, userArn, writeChainEvidence } from '../helpers/lineage-records';
import { HAVE_SAMPLES, SAMPLES, tempDir } from '../helpers/paths';

type Edge = {
  kind: string;
  parent_uid: string;
  child_uid: string | null;
  credential_uid: string | null;
  issue_event_uid: string;
  first_use_event_uid: string | null;
  use_count: number;
  confidence: number;
  matched: string;
};

describe('identity lineage', () => {
  it('joins each issuance and creation to its use, with the kind, the evidence and the fields that matched', async () => {
    const dir = await tempDir();
    await writeChainEvidence(dir);
    const { core } = await openTempCase('lineage');
    await ingest(core, [dir]);
    const db = core.session.requireCase().db;
    const edges = await db.all<Edge>(sql`SELECT * FROM lineage_edges ORDER BY issued_at, kind`);
    const one = (kind: string) => {
      const e = edges.filter((x) => x.kind === kind);
      expect(e, kind).toHaveLength(1);
      return e[0]!;
    };
    const oidc = one('oidc_federation');
    expect(oidc).toMatchObject({
      parent_uid: `${OIDC}:${GH_SUBJECT}`,
      child_uid: roleArn('ci-deploy'),
      use_count: 4,
      confidence: 1,
    });
    expect(oidc.matched).toContain(`subject ${GH_SUBJECT}`);
    expect(one('created_user')).toMatchObject({
      parent_uid: roleArn('ci-deploy'),
      child_uid: userArn('backdoor'),
      use_count: 3,
    });
    const key = one('access_key');
    expect(key).toMatchObject({
      parent_uid: roleArn('ci-deploy'),
      child_uid: userArn('backdoor'),
      credential_uid: 'AKIABACKDOOR0000001',
      use_count: 3,
    });
    const firstUse = await db.scalar(
      sql`SELECT api_operation FROM events WHERE event_uid = ${param(key.first_use_event_uid!)}`,
    );
    expect(firstUse).toBe('ListUsers');
    expect(one('role_chain')).toMatchObject({
      parent_uid: roleArn('ci-deploy'),
      child_uid: roleArn('prod-admin'),
      use_count: 1,
    });
    const irsa = one('irsa');
    expect(irsa).toMatchObject({
      parent_uid: `k8s:${IRSA_SUBJECT}`,
      child_uid: roleArn('payments-irsa'),
      use_count: 1,
      confidence: 0.8,
    });
    expect(irsa.matched).toContain('by name');
    const unused = one('sts_session');
    expect(unused).toMatchObject({
      parent_uid: userArn('deployer'),
      child_uid: roleArn('prod-admin'),
      use_count: 0,
      first_use_event_uid: null,
    });
    expect(edges.some((e) => e.credential_uid === 'ASIAFAILED000000001')).toBe(false);
    expect(one('created_role')).toMatchObject({
      parent_uid: userArn('deployer'),
      child_uid: roleArn('reporting'),
      use_count: 0,
    });
    expect(one('k8s_token')).toMatchObject({
      parent_uid: 'k8s:system:kube-controller-manager',
      child_uid: 'k8s:system:serviceaccount:ci:builder',
      use_count: 2,
      confidence: 0.6,
    });
    core.close();
  });

  it('a first use among calls at the same instant is the smallest event id, whatever order the rows were stored in', async () => {
    const dir = await tempDir();
    await writeChainEvidence(dir);
    const { core } = await openTempCase('lineage-ties');
    await ingest(core, [dir]);
    const db = core.session.requireCase().db;
    const keyEdge = () =>
      db.one<Edge>(
        sql`SELECT * FROM lineage_edges WHERE credential_uid = 'AKIABACKDOOR0000001' AND kind = 'access_key'`,
      );
    const first = (await keyEdge())!.first_use_event_uid!;
    const second = await db.scalar<string>(
      sql`SELECT event_uid FROM events WHERE credential_uid = 'AKIABACKDOOR0000001' AND event_uid <> ${param(first)}
          ORDER BY time LIMIT 1`,
    );
    // The first use, stored first, gets the larger id; the next use moves to its instant with the smaller one.
    await db.run(sql`UPDATE events SET event_uid = 'zz-first-stored' WHERE event_uid = ${param(first)}`);
    await db.run(
      sql`UPDATE events SET event_uid = 'aa-stored-after',
            time = (SELECT time FROM events WHERE event_uid = 'zz-first-stored')
          WHERE event_uid = ${param(second)}`,
    );
    await buildLineage(db);
    expect((await keyEdge())!.first_use_event_uid).toBe('aa-stored-after');
    core.close();
  });

  it('the panel reads lineage_links, written with the edges: one row per link, rebuilt whole by each build', async () => {
    const dir = await tempDir();
    await writeChainEvidence(dir);
    const { core } = await openTempCase('lineage-links');
    await ingest(core, [dir]);
    const db = core.session.requireCase().db;
    const grouped = sql`SELECT kind, source, parent_uid, child_uid, count(*) AS issuances, sum(use_count) AS use_count,
        min(issued_at) AS first_issued FROM lineage_edges GROUP BY ALL ORDER BY ALL`;
    const links = sql`SELECT kind, source, parent_uid, child_uid, issuances, use_count, first_issued
        FROM lineage_links ORDER BY ALL`;
    const before = await db.all(grouped);
    expect(before.length).toBeGreaterThan(3);
    expect(await db.all(links)).toEqual(before);

    // The key's issuing record gone and the lineage built again: its link goes too, and no link is left twice.
    await db.run(sql`DELETE FROM events WHERE api_operation = 'CreateAccessKey'`);
    await buildLineage(db);
    const after = await db.all(grouped);
    expect(after.length).toBe(before.length - 1);
    expect(await db.all(links)).toEqual(after);
    expect(after.some((l) => (l as { kind: string }).kind === 'access_key')).toBe(false);
    const panel = await core.api.identityLineage({ actor_uid: roleArn('ci-deploy'), depth: 1 });
    expect(panel.some((l) => l.kind === 'access_key')).toBe(false);
    await core.close();
  });

  it("a link's evidence lists are its first 20 issuances by time, then event id", async () => {
    const { core } = await openTempCase('lineage-top20');
    const db = core.session.requireCase().db;
    // 30 issuances in reverse order of id, every two at the same instant.
    for (let i = 0; i < 30; i++)
      await db.run(
        sql`INSERT INTO lineage_edges (kind, source, parent_uid, child_uid, credential_uid, issue_event_uid, issued_at,
              first_use_event_uid, use_count, confidence, matched)
            VALUES ('sts_session', 'cloudtrail', 'p', 'c', ${param(`ASIA${100 - i}`)}, ${param(`e${100 - i}`)},
              TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_minutes(${param(Math.floor(i / 2))}),
              ${param(`u${100 - i}`)}, 1, 1.0, 'x')`,
      );
    await buildLineageLinks(db);
    const [link] = await core.api.identityLineage({ actor_uid: 'c', depth: 1 });
    const expected = Array.from({ length: 30 }, (_, i) => 100 - i)
      .map((n, i) => ({ n, t: Math.floor(i / 2) }))
      .sort((a, b) => a.t - b.t || String(a.n).localeCompare(String(b.n)))
      .slice(0, 20);
    expect(link!.issuances).toBe(30);
    expect(link!.issue_event_uids).toEqual(expected.map((x) => `e${x.n}`));
    expect(link!.first_use_event_uids).toEqual(expected.map((x) => `u${x.n}`));
    core.close();
  });

  it('walks the lineage both ways: from the federated CI role to the repository above it and the user, key and calls below', async () => {
    const dir = await tempDir();
    await writeChainEvidence(dir);
    const { core } = await openTempCase('lineage-walk');
    await ingest(core, [dir]);
    const ci = roleArn('ci-deploy');
    const links = await core.api.identityLineage({ actor_uid: ci, depth: 2 });
    const parents = links.filter((l) => l.direction === 'parent');
    expect(parents).toHaveLength(1);
    expect(parents[0]).toMatchObject({ kind: 'oidc_federation', parent_uid: `${OIDC}:${GH_SUBJECT}`, depth: 1 });
    const children = links.filter((l) => l.direction === 'child');
    expect(children.map((l) => [l.kind, l.child_uid, l.depth]).sort()).toEqual(
      [
        ['access_key', userArn('backdoor'), 1],
        ['created_user', userArn('backdoor'), 1],
        ['role_chain', roleArn('prod-admin'), 1],
      ].sort(),
    );
    const key = children.find((l) => l.kind === 'access_key')!;
    expect(key).toMatchObject({ credentials: ['AKIABACKDOOR0000001'], use_count: 3 });
    expect(key.issue_event_uids).toHaveLength(1);
    const uses = await core.api.queryEvents({ filter: { actor_uids: [userArn('backdoor')] } });
    expect(uses.rows.map((r) => r.event_uid)).toContain(key.first_use_event_uids[0]);

    // from the repository: two hops down reach the backdoor user; one hop does not
    const fromRepo = await core.api.identityLineage({ actor_uid: `${OIDC}:${GH_SUBJECT}`, depth: 2 });
    expect(fromRepo.filter((l) => l.depth === 2).map((l) => l.child_uid)).toContain(userArn('backdoor'));
    const oneHop = await core.api.identityLineage({ actor_uid: `${OIDC}:${GH_SUBJECT}`, depth: 1 });
    expect(oneHop.map((l) => l.child_uid)).toEqual([ci]);
    // the backdoor user's parents: who created it and its key
    const up = await core.api.identityLineage({ actor_uid: userArn('backdoor'), depth: 1 });
    expect(up.every((l) => l.direction === 'parent' && l.parent_uid === ci)).toBe(true);
    expect(up).toHaveLength(2);
    core.close();
  });

  it.skipIf(!HAVE_SAMPLES)(
    'reads real exports: a federation token, a created user and key, Kubernetes impersonation',
    async () => {
      const s = path.join(SAMPLES, 'aws_cloudtrail/stratus-red-team');
      const { core } = await openTempCase('lineage-samples');
      await ingest(core, [
        path.join(s, 'aws.persistence.sts-federation-token.json'),
        path.join(s, 'aws.persistence.iam-create-admin-user.json'),
        path.join(SAMPLES, 'kubernetes_audit/audit2rbac/demo.part1.log'),
      ]);
      const db = core.session.requireCase().db;
      const edges = await db.all<Edge>(sql`SELECT * FROM lineage_edges ORDER BY kind`);
      expect(edges.find((e) => e.kind === 'federation_token')).toMatchObject({
        parent_uid: 'arn:aws:iam::742491224508:user/stratus-red-team-user-federation-user',
        child_uid: 'arn:aws:sts::742491224508:federated-user/stratus_red_team',
        credential_uid: 'ASIASTJKC5GCM7ZE6LUP',
        use_count: 1,
      });
      expect(edges.find((e) => e.kind === 'access_key')).toMatchObject({
        parent_uid: 'arn:aws:iam::229654561268:user/christophe',
        child_uid: 'arn:aws:iam::229654561268:user/malicious-iam-user',
        credential_uid: 'AKIAXAFZN8JEPF6L682H',
        use_count: 0,
      });
      expect(edges.find((e) => e.kind === 'created_user')?.child_uid).toBe(
        'arn:aws:iam::229654561268:user/malicious-iam-user',
      );
      const imp = edges.find((e) => e.kind === 'k8s_impersonation' && e.child_uid === 'k8s:bob');
      expect(imp).toMatchObject({ parent_uid: 'k8s:system:admin', child_uid: 'k8s:bob' });
      expect(imp!.use_count).toBeGreaterThan(0);
      core.close();
    },
  );
});
