// Building blocks for the demo's CloudTrail operations: the context an operation is rendered in, names of the
// demo account's resources, and request/response shape helpers.
/**
 * The API calls the demo cast makes, with request/response shapes modelled on real CloudTrail
 * records (trimmed: enough for an analyzer to see what was touched, not every field AWS logs).
 */
import { PROD, TOOLING, type Obj } from './cloudtrail-actors';
import type { Random } from './random';

export interface OpCtx {
  rng: Random;
  account: string;
  region: string;
  /** Driver-chosen specifics (bucket, key, function name...); builders fall back to a random pick. */
  arg: Obj;
}

export interface Parts {
  req: Obj | null;
  res?: Obj | null;
  resources?: Obj[];
  extra?: Obj;
  host?: string;
}

export interface OpDef {
  service: string;
  source: string;
  name: string;
  readOnly: boolean;
  data: boolean;
  /** IAM and friends: always logged as us-east-1. */
  global: boolean;
  eventType: 'AwsApiCall' | 'AwsConsoleSignIn' | 'AwsServiceEvent';
  version: string;
  /** `md/command#...` of the equivalent aws-cli command. */
  command: string;
  build: (c: OpCtx) => Parts;
  /** A benign, operation-specific failure and how often it happens. */
  fail?: { code: string; message: (c: OpCtx) => string; rate: number };
}

export const NAMES = {
  buckets: {
    [PROD]: [
      'example-orders-prod-data',
      'example-orders-prod-config',
      'example-prod-backups',
      'example-prod-cloudtrail-logs',
    ],
    [TOOLING]: ['example-ci-artifacts', 'example-terraform-state', 'example-tooling-cloudtrail-logs'],
  } as Record<string, string[]>,
  tables: ['orders', 'order-events'],
  queues: ['orders-inbound', 'orders-events'],
  functions: ['orders-processor', 'orders-api-authorizer', 'nightly-report'],
  cluster: 'orders-prod',
  ecsServices: ['orders-api', 'orders-worker'],
  stacks: ['orders-service-prod', 'platform-network', 'platform-observability'],
  ecrRepos: ['orders-api', 'orders-processor'],
  roles: [
    'orders-processor-lambda-role',
    'app-server-instance-role',
    'github-actions-deploy',
    'ecsTaskExecutionRole',
    'orders-api-task-role',
  ],
  params: ['/orders/prod/db-url', '/orders/prod/feature-flags', '/orders/prod/api-base-url'],
  secrets: ['orders/prod/db-credentials', 'orders/prod/payment-api-key'],
  logGroups: ['/aws/lambda/orders-processor', '/ecs/orders-api', '/aws/lambda/orders-api-authorizer'],
  vpc: 'vpc-0a3f1c9e27b4d8a15',
  securityGroups: ['sg-0c1d2e3f4a5b6c7d8', 'sg-07e6d5c4b3a291807'],
  targetGroup: 'targetgroup/orders-api-tg/6d0ecf831eec9f09',
};

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** STS writes credential expiry as "Oct 1, 2026, 3:04:05 PM". */
export function stsExpiration(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h % 12 || 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

export const CLI_SERVICE: Record<string, string> = {
  monitoring: 'cloudwatch',
  elasticloadbalancing: 'elbv2',
  secretsmanager: 'secretsmanager',
};

export function op(
  service: string,
  name: string,
  readOnly: boolean,
  build: (c: OpCtx) => Parts = () => ({ req: null }),
  more: Partial<OpDef> = {},
): OpDef {
  const base = name.replace(/20\d{6}(v\d)?$/, '');
  const kebab = base.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  const data = more.data ?? false;
  const cliService = service === 's3' && (data || !readOnly) ? 's3api' : (CLI_SERVICE[service] ?? service);
  return {
    service,
    source: `${service}.amazonaws.com`,
    name,
    readOnly,
    data,
    global: service === 'iam' || service === 'signin',
    eventType: 'AwsApiCall',
    version: data || service === 'sts' ? '1.09' : '1.08',
    command: `${cliService}.${kebab}`,
    build,
    ...more,
  };
}

export const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
export const pickArg = (c: OpCtx, key: string, options: readonly string[]) => str(c.arg[key], c.rng.pick(options));
export const resource = (account: string | undefined, type: string, arn: string): Obj =>
  account ? { accountId: account, type, ARN: arn } : { type, ARN: arn };
export const bucketOf = (c: OpCtx) => pickArg(c, 'bucket', NAMES.buckets[c.account] ?? []);
export const s3Host = (c: OpCtx, bucket: string) => `${bucket}.s3.${c.region}.amazonaws.com`;
export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

export function s3Bucket(bucketParam: string | null) {
  return (c: OpCtx): Parts => {
    const bucket = bucketOf(c);
    const req: Obj = { bucketName: bucket, Host: s3Host(c, bucket) };
    if (bucketParam) req[bucketParam] = '';
    return {
      req,
      resources: [resource(c.account, 'AWS::S3::Bucket', `arn:aws:s3:::${bucket}`)],
      host: s3Host(c, bucket),
    };
  };
}

export function s3Object(out: boolean) {
  return (c: OpCtx): Parts => {
    const bucket = bucketOf(c);
    const key = str(c.arg.key, `${c.rng.pick(['orders', 'exports', 'config', 'reports'])}/${c.rng.hex(8)}.json`);
    const bytes = c.rng.int(300, 250_000);
    return {
      req: { bucketName: bucket, Host: s3Host(c, bucket), key },
      res: out ? null : { 'x-amz-server-side-encryption': 'aws:kms' },
      extra: {
        SignatureVersion: 'SigV4',
        CipherSuite: 'TLS_AES_128_GCM_SHA256',
        bytesTransferredIn: out ? 0 : bytes,
        AuthenticationMethod: 'AuthHeader',
        bytesTransferredOut: out ? bytes : 0,
      },
      resources: [
        resource(undefined, 'AWS::S3::Object', `arn:aws:s3:::${bucket}/${key}`),
        resource(c.account, 'AWS::S3::Bucket', `arn:aws:s3:::${bucket}`),
      ],
      host: s3Host(c, bucket),
    };
  };
}

export function dynamo(extraReq: Obj = {}) {
  return (c: OpCtx): Parts => {
    const table = pickArg(c, 'table', NAMES.tables);
    return {
      req: { tableName: table, key: { pk: HIDDEN }, ...extraReq },
      resources: [
        resource(c.account, 'AWS::DynamoDB::Table', `arn:aws:dynamodb:${c.region}:${c.account}:table/${table}`),
      ],
    };
  };
}

export function sqs(extraReq: Obj) {
  return (c: OpCtx): Parts => {
    const queue = pickArg(c, 'queue', NAMES.queues);
    return {
      req: { queueUrl: `https://sqs.${c.region}.amazonaws.com/${c.account}/${queue}`, ...extraReq },
      resources: [resource(c.account, 'AWS::SQS::Queue', `arn:aws:sqs:${c.region}:${c.account}:${queue}`)],
    };
  };
}

export function kms(req: (c: OpCtx) => Obj) {
  return (c: OpCtx): Parts => ({
    req: req(c),
    resources: [
      resource(c.account, 'AWS::KMS::Key', `arn:aws:kms:${c.region}:${c.account}:key/${str(c.arg.keyId, '')}`),
    ],
  });
}

export const ec2Filters = { filterSet: {} };
export const fn = (c: OpCtx) => pickArg(c, 'functionName', NAMES.functions);
export const stack = (c: OpCtx) => pickArg(c, 'stackName', NAMES.stacks);
export const ecsService = (c: OpCtx) => pickArg(c, 'service', NAMES.ecsServices);
export const role = (c: OpCtx) => pickArg(c, 'roleName', NAMES.roles);
export const repo = (c: OpCtx) => pickArg(c, 'repository', NAMES.ecrRepos);
export const logGroup = (c: OpCtx) => pickArg(c, 'logGroup', NAMES.logGroups);

export function assumeRole(web: boolean) {
  return (c: OpCtx): Parts => {
    const roleArn = str(c.arg.roleArn, '');
    const session = str(c.arg.sessionName, '');
    const req: Obj = { roleArn, roleSessionName: session, durationSeconds: 3600 };
    const res: Obj = {
      credentials: {
        accessKeyId: str(c.arg.accessKeyId, ''),
        sessionToken: `IQoJb3JpZ2luX2VjE${c.rng.alnum(48)}`,
        expiration: str(c.arg.expiration, ''),
      },
      assumedRoleUser: { assumedRoleId: str(c.arg.assumedRoleId, ''), arn: str(c.arg.assumedRoleArn, '') },
    };
    if (web)
      Object.assign(res, {
        subjectFromWebIdentityToken: c.arg.subject,
        provider: c.arg.provider,
        audience: 'sts.amazonaws.com',
      });
    return {
      req,
      res,
      resources: [resource(c.account, 'AWS::IAM::Role', roleArn)],
      host: `sts.${c.region}.amazonaws.com`,
    };
  };
}
