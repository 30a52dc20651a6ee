import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { param, sql } from '../../main/core/db/sql';
import { TARGETS_FILL_KEY } from '../../main/core/ingest/targets-fill';
import { ingest, openTempCase } from '../helpers/core';
import { REPO, tempDir } from '../helpers/paths';

const FIXTURES = path.join(REPO, 'test/fixtures/sources');
const CI_ROLE = 'arn:aws:iam::111122223333:role/github-actions-deploy';

/** CloudTrail calls by a CI role, as AWS documents their requestParameters / responseElements. */
function ciRecord(eventName: string, extra: Record<string, unknown>, minute: number) {
  return {
    eventVersion: '1.08',
    eventTime: `2024-05-10T03:${String(minute).padStart(2, '0')}:00Z`,
    eventSource: eventName.includes('Object') ? 's3.amazonaws.com' : 'iam.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '185.151.163.10',
    userAgent: 'aws-cli/2.15.0',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLE:gha-run-1',
      arn: 'arn:aws:sts::111122223333:assumed-role/github-actions-deploy/gha-run-1',
      accountId: '111122223333',
      accessKeyId: 'ASIAEXAMPLE1',
      sessionContext: { sessionIssuer: { type: 'Role', arn: CI_ROLE, userName: 'github-actions-deploy' } },
    },
    recipientAccountId: '111122223333',
    ...extra,
  };
}

const CLOUDTRAIL = [
  ciRecord(
    'CreateUser',
    { requestParameters: { userName: 'svc-support' }, responseElements: { user: { userName: 'svc-support' } } },
    0,
  ),
  ciRecord(
    'AttachUserPolicy',
    { requestParameters: { userName: 'svc-support', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } },
    1,
  ),
  ciRecord(
    'CreateAccessKey',
    {
      requestParameters: { userName: 'svc-support' },
      responseElements: { accessKey: { accessKeyId: 'AKIAEXAMPLENEW', status: 'Active', userName: 'svc-support' } },
    },
    2,
  ),
  ciRecord(
    'PutObject',
    {
      requestParameters: { bucketName: 'acme-builds', key: 'web/app.zip' },
      resources: [
        { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::acme-builds/web/app.zip' },
        { type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::acme-builds' },
      ],
    },
    3,
  ),
  ciRecord(
    'TerminateInstances',
    {
      eventSource: 'ec2.amazonaws.com',
      requestParameters: { instancesSet: { items: [{ instanceId: 'i-0aaa' }, { instanceId: 'i-0bbb' }] } },
    },
    4,
  ),
  ciRecord(
    'GetSecretValue',
    { eventSource: 'secretsmanager.amazonaws.com', requestParameters: { secretId: 'prod/db' } },
    5,
  ),
  ciRecord('GetCallerIdentity', { eventSource: 'sts.amazonaws.com', requestParameters: null }, 6),
];

describe('request targets: what each call acted on, for every source', () => {
  let core: CoreService;
  const targetsOf = async (file: string, operation: string) =>
    (
      await core.session.requireCase().db.all<{ targets: string[] | null }>(
        sql`SELECT e.targets FROM events e JOIN evidence_files f USING (evidence_id)
            WHERE f.path LIKE ${param('%/' + file)} AND e.api_operation = ${param(operation)} ORDER BY e.time, e.position LIMIT 1`,
      )
    )[0]?.targets;

  beforeAll(async () => {
    ({ core } = await openTempCase('targets'));
    const dir = await tempDir('trailmark-targets-');
    await writeFile(path.join(dir, 'ci.json'), JSON.stringify({ Records: CLOUDTRAIL }));
    await ingest(core, [FIXTURES, path.join(dir, 'ci.json')]);
  });
  afterAll(() => core.close());

  it('CloudTrail: the request parameters that name it, a created key, S3 objects, instances, resources[] ARNs', async () => {
    expect(await targetsOf('ci.json', 'CreateUser')).toEqual(['svc-support']);
    expect(await targetsOf('ci.json', 'AttachUserPolicy')).toEqual([
      'svc-support',
      'arn:aws:iam::aws:policy/AdministratorAccess',
    ]);
    expect(await targetsOf('ci.json', 'CreateAccessKey')).toEqual(['svc-support', 'AKIAEXAMPLENEW']);
    expect(await targetsOf('ci.json', 'PutObject')).toEqual([
      's3://acme-builds/web/app.zip',
      'arn:aws:s3:::acme-builds/web/app.zip',
      'arn:aws:s3:::acme-builds',
    ]);
    expect(await targetsOf('ci.json', 'TerminateInstances')).toEqual(['i-0aaa', 'i-0bbb']);
    expect(await targetsOf('ci.json', 'GetSecretValue')).toEqual(['prod/db']);
    expect(await targetsOf('ci.json', 'GetCallerIdentity')).toBeNull();
    expect(await targetsOf('cloudtrail-console-history.csv', 'PutObject')).toEqual(['arn:aws:s3:::b/k']);
  });

  it('every other source: its own field for what was acted on', async () => {
    // Kubernetes: objectRef as the API path names it (EKS in CloudWatch, AKS diagnostics); GKE: resourceName.
    expect(await targetsOf('eks-cloudwatch-audit.json', 'get')).toEqual(['namespaces/payments/secrets']);
    // A cluster-scoped object: AKS writes its namespace as "", which names none.
    expect(await targetsOf('aks-kube-audit-object.jsonl', 'get')).toEqual(['nodes']);
    expect(await targetsOf('gke-cloud-logging-audit.jsonl', 'io.k8s.apps.v1.deployments.update')).toEqual([
      'apps/v1/namespaces/web/deployments/frontend',
    ]);
    expect(await targetsOf('gcp-audit-array.json', 'v1.compute.instances.insert')).toEqual([
      'projects/acme-prod/zones/europe-west1-b/instances/mig-1',
    ]);
    expect(await targetsOf('azure-activity-export.jsonl', 'MICROSOFT.KEYVAULT/VAULTS/WRITE')).toEqual([
      '/SUBSCRIPTIONS/11111111-2222-3333-4444-555555555555/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV1',
    ]);
    expect(await targetsOf('entra-audit.jsonl', 'Add service principal credentials')).toEqual(['payments-api']);
    expect(await targetsOf('entra-audit.jsonl', 'Add member to role')).toEqual(['Global Administrator']);
    expect(await targetsOf('entra-user-signins.jsonl', 'sign-in')).toEqual(['Windows Azure Service Management API']);
    expect(await targetsOf('github-audit-machines.jsonl', 'git.clone')).toEqual(['acme/secrets']);
    // A request made with a token names the token as its credential, not as what it acted on.
    expect(await targetsOf('github-audit-machines.jsonl', 'repo.download_zip')).toEqual(['acme/infra']);
    expect(await targetsOf('github-audit-export.csv', 'repo.create')).toEqual(['acme/new']);
    expect(await targetsOf('okta-machines.jsonl', 'user.lifecycle.deactivate')).toEqual(['henry@acme.com']);
    expect(await targetsOf('vault-machine-auth.jsonl', 'read')).toEqual(['secret/data/payments/db']);
    expect(await targetsOf('m365-purview-export.csv', 'FileDownloaded')).toEqual([
      'https://acme.sharepoint.com/sites/fin/q1.xlsx',
    ]);
  });

  it('the target filter finds every call on one target, and the events table carries the list', async () => {
    const page = await core.api.queryEvents({ filter: { target: 'svc-support' }, limit: 100 });
    expect(page.rows.map((r) => r.api_operation).sort()).toEqual(['AttachUserPolicy', 'CreateAccessKey', 'CreateUser']);
    expect(page.rows.find((r) => r.api_operation === 'CreateUser')?.targets).toEqual(['svc-support']);
    // An exact value: a part of one is not a target (free text is the search box's job).
    expect((await core.api.queryEvents({ filter: { target: 'svc' }, limit: 100 })).rows).toEqual([]);
    const one = await core.api.queryEvents({ filter: { target: 'i-0bbb' }, limit: 10 });
    expect(one.rows.map((r) => r.api_operation)).toEqual(['TerminateInstances']);
  });

  it("the identity's Targets panel counts each target with its first-seen, rarest first on request", async () => {
    for (const filter of [{ actor_uids: [CI_ROLE] }, { actor_uids: [CI_ROLE], source: 'cloudtrail' }]) {
      // The first is read from the identity's summary, the second from the events: both must agree.
      const top = await core.api.topValues({ filter, dimensions: ['target'], limit: 20, order: 'rare' });
      const rows = top.target!;
      const svc = rows.find((r) => r.value === 'svc-support');
      expect(svc).toMatchObject({ n: 3, failures: 0 });
      expect(svc?.first_seen).toBe('2024-05-10T03:00:00.000Z');
      expect(rows.map((r) => r.value)).toContain('AKIAEXAMPLENEW');
      expect(rows.at(-1)?.value).toBe('svc-support');
      expect(rows.length).toBe(9);
    }
  });
});

it('a case whose events predate targets (marked by migration 0015) has them filled by the job its opening starts', async () => {
  const { core, dir } = await openTempCase('old');
  try {
    const tmp = await tempDir('trailmark-targets-old-');
    await writeFile(path.join(tmp, 'ci.json'), JSON.stringify({ Records: CLOUDTRAIL.slice(0, 2) }));
    await ingest(core, [path.join(tmp, 'ci.json')]);
    const db = core.session.requireCase().db;
    // As 0015 leaves a case that held events: no targets yet, and the mark.
    await db.run(sql`UPDATE events SET targets = NULL`);
    await db.run(sql`INSERT INTO case_meta VALUES (${param(TARGETS_FILL_KEY)}, 'pending')`);
    core.close();
    const { upgrade_job } = await core.api.openCase({ path: dir });
    expect((await core.session.jobs.wait(upgrade_job!)).state).toBe('done');
    const again = core.session.requireCase().db;
    const rows = await again.all<{ op: string; targets: string[] | null }>(
      sql`SELECT api_operation AS op, targets FROM events ORDER BY time`,
    );
    expect(rows).toEqual([
      { op: 'CreateUser', targets: ['svc-support'] },
      { op: 'AttachUserPolicy', targets: ['svc-support', 'arn:aws:iam::aws:policy/AdministratorAccess'] },
    ]);
    expect(await again.scalar(sql`SELECT count(*) FROM case_meta WHERE key = ${param(TARGETS_FILL_KEY)}`)).toBe(0);
  } finally {
    core.close();
  }
});
