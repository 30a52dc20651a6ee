/**
 * The cast of the demo CloudTrail archive: two accounts, a handful of people and the machines
 * that do most of the work, plus builders for the `userIdentity` objects CloudTrail writes for them.
 */
import type { Random } from './random';

export const PROD = '111122223333';
export const TOOLING = '444455556666';
export const ACCOUNTS = [PROD, TOOLING] as const;
/** Global services (IAM, STS global endpoint, sign-in) are delivered in this region. */
export const HOME_REGION = 'us-east-1';
export const REGIONS = [HOME_REGION, 'eu-west-1'] as const;

export type Obj = Record<string, unknown>;

export interface IdentityTruth {
  actorUid: string;
  displayName: string;
  category: 'human' | 'machine' | 'unknown';
  kind: string;
}

export interface RoleDef {
  account: string;
  name: string;
  arn: string;
  principalId: string;
  truth: IdentityTruth;
}

export interface UserDef extends RoleDef {
  accessKeyId: string;
}

export interface Person {
  email: string;
  name: string;
  /** Fixed offset from UTC in hours; daylight saving is ignored. */
  utcOffset: number;
  roles: readonly (readonly [RoleDef, number])[];
  officeIps: readonly string[];
  homeIp: string;
  /** Browser user agent before and after a mid-archive browser update. */
  browsers: readonly [string, string];
  cli: string;
}

export interface GithubRepo {
  slug: string;
  /** 'stack' deploys CloudFormation, 'ecs' an ECS service, 'lambda' function code. */
  deploys: 'stack' | 'ecs' | 'lambda';
  /** configure-aws-credentials' default session name, or a per-run one. */
  perRunSession: boolean;
}

/** Everything CloudTrail needs to say who made a call, from where and with which client. */
export interface Caller {
  identity: Obj;
  truth: IdentityTruth;
  arn: string;
  ip: string;
  ua: string | ((op: { service: string; command: string }) => string);
  /** Console clicks carry sessionCredentialFromConsole. */
  console?: boolean;
  /** AWS services calling on a principal's behalf: no TLS details, service name as IP and agent. */
  viaService?: boolean;
  vpce?: string;
  /** A read-only permission set: every write it attempts is denied. */
  readOnly?: boolean;
  deny: number;
  throttle: number;
  tls12?: boolean;
}

const CHROME_MAC = (v: number) =>
  `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`;
const FIREFOX_LINUX = (v: number) => `Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:${v}.0) Gecko/20100101 Firefox/${v}.0`;
const EDGE_WIN = (v: number) =>
  `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36 Edg/${v}.0.0.0`;
const SAFARI_MAC = (v: string) =>
  `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v} Safari/605.1.15`;
const CLI_MAC =
  'aws-cli/2.17.52 md/awscrt#0.21.2 ua/2.0 os/macos#23.6.0 md/arch#arm64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off';
const CLI_LINUX =
  'aws-cli/2.18.4 md/awscrt#0.21.5 ua/2.0 os/linux#6.8.0-45-generic md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off';
const CLI_WIN =
  'aws-cli/2.18.0 md/awscrt#0.21.5 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off';

export const USER_AGENTS = {
  githubCli:
    'aws-cli/2.18.5 md/awscrt#0.22.0 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython exec-env/GitHubActions cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off',
  githubCredentials:
    'aws-sdk-js/3.654.0 ua/2.1 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.17.0 api/sts#3.654.0 exec-env/GitHubActions configure-aws-credentials-for-github-actions',
  lambda:
    'Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.225-234.882.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.4 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.145',
  ec2App:
    'aws-sdk-java/2.25.60 Linux/6.1.109-118.189.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/21.0.4+7-LTS Java/21.0.4 vendor/Amazon.com_Inc. md/internal io/sync http/Apache cfg/retry-mode/legacy',
  ssmAgent: 'aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.987.0',
  backup:
    'Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#5.15.0-122-generic md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.84 backup-sync/2.3',
  terraform:
    'APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.70.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.2 ua/2.1 os/linux lang/go#1.23.1 md/GOOS#linux md/GOARCH#amd64',
  bob: [EDGE_WIN(129), EDGE_WIN(130)] as const,
  root: CHROME_MAC(129),
};

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const SERVICE_PRINCIPALS = [
  'lambda.amazonaws.com',
  'ec2.amazonaws.com',
  'autoscaling.amazonaws.com',
  'cloudtrail.amazonaws.com',
  'kms.amazonaws.com',
] as const;

export interface Cast {
  people: Person[];
  bob: UserDef;
  backup: UserDef;
  terraform: UserDef;
  ciRole: Record<string, RoleDef>;
  lambdaRole: RoleDef;
  ec2Role: RoleDef;
  autoscalingRole: RoleDef;
  repos: GithubRepo[];
  /** WebIdentityUser truths keyed by `${account} ${repo slug}`. */
  webIdentity: Map<string, IdentityTruth>;
  services: Map<string, IdentityTruth>;
  root: IdentityTruth;
  all: IdentityTruth[];
}

export const principalId = (rng: Random, prefix: 'AROA' | 'AIDA') => prefix + rng.upperAlnum(17);
export const accessKeyId = (rng: Random, prefix: 'AKIA' | 'ASIA') => prefix + rng.upperAlnum(16);

export function oidcProviderArn(account: string): string {
  return `arn:aws:iam::${account}:oidc-provider/${GITHUB_OIDC_HOST}`;
}

export function githubSubject(repo: GithubRepo): string {
  return `repo:${repo.slug}:ref:refs/heads/main`;
}

export function buildCast(rng: Random): Cast {
  const all: IdentityTruth[] = [];
  const truth = (actorUid: string, displayName: string, category: IdentityTruth['category'], kind: string) => {
    const t: IdentityTruth = { actorUid, displayName, category, kind };
    all.push(t);
    return t;
  };
  // Kinds and display names follow Trailmark's own identity vocabulary, so the truth compares directly.
  const role = (account: string, path: string, name: string, category: IdentityTruth['category']): RoleDef => {
    const arn = `arn:aws:iam::${account}:role/${path}${name}`;
    return { account, name, arn, principalId: principalId(rng, 'AROA'), truth: truth(arn, name, category, 'iam_role') };
  };
  const user = (account: string, name: string, category: IdentityTruth['category']): UserDef => {
    const arn = `arn:aws:iam::${account}:user/${name}`;
    const t = truth(arn, name, category, 'iam_user');
    return {
      account,
      name,
      arn,
      principalId: principalId(rng, 'AIDA'),
      truth: t,
      accessKeyId: accessKeyId(rng, 'AKIA'),
    };
  };
  const sso = (account: string, set: string) =>
    role(account, 'aws-reserved/sso.amazonaws.com/', `AWSReservedSSO_${set}_${rng.hex(16)}`, 'human');

  const prodAdmin = sso(PROD, 'AdministratorAccess');
  const prodRead = sso(PROD, 'ReadOnlyAccess');
  const toolingAdmin = sso(TOOLING, 'AdministratorAccess');
  const nyc = ['203.0.113.18', '203.0.113.19', '203.0.113.22'];
  const sfo = ['203.0.113.44', '203.0.113.45'];
  const dub = ['198.51.100.12', '198.51.100.13', '198.51.100.14'];
  const people: Person[] = [
    {
      email: 'alice@example.com',
      name: 'Alice Moreau',
      utcOffset: -4,
      officeIps: nyc,
      homeIp: '198.51.100.174',
      roles: [
        [prodAdmin, 6],
        [toolingAdmin, 3],
        [prodRead, 1],
      ],
      browsers: [CHROME_MAC(129), CHROME_MAC(130)],
      cli: CLI_MAC,
    },
    {
      email: 'bruno@example.com',
      name: 'Bruno Keller',
      utcOffset: 2,
      officeIps: dub,
      homeIp: '198.51.100.201',
      roles: [
        [prodRead, 5],
        [toolingAdmin, 5],
      ],
      browsers: [FIREFOX_LINUX(130), FIREFOX_LINUX(131)],
      cli: CLI_LINUX,
    },
    {
      email: 'chen@example.com',
      name: 'Chen Wei',
      utcOffset: -7,
      officeIps: sfo,
      homeIp: '203.0.113.187',
      roles: [
        [prodAdmin, 7],
        [prodRead, 3],
      ],
      browsers: [EDGE_WIN(129), EDGE_WIN(130)],
      cli: CLI_WIN,
    },
    {
      email: 'dana@example.com',
      name: 'Dana Okafor',
      utcOffset: 1,
      officeIps: dub,
      homeIp: '198.51.100.96',
      roles: [
        [prodRead, 8],
        [toolingAdmin, 2],
      ],
      browsers: [SAFARI_MAC('17.6'), SAFARI_MAC('18.0')],
      cli: CLI_MAC,
    },
  ];

  const bob = user(PROD, 'bob.admin', 'human');
  const root = truth(`arn:aws:iam::${PROD}:root`, `root (${PROD})`, 'human', 'root');
  const backup = user(PROD, 'svc-backup', 'machine');
  const terraform = user(TOOLING, 'terraform-ci', 'machine');
  const ciRole: Record<string, RoleDef> = {};
  for (const account of ACCOUNTS) ciRole[account] = role(account, '', 'github-actions-deploy', 'machine');
  const lambdaRole = role(PROD, '', 'orders-processor-lambda-role', 'machine');
  const ec2Role = role(PROD, '', 'app-server-instance-role', 'machine');
  const autoscalingRole = role(
    PROD,
    'aws-service-role/autoscaling.amazonaws.com/',
    'AWSServiceRoleForAutoScaling',
    'machine',
  );

  const repos: GithubRepo[] = [
    { slug: 'example-org/orders-api', deploys: 'ecs', perRunSession: false },
    { slug: 'example-org/orders-processor', deploys: 'lambda', perRunSession: true },
    { slug: 'example-org/platform-infra', deploys: 'stack', perRunSession: true },
  ];
  const webIdentity = new Map<string, IdentityTruth>();
  for (const account of ACCOUNTS)
    for (const repo of repos) {
      const subject = githubSubject(repo);
      const uid = `${oidcProviderArn(account)}:${subject}`;
      webIdentity.set(`${account} ${repo.slug}`, truth(uid, subject, 'machine', 'web_identity'));
    }
  const services = new Map<string, IdentityTruth>();
  for (const s of SERVICE_PRINCIPALS) services.set(s, truth(s, s, 'machine', 'aws_service'));

  return {
    people,
    bob,
    backup,
    terraform,
    ciRole,
    lambdaRole,
    ec2Role,
    autoscalingRole,
    repos,
    webIdentity,
    services,
    root,
    all,
  };
}

// ---- userIdentity builders -------------------------------------------------------------------

export interface SessionOptions {
  /** Omitted for ConsoleLogin records. */
  accessKeyId?: string;
  created: string;
  mfa?: boolean;
  webIdProvider?: string;
  ec2?: boolean;
}

export function assumedRoleIdentity(role: RoleDef, sessionName: string, s: SessionOptions): Obj {
  const sessionContext: Obj = {
    sessionIssuer: {
      type: 'Role',
      principalId: role.principalId,
      arn: role.arn,
      accountId: role.account,
      userName: role.name,
    },
    webIdFederationData: s.webIdProvider ? { federatedProvider: s.webIdProvider, attributes: {} } : {},
    attributes: { creationDate: s.created, mfaAuthenticated: s.mfa ? 'true' : 'false' },
  };
  if (s.ec2) sessionContext.ec2RoleDelivery = '2.0';
  const id: Obj = {
    type: 'AssumedRole',
    principalId: `${role.principalId}:${sessionName}`,
    arn: assumedRoleArn(role, sessionName),
    accountId: role.account,
  };
  if (s.accessKeyId) id.accessKeyId = s.accessKeyId;
  id.sessionContext = sessionContext;
  return id;
}

export function assumedRoleArn(role: RoleDef, sessionName: string): string {
  return `arn:aws:sts::${role.account}:assumed-role/${role.name}/${sessionName}`;
}

/** An IAM user with a long-lived key, or (with `console`) a console session of that user. */
export function iamUserIdentity(u: UserDef, console?: { accessKeyId?: string; created: string }): Obj {
  const id: Obj = { type: 'IAMUser', principalId: u.principalId, arn: u.arn, accountId: u.account };
  if (!console) id.accessKeyId = u.accessKeyId;
  else if (console.accessKeyId) id.accessKeyId = console.accessKeyId;
  id.userName = u.name;
  if (console?.accessKeyId)
    id.sessionContext = { attributes: { creationDate: console.created, mfaAuthenticated: 'true' } };
  return id;
}

export function rootIdentity(account: string, session?: { accessKeyId: string; created: string }): Obj {
  const id: Obj = { type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account };
  if (session) {
    id.accessKeyId = session.accessKeyId;
    id.sessionContext = { attributes: { creationDate: session.created, mfaAuthenticated: 'true' } };
  }
  return id;
}

export function serviceIdentity(invokedBy: string): Obj {
  return { type: 'AWSService', invokedBy };
}

export function webIdentityUser(account: string, repo: GithubRepo): Obj {
  const subject = githubSubject(repo);
  return {
    type: 'WebIdentityUser',
    principalId: `${oidcProviderArn(account)}:sts.amazonaws.com:${subject}`,
    userName: subject,
    identityProvider: oidcProviderArn(account),
  };
}

/** A caller for an AWS service principal (AssumeRole for execution roles, KMS for CloudTrail...). */
export function serviceCaller(cast: Cast, invokedBy: string): Caller {
  const truth = cast.services.get(invokedBy);
  if (!truth) throw new Error(`no service principal ${invokedBy} in the cast`);
  return {
    identity: serviceIdentity(invokedBy),
    truth,
    arn: invokedBy,
    ip: invokedBy,
    ua: invokedBy,
    viaService: true,
    deny: 0,
    throttle: 0,
  };
}

/** The same session, but the call is made by a service on its behalf (CloudFormation, Auto Scaling). */
export function onBehalf(caller: Caller, invokedBy: string): Caller {
  return {
    ...caller,
    identity: { ...caller.identity, invokedBy },
    ip: invokedBy,
    ua: invokedBy,
    viaService: true,
    console: false,
  };
}
