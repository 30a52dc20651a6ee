import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseFile } from '../../main/core/case/case-file';
import { loadSigmaRules, runSigmaRules, type SigmaRuleSet } from '../../main/core/sigma';
import { REPO } from '../helpers/paths';
import { insertEvents, matchedUids, openEventCase, type TestEvent } from '../helpers/sigma-events';

// The SigmaHQ rules shipped in rules/sigma are under the Detection Rule License 1.1 (see its LICENSE and
// LICENSE.Detection.Rules.md); findings cite each rule's id and author as the licence asks.
const RULES = path.join(REPO, 'rules', 'sigma');

async function countDocs(dir: string): Promise<number> {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !/\.ya?ml$/.test(e.name)) continue;
    const docs = parseAllDocuments(await readFile(path.join(e.parentPath, e.name), 'utf8'));
    n += docs.filter((d) => d.contents !== null).length;
  }
  return n;
}

interface Case {
  id: string;
  match: TestEvent[];
  miss: TestEvent[];
}

const ct = (uid: string, raw: object): TestEvent => ({ uid, source: 'cloudtrail', raw });

/** Events built to match twelve rules across all nine mapped logsources, and near misses that must not. */
const CASES: Case[] = [
  {
    id: '4db60cc0-36fb-42b7-9b58-a5b53019fb74', // AWS CloudTrail Important Change
    match: [ct('ct-stop', { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' })],
    miss: [
      ct('ct-start', { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StartLogging' }),
      ct('ct-stop-other', { eventSource: 'logs.amazonaws.com', eventName: 'StopLogging' }),
    ],
  },
  {
    id: '352a918a-34d8-4882-8470-44830c507aa3', // IMDS credentials outside AWS (re + not 1 of filter_main_*)
    match: [
      ct('imds-out', {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DescribeInstances',
        sourceIPAddress: '45.137.21.9',
        userIdentity: { arn: 'arn:aws:sts::111122223333:assumed-role/aws:ec2-instance/i-0abc' },
      }),
    ],
    miss: [
      ct('imds-internal', {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DescribeInstances',
        sourceIPAddress: 'AWS Internal',
        userIdentity: { arn: 'arn:aws:sts::111122223333:assumed-role/aws:ec2-instance/i-0abc' },
      }),
      ct('imds-role', {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DescribeInstances',
        sourceIPAddress: '45.137.21.9',
        userIdentity: { arn: 'arn:aws:sts::111122223333:assumed-role/ci-deploy/session' },
      }),
    ],
  },
  {
    id: '055fb148-60f8-462d-ad16-26926ce050f1', // login profile modified by someone else (fieldref)
    match: [
      ct('profile-other', {
        eventSource: 'iam.amazonaws.com',
        eventName: 'UpdateLoginProfile',
        userIdentity: { arn: 'arn:aws:iam::111122223333:user/mallory' },
        requestParameters: { userName: 'alice' },
      }),
    ],
    miss: [
      ct('profile-self', {
        eventSource: 'iam.amazonaws.com',
        eventName: 'UpdateLoginProfile',
        userIdentity: { arn: 'alice' },
        requestParameters: { userName: 'ALICE' },
      }),
      ct('profile-get', {
        eventSource: 'iam.amazonaws.com',
        eventName: 'GetLoginProfile',
        requestParameters: { userName: 'x' },
      }),
    ],
  },
  {
    id: '91b76b84-8589-47aa-9605-c837583b82a9', // Okta password typed into the username field
    match: [
      {
        uid: 'okta-pw',
        source: 'okta',
        raw: { legacyEventType: 'core.user_auth.login_failed', actor: { alternateId: 'Hunter2!secret' } },
      },
    ],
    miss: [
      {
        uid: 'okta-mail',
        source: 'okta',
        raw: { legacyEventType: 'core.user_auth.login_failed', actor: { alternateId: 'alice@example.com' } },
      },
      {
        uid: 'okta-sa',
        source: 'okta',
        raw: { legacyEventType: 'core.user_auth.login_failed', actor: { alternateId: '0oa1b2c3d4' } },
      },
      {
        uid: 'okta-ok',
        source: 'okta',
        raw: { legacyEventType: 'core.user_auth.login_success', actor: { alternateId: 'Hunter2!secret' } },
      },
    ],
  },
  {
    id: '76737c19-66ee-4c07-b65a-a03301d1573d', // GCP break-glass workload (Pub/Sub-wrapped LogEntry, keywords)
    match: [
      {
        uid: 'gcp-breakglass',
        source: 'gcp_audit',
        raw: {
          data: {
            protoPayload: {
              resource: { type: 'k8s_cluster' },
              logName: 'cloudaudit.googleapis.com%2Factivity',
              methodName: 'io.k8s.core.v1.pods.create',
              // Keywords search the record's values (never its key names or JSON text).
              status: { message: 'admitted by image-policy.k8s.io/break-glass' },
            },
          },
        },
      },
    ],
    miss: [
      {
        uid: 'gcp-breakglass-key-only',
        source: 'gcp_audit',
        raw: {
          data: {
            protoPayload: {
              resource: { type: 'k8s_cluster' },
              logName: 'cloudaudit.googleapis.com%2Factivity',
              methodName: 'io.k8s.core.v1.pods.create',
              request: { metadata: { annotations: { 'image-policy.k8s.io/break-glass': 'true' } } },
            },
          },
        },
      },
      {
        uid: 'gcp-pod-normal',
        source: 'gcp_audit',
        raw: {
          data: {
            protoPayload: {
              resource: { type: 'k8s_cluster' },
              logName: 'cloudaudit.googleapis.com/activity',
              methodName: 'io.k8s.core.v1.pods.create',
              request: { metadata: { annotations: { team: 'payments' } } },
            },
          },
        },
      },
    ],
  },
  {
    id: '13f81a90-a69c-4fab-8f07-b5bb55416a9f', // GCP service account disabled (gcp.audit.method_name on a plain LogEntry)
    match: [
      {
        uid: 'gcp-sa-disable',
        source: 'gcp_audit',
        raw: { protoPayload: { methodName: 'google.iam.admin.v1.projects.serviceAccounts.disable' } },
      },
    ],
    miss: [
      {
        uid: 'gcp-sa-enable',
        source: 'gcp_audit',
        raw: { protoPayload: { methodName: 'google.iam.admin.v1.projects.serviceAccounts.enable' } },
      },
      { uid: 'gcp-sa-ct', source: 'cloudtrail', raw: { protoPayload: { methodName: 'x.serviceAccounts.disable' } } },
    ],
  },
  {
    id: '3883d9a0-fd0f-440f-afbb-445a2a799bb8', // GitHub secret scanning disabled
    match: [{ uid: 'gh-ss-off', source: 'github_audit', raw: { action: 'secret_scanning.disable', actor: 'ci-bot' } }],
    miss: [{ uid: 'gh-ss-on', source: 'github_audit', raw: { action: 'secret_scanning.enable', actor: 'ci-bot' } }],
  },
  {
    id: '597a7e84-187d-458b-9e4f-2f5a0e676711', // Kubernetes enumeration (1 of selection_request_*)
    match: [
      {
        uid: 'k8s-exec-bash',
        source: 'k8s_audit',
        raw: {
          responseStatus: { code: 'ALLOW' },
          requestURI: '/api/v1/namespaces/prod/pods/web/exec?command=%2Fbin%2Fbash',
          userAgent: 'kubectl/v1.29',
        },
      },
      {
        uid: 'k8s-trufflehog',
        source: 'k8s_audit',
        raw: { responseStatus: { code: 'ALLOW' }, requestURI: '/api/v1/secrets', userAgent: 'TruffleHog/3.6' },
      },
    ],
    miss: [
      {
        uid: 'k8s-list',
        source: 'k8s_audit',
        raw: { responseStatus: { code: 'ALLOW' }, requestURI: '/api/v1/pods', userAgent: 'kubectl/v1.29' },
      },
      {
        uid: 'k8s-denied',
        source: 'k8s_audit',
        raw: { responseStatus: { code: 403 }, requestURI: '/api/v1/secrets', userAgent: 'trufflehog' },
      },
    ],
  },
  {
    id: 'a622fcd2-4b5a-436a-b8a2-a4171161833c', // Azure role assignment written (keyword search)
    match: [
      {
        uid: 'az-ra-write',
        source: 'azure_activity',
        raw: { operationName: { value: 'Microsoft.Authorization/roleAssignments/write' }, caller: 'app-1' },
      },
    ],
    miss: [
      {
        uid: 'az-ra-delete',
        source: 'azure_activity',
        raw: { operationName: { value: 'Microsoft.Authorization/roleAssignments/delete' }, caller: 'app-1' },
      },
    ],
  },
  {
    id: 'b18454c8-0be3-41f7-86bc-9c614611b839', // Entra MFA disabled (through the TargetResources arrays)
    match: [
      {
        uid: 'entra-mfa-off',
        source: 'azure_activity',
        format: 'entra_audit',
        raw: {
          LoggedByService: 'Core Directory',
          Category: 'UserManagement',
          OperationName: 'Update user',
          TargetResources: [
            { ModifiedProperties: [{ DisplayName: 'Other', NewValue: 'x' }] },
            {
              ModifiedProperties: [
                { DisplayName: 'StrongAuthenticationRequirement', NewValue: '[{"RelyingParty":"*","State":0}]' },
              ],
            },
          ],
        },
      },
    ],
    miss: [
      {
        uid: 'entra-mfa-on',
        source: 'azure_activity',
        format: 'entra_audit',
        raw: {
          LoggedByService: 'Core Directory',
          Category: 'UserManagement',
          OperationName: 'Update user',
          TargetResources: [
            { ModifiedProperties: [{ DisplayName: 'StrongAuthenticationRequirement', NewValue: '[{"State":1}]' }] },
          ],
        },
      },
    ],
  },
  {
    id: '572b12d4-9062-11ed-a1eb-0242ac120002', // Entra sign-in from a non-registered device ('' or null)
    match: [
      {
        uid: 'signin-empty',
        source: 'entra_signin',
        raw: {
          Status: 'Success',
          AuthenticationRequirement: 'singleFactorAuthentication',
          RiskState: 'atRisk',
          DeviceDetail: { trusttype: '' },
        },
      },
      {
        uid: 'signin-null',
        source: 'entra_signin',
        raw: {
          Status: 'Success',
          AuthenticationRequirement: 'singleFactorAuthentication',
          RiskState: 'atRisk',
          DeviceDetail: {},
        },
      },
    ],
    miss: [
      {
        uid: 'signin-joined',
        source: 'entra_signin',
        raw: {
          Status: 'Success',
          AuthenticationRequirement: 'singleFactorAuthentication',
          RiskState: 'atRisk',
          DeviceDetail: { trusttype: 'Azure AD joined' },
        },
      },
    ],
  },
  {
    id: 'd3577be1-42c9-44a7-b56e-2e8de97349d3', // M365 inbox rule that deletes/moves mail
    match: [
      {
        uid: 'm365-rule',
        source: 'm365_ual',
        raw: { Operation: 'New-InboxRule', Parameters: [{ Name: 'DeleteMessage', Value: 'True' }] },
      },
    ],
    miss: [
      {
        uid: 'm365-get',
        source: 'm365_ual',
        raw: { Operation: 'Get-InboxRule', Parameters: [{ Name: 'DeleteMessage', Value: 'True' }] },
      },
      {
        uid: 'm365-benign',
        source: 'm365_ual',
        raw: { Operation: 'New-InboxRule', Parameters: [{ Name: 'Name', Value: 'Receipts' }] },
      },
    ],
  },
];

describe('the SigmaHQ rules shipped in rules/sigma', () => {
  let set: SigmaRuleSet;
  let kase: CaseFile;

  beforeAll(async () => {
    set = await loadSigmaRules(RULES);
    kase = await openEventCase();
    await insertEvents(
      kase.db,
      CASES.flatMap((c) => [...c.match, ...c.miss]),
    );
  });
  afterAll(() => kase.close());

  it('compiles every rule or rejects it with a reason', async () => {
    const docs = await countDocs(RULES);
    expect(docs).toBe(285);
    expect(set.rules.length + set.rejected.length).toBe(docs);
    expect(set.rules).toHaveLength(246);
    expect(set.rejected).toHaveLength(39);
    const reasons = new Map<string, number>();
    for (const r of set.rejected) {
      expect(r.file).toMatch(/\.yml$/);
      expect(r.id).toBeTruthy();
      expect(r.title).toBeTruthy();
      reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
    }
    expect(Object.fromEntries(reasons)).toEqual({
      'logsource not mapped (product=azure, service=riskdetection)': 19,
      'logsource not mapped (product=azure, service=pim)': 7,
      'logsource not mapped (product=gcp, service=google_workspace.admin)': 7,
      'logsource not mapped (product=gcp, service=google_workspace.login)': 3,
      'logsource not mapped (product=onelogin, service=onelogin.events)': 2,
      'logsource not mapped (product=cisco, service=duo)': 1,
    });
    const bySource = new Map<string, number>();
    for (const r of set.rules) for (const s of r.sources) bySource.set(s, (bySource.get(s) ?? 0) + 1);
    expect(Object.fromEntries(bySource)).toEqual({
      cloudtrail: 57,
      azure_activity: 35,
      entra_audit: 44,
      entra_signin: 19,
      gcp_audit: 16,
      github_audit: 15,
      k8s_audit: 16,
      m365_ual: 8,
      m365_threat_management: 13,
      okta: 23,
    });
  });

  it('runs every compiled query against a real case file without error, values bound as parameters', async () => {
    for (const rule of set.rules) {
      expect(rule.params.length).toBeGreaterThan(0);
      await expect(kase.db.all(rule.sql, rule.params), rule.file).resolves.toBeInstanceOf(Array);
    }
  });

  it.each(CASES.map((c) => [c.id, c] as const))('rule %s fires on its events and not on near misses', async (id, c) => {
    const rule = set.rules.find((r) => r.id === id);
    expect(rule, id).toBeDefined();
    const got = await matchedUids(kase.db, rule!);
    expect(got).toEqual(c.match.map((e) => e.uid).sort());
    for (const miss of c.miss) expect(got).not.toContain(miss.uid);
  });

  it('finds the same events when all rules of a source run in one pass as when each runs alone', async () => {
    const alone: string[] = [];
    for (const rule of set.rules.filter((r) => r.standalone)) {
      for (const uid of await matchedUids(kase.db, rule)) alone.push(`${rule.id} ${uid}`);
    }
    const together = (await runSigmaRules(kase.db, set.rules)).flatMap((f) =>
      f.event_uids.map((u) => `${f.detector.slice(6)} ${u}`),
    );
    expect(together.sort()).toEqual(alone.sort());
    expect(alone.length).toBeGreaterThanOrEqual(CASES.reduce((n, c) => n + c.match.length, 0));
  });

  it('turns the matches into findings that cite the rule', async () => {
    const ids = new Set(CASES.map((c) => c.id));
    const findings = await runSigmaRules(
      kase.db,
      set.rules.filter((r) => ids.has(r.id)),
    );
    const f = findings.find((x) => x.detector === 'sigma:91b76b84-8589-47aa-9605-c837583b82a9');
    expect(f).toMatchObject({
      severity: 'high',
      title: 'Potential Okta Password in AlternateID Field',
      actor_uid: 'actor-okta-pw',
      event_uids: ['okta-pw'],
      start: '2026-03-01T12:00:00.000Z',
    });
    expect(f?.explanation).toContain('legacyEventType=core.user_auth.login_failed');
    expect(f?.explanation).toContain('matched 1 event');
    // One finding per rule per identity here: every matched event has its own actor.
    expect(findings).toHaveLength(CASES.reduce((n, c) => n + c.match.length, 0));
  });
});
