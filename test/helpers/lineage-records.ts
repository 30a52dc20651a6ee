import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * CloudTrail and Kubernetes audit records of credential chains, written from AWS's documented record shapes
 * (AssumeRoleWithWebIdentity from GitHub Actions and from EKS IRSA, AssumeRole by a role session, CreateUser,
 * CreateAccessKey and the calls signed with the new key).
 */
export const ACCOUNT = '111122223333';
export const OIDC = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
export const EKS_OIDC = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE`;
export const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
export const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;

let n = 0;
const at = (minute: number) => new Date(Date.UTC(2026, 9, 1, 10, minute, 0)).toISOString().replace('.000Z', 'Z');

type Obj = Record<string, unknown>;
export function record(minute: number, eventName: string, userIdentity: Obj, more: Obj = {}): Obj {
  return {
    eventVersion: '1.09',
    eventTime: at(minute),
    eventSource: eventName.startsWith('AssumeRole') ? 'sts.amazonaws.com' : 'iam.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.15.0',
    eventID: `lineage-${++n}`,
    recipientAccountId: ACCOUNT,
    userIdentity,
    ...more,
  };
}

export const webIdentity = (provider: string, subject: string): Obj => ({
  type: 'WebIdentityUser',
  principalId: `${provider}:sts.amazonaws.com:${subject}`,
  userName: subject,
  identityProvider: provider,
});

export const session = (role: string, name: string, key: string): Obj => ({
  type: 'AssumedRole',
  principalId: `AROAEXAMPLE${role.length}:${name}`,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${name}`,
  accountId: ACCOUNT,
  accessKeyId: key,
  sessionContext: {
    sessionIssuer: { type: 'Role', arn: roleArn(role), accountId: ACCOUNT, userName: role },
    attributes: { creationDate: at(0), mfaAuthenticated: 'false' },
  },
});

export const iamUser = (name: string, key: string): Obj => ({
  type: 'IAMUser',
  principalId: `AIDAEXAMPLE${name.length}`,
  arn: userArn(name),
  accountId: ACCOUNT,
  accessKeyId: key,
  userName: name,
});

/** An AssumeRole* call by `who` for `role`, issuing `key`; web identity calls carry the subject and provider. */
export function assume(minute: number, op: string, who: Obj, role: string, key: string, sessionName: string): Obj {
  const web = op === 'AssumeRoleWithWebIdentity';
  return record(minute, op, who, {
    requestParameters: { roleArn: roleArn(role), roleSessionName: sessionName, durationSeconds: 3600 },
    responseElements: {
      credentials: { accessKeyId: key, sessionToken: 'IQoJb3JpZ2luX2Vj', expiration: 'Oct 1, 2026, 11:00:00 AM' },
      assumedRoleUser: {
        assumedRoleId: `AROAEXAMPLE${role.length}:${sessionName}`,
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${sessionName}`,
      },
      ...(web
        ? { subjectFromWebIdentityToken: who.userName, provider: who.identityProvider, audience: 'sts.amazonaws.com' }
        : {}),
    },
    resources: [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: roleArn(role) }],
  });
}

export function createUser(minute: number, who: Obj, name: string): Obj {
  return record(minute, 'CreateUser', who, {
    requestParameters: { userName: name },
    responseElements: {
      user: {
        path: '/',
        userName: name,
        userId: 'AIDAEXAMPLEBACKDOOR',
        arn: userArn(name),
        createDate: 'Oct 1, 2026 10:05:00 AM',
      },
    },
  });
}

export function createAccessKey(minute: number, who: Obj, name: string, key: string): Obj {
  return record(minute, 'CreateAccessKey', who, {
    requestParameters: { userName: name },
    responseElements: {
      accessKey: { userName: name, accessKeyId: key, status: 'Active', createDate: 'Oct 1, 2026 10:06:00 AM' },
    },
  });
}

/** A Kubernetes audit event (audit.k8s.io/v1) by `username`. */
export function k8sEvent(minute: number, username: string, verb: string, objectRef: Obj, uri: string): Obj {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: `k8s-lineage-${++n}`,
    stage: 'ResponseComplete',
    requestURI: uri,
    verb,
    user: { username, groups: ['system:serviceaccounts', 'system:authenticated'] },
    sourceIPs: ['10.0.3.4'],
    objectRef,
    responseStatus: { metadata: {}, code: verb === 'create' ? 201 : 200 },
    requestReceivedTimestamp: at(minute),
    stageTimestamp: at(minute),
  };
}

export const GH_SUBJECT = 'repo:acme/deploy:ref:refs/heads/main';
export const IRSA_SUBJECT = 'system:serviceaccount:payments:api';

/** A CI role federated from GitHub that creates a user and its key, chains into another role; an IRSA pod; a TokenRequest. */
export async function writeChainEvidence(dir: string): Promise<void> {
  const ci = session('ci-deploy', 'gha-1', 'ASIAOIDC00000000001');
  const backdoor = iamUser('backdoor', 'AKIABACKDOOR0000001');
  const trail = [
    assume(0, 'AssumeRoleWithWebIdentity', webIdentity(OIDC, GH_SUBJECT), 'ci-deploy', 'ASIAOIDC00000000001', 'gha-1'),
    record(1, 'GetCallerIdentity', ci),
    createUser(2, ci, 'backdoor'),
    createAccessKey(3, ci, 'backdoor', 'AKIABACKDOOR0000001'),
    record(4, 'ListUsers', backdoor),
    record(5, 'ListRoles', backdoor),
    record(6, 'ListBuckets', backdoor),
    assume(7, 'AssumeRole', ci, 'prod-admin', 'ASIACHAIN0000000001', 'chained'),
    record(8, 'GetSecretValue', session('prod-admin', 'chained', 'ASIACHAIN0000000001')),
    assume(
      10,
      'AssumeRoleWithWebIdentity',
      webIdentity(EKS_OIDC, IRSA_SUBJECT),
      'payments-irsa',
      'ASIAIRSA00000000001',
      'botocore-session-1',
    ),
    record(11, 'GetObject', session('payments-irsa', 'botocore-session-1', 'ASIAIRSA00000000001')),
    // a key issued and never used: still an edge, with no use
    assume(12, 'AssumeRole', iamUser('deployer', 'AKIADEPLOYER000001'), 'prod-admin', 'ASIAUNUSED000000001', 'unused'),
    // a CreateRole whose record lost its responseElements (a trimmed export): named from its request, never fatal
    record(12, 'CreateRole', iamUser('deployer', 'AKIADEPLOYER000001'), {
      requestParameters: { roleName: 'reporting' },
      responseElements: null,
    }),
    // a failed call issues nothing
    {
      ...assume(13, 'AssumeRole', iamUser('deployer', 'AKIADEPLOYER000001'), 'prod-admin', 'ASIAFAILED000000001', 'x'),
      errorCode: 'AccessDenied',
    },
  ];
  await writeFile(path.join(dir, 'trail.json'), JSON.stringify({ Records: trail }));
  const pods = { resource: 'pods', namespace: 'payments', apiVersion: 'v1' };
  const k8s = [
    k8sEvent(9, IRSA_SUBJECT, 'list', pods, '/api/v1/namespaces/payments/pods'),
    k8sEvent(
      12,
      'system:kube-controller-manager',
      'create',
      { resource: 'serviceaccounts', subresource: 'token', namespace: 'ci', name: 'builder', apiVersion: 'v1' },
      '/api/v1/namespaces/ci/serviceaccounts/builder/token',
    ),
    k8sEvent(13, 'system:serviceaccount:ci:builder', 'list', pods, '/api/v1/namespaces/ci/pods'),
    k8sEvent(14, 'system:serviceaccount:ci:builder', 'get', pods, '/api/v1/namespaces/ci/pods/x'),
  ];
  await writeFile(path.join(dir, 'audit.log'), k8s.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

/** Minutes in a day (record() takes minutes after 2026-10-01 10:00 UTC). */
export const DAY = 24 * 60;
export const KNOWN = 'repo:acme/deploy:ref:refs/heads/main';

/**
 * A CI role federated from acme/deploy for four days; on day 5 an unknown repository assumes it, creates the user
 * backdoor and its key from a new address, and the key is used three times; then a new branch of acme/deploy.
 */
export function federationTrail(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let d = 0; d < 4; d++) {
    const key = `ASIABASE00000000${d}0`;
    out.push(assume(d * DAY, 'AssumeRoleWithWebIdentity', webIdentity(OIDC, KNOWN), 'ci-deploy', key, `gha-${d}`));
    out.push(record(d * DAY + 1, 'GetCallerIdentity', session('ci-deploy', `gha-${d}`, key)));
    out.push(record(d * DAY + 2, 'PutObject', session('ci-deploy', `gha-${d}`, key)));
  }
  const t = 5 * DAY;
  const from = { sourceIPAddress: '203.0.113.9', userAgent: 'python-requests/2.32.3' };
  const ci = session('ci-deploy', 'GitHubActions', 'ASIAATTACK000000001');
  const probe = webIdentity(OIDC, 'repo:octo-fork/ci-probe:ref:refs/heads/main');
  out.push({
    ...assume(t, 'AssumeRoleWithWebIdentity', probe, 'ci-deploy', 'ASIAATTACK000000001', 'GitHubActions'),
    ...from,
  });
  out.push({ ...createUser(t + 1, ci, 'backdoor'), ...from });
  out.push({ ...createAccessKey(t + 2, ci, 'backdoor', 'AKIABACKDOOR0000001'), ...from });
  for (let i = 0; i < 3; i++)
    out.push({ ...record(t + 10 + i, 'ListBuckets', iamUser('backdoor', 'AKIABACKDOOR0000001')), ...from });
  const feature = webIdentity(OIDC, 'repo:acme/deploy:ref:refs/heads/feature-x');
  out.push(assume(t + 60, 'AssumeRoleWithWebIdentity', feature, 'ci-deploy', 'ASIAFEATURE00000001', 'gha-9'));
  out.push(record(t + 61, 'GetCallerIdentity', session('ci-deploy', 'gha-9', 'ASIAFEATURE00000001')));
  return out;
}
