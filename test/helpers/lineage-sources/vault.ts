import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createAccessKey, createUser, iamUser, record, userArn } from '../lineage-records';
import { type Obj, at, unix, lines } from './shared';

export const hmac = (s: string) => `hmac-sha256:${s.padEnd(64, '0')}`;
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

export const approleAuth = (accessor: string) => ({
  client_token: hmac(`t${accessor.slice(12, 16)}`),
  accessor,
  display_name: 'approle',
  policies: ['default', 'deploy'],
  metadata: { role_name: 'ci-runner' },
  entity_id: VAULT_ENTITY,
  token_type: 'service',
});

export function vault(
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
