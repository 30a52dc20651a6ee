// Lineage chains of Entra, GitHub, Vault and GCP over real DuckDB: each edge's ends, evidence, confidence and fields.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Duck } from '../../main/core/db/duck';
import type { LineageTruth } from '../../main/core/demo/cloudtrail-activity';
import { generateVaultLeases } from '../../main/core/demo/vault-leases';
import { param, sql } from '../../main/core/db/sql';
import { ingest, openTempCase } from '../helpers/core';
import * as R from '../helpers/lineage-sources';
import { HAVE_SAMPLES, SAMPLES, tempDir } from '../helpers/paths';

type Edge = {
  kind: string;
  source: string;
  parent_uid: string;
  child_uid: string | null;
  credential_uid: string | null;
  issue_event_uid: string;
  first_use_event_uid: string | null;
  use_count: number;
  confidence: number;
  matched: string;
};

async function edgesOf(write: (dir: string) => Promise<void>, name: string) {
  const dir = await tempDir();
  await write(dir);
  const { core } = await openTempCase(name);
  await ingest(core, [dir]);
  const db = core.session.requireCase().db;
  const edges = await db.all<Edge>(sql`SELECT * FROM lineage_edges ORDER BY issued_at, kind, parent_uid, child_uid`);
  const of = (kind: string) => edges.filter((e) => e.kind === kind);
  return { core, db, edges, of };
}

/** An evidence event: its operation, minute after 10:00 and source, to check which record an edge cites. */
async function ev(db: Duck, uid: string | null) {
  expect(uid).not.toBeNull();
  return db.one<{ op: string; minute: number; source: string }>(sql`
    SELECT api_operation AS op, CAST(date_diff('minute', TIMESTAMPTZ '2026-10-01 10:00:00+00', time) AS INTEGER) AS minute,
      source
    FROM events WHERE event_uid = ${param(uid!)}`);
}

describe('lineage from Entra, GitHub, Vault and GCP', () => {
  it('Entra: a credential added → its sign-ins by key id; consent → the app after it; a token → its Activity operations', async () => {
    const { core, db, of } = await edgesOf(R.writeEntraEvidence, 'lin-entra');
    const creds = of('entra_credential');
    expect(creds).toHaveLength(3);
    const added = creds.find((e) => e.credential_uid === R.NEW_KEY)!;
    expect(added).toMatchObject({
      source: 'azure_activity',
      parent_uid: 'azure:user:mallory@contoso.com',
      child_uid: `azure:sp:${R.SP_ID}`,
      use_count: 1, // the sign-in with the old key (minute 6) is not this credential's use
      confidence: 1,
    });
    expect(added.matched).toContain(`KeyIdentifier ${R.NEW_KEY}`);
    expect(added.matched).toContain('servicePrincipalCredentialKeyId');
    expect(await ev(db, added.issue_event_uid)).toMatchObject({ op: 'Add service principal credentials', minute: 2 });
    expect(await ev(db, added.first_use_event_uid)).toMatchObject({ op: 'sign-in', minute: 5, source: 'entra_signin' });
    // the old key, present before the change, is not an added credential
    expect(creds.some((e) => e.credential_uid === R.OLD_KEY)).toBe(false);
    // the application object's change (en dash, trailing space) reaches its service principal through the key
    const app = creds.find((e) => e.credential_uid === R.APP2_KEY)!;
    expect(app).toMatchObject({ child_uid: `azure:sp:${R.APP2_SP}`, use_count: 1, confidence: 1 });
    expect(await ev(db, app.first_use_event_uid)).toMatchObject({ op: 'sign-in', minute: 8 });
    // a secret not used yet is its application's service principal's, found from the app id's sign-ins
    const spare = creds.find((e) => e.credential_uid === R.APP2_UNUSED)!;
    expect(spare).toMatchObject({ child_uid: `azure:sp:${R.APP2_SP}`, use_count: 0, first_use_event_uid: null });

    const consent = of('entra_consent');
    expect(consent).toHaveLength(1);
    expect(consent[0]).toMatchObject({
      parent_uid: 'azure:user:alice@contoso.com',
      child_uid: `azure:sp:${R.CONSENT_SP}`,
      use_count: 1, // its call at minute 25 came before the consent
      confidence: 0.8,
    });
    expect(await ev(db, consent[0]!.first_use_event_uid)).toMatchObject({ minute: 35, source: 'azure_activity' });

    const tokens = of('entra_token');
    expect(tokens).toHaveLength(2);
    const byUti = tokens.find((e) => e.parent_uid === `azure:sp:${R.SP_ID}`)!;
    expect(byUti).toMatchObject({ child_uid: `azure:sp:${R.SP_ID}`, use_count: 1, confidence: 1 });
    expect(byUti.matched).toContain('claims.uti');
    expect(await ev(db, byUti.issue_event_uid)).toMatchObject({ op: 'sign-in', minute: 5 });
    expect(await ev(db, byUti.first_use_event_uid)).toMatchObject({
      op: 'Microsoft.Storage/storageAccounts/listKeys/action',
      minute: 7,
    });
    const byIat = tokens.find((e) => e.parent_uid === `azure:sp:${R.MI_ID}`)!;
    // the call at minute 90 carries a token issued at minute 85, with no sign-in within five minutes of it
    expect(byIat).toMatchObject({ child_uid: `azure:sp:${R.MI_ID}`, use_count: 1, confidence: 0.8 });
    expect(byIat.matched).toContain('claims.iat');
    expect(await ev(db, byIat.first_use_event_uid)).toMatchObject({ minute: 22 });
    core.close();
  });

  it('GitHub: a PAT → its requests; an app installed → its bot in that organization; a deploy key → clones', async () => {
    const { core, db, of } = await edgesOf(R.writeGithubEvidence, 'lin-github');
    const pat = of('github_token');
    expect(pat).toHaveLength(1);
    expect(pat[0]).toMatchObject({
      source: 'github_audit',
      parent_uid: 'github:alice',
      child_uid: 'github:token:9001',
      // the creation names the hash alone; its requests carry both, so the token is known by its token_id
      credential_uid: '9001',
      use_count: 2, // not access_granted (managing it), not the other token's request
      confidence: 1,
    });
    expect(pat[0]!.matched).toContain(`hashed_token of personal_access_token.create`);
    expect(pat[0]!.matched).toContain('Fine-grained personal access token');
    expect(await ev(db, pat[0]!.issue_event_uid)).toMatchObject({ op: 'personal_access_token.create', minute: 0 });
    expect(await ev(db, pat[0]!.first_use_event_uid)).toMatchObject({ op: 'api.request', minute: 5 });

    const app = of('github_app_install');
    expect(app).toHaveLength(1);
    expect(app[0]).toMatchObject({
      parent_uid: 'github:alice',
      child_uid: 'github:deploy-helper[bot]',
      use_count: 1, // not its push in other-org
      confidence: 0.7,
    });
    expect(app[0]!.matched).toContain('by name');
    expect(await ev(db, app[0]!.first_use_event_uid)).toMatchObject({ op: 'git.push', minute: 12 });
    // a bot event that names no token still gets a reason (it was NULL, and the ingest failed)
    const bot = await db.one<{ reason: string }>(
      sql`SELECT reason FROM identities WHERE actor_uid = 'github:deploy-helper[bot]'`,
    );
    expect(bot?.reason).toContain('token not named');

    const key = of('github_deploy_key');
    expect(key).toHaveLength(1);
    expect(key[0]).toMatchObject({ use_count: 1, confidence: 0.6 });
    expect(await ev(db, key[0]!.first_use_event_uid)).toMatchObject({ op: 'git.clone', minute: 25 });
    core.close();
  });

  it('GitHub: a token joins its uses on the field both records carry, and says which one joined each', async () => {
    // The documented token data of an event made with a token: hashed_token (SHA-256, base64),
    // programmatic_access_type, token_scopes; some exports also carry token_id, some only token_id.
    const H1 = 'hV3nQ0sX4yZ8aB2cD6eF0gH4iJ8kL2mN6oP0qR4sT8u=';
    const fine = { programmatic_access_type: 'Fine-grained personal access token' };
    const rows = [
      R.gh(0, 'personal_access_token.create', {
        actor: 'bob',
        hashed_token: H1,
        token_id: 7001,
        user_programmatic_access_name: 'nightly-sync',
        ...fine,
      }),
      R.gh(2, 'api.request', { actor: 'bob', hashed_token: H1, ...fine, route: '/repos/{owner}/{repo}' }),
      R.gh(3, 'git.clone', { actor: 'bob', token_id: 7001, repo: 'acme/web', ...fine }),
      R.gh(4, 'api.request', { actor: 'bob', hashed_token: H1, token_id: 7001, ...fine }),
      // near miss: the same token_id with another hash is another token
      R.gh(5, 'api.request', {
        actor: 'bob',
        hashed_token: 'Ot4herHash0000000000000000000000000000000000=',
        token_id: 7001,
      }),
      // a classic token created with its token_id only
      R.gh(6, 'oauth_access.create', {
        actor: 'carol',
        token_id: 7100,
        programmatic_access_type: 'OAuth access token',
      }),
      // near miss: a hash and no token_id: nothing in common with that creation
      R.gh(7, 'api.request', {
        actor: 'carol',
        hashed_token: 'H3only000000000000000000000000000000000000000=',
        token_scopes: 'repo',
      }),
      R.gh(8, 'git.push', {
        actor: 'carol',
        token_id: 7100,
        hashed_token: 'H3only000000000000000000000000000000000000000=',
        token_scopes: 'repo',
        repo: 'acme/api',
      }),
    ];
    const { core, db, of } = await edgesOf(
      (dir) => writeFile(path.join(dir, 'github-tokens.json'), R.lines(rows)),
      'lin-github-fields',
    );
    const [fineGrained, classic] = of('github_token');
    expect(fineGrained).toMatchObject({ parent_uid: 'github:bob', credential_uid: '7001', use_count: 3 });
    expect(fineGrained!.matched).toContain(
      `hashed_token of personal_access_token.create = hashed_token of 2 events made with it (${H1})`,
    );
    expect(fineGrained!.matched).toContain(
      'token_id of personal_access_token.create = token_id of 1 event made with it (7001), which carry no hashed_token',
    );
    expect(await ev(db, fineGrained!.first_use_event_uid)).toMatchObject({ op: 'api.request', minute: 2 });
    expect(classic).toMatchObject({ parent_uid: 'github:carol', credential_uid: '7100', use_count: 1 });
    expect(classic!.matched).toContain('token_id of oauth_access.create = token_id of 1 event made with it (7100)');
    expect(classic!.matched).not.toContain('hashed_token of');
    expect(await ev(db, classic!.first_use_event_uid)).toMatchObject({ op: 'git.push', minute: 8 });
    core.close();
  });

  it('Vault: a login and a child token → their requests; AWS leases → the IAM user and key CloudTrail shows', async () => {
    const { core, db, of } = await edgesOf(R.writeVaultEvidence, 'lin-vault');
    const login = of('vault_login');
    expect(login).toHaveLength(1);
    expect(login[0]).toMatchObject({
      source: 'vault_audit',
      parent_uid: `vault:${R.VAULT_ENTITY}`,
      child_uid: `vault:${R.VAULT_ENTITY}`,
      credential_uid: R.ACC_LOGIN,
      use_count: 8, // four request/response pairs; not the other token's request, not the login pair itself
      confidence: 1,
    });
    expect(await ev(db, login[0]!.issue_event_uid)).toMatchObject({ op: 'update', minute: 0 });
    expect(await ev(db, login[0]!.first_use_event_uid)).toMatchObject({ op: 'read', minute: 1 });

    const child = of('vault_token');
    expect(child).toHaveLength(1);
    expect(child[0]).toMatchObject({
      parent_uid: `vault:${R.VAULT_ENTITY}`,
      child_uid: 'vault:token-nightly-report',
      credential_uid: R.ACC_CHILD,
      use_count: 1,
    });
    expect(child[0]!.matched).toContain('response.auth.accessor');

    const leases = of('vault_aws_creds');
    expect(leases).toHaveLength(2);
    const minted = leases.find((e) => e.credential_uid === R.MINTED_KEY)!;
    expect(minted).toMatchObject({
      parent_uid: `vault:${R.VAULT_ENTITY}`,
      child_uid: R.mintedUserArn(),
      use_count: 2,
      confidence: 0.7,
    });
    expect(minted.matched).toContain(R.MINTED_USER);
    expect(await ev(db, minted.issue_event_uid)).toMatchObject({ source: 'vault_audit', minute: 5 });
    expect(await ev(db, minted.first_use_event_uid)).toMatchObject({
      op: 'ListBuckets',
      minute: 6,
      source: 'cloudtrail',
    });
    // the vault-… user created at minute 40 is no lease's of this log
    expect(leases.some((e) => e.credential_uid === 'AKIAVAULTLATE000001')).toBe(false);
    const clear = leases.find((e) => e.credential_uid === R.CLEAR_KEY)!;
    expect(clear).toMatchObject({ use_count: 1, confidence: 1 });
    expect(clear.child_uid).toMatch(/:user\/vault-approle-reader-/);
    expect(clear.matched).toContain('response.data.access_key');

    // two hops down from the Vault identity reach the IAM user it minted
    const down = await core.api.identityLineage({ actor_uid: `vault:${R.VAULT_ENTITY}`, depth: 2 });
    expect(down.map((l) => l.child_uid)).toContain(R.mintedUserArn());
    core.close();
  });

  it('GCP: a key → its calls; a token → the delegated calls in its lifetime; bare delegation; GKE Workload Identity', async () => {
    const { core, db, of } = await edgesOf(R.writeGcpEvidence, 'lin-gcp');
    const key = of('gcp_sa_key');
    expect(key).toHaveLength(1);
    expect(key[0]).toMatchObject({
      source: 'gcp_audit',
      parent_uid: 'gcp:alice@acme.example',
      child_uid: `gcp:${R.sa('deployer')}`,
      use_count: 1, // not the call with the account's other key
      confidence: 1,
    });
    expect(key[0]!.credential_uid).toMatch(new RegExp(`/keys/${R.KEY_ID}$`));
    expect(await ev(db, key[0]!.first_use_event_uid)).toMatchObject({ op: 'storage.objects.get', minute: 2 });

    const imp = of('gcp_impersonation');
    expect(imp).toHaveLength(1);
    expect(imp[0]).toMatchObject({
      parent_uid: 'gcp:bob@acme.example',
      child_uid: `gcp:${R.sa('builder')}`,
      use_count: 1, // the call at minute 25 is past the token's 600 s
      confidence: 0.9,
    });
    expect(imp[0]!.matched).toContain('serviceAccountDelegationInfo');
    expect(await ev(db, imp[0]!.issue_event_uid)).toMatchObject({ op: 'GenerateAccessToken', minute: 10 });
    expect(await ev(db, imp[0]!.first_use_event_uid)).toMatchObject({ minute: 12 });

    const del = of('gcp_delegation');
    expect(del.map((e) => [e.parent_uid, e.child_uid, e.use_count]).sort()).toEqual([
      ['gcp:bob@acme.example', `gcp:${R.sa('builder')}`, 1],
      ['gcp:carol@acme.example', `gcp:${R.sa('reporter')}`, 1],
    ]);
    const late = del.find((e) => e.parent_uid === 'gcp:bob@acme.example')!;
    expect(await ev(db, late.first_use_event_uid)).toMatchObject({ minute: 25 });

    const wi = of('gke_workload_identity');
    expect(wi.map((e) => e.child_uid).sort()).toEqual([`gcp:${R.sa('cart-gsa')}`, `gcp:${R.WI_SUBJECT}`].sort());
    for (const e of wi) {
      expect(e).toMatchObject({ parent_uid: 'k8s:system:serviceaccount:shop:cart', use_count: 1, confidence: 0.8 });
      expect(e.matched).toContain('cluster is not named');
    }
    core.close();
  });

  it.skipIf(!HAVE_SAMPLES)(
    'reads real exports: fine-grained PATs created, a CI account impersonated by WIF',
    async () => {
      const { core } = await openTempCase('lin-samples');
      await ingest(core, [
        path.join(SAMPLES, 'github_audit/azure-sentinel/Github_sample_logs.part1.json'),
        path.join(SAMPLES, 'gcp_audit/elastic/test-iamcredentials-googleapis-com.log'),
      ]);
      const db = core.session.requireCase().db;
      const edges = await db.all<Edge>(sql`SELECT * FROM lineage_edges ORDER BY issued_at, kind`);
      const pats = edges.filter((e) => e.kind === 'github_token');
      expect(pats.map((e) => e.credential_uid).sort()).toEqual([
        'AVG4qMvzVHb/VsXM5JBzl1V6uu+hjxBIXl6qXtNLlGU=',
        'KjZa/GOlvFtvgzAfpJVdPNhNKFc4Lxt2otCHw9fp3Po=',
      ]);
      for (const p of pats) expect(p).toMatchObject({ parent_uid: 'github:siteshjha11', use_count: 0, confidence: 1 });
      const imp = edges.find((e) => e.kind === 'gcp_impersonation');
      expect(imp).toMatchObject({
        child_uid: 'gcp:made-up-ci-account@project-id.iam.gserviceaccount.com',
        use_count: 0,
      });
      expect(imp!.parent_uid).toMatch(/^gcp:principal:\/\/iam\.googleapis\.com\/.*workloadIdentityPools/);
      core.close();
    },
  );
});

describe('the Vault lease generator of the eval', () => {
  it('gives a case whose Vault edges are its ground truth, bursts and hand-made vault-test users included', async () => {
    const dir = await tempDir();
    const truth: LineageTruth[] = [];
    await generateVaultLeases({ outDir: dir, seed: 7, days: 5, start: Date.UTC(2026, 8, 1), lineage: truth });
    const { core } = await openTempCase('lin-vault-gen');
    await ingest(core, [dir]);
    const db = core.session.requireCase().db;
    const edges = await db.all<Edge>(
      sql`SELECT * FROM lineage_edges WHERE kind IN ('vault_aws_creds', 'vault_login') ORDER BY issued_at`,
    );
    const key = (k: string, p: string, c: string | null, cred: string | null) => [k, p, c, cred].join('|');
    const want = truth
      .filter((t) => t.kind.startsWith('vault_'))
      .map((t) => key(t.kind, t.parent, t.child, t.credential))
      .sort();
    expect(want.length).toBeGreaterThan(5);
    expect(edges.map((e) => key(e.kind, e.parent_uid, e.child_uid, e.credential_uid)).sort()).toEqual(want);
    expect(edges.filter((e) => e.kind === 'vault_aws_creds').every((e) => e.use_count > 0)).toBe(true);
    core.close();
  });
});

describe('lineage over records of shapes no vendor documents', () => {
  it('ingests them all, each costing at most its own edge', async () => {
    const { core, edges } = await edgesOf(R.writeOddEvidence, 'lin-odd');
    // a lifetime past GCP's 12-hour cap is read as the cap: the token still names bob and the builder account
    expect(edges.find((e) => e.kind === 'gcp_impersonation' && e.child_uid === `gcp:${R.sa('builder')}`)).toBeTruthy();
    // an iat that is no time joins no sign-in
    expect(edges.some((e) => e.kind === 'entra_token')).toBe(false);
    // the key description that is not text names no key: the edge falls back to the target's sign-ins
    const cred = edges.filter((e) => e.kind === 'entra_credential');
    expect(cred.every((e) => e.credential_uid === null && e.confidence === 0.6)).toBe(true);
    core.close();
  });
});
