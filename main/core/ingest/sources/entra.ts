import type { Sql } from '../../db/sql';
import { insertEventsSql, namedValue, targetList } from './normalize';
import { jsonRecords, utc } from './readers';
import { AZURE_IDENTITIES_SQL } from './azure-identities';
import type { LogFormatDef, ReadOptions, TargetsRule } from './types';

/** The sign-in or audit record: diagnostic settings wrap it in `properties`; Graph API exports are bare. */
const UNWRAP = `CASE WHEN json_type(rec->'properties') = 'OBJECT' THEN (rec->'properties') ELSE rec END`;
const q = (path: string) => `nullif(j->>'$.${path}', '')`;

const SIGNIN_CATEGORY = `coalesce(nullif(rec->>'category', ''), CASE
  WHEN ${q('managedIdentityType')} IS NOT NULL AND ${q('managedIdentityType')} <> 'none' THEN 'ManagedIdentitySignInLogs'
  WHEN ${q('servicePrincipalId')} IS NOT NULL AND ${q('userPrincipalName')} IS NULL THEN 'ServicePrincipalSignInLogs'
  WHEN (j->>'isInteractive') = 'false' THEN 'NonInteractiveUserSignInLogs' ELSE 'SignInLogs' END)`;
const SIGNIN_APP = `${SIGNIN_CATEGORY} IN ('ManagedIdentitySignInLogs', 'ServicePrincipalSignInLogs')`;
/**
 * An application is keyed by its service principal's object id (servicePrincipalId), the id the audit log's
 * initiatedBy.app.servicePrincipalId and the Activity Log's claims oid / evidence principalId also carry; by its
 * app id only when a record has no object id.
 */
const appKey = (spId: string, appId: string) =>
  `CASE WHEN ${spId} IS NOT NULL THEN 'azure:sp:' || lower(${spId}) ELSE 'azure:app:' || lower(${appId}) END`;

/**
 * The sign-in's error code: status.errorCode of the record, else the diagnostic envelope's resultType (the same
 * code as text, "0" for success), which is all some exports keep.
 */
const SIGNIN_CODE = `coalesce(try_cast(j->>'$.status.errorCode' AS INTEGER), try_cast(rec->>'resultType' AS INTEGER))`;

/** A sign-in's target is the resource signed in to (Microsoft Graph, Azure Service Management API, an app). */
const SIGNIN_TARGETS: TargetsRule = {
  sources: ['entra_signin'],
  when: 'true',
  unwrap: UNWRAP,
  errorMessage: `coalesce(j->>'$.status.failureReason', j->>'$.status.additionalDetails', rec->>'$.resultDescription')`,
  sql: targetList([`coalesce(${q('resourceDisplayName')}, ${q('resourceId')})`]),
};

function signinSql(o: ReadOptions): Sql {
  return insertEventsSql(
    'entra_signin',
    jsonRecords(o),
    {
      time: utc(`coalesce(${q('createdDateTime')}, (rec->>'time'))`),
      api_operation: `'sign-in'`,
      api_service: `coalesce(${q('resourceDisplayName')}, ${q('resourceId')})`,
      resource_uid: q('resourceId'),
      resource_type: `'service principal'`,
      targets: SIGNIN_TARGETS.sql,
      error_message: SIGNIN_TARGETS.errorMessage,
      outcome: `CASE WHEN ${SIGNIN_CODE} = 0 THEN 'success' WHEN ${SIGNIN_CODE} > 0 THEN 'failure' END`,
      error_code: `CASE WHEN ${SIGNIN_CODE} > 0 THEN CAST(${SIGNIN_CODE} AS VARCHAR) END`,
      src_ip: `coalesce(${q('ipAddress')}, nullif(rec->>'callerIpAddress', ''))`,
      user_agent: q('userAgent'),
      region: q('location.countryOrRegion'),
      account_uid: `coalesce(nullif(rec->>'tenantId', ''), ${q('resourceTenantId')}, ${q('homeTenantId')})`,
      actor_uid: `CASE WHEN ${SIGNIN_APP} THEN ${appKey(q('servicePrincipalId'), q('appId'))} ELSE 'azure:user:' || lower(coalesce(${q('userPrincipalName')}, ${q('userId')})) END`,
      actor_name: `CASE WHEN ${SIGNIN_APP} THEN coalesce(${q('servicePrincipalName')}, ${q('appDisplayName')}, ${q('appId')}) ELSE coalesce(${q('userPrincipalName')}, ${q('userDisplayName')}) END`,
      actor_type: `'signin:' || ${SIGNIN_CATEGORY}`,
      interactive: `(j->>'isInteractive') = 'true'`,
      credential_uid: `coalesce(${q('servicePrincipalCredentialKeyId')}, ${q('servicePrincipalCredentialThumbprint')}, CASE WHEN NOT ${SIGNIN_APP} THEN ${q('appId')} END)`,
      session_uid: `coalesce(${q('sessionId')}, ${q('correlationId')})`,
    },
    { unwrap: UNWRAP, raw: 'rec' },
  );
}

const BY_APP = `coalesce(${q('initiatedBy.app.servicePrincipalId')}, ${q('initiatedBy.app.appId')})`;
const BY_USER = `coalesce(${q('initiatedBy.user.userPrincipalName')}, ${q('initiatedBy.user.id')})`;

/**
 * Every entry of targetResources: the user by its principal name, else the app, group, role or policy by its
 * display name, else its id (Add service principal credentials → the service principal).
 */
const AUDIT_TARGETS: TargetsRule = {
  sources: ['azure_activity'],
  when: `((rec->'targetResources') IS NOT NULL OR (rec->'$.properties.targetResources') IS NOT NULL)`,
  unwrap: UNWRAP,
  errorMessage: `nullif(coalesce(j->>'$.resultReason', rec->>'$.resultDescription'), '')`,
  sql: targetList([
    {
      many: `CASE WHEN json_type(j->'targetResources') = 'ARRAY' THEN list_transform(CAST(j->'targetResources' AS JSON[]),
        t -> coalesce(nullif(t->>'userPrincipalName', ''), nullif(t->>'displayName', ''), nullif(t->>'id', ''))) END`,
    },
  ]),
};

function auditSql(o: ReadOptions): Sql {
  return insertEventsSql(
    'azure_activity',
    jsonRecords(o),
    {
      time: utc(`coalesce(${q('activityDateTime')}, (rec->>'time'))`),
      api_operation: `coalesce(${q('activityDisplayName')}, nullif(rec->>'operationName', ''))`,
      api_service: `coalesce(${q('loggedByService')}, 'Core Directory')`,
      resource_uid: `coalesce(${q('targetResources[0].id')}, ${q('targetResources[0].displayName')})`,
      resource_type: q('targetResources[0].type'),
      targets: AUDIT_TARGETS.sql,
      error_message: AUDIT_TARGETS.errorMessage,
      outcome: `CASE lower(coalesce(${q('result')}, (rec->>'resultType'))) WHEN 'success' THEN 'success' WHEN 'failure' THEN 'failure' END`,
      error_code: `CASE WHEN lower(${q('result')}) = 'failure' THEN ${q('resultReason')} END`,
      src_ip: `coalesce(${q('initiatedBy.user.ipAddress')}, ${q('initiatedBy.app.ipAddress')}, nullif(rec->>'callerIpAddress', ''))`,
      user_agent: namedValue('additionalDetails', 'User-Agent', 'key', 'value'),
      account_uid: `coalesce(nullif(rec->>'tenantId', ''), ${q('tenantId')})`,
      actor_uid: `CASE WHEN ${BY_USER} IS NOT NULL THEN 'azure:user:' || lower(${BY_USER}) WHEN ${BY_APP} IS NOT NULL THEN ${appKey(q('initiatedBy.app.servicePrincipalId'), q('initiatedBy.app.appId'))} END`,
      actor_name: `coalesce(${BY_USER}, ${q('initiatedBy.app.displayName')}, ${q('initiatedBy.app.servicePrincipalName')}, ${BY_APP})`,
      actor_type: `CASE WHEN ${BY_USER} IS NOT NULL THEN 'audit:user' WHEN ${BY_APP} IS NOT NULL THEN 'audit:app' END`,
      credential_uid: `coalesce(${q('initiatedBy.app.appId')}, ${q('initiatedBy.app.servicePrincipalId')})`,
      session_uid: q('correlationId'),
    },
    { unwrap: UNWRAP, raw: 'rec' },
  );
}

export const ENTRA_SIGNIN: LogFormatDef = {
  id: 'entra_signin',
  source: 'entra_signin',
  label: 'Microsoft Entra ID sign-in logs (interactive, non-interactive, service principal, managed identity)',
  sniff: ({ text }) =>
    /"category"\s*:\s*"(SignInLogs|NonInteractiveUserSignInLogs|ServicePrincipalSignInLogs|ManagedIdentitySignInLogs)"/.test(
      text,
    ) ||
    (/"createdDateTime"\s*:/.test(text) &&
      /"appId"\s*:/.test(text) &&
      /"(servicePrincipalId|userPrincipalName)"\s*:/.test(text)),
  insertSql: signinSql,
  targets: SIGNIN_TARGETS,
  identitiesSql: AZURE_IDENTITIES_SQL,
};

export const ENTRA_AUDIT: LogFormatDef = {
  id: 'entra_audit',
  source: 'azure_activity',
  label: 'Microsoft Entra ID audit logs',
  sniff: ({ text }) =>
    /"category"\s*:\s*"AuditLogs"/.test(text) ||
    (/"activityDisplayName"\s*:/.test(text) && /"initiatedBy"\s*:/.test(text)),
  insertSql: auditSql,
  targets: AUDIT_TARGETS,
  identitiesSql: AZURE_IDENTITIES_SQL,
};
