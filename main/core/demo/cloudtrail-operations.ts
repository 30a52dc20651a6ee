// The catalogue of CloudTrail operations the demo generator can emit, with realistic shapes and error codes.

import {
  NAMES,
  op,
  str,
  pickArg,
  HIDDEN,
  s3Bucket,
  s3Object,
  dynamo,
  sqs,
  kms,
  ec2Filters,
  fn,
  stack,
  ecsService,
  role,
  repo,
  logGroup,
  assumeRole,
  type OpDef,
} from './cloudtrail-op-kit';
export { NAMES, stsExpiration, type OpCtx, type Parts, type OpDef } from './cloudtrail-op-kit';

export const OPS = {
  // identity & sign-in
  GetCallerIdentity: op('sts', 'GetCallerIdentity', true),
  AssumeRole: op('sts', 'AssumeRole', true, assumeRole(false)),
  AssumeRoleWithWebIdentity: op('sts', 'AssumeRoleWithWebIdentity', true, assumeRole(true)),
  ConsoleLogin: op(
    'signin',
    'ConsoleLogin',
    false,
    (c) => ({
      req: null,
      res: { ConsoleLogin: c.arg.failed ? 'Failure' : 'Success' },
      extra: {
        LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true',
        MobileVersion: 'No',
        MFAUsed: c.arg.mfa ? 'Yes' : 'No',
      },
      host: 'signin.aws.amazon.com',
    }),
    { eventType: 'AwsConsoleSignIn' },
  ),
  // IAM (global)
  GetRole: op('iam', 'GetRole', true, (c) => ({ req: { roleName: role(c) } }), {
    fail: {
      code: 'NoSuchEntityException',
      message: (c) => `The role with name ${str(c.arg.roleName, 'legacy-etl-role')} cannot be found.`,
      rate: 0.04,
    },
  }),
  ListRoles: op('iam', 'ListRoles', true, () => ({ req: { maxItems: 1000 } })),
  ListAttachedRolePolicies: op('iam', 'ListAttachedRolePolicies', true, (c) => ({ req: { roleName: role(c) } })),
  ListRolePolicies: op('iam', 'ListRolePolicies', true, (c) => ({ req: { roleName: role(c) } })),
  GetPolicy: op('iam', 'GetPolicy', true, (c) => ({
    req: {
      policyArn: `arn:aws:iam::${c.account}:policy/${c.rng.pick(['orders-data-access', 'ci-deploy', 'backup-writer'])}`,
    },
  })),
  ListUsers: op('iam', 'ListUsers', true),
  ListAccessKeys: op('iam', 'ListAccessKeys', true, (c) => ({
    req: { userName: pickArg(c, 'userName', ['svc-backup', 'bob.admin', 'terraform-ci']) },
  })),
  GetAccountSummary: op('iam', 'GetAccountSummary', true),
  ListMFADevices: op('iam', 'ListMFADevices', true),
  CreateAccessKey: op('iam', 'CreateAccessKey', false, (c) => ({
    req: { userName: str(c.arg.userName, 'svc-backup') },
    res: {
      accessKey: {
        userName: str(c.arg.userName, 'svc-backup'),
        accessKeyId: str(c.arg.accessKeyId, ''),
        status: 'Active',
        createDate: str(c.arg.created, ''),
      },
    },
  })),
  UpdateAccessKey: op('iam', 'UpdateAccessKey', false, (c) => ({
    req: { userName: str(c.arg.userName, 'svc-backup'), accessKeyId: str(c.arg.accessKeyId, ''), status: 'Inactive' },
  })),
  // EC2 / Auto Scaling / ELB
  DescribeInstances: op('ec2', 'DescribeInstances', true, () => ({ req: { instancesSet: {}, ...ec2Filters } })),
  DescribeInstanceStatus: op('ec2', 'DescribeInstanceStatus', true, () => ({
    req: { instancesSet: {}, ...ec2Filters, includeAllInstances: false },
  })),
  DescribeSecurityGroups: op('ec2', 'DescribeSecurityGroups', true, () => ({
    req: { securityGroupSet: {}, securityGroupIdSet: {}, ...ec2Filters },
  })),
  DescribeVpcs: op('ec2', 'DescribeVpcs', true, () => ({ req: { vpcSet: {}, ...ec2Filters } })),
  DescribeSubnets: op('ec2', 'DescribeSubnets', true, () => ({
    req: { subnetSet: {}, filterSet: { items: [{ name: 'vpc-id', valueSet: { items: [{ value: NAMES.vpc }] } }] } },
  })),
  DescribeRouteTables: op('ec2', 'DescribeRouteTables', true, () => ({ req: { routeTableIdSet: {}, ...ec2Filters } })),
  DescribeImages: op('ec2', 'DescribeImages', true, () => ({
    req: { executableBySet: {}, imagesSet: {}, ownersSet: { items: [{ owner: 'amazon' }] }, ...ec2Filters },
  })),
  CreateTags: op('ec2', 'CreateTags', false, (c) => ({
    req: {
      resourcesSet: { items: [{ resourceId: str(c.arg.resourceId, c.rng.pick(NAMES.securityGroups)) }] },
      tagSet: { items: [{ key: 'team', value: 'orders' }] },
    },
    res: { _return: true },
  })),
  AuthorizeSecurityGroupIngress: op('ec2', 'AuthorizeSecurityGroupIngress', false, (c) => ({
    req: {
      groupId: c.rng.pick(NAMES.securityGroups),
      ipPermissions: {
        items: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, ipRanges: { items: [{ cidrIp: '10.20.0.0/16' }] } }],
      },
    },
    res: {
      _return: true,
      securityGroupRuleSet: {
        items: [{ groupOwnerId: c.account, securityGroupRuleId: `sgr-0${c.rng.hex(16)}`, isEgress: false }],
      },
    },
  })),
  RunInstances: op('ec2', 'RunInstances', false, (c) => ({
    req: {
      instancesSet: { items: [{ minCount: 1, maxCount: 1 }] },
      launchTemplate: { launchTemplateId: 'lt-0b7e1d2c3a4f56789', version: '7' },
      subnetId: 'subnet-04d1e2f3a4b5c6d7e',
    },
    res: {
      reservationId: `r-0${c.rng.hex(16)}`,
      ownerId: c.account,
      instancesSet: {
        items: [
          {
            instanceId: str(c.arg.instanceId, ''),
            instanceType: 'm6i.large',
            currentState: { code: 0, name: 'pending' },
          },
        ],
      },
    },
  })),
  TerminateInstances: op('ec2', 'TerminateInstances', false, (c) => ({
    req: { instancesSet: { items: [{ instanceId: str(c.arg.instanceId, '') }] } },
    res: {
      instancesSet: {
        items: [
          {
            instanceId: str(c.arg.instanceId, ''),
            currentState: { code: 32, name: 'shutting-down' },
            previousState: { code: 16, name: 'running' },
          },
        ],
      },
    },
  })),
  DescribeAutoScalingGroups: op('autoscaling', 'DescribeAutoScalingGroups', true, () => ({
    req: { autoScalingGroupNames: ['app-server-asg'] },
  })),
  DescribeTargetHealth: op('elasticloadbalancing', 'DescribeTargetHealth', true, (c) => ({
    req: { targetGroupArn: `arn:aws:elasticloadbalancing:${c.region}:${c.account}:${NAMES.targetGroup}` },
  })),
  RegisterTargets: op('elasticloadbalancing', 'RegisterTargets', false, (c) => ({
    req: {
      targetGroupArn: `arn:aws:elasticloadbalancing:${c.region}:${c.account}:${NAMES.targetGroup}`,
      targets: [{ id: str(c.arg.instanceId, ''), port: 8080 }],
    },
  })),
  // S3
  ListBuckets: op('s3', 'ListBuckets', true, (c) => ({ req: { Host: `s3.${c.region}.amazonaws.com` } })),
  GetBucketLocation: op('s3', 'GetBucketLocation', true, s3Bucket('location')),
  GetBucketPolicy: op('s3', 'GetBucketPolicy', true, s3Bucket('policy')),
  GetBucketAcl: op('s3', 'GetBucketAcl', true, s3Bucket('acl')),
  GetBucketVersioning: op('s3', 'GetBucketVersioning', true, s3Bucket('versioning')),
  GetObject: op('s3', 'GetObject', true, s3Object(true), {
    data: true,
    fail: { code: 'NoSuchKey', message: () => 'The specified key does not exist.', rate: 0.01 },
  }),
  PutObject: op('s3', 'PutObject', false, s3Object(false), { data: true }),
  ListObjects: op(
    's3',
    'ListObjects',
    true,
    (c) => {
      const parts = s3Bucket(null)(c);
      return { ...parts, req: { ...parts.req, 'list-type': '2', prefix: str(c.arg.prefix, ''), 'max-keys': '1000' } };
    },
    { data: true },
  ),
  // DynamoDB, SQS, KMS, Secrets, SSM
  GetItem: op('dynamodb', 'GetItem', true, dynamo({ consistentRead: false }), { data: true }),
  PutItem: op('dynamodb', 'PutItem', false, dynamo(), {
    data: true,
    fail: { code: 'ConditionalCheckFailedException', message: () => 'The conditional request failed', rate: 0.02 },
  }),
  UpdateItem: op('dynamodb', 'UpdateItem', false, dynamo({ updateExpression: HIDDEN }), { data: true }),
  DeleteItem: op('dynamodb', 'DeleteItem', false, dynamo(), { data: true }),
  Query: op('dynamodb', 'Query', true, (c) => ({ ...dynamo({ keyConditionExpression: HIDDEN })(c) }), { data: true }),
  DescribeTable: op('dynamodb', 'DescribeTable', true, (c) => ({
    req: { tableName: pickArg(c, 'table', NAMES.tables) },
  })),
  CreateBackup: op('dynamodb', 'CreateBackup', false, (c) => {
    const table = pickArg(c, 'table', NAMES.tables);
    const arn = `arn:aws:dynamodb:${c.region}:${c.account}:table/${table}`;
    return {
      req: { tableName: table, backupName: `${table}-nightly` },
      res: {
        backupDetails: {
          backupArn: `${arn}/backup/01${c.rng.hex(16)}`,
          backupName: `${table}-nightly`,
          backupStatus: 'CREATING',
          backupType: 'USER',
        },
      },
    };
  }),
  SendMessage: op('sqs', 'SendMessage', false, sqs({ messageBody: HIDDEN }), { data: true }),
  DeleteMessage: op('sqs', 'DeleteMessage', false, sqs({ receiptHandle: HIDDEN }), { data: true }),
  Decrypt: op(
    'kms',
    'Decrypt',
    true,
    kms(() => ({ encryptionAlgorithm: 'SYMMETRIC_DEFAULT' })),
  ),
  GenerateDataKey: op(
    'kms',
    'GenerateDataKey',
    true,
    kms((c) => ({
      keyId: str(c.arg.keyAlias, 'alias/orders'),
      keySpec: 'AES_256',
      encryptionContext: c.arg.context ?? {},
    })),
  ),
  DescribeKey: op(
    'kms',
    'DescribeKey',
    true,
    kms((c) => ({ keyId: str(c.arg.keyAlias, 'alias/orders') })),
  ),
  RotateKey: op(
    'kms',
    'RotateKey',
    false,
    kms(() => ({})),
    { eventType: 'AwsServiceEvent' },
  ),
  GetSecretValue: op('secretsmanager', 'GetSecretValue', true, (c) => ({
    req: { secretId: pickArg(c, 'secret', NAMES.secrets) },
  })),
  GetParameter: op(
    'ssm',
    'GetParameter',
    true,
    (c) => ({ req: { name: pickArg(c, 'param', NAMES.params), withDecryption: true } }),
    {
      fail: { code: 'ParameterNotFound', message: () => '', rate: 0.005 },
    },
  ),
  GetParametersByPath: op('ssm', 'GetParametersByPath', true, () => ({
    req: { path: '/orders/prod/', recursive: true, withDecryption: true },
  })),
  PutParameter: op('ssm', 'PutParameter', false, (c) => ({
    req: { name: pickArg(c, 'param', NAMES.params), type: 'String', overwrite: true },
    res: { version: c.rng.int(2, 40), tier: 'Standard' },
  })),
  UpdateInstanceInformation: op('ssm', 'UpdateInstanceInformation', false, (c) => ({
    req: {
      instanceId: str(c.arg.instanceId, ''),
      agentVersion: '3.3.987.0',
      agentStatus: 'Active',
      platformType: 'Linux',
      platformName: 'Amazon Linux',
      platformVersion: '2023',
    },
  })),
  ListInstanceAssociations: op('ssm', 'ListInstanceAssociations', true, (c) => ({
    req: { instanceId: str(c.arg.instanceId, ''), maxResults: 20 },
  })),
  // Logs & CloudWatch
  CreateLogStream: op('logs', 'CreateLogStream', false, (c) => ({
    req: { logGroupName: logGroup(c), logStreamName: str(c.arg.logStream, c.rng.hex(32)) },
  })),
  DescribeLogGroups: op('logs', 'DescribeLogGroups', true, () => ({ req: { limit: 50 } })),
  DescribeLogStreams: op('logs', 'DescribeLogStreams', true, (c) => ({
    req: { logGroupName: logGroup(c), orderBy: 'LastEventTime', descending: true },
  })),
  FilterLogEvents: op('logs', 'FilterLogEvents', true, (c) => ({
    req: { logGroupName: logGroup(c), interleaved: true, limit: 10000 },
  })),
  PutRetentionPolicy: op('logs', 'PutRetentionPolicy', false, (c) => ({
    req: { logGroupName: logGroup(c), retentionInDays: c.rng.pick([30, 90, 365]) },
  })),
  PutMetricData: op('monitoring', 'PutMetricData', false, () => ({
    req: { namespace: 'OrdersApp', metricData: [{ metricName: 'QueueDepth' }] },
  })),
  GetMetricData: op('monitoring', 'GetMetricData', true, () => ({ req: { metricDataQueries: [{ id: 'm1' }] } })),
  DescribeAlarms: op('monitoring', 'DescribeAlarms', true, () => ({ req: { maxRecords: 100 } })),
  // Lambda (event names carry the API version)
  ListFunctions: op('lambda', 'ListFunctions20150331', true),
  GetFunction: op('lambda', 'GetFunction20150331v2', true, (c) => ({ req: { functionName: fn(c) } })),
  UpdateFunctionCode: op(
    'lambda',
    'UpdateFunctionCode20150331v2',
    false,
    (c) => {
      const name = fn(c);
      return {
        req: {
          functionName: name,
          s3Bucket: 'example-ci-artifacts',
          s3Key: `${name}/${str(c.arg.sha, c.rng.hex(40))}.zip`,
          publish: true,
        },
        res: {
          functionName: name,
          functionArn: `arn:aws:lambda:${c.region}:${c.account}:function:${name}`,
          runtime: 'python3.12',
          codeSha256: HIDDEN,
          lastUpdateStatus: 'InProgress',
        },
      };
    },
    {
      fail: {
        code: 'ResourceConflictException',
        message: (c) =>
          `The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:${c.region}:${c.account}:function:${fn(c)}`,
        rate: 0.03,
      },
    },
  ),
  UpdateFunctionConfiguration: op('lambda', 'UpdateFunctionConfiguration20150331v2', false, (c) => ({
    req: { functionName: fn(c), memorySize: c.rng.pick([512, 1024]), timeout: 30 },
  })),
  // ECS & ECR
  DescribeClusters: op('ecs', 'DescribeClusters', true, () => ({ req: { clusters: [NAMES.cluster] } })),
  DescribeServices: op('ecs', 'DescribeServices', true, (c) => ({
    req: { cluster: NAMES.cluster, services: [ecsService(c)] },
  })),
  ListTasks: op('ecs', 'ListTasks', true, (c) => ({ req: { cluster: NAMES.cluster, serviceName: ecsService(c) } })),
  RegisterTaskDefinition: op('ecs', 'RegisterTaskDefinition', false, (c) => {
    const family = ecsService(c);
    return {
      req: {
        family,
        containerDefinitions: [{ name: family, image: str(c.arg.image, `${family}:latest`), essential: true }],
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '512',
        memory: '1024',
      },
      res: {
        taskDefinition: {
          taskDefinitionArn: `arn:aws:ecs:${c.region}:${c.account}:task-definition/${family}:${str(c.arg.revision, '1')}`,
          family,
          status: 'ACTIVE',
        },
      },
    };
  }),
  UpdateService: op('ecs', 'UpdateService', false, (c) => {
    const service = ecsService(c);
    const taskDefinition = `arn:aws:ecs:${c.region}:${c.account}:task-definition/${service}:${str(c.arg.revision, '1')}`;
    return {
      req: { cluster: NAMES.cluster, service, taskDefinition, forceNewDeployment: false },
      res: {
        service: {
          serviceArn: `arn:aws:ecs:${c.region}:${c.account}:service/${NAMES.cluster}/${service}`,
          serviceName: service,
          status: 'ACTIVE',
          desiredCount: 3,
          taskDefinition,
        },
      },
    };
  }),
  GetAuthorizationToken: op('ecr', 'GetAuthorizationToken', true),
  BatchCheckLayerAvailability: op('ecr', 'BatchCheckLayerAvailability', true, (c) => ({
    req: { repositoryName: repo(c), registryId: c.account, layerDigests: [`sha256:${c.rng.hex(64)}`] },
  })),
  InitiateLayerUpload: op('ecr', 'InitiateLayerUpload', false, (c) => ({
    req: { repositoryName: repo(c), registryId: c.account },
    res: { uploadId: c.rng.uuid(), partSize: 10485760 },
  })),
  CompleteLayerUpload: op('ecr', 'CompleteLayerUpload', false, (c) => ({
    req: { repositoryName: repo(c), registryId: c.account, layerDigests: [`sha256:${c.rng.hex(64)}`] },
  })),
  PutImage: op('ecr', 'PutImage', false, (c) => ({
    req: { repositoryName: repo(c), registryId: c.account, imageTag: str(c.arg.tag, 'latest') },
    res: {
      image: {
        registryId: c.account,
        repositoryName: repo(c),
        imageId: { imageDigest: `sha256:${c.rng.hex(64)}`, imageTag: str(c.arg.tag, 'latest') },
      },
    },
  })),
  DescribeRepositories: op('ecr', 'DescribeRepositories', true),
  // CloudFormation
  DescribeStacks: op('cloudformation', 'DescribeStacks', true, (c) => ({ req: { stackName: stack(c) } })),
  ListStacks: op('cloudformation', 'ListStacks', true),
  DescribeStackEvents: op('cloudformation', 'DescribeStackEvents', true, (c) => ({ req: { stackName: stack(c) } })),
  GetTemplate: op('cloudformation', 'GetTemplate', true, (c) => ({
    req: { stackName: stack(c), templateStage: 'Original' },
  })),
  CreateChangeSet: op('cloudformation', 'CreateChangeSet', false, (c) => {
    const name = stack(c);
    const stackId = `arn:aws:cloudformation:${c.region}:${c.account}:stack/${name}/${str(c.arg.stackUuid, c.rng.uuid())}`;
    return {
      req: {
        stackName: name,
        changeSetName: str(c.arg.changeSet, 'deploy'),
        changeSetType: 'UPDATE',
        capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'],
        templateURL: `https://example-ci-artifacts.s3.amazonaws.com/${name}/template.yaml`,
      },
      res: {
        id: `arn:aws:cloudformation:${c.region}:${c.account}:changeSet/${str(c.arg.changeSet, 'deploy')}/${c.rng.uuid()}`,
        stackId,
      },
    };
  }),
  DescribeChangeSet: op('cloudformation', 'DescribeChangeSet', true, (c) => ({
    req: { stackName: stack(c), changeSetName: str(c.arg.changeSet, 'deploy') },
  })),
  ExecuteChangeSet: op('cloudformation', 'ExecuteChangeSet', false, (c) => ({
    req: { stackName: stack(c), changeSetName: str(c.arg.changeSet, 'deploy') },
  })),
} satisfies Record<string, OpDef>;

export type OpName = keyof typeof OPS;

/** Access-denied and throttling errors as each API family spells them. */
export function deniedError(op: OpDef, callerArn: string): [string, string] {
  if (op.service === 'ec2')
    return ['Client.UnauthorizedOperation', 'You are not authorized to perform this operation.'];
  if (op.service === 's3') return ['AccessDenied', 'Access Denied'];
  const action = `${op.service}:${op.name.replace(/20\d{6}(v\d)?$/, '')}`;
  const code = ['iam', 'sts', 'cloudformation', 'autoscaling', 'monitoring'].includes(op.service)
    ? 'AccessDenied'
    : 'AccessDeniedException';
  return [
    code,
    `User: ${callerArn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
  ];
}

export function throttledError(op: OpDef): [string, string] {
  if (op.service === 'ec2') return ['Client.RequestLimitExceeded', 'Request limit exceeded.'];
  if (op.service === 's3') return ['SlowDown', 'Please reduce your request rate.'];
  if (op.service === 'sqs') return ['RequestThrottled', 'Request is throttled.'];
  if (op.service === 'dynamodb')
    return [
      'ProvisionedThroughputExceededException',
      'The level of configured provisioned throughput for the table was exceeded.',
    ];
  const query = ['iam', 'sts', 'cloudformation', 'autoscaling', 'monitoring'].includes(op.service);
  return [query ? 'Throttling' : 'ThrottlingException', 'Rate exceeded'];
}
