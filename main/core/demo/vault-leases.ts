import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LineageTruth } from './cloudtrail-activity';
import { Random } from './random';

/**
 * A Vault AWS secrets engine minting IAM users, for the lineage part of `npm run eval`: a Vault audit device log
 * (an AppRole login a day, then one to three reads of aws/creds/deploy with the access key HMAC'd, a quarter of them
 * on a mount that logs it in clear) and the CloudTrail records of each lease (Vault's IAM user creating
 * vault-approle-deploy-UNIXTIME-RANDOM and its key a second or two later, then a few calls with the key). A tenth of
 * the leases are followed by a second within 90 seconds, and an administrator now and then creates a vault-test-…
 * user by hand: the cases where a join by name and time can go wrong. Ground truth: every login, lease, user and key.
 */
export interface VaultLeaseOptions {
  outDir: string;
  seed: number;
  days: number;
  /** Day 0, in ms since the epoch (UTC midnight). */
  start: number;
  lineage: LineageTruth[];
}

const ACCOUNT = '444455556666';
const DAY = 86_400_000;
const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const VAULT_IAM = 'vault-aws-engine';
const VAULT_IAM_KEY = 'AKIAVAULTENGINE00001';
const ADMIN = 'ops-admin';
const ADMIN_KEY = 'AKIAOPSADMIN00000001';

type Obj = Record<string, unknown>;

export async function generateVaultLeases(o: VaultLeaseOptions): Promise<{ vault: number; cloudtrail: number }> {
  const rng = new Random(o.seed).fork('vault-leases');
  const entity = rng.uuid();
  const vault: Obj[] = [];
  const trail: Obj[] = [];
  const iamUser = (name: string, key: string): Obj => ({
    type: 'IAMUser',
    principalId: `AIDA${rng.upperAlnum(16)}`,
    arn: userArn(name),
    accountId: ACCOUNT,
    accessKeyId: key,
    userName: name,
  });
  const ct = (ms: number, source: string, name: string, who: Obj, more: Obj = {}) =>
    trail.push({
      eventVersion: '1.09',
      eventTime: iso(ms),
      eventSource: source,
      eventName: name,
      awsRegion: 'us-east-1',
      sourceIPAddress: '10.20.0.5',
      userAgent: 'aws-sdk-go/1.44.0 (go1.21; linux; amd64)',
      eventID: rng.uuid(),
      recipientAccountId: ACCOUNT,
      userIdentity: who,
      ...more,
    });
  const mint = (ms: number, by: Obj, byArn: string, name: string, key: string) => {
    ct(ms, 'iam.amazonaws.com', 'CreateUser', by, {
      requestParameters: { userName: name },
      responseElements: {
        user: { path: '/', userName: name, userId: `AIDA${rng.upperAlnum(16)}`, arn: userArn(name) },
      },
    });
    ct(ms + 1000, 'iam.amazonaws.com', 'CreateAccessKey', by, {
      requestParameters: { userName: name },
      responseElements: { accessKey: { userName: name, accessKeyId: key, status: 'Active' } },
    });
    o.lineage.push(
      { kind: 'created_user', parent: byArn, child: userArn(name), credential: null },
      { kind: 'access_key', parent: byArn, child: userArn(name), credential: key },
    );
  };
  const engine = iamUser(VAULT_IAM, VAULT_IAM_KEY);
  const admin = iamUser(ADMIN, ADMIN_KEY);
  const hmac = () => `hmac-sha256:${rng.hex(64)}`;

  for (let d = 0; d < o.days; d++) {
    const day = o.start + d * DAY;
    let t = day + rng.int(6, 9) * 3_600_000 + rng.int(0, 3_599_999);
    const accessor = hmac();
    const auth = {
      client_token: hmac(),
      accessor,
      display_name: 'approle',
      policies: ['default', 'deploy'],
      metadata: { role_name: 'ci-runner' },
      entity_id: entity,
      token_type: 'service',
    };
    const pair = (ms: number, path: string, response: Obj, withAuth = true) => {
      const id = rng.uuid();
      const request = { id, operation: 'update', mount_type: path.split('/')[0], namespace: { id: 'root' }, path };
      vault.push({ time: iso(ms), type: 'request', ...(withAuth ? { auth } : {}), request });
      vault.push({ time: iso(ms + 40), type: 'response', auth, request, response });
    };
    pair(t, 'auth/approle/login', { auth }, false);
    for (let n = rng.int(1, 3); n > 0; n--) {
      t += rng.int(10, 240) * 60_000;
      const leases = rng.chance(0.1) ? [t, t + rng.int(20, 90) * 1000] : [t];
      for (const at of leases) {
        const clear = rng.chance(0.25);
        const mount = clear ? 'aws-audited' : 'aws';
        const key = `AKIA${rng.upperAlnum(16)}`;
        const name = `vault-approle-deploy-${Math.floor(at / 1000)}-${rng.alnum(20)}`.slice(0, 64);
        pair(at, `${mount}/creds/deploy`, {
          mount_type: 'aws',
          secret: { lease_id: `${mount}/creds/deploy/${rng.alnum(24)}` },
          data: { access_key: clear ? key : hmac(), secret_key: hmac(), security_token: null },
        });
        const created = at + rng.int(300, 2500);
        mint(created, engine, userArn(VAULT_IAM), name, key);
        const minted = iamUser(name, key);
        let u = created + rng.int(20, 60) * 1000;
        for (let c = rng.int(1, 5); c > 0; c--, u += rng.int(1, 10) * 60_000)
          ct(u, 's3.amazonaws.com', rng.chance(0.5) ? 'PutObject' : 'ListBuckets', minted);
        o.lineage.push({ kind: 'vault_aws_creds', parent: `vault:${entity}`, child: userArn(name), credential: key });
      }
    }
    o.lineage.push({ kind: 'vault_login', parent: `vault:${entity}`, child: `vault:${entity}`, credential: accessor });
    if (rng.chance(0.3)) {
      const at = day + rng.int(10, 17) * 3_600_000 + rng.int(0, 3_599_999);
      const name = `vault-test-${Math.floor(at / 1000)}-${rng.alnum(8)}`;
      mint(at, admin, userArn(ADMIN), name, `AKIA${rng.upperAlnum(16)}`);
    }
  }
  await mkdir(join(o.outDir, 'vault'), { recursive: true });
  await writeFile(join(o.outDir, 'vault', 'audit.log'), vault.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await writeFile(join(o.outDir, 'vault', 'cloudtrail.json'), JSON.stringify({ Records: trail }));
  return { vault: vault.length, cloudtrail: trail.length };
}
