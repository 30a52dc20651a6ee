import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAVE_SAMPLES, REPO, SAMPLES, tempDir } from '../helpers/paths';

const bin = path.join(REPO, 'bin/trailmark.mjs');
function trailmark(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: REPO });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface Row {
  actor_uid: string;
  source: string;
  category: string;
  kind: string;
  reason: string;
}

// The built `trailmark` command on the real samples (../shared/samples; see its SOURCES.md and LICENSES/).
describe.skipIf(!HAVE_SAMPLES)('trailmark identities --json on every sample source', () => {
  let caseDir: string;
  let rows: Row[];
  beforeAll(async () => {
    caseDir = path.join(await tempDir(), 'samples.trailmark');
    const dirs = ['aws_cloudtrail', 'azure_activity', 'entra_signin', 'gcp_audit', 'github_audit'];
    const more = ['kubernetes_audit', 'm365_ual', 'okta_system', 'vault_audit'];
    const r = trailmark('ingest', caseDir, ...[...dirs, ...more].map((d) => path.join(SAMPLES, d)), '--json');
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out) as {
      files: { skipped_reason?: string; records: number; loaded: number; quarantined: number }[];
    };
    for (const f of s.files) {
      expect(f.skipped_reason).toBeUndefined();
      expect(f.records).toBe(f.loaded + f.quarantined);
    }
    const ids = trailmark('identities', caseDir, '--json');
    expect(ids.code, ids.err).toBe(0);
    rows = JSON.parse(ids.out) as Row[];
  });

  it('classifies every service account, service principal, managed identity, token and AWS service as machine', () => {
    const machine = (pred: (r: Row) => boolean, field: string) => {
      const hits = rows.filter(pred);
      expect(hits.length, field).toBeGreaterThan(0);
      for (const r of hits) {
        expect(r.category, r.actor_uid).toBe('machine');
        expect(r.reason, r.actor_uid).toContain(field);
      }
    };
    machine((r) => /^k8s:system:serviceaccounts?:/.test(r.actor_uid), 'system:serviceaccount');
    machine((r) => r.actor_uid.includes('workloadIdentityPools'), 'principalSubject');
    machine((r) => r.kind === 'azure_service_principal' && r.source === 'entra_signin', 'servicePrincipalId');
    machine((r) => r.kind === 'azure_managed_identity', 'ManagedIdentitySignInLogs');
    machine((r) => r.actor_uid.startsWith('github:token:'), 'token');
    machine((r) => r.kind === 'aws_service', 'userIdentity.type = AWSService');
    expect(new Set(rows.map((r) => r.source))).toEqual(
      new Set([
        'cloudtrail',
        'k8s_audit',
        'gcp_audit',
        'azure_activity',
        'entra_signin',
        'm365_ual',
        'github_audit',
        'okta',
        'vault_audit',
      ]),
    );
  });

  it('--machine and --source filter, and --mapping saves a mapping that reads a generic log', async () => {
    const k8s = JSON.parse(
      trailmark('identities', caseDir, '--machine', '--source', 'k8s_audit', '--json').out,
    ) as Row[];
    expect(k8s.length).toBeGreaterThan(3);
    expect(k8s.every((r) => r.category === 'machine' && r.source === 'k8s_audit')).toBe(true);
    const dir = await tempDir();
    const mapping = path.join(dir, 'mapping.json');
    await writeFile(
      mapping,
      JSON.stringify({
        name: 'proxy',
        kind: 'csv',
        time: 'timestamp',
        actor: 'user',
        action: 'method',
        ip: 'src',
        outcome: 'status',
      }),
    );
    const r = trailmark(
      'ingest',
      caseDir,
      path.join(REPO, 'test/fixtures/sources/generic-proxy.csv'),
      '--mapping',
      mapping,
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).files[0]).toMatchObject({ format: 'generic_csv', records: 2, loaded: 2 });
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ name: 'x', kind: 'xml', time: 't', actor: 'a', action: 'b' }));
    expect(trailmark('ingest', caseDir, mapping, '--mapping', bad).code).toBe(2);
  });
});
