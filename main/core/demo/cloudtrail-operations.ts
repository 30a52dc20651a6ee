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
    [PROD]: ['example-orders-prod-data', 'example-orders-prod-config', 'example-prod-backups', 'example-prod-cloudtrail-logs'],
    [TOOLING]: ['example-ci-artifacts', 'example-terraform-state', 'example-tooling-cloudtrail-logs'],
  } as Record<string, string[]>,
  tables: ['orders', 'order-events'],
  queues: ['orders-inbound', 'orders-events'],
  functions: ['orders-processor', 'orders-api-authorizer', 'nightly-report'],
  cluster: 'orders-prod',
  ecsServices: ['orders-api', 'orders-worker'],
  stacks: ['orders-service-prod', 'platform-network', 'platform-observability'],
  ecrRepos: ['orders-api', 'orders-processor'],
  roles: ['orders-processor-lambda-role', 'app-server-instance-role', 'github-actions-deploy', 'ecsTaskExecutionRole', 'orders-api-task-role'],
  params: ['/orders/prod/db-url', '/orders/prod/feature-flags', '/orders/prod/api-base-url'],
  secrets: ['orders/prod/db-credentials', 'orders/prod/payment-api-key'],
  logGroups: ['/aws/lambda/orders-processor', '/ecs/orders-api', '/aws/lambda/orders-api-authorizer'],
  vpc: 'vpc-0a3f1c9e27b4d8a15',
  securityGroups: ['sg-0c1d2e3f4a5b6c7d8', 'sg-07e6d5c4b3a291807'],
  targetGroup: 'targetgroup/orders-api-tg/6d0ecf831eec9f09',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** STS writes credential expiry as "Oct 1, 2026, 3:04:05 PM". */
export function stsExpiration(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h % 12 || 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

const CLI_SERVICE: Record<string, string> = { monitoring: 'cloudwatch', elasticloadbalancing: 'elbv2', secretsmanager: 'secretsmanager' };

function op(service: string, name: string, readOnly: boolean, build: (c: OpCtx) => Parts = () => ({ req: null }), more: Partial<OpDef> = {}): OpDef {
  const base = name.replace(/20\d{6}(v\d)?$/, '');
  const kebab = base.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  const data = more.data ?? false;
  const cliService = service === 's3' && (data || !readOnly) ? 's3api' : (CLI_SERVICE[service] ?? service);
  return {
    service, source: `${service}.amazonaws.com`, name, readOnly, data,
    global: service === 'iam' || service === 'signin',
    eventType: 'AwsApiCall', version: data || service === 'sts' ? '1.09' : '1.08',
    command: `${cliService}.${kebab}`, build, ...more,
  };
}

const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
const pickArg = (c: OpCtx, key: string, options: readonly string[]) => str(c.arg[key], c.rng.pick(options));
const resource = (account: string | undefined, type: string, arn: string): Obj => (account ? { accountId: account, type, ARN: arn } : { type, ARN: arn });
const bucketOf = (c: OpCtx) => pickArg(c, 'bucket', NAMES.buckets[c.account] ?? []);
const s3Host = (c: OpCtx, bucket: string) => `${bucket}.s3.${c.region}.amazonaws.com`;
const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

function s3Bucket(bucketParam: string | null) {
  return (c: OpCtx): Parts => {
    const bucket = bucketOf(c);
    const req: Obj = { bucketName: bucket, Host: s3Host(c, bucket) };
    if (bucketParam) req[bucketParam] = '';
    return { req, resources: [resource(c.account, 'AWS::S3::Bucket', `arn:aws:s3:::${bucket}`)], host: s3Host(c, bucket) };
  };
}

function s3Object(out: boolean) {
  return (c: OpCtx): Parts => {
    const bucket = bucketOf(c);
    const key = str(c.arg.key, `${c.rng.pick(['orders', 'exports', 'config', 'reports'])}/${c.rng.hex(8)}.json`);
    const bytes = c.rng.int(300, 250_000);
    return {
      req: { bucketName: bucket, Host: s3Host(c, bucket), key },
      res: out ? null : { 'x-amz-server-side-encryption': 'aws:kms' },
      extra: { SignatureVersion: 'SigV4', CipherSuite: 'TLS_AES_128_GCM_SHA256', bytesTransferredIn: out ? 0 : bytes, AuthenticationMethod: 'AuthHeader', bytesTransferredOut: out ? bytes : 0 },
      resources: [resource(undefined, 'AWS::S3::Object', `arn:aws:s3:::${bucket}/${key}`), resource(c.account, 'AWS::S3::Bucket', `arn:aws:s3:::${bucket}`)],
      host: s3Host(c, bucket),
    };
  };
}

function dynamo(extraReq: Obj = {}) {
  return (c: OpCtx): Parts => {
    const table = pickArg(c, 'table', NAMES.tables);
    return { req: { tableName: table, key: { pk: HIDDEN }, ...extraReq }, resources: [resource(c.account, 'AWS::DynamoDB::Table', `arn:aws:dynamodb:${c.region}:${c.account}:table/${table}`)] };
  };
}

function sqs(extraReq: Obj) {
  return (c: OpCtx): Parts => {
    const queue = pickArg(c, 'queue', NAMES.queues);
    return { req: { queueUrl: `https://sqs.${c.region}.amazonaws.com/${c.account}/${queue}`, ...extraReq }, resources: [resource(c.account, 'AWS::SQS::Queue', `arn:aws:sqs:${c.region}:${c.account}:${queue}`)] };
  };
}

function kms(req: (c: OpCtx) => Obj) {
  return (c: OpCtx): Parts => ({ req: req(c), resources: [resource(c.account, 'AWS::KMS::Key', `arn:aws:kms:${c.region}:${c.account}:key/${str(c.arg.keyId, '')}`)] });
}

const ec2Filters = { filterSet: {} };
const fn = (c: OpCtx) => pickArg(c, 'functionName', NAMES.functions);
const stack = (c: OpCtx) => pickArg(c, 'stackName', NAMES.stacks);
const ecsService = (c: OpCtx) => pickArg(c, 'service', NAMES.ecsServices);
const role = (c: OpCtx) => pickArg(c, 'roleName', NAMES.roles);
const repo = (c: OpCtx) => pickArg(c, 'repository', NAMES.ecrRepos);
const logGroup = (c: OpCtx) => pickArg(c, 'logGroup', NAMES.logGroups);

function assumeRole(web: boolean) {
  return (c: OpCtx): Parts => {
    const roleArn = str(c.arg.roleArn, '');
    const session = str(c.arg.sessionName, '');
    const req: Obj = { roleArn, roleSessionName: session, durationSeconds: 3600 };
    const res: Obj = {
      credentials: { accessKeyId: str(c.arg.accessKeyId, ''), sessionToken: `IQoJb3JpZ2luX2VjE${c.rng.alnum(48)}`, expiration: str(c.arg.expiration, '') },
      assumedRoleUser: { assumedRoleId: str(c.arg.assumedRoleId, ''), arn: str(c.arg.assumedRoleArn, '') },
    };
    if (web) Object.assign(res, { subjectFromWebIdentityToken: c.arg.subject, provider: c.arg.provider, audience: 'sts.amazonaws.com' });
    return { req, res, resources: [resource(c.account, 'AWS::IAM::Role', roleArn)], host: `sts.${c.region}.amazonaws.com` };
  };
}

export const OPS = {
  // identity & sign-in
  GetCallerIdentity: op('sts', 'GetCallerIdentity', true),
  AssumeRole: op('sts', 'AssumeRole', false, assumeRole(false)),
  AssumeRoleWithWebIdentity: op('sts', 'AssumeRoleWithWebIdentity', false, assumeRole(true)),
  ConsoleLogin: op('signin', 'ConsoleLogin', false, (c) => ({
    req: null,
    res: { ConsoleLogin: c.arg.failed ? 'Failure' : 'Success' },
    extra: { LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true', MobileVersion: 'No', MFAUsed: c.arg.mfa ? 'Yes' : 'No' },
    host: 'signin.aws.amazon.com',
  }), { eventType: 'AwsConsoleSignIn' }),
  // IAM (global)
  GetRole: op('iam', 'GetRole', true, (c) => ({ req: { roleName: role(c) } }), {
    fail: { code: 'NoSuchEntityException', message: (c) => `The role with name ${str(c.arg.roleName, 'legacy-etl-role')} cannot be found.`, rate: 0.04 },
  }),
  ListRoles: op('iam', 'ListRoles', true, () => ({ req: { maxItems: 1000 } })),
  ListAttachedRolePolicies: op('iam', 'ListAttachedRolePolicies', true, (c) => ({ req: { roleName: role(c) } })),
  ListRolePolicies: op('iam', 'ListRolePolicies', true, (c) => ({ req: { roleName: role(c) } })),
  GetPolicy: op('iam', 'GetPolicy', true, (c) => ({ req: { policyArn: `arn:aws:iam::${c.account}:policy/${c.rng.pick(['orders-data-access', 'ci-deploy', 'backup-writer'])}` } })),
  ListUsers: op('iam', 'ListUsers', true),
  ListAccessKeys: op('iam', 'ListAccessKeys', true, (c) => ({ req: { userName: pickArg(c, 'userName', ['svc-backup', 'bob.admin', 'terraform-ci']) } })),
  GetAccountSummary: op('iam', 'GetAccountSummary', true),
  ListMFADevices: op('iam', 'ListMFADevices', true),
  CreateAccessKey: op('iam', 'CreateAccessKey', false, (c) => ({
    req: { userName: str(c.arg.userName, 'svc-backup') },
    res: { accessKey: { userName: str(c.arg.userName, 'svc-backup'), accessKeyId: str(c.arg.accessKeyId, ''), status: 'Active', createDate: str(c.arg.created, '') } },
  })),
  UpdateAccessKey: op('iam', 'UpdateAccessKey', false, (c) => ({ req: { userName: str(c.arg.userName, 'svc-backup'), accessKeyId: str(c.arg.accessKeyId, ''), status: 'Inactive' } })),
  // EC2 / Auto Scaling / ELB
  DescribeInstances: op('ec2', 'DescribeInstances', true, () => ({ req: { instancesSet: {}, ...ec2Filters } })),
  DescribeInstanceStatus: op('ec2', 'DescribeInstanceStatus', true, () => ({ req: { instancesSet: {}, ...ec2Filters, includeAllInstances: false } })),
  DescribeSecurityGroups: op('ec2', 'DescribeSecurityGroups', true, () => ({ req: { securityGroupSet: {}, securityGroupIdSet: {}, ...ec2Filters } })),
  DescribeVpcs: op('ec2', 'DescribeVpcs', true, () => ({ req: { vpcSet: {}, ...ec2Filters } })),
  DescribeSubnets: op('ec2', 'DescribeSubnets', true, () => ({ req: { subnetSet: {}, filterSet: { items: [{ name: 'vpc-id', valueSet: { items: [{ value: NAMES.vpc }] } }] } } })),
  DescribeRouteTables: op('ec2', 'DescribeRouteTables', true, () => ({ req: { routeTableIdSet: {}, ...ec2Filters } })),
  DescribeImages: op('ec2', 'DescribeImages', true, () => ({ req: { executableBySet: {}, imagesSet: {}, ownersSet: { items: [{ owner: 'amazon' }] }, ...ec2Filters } })),
  CreateTags: op('ec2', 'CreateTags', false, (c) => ({
    req: { resourcesSet: { items: [{ resourceId: str(c.arg.resourceId, c.rng.pick(NAMES.securityGroups)) }] }, tagSet: { items: [{ key: 'team', value: 'orders' }] } },
    res: { _return: true },
  })),
  AuthorizeSecurityGroupIngress: op('ec2', 'AuthorizeSecurityGroupIngress', false, (c) => ({
    req: { groupId: c.rng.pick(NAMES.securityGroups), ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, ipRanges: { items: [{ cidrIp: '10.20.0.0/16' }] } }] } },
    res: { _return: true, securityGroupRuleSet: { items: [{ groupOwnerId: c.account, securityGroupRuleId: `sgr-0${c.rng.hex(16)}`, isEgress: false }] } },
  })),
  RunInstances: op('ec2', 'RunInstances', false, (c) => ({
    req: { instancesSet: { items: [{ minCount: 1, maxCount: 1 }] }, launchTemplate: { launchTemplateId: 'lt-0b7e1d2c3a4f56789', version: '7' }, subnetId: 'subnet-04d1e2f3a4b5c6d7e' },
    res: { reservationId: `r-0${c.rng.hex(16)}`, ownerId: c.account, instancesSet: { items: [{ instanceId: str(c.arg.instanceId, ''), instanceType: 'm6i.large', currentState: { code: 0, name: 'pending' } }] } },
  })),
  TerminateInstances: op('ec2', 'TerminateInstances', false, (c) => ({
    req: { instancesSet: { items: [{ instanceId: str(c.arg.instanceId, '') }] } },
    res: { instancesSet: { items: [{ instanceId: str(c.arg.instanceId, ''), currentState: { code: 32, name: 'shutting-down' }, previousState: { code: 16, name: 'running' } }] } },
  })),
  DescribeAutoScalingGroups: op('autoscaling', 'DescribeAutoScalingGroups', true, () => ({ req: { autoScalingGroupNames: ['app-server-asg'] } })),
  DescribeTargetHealth: op('elasticloadbalancing', 'DescribeTargetHealth', true, (c) => ({ req: { targetGroupArn: `arn:aws:elasticloadbalancing:${c.region}:${c.account}:${NAMES.targetGroup}` } })),
  RegisterTargets: op('elasticloadbalancing', 'RegisterTargets', false, (c) => ({ req: { targetGroupArn: `arn:aws:elasticloadbalancing:${c.region}:${c.account}:${NAMES.targetGroup}`, targets: [{ id: str(c.arg.instanceId, ''), port: 8080 }] } })),
  // S3
  ListBuckets: op('s3', 'ListBuckets', true, (c) => ({ req: { Host: `s3.${c.region}.amazonaws.com` } })),
  GetBucketLocation: op('s3', 'GetBucketLocation', true, s3Bucket('location')),
  GetBucketPolicy: op('s3', 'GetBucketPolicy', true, s3Bucket('policy')),
  GetBucketAcl: op('s3', 'GetBucketAcl', true, s3Bucket('acl')),
  GetBucketVersioning: op('s3', 'GetBucketVersioning', true, s3Bucket('versioning')),
  GetObject: op('s3', 'GetObject', true, s3Object(true), { data: true, fail: { code: 'NoSuchKey', message: () => 'The specified key does not exist.', rate: 0.01 } }),
  PutObject: op('s3', 'PutObject', false, s3Object(false), { data: true }),
  ListObjects: op('s3', 'ListObjects', true, (c) => {
    const parts = s3Bucket(null)(c);
    return { ...parts, req: { ...parts.req, 'list-type': '2', prefix: str(c.arg.prefix, ''), 'max-keys': '1000' } };
  }, { data: true }),
  // DynamoDB, SQS, KMS, Secrets, SSM
  GetItem: op('dynamodb', 'GetItem', true, dynamo({ consistentRead: false }), { data: true }),
  PutItem: op('dynamodb', 'PutItem', false, dynamo(), {
    data: true, fail: { code: 'ConditionalCheckFailedException', message: () => 'The conditional request failed', rate: 0.02 },
  }),
  UpdateItem: op('dynamodb', 'UpdateItem', false, dynamo({ updateExpression: HIDDEN }), { data: true }),
  DeleteItem: op('dynamodb', 'DeleteItem', false, dynamo(), { data: true }),
  Query: op('dynamodb', 'Query', true, (c) => ({ ...dynamo({ keyConditionExpression: HIDDEN })(c) }), { data: true }),
  DescribeTable: op('dynamodb', 'DescribeTable', true, (c) => ({ req: { tableName: pickArg(c, 'table', NAMES.tables) } })),
  CreateBackup: op('dynamodb', 'CreateBackup', false, (c) => {
    const table = pickArg(c, 'table', NAMES.tables);
    const arn = `arn:aws:dynamodb:${c.region}:${c.account}:table/${table}`;
    return { req: { tableName: table, backupName: `${table}-nightly` }, res: { backupDetails: { backupArn: `${arn}/backup/01${c.rng.hex(16)}`, backupName: `${table}-nightly`, backupStatus: 'CREATING', backupType: 'USER' } } };
  }),
  SendMessage: op('sqs', 'SendMessage', false, sqs({ messageBody: HIDDEN }), { data: true }),
  DeleteMessage: op('sqs', 'DeleteMessage', false, sqs({ receiptHandle: HIDDEN }), { data: true }),
  Decrypt: op('kms', 'Decrypt', true, kms(() => ({ encryptionAlgorithm: 'SYMMETRIC_DEFAULT' }))),
  GenerateDataKey: op('kms', 'GenerateDataKey', true, kms((c) => ({ keyId: str(c.arg.keyAlias, 'alias/orders'), keySpec: 'AES_256', encryptionContext: c.arg.context ?? {} }))),
  DescribeKey: op('kms', 'DescribeKey', true, kms((c) => ({ keyId: str(c.arg.keyAlias, 'alias/orders') }))),
  RotateKey: op('kms', 'RotateKey', false, kms(() => ({})), { eventType: 'AwsServiceEvent' }),
  GetSecretValue: op('secretsmanager', 'GetSecretValue', true, (c) => ({ req: { secretId: pickArg(c, 'secret', NAMES.secrets) } })),
  GetParameter: op('ssm', 'GetParameter', true, (c) => ({ req: { name: pickArg(c, 'param', NAMES.params), withDecryption: true } }), {
    fail: { code: 'ParameterNotFound', message: () => '', rate: 0.005 },
  }),
  GetParametersByPath: op('ssm', 'GetParametersByPath', true, () => ({ req: { path: '/orders/prod/', recursive: true, withDecryption: true } })),
  PutParameter: op('ssm', 'PutParameter', false, (c) => ({ req: { name: pickArg(c, 'param', NAMES.params), type: 'String', overwrite: true }, res: { version: c.rng.int(2, 40), tier: 'Standard' } })),
  UpdateInstanceInformation: op('ssm', 'UpdateInstanceInformation', false, (c) => ({
    req: { instanceId: str(c.arg.instanceId, ''), agentVersion: '3.3.987.0', agentStatus: 'Active', platformType: 'Linux', platformName: 'Amazon Linux', platformVersion: '2023' },
  })),
  ListInstanceAssociations: op('ssm', 'ListInstanceAssociations', true, (c) => ({ req: { instanceId: str(c.arg.instanceId, ''), maxResults: 20 } })),
  // Logs & CloudWatch
  CreateLogStream: op('logs', 'CreateLogStream', false, (c) => ({ req: { logGroupName: logGroup(c), logStreamName: str(c.arg.logStream, c.rng.hex(32)) } })),
  DescribeLogGroups: op('logs', 'DescribeLogGroups', true, () => ({ req: { limit: 50 } })),
  DescribeLogStreams: op('logs', 'DescribeLogStreams', true, (c) => ({ req: { logGroupName: logGroup(c), orderBy: 'LastEventTime', descending: true } })),
  FilterLogEvents: op('logs', 'FilterLogEvents', true, (c) => ({ req: { logGroupName: logGroup(c), interleaved: true, limit: 10000 } })),
  PutRetentionPolicy: op('logs', 'PutRetentionPolicy', false, (c) => ({ req: { logGroupName: logGroup(c), retentionInDays: c.rng.pick([30, 90, 365]) } })),
  PutMetricData: op('monitoring', 'PutMetricData', false, () => ({ req: { namespace: 'OrdersApp', metricData: [{ metricName: 'QueueDepth' }] } })),
  GetMetricData: op('monitoring', 'GetMetricData', true, () => ({ req: { metricDataQueries: [{ id: 'm1' }] } })),
  DescribeAlarms: op('monitoring', 'DescribeAlarms', true, () => ({ req: { maxRecords: 100 } })),
  // Lambda (event names carry the API version)
  ListFunctions: op('lambda', 'ListFunctions20150331', true),
  GetFunction: op('lambda', 'GetFunction20150331v2', true, (c) => ({ req: { functionName: fn(c) } })),
  UpdateFunctionCode: op('lambda', 'UpdateFunctionCode20150331v2', false, (c) => {
    const name = fn(c);
    return {
      req: { functionName: name, s3Bucket: 'example-ci-artifacts', s3Key: `${name}/${str(c.arg.sha, c.rng.hex(40))}.zip`, publish: true },
      res: { functionName: name, functionArn: `arn:aws:lambda:${c.region}:${c.account}:function:${name}`, runtime: 'python3.12', codeSha256: HIDDEN, lastUpdateStatus: 'InProgress' },
    };
  }, { fail: { code: 'ResourceConflictException', message: (c) => `The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:${c.region}:${c.account}:function:${fn(c)}`, rate: 0.03 } }),
  UpdateFunctionConfiguration: op('lambda', 'UpdateFunctionConfiguration20150331v2', false, (c) => ({ req: { functionName: fn(c), memorySize: c.rng.pick([512, 1024]), timeout: 30 } })),
  // ECS & ECR
  DescribeClusters: op('ecs', 'DescribeClusters', true, () => ({ req: { clusters: [NAMES.cluster] } })),
  DescribeServices: op('ecs', 'DescribeServices', true, (c) => ({ req: { cluster: NAMES.cluster, services: [ecsService(c)] } })),
  ListTasks: op('ecs', 'ListTasks', true, (c) => ({ req: { cluster: NAMES.cluster, serviceName: ecsService(c) } })),
  RegisterTaskDefinition: op('ecs', 'RegisterTaskDefinition', false, (c) => {
    const family = ecsService(c);
    return {
      req: { family, containerDefinitions: [{ name: family, image: str(c.arg.image, `${family}:latest`), essential: true }], networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '512', memory: '1024' },
      res: { taskDefinition: { taskDefinitionArn: `arn:aws:ecs:${c.region}:${c.account}:task-definition/${family}:${str(c.arg.revision, '1')}`, family, status: 'ACTIVE' } },
    };
  }),
  UpdateService: op('ecs', 'UpdateService', false, (c) => {
    const service = ecsService(c);
    const taskDefinition = `arn:aws:ecs:${c.region}:${c.account}:task-definition/${service}:${str(c.arg.revision, '1')}`;
    return {
      req: { cluster: NAMES.cluster, service, taskDefinition, forceNewDeployment: false },
      res: { service: { serviceArn: `arn:aws:ecs:${c.region}:${c.account}:service/${NAMES.cluster}/${service}`, serviceName: service, status: 'ACTIVE', desiredCount: 3, taskDefinition } },
    };
  }),
  GetAuthorizationToken: op('ecr', 'GetAuthorizationToken', true),
  BatchCheckLayerAvailability: op('ecr', 'BatchCheckLayerAvailability', true, (c) => ({ req: { repositoryName: repo(c), registryId: c.account, layerDigests: [`sha256:${c.rng.hex(64)}`] } })),
  InitiateLayerUpload: op('ecr', 'InitiateLayerUpload', false, (c) => ({ req: { repositoryName: repo(c), registryId: c.account }, res: { uploadId: c.rng.uuid(), partSize: 10485760 } })),
  CompleteLayerUpload: op('ecr', 'CompleteLayerUpload', false, (c) => ({ req: { repositoryName: repo(c), registryId: c.account, layerDigests: [`sha256:${c.rng.hex(64)}`] } })),
  PutImage: op('ecr', 'PutImage', false, (c) => ({
    req: { repositoryName: repo(c), registryId: c.account, imageTag: str(c.arg.tag, 'latest') },
    res: { image: { registryId: c.account, repositoryName: repo(c), imageId: { imageDigest: `sha256:${c.rng.hex(64)}`, imageTag: str(c.arg.tag, 'latest') } } },
  })),
  DescribeRepositories: op('ecr', 'DescribeRepositories', true),
  // CloudFormation
  DescribeStacks: op('cloudformation', 'DescribeStacks', true, (c) => ({ req: { stackName: stack(c) } })),
  ListStacks: op('cloudformation', 'ListStacks', true),
  DescribeStackEvents: op('cloudformation', 'DescribeStackEvents', true, (c) => ({ req: { stackName: stack(c) } })),
  GetTemplate: op('cloudformation', 'GetTemplate', true, (c) => ({ req: { stackName: stack(c), templateStage: 'Original' } })),
  CreateChangeSet: op('cloudformation', 'CreateChangeSet', false, (c) => {
    const name = stack(c);
    const stackId = `arn:aws:cloudformation:${c.region}:${c.account}:stack/${name}/${str(c.arg.stackUuid, c.rng.uuid())}`;
    return {
      req: { stackName: name, changeSetName: str(c.arg.changeSet, 'deploy'), changeSetType: 'UPDATE', capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'], templateURL: `https://example-ci-artifacts.s3.amazonaws.com/${name}/template.yaml` },
      res: { id: `arn:aws:cloudformation:${c.region}:${c.account}:changeSet/${str(c.arg.changeSet, 'deploy')}/${c.rng.uuid()}`, stackId },
    };
  }),
  DescribeChangeSet: op('cloudformation', 'DescribeChangeSet', true, (c) => ({ req: { stackName: stack(c), changeSetName: str(c.arg.changeSet, 'deploy') } })),
  ExecuteChangeSet: op('cloudformation', 'ExecuteChangeSet', false, (c) => ({ req: { stackName: stack(c), changeSetName: str(c.arg.changeSet, 'deploy') } })),
} satisfies Record<string, OpDef>;

export type OpName = keyof typeof OPS;

/** Access-denied and throttling errors as each API family spells them. */
export function deniedError(op: OpDef, callerArn: string): [string, string] {
  if (op.service === 'ec2') return ['Client.UnauthorizedOperation', 'You are not authorized to perform this operation.'];
  if (op.service === 's3') return ['AccessDenied', 'Access Denied'];
  const action = `${op.service}:${op.name.replace(/20\d{6}(v\d)?$/, '')}`;
  const code = ['iam', 'sts', 'cloudformation', 'autoscaling', 'monitoring'].includes(op.service) ? 'AccessDenied' : 'AccessDeniedException';
  return [code, `User: ${callerArn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`];
}

export function throttledError(op: OpDef): [string, string] {
  if (op.service === 'ec2') return ['Client.RequestLimitExceeded', 'Request limit exceeded.'];
  if (op.service === 's3') return ['SlowDown', 'Please reduce your request rate.'];
  const query = ['iam', 'sts', 'cloudformation', 'autoscaling', 'monitoring'].includes(op.service);
  return [query ? 'Throttling' : 'ThrottlingException', 'Rate exceeded'];
}
