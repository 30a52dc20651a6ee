import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import type { EventRow, IngestSummary } from '../../shared/model';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

/**
 * Records written by hand after each vendor's documented schema (values invented: example accounts, RFC 5737 IPs),
 * each carrying a field in one of the places the vendor documents it but the common shape does not use.
 */
const lines = (...recs: object[]) => recs.map((r) => JSON.stringify(r)).join('\n') + '\n';

const M365 = lines(
  {
    CreationTime: '2024-05-06T10:00:00',
    Id: 'm365-1',
    Operation: 'UserLoginFailed',
    OrganizationId: 'org-1',
    RecordType: 15,
    ResultStatus: 'Success',
    UserKey: '10037FFE8000AAAA',
    UserType: 0,
    Version: 1,
    Workload: 'AzureActiveDirectory',
    ClientIP: '203.0.113.7',
    ObjectId: '00000002-0000-0ff1-ce00-000000000000',
    UserId: 'dave@acme.com',
    AzureActiveDirectoryEventType: 1,
    ExtendedProperties: [
      { Name: 'ResultStatusDetail', Value: 'Success' },
      { Name: 'UserAgent', Value: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)' },
      { Name: 'RequestType', Value: 'Login:login' },
    ],
    LogonError: 'InvalidUserNameOrPassword',
    ErrorNumber: '50126',
  },
  {
    CreationTime: '2024-05-06T10:05:00',
    Id: 'm365-2',
    Operation: 'UserLoggedIn',
    OrganizationId: 'org-1',
    RecordType: 15,
    ResultStatus: 'Success',
    UserKey: '10037FFE8000AAAA',
    UserType: 0,
    Workload: 'AzureActiveDirectory',
    ClientIP: '203.0.113.7',
    UserId: 'dave@acme.com',
    ExtendedProperties: [{ Name: 'UserAgent', Value: 'Mozilla/5.0 (Macintosh)' }],
  },
  // Exchange writes the client's port after its address.
  {
    CreationTime: '2024-05-06T10:06:00',
    Operation: 'MailItemsAccessed',
    OrganizationId: 'org-1',
    RecordType: 50,
    ResultStatus: 'Succeeded',
    UserType: 0,
    Workload: 'Exchange',
    ClientIPAddress: '[2001:db8::5]:443',
    UserId: 'dave@acme.com',
  },
  {
    CreationTime: '2024-05-06T10:07:00',
    Operation: 'Send',
    OrganizationId: 'org-1',
    RecordType: 2,
    ResultStatus: 'Succeeded',
    UserType: 0,
    Workload: 'Exchange',
    ClientIP: '203.0.113.7:53422',
    ClientInfoString: 'Client=OWA;Mozilla/5.0 (Windows NT 10.0)',
    UserId: 'dave@acme.com',
  },
);

/** Entra audit (diagnostic shape): the caller's user agent is an additionalDetails entry. */
const ENTRA_AUDIT = lines({
  time: '2024-05-06T12:30:00Z',
  operationName: 'Add service principal credentials',
  category: 'AuditLogs',
  tenantId: 'tenant-1',
  resultType: 'success',
  properties: {
    id: 'audit-1',
    activityDisplayName: 'Add service principal credentials',
    activityDateTime: '2024-05-06T12:30:00Z',
    loggedByService: 'Core Directory',
    result: 'success',
    initiatedBy: { user: { userPrincipalName: 'carol@acme.com', ipAddress: '198.51.100.9' } },
    targetResources: [{ id: 'sp-1', displayName: 'ci-app', type: 'ServicePrincipal' }],
    additionalDetails: [
      { key: 'User-Agent', value: 'Mozilla/5.0 (X11; Linux x86_64)' },
      { key: 'AppId', value: '00000000-0000-0000-0000-000000000001' },
    ],
  },
});

/** Okta: behind a proxy client.ipAddress may be null, the caller's address first in request.ipChain. */
const OKTA = lines({
  uuid: 'okta-1',
  published: '2024-05-06T14:00:00.000Z',
  eventType: 'app.oauth2.as.token.grant.access_token',
  actor: { id: '0oa-ci', type: 'PublicClientApp', alternateId: 'ci-client' },
  client: { ipAddress: null, userAgent: { rawUserAgent: 'okhttp/4.12' } },
  request: { ipChain: [{ ip: '198.51.100.77', version: 'V4' }] },
  outcome: { result: 'SUCCESS' },
});

const ctRecord = (name: string, extra: object) => ({
  eventVersion: '1.08',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLE:job-1',
    arn: 'arn:aws:sts::111111111111:assumed-role/etl/job-1',
    accountId: '111111111111',
    accessKeyId: 'ASIAEXAMPLE',
  },
  eventTime: '2024-05-06T11:00:00Z',
  eventSource: 's3.amazonaws.com',
  eventName: name,
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.9',
  userAgent: 'aws-cli/2.15',
  recipientAccountId: '111111111111',
  ...extra,
});
const CLOUDTRAIL = lines(
  ctRecord('GetObject', { errorCode: '' }),
  ctRecord('PutObject', { errorCode: 'AccessDenied', errorMessage: 'Access Denied' }),
);

const signin = (id: string, resultType: string, status?: object) => ({
  time: '2024-05-06T12:00:00Z',
  operationName: 'Sign-in activity',
  category: 'SignInLogs',
  tenantId: 'tenant-1',
  resultType,
  callerIpAddress: '198.51.100.8',
  properties: {
    id,
    createdDateTime: '2024-05-06T12:00:00Z',
    userPrincipalName: 'carol@acme.com',
    userId: 'u-carol',
    appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
    operationName: id,
    ...(status ? { status } : {}),
  },
});
const ENTRA = lines(
  signin('entra-ok', '0'),
  signin('entra-bad', '50126'),
  signin('entra-status-wins', '0', { errorCode: 50053 }),
);

/** Written as text: JSON.stringify would drop the `.0` that GitHub's streaming export writes. */
const gh = (action: string, at: string) =>
  `{"@timestamp": ${at}, "action": "${action}", "actor": "octocat", "actor_ip": "203.0.113.50", "org": "acme", "created_at": ${at}}\n`;
const GITHUB = [
  gh('repo.create', '1621305118553.0'),
  gh('repo.destroy', '1621305118553'),
  gh('repo.archived', '1621305118.553'),
  gh('repo.rename', '1.621305118553e12'),
  gh('repo.access', '"2021-05-18T04:31:58.553+02:00"'),
  gh('repo.transfer', '"2021-05-17 23:31:58.553-03"'),
  gh('repo.add_member', '"2021-05-18T02:31:58.553"'),
].join('');

const activity = (op: string, ips: object) => ({
  time: '2024-05-06T13:00:00Z',
  resourceId: '/SUBSCRIPTIONS/SUB-1/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV',
  operationName: op,
  category: 'Administrative',
  resultType: 'Success',
  level: 'Information',
  correlationId: 'corr-1',
  caller: 'erin@acme.com',
  ...ips,
});
const AZURE = lines(
  activity('MICROSOFT.KEYVAULT/VAULTS/WRITE', {
    identity: { claims: { ipaddr: '203.0.113.44', upn: 'erin@acme.com' } },
  }),
  activity('MICROSOFT.KEYVAULT/VAULTS/DELETE', { properties: { ipAddress: '203.0.113.45' } }),
);

/** Amazon Security Lake's EKS audit rows (OCSF API Activity, per the OCSF EKS mapping: verb, user.username...). */
async function writeEksOcsfParquet(file: string): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const row = (t: number, verb: string, user: string, code: number, reason: string | null) => `
    SELECT ${t}::BIGINT AS time, 6003 AS class_uid, '${verb}' AS activity_name,
      {'product': {'name': 'Amazon EKS', 'vendor_name': 'AWS'}, 'version': '1.1.0'} AS metadata,
      {'operation': '${verb}', 'response': {'code': ${code}, 'error': ${reason ? `'${reason}'` : 'NULL::VARCHAR'}},
       'request': {'uid': 'audit-${t}'}} AS api,
      {'user': {'name': '${user}', 'uid': 'aws-iam-authenticator:111111111111:AROAEXAMPLE'},
       'session': {'uid': 'session-abc', 'credential_uid': 'ASIAEXAMPLE'}} AS actor,
      {'ip': '198.51.100.60'} AS src_endpoint,
      {'user_agent': 'kubectl/v1.29.0', 'url': {'path': '/apis/apps/v1/namespaces/prod/deployments'}} AS http_request,
      {'region': 'us-east-1', 'account': {'uid': '111111111111'}} AS cloud,
      [{'name': 'web', 'type': 'deployments', 'namespace': 'prod'}] AS resources`;
  const role = 'arn:aws:sts::111111111111:assumed-role/deployer/session-abc';
  await c.run(`COPY (
    ${row(1714990000000, 'create', role, 201, null)} UNION ALL
    ${row(1714990060000, 'delete', 'system:serviceaccount:prod:ci', 403, 'Forbidden')}
  ) TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`);
  c.closeSync();
  db.closeSync();
}

describe('normalisation reads each field from every place the vendor puts it', () => {
  let core: CoreService;
  let summary: IngestSummary;
  const byOp = async (operation: string): Promise<EventRow> => {
    const page = await core.api.queryEvents({ filter: { operation }, limit: 10 });
    expect(page.rows, operation).toHaveLength(1);
    return page.rows[0]!;
  };

  beforeAll(async () => {
    ({ core } = await openTempCase('fidelity'));
    const dir = await tempDir();
    await writeFile(path.join(dir, 'm365.jsonl'), M365);
    await writeFile(path.join(dir, 'cloudtrail.jsonl'), CLOUDTRAIL);
    await writeFile(path.join(dir, 'entra.jsonl'), ENTRA);
    await writeFile(path.join(dir, 'entra-audit.jsonl'), ENTRA_AUDIT);
    await writeFile(path.join(dir, 'okta.jsonl'), OKTA);
    await writeFile(path.join(dir, 'github.jsonl'), GITHUB);
    await writeFile(path.join(dir, 'azure.jsonl'), AZURE);
    await writeEksOcsfParquet(path.join(dir, 'eks-ocsf.parquet'));
    summary = await ingest(core, [dir]);
  });
  afterAll(() => core.close());

  it('loads every record', () => {
    for (const f of summary.files) {
      expect(f.skipped_reason, f.path).toBeUndefined();
      expect(f.quarantined, f.path).toBe(0);
      expect(f.loaded, f.path).toBe(f.records);
    }
  });

  it('M365: a UserLoginFailed with a LogonError fails whatever ResultStatus says; its user agent is in ExtendedProperties', async () => {
    const failed = await byOp('UserLoginFailed');
    expect(failed).toMatchObject({
      outcome: 'failure',
      error_code: 'InvalidUserNameOrPassword',
      user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
    });
    expect(await byOp('UserLoggedIn')).toMatchObject({
      outcome: 'success',
      error_code: null,
      user_agent: 'Mozilla/5.0 (Macintosh)',
    });
  });

  it('M365: the client address without the port Exchange appends; ClientInfoString when there is no UserAgent', async () => {
    expect((await byOp('MailItemsAccessed')).src_ip).toBe('2001:db8::5');
    expect(await byOp('Send')).toMatchObject({
      src_ip: '203.0.113.7',
      user_agent: 'Client=OWA;Mozilla/5.0 (Windows NT 10.0)',
    });
  });

  it('Entra audit: the user agent from additionalDetails; Okta: the address from request.ipChain', async () => {
    expect((await byOp('Add service principal credentials')).user_agent).toBe('Mozilla/5.0 (X11; Linux x86_64)');
    expect((await byOp('app.oauth2.as.token.grant.access_token')).src_ip).toBe('198.51.100.77');
  });

  it('CloudTrail: an empty errorCode is a success without an error code', async () => {
    expect(await byOp('GetObject')).toMatchObject({ outcome: 'success', error_code: null });
    expect(await byOp('PutObject')).toMatchObject({ outcome: 'failure', error_code: 'AccessDenied' });
  });

  it('Entra: the envelope resultType gives the outcome when the record has no status', async () => {
    const rows = (await core.api.queryEvents({ filter: { operation: 'sign-in' }, limit: 10 })).rows;
    const outcomes = rows.map((r) => [r.outcome, r.error_code]).sort();
    expect(outcomes).toEqual([
      ['failure', '50053'],
      ['failure', '50126'],
      ['success', null],
    ]);
  });

  it('GitHub: epoch milliseconds or seconds, integer or float, and ISO 8601 with an offset give one instant', async () => {
    const ops = ['repo.create', 'repo.destroy', 'repo.archived', 'repo.rename', 'repo.access', 'repo.transfer'];
    for (const op of [...ops, 'repo.add_member']) expect((await byOp(op)).time, op).toBe('2021-05-18T02:31:58.553Z');
  });

  it('Azure Activity: the caller IP from claims.ipaddr or properties.ipAddress', async () => {
    expect((await byOp('MICROSOFT.KEYVAULT/VAULTS/WRITE')).src_ip).toBe('203.0.113.44');
    expect((await byOp('MICROSOFT.KEYVAULT/VAULTS/DELETE')).src_ip).toBe('203.0.113.45');
  });

  it('OCSF EKS audit rows are Kubernetes audit, by the real actor, with the outcome of api.response.code', async () => {
    const created = await byOp('create');
    expect(created).toMatchObject({
      source: 'k8s_audit',
      actor_uid: 'arn:aws:iam::111111111111:role/deployer',
      actor_name: 'arn:aws:sts::111111111111:assumed-role/deployer/session-abc',
      outcome: 'success',
      error_code: null,
      src_ip: '198.51.100.60',
      user_agent: 'kubectl/v1.29.0',
    });
    expect(await byOp('delete')).toMatchObject({
      source: 'k8s_audit',
      actor_uid: 'k8s:system:serviceaccount:prod:ci',
      outcome: 'failure',
      error_code: 'Forbidden',
    });
    const sa = await core.api.getIdentity({ actor_uid: 'k8s:system:serviceaccount:prod:ci' });
    expect(sa).toMatchObject({ category: 'machine', kind: 'k8s_service_account' });
  });
});
