/** CloudTrail operations only the injected scenarios (and the eval's benign changes) use; the demo cast never calls them. */
import { PROD } from '../cloudtrail-actors';
import { op, str, type OpDef } from '../cloudtrail-op-kit';

const trailArn = (c: { account: string }) => `arn:aws:cloudtrail:us-east-1:${c.account}:trail/management-events`;

export const ATTACK_OPS = {
  CreateUser: op('iam', 'CreateUser', false, (c) => ({
    req: { userName: str(c.arg.userName, 'svc-support') },
    res: {
      user: {
        userName: str(c.arg.userName, 'svc-support'),
        arn: `arn:aws:iam::${c.account}:user/${str(c.arg.userName, 'svc-support')}`,
      },
    },
  })),
  AttachUserPolicy: op('iam', 'AttachUserPolicy', false, (c) => ({
    req: { userName: str(c.arg.userName, 'svc-support'), policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
  })),
  PutRolePolicy: op('iam', 'PutRolePolicy', false, (c) => ({
    req: {
      roleName: str(c.arg.roleName, 'app-server-instance-role'),
      policyName: 'ops-access',
      policyDocument: '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
    },
  })),
  UpdateAssumeRolePolicy: op('iam', 'UpdateAssumeRolePolicy', false, (c) => ({
    req: {
      roleName: str(c.arg.roleName, 'app-server-instance-role'),
      policyDocument: '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}',
    },
  })),
  CreateRole: op('iam', 'CreateRole', false, (c) => ({
    req: { roleName: str(c.arg.roleName, 'orders-reporting-role'), assumeRolePolicyDocument: '{"Statement":[]}' },
  })),
  AttachRolePolicy: op('iam', 'AttachRolePolicy', false, (c) => ({
    req: {
      roleName: str(c.arg.roleName, 'orders-reporting-role'),
      policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    },
  })),
  ListUsers: op('iam', 'ListUsers', true),
  GetAccountAuthorizationDetails: op('iam', 'GetAccountAuthorizationDetails', true),
  ListSecrets: op('secretsmanager', 'ListSecrets', true, () => ({ req: { maxResults: 100 } })),
  StopLogging: op('cloudtrail', 'StopLogging', false, (c) => ({ req: { name: trailArn(c) } })),
  DeleteTrail: op('cloudtrail', 'DeleteTrail', false, (c) => ({ req: { name: trailArn(c) } })),
  DescribeTrails: op('cloudtrail', 'DescribeTrails', true, () => ({ req: { trailNameList: [] } })),
  ListBuckets: op('s3', 'ListBuckets', true, () => ({ req: { Host: 's3.amazonaws.com' } })),
} satisfies Record<string, OpDef>;

export const ACCOUNT = PROD;
