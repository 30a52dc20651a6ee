/**
 * Automation that works in bursts: the nightly backup job, Terraform runs and GitHub Actions
 * pipelines on workdays, each with the STS calls that precede their role sessions.
 */
import {
  HOME_REGION,
  PROD,
  TOOLING,
  USER_AGENTS,
  iamUserIdentity,
  onBehalf,
  webIdentityUser,
  type Caller,
  type GithubRepo,
  type Obj,
  type UserDef,
} from './cloudtrail-actors';
import {
  HOUR,
  MINUTE,
  SECOND,
  cliUa,
  isoSeconds,
  issueSession,
  machineCaller,
  must,
  runnerIp,
  type ActivityContext,
  type Driver,
  type KeyRotation,
} from './cloudtrail-activity';
import { OPS, type OpDef } from './cloudtrail-operations';
import { workflowRuns } from './github-workflow-runs';

/** svc-backup: an IAM user with a long-lived key, running every night at about 02:00 UTC. */
export function backup(x: ActivityContext, rotation: KeyRotation): Driver {
  const rng = x.rng.fork('backup');
  const user = x.cast.backup;
  const callers = [user.accessKeyId, rotation.key].map((key): Caller => ({
    identity: iamUserIdentity({ ...user, accessKeyId: key } satisfies UserDef),
    truth: user.truth,
    arn: user.arn,
    ip: '203.0.113.240',
    ua: USER_AGENTS.backup,
    deny: 0.002,
    throttle: 0.002,
  }));
  function run(t: number) {
    const c = must(callers[t >= rotation.at ? 1 : 0], 'backup caller');
    const date = isoSeconds(t).slice(0, 10);
    let u = t;
    const call = (op: OpDef, arg: Obj = {}) => {
      x.em.emit(u, c, op, PROD, HOME_REGION, arg);
      u += rng.int(300, 4000);
    };
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
  [OPS.GetRole, 4],
  [OPS.ListAttachedRolePolicies, 3],
  [OPS.ListRolePolicies, 3],
  [OPS.GetPolicy, 2],
  [OPS.DescribeVpcs, 1],
  [OPS.DescribeSubnets, 2],
  [OPS.DescribeSecurityGroups, 2],
  [OPS.DescribeRouteTables, 1],
  [OPS.GetBucketPolicy, 2],
  [OPS.GetBucketVersioning, 2],
  [OPS.GetBucketAcl, 2],
  [OPS.DescribeLogGroups, 1],
  [OPS.DescribeKey, 1],
  [OPS.GetFunction, 1],
  [OPS.DescribeTable, 1],
  [OPS.DescribeRepositories, 1],
  [OPS.DescribeImages, 1],
];

/** terraform-ci: an IAM user whose access key lives in CI; plans (and sometimes applies) on workdays. */
export function terraform(x: ActivityContext): Driver {
  const rng = x.rng.fork('terraform');
  const user = x.cast.terraform;
  const agents = new Map<string, string>();
  const ua = (op: { service: string }) => {
    let s = agents.get(op.service);
    if (!s)
      agents.set(
        op.service,
        (s = `${USER_AGENTS.terraform} api/${op.service}#1.${20 + ((op.service.length * 7) % 30)}.${op.service.charCodeAt(0) % 9}`),
      );
    return s;
  };
  function run(t: number) {
    const c: Caller = {
      identity: iamUserIdentity(user),
      truth: user.truth,
      arn: user.arn,
      ip: runnerIp(rng),
      ua,
      deny: 0.002,
      throttle: 0.02,
    };
    let u = t;
    const call = (op: OpDef, arg: Obj = {}, region = HOME_REGION) => {
      x.em.emit(u, c, op, TOOLING, region, arg);
      u += rng.int(0, 400);
    };
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
      for (let n = rng.int(1, 4); n > 0; n--)
        call(rng.pick([OPS.CreateTags, OPS.PutRetentionPolicy, OPS.PutParameter]));
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
  const workflows = x.side && workflowRuns(x, x.side);
  const firstDay = new Map<GithubRepo, number>(
    x.cast.repos.map((r) => [r, r.deploys === 'lambda' ? Math.floor(x.days * 0.3) : 0]),
  );
  function ciSession(t: number, account: string, repo: GithubRepo, name: string, ip: string): Caller {
    const role = must(x.cast.ciRole[account], 'CI role');
    const identity = webIdentityUser(account, repo);
    const issuer: Caller = {
      identity,
      truth: must(x.cast.webIdentity.get(`${account} ${repo.slug}`), 'web identity'),
      arn: String(identity.principalId),
      ip,
      ua: USER_AGENTS.githubCredentials,
      deny: 0,
      throttle: 0,
    };
    const op = OPS.AssumeRoleWithWebIdentity;
    const s = issueSession(x, rng, t, { issuer, op, role, name, region: HOME_REGION, lifetime: HOUR, repo });
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
    const sessions = [{ account: TOOLING, key: String(c.identity.accessKeyId) }];
    // the organization's audit log records the run once it completed, whatever its jobs did
    const finish = () => workflows?.completed(t, u, repo, runId, sha, sessions);
    const call = (op: OpDef, account: string, arg: Obj = {}, gap = rng.int(1, 15) * SECOND, region = HOME_REGION) => {
      u += gap;
      return x.em.emit(u, c, op, account, region, arg);
    };
    call(OPS.GetCallerIdentity, TOOLING);
    if (repo.deploys === 'stack')
      call(OPS.PutObject, TOOLING, { bucket: 'example-ci-artifacts', key: `${app}/${sha}/template.yaml` });
    else {
      call(OPS.GetAuthorizationToken, TOOLING);
      call(OPS.BatchCheckLayerAvailability, TOOLING, { repository: app }, rng.int(60, 240) * SECOND);
      for (let n = rng.int(2, 5); n > 0; n--) {
        call(OPS.InitiateLayerUpload, TOOLING, { repository: app });
        call(OPS.CompleteLayerUpload, TOOLING, { repository: app });
      }
      call(OPS.PutImage, TOOLING, { repository: app, tag: sha.slice(0, 7) });
      if (repo.deploys === 'lambda')
        call(OPS.PutObject, TOOLING, { bucket: 'example-ci-artifacts', key: `${app}/${sha}.zip` });
    }
    if (!rng.chance(0.85)) return finish();
    u += rng.int(10, 40) * SECOND;
    c = ciSession(u, PROD, repo, name, ip);
    sessions.push({ account: PROD, key: String(c.identity.accessKeyId) });
    if (repo.deploys === 'stack') {
      const stackName = rng.pick(['platform-network', 'platform-observability']);
      const arg = { stackName, changeSet: `deploy-${runId}` };
      call(OPS.CreateChangeSet, PROD, arg);
      for (let n = rng.int(2, 3); n > 0; n--) call(OPS.DescribeChangeSet, PROD, arg, 5 * SECOND);
      if (!call(OPS.ExecuteChangeSet, PROD, arg)) return finish();
      const cfn = onBehalf(c, 'cloudformation.amazonaws.com');
      for (let n = rng.int(2, 6); n > 0; n--)
        x.em.emit(
          u + rng.int(2, 60) * SECOND,
          cfn,
          rng.pick([OPS.CreateTags, OPS.PutRetentionPolicy, OPS.GetRole, OPS.DescribeSecurityGroups]),
          PROD,
          HOME_REGION,
        );
      for (let n = rng.int(4, 10); n > 0; n--) call(OPS.DescribeStackEvents, PROD, arg, rng.int(10, 20) * SECOND);
      call(OPS.DescribeStacks, PROD, arg);
    } else if (repo.deploys === 'ecs') {
      const revision = String(rng.int(40, 400));
      const arg = {
        service: 'orders-api',
        revision,
        image: `${TOOLING}.dkr.ecr.${HOME_REGION}.amazonaws.com/orders-api:${sha.slice(0, 7)}`,
      };
      call(OPS.DescribeServices, PROD, arg);
      call(OPS.RegisterTaskDefinition, PROD, arg);
      if (!call(OPS.UpdateService, PROD, arg)) return finish();
      for (let n = rng.int(5, 12); n > 0; n--) call(OPS.DescribeServices, PROD, arg, 15 * SECOND);
    } else {
      for (const region of [HOME_REGION, 'eu-west-1']) {
        const arg = { functionName: 'orders-processor', sha };
        for (
          let attempt = 0;
          attempt < 3 && !call(OPS.UpdateFunctionCode, PROD, arg, rng.int(2, 8) * SECOND, region);
          attempt++
        );
        for (let n = rng.int(2, 4); n > 0; n--) call(OPS.GetFunction, PROD, arg, 3 * SECOND, region);
      }
    }
    finish();
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
