import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { sigmaFolders } from '../../main/core/analysis/sigma-step';
import { loadSigmaFolders, type SigmaRuleSet } from '../../main/core/sigma';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

/**
 * One shipped SigmaHQ rule per logsource, over records read by the real ingest (so each lands with the source and
 * format production gives it): one record that must match and one near miss. Records are told apart by their time.
 */
interface Case {
  logsource: string;
  rule: string;
  file: string;
  /** The file's text for a record at time t (ISO) that matches (true) or is the near miss (false). */
  record: (t: string, match: boolean) => unknown;
  /** How the file holds its records. */
  shape?: 'jsonl' | 'cloudtrail';
}

const CASES: Case[] = [
  {
    logsource: 'aws/cloudtrail',
    rule: '4db60cc0-36fb-42b7-9b58-a5b53019fb74', // CloudTrail Important Change
    file: 'cloudtrail.json',
    shape: 'cloudtrail',
    record: (t, m) => ({
      eventVersion: '1.09',
      eventTime: t.replace('.000', ''),
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: m ? 'StopLogging' : 'DescribeTrails',
      awsRegion: 'eu-west-1',
      sourceIPAddress: '198.51.100.1',
      userAgent: 'aws-cli/2.15',
      eventID: `e-${t}`,
      userIdentity: {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::111122223333:assumed-role/ci/s',
        accountId: '111122223333',
      },
    }),
  },
  {
    logsource: 'azure/activitylogs',
    rule: 'a622fcd2-4b5a-436a-b8a2-a4171161833c', // Granting permission (a keyword)
    file: 'activity.jsonl',
    record: (t, m) => ({
      time: t,
      resourceId: '/SUBSCRIPTIONS/1111/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/X',
      operationName: m
        ? 'MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE'
        : 'MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/READ',
      category: 'Administrative',
      resultType: 'Success',
      callerIpAddress: '20.50.2.1',
      caller: 'ops@acme.com',
      correlationId: `c-${t}`,
    }),
  },
  {
    logsource: 'azure/auditlogs',
    rule: '26e7c5e2-6545-481e-b7e6-050143459635', // CA policy removed (properties.message)
    file: 'entra-audit.jsonl',
    record: (t, m) => ({
      time: t,
      operationName: m ? 'Delete conditional access policy' : 'Update conditional access policy',
      category: 'AuditLogs',
      tenantId: 't-1',
      properties: {
        id: `a-${t}`,
        activityDateTime: t,
        activityDisplayName: m ? 'Delete conditional access policy' : 'Update conditional access policy',
        category: 'Policy',
        loggedByService: 'Conditional Access',
        result: 'success',
        initiatedBy: { user: { userPrincipalName: 'eve@acme.com', id: 'u-eve', ipAddress: '198.51.100.9' } },
        targetResources: [{ id: 'p-1', displayName: 'Require MFA', type: 'Policy' }],
        // What the activity-log keyword rule looks for: it must still not run over this audit record.
        additionalDetails: [{ key: 'action', value: 'Microsoft.Authorization/roleAssignments/write' }],
      },
    }),
  },
  {
    logsource: 'azure/signinlogs',
    rule: '2b7d6fc0-71ac-4cf7-8ed1-b5788ee5257a', // Account lockout (ResultType 50053)
    file: 'signins.jsonl',
    record: (t, m) => ({
      time: t,
      operationName: 'Sign-in activity',
      category: 'SignInLogs',
      tenantId: 't-1',
      resultType: m ? '50053' : '50126',
      properties: {
        id: `s-${t}`,
        createdDateTime: t,
        userPrincipalName: 'carol@acme.com',
        appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
        ipAddress: '198.51.100.8',
        status: { errorCode: m ? 50053 : 50126 },
        isInteractive: true,
      },
    }),
  },
  {
    logsource: 'gcp/gcp.audit',
    rule: '234f9f48-904b-4736-a34c-55d23919e4b7', // DLP re-identifies (gcp.audit.method_name)
    file: 'gcp.jsonl',
    record: (t, m) => ({
      insertId: `g-${t}`,
      logName: 'projects/acme-prod/logs/cloudaudit.googleapis.com%2Fdata_access',
      protoPayload: {
        '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
        authenticationInfo: { principalEmail: 'etl@acme-prod.iam.gserviceaccount.com' },
        methodName: m ? 'projects.content.reidentify' : 'projects.content.deidentify',
        serviceName: 'dlp.googleapis.com',
      },
      resource: { type: 'audited_resource' },
      timestamp: t,
    }),
  },
  {
    logsource: 'github/audit',
    rule: '0c46d4f4-a2bf-4104-9597-8d653fc2bb55', // Pages site made public
    file: 'github.jsonl',
    record: (t, m) => ({
      '@timestamp': Date.parse(t),
      action: m ? 'repo.pages_public' : 'repo.pages_private',
      actor: 'deploy-bot[bot]',
      org: 'acme',
      repo: 'acme/web',
      created_at: Date.parse(t),
    }),
  },
  {
    logsource: 'kubernetes/audit',
    rule: '40967487-139b-4811-81d9-c9767a92aa5a', // Deployment deleted
    file: 'k8s.jsonl',
    record: (t, m) => ({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: `k-${t}`,
      stage: 'ResponseComplete',
      requestURI: '/apis/apps/v1/namespaces/pay/deployments/api',
      verb: m ? 'delete' : 'get',
      user: { username: 'system:serviceaccount:ci:deployer' },
      sourceIPs: ['10.0.0.9'],
      objectRef: { resource: 'deployments', namespace: 'pay', name: 'api', apiGroup: 'apps' },
      responseStatus: { code: 200 },
      requestReceivedTimestamp: t,
      stageTimestamp: t,
    }),
  },
  {
    logsource: 'm365/audit',
    rule: '60de9b57-dc4d-48b9-a6a0-b39e0469f876', // MFA disabled
    file: 'ual.jsonl',
    record: (t, m) => ({
      CreationTime: t.slice(0, 19),
      Id: `m-${t}`,
      Operation: m ? 'Disable Strong Authentication.' : 'Enable Strong Authentication.',
      OrganizationId: 'org-1',
      RecordType: 8,
      ResultStatus: 'Success',
      UserKey: '1003',
      UserType: 0,
      Workload: 'AzureActiveDirectory',
      UserId: 'admin@acme.com',
    }),
  },
  {
    logsource: 'm365/threat_management',
    rule: '2e669ed8-742e-4fe5-b3c4-5a59b486c2ee', // Activity performed by terminated user (an alert)
    file: 'ual-alerts.jsonl',
    record: (t, m) => ({
      CreationTime: t.slice(0, 19),
      Id: `al-${t}`,
      Operation: 'AlertTriggered',
      OrganizationId: 'org-1',
      RecordType: 40,
      ResultStatus: 'Succeeded',
      UserKey: 'SecurityComplianceAlerts',
      UserType: 4,
      Workload: 'SecurityComplianceCenter',
      UserId: 'SecurityComplianceAlerts',
      AlertId: `x-${t}`,
      AlertType: 'System',
      Category: 'ThreatManagement',
      Name: m ? 'Activity performed by terminated user' : 'Activity from infrequent country',
      Severity: 'Medium',
      Source: 'Cloud App Security',
      Status: 'Active',
    }),
  },
  {
    logsource: 'okta/okta',
    rule: '139bdd4b-9cd7-49ba-a2f4-744d0a8f5d8c', // Admin role assignment created
    file: 'okta.jsonl',
    record: (t, m) => ({
      actor: { id: '0oa1', type: 'PublicClientApp', alternateId: 'scim-sync', displayName: 'scim-sync' },
      client: { ipAddress: '203.0.113.30' },
      eventType: m ? 'iam.resourceset.bindings.add' : 'iam.resourceset.bindings.delete',
      outcome: { result: 'SUCCESS' },
      published: t,
      uuid: `o-${t}`,
    }),
  },
];

const T0 = Date.parse('2024-05-10T00:00:00Z');
const timeOf = (i: number, match: boolean) => new Date(T0 + (i * 2 + (match ? 0 : 1)) * 60_000).toISOString();

describe('each Sigma logsource over the records Trailmark reads for it', () => {
  let core: CoreService;
  let set: SigmaRuleSet;

  beforeAll(async () => {
    const dir = path.join(await tempDir(), 'in');
    await mkdir(dir);
    for (const [i, c] of CASES.entries()) {
      const recs = [true, false].map((m) => c.record(timeOf(i, m), m));
      const text =
        c.shape === 'cloudtrail'
          ? JSON.stringify({ Records: recs })
          : recs.map((r) => JSON.stringify(r)).join('\n') + '\n';
      await writeFile(path.join(dir, c.file), text);
    }
    ({ core } = await openTempCase('logsources'));
    const summary = await ingest(core, [dir]);
    for (const f of summary.files) expect(f.loaded, f.path).toBe(2);
    set = await loadSigmaFolders(sigmaFolders({ defaultRules: true, sigmaDir: null }));
  });
  afterAll(() => core.close());

  /** The times of the events a rule matches. */
  async function matchedTimes(ruleId: string): Promise<string[]> {
    const rule = set.rules.find((r) => r.id === ruleId)!;
    const db = core.session.requireCase().db;
    const rows = await db.all<{ t: string }>(
      `SELECT strftime(time AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS t FROM events
       WHERE event_uid IN (SELECT event_uid FROM (${rule.sql}))`,
      rule.params,
    );
    return rows.map((r) => r.t).sort();
  }

  it.each(CASES.map((c, i) => [c.logsource, c, i] as const))(
    '%s: the rule matches its record and not the near miss',
    async (_ls, c, i) => {
      expect(await matchedTimes(c.rule)).toEqual([timeOf(i, true)]);
    },
  );

  it('activity-log rules do not run over Entra audit records, nor audit-log rules over the Activity Log', async () => {
    const db = core.session.requireCase().db;
    const kinds = await db.all<{ format: string; source: string }>(
      `SELECT DISTINCT f.format, e.source FROM events e JOIN evidence_files f USING (evidence_id)
       WHERE f.format IN ('entra_audit', 'azure_activity') ORDER BY 1`,
    );
    expect(kinds).toEqual([
      { format: 'azure_activity', source: 'azure_activity' },
      { format: 'entra_audit', source: 'azure_activity' },
    ]);
    const activity = set.rules.filter((r) => r.sources.includes('azure_activity'));
    const audit = set.rules.filter((r) => r.sources.includes('entra_audit'));
    expect([activity.length, audit.length]).toEqual([35, 44]);
    const entraTimes = [timeOf(2, true), timeOf(2, false)];
    const activityTimes = [timeOf(1, true), timeOf(1, false)];
    for (const r of activity) for (const t of await matchedTimes(r.id)) expect(entraTimes, r.id).not.toContain(t);
    for (const r of audit) for (const t of await matchedTimes(r.id)) expect(activityTimes, r.id).not.toContain(t);
  });
});
