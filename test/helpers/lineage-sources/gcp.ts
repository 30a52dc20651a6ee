import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { k8sEvent } from '../lineage-records';
import { type Obj, at, lines } from './shared';

export const PROJECT = 'acme-prod';
export const sa = (name: string) => `${name}@${PROJECT}.iam.gserviceaccount.com`;
export const KEY_ID = '0123456789abcdef0123456789abcdef01234567';
export const WI_SUBJECT = `principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/${PROJECT}.svc.id.goog/subject/ns/shop/sa/cart`;

export function gcp(minute: number, method: string, service: string, auth: Obj, more: Obj = {}): Obj {
  return {
    insertId: `gcp-${minute}-${method}`,
    logName: `projects/${PROJECT}/logs/cloudaudit.googleapis.com%2Factivity`,
    protoPayload: {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
      authenticationInfo: auth,
      methodName: method,
      serviceName: service,
      requestMetadata: { callerIp: '198.51.100.20', callerSuppliedUserAgent: 'google-cloud-sdk gcloud/480.0.0' },
      status: {},
      ...more,
    },
    resource: { type: 'gcs_bucket', labels: { project_id: PROJECT } },
    severity: 'NOTICE',
    timestamp: at(minute),
    receiveTimestamp: at(minute),
  };
}
const keyName = (id: string) => `//iam.googleapis.com/projects/${PROJECT}/serviceAccounts/${sa('deployer')}/keys/${id}`;
const delegated = (principal: Obj) => [principal];

/** A key created and used; a token generated and used, then used past its lifetime; a bare delegation; GKE WI. */
export async function writeGcpEvidence(dir: string): Promise<void> {
  const rows = [
    gcp(
      0,
      'google.iam.admin.v1.CreateServiceAccountKey',
      'iam.googleapis.com',
      { principalEmail: 'alice@acme.example' },
      {
        resourceName: 'projects/-/serviceAccounts/104488226633557799001',
        request: {
          '@type': 'type.googleapis.com/google.iam.admin.v1.CreateServiceAccountKeyRequest',
          name: `projects/-/serviceAccounts/${sa('deployer')}`,
          private_key_type: 2,
        },
        response: {
          '@type': 'type.googleapis.com/google.iam.admin.v1.ServiceAccountKey',
          name: `projects/${PROJECT}/serviceAccounts/${sa('deployer')}/keys/${KEY_ID}`,
          key_algorithm: 2,
        },
      },
    ),
    gcp(2, 'storage.objects.get', 'storage.googleapis.com', {
      principalEmail: sa('deployer'),
      serviceAccountKeyName: keyName(KEY_ID),
    }),
    // near miss: the same account with another of its keys
    gcp(3, 'storage.objects.get', 'storage.googleapis.com', {
      principalEmail: sa('deployer'),
      serviceAccountKeyName: keyName('fedcba9876543210fedcba9876543210fedcba98'),
    }),
    gcp(
      10,
      'GenerateAccessToken',
      'iamcredentials.googleapis.com',
      { principalEmail: 'bob@acme.example' },
      {
        resourceName: 'projects/-/serviceAccounts/104488226633557799002',
        request: {
          '@type': 'type.googleapis.com/google.iam.credentials.v1.GenerateAccessTokenRequest',
          name: `projects/-/serviceAccounts/${sa('builder')}`,
          lifetime: '600s',
        },
      },
    ),
    gcp(12, 'storage.buckets.list', 'storage.googleapis.com', {
      principalEmail: sa('builder'),
      serviceAccountDelegationInfo: delegated({ firstPartyPrincipal: { principalEmail: 'bob@acme.example' } }),
    }),
    // past the token's 600 s: not that token's use, so a delegation of its own
    gcp(25, 'storage.buckets.list', 'storage.googleapis.com', {
      principalEmail: sa('builder'),
      serviceAccountDelegationInfo: delegated({ firstPartyPrincipal: { principalEmail: 'bob@acme.example' } }),
    }),
    gcp(30, 'bigquery.jobs.create', 'bigquery.googleapis.com', {
      principalEmail: sa('reporter'),
      serviceAccountDelegationInfo: delegated({ firstPartyPrincipal: { principalEmail: 'carol@acme.example' } }),
    }),
    gcp(40, 'storage.objects.create', 'storage.googleapis.com', {
      principalEmail: sa('cart-gsa'),
      serviceAccountDelegationInfo: delegated({ principalSubject: `serviceAccount:${PROJECT}.svc.id.goog[shop/cart]` }),
    }),
    gcp(41, 'storage.objects.get', 'storage.googleapis.com', { principalSubject: WI_SUBJECT }),
  ];
  await writeFile(path.join(dir, 'gcp-audit.json'), lines(rows));
  const pods = { resource: 'pods', namespace: 'shop', apiVersion: 'v1' };
  await writeFile(
    path.join(dir, 'gke-audit.log'),
    lines([k8sEvent(39, 'system:serviceaccount:shop:cart', 'list', pods, '/api/v1/namespaces/shop/pods')]),
  );
}
