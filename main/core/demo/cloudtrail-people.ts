/**
 * People: engineers signing in through IAM Identity Center in office hours (console and CLI), an
 * admin with an old-style IAM user who signs in now and then, and the root user once or twice.
 */
import {
  HOME_REGION,
  PROD,
  USER_AGENTS,
  accessKeyId,
  assumedRoleArn,
  assumedRoleIdentity,
  iamUserIdentity,
  rootIdentity,
  type Caller,
  type Obj,
  type Person,
} from './cloudtrail-actors';
import {
  DAY,
  HOUR,
  MINUTE,
  SECOND,
  cliUa,
  isoSeconds,
  must,
  type ActivityContext,
  type Driver,
  type Emitter,
  type KeyRotation,
} from './cloudtrail-activity';
import { OPS, type OpDef } from './cloudtrail-operations';
import type { Random } from './random';

interface Page {
  reads: OpDef[];
  writes: OpDef[];
}
const PAGES: Record<string, Page> = {
  ec2: {
    reads: [
      OPS.DescribeInstances,
      OPS.DescribeInstanceStatus,
      OPS.DescribeSecurityGroups,
      OPS.DescribeVpcs,
      OPS.DescribeSubnets,
    ],
    writes: [OPS.CreateTags, OPS.AuthorizeSecurityGroupIngress],
  },
  s3: {
    reads: [
      OPS.ListBuckets,
      OPS.GetBucketLocation,
      OPS.GetBucketPolicy,
      OPS.GetBucketAcl,
      OPS.GetBucketVersioning,
      OPS.ListObjects,
    ],
    writes: [OPS.PutObject],
  },
  iam: {
    reads: [
      OPS.ListRoles,
      OPS.GetRole,
      OPS.ListAttachedRolePolicies,
      OPS.GetAccountSummary,
      OPS.ListUsers,
      OPS.ListAccessKeys,
    ],
    writes: [],
  },
  lambda: { reads: [OPS.ListFunctions, OPS.GetFunction], writes: [OPS.UpdateFunctionConfiguration] },
  logs: {
    reads: [OPS.DescribeLogGroups, OPS.DescribeLogStreams, OPS.FilterLogEvents],
    writes: [OPS.PutRetentionPolicy],
  },
  cloudwatch: { reads: [OPS.DescribeAlarms, OPS.GetMetricData], writes: [] },
  cloudformation: { reads: [OPS.ListStacks, OPS.DescribeStacks, OPS.DescribeStackEvents, OPS.GetTemplate], writes: [] },
  ecs: { reads: [OPS.DescribeClusters, OPS.DescribeServices, OPS.ListTasks], writes: [OPS.UpdateService] },
  ecr: { reads: [OPS.DescribeRepositories], writes: [] },
  dynamodb: { reads: [OPS.DescribeTable, OPS.Query], writes: [] },
  ssm: { reads: [OPS.GetParametersByPath, OPS.GetParameter], writes: [OPS.PutParameter] },
};
const PROD_PAGES: [string, number][] = [
  ['ec2', 3],
  ['s3', 2],
  ['iam', 1],
  ['lambda', 2],
  ['logs', 3],
  ['cloudwatch', 2],
  ['cloudformation', 1],
  ['ecs', 2],
  ['dynamodb', 1],
  ['ssm', 1],
];
const TOOLING_PAGES: [string, number][] = [
  ['ecr', 2],
  ['s3', 2],
  ['iam', 2],
  ['cloudformation', 2],
  ['logs', 1],
];
const ADMIN_PAGES: [string, number][] = [
  ['iam', 6],
  ['s3', 1],
  ['ec2', 1],
];

/** A console session: page views, each a small burst of reads, some with a write. Returns when it ends. */
function browse(
  em: Emitter,
  rng: Random,
  c: Caller,
  account: string,
  t: number,
  views: number,
  pages: [string, number][],
  writeChance: number,
): number {
  let u = t;
  for (let v = 0; v < views; v++) {
    const page = must(PAGES[rng.weighted(pages)], 'console page');
    const region = rng.chance(0.8) ? HOME_REGION : 'eu-west-1';
    const burst = rng.int(1, 4);
    for (let k = 0; k < burst; k++) em.emit(u + rng.int(0, 2500), c, rng.pick(page.reads), account, region);
    if (page.writes.length > 0 && rng.chance(writeChance))
      em.emit(u + rng.int(5, 40) * SECOND, c, rng.pick(page.writes), account, region);
    u += 3 * SECOND + Math.floor(rng.exp(60 * SECOND)) + (rng.chance(0.1) ? rng.int(5, 40) * MINUTE : 0);
  }
  return u;
}

const consoleLogin = (
  em: Emitter,
  t: number,
  c: Caller,
  account: string,
  arg: Obj,
  error: [string, string] | null = null,
) => em.emit(t, c, OPS.ConsoleLogin, account, HOME_REGION, arg, error);

export function people(x: ActivityContext): Driver {
  const rng = x.rng.fork('people');
  const updates = x.cast.people.map(() => Math.floor(x.days * rng.range(0.3, 0.7)));
  function session(p: Person, t: number, ip: string, browser: string) {
    const role = rng.weighted(p.roles);
    const readOnly = role.name.includes('ReadOnly');
    const arn = assumedRoleArn(role, p.email);
    const pages = role.account === PROD ? PROD_PAGES : TOOLING_PAGES;
    const created = t + rng.int(1, 4) * SECOND;
    const identity = assumedRoleIdentity(role, p.email, {
      accessKeyId: accessKeyId(rng, 'ASIA'),
      created: isoSeconds(created),
    });
    const base = { identity, truth: role.truth, arn, ip, readOnly, deny: 0.01, throttle: 0.002 };
    if (rng.chance(0.7)) {
      consoleLogin(
        x.em,
        t,
        { ...base, identity: assumedRoleIdentity(role, p.email, { created: isoSeconds(t) }), ua: browser },
        role.account,
        { mfa: false },
      );
      browse(
        x.em,
        rng,
        { ...base, ua: browser, console: true },
        role.account,
        created + 2 * SECOND,
        rng.int(3, 14),
        pages,
        readOnly ? 0.03 : 0.12,
      );
      return;
    }
    const c: Caller = { ...base, ua: cliUa(p.cli) };
    let u = created;
    x.em.emit(u, c, OPS.GetCallerIdentity, role.account, HOME_REGION, {}, null);
    for (let n = rng.int(2, 12); n > 0; n--) {
      u += 5 * SECOND + Math.floor(rng.exp(45 * SECOND));
      const page = must(PAGES[rng.weighted(pages)], 'cli page');
      const op =
        page.writes.length > 0 && rng.chance(readOnly ? 0.03 : 0.1) ? rng.pick(page.writes) : rng.pick(page.reads);
      const region = rng.chance(0.8) ? HOME_REGION : 'eu-west-1';
      for (let pageNo = rng.chance(0.8) ? 1 : rng.int(2, 4); pageNo > 0; pageNo--)
        x.em.emit((u += rng.int(300, 1500)), c, op, role.account, region);
    }
  }
  return (day, at) => {
    x.cast.people.forEach((p, i) => {
      for (let n = rng.poisson((day.weekday ? 1.3 : 0.08) * x.scale); n > 0; n--) {
        const late = rng.chance(0.04);
        const local = late ? rng.range(20.5, 23.5) : Math.min(19, Math.max(7.5, rng.normal(11, 2.2)));
        const t = day.start + Math.floor((local - p.utcOffset) * HOUR);
        const browser = p.browsers[day.index >= (updates[i] ?? 0) ? 1 : 0];
        const ip = late || !day.weekday || rng.chance(0.2) ? p.homeIp : rng.pick(p.officeIps);
        at(t, () => session(p, t, ip, browser));
      }
    });
  };
}

/** bob.admin: a person with an IAM user, signs in to the console now and then; rotates svc-backup's key once. */
export function bobAdmin(x: ActivityContext, rotation: KeyRotation): Driver {
  const rng = x.rng.fork('bob');
  const bob = x.cast.bob;
  const rotationDay = Math.floor((rotation.at - x.start) / DAY);
  let firstSession = true;
  function session(t: number, ua: string, rotate: boolean) {
    const ip = rng.pick(x.cast.people[0]?.officeIps ?? ['203.0.113.18']);
    const login: Caller = {
      identity: iamUserIdentity(bob, { created: isoSeconds(t) }),
      truth: bob.truth,
      arn: bob.arn,
      ip,
      ua,
      deny: 0,
      throttle: 0,
    };
    if (firstSession)
      consoleLogin(x.em, t - 40 * SECOND, login, PROD, { mfa: false, failed: true }, ['', 'Failed authentication']);
    firstSession = false;
    consoleLogin(x.em, t, login, PROD, { mfa: true });
    const identity = iamUserIdentity(bob, { accessKeyId: accessKeyId(rng, 'ASIA'), created: isoSeconds(t + SECOND) });
    const c: Caller = { ...login, identity, console: true, deny: 0.003, throttle: 0.001 };
    const end = browse(x.em, rng, c, PROD, t + 3 * SECOND, rng.int(2, 8), ADMIN_PAGES, 0);
    if (!rotate) return;
    x.em.emit(
      rotation.at,
      c,
      OPS.CreateAccessKey,
      PROD,
      HOME_REGION,
      { userName: 'svc-backup', accessKeyId: rotation.key, created: isoSeconds(rotation.at) },
      null,
    );
    x.lineage?.push({
      kind: 'access_key',
      parent: bob.truth.actorUid,
      child: x.cast.backup.truth.actorUid,
      credential: rotation.key,
    });
    x.em.emit(
      Math.max(end, rotation.at) + 20 * MINUTE,
      c,
      OPS.UpdateAccessKey,
      PROD,
      HOME_REGION,
      { userName: 'svc-backup', accessKeyId: x.cast.backup.accessKeyId },
      null,
    );
  }
  return (day, at) => {
    const ua = USER_AGENTS.bob[day.index < x.days / 2 ? 0 : 1];
    if (day.index === rotationDay) at(rotation.at - 3 * MINUTE, () => session(rotation.at - 3 * MINUTE, ua, true));
    for (let n = rng.poisson((day.weekday ? 0.35 : 0.02) * x.scale); n > 0; n--) {
      const t = day.start + Math.floor(rng.range(13, 21) * HOUR);
      at(t, () => session(t, ua, false));
    }
  };
}

/** The root user: one or two console sign-ins in the whole archive, to check account settings. */
export function rootUser(x: ActivityContext): Driver {
  const rng = x.rng.fork('root');
  const days = new Set([Math.floor(x.days * 0.2)]);
  if (rng.chance(0.6)) days.add(Math.floor(x.days * 0.75));
  return (day, at) => {
    if (!days.has(day.index)) return;
    const t = day.start + Math.floor(rng.range(15, 18) * HOUR);
    at(t, () => {
      const ip = rng.pick(x.cast.people[0]?.officeIps ?? ['203.0.113.18']);
      const arn = `arn:aws:iam::${PROD}:root`;
      consoleLogin(
        x.em,
        t,
        { identity: rootIdentity(PROD), truth: x.cast.root, arn, ip, ua: USER_AGENTS.root, deny: 0, throttle: 0 },
        PROD,
        { mfa: true },
      );
      const c: Caller = {
        identity: rootIdentity(PROD, { accessKeyId: accessKeyId(rng, 'ASIA'), created: isoSeconds(t + SECOND) }),
        truth: x.cast.root,
        arn,
        ip,
        ua: USER_AGENTS.root,
        console: true,
        deny: 0,
        throttle: 0,
      };
      let u = t + 5 * SECOND;
      for (const op of [
        OPS.GetAccountSummary,
        OPS.ListMFADevices,
        OPS.ListUsers,
        OPS.ListAccessKeys,
        OPS.GetAccountSummary,
      ])
        x.em.emit((u += rng.int(4, 90) * SECOND), c, op, PROD, HOME_REGION, {}, null);
    });
  };
}
