/**
 * Injected attack scenarios for measuring the detectors (`npm run eval`), each with its ground truth: the
 * identity, the time window and the number of records it wrote. They happen in the last week of the archive
 * (the window an analysis examines by default), on top of the benign traffic, which keeps its own novelty.
 */
import {
  HOME_REGION,
  PROD,
  TOOLING,
  USER_AGENTS,
  accessKeyId,
  assumedRoleIdentity,
  githubSubject,
  iamUserIdentity,
  principalId,
  type Caller,
  type IdentityTruth,
  type RoleDef,
  type UserDef,
} from '../cloudtrail-actors';
import { MINUTE, SECOND, isoSeconds, type ActivityContext, type Driver } from '../cloudtrail-activity';
import { OPS, type OpDef } from '../cloudtrail-operations';
import type { Obj } from '../cloudtrail-actors';
import type { Random } from '../random';
import { ATTACK_OPS as A } from './attack-ops';
import { UNKNOWN_REPO, backdoorUser, unknownRepoSession, useBackdoorKey } from './lineage-chain';

export interface ScenarioTruth {
  scenario: string;
  description: string;
  actor_uid: string;
  start: string;
  end: string;
  records: number;
}

type Step = [op: OpDef, arg?: Obj, error?: [string, string] | null];
interface Plan {
  name: string;
  description: string;
  /** Day within the last week (0..6) and UTC minute of that day. */
  day: number;
  minute: number;
  caller: (t: number) => Caller;
  account: string;
  region?: string;
  /** Steps and the seconds between them. */
  steps: Step[];
  every: number;
  /** The user this scenario creates and whose new key the attacker then uses (lineage-chain.ts). */
  backdoor?: UserDef;
}

const denied = (op: OpDef): [string, string] => [
  'AccessDenied',
  `User is not authorized to perform: ${op.service}:${op.name} because no identity-based policy allows the action`,
];
const PACU = 'Boto3/1.34.0 Python/3.11.8 Linux/6.6.9-amd64 Botocore/1.34.0 Pacu/1.5.3 kali';
const PY = 'python-requests/2.32.3';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0';
const CLI = 'aws-cli/2.15.30 Python/3.11.8 Linux/6.6.9-amd64 exe/x86_64.debian.12 prompt/off';

function caller(
  identity: Obj,
  truth: IdentityTruth,
  arn: string,
  ip: string,
  ua: string,
  more: Partial<Caller> = {},
): Caller {
  return { identity, truth, arn, ip, ua, deny: 0, throttle: 0, ...more };
}

function roleSession(role: RoleDef, name: string, rng: Random, t: number, ec2 = false): Obj {
  return assumedRoleIdentity(role, name, {
    accessKeyId: accessKeyId(rng, 'ASIA'),
    created: isoSeconds(t - 10 * MINUTE),
    ec2,
  });
}

/** An IAM user that worked in the first week, then went silent: its key is what the dormant-key attack uses. */
export function dormantUser(rng: Random): UserDef {
  const arn = `arn:aws:iam::${TOOLING}:user/legacy-reporting`;
  return {
    account: TOOLING,
    name: 'legacy-reporting',
    arn,
    principalId: principalId(rng, 'AIDA'),
    accessKeyId: accessKeyId(rng, 'AKIA'),
    truth: { actorUid: arn, displayName: 'legacy-reporting', category: 'machine', kind: 'iam_user' },
  };
}

export function plans(x: ActivityContext, rng: Random, legacy: UserDef): Plan[] {
  const { cast } = x;
  const secrets = Array.from({ length: 40 }, (_, i) => ({ secret: `orders/prod/secret-${i}` }));
  const ext = (a: number) => `${a}.${rng.int(1, 250)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
  const ec2Ip = '10.20.1.77';
  const ec2Session = (t: number) => roleSession(cast.ec2Role, `i-0${rng.hex(16)}`, rng, t, true);
  let stolen: Obj | null = null;
  const backdoor = backdoorUser(rng.fork('backdoor'));
  const stolenEc2 = (t: number) => (stolen ??= ec2Session(t));
  return [
    {
      name: 'ci_role_night_admin',
      description:
        'the CI deploy role assumed through GitHub OIDC by a repository never seen before, at night from a new IP with a script, creating an admin user and its key',
      day: 0,
      minute: 2 * 60 + rng.int(0, 50),
      account: PROD,
      caller: (t) => unknownRepoSession(x, rng, t - 40 * SECOND, ext(185), PY),
      steps: [
        [OPS.GetCallerIdentity],
        [A.CreateUser, { userName: backdoor.name }],
        [A.AttachUserPolicy, { userName: backdoor.name }],
        [OPS.CreateAccessKey, { userName: backdoor.name, accessKeyId: backdoor.accessKeyId }],
      ],
      every: 20,
      backdoor,
    },
    {
      name: 'service_key_offensive_secrets',
      description: "svc-backup's access key used from outside with an offensive tool, reading 40 secrets in minutes",
      day: 1,
      minute: 9 * 60 + rng.int(0, 600),
      account: PROD,
      caller: () => caller(iamUserIdentity(cast.backup), cast.backup.truth, cast.backup.arn, ext(45), PACU),
      steps: [[OPS.GetCallerIdentity], [A.ListSecrets], ...secrets.map((s): Step => [OPS.GetSecretValue, s])],
      every: 4,
    },
    {
      name: 'machine_console_login',
      description: 'the terraform-ci service user signing in to the console from a browser and looking around',
      day: 2,
      minute: 11 * 60 + rng.int(0, 300),
      account: TOOLING,
      caller: (t) =>
        caller(
          iamUserIdentity(cast.terraform, { accessKeyId: accessKeyId(rng, 'ASIA'), created: isoSeconds(t) }),
          cast.terraform.truth,
          cast.terraform.arn,
          ext(91),
          FIREFOX,
          { console: true },
        ),
      steps: [
        [OPS.ConsoleLogin, { mfa: false }, null],
        [A.ListUsers],
        [OPS.ListRoles],
        [OPS.ListBuckets],
        [OPS.DescribeInstances],
      ],
      every: 30,
    },
    {
      name: 'dormant_key_reactivated',
      description: 'a reporting key unused for weeks, used again from a new network to enumerate',
      day: 3,
      minute: 8 * 60 + rng.int(0, 600),
      account: TOOLING,
      caller: () => caller(iamUserIdentity(legacy), legacy.truth, legacy.arn, ext(194), USER_AGENTS.backup),
      steps: [[OPS.GetCallerIdentity], [A.ListBuckets], [OPS.ListRoles], [A.ListUsers], [OPS.DescribeInstances]],
      every: 15,
    },
    {
      name: 'bulk_read_odd_hour',
      description: 'terraform-ci reading 400 objects from the backups bucket at 3 am on a weekend',
      day: 5,
      minute: 3 * 60 + rng.int(0, 30),
      account: PROD,
      caller: () =>
        caller(
          iamUserIdentity(cast.terraform),
          cast.terraform.truth,
          cast.terraform.arn,
          `20.${rng.int(25, 120)}.4.17`,
          USER_AGENTS.terraform,
        ),
      steps: Array.from({ length: 400 }, (_, i): Step => [
        OPS.GetObject,
        { bucket: 'example-prod-backups', key: `db/orders-${i}.dump` },
      ]),
      every: 3,
    },
    {
      name: 'workload_stops_logging',
      description: 'the app servers’ instance role stopping CloudTrail logging and deleting the trail',
      day: 4,
      minute: 14 * 60 + rng.int(0, 300),
      account: PROD,
      caller: (t) => caller(ec2Session(t), cast.ec2Role.truth, cast.ec2Role.arn, ec2Ip, USER_AGENTS.ec2App),
      steps: [[A.DescribeTrails], [A.StopLogging], [A.DeleteTrail]],
      every: 40,
    },
    {
      name: 'stolen_lambda_creds_recon',
      description: "the Lambda role's credentials used from outside to probe permissions: a burst of denied calls",
      day: 6,
      minute: 10 * 60 + rng.int(0, 600),
      account: PROD,
      caller: (t) =>
        caller(
          roleSession(cast.lambdaRole, 'orders-processor', rng, t),
          cast.lambdaRole.truth,
          cast.lambdaRole.arn,
          ext(103),
          CLI,
        ),
      steps: [
        [OPS.GetCallerIdentity],
        ...[
          A.ListUsers,
          OPS.ListRoles,
          A.GetAccountAuthorizationDetails,
          OPS.DescribeInstances,
          A.ListSecrets,
          A.ListBuckets,
          OPS.ListFunctions,
          OPS.DescribeVpcs,
        ].flatMap((o): Step[] => [
          [o, {}, denied(o)],
          [o, {}, denied(o)],
          [o, {}, denied(o)],
        ]),
      ],
      every: 6,
    },
    {
      name: 'credential_two_networks',
      description:
        "an instance's session credentials copied and used from an outside network while the instance uses them",
      day: 2,
      minute: 16 * 60 + rng.int(0, 300),
      account: PROD,
      caller: (t) => caller(stolenEc2(t), cast.ec2Role.truth, cast.ec2Role.arn, ext(198), CLI),
      steps: [
        [OPS.GetCallerIdentity],
        [A.ListBuckets],
        [OPS.GetObject, { bucket: 'example-orders-prod-data' }],
        [OPS.GetObject, { bucket: 'example-orders-prod-data' }],
      ],
      every: 50,
    },
    {
      name: 'lambda_role_privilege_escalation',
      description: 'the Lambda role rewriting another role’s policies (privilege escalation) from its usual place',
      day: 5,
      minute: 15 * 60 + rng.int(0, 120),
      account: PROD,
      caller: (t) =>
        caller(
          roleSession(cast.lambdaRole, 'orders-processor', rng, t),
          cast.lambdaRole.truth,
          cast.lambdaRole.arn,
          `3.${rng.int(80, 95)}.9.40`,
          USER_AGENTS.lambda,
        ),
      steps: [[A.PutRolePolicy], [A.UpdateAssumeRolePolicy]],
      every: 25,
    },
  ];
}

/** Drivers for the attack plans; ground truth goes to `truths` as they are emitted. */
export function attackDrivers(x: ActivityContext, rng: Random, legacy: UserDef, truths: ScenarioTruth[]): Driver {
  const list = plans(x, rng, legacy);
  const firstDay = x.days - 7;
  return (day, at) => {
    for (const p of list) {
      if (day.index !== firstDay + p.day) continue;
      const t0 = day.start + p.minute * MINUTE;
      at(t0, () => {
        const c = p.caller(t0);
        let t = t0;
        for (const [op, arg, error] of p.steps) {
          x.em.emit(t, c, op, p.account, p.region ?? HOME_REGION, arg ?? {}, error === undefined ? null : error);
          t += p.every * SECOND;
        }
        // The instance keeps using the copied credentials from inside, in the same hour.
        if (p.name === 'credential_two_networks') {
          const inside = { ...c, ip: '10.20.1.77', ua: USER_AGENTS.ec2App };
          for (let i = 0; i < 6; i++)
            x.em.emit(t0 + i * 4 * MINUTE, inside, OPS.PutMetricData, PROD, HOME_REGION, {}, null);
        }
        if (p.backdoor) {
          truths.push({
            scenario: 'oidc_unknown_repository',
            description: `the CI deploy role assumed through OIDC by ${githubSubject(UNKNOWN_REPO)}, a repository never seen before`,
            // the finding belongs on the role the repository got into, at the moment it got in
            actor_uid: x.cast.ciRole[PROD]!.truth.actorUid,
            start: new Date(t0 - 40 * SECOND).toISOString(),
            end: new Date(t0 - 40 * SECOND).toISOString(),
            records: 1,
          });
          const n = useBackdoorKey(x, c, p.backdoor, t);
          truths.push({
            scenario: 'backdoor_key_used',
            description: `the key the CI role created for ${p.backdoor.name} used by the attacker`,
            actor_uid: p.backdoor.arn,
            start: new Date(t + 12 * MINUTE).toISOString(),
            end: new Date(t + 12 * MINUTE + (n - 1) * 30 * SECOND).toISOString(),
            records: n,
          });
        }
        truths.push({
          scenario: p.name,
          description: p.description,
          actor_uid: c.truth.actorUid,
          start: new Date(t0).toISOString(),
          end: new Date(
            Math.max(t - p.every * SECOND, t0 + (p.name === 'credential_two_networks' ? 20 * MINUTE : 0)),
          ).toISOString(),
          records: p.steps.length,
        });
      });
    }
  };
}
