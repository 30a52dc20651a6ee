import type { Duck } from '../db/duck';
import { caseHasSource } from './lineage-gate';

/** A field of a GCP AuditLog payload, in the LogEntry shape (protoPayload) or the BigQuery sink's. */
const p = (path: string) =>
  `coalesce(nullif(raw->>'$.protoPayload.${path}', ''), nullif(raw->>'$.protopayload_auditlog.${path}', ''))`;
const DELEGATION = `coalesce(raw->'$.protoPayload.authenticationInfo.serviceAccountDelegationInfo',
  raw->'$.protopayload_auditlog.authenticationInfo.serviceAccountDelegationInfo')`;
/** One delegation entry's principal: a Google account or service account, or a federated subject. */
const principalOf = (d: string) =>
  `coalesce(nullif(${d}->>'$.firstPartyPrincipal.principalEmail', ''), nullif(${d}->>'principalSubject', ''))`;

/**
 * GCP lineage, from Cloud Audit Logs:
 * - gcp_sa_key: CreateServiceAccountKey (its response.name ends in /keys/KEY_ID) → the calls whose
 *   authenticationInfo.serviceAccountKeyName ends in the same key id;
 * - gcp_impersonation: GenerateAccessToken / GenerateIdToken by a principal for a service account (request.name) →
 *   that account's calls whose serviceAccountDelegationInfo names the caller, within the token's lifetime
 *   (request.lifetime, else one hour). The token is not in the log, so confidence 0.9;
 * - gcp_delegation: calls a service account made with serviceAccountDelegationInfo naming another principal that no
 *   GenerateAccessToken in the case accounts for (its Data Access log is often off), one edge per principal and
 *   account;
 * - gke_workload_identity: a Kubernetes service account acting through GKE Workload Identity, named
 *   PROJECT.svc.id.goog[NS/SA] in the delegation info or as .../workloadIdentityPools/PROJECT.svc.id.goog/subject/
 *   ns/NS/sa/SA in principalSubject → the Kubernetes service account identity 'k8s:system:serviceaccount:NS:SA' when
 *   the case holds it (matched by namespace and name: the cluster is not named, 0.8), else the principal as written.
 * Plain SQL with no values; appends to lineage_edges.
 */
export async function buildGcpLineage(db: Duck): Promise<void> {
  if (await caseHasSource(db, 'gcp_audit')) await db.run(GCP_LINEAGE_SQL);
}

const GCP_LINEAGE_SQL = `
-- Service account keys and their use.
INSERT INTO lineage_edges BY NAME
WITH k AS (
  SELECT event_uid, time, actor_uid, ${p('response.name')} AS key_name,
    regexp_extract(${p('response.name')}, '/keys/([^/]+)$', 1) AS key_id,
    coalesce(nullif(regexp_extract(${p('response.name')}, 'serviceAccounts/([^/]+)/keys/', 1), ''),
      nullif(regexp_extract(${p('request.name')}, 'serviceAccounts/([^/]+@[^/]+)$', 1), '')) AS sa
  FROM events
  WHERE source = 'gcp_audit' AND outcome = 'success' AND api_operation LIKE '%CreateServiceAccountKey'
), u AS (
  SELECT k.event_uid, count(*) AS n, min(e.time) AS first_use, max(e.time) AS last_use,
    arg_min(e.event_uid, (e.time, e.event_uid)) AS first_uid, mode(e.actor_uid) AS actor, any_value(e.credential_uid) AS cred
  FROM k JOIN events e ON e.source = 'gcp_audit' AND k.key_id <> '' AND e.credential_uid LIKE '%/keys/' || k.key_id
    AND e.time >= k.time
  GROUP BY k.event_uid
)
SELECT 'gcp_sa_key' AS kind, 'gcp_audit' AS source, k.actor_uid AS parent_uid,
  coalesce(u.actor, 'gcp:' || k.sa) AS child_uid, coalesce(u.cred, k.key_name) AS credential_uid,
  k.event_uid AS issue_event_uid, k.time AS issued_at, u.first_uid AS first_use_event_uid, u.first_use, u.last_use,
  coalesce(u.n, 0) AS use_count, 1.0 AS confidence,
  'response.name of CreateServiceAccountKey (' || coalesce(k.key_name, '?')
    || ') = authenticationInfo.serviceAccountKeyName of the calls (key id ' || coalesce(nullif(k.key_id, ''), '?') || ')' AS matched
FROM k LEFT JOIN u USING (event_uid)
WHERE k.actor_uid IS NOT NULL;

-- The calls a service account made on another principal's behalf, with that principal (the last delegation entry:
-- the one that obtained the token).
CREATE OR REPLACE TEMP TABLE gcp_delegated AS
WITH d AS (
  SELECT event_uid, time, actor_uid, CAST(${DELEGATION} AS JSON[]) AS chain
  FROM events
  WHERE source = 'gcp_audit' AND json_array_length(${DELEGATION}) > 0
)
SELECT event_uid, time, actor_uid, ${principalOf('chain[-1]')} AS via,
  list_transform(chain, x -> ${principalOf('x')}) AS vias
FROM d;

CREATE OR REPLACE TEMP TABLE gcp_tokens AS
SELECT event_uid, time, actor_uid,
  'gcp:' || coalesce(nullif(regexp_extract(${p('request.name')}, 'serviceAccounts/([^/]+@[^/]+)$', 1), ''),
    nullif(raw->>'$.resource.labels.email_id', '')) AS sa,
  regexp_replace(actor_uid, '^gcp:', '') AS caller, regexp_extract(api_operation, '[^.]+$') AS method,
  -- GCP caps a token's lifetime at 12 hours; a longer or unreadable one in a record is read as that cap or the default hour
  time + to_seconds(least(coalesce(try_cast(regexp_extract(${p('request.lifetime')}, '^([0-9]{1,18})s?$', 1) AS BIGINT), 3600), 43200)) AS expires
FROM events
WHERE source = 'gcp_audit' AND outcome = 'success'
  AND (api_operation LIKE '%GenerateAccessToken' OR api_operation LIKE '%GenerateIdToken');

CREATE OR REPLACE TEMP TABLE gcp_token_uses AS
SELECT t.event_uid AS issue_uid, d.event_uid, d.time, d.actor_uid
FROM gcp_tokens t JOIN gcp_delegated d ON d.actor_uid = t.sa AND list_contains(d.vias, t.caller)
  AND d.time >= t.time AND d.time <= t.expires;

INSERT INTO lineage_edges BY NAME
SELECT 'gcp_impersonation' AS kind, 'gcp_audit' AS source, t.actor_uid AS parent_uid, t.sa AS child_uid,
  NULL AS credential_uid, t.event_uid AS issue_event_uid, t.time AS issued_at,
  arg_min(u.event_uid, (u.time, u.event_uid)) AS first_use_event_uid, min(u.time) AS first_use, max(u.time) AS last_use,
  count(u.event_uid) AS use_count, 0.9 AS confidence,
  t.method || ' by ' || t.caller || ' for ' || replace(t.sa, 'gcp:', '') || ' (request.name); the token is not in the log: the calls of '
    || replace(t.sa, 'gcp:', '') || ' whose authenticationInfo.serviceAccountDelegationInfo names ' || t.caller
    || ', until the token expires at ' || strftime(t.expires, '%Y-%m-%dT%H:%M:%SZ') AS matched
FROM gcp_tokens t LEFT JOIN gcp_token_uses u ON u.issue_uid = t.event_uid
WHERE t.sa IS NOT NULL AND t.actor_uid IS NOT NULL
GROUP BY t.event_uid, t.time, t.actor_uid, t.caller, t.method, t.sa, t.expires;

-- GKE Workload Identity: the Kubernetes service account behind a call, by delegation or as the principal itself.
INSERT INTO lineage_edges BY NAME
WITH w AS (
  SELECT event_uid, time, actor_uid,
    coalesce(nullif(regexp_extract(via, '\\.svc\\.id\\.goog\\[([^/\\]]+)/([^\\]]+)\\]', ['ns', 'sa']).ns, ''),
      nullif(regexp_extract(actor_uid, 'svc\\.id\\.goog/subject/ns/([^/]+)/sa/([^/]+)$', ['ns', 'sa']).ns, '')) AS ns,
    coalesce(nullif(regexp_extract(via, '\\.svc\\.id\\.goog\\[([^/\\]]+)/([^\\]]+)\\]', ['ns', 'sa']).sa, ''),
      nullif(regexp_extract(actor_uid, 'svc\\.id\\.goog/subject/ns/([^/]+)/sa/([^/]+)$', ['ns', 'sa']).sa, '')) AS sa,
    CASE WHEN via LIKE '%.svc.id.goog[%' THEN via END AS principal,
    CASE WHEN via LIKE '%.svc.id.goog[%' THEN 'serviceAccountDelegationInfo' ELSE 'authenticationInfo.principalSubject' END AS field
  FROM (
    SELECT e.event_uid, e.time, e.actor_uid, d.via
    FROM events e LEFT JOIN gcp_delegated d USING (event_uid)
    WHERE e.source = 'gcp_audit' AND (d.via LIKE '%.svc.id.goog[%' OR e.actor_uid LIKE '%svc.id.goog/subject/ns/%')
  )
)
SELECT 'gke_workload_identity' AS kind, 'gcp_audit' AS source,
  coalesce(k.actor_uid, 'gcp:' || coalesce(w.principal, regexp_replace(w.actor_uid, '^gcp:', ''))) AS parent_uid,
  w.actor_uid AS child_uid, NULL AS credential_uid, arg_min(w.event_uid, (w.time, w.event_uid)) AS issue_event_uid,
  min(w.time) AS issued_at, arg_min(w.event_uid, (w.time, w.event_uid)) AS first_use_event_uid, min(w.time) AS first_use,
  max(w.time) AS last_use, count(*) AS use_count, CASE WHEN k.actor_uid IS NOT NULL THEN 0.8 ELSE 1.0 END AS confidence,
  any_value(w.field) || ' names the Kubernetes service account ' || w.ns || '/' || w.sa || CASE WHEN k.actor_uid IS NOT NULL
    THEN ' = ' || k.actor_uid || ' of the Kubernetes audit log (by namespace and name: the cluster is not named)'
    ELSE ' (no Kubernetes audit log of that service account in the case)' END AS matched
FROM w LEFT JOIN identities k ON k.actor_uid = 'k8s:system:serviceaccount:' || w.ns || ':' || w.sa
WHERE w.ns IS NOT NULL AND w.sa IS NOT NULL AND w.actor_uid IS NOT NULL
GROUP BY k.actor_uid, w.principal, w.actor_uid, w.ns, w.sa;

-- Delegated calls no token issuance in the case accounts for (and not Workload Identity): one edge per pair.
INSERT INTO lineage_edges BY NAME
SELECT 'gcp_delegation' AS kind, 'gcp_audit' AS source, 'gcp:' || d.via AS parent_uid, d.actor_uid AS child_uid,
  NULL AS credential_uid, arg_min(d.event_uid, (d.time, d.event_uid)) AS issue_event_uid, min(d.time) AS issued_at,
  arg_min(d.event_uid, (d.time, d.event_uid)) AS first_use_event_uid, min(d.time) AS first_use, max(d.time) AS last_use,
  count(*) AS use_count, 1.0 AS confidence,
  'authenticationInfo.serviceAccountDelegationInfo names ' || d.via || ' on the calls of ' || d.actor_uid
    || ' (no GenerateAccessToken record of the token in the case)' AS matched
FROM gcp_delegated d
WHERE d.via IS NOT NULL AND d.actor_uid IS NOT NULL AND d.via NOT LIKE '%.svc.id.goog[%'
  AND d.event_uid NOT IN (SELECT event_uid FROM gcp_token_uses)
GROUP BY d.via, d.actor_uid;

DROP TABLE gcp_delegated; DROP TABLE gcp_tokens; DROP TABLE gcp_token_uses;
`;
