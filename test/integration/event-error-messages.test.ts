import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { sql } from '../../main/core/db/sql';
import { ingest, openTempCase } from '../helpers/core';
import { REPO, tempDir } from '../helpers/paths';

// A failed call's own words, as each vendor documents them: CloudTrail errorMessage, the Kubernetes
// responseStatus.message, Vault's error. Stored with the event at ingest, for failed calls.
const DENIED =
  'User: arn:aws:sts::111122223333:assumed-role/ci/run-1 is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::111122223333:user/svc-support';

const cloudtrail = (eventName: string, minute: number, extra: Record<string, unknown>) => ({
  eventVersion: '1.08',
  eventTime: `2024-05-10T03:${String(minute).padStart(2, '0')}:00Z`,
  eventSource: 'iam.amazonaws.com',
  eventName,
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.7',
  userAgent: 'aws-cli/2.15.0',
  userIdentity: {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::111122223333:assumed-role/ci/run-1',
    accountId: '111122223333',
    accessKeyId: 'ASIAEXAMPLE1',
    sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/ci' } },
  },
  recipientAccountId: '111122223333',
  ...extra,
});

const k8s = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID: 'c1a4e6f0-0000-4000-8000-000000000001',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/prod/secrets/db',
  verb: 'get',
  user: { username: 'system:serviceaccount:ci:deployer', groups: ['system:serviceaccounts'] },
  sourceIPs: ['10.0.3.4'],
  userAgent: 'kubectl/v1.29.0',
  objectRef: { resource: 'secrets', namespace: 'prod', name: 'db', apiVersion: 'v1' },
  responseStatus: {
    metadata: {},
    status: 'Failure',
    message: 'secrets "db" is forbidden: User "system:serviceaccount:ci:deployer" cannot get resource "secrets"',
    reason: 'Forbidden',
    code: 403,
  },
  // Microseconds: the page gives times to the millisecond, and the message must still be found.
  requestReceivedTimestamp: '2024-05-10T03:10:00.123456Z',
  stageTimestamp: '2024-05-10T03:10:00.133456Z',
};

let core: CoreService;

beforeAll(async () => {
  const root = await tempDir();
  const ct = path.join(root, 'ct.json');
  await writeFile(
    ct,
    JSON.stringify({
      Records: [
        cloudtrail('CreateUser', 0, { errorCode: 'AccessDenied', errorMessage: DENIED }),
        cloudtrail('ListUsers', 1, {}),
      ],
    }),
  );
  const audit = path.join(root, 'audit.jsonl');
  await writeFile(audit, JSON.stringify(k8s) + '\n');
  ({ core } = await openTempCase('errors'));
  await ingest(core, [ct, audit, path.join(REPO, 'test/fixtures/sources/vault-machine-auth.jsonl')]);
});
afterAll(() => core.close());

describe("a failed call's error message", () => {
  it('is on the page for each source that records one, and absent for a call that succeeded', async () => {
    const { rows } = await core.api.queryEvents({ limit: 500 });
    const by = (op: string) => rows.find((r) => r.api_operation === op);
    expect(by('CreateUser')?.error_message).toBe(DENIED);
    expect(by('ListUsers')?.error_message ?? null).toBeNull();
    expect(rows.find((r) => r.source === 'k8s_audit')?.error_message).toMatch(/is forbidden/);
    const vault = rows.filter((r) => r.source === 'vault_audit' && r.outcome === 'failure');
    expect(vault.length).toBeGreaterThan(0);
    expect(vault.every((r) => r.error_message === 'permission denied')).toBe(true);
  });

  it('is stored with the event at ingest, for failed calls only, and shown in the console', async () => {
    const db = core.session.requireCase().db;
    const stored = await db.all<{ api_operation: string; error_message: string | null }>(
      sql`SELECT api_operation, error_message FROM q.events WHERE source = 'cloudtrail' ORDER BY time`,
    );
    expect(stored).toEqual([
      { api_operation: 'CreateUser', error_message: DENIED },
      { api_operation: 'ListUsers', error_message: null },
    ]);
    expect(
      await db.scalar(sql`SELECT count(*) FROM events WHERE outcome <> 'failure' AND error_message IS NOT NULL`),
    ).toBe(0);
    expect(await db.scalar(sql`SELECT count(*) FROM case_meta WHERE key = 'error_message.fill'`)).toBe(0);
  });

  it('is in the event detail too', async () => {
    const { rows } = await core.api.queryEvents({ filter: { operation: 'CreateUser' }, limit: 1 });
    expect((await core.api.getEvent({ event_uid: rows[0]!.event_uid })).error_message).toBe(DENIED);
  });
});
