import type { Sql } from '../../db/sql';
import { classifySql, verdict } from '../../identity/classify';
import { insertEventsSql, ipOnly, namedValue, targetList } from './normalize';
import { csvRecords, jsonRecords, utc } from './readers';
import type { LogFormatDef, ReadOptions, TargetsRule } from './types';

/** The Purview CSV export carries each record's AuditData as a JSON string column: that object is the record. */
const UNWRAP = `CASE WHEN json_valid(rec->>'AuditData') THEN CAST(rec->>'AuditData' AS JSON) ELSE rec END`;
const q = (k: string) => `nullif(j->>'$.${k}', '')`;
/** UserType as the Management Activity API numbers it (the Sentinel table and the CSV spell it out). */
const USER_TYPE = `CASE coalesce(${q('UserType')}, '')
  WHEN '0' THEN 'Regular' WHEN '1' THEN 'Reserved' WHEN '2' THEN 'Admin' WHEN '3' THEN 'DcAdmin' WHEN '4' THEN 'System'
  WHEN '5' THEN 'Application' WHEN '6' THEN 'ServicePrincipal' WHEN '7' THEN 'CustomPolicy' WHEN '8' THEN 'SystemPolicy'
  ELSE ${q('UserType')} END`;
const USER = `coalesce(${q('UserId')}, nullif(rec->>'UserIds', ''), nullif(rec->>'UserId', ''), ${q('UserKey')})`;

/**
 * A failed sign-in: Azure AD's UserLoginFailed records say ResultStatus "Success" (the record was written) and
 * give the failure in LogonError; other workloads say Failed in ResultStatus.
 */
const FAILED = `(${q('LogonError')} IS NOT NULL OR ${q('Operation')} = 'UserLoginFailed'
  OR lower(${q('ResultStatus')}) IN ('failed', 'failure', 'false'))`;

/**
 * ObjectId (the file, mailbox item, user or app acted on; OfficeObjectId in the OfficeActivity table), then the
 * Azure AD workload's Target[] entries (their ID), then the mailbox of an Exchange item access.
 */
const TARGETS: TargetsRule = {
  sources: ['m365_ual'],
  when: 'true',
  unwrap: UNWRAP,
  errorMessage: `nullif(j->>'$.LogonError', '')`,
  sql: targetList([
    `coalesce(${q('ObjectId')}, ${q('OfficeObjectId')})`,
    {
      many: `CASE WHEN json_type(j->'Target') = 'ARRAY' THEN list_transform(CAST(j->'Target' AS JSON[]), t -> nullif(t->>'ID', '')) END`,
    },
    q('MailboxOwnerUPN'),
  ]),
};

function insertFrom(read: (o: ReadOptions) => Sql) {
  return (o: ReadOptions) =>
    insertEventsSql(
      'm365_ual',
      read(o),
      {
        time: utc(`coalesce(${q('CreationTime')}, ${q('TimeGenerated')}, nullif(rec->>'CreationDate', ''))`),
        api_operation: `coalesce(${q('Operation')}, nullif(rec->>'Operations', ''), nullif(rec->>'Operation', ''))`,
        api_service: `coalesce(${q('Workload')}, ${q('OfficeWorkload')})`,
        resource_uid: `coalesce(${q('ObjectId')}, ${q('OfficeObjectId')}, ${q('MailboxOwnerUPN')})`,
        resource_type: `'RecordType ' || ${q('RecordType')}`,
        targets: TARGETS.sql,
        error_message: TARGETS.errorMessage,
        outcome: `CASE WHEN ${FAILED} THEN 'failure'
          WHEN lower(${q('ResultStatus')}) IN ('succeeded', 'success', 'true', 'partiallysucceeded') THEN 'success' END`,
        error_code: `CASE WHEN ${FAILED} THEN coalesce(${q('LogonError')}, ${q('ErrorNumber')}, ${q('ResultStatus')}) END`,
        src_ip: ipOnly(
          `coalesce(${q('ClientIP')}, ${q('ClientIPAddress')}, ${q('Client_IPAddress')}, ${q('ActorIpAddress')})`,
        ),
        user_agent: `coalesce(${q('UserAgent')}, ${namedValue('ExtendedProperties', 'UserAgent')}, ${q('ClientInfoString')})`,
        account_uid: `coalesce(${q('OrganizationId')}, ${q('TenantId')})`,
        actor_uid: `'m365:' || lower(${USER})`,
        actor_name: USER,
        actor_type: USER_TYPE,
        credential_uid: `coalesce(${q('AppId')}, ${q('ClientAppId')})`,
        session_uid: `coalesce(${q('SessionId')}, ${q('AppAccessContext.AADSessionId')})`,
      },
      { unwrap: UNWRAP, raw: 'j' },
    );
}

const NAME = `regexp_replace(actor_uid, '^m365:', '')`;

/** UserType as the records write it, with its name when they write the Management Activity API's number. */
const TYPE = `coalesce(raw_type || CASE WHEN raw_type <> actor_type THEN ' (' || actor_type || ')' ELSE '' END, 'missing')`;

export const M365_IDENTITIES_SQL = classifySql({
  sources: ['m365_ual'],
  extraAgg: [`mode(nullif(raw->>'UserType', '')) AS raw_type`],
  verdict: `CASE
    WHEN actor_type IN ('ServicePrincipal', 'Application') OR ${NAME} LIKE 'serviceprincipal\\_%' ESCAPE '\\' THEN ${verdict('machine', 'azure_service_principal', `format('UserType = {}, UserId = {}: an application acting through its own credential', ${TYPE}, name)`)}
    WHEN actor_type IN ('System', 'DcAdmin', 'SystemPolicy') OR ${NAME} LIKE 'nt authority\\%' ESCAPE '!' THEN ${verdict('machine', 'm365_system', `format('UserType = {}, UserId = {}: a Microsoft 365 system or datacenter account', ${TYPE}, name)`)}
    WHEN actor_type IN ('Regular', 'Admin') AND ${NAME} LIKE '%@%' THEN ${verdict('human', 'person', `format('UserType = {}, UserId = {}: a user mailbox / account', ${TYPE}, name)`)}
    ELSE ${verdict('unknown', 'unknown', `format('UserType = {}, UserId = {}: not enough to tell a person from a program', ${TYPE}, coalesce(name, '?'))`)}
  END`,
});

export const M365_JSON: LogFormatDef = {
  id: 'm365_ual',
  source: 'm365_ual',
  label: 'Microsoft 365 Unified Audit Log (Management Activity API JSON or the OfficeActivity table)',
  sniff: ({ text }) =>
    /"Operation"\s*:/.test(text) &&
    /"(Workload|OfficeWorkload)"\s*:/.test(text) &&
    /"(CreationTime|TimeGenerated|RecordType)"\s*:/.test(text),
  insertSql: insertFrom((o) => jsonRecords(o)),
  targets: TARGETS,
  identitiesSql: M365_IDENTITIES_SQL,
};

export const M365_CSV: LogFormatDef = {
  id: 'm365_ual_csv',
  source: 'm365_ual',
  label: 'Microsoft 365 audit log search export (Purview CSV with an AuditData column)',
  sniff: ({ csvHeader }) => csvHeader !== null && csvHeader.includes('AuditData'),
  insertSql: insertFrom(csvRecords),
  targets: TARGETS,
  identitiesSql: M365_IDENTITIES_SQL,
};
