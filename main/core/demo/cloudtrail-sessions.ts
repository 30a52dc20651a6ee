/**
 * Bursty work: CI pipelines and Terraform runs on workdays, the nightly backup, and people in
 * office hours (console and CLI), plus the rare console sign-ins of an IAM user and the root user.
 */
import {
  HOME_REGION, PROD, TOOLING, USER_AGENTS, accessKeyId, assumedRoleArn, assumedRoleIdentity, iamUserIdentity, onBehalf,
  rootIdentity, webIdentityUser, type Caller, type GithubRepo, type Obj, type Person, type UserDef,
} from './cloudtrail-actors';
import {
  DAY, HOUR, MINUTE, SECOND, cliUa, isoSeconds, issueSession, machineCaller, must, runnerIp,
  type ActivityContext, type Driver, type Emitter,
} from './cloudtrail-activity';
import { OPS, type OpDef } from './cloudtrail-operations';
import type { Random } from './random';

export interface KeyRotation { at: number; key: string }

interface Page { reads: OpDef[]; writes: OpDef[] }
const PAGES: Record<string, Page> = {
  ec2: { reads: [OPS.DescribeInstances, OPS.DescribeInstanceStatus, OPS.DescribeSecurityGroups, OPS.DescribeVpcs, OPS.DescribeSubnets], writes: [OPS.CreateTags, OPS.AuthorizeSecurityGroupIngress] },
  s3: { reads: [OPS.ListBuckets, OPS.GetBucketLocation, OPS.GetBucketPolicy, OPS.GetBucketAcl, OPS.GetBucketVersioning, OPS.ListObjects], writes: [OPS.PutObject] },
  iam: { reads: [OPS.ListRoles, OPS.GetRole, OPS.ListAttachedRolePolicies, OPS.GetAccountSummary, OPS.ListUsers, OPS.ListAccessKeys], writes: [] },
  lambda: { reads: [OPS.ListFunctions, OPS.GetFunction], writes: [OPS.UpdateFunctionConfiguration] },
  logs: { reads: [OPS.DescribeLogGroups, OPS.DescribeLogStreams, OPS.FilterLogEvents], writes: [OPS.PutRetentionPolicy] },
  cloudwatch: { reads: [OPS.DescribeAlarms, OPS.GetMetricData], writes: [] },
  cloudformation: { reads: [OPS.ListStacks, OPS.DescribeStacks, OPS.DescribeStackEvents, OPS.GetTemplate], writes: [] },
  ecs: { reads: [OPS.DescribeClusters, OPS.DescribeServices, OPS.ListTasks], writes: [OPS.UpdateService] },
  ecr: { reads: [OPS.DescribeRepositories], writes: [] },
  dynamodb: { reads: [OPS.DescribeTable, OPS.Query], writes: [] },
  ssm: { reads: [OPS.GetParametersByPath, OPS.GetParameter], writes: [OPS.PutParameter] },
};
const PROD_PAGES: [string, number][] = [['ec2', 3], ['s3', 2], ['iam', 1], ['lambda', 2], ['logs', 3], ['cloudwatch', 2], ['cloudformation', 1], ['ecs', 2], ['dynamodb', 1], ['ssm', 1]];
const TOOLING_PAGES: [string, number][] = [['ecr', 2], ['s3', 2], ['iam', 2], ['cloudformation', 2], ['logs', 1]];
const ADMIN_PAGES: [string, number][] = [['iam', 6], ['s3', 1], ['ec2', 1]];

/** A console session: page views, each a small burst of reads, some with a write. Returns when it ends. */
function browse(em: Emitter, rng: Random, c: Caller, account: string, t: number, views: number, pages: [string, number][], writeChance: number): number {
  let u = t;
  for (let v = 0; v < views; v++) {
    const page = must(PAGES[rng.weighted(pages)], 'console page');
    const region = rng.chance(0.8) ? HOME_REGION : 'eu-west-1';
    const burst = rng.int(1, 4);
    for (let k = 0; k < burst; k++) em.emit(u + rng.int(0, 2500), c, rng.pick(page.reads), account, region);
    if (page.writes.length > 0 && rng.chance(writeChance)) em.emit(u + rng.int(5, 40) * SECOND, c, rng.pick(page.writes), account, region);
    u += 3 * SECOND + Math.floor(rng.exp(60 * SECOND)) + (rng.chance(0.1) ? rng.int(5, 40) * MINUTE : 0);
  }
  return u;
}

const consoleLogin = (em: Emitter, t: number, c: Caller, account: string, arg: Obj, error: [string, string] | null = null) =>
  em.emit(t, c, OPS.ConsoleLogin, account, HOME_REGION, arg, error);

export function people(x: ActivityContext): Driver {
  const rng = x.rng.fork('people');
  const updates = x.cast.people.map(() => Math.floor(x.days * rng.range(0.3, 0.7)));
  function session(p: Person, t: number, ip: string, browser: string) {
    const role = rng.weighted(p.roles);
    const readOnly = role.name.includes('ReadOnly');
    const arn = assumedRoleArn(role, p.email);
    const pages = role.account === PROD ? PROD_PAGES : TOOLING_PAGES;
    const created = t + rng.int(1, 4) * SECOND;
    const identity = assumedRoleIdentity(role, p.email, { accessKeyId: accessKeyId(rng, 'ASIA'), created: isoSeconds(created) });
    const base = { identity, truth: role.truth, arn, ip, readOnly, deny: 0.004, throttle: 0.001 };
    if (rng.chance(0.7)) {
      consoleLogin(x.em, t, { ...base, identity: assumedRoleIdentity(role, p.email, { created: isoSeconds(t) }), ua: browser }, role.account, { mfa: false });
      browse(x.em, rng, { ...base, ua: browser, console: true }, role.account, created + 2 * SECOND, rng.int(3, 14), pages, readOnly ? 0.03 : 0.12);
      return;
    }
    const c: Caller = { ...base, ua: cliUa(p.cli) };
    let u = created;
    x.em.emit(u, c, OPS.GetCallerIdentity, role.account, HOME_REGION, {}, null);
    for (let n = rng.int(2, 12); n > 0; n--) {
      u += 5 * SECOND + Math.floor(rng.exp(45 * SECOND));
      const page = must(PAGES[rng.weighted(pages)], 'cli page');
      const op = page.writes.length > 0 && rng.chance(readOnly ? 0.03 : 0.1) ? rng.pick(page.writes) : rng.pick(page.reads);
      const region = rng.chance(0.8) ? HOME_REGION : 'eu-west-1';
      for (let pageNo = rng.chance(0.8) ? 1 : rng.int(2, 4); pageNo > 0; pageNo--) x.em.emit((u += rng.int(300, 1500)), c, op, role.account, region);
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
    const login: Caller = { identity: iamUserIdentity(bob, { created: isoSeconds(t) }), truth: bob.truth, arn: bob.arn, ip, ua, deny: 0, throttle: 0 };
    if (firstSession) consoleLogin(x.em, t - 40 * SECOND, login, PROD, { mfa: true, failed: true }, ['', 'Failed authentication']);
    firstSession = false;
    consoleLogin(x.em, t, login, PROD, { mfa: true });
    const identity = iamUserIdentity(bob, { accessKeyId: accessKeyId(rng, 'ASIA'), created: isoSeconds(t + SECOND) });
    const c: Caller = { ...login, identity, console: true, deny: 0.003, throttle: 0.001 };
    const end = browse(x.em, rng, c, PROD, t + 3 * SECOND, rng.int(2, 8), ADMIN_PAGES, 0);
    if (!rotate) return;
    x.em.emit(rotation.at, c, OPS.CreateAccessKey, PROD, HOME_REGION, { userName: 'svc-backup', accessKeyId: rotation.key, created: isoSeconds(rotation.at) }, null);
    x.em.emit(Math.max(end, rotation.at) + 20 * MINUTE, c, OPS.UpdateAccessKey, PROD, HOME_REGION, { userName: 'svc-backup', accessKeyId: x.cast.backup.accessKeyId }, null);
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
      consoleLogin(x.em, t, { identity: rootIdentity(PROD), truth: x.cast.root, arn, ip, ua: USER_AGENTS.root, deny: 0, throttle: 0 }, PROD, { mfa: true });
      const c: Caller = { identity: rootIdentity(PROD, { accessKeyId: accessKeyId(rng, 'ASIA'), created: isoSeconds(t + SECOND) }), truth: x.cast.root, arn, ip, ua: USER_AGENTS.root, console: true, deny: 0, throttle: 0 };
      let u = t + 5 * SECOND;
      for (const op of [OPS.GetAccountSummary, OPS.ListMFADevices, OPS.ListUsers, OPS.ListAccessKeys, OPS.GetAccountSummary])
        x.em.emit((u += rng.int(4, 90) * SECOND), c, op, PROD, HOME_REGION, {}, null);
    });
  };
}

/** svc-backup: an IAM user with a long-lived key, running every night at about 02:00 UTC. */
export function backup(x: ActivityContext, rotation: KeyRotation): Driver {
  const rng = x.rng.fork('backup');
  const user = x.cast.backup;
  const callers = [user.accessKeyId, rotation.key].map((key): Caller => ({
    identity: iamUserIdentity({ ...user, accessKeyId: key } satisfies UserDef), truth: user.truth, arn: user.arn,
    ip: '203.0.113.240', ua: USER_AGENTS.backup, deny: 0.002, throttle: 0.002,
  }));
  function run(t: number) {
    const c = must(callers[t >= rotation.at ? 1 : 0], 'backup caller');
    const date = isoSeconds(t).slice(0, 10);
    let u = t;
    const call = (op: OpDef, arg: Obj = {}) => { x.em.emit(u, c, op, PROD, HOME_REGION, arg); u += rng.int(300, 4000); };
    call(OPS.ListBuckets);
    for (const bucket of ['example-orders-prod-data', 'example-orders-prod-config']) {
      for (let pageNo = rng.int(1, 3); pageNo > 0; pageNo--) call(OPS.ListObjects, { bucket, prefix: 'exports/' });
      for (let n = rng.poisson(6 * x.scale); n > 0; n--) {
        const key = `exports/${rng.hex(12)}.json.gz`;
        call(OPS.GetObject, { bucket, key });
        call(OPS.PutObject, { bucket: 'example-prod-backups', key: `nightly/${date}/${bucket}/${key}` });
      }
    }
    for (const table of ['orders', 'order-events']) call(OPS.CreateBackup, { table });
  }
  return (day, at) => {
    const t = day.start + 2 * HOUR + Math.floor(rng.normal(0, 3) * MINUTE);
    at(t, () => run(t));
  };
}

const TERRAFORM_READS: [OpDef, number][] = [
  [OPS.GetRole, 4], [OPS.ListAttachedRolePolicies, 3], [OPS.ListRolePolicies, 3], [OPS.GetPolicy, 2], [OPS.DescribeVpcs, 1], [OPS.DescribeSubnets, 2],
  [OPS.DescribeSecurityGroups, 2], [OPS.DescribeRouteTables, 1], [OPS.GetBucketPolicy, 2], [OPS.GetBucketVersioning, 2], [OPS.GetBucketAcl, 2],
  [OPS.DescribeLogGroups, 1], [OPS.DescribeKey, 1], [OPS.GetFunction, 1], [OPS.DescribeTable, 1], [OPS.DescribeRepositories, 1], [OPS.DescribeImages, 1],
];

/** terraform-ci: an IAM user whose access key lives in CI; plans (and sometimes applies) on workdays. */
export function terraform(x: ActivityContext): Driver {
  const rng = x.rng.fork('terraform');
  const user = x.cast.terraform;
  const agents = new Map<string, string>();
  const ua = (op: { service: string }) => {
    let s = agents.get(op.service);
    if (!s) agents.set(op.service, (s = `${USER_AGENTS.terraform} api/${op.service}#1.${20 + (op.service.length * 7) % 30}.${op.service.charCodeAt(0) % 9}`));
    return s;
  };
  function run(t: number) {
    const c: Caller = { identity: iamUserIdentity(user), truth: user.truth, arn: user.arn, ip: runnerIp(rng), ua, deny: 0.002, throttle: 0.02 };
    let u = t;
    const call = (op: OpDef, arg: Obj = {}, region = HOME_REGION) => { x.em.emit(u, c, op, TOOLING, region, arg); u += rng.int(0, 400); };
    const state = { bucket: 'example-terraform-state', key: 'platform/terraform.tfstate' };
    call(OPS.GetCallerIdentity);
    call(OPS.GetObject, state);
    call(OPS.PutItem, { table: 'terraform-locks' });
    for (let n = rng.int(30, 80); n > 0; n--) {
      const roleName = rng.chance(0.05) ? 'legacy-etl-role' : undefined;
      call(rng.weighted(TERRAFORM_READS), roleName ? { roleName } : {}, rng.chance(0.15) ? 'eu-west-1' : HOME_REGION);
    }
    if (rng.chance(0.25)) {
      u += rng.int(20, 90) * SECOND;
      for (let n = rng.int(1, 4); n > 0; n--) call(rng.pick([OPS.CreateTags, OPS.PutRetentionPolicy, OPS.PutParameter]));
      call(OPS.PutObject, state);
    }
    call(OPS.DeleteItem, { table: 'terraform-locks' });
  }
  return (day, at) => {
    for (let n = rng.poisson((day.weekday ? 1.5 : 0.1) * x.scale); n > 0; n--) {
      const t = day.start + Math.floor(rng.range(14, 22) * HOUR);
      at(t, () => run(t));
    }
  };
}

/** GitHub Actions: OIDC into the tooling account to build and push, then into prod to deploy. */
export function githubActions(x: ActivityContext): Driver {
  const rng = x.rng.fork('github');
  const firstDay = new Map<GithubRepo, number>(x.cast.repos.map((r) => [r, r.deploys === 'lambda' ? Math.floor(x.days * 0.3) : 0]));
  function ciSession(t: number, account: string, repo: GithubRepo, name: string, ip: string): Caller {
    const role = must(x.cast.ciRole[account], 'CI role');
    const identity = webIdentityUser(account, repo);
    const issuer: Caller = {
      identity, truth: must(x.cast.webIdentity.get(`${account} ${repo.slug}`), 'web identity'), arn: String(identity.principalId),
      ip, ua: USER_AGENTS.githubCredentials, deny: 0, throttle: 0,
    };
    const s = issueSession(x, rng, t, issuer, OPS.AssumeRoleWithWebIdentity, role, name, HOME_REGION, HOUR, { repo });
    return machineCaller(s, role, ip, cliUa(USER_AGENTS.githubCli));
  }
  function run(t: number, repo: GithubRepo) {
    const runId = rng.int(11_000_000_000, 11_999_999_999);
    const ip = runnerIp(rng);
    const name = repo.perRunSession ? `gha-${runId}` : 'GitHubActions';
    const sha = rng.hex(40);
    const app = repo.slug.split('/')[1] ?? 'app';
    let u = t;
    let c = ciSession(u, TOOLING, repo, name, ip);
    const call = (op: OpDef, account: string, arg: Obj = {}, gap = rng.int(1, 15) * SECOND, region = HOME_REGION) => {
      u += gap;
      return x.em.emit(u, c, op, account, region, arg);
    };
    call(OPS.GetCallerIdentity, TOOLING);
    if (repo.deploys === 'stack') call(OPS.PutObject, TOOLING, { bucket: 'example-ci-artifacts', key: `${app}/${sha}/template.yaml` });
    else {
      call(OPS.GetAuthorizationToken, TOOLING);
      call(OPS.BatchCheckLayerAvailability, TOOLING, { repository: app }, rng.int(60, 240) * SECOND);
      for (let n = rng.int(2, 5); n > 0; n--) {
        call(OPS.InitiateLayerUpload, TOOLING, { repository: app });
        call(OPS.CompleteLayerUpload, TOOLING, { repository: app });
      }
      call(OPS.PutImage, TOOLING, { repository: app, tag: sha.slice(0, 7) });
      if (repo.deploys === 'lambda') call(OPS.PutObject, TOOLING, { bucket: 'example-ci-artifacts', key: `${app}/${sha}.zip` });
    }
    if (!rng.chance(0.85)) return;
    u += rng.int(10, 40) * SECOND;
    c = ciSession(u, PROD, repo, name, ip);
    if (repo.deploys === 'stack') {
      const stackName = rng.pick(['platform-network', 'platform-observability']);
      const arg = { stackName, changeSet: `deploy-${runId}` };
      call(OPS.CreateChangeSet, PROD, arg);
      for (let n = rng.int(2, 3); n > 0; n--) call(OPS.DescribeChangeSet, PROD, arg, 5 * SECOND);
      if (!call(OPS.ExecuteChangeSet, PROD, arg)) return;
      const cfn = onBehalf(c, 'cloudformation.amazonaws.com');
      for (let n = rng.int(2, 6); n > 0; n--)
        x.em.emit(u + rng.int(2, 60) * SECOND, cfn, rng.pick([OPS.CreateTags, OPS.PutRetentionPolicy, OPS.GetRole, OPS.DescribeSecurityGroups]), PROD, HOME_REGION);
      for (let n = rng.int(4, 10); n > 0; n--) call(OPS.DescribeStackEvents, PROD, arg, rng.int(10, 20) * SECOND);
      call(OPS.DescribeStacks, PROD, arg);
    } else if (repo.deploys === 'ecs') {
      const revision = String(rng.int(40, 400));
      const arg = { service: 'orders-api', revision, image: `${TOOLING}.dkr.ecr.${HOME_REGION}.amazonaws.com/orders-api:${sha.slice(0, 7)}` };
      call(OPS.DescribeServices, PROD, arg);
      call(OPS.RegisterTaskDefinition, PROD, arg);
      if (!call(OPS.UpdateService, PROD, arg)) return;
      for (let n = rng.int(5, 12); n > 0; n--) call(OPS.DescribeServices, PROD, arg, 15 * SECOND);
    } else {
      for (const region of [HOME_REGION, 'eu-west-1']) {
        const arg = { functionName: 'orders-processor', sha };
        for (let attempt = 0; attempt < 3 && !call(OPS.UpdateFunctionCode, PROD, arg, rng.int(2, 8) * SECOND, region); attempt++);
        for (let n = rng.int(2, 4); n > 0; n--) call(OPS.GetFunction, PROD, arg, 3 * SECOND, region);
      }
    }
  }
  return (day, at) => {
    const repos = x.cast.repos.filter((r) => (firstDay.get(r) ?? 0) <= day.index);
    for (let n = rng.poisson((day.weekday ? 4 : 0.3) * x.scale); n > 0; n--) {
      const t = day.start + Math.floor(rng.range(13, 23) * HOUR);
      const repo = rng.pick(repos);
      at(t, () => run(t, repo));
    }
  };
}

