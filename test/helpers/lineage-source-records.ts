import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createAccessKey, createUser, iamUser, k8sEvent, record, userArn } from './lineage-records';

/**
 * Entra, GitHub, Vault and GCP records of credential chains, written by this project from each vendor's documented
 * record shape: for every chain one issuance, its uses, and a near miss that must not join. Times are minutes after
 * 2026-10-01 10:00 UTC, as in lineage-records.ts.
 */
type Obj = Record<string, unknown>;
const ms = (minute: number) => Date.UTC(2026, 9, 1, 10, minute, 0);
export const at = (minute: number) => new Date(ms(minute)).toISOString();
const unix = (minute: number) => Math.floor(ms(minute) / 1000);
const lines = (rows: Obj[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

// ---------------------------------------------------------------- Entra
export const TENANT = '8f2b0c1e-3a4d-4e5f-9a6b-7c8d9e0f1a2b';
export const SP_ID = '5a1c2e3f-0b4d-4c6e-8f7a-9b0c1d2e3f40';
export const APP_ID = 'c0ffee00-1234-4abc-9def-0123456789ab';
export const OLD_KEY = '11111111-aaaa-4bbb-8ccc-222222222222';
export const NEW_KEY = '33333333-dddd-4eee-8fff-444444444444';
export const MI_ID = '7d6c5b4a-3928-4716-a5b4-c3d2e1f0a9b8';
export const CONSENT_SP = '9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4';
export const APP2_ID = 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6';
export const APP2_SP = 'e2f3a4b5-c6d7-4e8f-9a01-b2c3d4e5f6a7';
export const APP2_KEY = '55555555-eeee-4fff-8aaa-666666666666';
export const APP2_UNUSED = '77777777-aaaa-4bbb-8ccc-888888888888';
export const SUB = 'aaaabbbb-cccc-4ddd-8eee-ffff00001111';

const keyDescription = (id: string, name: string) =>
  `[KeyIdentifier=${id}, KeyType=Password, KeyUsage=Verify, DisplayName=${name}]`;

function entraAudit(minute: number, activity: string, initiatedBy: Obj, target: Obj, details: Obj[] = []): Obj {
  return {
    id: `Directory_${minute}_lineage`,
    category: 'ApplicationManagement',
    correlationId: `corr-${minute}`,
    result: 'success',
    resultReason: '',
    activityDisplayName: activity,
    activityDateTime: at(minute),
    loggedByService: 'Core Directory',
    operationType: 'Update',
    initiatedBy,
    targetResources: [target],
    additionalDetails: [{ key: 'User-Agent', value: 'python-requests/2.31.0' }, ...details],
  };
}

function spSignin(minute: number, sp: string, app: string, name: string, key: string | null, uti: string): Obj {
  return {
    time: at(minute),
    resourceId: `/tenants/${TENANT}/providers/Microsoft.aadiam`,
    operationName: 'Sign-in activity',
    category: 'ServicePrincipalSignInLogs',
    tenantId: TENANT,
    resultType: '0',
    callerIpAddress: '203.0.113.40',
    properties: {
      id: `signin-${minute}`,
      createdDateTime: at(minute),
      appId: app,
      ipAddress: '203.0.113.40',
      status: { errorCode: 0 },
      isInteractive: false,
      resourceDisplayName: 'Windows Azure Service Management API',
      resourceId: '797f4846-ba00-4fd7-ba43-dac1f8f63013',
      servicePrincipalName: name,
      servicePrincipalId: sp,
      ...(key ? { servicePrincipalCredentialKeyId: key } : {}),
      uniqueTokenIdentifier: uti,
    },
  };
}

function miSignin(minute: number, uti: string): Obj {
  return {
    time: at(minute),
    resourceId: `/tenants/${TENANT}/providers/Microsoft.aadiam`,
    operationName: 'Sign-in activity',
    category: 'ManagedIdentitySignInLogs',
    tenantId: TENANT,
    resultType: '0',
    properties: {
      id: `mi-signin-${minute}`,
      createdDateTime: at(minute),
      appId: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
      status: { errorCode: 0 },
      isInteractive: false,
      resourceDisplayName: 'Azure Key Vault',
      servicePrincipalName: 'vm-batch-01',
      servicePrincipalId: MI_ID,
      managedIdentityType: 'SystemAssigned',
      uniqueTokenIdentifier: uti,
    },
  };
}

function activity(minute: number, op: string, claims: Obj): Obj {
  return {
    time: at(minute),
    resourceId: `/subscriptions/${SUB}/resourceGroups/prod/providers/Microsoft.Storage/storageAccounts/payroll`,
    operationName: op,
    category: 'Administrative',
    resultType: 'Success',
    callerIpAddress: '203.0.113.40',
    correlationId: `act-${minute}`,
    level: 'Information',
    identity: {
      authorization: { action: op, scope: `/subscriptions/${SUB}` },
      claims: { aud: 'https://management.core.windows.net/', idtyp: 'app', ver: '1.0', ...claims },
    },
  };
}

const OID_CLAIM = 'http://schemas.microsoft.com/identity/claims/objectidentifier';

/** A secret added to a service principal and used; a managed identity's tokens; a consent and the app's later calls. */
export async function writeEntraEvidence(dir: string): Promise<void> {
  const mallory = { user: { id: 'u-1', userPrincipalName: 'mallory@contoso.com', ipAddress: '203.0.113.5' } };
  const audit = [
    entraAudit(
      2,
      'Add service principal credentials',
      mallory,
      {
        id: SP_ID,
        displayName: 'payroll-sync',
        type: 'ServicePrincipal',
        modifiedProperties: [
          {
            displayName: 'KeyDescription',
            oldValue: JSON.stringify([keyDescription(OLD_KEY, 'rotation-2026')]),
            newValue: JSON.stringify([keyDescription(OLD_KEY, 'rotation-2026'), keyDescription(NEW_KEY, 'x')]),
          },
          { displayName: 'Included Updated Properties', oldValue: null, newValue: '"KeyDescription"' },
        ],
      },
      [{ key: 'AppId', value: APP_ID }],
    ),
    // the app registration's own change, as the portal names it (en dash, trailing space), on the Application object
    entraAudit(
      3,
      'Update application – Certificates and secrets management ',
      mallory,
      {
        id: 'a0b1c2d3-e4f5-4a6b-8c7d-e8f9a0b1c2d3',
        displayName: 'report-exporter',
        type: 'Application',
        modifiedProperties: [
          { displayName: 'KeyDescription', oldValue: '[]', newValue: JSON.stringify([keyDescription(APP2_KEY, 'ci')]) },
        ],
      },
      [{ key: 'AppId', value: APP2_ID }],
    ),
    // a second secret on the same application, never used: still its service principal's
    entraAudit(
      40,
      'Update application – Certificates and secrets management ',
      mallory,
      {
        id: 'a0b1c2d3-e4f5-4a6b-8c7d-e8f9a0b1c2d3',
        displayName: 'report-exporter',
        type: 'Application',
        modifiedProperties: [
          {
            displayName: 'KeyDescription',
            oldValue: JSON.stringify([keyDescription(APP2_KEY, 'ci')]),
            newValue: JSON.stringify([keyDescription(APP2_KEY, 'ci'), keyDescription(APP2_UNUSED, 'spare')]),
          },
        ],
      },
      [{ key: 'AppId', value: APP2_ID }],
    ),
    entraAudit(
      30,
      'Consent to application',
      { user: { id: 'u-2', userPrincipalName: 'alice@contoso.com', ipAddress: '198.51.100.2' } },
      {
        id: CONSENT_SP,
        displayName: 'mail-archiver',
        type: 'ServicePrincipal',
        modifiedProperties: [{ displayName: 'ConsentContext.IsAdminConsent', oldValue: null, newValue: '"True"' }],
      },
    ),
  ];
  const signins = [
    spSignin(5, SP_ID, APP_ID, 'payroll-sync', NEW_KEY, 'UTInewkey0000000000001'),
    // near miss: the old secret, still in use; not the added credential's use
    spSignin(6, SP_ID, APP_ID, 'payroll-sync', OLD_KEY, 'UTIoldkey0000000000001'),
    miSignin(20, 'UTImanagedid000000001'),
    spSignin(8, APP2_SP, APP2_ID, 'report-exporter', APP2_KEY, 'UTIapp2000000000000001'),
  ];
  const acts = [
    activity(7, 'Microsoft.Storage/storageAccounts/listKeys/action', {
      appid: APP_ID,
      [OID_CLAIM]: SP_ID,
      uti: 'UTInewkey0000000000001',
      iat: String(unix(5)),
    }),
    // a managed identity's call without uti: its token's iat is the sign-in at minute 20
    activity(22, 'Microsoft.KeyVault/vaults/secrets/read', {
      appid: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
      [OID_CLAIM]: MI_ID,
      iat: String(unix(20)),
      xms_mirid: `/subscriptions/${SUB}/resourcegroups/prod/providers/Microsoft.Compute/virtualMachines/vm-batch-01`,
    }),
    // near miss: a token issued at minute 85, with no sign-in of it in the case
    activity(90, 'Microsoft.KeyVault/vaults/secrets/read', {
      appid: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
      [OID_CLAIM]: MI_ID,
      iat: String(unix(85)),
      xms_mirid: `/subscriptions/${SUB}/resourcegroups/prod/providers/Microsoft.Compute/virtualMachines/vm-batch-01`,
    }),
    // the consented app: once before the consent (not its use), once after
    activity(25, 'Microsoft.Storage/storageAccounts/read', { appid: 'app-archiver', [OID_CLAIM]: CONSENT_SP }),
    activity(35, 'Microsoft.Storage/storageAccounts/read', { appid: 'app-archiver', [OID_CLAIM]: CONSENT_SP }),
  ];
  await writeFile(path.join(dir, 'entra-audit.json'), lines(audit));
  await writeFile(path.join(dir, 'entra-signins.json'), lines(signins));
  await writeFile(path.join(dir, 'activity.json'), lines(acts));
}

// ---------------------------------------------------------------- GitHub
export const PAT_HASH = 'q3Vw0kP2mX9c1nR8sT5uY7zA4bD6eF0gH2iJ4kL6mN8=';
const gh = (minute: number, action: string, more: Obj): Obj => ({
  '@timestamp': ms(minute),
  created_at: ms(minute),
  _document_id: `gh-${minute}-${action}`,
  action,
  org: 'acme',
  ...more,
});
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

/** A fine-grained PAT created and used; a GitHub App installed and its bot acting; a deploy key added and cloned with. */
export async function writeGithubEvidence(dir: string): Promise<void> {
  const pat = {
    hashed_token: PAT_HASH,
    programmatic_access_type: 'Fine-grained personal access token',
    user_programmatic_access_name: 'release-script',
  };
  const rows = [
    gh(0, 'personal_access_token.create', { actor: 'alice', user_agent: BROWSER, ...pat }),
    // managing the token is not using it
    gh(1, 'personal_access_token.access_granted', { actor: 'alice', user_agent: BROWSER, ...pat }),
    gh(5, 'api.request', {
      actor: 'alice',
      token_id: 9001,
      user_agent: 'curl/8.5.0',
      route: '/repos/{owner}/{repo}',
      ...pat,
    }),
    gh(6, 'repo.download_zip', { actor: 'alice', token_id: 9001, repo: 'acme/web', user_agent: 'curl/8.5.0', ...pat }),
    // near miss: another token of the same user
    gh(7, 'api.request', {
      actor: 'alice',
      hashed_token: 'Zz9other0token0hash0000000000000000000000000=',
      token_id: 9002,
      programmatic_access_type: 'Fine-grained personal access token',
      user_agent: 'curl/8.5.0',
    }),
    gh(10, 'integration_installation.create', { actor: 'alice', integration: 'Deploy Helper', user_agent: BROWSER }),
    gh(12, 'git.push', {
      actor: 'deploy-helper[bot]',
      repo: 'acme/web',
      programmatic_access_type: 'GitHub App server-to-server token',
    }),
    // near miss: the same app's bot in another organization
    gh(13, 'git.push', {
      actor: 'deploy-helper[bot]',
      org: 'other-org',
      repo: 'other-org/site',
      programmatic_access_type: 'GitHub App server-to-server token',
    }),
    gh(20, 'public_key.create', {
      actor: 'alice',
      repo: 'acme/web',
      title: 'ci-deploy-key',
      fingerprint: 'SHA256:Qm9vYmFyZmluZ2VycHJpbnQwMDAwMDAwMDAwMDA',
      user_agent: BROWSER,
    }),
    gh(25, 'git.clone', { actor: 'alice', repo: 'acme/web', programmatic_access_type: 'Deploy key' }),
    // near miss: a clone of another repository
    gh(26, 'git.clone', { actor: 'alice', repo: 'acme/api', programmatic_access_type: 'Deploy key' }),
  ];
  await writeFile(path.join(dir, 'github-audit.json'), lines(rows));
}

// ---------------------------------------------------------------- Vault + CloudTrail
const hmac = (s: string) => `hmac-sha256:${s.padEnd(64, '0')}`;
export const ACC_LOGIN = hmac('a1');
export const VAULT_ENTITY = 'e1f2a3b4-c5d6-4789-8abc-def012345678';
export const MINTED_KEY = 'AKIAVAULTMINTED00001';
export const CLEAR_KEY = 'AKIAVAULTCLEAR000001';
export const MINTED_USER = `vault-approle-deploy-${unix(5)}-Xq2Lr8Pz0`;

export const ACC_CHILD = hmac('c3');
const CHILD_AUTH = {
  client_token: hmac('t3'),
  accessor: ACC_CHILD,
  display_name: 'token-nightly-report',
  policies: ['default', 'reports'],
  token_type: 'service',
};

const approleAuth = (accessor: string) => ({
  client_token: hmac(`t${accessor.slice(12, 16)}`),
  accessor,
  display_name: 'approle',
  policies: ['default', 'deploy'],
  metadata: { role_name: 'ci-runner' },
  entity_id: VAULT_ENTITY,
  token_type: 'service',
});

function vault(
  minute: number,
  type: 'request' | 'response',
  id: string,
  path: string,
  auth: Obj | null,
  more: Obj = {},
) {
  return {
    time: at(minute),
    type,
    ...(auth ? { auth } : {}),
    request: {
      id,
      operation: path.includes('/login') ? 'update' : 'read',
      mount_type: path.split('/')[0] === 'auth' ? path.split('/')[1] : path.split('/')[0],
      ...(auth ? { client_token: auth.client_token, client_token_accessor: auth.accessor } : {}),
      namespace: { id: 'root' },
      path,
      remote_address: '10.1.2.3',
    },
    ...more,
  };
}

/**
 * An AppRole login and its token's requests; two AWS secrets engine leases: one with its access key HMAC'd (joined
 * by the vault-… user CloudTrail shows created at that moment), one with the key in clear (joined by the key).
 */
export async function writeVaultEvidence(dir: string): Promise<void> {
  const auth = approleAuth(ACC_LOGIN);
  const other = { ...approleAuth(hmac('b2')), entity_id: 'f0000000-0000-4000-8000-000000000002' };
  const creds = (key: string) => ({
    response: {
      mount_type: 'aws',
      secret: { lease_id: `aws/creds/deploy/${key.slice(-4)}` },
      data: { access_key: key, secret_key: hmac('s3'), security_token: null },
    },
  });
  const rows = [
    vault(0, 'request', 'req-login', 'auth/approle/login', null),
    vault(0, 'response', 'req-login', 'auth/approle/login', auth, { response: { auth } }),
    vault(1, 'request', 'req-kv', 'secret/data/deploy', auth),
    vault(1, 'response', 'req-kv', 'secret/data/deploy', auth, { response: { mount_type: 'kv' } }),
    // near miss: a token of the same role whose login is not in the case
    vault(3, 'request', 'req-other', 'secret/data/deploy', other),
    vault(5, 'request', 'req-aws', 'aws/creds/deploy', auth),
    vault(5, 'response', 'req-aws', 'aws/creds/deploy', auth, creds(hmac('k4'))),
    vault(8, 'request', 'req-child', 'auth/token/create', auth),
    vault(8, 'response', 'req-child', 'auth/token/create', auth, { response: { auth: CHILD_AUTH } }),
    vault(9, 'request', 'req-child-kv', 'secret/data/reports', CHILD_AUTH),
    vault(50, 'request', 'req-aws2', 'aws/creds/reader', auth),
    vault(50, 'response', 'req-aws2', 'aws/creds/reader', auth, creds(CLEAR_KEY)),
  ];
  await writeFile(path.join(dir, 'vault-audit.log'), lines(rows));
  const vaultRoot = iamUser('vault-root', 'AKIAVAULTROOT000001');
  const minted = iamUser(MINTED_USER, MINTED_KEY);
  const clearUser = iamUser(`vault-approle-reader-${unix(50)}-Hk3Mn9Qa1`, CLEAR_KEY);
  const lateName = `vault-approle-deploy-${unix(40)}-Lt7Wx2Yb5`;
  const trail = [
    createUser(5, vaultRoot, MINTED_USER),
    createAccessKey(5, vaultRoot, MINTED_USER, MINTED_KEY),
    record(6, 'ListBuckets', minted),
    record(7, 'GetObject', minted),
    // near miss: a vault-… user minted 35 minutes after the lease (another lease, not in this audit log)
    createUser(40, vaultRoot, lateName),
    createAccessKey(40, vaultRoot, lateName, 'AKIAVAULTLATE000001'),
    record(51, 'ListBuckets', clearUser),
  ];
  await writeFile(path.join(dir, 'trail.json'), JSON.stringify({ Records: trail }));
}
export const mintedUserArn = () => userArn(MINTED_USER);

// ---------------------------------------------------------------- GCP + GKE
export const PROJECT = 'acme-prod';
export const sa = (name: string) => `${name}@${PROJECT}.iam.gserviceaccount.com`;
export const KEY_ID = '0123456789abcdef0123456789abcdef01234567';
export const WI_SUBJECT = `principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/${PROJECT}.svc.id.goog/subject/ns/shop/sa/cart`;

function gcp(minute: number, method: string, service: string, auth: Obj, more: Obj = {}): Obj {
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

/**
 * Records with the lineage fields in shapes no vendor documents (numbers for strings, objects for lists, times out of
 * range): each must cost at most its own edge, never the ingest.
 */
export async function writeOddEvidence(dir: string): Promise<void> {
  await writeFile(
    path.join(dir, 'odd-gcp.json'),
    lines([
      gcp(
        0,
        'GenerateAccessToken',
        'iamcredentials.googleapis.com',
        { principalEmail: 'bob@acme.example' },
        {
          request: { name: `projects/-/serviceAccounts/${sa('builder')}`, lifetime: '9999999999999s' },
        },
      ),
      gcp(
        1,
        'GenerateAccessToken',
        'iamcredentials.googleapis.com',
        { principalEmail: 'bob@acme.example' },
        {
          request: { name: 42, lifetime: { seconds: 3 } },
        },
      ),
      gcp(
        2,
        'google.iam.admin.v1.CreateServiceAccountKey',
        'iam.googleapis.com',
        { principalEmail: 'a@acme.example' },
        {
          response: { name: 7 },
        },
      ),
      gcp(3, 'storage.objects.get', 'storage.googleapis.com', {
        principalEmail: sa('builder'),
        serviceAccountDelegationInfo: { firstPartyPrincipal: { principalEmail: 'bob@acme.example' } },
      }),
      gcp(4, 'storage.objects.get', 'storage.googleapis.com', {
        principalEmail: sa('builder'),
        serviceAccountDelegationInfo: [7, 'x', null],
      }),
    ]),
  );
  const mallory = { user: { userPrincipalName: 'mallory@contoso.com' } };
  await writeFile(
    path.join(dir, 'odd-audit.json'),
    lines([
      { ...entraAudit(5, 'Add service principal credentials', mallory, {}), targetResources: { id: SP_ID } },
      entraAudit(6, 'Add service principal credentials', mallory, {
        id: SP_ID,
        type: 'ServicePrincipal',
        modifiedProperties: [{ displayName: 'KeyDescription', oldValue: 5, newValue: { KeyIdentifier: NEW_KEY } }],
      }),
      entraAudit(7, 'Consent to application', mallory, { id: 12345 }),
    ]),
  );
  await writeFile(path.join(dir, 'odd-signins.json'), lines([spSignin(8, SP_ID, APP_ID, 'payroll-sync', null, 'U1')]));
  await writeFile(
    path.join(dir, 'odd-activity.json'),
    lines([
      activity(9, 'Microsoft.Storage/storageAccounts/read', { [OID_CLAIM]: SP_ID, iat: '99999999999999' }),
      activity(10, 'Microsoft.Storage/storageAccounts/read', { [OID_CLAIM]: SP_ID, uti: { a: 1 }, iat: '-5' }),
    ]),
  );
  await writeFile(
    path.join(dir, 'odd-github.json'),
    lines([
      gh(0, 'integration_installation.create', { actor: 'alice', integration: 42 }),
      gh(1, 'personal_access_token.create', { actor: 'alice', hashed_token: { h: 1 }, token_id: [1, 2] }),
    ]),
  );
  const auth = { ...approleAuth(hmac('d4')), accessor: ['not', 'a', 'string'] };
  await writeFile(
    path.join(dir, 'odd-vault.log'),
    lines([
      vault(0, 'response', 'odd-login', 'auth/approle/login', auth, { response: { auth } }),
      vault(1, 'response', 'odd-aws', 'aws/creds/deploy', approleAuth(hmac('d5')), {
        response: { mount_type: 'aws', data: { access_key: 12345 } },
      }),
    ]),
  );
}
