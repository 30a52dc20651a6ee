import type { Sql } from '../../db/sql';
import { insertEventsSql, targetList } from './normalize';
import { jsonRecords, utc } from './readers';
import { AZURE_IDENTITIES_SQL } from './azure-identities';
import type { LogFormatDef, ReadOptions, TargetsRule } from './types';

/** A field in the export's camelCase shape or the Python SDK's snake_case one; {value, localizedValue} objects read as value. */
const f = (camel: string, snake: string) =>
  `coalesce(${[camel, snake]
    .map(
      (k) =>
        `CASE WHEN json_type(j->'$.${k}') = 'OBJECT' THEN nullif(j->>'$.${k}.value', '') ELSE nullif(j->>'$.${k}', '') END`,
    )
    .join(', ')})`;
const CLAIMS = `coalesce(j->'claims', (j->'$.identity.claims'))`;
const claim = (name: string) => `nullif(${CLAIMS}->>'$."${name}"', '')`;
const APPID = claim('appid');
const UPN = `coalesce(${claim('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn')}, ${claim('upn')})`;
/** The claims' `name` only when it is a principal name (the SDK shape's name claim is a display name otherwise). */
const NAME_UPN = `CASE WHEN contains(coalesce(${claim('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name')}, ''), '@')
  THEN ${claim('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name')} END`;
const OID = `coalesce(${claim('http://schemas.microsoft.com/identity/claims/objectidentifier')}, ${claim('oid')})`;
const MIRID = claim('xms_mirid');
/** authorization.evidence (the diagnostic export puts authorization under identity). */
const EVIDENCE = `coalesce(j->'$.authorization.evidence', j->'$.identity.authorization.evidence')`;
const EVIDENCE_ID = `nullif(${EVIDENCE}->>'principalId', '')`;
const EVIDENCE_TYPE = `nullif(${EVIDENCE}->>'principalType', '')`;
const CALLER_FIELD = `nullif(j->>'caller', '')`;
const GUID = `'^[0-9A-Za-z]{8}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{12}$'`;
/**
 * Who called, in the order the record carries it: caller, then the claims (upn, name, appid, oid), then
 * authorization.evidence.principalId with its principalType. An application (claims.idtyp = app, an app id without
 * a user principal name, or evidence of type ServicePrincipal) is keyed by its service principal's object id
 * (claims oid, evidence principalId, or a caller that is a GUID): the id Entra sign-in and audit logs give as
 * servicePrincipalId, so one service principal or managed identity is one identity across the three logs.
 */
const CALLER = `coalesce(${CALLER_FIELD}, ${UPN}, ${NAME_UPN})`;
const IS_APP = `(${claim('idtyp')} = 'app' OR ${EVIDENCE_TYPE} = 'ServicePrincipal'
  OR (${APPID} IS NOT NULL AND ${UPN} IS NULL AND NOT contains(coalesce(${CALLER}, ''), '@')))`;
const SP_OBJECT_ID = `coalesce(${OID}, CASE WHEN ${EVIDENCE_TYPE} = 'ServicePrincipal' THEN ${EVIDENCE_ID} END,
  CASE WHEN regexp_matches(coalesce(${CALLER_FIELD}, ''), ${GUID}) THEN ${CALLER_FIELD} END)`;
const APP_KEY = `CASE WHEN ${SP_OBJECT_ID} IS NOT NULL THEN 'azure:sp:' || lower(${SP_OBJECT_ID}) ELSE 'azure:app:' || lower(${APPID}) END`;
const USER = `coalesce(${CALLER}, ${OID}, ${EVIDENCE_ID})`;
const STATUS = `coalesce(${f('status', 'status')}, ${f('resultType', 'result_type')})`;

/** The resource the operation acted on: its resourceId (/subscriptions/.../providers/Microsoft.KeyVault/vaults/kv1). */
const TARGETS: TargetsRule = {
  sources: ['azure_activity'],
  // Entra audit records are stored in this source too (entra.ts): theirs come from targetResources.
  when: `(rec->'targetResources') IS NULL AND (rec->'$.properties.targetResources') IS NULL`,
  errorMessage: `coalesce(rec->>'$.properties.statusMessage', rec->>'$.resultDescription', rec->>'$.properties.statusCode')`,
  sql: targetList([f('resourceId', 'resource_id')]),
};

function insertSql(o: ReadOptions): Sql {
  return insertEventsSql('azure_activity', jsonRecords(o), {
    time: utc(`coalesce(${f('time', 'time')}, ${f('eventTimestamp', 'event_timestamp')})`),
    api_operation: f('operationName', 'operation_name'),
    api_service: `coalesce(${f('resourceProviderName', 'resource_provider_name')}, nullif(split_part(${f('operationName', 'operation_name')}, '/', 1), ''))`,
    resource_uid: f('resourceId', 'resource_id'),
    resource_type: f('resourceType', 'resource_type'),
    targets: TARGETS.sql,
    error_message: TARGETS.errorMessage,
    outcome: `CASE WHEN lower(${STATUS}) IN ('failed', 'failure') THEN 'failure'
      WHEN lower(${STATUS}) IN ('succeeded', 'success', 'started', 'accepted', 'active', 'resolved') THEN 'success' END`,
    error_code: `CASE WHEN lower(${STATUS}) IN ('failed', 'failure') THEN coalesce(${f('subStatus', 'sub_status')}, ${f('resultSignature', 'result_signature')}, ${STATUS}) END`,
    src_ip: `coalesce(${f('callerIpAddress', 'caller_ip_address')}, ${claim('ipaddr')},
      ${f('httpRequest.clientIpAddress', 'http_request.client_ip_address')}, ${f('properties.ipAddress', 'properties.ip_address')})`,
    region: f('location', 'location'),
    account_uid: `coalesce(${f('subscriptionId', 'subscription_id')}, nullif(regexp_extract(${f('resourceId', 'resource_id')}, '(?i)/subscriptions/([^/]+)', 1), ''))`,
    actor_uid: `CASE WHEN ${IS_APP} THEN ${APP_KEY} ELSE 'azure:user:' || lower(${USER}) END`,
    actor_name: `CASE WHEN ${IS_APP} THEN coalesce(nullif(regexp_extract(${MIRID}, '[^/]+$'), ''), ${APPID}, ${SP_OBJECT_ID}) ELSE ${USER} END`,
    actor_type: `CASE WHEN ${MIRID} IS NOT NULL THEN 'activity:managed_identity' WHEN ${IS_APP} THEN 'activity:app' WHEN ${USER} IS NOT NULL THEN 'activity:user' END`,
    credential_uid: APPID,
    session_uid: f('correlationId', 'correlation_id'),
  });
}

export const AZURE_ACTIVITY: LogFormatDef = {
  id: 'azure_activity',
  source: 'azure_activity',
  label: 'Azure Activity Log (diagnostic export or SDK shape)',
  sniff: ({ text }) =>
    (/"operationName"\s*:/.test(text) && /"(caller|callerIpAddress|resourceId|eventTimestamp)"\s*:/.test(text)) ||
    (/"operation_name"\s*:/.test(text) && /"event_timestamp"\s*:/.test(text)),
  insertSql,
  targets: TARGETS,
  identitiesSql: AZURE_IDENTITIES_SQL,
};
