/**
 * Scheduling helpers shared by the demo's drivers, and the steady machine traffic that runs around
 * the clock: the Lambda function, the EC2 fleet with its Auto Scaling group, and service principals.
 */
import {
  HOME_REGION,
  PROD,
  TOOLING,
  USER_AGENTS,
  accessKeyId,
  assumedRoleArn,
  assumedRoleIdentity,
  githubSubject,
  oidcProviderArn,
  onBehalf,
  serviceCaller,
  type Caller,
  type Cast,
  type GithubRepo,
  type Obj,
  type RoleDef,
} from './cloudtrail-actors';
import { OPS, stsExpiration, type OpDef } from './cloudtrail-operations';
import type { Random } from './random';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface Emitter {
  /** Records one API call. `error`: undefined = decided at random, null = never fails. Returns whether it succeeded. */
  emit(
    t: number,
    caller: Caller,
    op: OpDef,
    account: string,
    region: string,
    arg?: Obj,
    error?: [string, string] | null,
  ): boolean;
}
/** When svc-backup's access key is replaced, and by which key. */
export interface KeyRotation {
  at: number;
  key: string;
}

export interface Day {
  index: number;
  start: number;
  weekday: boolean;
}
export type At = (t: number, run: () => void) => void;
export type Driver = (day: Day, at: At) => void;
export interface ActivityContext {
  cast: Cast;
  rng: Random;
  em: Emitter;
  scale: number;
  days: number;
  start: number;
  /** Where the lineage ground truth goes, when the caller measures lineage (npm run eval). */
  lineage?: LineageTruth[];
  /**
   * The other sources' logs of the same activity, when asked for (CloudTrailDemoOptions.crossSource): the GitHub
   * organization's audit log of the CI runs, and the EKS cluster's Kubernetes audit log of the IRSA workloads.
   */
  side?: SideLogs;
}

/** Records of other sources, in the order they happen, each written as one NDJSON file at the end. */
export interface SideLogs {
  githubAudit: Obj[];
  k8sAudit: Obj[];
}

/**
 * One hop the generator made: `parent` obtained, issued or created `child` (identity keys as a classifier should
 * reach them), with the key when the hop is a credential. The kinds are those of identity/lineage.ts.
 */
export interface LineageTruth {
  kind: string;
  parent: string;
  child: string;
  credential: string | null;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
let isoDay = Number.NaN;
let isoDate = '';

/** `2026-10-01T13:05:09Z` (CloudTrail's second precision); hot, so the date part is cached per day. */
export function isoSeconds(ms: number): string {
  const day = Math.floor(ms / DAY);
  if (day !== isoDay) {
    isoDay = day;
    isoDate = new Date(day * DAY).toISOString().slice(0, 11);
  }
  const s = Math.floor((ms - day * DAY) / SECOND);
  return `${isoDate}${TWO_DIGITS[Math.floor(s / 3600)]}:${TWO_DIGITS[Math.floor(s / 60) % 60]}:${TWO_DIGITS[s % 60]}Z`;
}
export const drift = (x: ActivityContext, day: Day) => 1 + (0.3 * day.index) / Math.max(1, x.days - 1);
export const diurnal = (hour: number, peak: number) => 1 + 0.45 * Math.cos((2 * Math.PI * (hour + 0.5 - peak)) / 24);
export const runnerIp = (rng: Random) => `20.${rng.int(25, 120)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
export const cliUa = (base: string) => (op: { command: string }) => `${base} md/command#${op.command}`;

export function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`demo cast is missing ${what}`);
  return value;
}

/** n sorted instants spread uniformly over [from, from + span). */
export function spread(rng: Random, n: number, from: number, span: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(from + Math.floor(rng.next() * span));
  return times.sort((a, b) => a - b);
}

export interface Session {
  identity: Obj;
  arn: string;
  expires: number;
}

export interface SessionRequest {
  /** Who calls STS: a service principal, or a web identity for AssumeRoleWithWebIdentity. */
  issuer: Caller;
  op: OpDef;
  role: RoleDef;
  name: string;
  region: string;
  lifetime: number;
  repo?: GithubRepo;
  /** Another web identity than a GitHub repository (an EKS service account): its provider, subject and hop kind. */
  webIdentity?: { provider: string; subject: string; kind: string };
  ec2?: boolean;
}

/** The STS record that issues role credentials at `t`, and the session identity that then uses them. */
export function issueSession(x: ActivityContext, rng: Random, t: number, r: SessionRequest): Session {
  const keyId = accessKeyId(rng, 'ASIA');
  const arn = assumedRoleArn(r.role, r.name);
  const webIdProvider = r.repo ? oidcProviderArn(r.role.account) : r.webIdentity?.provider;
  const arg = {
    roleArn: r.role.arn,
    sessionName: r.name,
    accessKeyId: keyId,
    expiration: stsExpiration(t + HOUR),
    assumedRoleId: `${r.role.principalId}:${r.name}`,
    assumedRoleArn: arn,
    subject: r.repo ? githubSubject(r.repo) : r.webIdentity?.subject,
    provider: webIdProvider,
  };
  x.em.emit(t, r.issuer, r.op, r.role.account, r.region, arg, null);
  x.lineage?.push({
    kind: r.repo
      ? 'oidc_federation'
      : (r.webIdentity?.kind ?? (r.issuer.identity.type === 'AssumedRole' ? 'role_chain' : 'sts_session')),
    parent: r.issuer.truth.actorUid,
    child: r.role.truth.actorUid,
    credential: keyId,
  });
  const created = isoSeconds(t);
  const identity = assumedRoleIdentity(r.role, r.name, { accessKeyId: keyId, created, webIdProvider, ec2: r.ec2 });
  return { identity, arn, expires: t + r.lifetime };
}

export function machineCaller(
  s: Session,
  role: RoleDef,
  ip: string,
  ua: Caller['ua'],
  more: Partial<Caller> = {},
): Caller {
  return { identity: s.identity, truth: role.truth, arn: s.arn, ip, ua, deny: 0.004, throttle: 0.012, ...more };
}

export function lambdaFunction(x: ActivityContext, region: string, share: number, keyId: string): Driver {
  const rng = x.rng.fork(`lambda ${region}`);
  const role = x.cast.lambdaRole;
  const service = serviceCaller(x.cast, 'lambda.amazonaws.com');
  const envs: ({ caller: Caller; expires: number } | undefined)[] = [];
  const poolSize = Math.min(16, Math.max(1, Math.ceil(x.scale * share)));
  function environment(t: number): Caller {
    const slot = rng.int(0, poolSize - 1);
    const env = envs[slot];
    if (env && t < env.expires) return env.caller;
    const lifetime = rng.range(40, 150) * MINUTE;
    const s = issueSession(x, rng, t, {
      issuer: service,
      op: OPS.AssumeRole,
      role,
      name: 'orders-processor',
      region,
      lifetime,
    });
    const caller = machineCaller(
      s,
      role,
      `3.${rng.int(80, 95)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      USER_AGENTS.lambda,
    );
    const date = isoSeconds(t).slice(0, 10).replaceAll('-', '/');
    x.em.emit(t + 2 * SECOND, caller, OPS.CreateLogStream, PROD, region, {
      logGroup: '/aws/lambda/orders-processor',
      logStream: `${date}/[$LATEST]${rng.hex(32)}`,
    });
    x.em.emit(t + 3 * SECOND, caller, OPS.GetSecretValue, PROD, region, { secret: 'orders/prod/db-credentials' });
    envs[slot] = { caller, expires: s.expires };
    return caller;
  }
  function invoke(t: number) {
    const c = environment(t);
    let u = t + 3 * SECOND + rng.int(20, 300);
    const call = (op: OpDef, arg: Obj) => {
      x.em.emit(u, c, op, PROD, region, arg);
      u += rng.int(5, 120);
    };
    if (rng.chance(0.25)) call(OPS.Decrypt, { keyId });
    if (rng.chance(0.6)) call(OPS.GetItem, { table: 'orders' });
    call(OPS.PutItem, { table: rng.chance(0.7) ? 'orders' : 'order-events' });
    if (rng.chance(0.4)) call(OPS.UpdateItem, { table: 'orders' });
    if (rng.chance(0.5)) call(OPS.SendMessage, { queue: 'orders-events' });
    if (rng.chance(0.8)) call(OPS.DeleteMessage, { queue: 'orders-inbound' });
  }
  return (day, at) => {
    for (let h = 0; h < 24; h++) {
      const n = rng.poisson(7 * x.scale * share * drift(x, day) * diurnal(h, 16));
      for (const t of spread(rng, n, day.start + h * HOUR, HOUR)) at(t, () => invoke(t));
    }
  };
}

interface Instance {
  id: string;
  from: number;
  to: number;
  ip: string;
  app?: Caller;
  agent?: Caller;
  expires: number;
}

export function ec2Fleet(x: ActivityContext, keyId: string): Driver {
  const rng = x.rng.fork('ec2');
  const { ec2Role, autoscalingRole } = x.cast;
  const ec2Service = serviceCaller(x.cast, 'ec2.amazonaws.com');
  const asService = serviceCaller(x.cast, 'autoscaling.amazonaws.com');
  const vpce = `vpce-0${rng.hex(16)}`;
  const replaceAt = x.start + Math.floor(x.days * 0.55) * DAY + rng.int(180, 300) * MINUTE;
  const instance = (from: number, to: number, subnet: number): Instance => ({
    id: `i-0${rng.hex(16)}`,
    from,
    to,
    ip: `10.20.${subnet}.${rng.int(10, 250)}`,
    expires: 0,
  });
  const retired = instance(-Infinity, replaceAt, 2);
  const replacement = instance(replaceAt + 3 * MINUTE, Infinity, 2);
  const fleet = [instance(-Infinity, Infinity, 1), retired, instance(-Infinity, Infinity, 3), replacement];
  let slr: { caller: Caller; expires: number } | undefined;

  function credentials(i: Instance, t: number): [Caller, Caller] {
    if (!i.app || !i.agent || t >= i.expires) {
      const lifetime = rng.range(55, 75) * MINUTE;
      const request = { issuer: ec2Service, op: OPS.AssumeRole, role: ec2Role, name: i.id, region: HOME_REGION };
      const s = issueSession(x, rng, t, { ...request, lifetime, ec2: true });
      i.app = machineCaller(s, ec2Role, i.ip, USER_AGENTS.ec2App, { vpce, tls12: true });
      i.agent = { ...i.app, ua: USER_AGENTS.ssmAgent, tls12: false };
      i.expires = s.expires;
    }
    return [i.app, i.agent];
  }
  const WORK: [string, number][] = [
    ['heartbeat', 2],
    ['associations', 1],
    ['config', 1.5],
    ['param', 1.5],
    ['metrics', 2],
    ['secret', 0.5],
    ['decrypt', 0.5],
  ];
  function work(i: Instance, t: number) {
    const [app, agent] = credentials(i, t);
    const u = t + SECOND;
    switch (rng.weighted(WORK)) {
      case 'heartbeat':
        x.em.emit(u, agent, OPS.UpdateInstanceInformation, PROD, HOME_REGION, { instanceId: i.id });
        break;
      case 'associations':
        x.em.emit(u, agent, OPS.ListInstanceAssociations, PROD, HOME_REGION, { instanceId: i.id });
        break;
      case 'config':
        x.em.emit(u, app, OPS.GetObject, PROD, HOME_REGION, {
          bucket: 'example-orders-prod-config',
          key: 'app/application.yml',
        });
        break;
      case 'param':
        x.em.emit(u, app, OPS.GetParameter, PROD, HOME_REGION);
        break;
      case 'metrics':
        x.em.emit(u, app, OPS.PutMetricData, PROD, HOME_REGION);
        break;
      case 'secret':
        x.em.emit(u, app, OPS.GetSecretValue, PROD, HOME_REGION);
        break;
      default:
        x.em.emit(u, app, OPS.Decrypt, PROD, HOME_REGION, { keyId });
    }
  }
  function autoscaling(t: number, fresh = false): Caller {
    if (fresh || !slr || t >= slr.expires) {
      const request = { issuer: asService, op: OPS.AssumeRole, role: autoscalingRole, name: 'AutoScaling' };
      const s = issueSession(x, rng, t, { ...request, region: HOME_REGION, lifetime: HOUR });
      slr = {
        caller: onBehalf(machineCaller(s, autoscalingRole, '', ''), 'autoscaling.amazonaws.com'),
        expires: s.expires,
      };
    }
    return slr.caller;
  }
  function healthCheck(t: number) {
    const op = rng.chance(0.5) ? OPS.DescribeInstanceStatus : OPS.DescribeTargetHealth;
    x.em.emit(t, autoscaling(t), op, PROD, HOME_REGION);
  }
  function replace(t: number) {
    const c = autoscaling(t, true);
    x.em.emit(t + 5 * SECOND, c, OPS.TerminateInstances, PROD, HOME_REGION, { instanceId: retired.id }, null);
    x.em.emit(t + 40 * SECOND, c, OPS.RunInstances, PROD, HOME_REGION, { instanceId: replacement.id }, null);
    x.em.emit(t + 42 * SECOND, c, OPS.CreateTags, PROD, HOME_REGION, { resourceId: replacement.id }, null);
    x.em.emit(t + 150 * SECOND, c, OPS.RegisterTargets, PROD, HOME_REGION, { instanceId: replacement.id }, null);
  }
  return (day, at) => {
    for (let h = 0; h < 24; h++) {
      const from = day.start + h * HOUR;
      for (const i of fleet) {
        for (const t of spread(rng, rng.poisson(4.5 * x.scale * drift(x, day)), from, HOUR))
          if (t >= i.from && t < i.to) at(t, () => work(i, t));
      }
      for (const t of spread(rng, rng.poisson(x.scale), from, HOUR)) at(t, () => healthCheck(t));
    }
    if (replaceAt >= day.start && replaceAt < day.start + DAY) at(replaceAt, () => replace(replaceAt));
  };
}

/** CloudTrail asking KMS for data keys to encrypt log files, and the yearly KMS key rotation (an AwsServiceEvent). */
export function serviceKeys(x: ActivityContext, keys: Record<string, string>): Driver {
  const rng = x.rng.fork('service keys');
  const trail = serviceCaller(x.cast, 'cloudtrail.amazonaws.com');
  const kms = serviceCaller(x.cast, 'kms.amazonaws.com');
  const accounts = [
    [PROD, 2, rng.int(0, x.days - 1)],
    [TOOLING, 1, rng.int(0, x.days - 1)],
  ] as const;
  return (day, at) => {
    for (const [account, rate, rotateDay] of accounts) {
      const keyId = keys[account] ?? '';
      const context = { 'aws:cloudtrail:arn': `arn:aws:cloudtrail:${HOME_REGION}:${account}:trail/management-events` };
      const arg = { keyId, keyAlias: `arn:aws:kms:${HOME_REGION}:${account}:key/${keyId}`, context };
      for (const t of spread(rng, rng.poisson(24 * rate * x.scale), day.start, DAY))
        at(t, () => x.em.emit(t, trail, OPS.GenerateDataKey, account, HOME_REGION, arg, null));
      if (rotateDay === day.index) {
        const t = day.start + rng.int(0, DAY - 1);
        at(t, () => x.em.emit(t, kms, OPS.RotateKey, account, HOME_REGION, { keyId }, null));
      }
    }
  };
}
