import type { Sql } from '../../db/sql';
import { classifySql, verdict } from '../../identity/classify';
import { insertEventsSql, targetList } from './normalize';
import { jsonRecords, utc } from './readers';
import type { LogFormatDef, ReadOptions, TargetsRule } from './types';

/** A field of the AuditLog payload, in the LogEntry shape (protoPayload) or the BigQuery sink's (protopayload_auditlog). */
const p = (path: string) =>
  `coalesce(nullif(j->>'$.protoPayload.${path}', ''), nullif(j->>'$.protopayload_auditlog.${path}', ''))`;
const EMAIL = p('authenticationInfo.principalEmail');
const SUBJECT = p('authenticationInfo.principalSubject');
const STATUS = `coalesce(try_cast(${p('status.code')} AS INTEGER), 0)`;

/** protoPayload.resourceName: projects/p/serviceAccounts/sa@..., projects/_/buckets/b/objects/o, ... */
const TARGETS: TargetsRule = {
  sources: ['gcp_audit'],
  when: `((rec->'protoPayload') IS NOT NULL OR (rec->'protopayload_auditlog') IS NOT NULL)`,
  errorMessage: `coalesce(j->>'$.protoPayload.status.message', j->>'$.protopayload_auditlog.status.message')`,
  sql: targetList([p('resourceName')]),
};

function insertSql(o: ReadOptions): Sql {
  return insertEventsSql('gcp_audit', jsonRecords(o), {
    time: utc(`coalesce(j->>'timestamp', (j->>'receiveTimestamp'))`),
    api_operation: p('methodName'),
    api_service: p('serviceName'),
    resource_uid: p('resourceName'),
    resource_type: `(j->>'$.resource.type')`,
    targets: TARGETS.sql,
    error_message: TARGETS.errorMessage,
    outcome: `CASE WHEN (j->'protoPayload') IS NULL AND (j->'protopayload_auditlog') IS NULL THEN 'unknown'
      WHEN ${STATUS} <> 0 THEN 'failure' ELSE 'success' END`,
    error_code: `CASE WHEN ${STATUS} <> 0 THEN coalesce(${p('status.message')}, CAST(${STATUS} AS VARCHAR)) END`,
    src_ip: p('requestMetadata.callerIp'),
    user_agent: p('requestMetadata.callerSuppliedUserAgent'),
    region: `coalesce(nullif(j->>'$.resource.labels.location', ''), nullif(j->>'$.resource.labels.region', ''), nullif(j->>'$.resource.labels.zone', ''))`,
    account_uid: `coalesce(nullif(j->>'$.resource.labels.project_id', ''), nullif(regexp_extract(j->>'logName', '^(projects|organizations|folders)/([^/]+)', 2), ''))`,
    actor_uid: `'gcp:' || coalesce(${EMAIL}, ${SUBJECT})`,
    actor_name: `coalesce(${EMAIL}, ${SUBJECT})`,
    actor_type: `CASE WHEN ${EMAIL} IS NOT NULL THEN 'principalEmail' WHEN ${SUBJECT} IS NOT NULL THEN 'principalSubject' END`,
    interactive: `coalesce(${p('requestMetadata.callerSuppliedUserAgent')} LIKE 'Mozilla/%' OR ${p('serviceName')} = 'login.googleapis.com', false)`,
    credential_uid: p('authenticationInfo.serviceAccountKeyName'),
    session_uid: `(j->>'$.operation.id')`,
  });
}

const NAME = `regexp_replace(actor_uid, '^gcp:', '')`;
/** The field that named the account: GKE's Kubernetes audit may give it as user.username only. */
const FIELD = `CASE WHEN email_n > 0 THEN 'authenticationInfo.principalEmail' WHEN subject_n > 0 THEN 'authenticationInfo.principalSubject' ELSE 'user.username' END`;
const GKE_NOTE = `CASE WHEN gke_n > 0 THEN format(' ({} of its {} records in GKE''s Kubernetes audit)', gke_n, n) ELSE '' END`;

/**
 * Google accounts, service accounts and federated principals, from GCP audit and from GKE's Kubernetes audit (which
 * keys them the same way), classified together so that one account has one verdict in both.
 */
export const GCP_IDENTITIES_SQL = classifySql({
  sources: ['gcp_audit', 'k8s_audit'],
  actors: `actor_uid LIKE 'gcp:%'`,
  // A Google account impersonating a Kubernetes user in GKE is that event's credential_uid (see k8s.ts).
  alsoAttributeTo: 'credential_uid',
  extraAgg: [
    `count(*) FILTER (WHERE source = 'k8s_audit') AS gke_n`,
    `count(*) FILTER (WHERE coalesce(raw->>'$.protoPayload.authenticationInfo.principalEmail', raw->>'$.protopayload_auditlog.authenticationInfo.principalEmail') IS NOT NULL) AS email_n`,
    `count(*) FILTER (WHERE coalesce(raw->>'$.protoPayload.authenticationInfo.principalSubject', raw->>'$.protopayload_auditlog.authenticationInfo.principalSubject') IS NOT NULL) AS subject_n`,
  ],
  verdict: `CASE
    WHEN regexp_matches(${NAME}, '^service-[0-9]+@|@(cloudservices|cloudbuild|container-engine-robot|compute-system|gcp-sa-[a-z0-9-]+)\\.') THEN ${verdict('machine', 'gcp_service_agent', `format('{} = {}: a Google-managed service agent acting for a Google service{}', ${FIELD}, ${NAME}, ${GKE_NOTE})`)}
    WHEN ${NAME} LIKE '%.gserviceaccount.com' THEN ${verdict('machine', 'gcp_service_account', `format('{} = {}: a *.gserviceaccount.com service account{}', ${FIELD}, ${NAME}, ${GKE_NOTE})`)}
    WHEN regexp_matches(${NAME}, '^principal(Set)?://.*(workloadIdentityPools|workforcePools)') AND ${NAME} NOT LIKE '%workforcePools%' THEN ${verdict('machine', 'gcp_workload_identity', `format('authenticationInfo.principalSubject = {}: a workload identity federation principal (an external workload, e.g. CI, exchanging its own token)', ${NAME})`)}
    WHEN ${NAME} LIKE '%workforcePools%' THEN ${verdict('human', 'person', `format('authenticationInfo.principalSubject = {}: a workforce identity federation user (a person from an external identity provider)', ${NAME})`)}
    WHEN ${NAME} LIKE 'serviceAccount:%' OR ${NAME} LIKE 'system:%' THEN ${verdict('machine', 'gcp_service_account', `format('authenticationInfo.principalSubject = {}: a service account or system principal', ${NAME})`)}
    WHEN ${NAME} LIKE '%@%' THEN ${verdict('human', 'person', `format('{} = {}: a Google user account (not a *.gserviceaccount.com service account){}', ${FIELD}, ${NAME}, ${GKE_NOTE})`)}
    ELSE ${verdict('unknown', 'unknown', `format('authenticationInfo = {}: not enough to tell a person from a program', ${NAME})`)}
  END`,
});

export const GCP_AUDIT: LogFormatDef = {
  id: 'gcp_audit',
  source: 'gcp_audit',
  label: 'GCP Cloud Audit Logs (LogEntry with protoPayload, or the BigQuery sink shape)',
  sniff: ({ text }) => /"protoPayload"\s*:/.test(text) || /"protopayload_auditlog"\s*:/.test(text),
  insertSql,
  targets: TARGETS,
  identitiesSql: GCP_IDENTITIES_SQL,
};
