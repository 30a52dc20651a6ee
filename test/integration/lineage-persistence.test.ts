// created_credential_used over every credential kind lineage builds, from the lineage fixtures of each source plus
// one issuance per kind that nothing ever uses: a creator under a finding whose credential is used gets a finding
// on what it created, citing the edge's issuing record and first use; an unused credential and a creator no
// detector flagged get none.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingDraft } from '../../main/core/case/finding-draft';
import type { CoreService } from '../../main/core/api/service';
import type { Duck } from '../../main/core/db/duck';
import { sql } from '../../main/core/db/sql';
import { createdCredentialUsed, LASTING } from '../../main/core/analysis/detectors/lineage';
import { resolveParams } from '../../main/core/analysis/params';
import { dropWorkingTables, prepare } from '../../main/core/analysis/prepare';
import { ingest, openTempCase } from '../helpers/core';
import { createAccessKey, iamUser, k8sEvent, writeChainEvidence } from '../helpers/lineage-records';
import * as R from '../helpers/lineage-sources';
import { lines } from '../helpers/lineage-sources/shared';
import { tempDir } from '../helpers/paths';

type Edge = {
  kind: string;
  parent_uid: string;
  child_uid: string;
  issue_event_uid: string;
  first_use_event_uid: string | null;
  use_count: number;
};

const ALICE_ORG = { actor: 'alice', user_agent: 'curl/8.5.0' };

/** One issuance per kind (besides Entra's spare secret, already in its fixture) that no record ever uses. */
async function writeUnused(dir: string): Promise<void> {
  await writeFile(
    path.join(dir, 'github-unused.json'),
    lines([
      R.gh(100, 'personal_access_token.create', {
        ...ALICE_ORG,
        hashed_token: 'UnusedTokenHash000000000000000000000000000000=',
        programmatic_access_type: 'Fine-grained personal access token',
      }),
      R.gh(101, 'integration_installation.create', { ...ALICE_ORG, integration: 'Idle App' }),
      R.gh(102, 'deploy_key.create', { ...ALICE_ORG, repo: 'acme/idle', title: 'idle-key' }),
    ]),
  );
  await writeFile(
    path.join(dir, 'gcp-unused.json'),
    lines([
      R.gcp(
        100,
        'google.iam.admin.v1.CreateServiceAccountKey',
        'iam.googleapis.com',
        { principalEmail: 'alice@acme.example' },
        {
          request: { name: `projects/-/serviceAccounts/${R.sa('deployer')}`, private_key_type: 2 },
          response: { name: `projects/${R.PROJECT}/serviceAccounts/${R.sa('deployer')}/keys/feedfacefeedfacefeed` },
        },
      ),
    ]),
  );
  // made with a token whose login is not in the case, so that they are no use of a token the case saw issued
  const other = { ...R.approleAuth(R.hmac('b2')), entity_id: 'f0000000-0000-4000-8000-000000000002' };
  const spare = R.approleAuth(R.hmac('d5'));
  const child = { ...spare, accessor: R.hmac('e6'), client_token: R.hmac('t6'), display_name: 'token-spare' };
  await writeFile(
    path.join(dir, 'vault-unused.log'),
    lines([
      R.vault(100, 'response', 'req-spare', 'auth/approle/login', spare, { response: { auth: spare } }),
      R.vault(101, 'response', 'req-spare-child', 'auth/token/create', other, { response: { auth: child } }),
      R.vault(102, 'response', 'req-spare-aws', 'aws/creds/reader', other, {
        response: {
          mount_type: 'aws',
          secret: { lease_id: 'aws/creds/reader/idle' },
          data: { access_key: 'AKIAVAULTIDLE000001', secret_key: R.hmac('s9'), security_token: null },
        },
      }),
    ]),
  );
  await writeFile(
    path.join(dir, 'k8s-unused.log'),
    lines([
      k8sEvent(
        100,
        'system:kube-controller-manager',
        'create',
        { resource: 'serviceaccounts', subresource: 'token', namespace: 'ci', name: 'idle', apiVersion: 'v1' },
        '/api/v1/namespaces/ci/serviceaccounts/idle/token',
      ),
    ]),
  );
  await writeFile(
    path.join(dir, 'trail-unused.json'),
    JSON.stringify({
      Records: [createAccessKey(100, iamUser('deployer', 'AKIADEPLOYER000001'), 'svc-idle', 'AKIANEVERUSED000001')],
    }),
  );
}

let core: CoreService;
let db: Duck;
let edges: Edge[];

/** The detector over the case, given `earlier` as the analysis' other signals (everything is in its window). */
async function persisted(earlier: FindingDraft[]): Promise<FindingDraft[]> {
  const p = await resolveParams(db, { baselineUntil: '2026-09-30T00:00:00Z' });
  await prepare(db, p);
  try {
    return await createdCredentialUsed.run(db, p, earlier);
  } finally {
    await dropWorkingTables(db);
  }
}

/** A finding of another detector on `actor`, as detect() hands it over. */
const findingOn = (actor: string): FindingDraft => ({
  detector: 'first_seen_network',
  severity: 'medium',
  score: 50,
  actor_uid: actor,
  start: '2026-10-01T09:00:00Z',
  end: '2026-10-01T09:05:00Z',
  title: 'First use of a network',
  explanation: 'test',
  event_uids: [],
});

beforeAll(async () => {
  const dir = await tempDir();
  const writers = {
    chain: writeChainEvidence,
    entra: R.writeEntraEvidence,
    github: R.writeGithubEvidence,
    vault: R.writeVaultEvidence,
    gcp: R.writeGcpEvidence,
    unused: writeUnused,
  };
  for (const [name, write] of Object.entries(writers)) {
    await mkdir(path.join(dir, name));
    await write(path.join(dir, name));
  }
  ({ core } = await openTempCase('persistence-kinds'));
  await ingest(core, [dir]);
  db = core.session.requireCase().db;
  edges = await db.all<Edge>(
    sql`SELECT kind, parent_uid, child_uid, issue_event_uid, first_use_event_uid, use_count FROM lineage_edges`,
  );
});
afterAll(() => core?.close());

/** Every kind the detector covers except AWS roles and console passwords (the CloudTrail tests hold those). */
const KINDS = LASTING.filter((k) => !['created_role', 'login_profile'].includes(k));

describe('created_credential_used, per credential kind', () => {
  it.each(KINDS)(
    '%s: used under a finding fires with the edge evidence; unused or unflagged does not',
    async (kind) => {
      const of = edges.filter((e) => e.kind === kind);
      const used = of.find((e) => e.use_count > 0 && e.child_uid);
      const unused = of.find((e) => e.use_count === 0);
      expect(used, `a used ${kind} edge in the fixtures`).toBeDefined();
      expect(unused, `an unused ${kind} edge in the fixtures`).toBeDefined();

      const flagged = await persisted([findingOn(used!.parent_uid), findingOn(unused!.parent_uid)]);
      const hit = flagged.find((f) => f.actor_uid === used!.child_uid);
      expect(hit, `a finding on ${used!.child_uid}`).toBeDefined();
      expect(hit!.event_uids).toContain(used!.issue_event_uid);
      expect(hit!.event_uids).toContain(used!.first_use_event_uid);
      expect(hit!.explanation).toContain(`${used!.parent_uid} is under a finding in the window (first_seen_network`);
      // the unused credential's issuance is no finding's evidence
      expect(flagged.flatMap((f) => f.event_uids)).not.toContain(unused!.issue_event_uid);

      // the same chains with no finding on their creators: nothing
      const others = edges.filter((e) => e.kind === kind).map((e) => e.parent_uid);
      const bystander = (await db.scalar<string>(
        sql`SELECT min(actor_uid) FROM identities WHERE actor_uid NOT IN (SELECT parent_uid FROM lineage_edges)`,
      ))!;
      expect(others).not.toContain(bystander);
      expect(await persisted([findingOn(bystander)])).toEqual([]);
    },
  );

  it('two findings of equal score on the creator give the same finding whatever order they came in', async () => {
    const used = edges.find((e) => e.kind === 'access_key' && e.use_count > 0)!;
    const a = { ...findingOn(used.parent_uid), detector: 'first_seen_network', title: 'A first network' };
    const z = { ...findingOn(used.parent_uid), detector: 'rare_operation', title: 'Z rare operation' };
    const one = await persisted([a, z]);
    expect(one).not.toEqual([]);
    expect(await persisted([z, a])).toEqual(one);
  });

  it('a signal of its own or at info level puts no creator under a finding', async () => {
    const used = edges.find((e) => e.kind === 'access_key' && e.use_count > 0)!;
    const own = { ...findingOn(used.parent_uid), detector: 'created_credential_used' };
    const info = { ...findingOn(used.parent_uid), severity: 'info' as const };
    expect(await persisted([own, info])).toEqual([]);
    expect(await persisted([findingOn(used.parent_uid)])).not.toEqual([]);
  });
});
