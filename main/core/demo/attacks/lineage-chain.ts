/**
 * The credential chain of the CI compromise scenario, with its lineage ground truth: a repository the organisation
 * does not own gets the CI deploy role through GitHub Actions OIDC (a trust policy that checks the audience but not
 * the subject), creates a user and its access key with that session, and then works with the new key.
 */
import {
  PROD,
  accessKeyId,
  iamUserIdentity,
  oidcProviderArn,
  principalId,
  webIdentityUser,
  type Caller,
  type GithubRepo,
  type UserDef,
} from '../cloudtrail-actors';
import { HOUR, MINUTE, SECOND, issueSession, machineCaller, type ActivityContext } from '../cloudtrail-activity';
import { OPS } from '../cloudtrail-operations';
import type { Random } from '../random';
import { ATTACK_OPS as A } from './attack-ops';

export const UNKNOWN_REPO: GithubRepo = { slug: 'octo-fork/ci-probe', deploys: 'stack', perRunSession: false };
export const BACKDOOR_USER = 'svc-support';

/** The CI deploy role's session at `t`, issued by AssumeRoleWithWebIdentity to the unknown repository. */
export function unknownRepoSession(x: ActivityContext, rng: Random, t: number, ip: string, ua: string): Caller {
  const role = x.cast.ciRole[PROD]!;
  const identity = webIdentityUser(PROD, UNKNOWN_REPO);
  const issuer: Caller = {
    identity,
    truth: {
      actorUid: `${oidcProviderArn(PROD)}:${String(identity.userName)}`,
      displayName: String(identity.userName),
      category: 'machine',
      kind: 'web_identity',
    },
    arn: String(identity.principalId),
    ip,
    ua: 'aws-sdk-nodejs/2.1550.0 linux/v20.11.0 configure-aws-credentials',
    deny: 0,
    throttle: 0,
  };
  const s = issueSession(x, rng, t, {
    issuer,
    op: OPS.AssumeRoleWithWebIdentity,
    role,
    name: 'GitHubActions',
    region: 'us-east-1',
    lifetime: HOUR,
    repo: UNKNOWN_REPO,
  });
  return machineCaller(s, role, ip, ua, { deny: 0, throttle: 0 });
}

/** The user the attacker creates, keyed by the access key it will be given. */
export function backdoorUser(rng: Random): UserDef {
  const arn = `arn:aws:iam::${PROD}:user/${BACKDOOR_USER}`;
  return {
    account: PROD,
    name: BACKDOOR_USER,
    arn,
    principalId: principalId(rng, 'AIDA'),
    accessKeyId: accessKeyId(rng, 'AKIA'),
    truth: { actorUid: arn, displayName: BACKDOOR_USER, category: 'machine', kind: 'iam_user' },
  };
}

/**
 * After CreateAccessKey: the attacker's calls with the new key, from the same address, some minutes later. Records
 * the hops (created user, its key) and returns how many records were written.
 */
export function useBackdoorKey(x: ActivityContext, ci: Caller, user: UserDef, t: number): number {
  const c: Caller = { ...ci, identity: iamUserIdentity(user), truth: user.truth, arn: user.arn };
  const steps = [
    OPS.GetCallerIdentity,
    A.ListBuckets,
    A.ListSecrets,
    ...Array.from({ length: 6 }, () => OPS.GetSecretValue),
    A.ListUsers,
  ];
  steps.forEach((op, i) =>
    x.em.emit(t + 12 * MINUTE + i * 30 * SECOND, c, op, PROD, 'us-east-1', { secret: `orders/prod/secret-${i}` }, null),
  );
  const ciRole = ci.truth.actorUid;
  x.lineage?.push(
    { kind: 'created_user', parent: ciRole, child: user.arn, credential: null },
    { kind: 'access_key', parent: ciRole, child: user.arn, credential: user.accessKeyId },
  );
  return steps.length;
}
