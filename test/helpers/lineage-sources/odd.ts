import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lines } from './shared';
import { APP_ID, NEW_KEY, OID_CLAIM, SP_ID, activity, entraAudit, spSignin } from './entra';
import { gh } from './github';
import { approleAuth, hmac, vault } from './vault';
import { gcp, sa } from './gcp';

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
