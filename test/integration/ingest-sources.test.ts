import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import type { Identity, IngestSummary } from '../../shared/model';
import { SOURCES } from '../../shared/model';
import { ingest, openTempCase } from '../helpers/core';
import { writeOcsfParquet } from '../helpers/ocsf';
import { HAVE_SAMPLES, REPO, SAMPLES, tempDir } from '../helpers/paths';

const FIXTURES = path.join(REPO, 'test/fixtures/sources');
const EXCLUDED = ['linux_auth', 'windows_events', 'LICENSES', 'SOURCES.md'];

async function allIdentities(core: CoreService): Promise<Identity[]> {
  return (await core.api.listIdentities({ limit: 5000 })).rows;
}

// Real samples from ../shared/samples (licences and attribution in its LICENSES/ and SOURCES.md).
describe.skipIf(!HAVE_SAMPLES)('every shared sample is recognised by content and reconciled', () => {
  let core: CoreService;
  let summary: IngestSummary;

  beforeAll(async () => {
    ({ core } = await openTempCase('samples'));
    const folders = ['aws_cloudtrail', 'azure_activity', 'entra_signin', 'gcp_audit', 'github_audit'];
    const more = ['kubernetes_audit', 'm365_ual', 'okta_system', 'vault_audit'];
    summary = await ingest(
      core,
      [...folders, ...more].map((f) => path.join(SAMPLES, f)),
    );
  });
  afterAll(() => core.close());

  it('reads every file (none skipped as unknown) and records = loaded + quarantined for each', () => {
    const files = summary.files.filter((f) => !EXCLUDED.some((x) => f.path.includes(`/${x}`)));
    expect(files.length).toBe(41); // SOURCES.md: 45 files, 4 of them linux_auth / windows_events
    for (const f of files) {
      expect(f.skipped_reason, f.path).toBeUndefined();
      expect(f.format, f.path).not.toBe('unknown');
      expect(f.records, f.path).toBeGreaterThan(0);
      expect(f.records, f.path).toBe(f.loaded + f.quarantined);
    }
  });

  it('puts each vendor in its source, with the format recognised from content', async () => {
    const byDir = (dir: string) => summary.files.filter((f) => f.path.includes(`/${dir}/`)).map((f) => f.format);
    expect(new Set(byDir('kubernetes_audit'))).toEqual(new Set(['k8s_audit']));
    expect(new Set(byDir('gcp_audit'))).toEqual(new Set(['gcp_audit']));
    expect(new Set(byDir('entra_signin'))).toEqual(new Set(['entra_signin']));
    expect(new Set(byDir('github_audit'))).toEqual(new Set(['github_audit']));
    expect(byDir('plaso')).toContain('cloudtrail_lookup');
    const info = await core.api.caseInfo({});
    const sources = info.sources.map((s) => s.source);
    for (const s of sources) expect(SOURCES).toContain(s);
    expect(sources).toEqual(
      expect.arrayContaining(['cloudtrail', 'k8s_audit', 'gcp_audit', 'azure_activity', 'entra_signin', 'm365_ual']),
    );
    expect(sources).toEqual(expect.arrayContaining(['github_audit', 'okta', 'vault_audit']));
  });

  it('classifies the machine identities of the samples with a reason naming the deciding field', async () => {
    const rows = await allIdentities(core);
    const get = (uid: string) => {
      const r = rows.find((x) => x.actor_uid === uid);
      expect(r, uid).toBeDefined();
      return r!;
    };
    const sa = get('k8s:system:serviceaccount:kube-system:elastic-agent');
    expect(sa).toMatchObject({ category: 'machine', kind: 'k8s_service_account', source: 'k8s_audit' });
    expect(sa.reason).toContain('user.username = system:serviceaccount:kube-system:elastic-agent');
    expect(get('k8s:system:node:minikube')).toMatchObject({ category: 'machine', kind: 'k8s_node' });
    expect(get('k8s:system:kube-controller-manager')).toMatchObject({ category: 'machine', kind: 'k8s_system' });
    expect(get('k8s:aksService').reason).toContain('user.username = aksService');
    const wif = rows.find(
      (r) => r.actor_uid.startsWith('gcp:principal://') && r.actor_uid.includes('workloadIdentityPools'),
    );
    expect(wif).toMatchObject({ category: 'machine', kind: 'gcp_workload_identity' });
    expect(wif?.reason).toContain('authenticationInfo.principalSubject = principal://');
    const sp = get('azure:sp:b029d485-a308-4311-8720-fb3192e5284e');
    expect(sp).toMatchObject({
      category: 'machine',
      kind: 'azure_service_principal',
      display_name: 'Terraform-Datadog-CLI',
    });
    expect(sp.reason).toContain('category = ServicePrincipalSignInLogs (2 sign-ins), servicePrincipalId = b029d485');
    const mi = get('azure:sp:9d370547-cb61-4753-be23-68534909af90');
    expect(mi).toMatchObject({ category: 'machine', kind: 'azure_managed_identity' });
    expect(mi.reason).toContain('category = ManagedIdentitySignInLogs');
    const arm = get('azure:sp:12345678-9abc-defg-hijk-lmnopqrstuvw');
    expect(arm).toMatchObject({ category: 'machine', kind: 'azure_service_principal', source: 'azure_activity' });
    expect(arm.reason).toContain('claims.appid = 12345678-9abc-defg-hijk-lmnopqrstuvw');
    expect(get('azure:user:fakeemail@fakedomain.com')).toMatchObject({ category: 'human' });
    const token = get('github:token:555555');
    expect(token).toMatchObject({ category: 'machine', kind: 'github_token' });
    expect(token.reason).toContain('token_scopes = repo,read:org');
    const aws = get('config.amazonaws.com');
    expect(aws).toMatchObject({ category: 'machine', kind: 'aws_service' });
    expect(aws.reason).toContain('userIdentity.type = AWSService, invokedBy = config.amazonaws.com');
    const system = rows.find((r) => r.actor_uid.startsWith('m365:nt authority\\system'));
    expect(system).toMatchObject({ category: 'machine', kind: 'm365_system' });
    expect(system?.reason).toContain('UserType = 3 (DcAdmin)');
    expect(get('okta:00u1abvz4pYqdM8ms4x6')).toMatchObject({ category: 'human', kind: 'person' });
    expect(get('vault:e4f5c67a-6f7e-789d-ae56-a1fe3ae23046').reason).toContain('auth.display_name = oidc-');
    for (const r of rows) {
      expect(['human', 'machine', 'unknown']).toContain(r.category);
      expect(r.reason.length, r.actor_uid).toBeGreaterThan(20);
    }
  });

  it('attributes impersonated Kubernetes requests to the impersonated user and to the impersonator', async () => {
    const rows = await allIdentities(core);
    const bob = rows.find((r) => r.actor_uid === 'k8s:bob');
    const admin = rows.find((r) => r.actor_uid === 'k8s:system:admin');
    const sa = rows.find((r) => r.actor_uid === 'k8s:system:serviceaccount:ns1:sa1');
    expect((bob?.event_count ?? 0) + (sa?.event_count ?? 0)).toBe(12);
    expect(bob?.reason).toContain('impersonatedUser');
    expect(sa).toMatchObject({ category: 'machine', kind: 'k8s_service_account' });
    expect(admin?.event_count).toBe(12);
    expect(admin?.reason).toContain('impersonated other users in 12 events');
    const page = await core.api.queryEvents({ filter: { actor_uids: ['k8s:bob'] }, limit: 20 });
    expect(page.total).toBe(bob?.event_count);
    expect(page.rows.every((e) => e.credential_uid === 'k8s:system:admin')).toBe(true);
    expect(page.rows.some((e) => e.outcome === 'failure' && e.error_code === 'Forbidden')).toBe(true);
  });

  it('reads lookup-events records from their CloudTrailEvent string, with the record itself as raw', async () => {
    const page = await core.api.queryEvents({
      filter: { actor_uids: ['arn:aws:iam::012345678901:user/fakeusername'] },
      limit: 10,
    });
    expect(page.total).toBe(2);
    const ev = await core.api.getEvent({ event_uid: page.rows[0]!.event_uid });
    expect(JSON.parse(ev.raw).userIdentity.type).toBe('IAMUser');
    expect(ev.time).toMatch(/^2022-02-0/);
  });

  it('keeps Vault HMAC values as they are, one event per audit line', async () => {
    const page = await core.api.queryEvents({ filter: { text: 'hmac-sha256' }, limit: 50 });
    const vault = await core.api.queryEvents({ filter: { operation: 'update' }, limit: 50 });
    expect(vault.rows.some((e) => e.source === 'vault_audit' && e.outcome === 'failure')).toBe(true);
    const ids = (await allIdentities(core)).filter((r) => r.source === 'vault_audit').map((r) => r.event_count);
    expect(ids.reduce((a, b) => a + b, 0)).toBe(4);
    expect(page).toBeDefined();
  });
});

describe("fixtures written from the vendors' documented schemas", () => {
  let core: CoreService;
  let summary: IngestSummary;
  let dir: string;

  beforeAll(async () => {
    dir = await tempDir();
    await mkdir(path.join(dir, 'in'));
    await writeOcsfParquet(path.join(dir, 'in', 'security-lake.parquet'));
    ({ core } = await openTempCase('fixtures'));
    await core.api.saveIngestMapping({
      name: 'app-audit',
      kind: 'json',
      time: 'ts',
      actor: 'who',
      action: 'what',
      ip: 'client.ip',
      outcome: 'result',
    });
    await core.api.saveIngestMapping({
      name: 'proxy',
      kind: 'csv',
      time: 'timestamp',
      actor: 'user',
      action: 'method',
      ip: 'src',
      outcome: 'status',
    });
    summary = await ingest(core, [FIXTURES, path.join(dir, 'in')]);
  });
  afterAll(() => core.close());

  it('recognises and reconciles every fixture, generic ones through their saved mapping', () => {
    const fmt = (name: string) => summary.files.find((f) => f.path.endsWith(name));
    const expected: Record<string, string> = {
      'eks-cloudwatch-audit.json': 'k8s_audit',
      'gke-cloud-logging-audit.jsonl': 'k8s_audit',
      'aks-kube-audit-object.jsonl': 'k8s_audit',
      'gcp-audit-array.json': 'gcp_audit',
      'azure-activity-export.jsonl': 'azure_activity',
      'entra-user-signins.jsonl': 'entra_signin',
      'entra-audit.jsonl': 'entra_audit',
      'm365-purview-export.csv': 'm365_ual_csv',
      'github-audit-machines.jsonl': 'github_audit',
      'github-audit-export.csv': 'github_audit_csv',
      'okta-machines.jsonl': 'okta_system',
      'vault-machine-auth.jsonl': 'vault_audit',
      'cloudtrail-lookup-events.json': 'cloudtrail_lookup',
      'cloudtrail-console-history.csv': 'cloudtrail_csv',
      'cloudtrail-lake-results.json': 'cloudtrail_lake',
      'cloudtrail-org-trail.json': 'cloudtrail_records',
      'generic-app-audit.jsonl': 'generic_json',
      'generic-proxy.csv': 'generic_csv',
      'security-lake.parquet': 'ocsf_parquet',
    };
    for (const [name, format] of Object.entries(expected)) {
      const f = fmt(name);
      expect(f?.format, name).toBe(format);
      expect(f?.skipped_reason, name).toBeUndefined();
      expect(f!.records, name).toBe(f!.loaded + f!.quarantined);
      expect(f!.loaded, name).toBeGreaterThan(0);
    }
    expect(fmt('eks-cloudwatch-audit.json')?.records).toBe(3);
    expect(fmt('generic-app-audit.jsonl')).toMatchObject({ records: 3, loaded: 2, quarantined: 1 });
  });

  it('classifies each machine kind with the deciding field in the reason', async () => {
    const rows = await allIdentities(core);
    const check = (uid: string, kind: string, field: string, category = 'machine') => {
      const r = rows.find((x) => x.actor_uid === uid);
      expect(r, uid).toMatchObject({ category, kind });
      expect(r!.reason, uid).toContain(field);
    };
    check(
      'k8s:system:serviceaccount:payments:api-worker',
      'k8s_service_account',
      'user.username = system:serviceaccount:payments:api-worker',
    );
    check('k8s:eks:certificate-controller', 'k8s_system', 'user.username = eks:certificate-controller');
    check('k8s:system:node:aks-nodepool1-12345678-vmss000000', 'k8s_node', 'user.username = system:node:');
    check('k8s:system:serviceaccount:ci:deployer', 'k8s_service_account', 'system:serviceaccount:ci:deployer');
    check(
      'gcp:terraform@acme-prod.iam.gserviceaccount.com',
      'gcp_service_account',
      'principalEmail = terraform@acme-prod.iam.gserviceaccount.com',
    );
    check(
      'gcp:service-123456789012@compute-system.iam.gserviceaccount.com',
      'gcp_service_agent',
      'principalEmail = service-123456789012@',
    );
    check('azure:sp:bbbbbbbb-0000-0000-0000-000000000001', 'azure_managed_identity', 'claims.xms_mirid = ');
    check(
      'azure:sp:eeeeeeee-0000-0000-0000-000000000001',
      'azure_service_principal',
      'initiatedBy.app.appId = dddddddd',
    );
    check('azure:user:carol@acme.com', 'person', 'isInteractive = true (1 of 2 sign-ins)', 'human');
    check('m365:serviceprincipal_9a8b7c6d', 'azure_service_principal', 'UserType = 5 (Application)');
    check('github:dependabot[bot]', 'github_bot', 'actor = dependabot[bot]');
    check('github:renovate[bot]', 'github_bot', 'actor = renovate[bot]');
    check('github:deploy-app[bot]', 'github_app', 'programmatic_access_type = GitHub App server-to-server token');
    check('github:token:7002', 'github_oauth_app', 'OAuth app ci-reporter');
    check('github:token:7003', 'github_token', 'programmatic_access_type = Fine-grained personal access token');
    check('github:token:7004', 'github_token', 'programmatic_access_type = Classic personal access token');
    check('okta:0oa1clientapp', 'okta_app', 'actor.type = PublicClientApp');
    check('okta:0oa2system', 'okta_system', 'actor.type = SystemPrincipal');
    check('vault:ent-approle-1', 'vault_approle', 'metadata.role_name = payments-batch');
    check('vault:ent-k8s-1', 'vault_kubernetes', 'metadata.service_account_name = api-worker');
    check('vault:ent-jwt-1', 'vault_jwt', 'auth.display_name = jwt-');
    check('vault:token-legacy-cron', 'vault_token', 'auth.display_name = token-legacy-cron');
    check('cloudformation.amazonaws.com', 'aws_service', 'userIdentity.type = AWSService');
    check('arn:aws:iam::123456789012:role/lake-etl', 'iam_role', 'programmatic');
  });

  it('keeps each account of an organization trail, and reads Lake rows and console CSV rows', async () => {
    for (const acct of ['333333333333', '444444444444', '555555555555', '222222222222']) {
      const role = `arn:aws:iam::${acct}:role/app-role`;
      const r = (await allIdentities(core)).find((x) => x.actor_uid === role);
      expect(r?.account_uid, role).toBe(acct);
    }
    const csv = await core.api.queryEvents({ filter: { actor_uids: ['ci-user'] }, limit: 10 });
    expect(csv.rows.map((e) => [e.api_operation, e.outcome, e.error_code])).toEqual(
      expect.arrayContaining([
        ['PutObject', 'success', null],
        ['DeleteObject', 'failure', 'AccessDenied'],
      ]),
    );
  });

  it('normalises generic logs through the mapping and OCSF Parquet by its fields', async () => {
    const app = await core.api.queryEvents({ filter: { actor_uids: ['generic:ivan'] }, limit: 10 });
    expect(app.rows).toHaveLength(1);
    expect(app.rows[0]).toMatchObject({ api_operation: 'invoice.delete', outcome: 'failure', src_ip: '10.3.0.2' });
    const proxy = await core.api.queryEvents({ filter: { actor_uids: ['generic:svc-backup'] }, limit: 10 });
    expect(proxy.rows[0]).toMatchObject({ api_operation: 'CONNECT', outcome: 'success', src_ip: '10.4.0.1' });
    const rows = await allIdentities(core);
    expect(rows.find((r) => r.actor_uid === 'generic:svc-billing')?.category).toBe('machine');
    const lake = await core.api.queryEvents({
      filter: { actor_uids: ['arn:aws:iam::123456789012:role/lake-etl'] },
      limit: 10,
    });
    expect(lake.rows.map((e) => e.api_operation).sort()).toEqual(['GetObject', 'PutObject']);
    expect(lake.rows.every((e) => e.source === 'cloudtrail' && e.src_ip === '198.51.100.50')).toBe(true);
    const other = rows.find((r) => r.actor_uid === 'generic:svc-ocsf-exporter');
    expect(other).toMatchObject({ category: 'machine' });
    expect(other?.reason).toContain('actor.user.type = Service');
    expect(await core.api.listIngestMappings({})).toHaveLength(2);
  });

  it('an unmapped generic file is listed as skipped with the reason', async () => {
    const { core: other } = await openTempCase('nomapping');
    const d = await tempDir();
    await copyFile(path.join(FIXTURES, 'generic-proxy.csv'), path.join(d, 'proxy.csv'));
    await writeFile(path.join(d, 'empty.log'), '');
    const s = await ingest(other, [d]);
    expect(s.files.every((f) => f.skipped_reason)).toBe(true);
    expect(s.files.find((f) => f.path.endsWith('proxy.csv'))?.skipped_reason).toMatch(/not a log format/);
    other.close();
  });
});
