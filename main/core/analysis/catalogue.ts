/**
 * The sensitive-operation catalogue, per source, and the user-agent patterns the detectors use.
 * Operation names are matched exactly (case-insensitive) against events.api_operation.
 */
export type SensitiveCategory =
  'logging tampering' | 'credential creation' | 'permission change' | 'secret read' | 'MFA or federation change';

/** Base score per category: tampering with the audit trail is the clearest sign of an intruder. */
export const CATEGORY_SCORE: Record<SensitiveCategory, number> = {
  'logging tampering': 80,
  'credential creation': 55,
  'permission change': 55,
  'MFA or federation change': 55,
  'secret read': 30,
};

const LIST: [SensitiveCategory, string[]][] = [
  [
    'logging tampering',
    [
      // CloudTrail, CloudWatch Logs, Config, GuardDuty
      'StopLogging',
      'DeleteTrail',
      'UpdateTrail',
      'PutEventSelectors',
      'DeleteLogGroup',
      'DeleteLogStream',
      'DeleteFlowLogs',
      'StopConfigurationRecorder',
      'DeleteConfigurationRecorder',
      'DeleteDeliveryChannel',
      'DeleteDetector',
      'DisassociateFromMasterAccount',
      'UpdateDetector',
      // GCP, Azure, GitHub, Okta, Vault audit sinks
      'google.logging.v2.ConfigServiceV2.DeleteSink',
      'google.logging.v2.ConfigServiceV2.UpdateSink',
      'google.logging.v2.ConfigServiceV2.DeleteExclusion',
      'microsoft.insights/diagnosticsettings/delete',
      'microsoft.insights/diagnosticsettings/write',
      'audit_log_streaming.destroy',
      'audit_log_streaming.update',
      'system.log_stream.deactivate',
      'system.log_stream.delete',
      'sys/audit/disable',
    ],
  ],
  [
    'credential creation',
    [
      'CreateAccessKey',
      'CreateLoginProfile',
      'UpdateLoginProfile',
      'CreateServiceSpecificCredential',
      'UploadSSHPublicKey',
      'CreateUser',
      'google.iam.admin.v1.CreateServiceAccountKey',
      'google.iam.admin.v1.CreateServiceAccount',
      'Add service principal credentials',
      'Update application - Certificates and secrets management',
      'personal_access_token.create',
      'personal_access_token.request_created',
      'deploy_key.create',
      'integration_installation.create',
      'oauth_authorization.create',
      'system.api_token.create',
      'app.oauth2.client.secret.create',
      'auth/token/create',
      'auth/approle/role/secret-id',
      'serviceaccounts/token',
    ],
  ],
  [
    'permission change',
    [
      'AttachUserPolicy',
      'AttachRolePolicy',
      'AttachGroupPolicy',
      'PutUserPolicy',
      'PutRolePolicy',
      'PutGroupPolicy',
      'CreatePolicyVersion',
      'SetDefaultPolicyVersion',
      'AddUserToGroup',
      'UpdateAssumeRolePolicy',
      'CreateRole',
      'PutBucketPolicy',
      'PutBucketAcl',
      'PutKeyPolicy',
      'SetIamPolicy',
      'google.iam.admin.v1.SetIAMPolicy',
      'Microsoft.Authorization/roleAssignments/write',
      'microsoft.authorization/roleassignments/write',
      'Add member to role',
      'Add app role assignment to service principal',
      'team.add_member',
      'org.add_member',
      'repo.add_member',
      'user.account.privilege.grant',
      'group.user_membership.add',
      'sys/policy',
      'rolebindings',
      'clusterrolebindings',
    ],
  ],
  [
    'secret read',
    [
      'GetSecretValue',
      'BatchGetSecretValue',
      'GetParametersByPath',
      'google.cloud.secretmanager.v1.SecretManagerService.AccessSecretVersion',
      'Microsoft.KeyVault/vaults/secrets/read',
      'SecretGet',
      'secrets',
    ],
  ],
  [
    'MFA or federation change',
    [
      'DeactivateMFADevice',
      'DeleteVirtualMFADevice',
      'CreateSAMLProvider',
      'UpdateSAMLProvider',
      'CreateOpenIDConnectProvider',
      'UpdateOpenIDConnectProviderThumbprint',
      'Set federation settings on domain',
      'Set domain authentication',
      'user.mfa.factor.deactivate',
      'user.mfa.factor.reset_all',
      'system.idp.lifecycle.create',
      'policy.lifecycle.update',
    ],
  ],
];

/** Rows for a VALUES list: (operation, category). Kubernetes resources are matched on resource_type too. */
export const SENSITIVE_OPERATIONS: { operation: string; category: SensitiveCategory }[] = LIST.flatMap(
  ([category, ops]) => ops.map((operation) => ({ operation: operation.toLowerCase(), category })),
);

/** Tools attackers (and red teams) use; a machine identity should never carry them. */
export const OFFENSIVE_UA = [
  'kali',
  'parrot',
  'pentoo',
  'pacu',
  'scoutsuite',
  'prowler',
  'cloudfox',
  'enumerate-iam',
  'weirdaal',
  'stratus-red-team',
  'cloudsploit',
  'trufflehog',
  'nuclei',
  'aws_consoler',
  'cloudmapper',
  'peirates',
];

/** A browser, or an interactive command line, where a workload should be calling through an SDK. */
export const INTERACTIVE_UA = ['mozilla/', 'kubectl/', 'gcloud', 'azure-cli', 'powershell'];
