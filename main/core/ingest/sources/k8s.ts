import { lit, sql, type Sql } from '../../db/sql';
import { classifySql, verdict } from '../../identity/classify';
import { AZURE_IDENTITIES_SQL } from './azure-identities';
import { GCP_IDENTITIES_SQL } from './gcp';
import { insertEventsSql, s, targetList } from './normalize';
import { jsonRecords, utc } from './readers';
import type { LogFormatDef, ReadOptions, TargetsRule } from './types';

/**
 * CloudWatch Logs wrappers (EKS control-plane logs): a subscription's {"logEvents":[...]} or `aws logs
 * filter-log-events`' {"events":[...]} hold many audit events, each as a JSON string in `message`. They are
 * unnested so that every audit event is one record; position counts records in the file.
 */
function k8sRecords(o: ReadOptions): Sql {
  return sql`SELECT read_path, row_number() OVER (PARTITION BY read_path ORDER BY position, i) - 1 AS position, item AS rec
  FROM (
    SELECT read_path, position, unnest(items) AS item, unnest(range(len(items))) AS i FROM (
      SELECT read_path, position, ${CLOUDWATCH_EVENTS} AS items
      FROM (${jsonRecords(o)})))`;
}

/** A CloudWatch Logs wrapper's events, or the record itself. */
const CLOUDWATCH_EVENTS = lit(`CASE
    WHEN json_type(rec->'logEvents') = 'ARRAY' THEN CAST(rec->'logEvents' AS JSON[])
    WHEN json_type(rec->'events') = 'ARRAY' THEN CAST(rec->'events' AS JSON[])
    ELSE [rec] END`);

/** The audit.k8s.io Event inside whatever wrapper carried it; GKE LogEntries stay as they are. */
const UNWRAP = `CASE
  WHEN json_type(rec->'$.properties.log') = 'VARCHAR' AND json_valid(rec->>'$.properties.log') THEN CAST(rec->>'$.properties.log' AS JSON)
  WHEN json_type(rec->'$.properties.log') = 'OBJECT' THEN (rec->'$.properties.log')
  WHEN json_type(rec->'message') = 'VARCHAR' AND json_valid(rec->>'message') THEN CAST(rec->>'message' AS JSON)
  WHEN json_type(rec->'@message') = 'VARCHAR' AND json_valid(rec->>'@message') THEN CAST(rec->>'@message' AS JSON)
  ELSE rec END`;

const USER = `coalesce(${s('user.username')}, ${s('protoPayload.authenticationInfo.principalEmail')})`;
const IMPERSONATED = s('impersonatedUser.username');
/** The acting principal: the impersonated user when there is one (see credential_uid), with its user info. */
const WHO = `coalesce(${IMPERSONATED}, ${USER})`;
const WHO_EXTRA = `CASE WHEN ${IMPERSONATED} IS NOT NULL THEN (j->'$.impersonatedUser.extra') ELSE (j->'$.user.extra') END`;
/** GKE writes Kubernetes audit as LogEntries (protoPayload). */
const GKE = `((j->'protoPayload') IS NOT NULL)`;
/** AKS diagnostic records carry the Event in properties.log; Entra principals there have user.extra.oid. */
const AKS = `(json_type(rec->'$.properties.log') IS NOT NULL OR coalesce(rec->>'category', '') LIKE 'kube-audit%')`;

/**
 * The key of a user named `name` with user info `extra`. A cloud account acting on a managed cluster gets the key
 * that cloud's own logs give it, so that it is one identity across both: a Google account or service account in GKE
 * audit is 'gcp:<e-mail>' as in GCP audit; an Entra user in AKS audit is 'azure:user:<upn>' and a service principal
 * 'azure:sp:<object id>' (user.extra.oid) as in Entra and Activity logs; an IAM role or user in EKS audit is its ARN
 * as in CloudTrail (user.extra.canonicalArn, the role without its session). Kubernetes' own users (system:*,
 * certificates, service accounts) stay 'k8s:<username>'.
 */
export function k8sUserKeySql(name: string, extra: string): string {
  const x = (k: string) => `nullif(${extra}->>'$.${k}[0]', '')`;
  const arn = `coalesce(${x('canonicalArn')}, CASE
    WHEN ${name} LIKE 'arn:aws:iam::%' THEN ${name}
    WHEN ${name} LIKE 'arn:aws:sts::%:assumed-role/%' THEN regexp_replace(${name}, '^arn:aws:sts::([0-9]+):assumed-role/([^/]+)/.*$', 'arn:aws:iam::\\1:role/\\2') END)`;
  return `CASE
    WHEN ${name} LIKE 'system:%' THEN 'k8s:' || ${name}
    WHEN ${arn} IS NOT NULL THEN ${arn}
    WHEN (${GKE} OR ${name} LIKE '%.gserviceaccount.com') AND contains(${name}, '@') THEN 'gcp:' || ${name}
    WHEN ${AKS} AND contains(${name}, '@') THEN 'azure:user:' || lower(${name})
    WHEN ${AKS} AND ${x('oid')} IS NOT NULL THEN 'azure:sp:' || lower(${x('oid')})
    ELSE 'k8s:' || ${name} END`;
}
const ACTOR_UID = k8sUserKeySql(WHO, WHO_EXTRA);
/** Impersonation is authenticated with the impersonator's own credential: its key is each such event's credential. */
const IMPERSONATOR_UID = `CASE WHEN ${IMPERSONATED} IS NOT NULL THEN ${k8sUserKeySql(USER, `(j->'$.user.extra')`)} END`;
const CODE = `coalesce(try_cast(j->>'$.responseStatus.code' AS INTEGER), CASE WHEN (j->'protoPayload') IS NOT NULL THEN 200 END)`;
const GKE_FAILED = `coalesce(try_cast(j->>'$.protoPayload.status.code' AS INTEGER), 0) <> 0`;

/**
 * The object a request acted on, as the API path names it: [namespaces/NS/]RESOURCE[/NAME][/SUBRESOURCE]
 * (namespaces/prod/secrets/db-pass, clusterrolebindings/ci-admin, namespaces/web/pods/frontend/exec). A create
 * names its object in the request body (objectRef has no name at the Request level). GKE's entries: resourceName.
 */
const OBJECT_NAME = `coalesce(${s('objectRef.name')}, ${s('requestObject.metadata.name')}, ${s('responseObject.metadata.name')})`;
const TARGETS: TargetsRule = {
  sources: ['k8s_audit'],
  when: `((rec->'objectRef') IS NOT NULL OR (rec->'protoPayload') IS NOT NULL)`,
  unwrap: UNWRAP,
  errorMessage: `coalesce(j->>'$.responseStatus.message', j->>'$.protoPayload.status.message')`,
  sql: targetList([
    `CASE WHEN ${s('objectRef.resource')} IS NOT NULL THEN concat_ws('/', 'namespaces/' || ${s('objectRef.namespace')},
      ${s('objectRef.resource')}, ${OBJECT_NAME}, ${s('objectRef.subresource')}) END`,
    s('protoPayload.resourceName'),
  ]),
};

function insertSql(o: ReadOptions): Sql {
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
      targets: TARGETS.sql,
      error_message: TARGETS.errorMessage,
      outcome: `CASE WHEN ${GKE_FAILED} OR ${CODE} >= 400 THEN 'failure' WHEN ${CODE} IS NOT NULL THEN 'success' END`,
      error_code: `CASE WHEN ${GKE_FAILED} THEN (j->>'$.protoPayload.status.code')
        WHEN ${CODE} >= 400 THEN coalesce(${s('responseStatus.reason')}, CAST(${CODE} AS VARCHAR)) END`,
      src_ip: `coalesce(${s('sourceIPs[0]')}, ${s('protoPayload.requestMetadata.callerIp')})`,
      user_agent: `coalesce(${s('userAgent')}, ${s('protoPayload.requestMetadata.callerSuppliedUserAgent')})`,
      region: s('resource.labels.location'),
      account_uid: `coalesce(${s('resource.labels.cluster_name')},
        nullif(regexp_extract(rec->>'resourceId', '(?i)managedClusters/([^/]+)', 1), ''), (rec->>'logGroup'))`,
      actor_uid: ACTOR_UID,
      actor_name: WHO,
      actor_type: `CASE WHEN ${IMPERSONATED} IS NOT NULL THEN 'impersonated' ELSE array_to_string(CAST(j->'$.user.groups' AS VARCHAR[]), ',') END`,
      interactive: `coalesce(${s('userAgent')}, '') SIMILAR TO '(kubectl/|Mozilla/).*'`,
      credential_uid: IMPERSONATOR_UID,
      session_uid: s('auditID'),
    },
    { unwrap: UNWRAP, raw: 'j' },
  );
}

const NAME = `coalesce(name, regexp_replace(actor_uid, '^k8s:', ''))`;
const IMPERSONATION_NOTE = `CASE WHEN via_other_n > 0 THEN format('; it also impersonated other users in {} events (impersonatedUser set, its own name in user.username), kept as those events'' credential_uid', via_other_n)
  WHEN actor_type = 'impersonated' THEN '; its events were made by another user impersonating it (impersonatedUser), whose identity is each event''s credential_uid'
  ELSE '' END`;

const MASTERS_NOTE = `CASE WHEN masters THEN ' (group system:masters)' ELSE '' END`;

const K8S_OWN_SQL = classifySql({
  sources: ['k8s_audit'],
  actors: `actor_uid LIKE 'k8s:%'`,
  alsoAttributeTo: 'credential_uid',
  // The groups of whom each event is counted for: the impersonated user's own, unless counted for the impersonator.
  extraAgg: [
    // The field its name was read from: impersonatedUser.username, user.username, or GKE's principalEmail.
    `mode(CASE WHEN NOT via_other AND (raw->>'$.impersonatedUser.username') IS NOT NULL THEN 'impersonatedUser.username'
      WHEN (raw->>'$.user.username') IS NOT NULL THEN 'user.username'
      WHEN (raw->>'$.actor.user.name') IS NOT NULL THEN 'actor.user.name' ELSE 'authenticationInfo.principalEmail' END) AS name_field`,
    `bool_or(list_contains(CAST(CASE WHEN via_other THEN raw->'$.user.groups' ELSE coalesce(raw->'$.impersonatedUser.groups', raw->'$.user.groups') END AS VARCHAR[]), 'system:masters')) AS masters`,
  ],
  verdict: `CASE
    WHEN regexp_matches(${NAME}, '^system:serviceaccounts?:') THEN ${verdict('machine', 'k8s_service_account', `format('{} = {}: a Kubernetes service account (namespace {}), a workload''s identity{}', name_field, ${NAME}, split_part(${NAME}, ':', 3), ${IMPERSONATION_NOTE})`)}
    WHEN ${NAME} LIKE 'system:node:%' OR contains(coalesce(actor_type, ''), 'system:nodes') THEN ${verdict('machine', 'k8s_node', `format('{} = {}: a node''s kubelet{}', name_field, ${NAME}, ${IMPERSONATION_NOTE})`)}
    WHEN ${NAME} = 'system:anonymous' THEN ${verdict('unknown', 'k8s_anonymous', `format('{} = system:anonymous: an unauthenticated request, so no account to tell a person from a program by{}', name_field, ${IMPERSONATION_NOTE})`)}
    WHEN ${NAME} IN ('system:admin', 'kubernetes-admin', 'masterclient', 'clusterAdmin') OR (masters AND ${NAME} NOT LIKE 'system:%' AND ${NAME} <> 'aksService') THEN
      CASE WHEN interactive_n > 0 THEN ${verdict('human', 'k8s_admin_certificate', `format('{} = {}: the cluster-admin client certificate{}, used here from kubectl ({} of {} requests by userAgent){}', name_field, ${NAME}, ${MASTERS_NOTE}, interactive_n, n, ${IMPERSONATION_NOTE})`)}
      ELSE ${verdict('unknown', 'k8s_admin_certificate', `format('{} = {}: the cluster-admin client certificate{}, held by people and automation alike; none of its {} requests came from kubectl{}', name_field, ${NAME}, ${MASTERS_NOTE}, n, ${IMPERSONATION_NOTE})`)} END
    WHEN regexp_matches(${NAME}, '^(system:kube-|system:apiserver|system:gke-|system:addon-|eks:|aksService$|nodeclient$|system:konnectivity)')
      OR regexp_matches(${NAME}, '(controller|controller-manager|scheduler|operator)$') THEN ${verdict('machine', 'k8s_system', `format('{} = {}: a control-plane component or controller, not a person{}', name_field, ${NAME}, ${IMPERSONATION_NOTE})`)}
    WHEN ${NAME} LIKE 'system:%' THEN ${verdict('machine', 'k8s_system', `format('{} = {}: the reserved system: prefix is only used by Kubernetes components{}', name_field, ${NAME}, ${IMPERSONATION_NOTE})`)}
    WHEN interactive_n > 0 THEN ${verdict('human', 'person', `format('{} = {}: not a service account, node or component, and {} of {} requests came from kubectl or a browser (userAgent){}', name_field, ${NAME}, interactive_n, n, ${IMPERSONATION_NOTE})`)}
    ELSE ${verdict('unknown', 'k8s_user', `format('{} = {}: a user from a certificate or an identity provider; none of its {} requests came from kubectl or a browser{}', name_field, ${NAME}, n, ${IMPERSONATION_NOTE})`)}
  END`,
});

/**
 * IAM principals seen in EKS audit and not (yet) in the case's CloudTrail: classified from the cluster's records
 * alone. Once CloudTrail names them, CloudTrail's classifier decides (it runs over its own, far richer, evidence).
 */
const EKS_PRINCIPAL = `coalesce('user.extra.canonicalArn = ' || canonical_arn, 'the IAM principal ' || actor_uid)`;
const EKS_AWS_SQL = classifySql({
  sources: ['k8s_audit'],
  alsoAttributeTo: 'credential_uid',
  actors: `actor_uid LIKE 'arn:aws:%' AND actor_uid NOT IN (SELECT actor_uid FROM events WHERE source = 'cloudtrail')`,
  extraAgg: [
    `mode(raw->>'$.user.extra.canonicalArn[0]') AS canonical_arn`,
    `mode(raw->>'$.user.extra.sessionName[0]') AS session_name`,
  ],
  verdict: `CASE
    WHEN interactive_n > 0 THEN {'c': 'human', 'k': CASE WHEN actor_uid LIKE '%:user/%' THEN 'iam_user' ELSE 'iam_role' END, 'r': format('{} (EKS audit): {} of {} requests from kubectl or a browser (userAgent){}', ${EKS_PRINCIPAL}, interactive_n, n, coalesce(', user.extra.sessionName = ' || session_name, ''))}
    ELSE {'c': 'unknown', 'k': CASE WHEN actor_uid LIKE '%:user/%' THEN 'iam_user' ELSE 'iam_role' END, 'r': format('{} (EKS audit): none of its {} requests came from kubectl or a browser, and no CloudTrail record of it is in the case', ${EKS_PRINCIPAL}, n)}
  END`,
});

/**
 * Kubernetes audit names Kubernetes' own users and, on managed clusters, cloud accounts keyed as in that cloud's logs:
 * each key namespace is classified over every source that names it, so one statement per namespace runs here.
 */
export const K8S_IDENTITIES_SQL = [K8S_OWN_SQL, GCP_IDENTITIES_SQL, AZURE_IDENTITIES_SQL, EKS_AWS_SQL].join(';\n');

export const K8S_AUDIT: LogFormatDef = {
  id: 'k8s_audit',
  source: 'k8s_audit',
  label: 'Kubernetes audit events (audit.k8s.io; EKS, AKS and GKE wrappers)',
  sniff: ({ text }) =>
    /"audit\.k8s\.io\/v1(beta1)?"/.test(text) ||
    /"category"\s*:\s*"kube-audit/.test(text) ||
    /"serviceName"\s*:\s*"k8s\.io"/.test(text) ||
    /"logStream(Name)?"\s*:\s*"kube-apiserver-audit/.test(text) ||
    (/"kind"\s*:\s*"Event"/.test(text) && /"requestURI"\s*:/.test(text) && /"verb"\s*:/.test(text)),
  insertSql,
  targets: TARGETS,
  identitiesSql: K8S_IDENTITIES_SQL,
  // k8sRecords takes audit events out of CloudWatch Logs payloads itself
  readsEnvelopes: ['cloudwatch_logs'],
};
