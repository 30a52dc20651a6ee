import { classifySql, verdict } from '../../identity/classify';
import { insertEventsSql, s } from './normalize';
import { jsonRecords, utc } from './readers';
import type { LogFormatDef, ReadOptions } from './types';

/**
 * CloudWatch Logs wrappers (EKS control-plane logs): a subscription's {"logEvents":[...]} or `aws logs
 * filter-log-events`' {"events":[...]} hold many audit events, each as a JSON string in `message`. They are
 * unnested so that every audit event is one record; position counts records in the file.
 */
function k8sRecords(o: ReadOptions): string {
  return `SELECT read_path, row_number() OVER (PARTITION BY read_path ORDER BY position, i) - 1 AS position, item AS rec
  FROM (
    SELECT read_path, position, unnest(items) AS item, unnest(range(len(items))) AS i FROM (
      SELECT read_path, position, CASE
          WHEN json_type(rec->'logEvents') = 'ARRAY' THEN CAST(rec->'logEvents' AS JSON[])
          WHEN json_type(rec->'events') = 'ARRAY' THEN CAST(rec->'events' AS JSON[])
          ELSE [rec] END AS items
      FROM (${jsonRecords(o)})))`;
}

/** The audit.k8s.io Event inside whatever wrapper carried it; GKE LogEntries stay as they are. */
const UNWRAP = `CASE
  WHEN json_type(rec->'$.properties.log') = 'VARCHAR' AND json_valid(rec->>'$.properties.log') THEN CAST(rec->>'$.properties.log' AS JSON)
  WHEN json_type(rec->'$.properties.log') = 'OBJECT' THEN (rec->'$.properties.log')
  WHEN json_type(rec->'message') = 'VARCHAR' AND json_valid(rec->>'message') THEN CAST(rec->>'message' AS JSON)
  WHEN json_type(rec->'@message') = 'VARCHAR' AND json_valid(rec->>'@message') THEN CAST(rec->>'@message' AS JSON)
  ELSE rec END`;

const USER = `coalesce(${s('user.username')}, ${s('protoPayload.authenticationInfo.principalEmail')})`;
const IMPERSONATED = s('impersonatedUser.username');
const CODE = `coalesce(try_cast(j->>'$.responseStatus.code' AS INTEGER), CASE WHEN (j->'protoPayload') IS NOT NULL THEN 200 END)`;
const GKE_FAILED = `coalesce(try_cast(j->>'$.protoPayload.status.code' AS INTEGER), 0) <> 0`;

function insertSql(o: ReadOptions): string {
  return insertEventsSql(
    'k8s_audit',
    k8sRecords(o),
    {
      time: utc(
        `coalesce(${s('requestReceivedTimestamp')}, ${s('timestamp')}, ${s('stageTimestamp')}, ${s('metadata.creationTimestamp')}, (rec->>'time'), (rec->>'timestamp'))`,
      ),
      api_operation: `coalesce(${s('verb')}, ${s('protoPayload.methodName')})`,
      api_service: `coalesce(${s('objectRef.apiGroup')}, CASE WHEN (j->'objectRef') IS NOT NULL THEN 'core' END, ${s('protoPayload.serviceName')})`,
      resource_uid: `coalesce(${s('requestURI')}, ${s('protoPayload.resourceName')})`,
      resource_type: `coalesce(${s('objectRef.resource')}, ${s('resource.type')})`,
      outcome: `CASE WHEN ${GKE_FAILED} OR ${CODE} >= 400 THEN 'failure' WHEN ${CODE} IS NOT NULL THEN 'success' END`,
      error_code: `CASE WHEN ${GKE_FAILED} THEN (j->>'$.protoPayload.status.code')
        WHEN ${CODE} >= 400 THEN coalesce(${s('responseStatus.reason')}, CAST(${CODE} AS VARCHAR)) END`,
      src_ip: `coalesce(${s('sourceIPs[0]')}, ${s('protoPayload.requestMetadata.callerIp')})`,
      user_agent: `coalesce(${s('userAgent')}, ${s('protoPayload.requestMetadata.callerSuppliedUserAgent')})`,
      region: s('resource.labels.location'),
      account_uid: `coalesce(${s('resource.labels.cluster_name')},
        nullif(regexp_extract(rec->>'resourceId', '(?i)managedClusters/([^/]+)', 1), ''), (rec->>'logGroup'))`,
      actor_uid: `'k8s:' || coalesce(${IMPERSONATED}, ${USER})`,
      actor_name: `coalesce(${IMPERSONATED}, ${USER})`,
      actor_type: `CASE WHEN ${IMPERSONATED} IS NOT NULL THEN 'impersonated' ELSE array_to_string(CAST(j->'$.user.groups' AS VARCHAR[]), ',') END`,
      interactive: `coalesce(${s('userAgent')}, '') SIMILAR TO '(kubectl/|Mozilla/).*'`,
      // Impersonation is authenticated with the impersonator's own credential: keep it as the event's credential.
      credential_uid: `CASE WHEN ${IMPERSONATED} IS NOT NULL THEN 'k8s:' || ${USER} END`,
      session_uid: s('auditID'),
    },
    { unwrap: UNWRAP, raw: 'j' },
  );
}

const NAME = `coalesce(name, regexp_replace(actor_uid, '^k8s:', ''))`;
const IMPERSONATION_NOTE = `CASE WHEN via_other_n > 0 THEN format('; it also impersonated other users in {} events (impersonatedUser set, its own name in user.username), kept as those events'' credential_uid', via_other_n)
  WHEN actor_type = 'impersonated' THEN '; its events were made by another user impersonating it (impersonatedUser), whose identity is each event''s credential_uid'
  ELSE '' END`;

export const K8S_IDENTITIES_SQL = classifySql({
  sources: ['k8s_audit'],
  alsoAttributeTo: 'credential_uid',
  verdict: `CASE
    WHEN regexp_matches(${NAME}, '^system:serviceaccounts?:') THEN ${verdict('machine', 'k8s_service_account', `format('user.username = {}: a Kubernetes service account (namespace {}), a workload''s identity{}', ${NAME}, split_part(${NAME}, ':', 3), ${IMPERSONATION_NOTE})`)}
    WHEN ${NAME} LIKE '%@%.gserviceaccount.com' THEN ${verdict('machine', 'gcp_service_account', `format('protoPayload.authenticationInfo.principalEmail = {}: a Google service account acting on the GKE cluster{}', ${NAME}, ${IMPERSONATION_NOTE})`)}
    WHEN ${NAME} LIKE 'system:node:%' OR contains(coalesce(actor_type, ''), 'system:nodes') THEN ${verdict('machine', 'k8s_node', `format('user.username = {}: a node''s kubelet{}', ${NAME}, ${IMPERSONATION_NOTE})`)}
    WHEN ${NAME} = 'system:anonymous' THEN ${verdict('unknown', 'k8s_anonymous', `format('user.username = system:anonymous: an unauthenticated request, no identity to tell{}', ${IMPERSONATION_NOTE})`)}
    WHEN ${NAME} IN ('system:admin', 'kubernetes-admin') THEN ${verdict('unknown', 'k8s_system', `format('user.username = {}: the built-in cluster-admin credential, used by people and automation alike{}', ${NAME}, ${IMPERSONATION_NOTE})`)}
    WHEN regexp_matches(${NAME}, '^(system:kube-|system:apiserver|system:gke-|system:addon-|eks:|aksService$|masterclient$|nodeclient$|system:konnectivity)')
      OR regexp_matches(${NAME}, '(controller|controller-manager|scheduler|operator)$') THEN ${verdict('machine', 'k8s_system', `format('user.username = {}: a control-plane component or controller, not a person{}', ${NAME}, ${IMPERSONATION_NOTE})`)}
    WHEN ${NAME} LIKE 'system:%' THEN ${verdict('machine', 'k8s_system', `format('user.username = {}: the reserved system: prefix is only used by Kubernetes components{}', ${NAME}, ${IMPERSONATION_NOTE})`)}
    WHEN interactive_n > 0 THEN ${verdict('human', 'person', `format('user.username = {} is not a service account, node or component, and {} of {} requests came from kubectl or a browser (userAgent){}', ${NAME}, interactive_n, n, ${IMPERSONATION_NOTE})`)}
    ELSE ${verdict('unknown', 'k8s_user', `format('user.username = {}: a user from a certificate or an identity provider; nothing in its requests (top userAgent = {}) tells a person from a program{}', ${NAME}, coalesce(top_ua, 'none'), ${IMPERSONATION_NOTE})`)}
  END`,
});

export const K8S_AUDIT: LogFormatDef = {
  id: 'k8s_audit',
  source: 'k8s_audit',
  label: 'Kubernetes audit events (audit.k8s.io; EKS, AKS and GKE wrappers)',
  sniff: ({ text }) =>
    /"audit\.k8s\.io\/v1(beta1)?"/.test(text) ||
    /"category"\s*:\s*"kube-audit/.test(text) ||
    /"serviceName"\s*:\s*"k8s\.io"/.test(text) ||
    /"logStream"\s*:\s*"kube-apiserver-audit/.test(text) ||
    (/"kind"\s*:\s*"Event"/.test(text) && /"requestURI"\s*:/.test(text) && /"verb"\s*:/.test(text)),
  insertSql,
  identitiesSql: K8S_IDENTITIES_SQL,
};
