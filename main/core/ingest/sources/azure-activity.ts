import { insertEventsSql } from './normalize';
import { jsonRecords, utc } from './readers';
import { AZURE_IDENTITIES_SQL } from './azure-identities';
import type { LogFormatDef, ReadOptions } from './types';

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
const MIRID = claim('xms_mirid');
const CALLER = `coalesce(nullif(j->>'caller', ''), ${UPN})`;
const IS_APP = `(${claim('idtyp')} = 'app' OR (${APPID} IS NOT NULL AND ${UPN} IS NULL AND NOT contains(coalesce(${CALLER}, ''), '@')))`;
const STATUS = `coalesce(${f('status', 'status')}, ${f('resultType', 'result_type')})`;

function insertSql(o: ReadOptions): string {
  return insertEventsSql('azure_activity', jsonRecords(o), {
    time: utc(`coalesce(${f('time', 'time')}, ${f('eventTimestamp', 'event_timestamp')})`),
    api_operation: f('operationName', 'operation_name'),
    api_service: `coalesce(${f('resourceProviderName', 'resource_provider_name')}, nullif(split_part(${f('operationName', 'operation_name')}, '/', 1), ''))`,
    resource_uid: f('resourceId', 'resource_id'),
    resource_type: f('resourceType', 'resource_type'),
    outcome: `CASE WHEN lower(${STATUS}) IN ('failed', 'failure') THEN 'failure'
      WHEN lower(${STATUS}) IN ('succeeded', 'success', 'started', 'accepted', 'active', 'resolved') THEN 'success' END`,
    error_code: `CASE WHEN lower(${STATUS}) IN ('failed', 'failure') THEN coalesce(${f('subStatus', 'sub_status')}, ${f('resultSignature', 'result_signature')}, ${STATUS}) END`,
    src_ip: `coalesce(${f('callerIpAddress', 'caller_ip_address')}, ${f('httpRequest.clientIpAddress', 'http_request.client_ip_address')})`,
    region: f('location', 'location'),
    account_uid: `coalesce(${f('subscriptionId', 'subscription_id')}, nullif(regexp_extract(${f('resourceId', 'resource_id')}, '(?i)/subscriptions/([^/]+)', 1), ''))`,
    actor_uid: `CASE WHEN ${IS_APP} THEN 'azure:app:' || lower(${APPID}) ELSE 'azure:user:' || lower(${CALLER}) END`,
    actor_name: `CASE WHEN ${IS_APP} THEN coalesce(nullif(regexp_extract(${MIRID}, '[^/]+$'), ''), ${APPID}) ELSE ${CALLER} END`,
    actor_type: `CASE WHEN ${MIRID} IS NOT NULL THEN 'activity:managed_identity' WHEN ${IS_APP} THEN 'activity:app' WHEN ${CALLER} IS NOT NULL THEN 'activity:user' END`,
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
  identitiesSql: AZURE_IDENTITIES_SQL,
};
