/**
 * Benign change in the analysed week, so the eval measures false findings against a realistic week rather
 * than a frozen one: a deploy that gives the Lambda a new call, a new instance in the usual subnet range,
 * a new CI role for a release pipeline, the reporting key's ordinary first week before it went quiet, a
 * legitimate IAM change by the Terraform pipeline (a new role, from its usual runners at its usual hours) and a
 * misconfigured deploy that is denied a few times in a row.
 */
import {
  HOME_REGION,
  PROD,
  TOOLING,
  USER_AGENTS,
  accessKeyId,
  assumedRoleIdentity,
  iamUserIdentity,
  principalId,
  type Caller,
  type UserDef,
} from '../cloudtrail-actors';
import { HOUR, MINUTE, isoSeconds, runnerIp, spread, type ActivityContext, type Driver } from '../cloudtrail-activity';
import { OPS } from '../cloudtrail-operations';
import { ATTACK_OPS } from './attack-ops';
import type { Random } from '../random';

export function benignNovelty(x: ActivityContext, rng: Random, legacy: UserDef): Driver {
  const { cast } = x;
  const deployDay = x.days - 5;
  const lambda = cast.lambdaRole;
  const lambdaCaller = (t: number): Caller => ({
    identity: assumedRoleIdentity(lambda, 'orders-processor', {
      accessKeyId: accessKeyId(rng, 'ASIA'),
      created: isoSeconds(t),
    }),
    truth: lambda.truth,
    arn: lambda.arn,
    ip: `3.${rng.int(80, 95)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    ua: USER_AGENTS.lambda,
    deny: 0.004,
    throttle: 0.01,
  });
  const ec2 = cast.ec2Role;
  const newInstanceIp = `10.20.5.${rng.int(10, 250)}`;
  const ec2Caller = (t: number): Caller => ({
    identity: assumedRoleIdentity(ec2, `i-0${rng.hex(16)}`, {
      accessKeyId: accessKeyId(rng, 'ASIA'),
      created: isoSeconds(t),
      ec2: true,
    }),
    truth: ec2.truth,
    arn: ec2.arn,
    ip: newInstanceIp,
    ua: USER_AGENTS.ec2App,
    deny: 0.004,
    throttle: 0.012,
  });
  const release = {
    account: PROD,
    name: 'github-actions-release',
    arn: `arn:aws:iam::${PROD}:role/github-actions-release`,
    principalId: principalId(rng, 'AROA'),
    truth: {
      actorUid: `arn:aws:iam::${PROD}:role/github-actions-release`,
      displayName: 'github-actions-release',
      category: 'machine' as const,
      kind: 'iam_role',
    },
  };
  const legacyCaller: Caller = {
    identity: iamUserIdentity(legacy),
    truth: legacy.truth,
    arn: legacy.arn,
    ip: '203.0.113.50',
    ua: USER_AGENTS.backup,
    deny: 0,
    throttle: 0,
  };
  return (day, at) => {
    if (day.index < 6 && day.weekday)
      for (const t of spread(rng, rng.int(4, 9), day.start + 13 * HOUR, 4 * HOUR))
        at(t, () =>
          x.em.emit(t, legacyCaller, rng.chance(0.5) ? OPS.GetObject : OPS.ListBuckets, TOOLING, HOME_REGION, {
            bucket: 'example-ci-artifacts',
          }),
        );
    if (day.index >= deployDay)
      for (let h = 0; h < 24; h++)
        for (const t of spread(rng, rng.poisson(2), day.start + h * HOUR, HOUR)) {
          at(t, () => x.em.emit(t, lambdaCaller(t), OPS.DescribeTable, PROD, HOME_REGION, { table: 'orders' }));
          at(t + MINUTE, () => x.em.emit(t + MINUTE, ec2Caller(t), OPS.GetParameter, PROD, HOME_REGION));
        }
    if (day.index === deployDay + 1) {
      const t = day.start + 16 * HOUR + rng.int(0, 90) * MINUTE;
      const tf = cast.terraform;
      const c: Caller = {
        identity: iamUserIdentity(tf),
        truth: tf.truth,
        arn: tf.arn,
        ip: runnerIp(rng),
        ua: USER_AGENTS.terraform,
        deny: 0,
        throttle: 0,
      };
      at(t, () => {
        x.em.emit(t, c, OPS.GetRole, TOOLING, HOME_REGION, { roleName: 'orders-reporting-role' }, [
          'NoSuchEntity',
          'The role with name orders-reporting-role cannot be found.',
        ]);
        x.em.emit(t + 4000, c, ATTACK_OPS.CreateRole, TOOLING, HOME_REGION, {}, null);
        x.lineage?.push({
          kind: 'created_role',
          parent: tf.truth.actorUid,
          child: `arn:aws:iam::${TOOLING}:role/orders-reporting-role`,
          credential: null,
        });
        x.em.emit(t + 6000, c, ATTACK_OPS.AttachRolePolicy, TOOLING, HOME_REGION, {}, null);
        x.em.emit(t + 8000, c, OPS.GetRole, TOOLING, HOME_REGION, { roleName: 'orders-reporting-role' }, null);
      });
    }
    if (day.index === deployDay + 2) {
      const t = day.start + 15 * HOUR + rng.int(0, 90) * MINUTE;
      const role = cast.ciRole[PROD]!;
      const c: Caller = {
        identity: assumedRoleIdentity(role, 'GitHubActions', {
          accessKeyId: accessKeyId(rng, 'ASIA'),
          created: isoSeconds(t),
        }),
        truth: role.truth,
        arn: role.arn,
        ip: runnerIp(rng),
        ua: USER_AGENTS.githubCli,
        deny: 0,
        throttle: 0,
      };
      const denied: [string, string] = [
        'AccessDeniedException',
        `User: ${role.arn}/GitHubActions is not authorized to perform: ecs:UpdateService`,
      ];
      at(t, () => {
        for (let i = 0; i < 8; i++) x.em.emit(t + i * 30_000, c, OPS.UpdateService, PROD, HOME_REGION, {}, denied);
      });
    }
    if (day.index >= deployDay + 1 && day.weekday) {
      const t = day.start + 14 * HOUR + rng.int(0, 120) * MINUTE;
      at(t, () => {
        const c: Caller = {
          identity: assumedRoleIdentity(release, 'GitHubActions', {
            accessKeyId: accessKeyId(rng, 'ASIA'),
            created: isoSeconds(t),
          }),
          truth: release.truth,
          arn: release.arn,
          ip: runnerIp(rng),
          ua: USER_AGENTS.githubCli,
          deny: 0,
          throttle: 0,
        };
        for (let i = 0; i < 6; i++)
          x.em.emit(t + i * 20_000, c, i % 2 ? OPS.DescribeStacks : OPS.GetCallerIdentity, PROD, HOME_REGION);
      });
    }
  };
}
