import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Obj, at, unix, lines } from './shared';

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

export function entraAudit(minute: number, activity: string, initiatedBy: Obj, target: Obj, details: Obj[] = []): Obj {
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

export function spSignin(minute: number, sp: string, app: string, name: string, key: string | null, uti: string): Obj {
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

export function activity(minute: number, op: string, claims: Obj): Obj {
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

export const OID_CLAIM = 'http://schemas.microsoft.com/identity/claims/objectidentifier';

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
