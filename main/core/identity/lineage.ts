import type { Duck } from '../db/duck';
import { list, lit, param, sql, type Sql } from '../db/sql';
import { buildEntraLineage } from './lineage-entra';
import { buildGcpLineage } from './lineage-gcp';
import { buildLineageLinks } from './lineage-links';
import { buildGithubLineage, buildGithubWorkflowRuns } from './lineage-github';
import { buildVaultLineage } from './lineage-vault';

/**
 * Identity lineage, rebuilt over the whole case after every ingest (an issuance and its use may come from different
 * files and ingests). Each hop joins the record that issued or created something to the records that then used it,
 * by a field both records carry, and keeps that field in `matched`:
 * - AWS STS (AssumeRole*, GetSessionToken, GetFederationToken): responseElements.credentials.accessKeyId of the
 *   issuing call = userIdentity.accessKeyId of the later calls. An AssumeRole made by a role session is role
 *   chaining; AssumeRoleWithWebIdentity from token.actions.githubusercontent.com is GitHub Actions OIDC (the subject
 *   repo:ORG/REPO:… is the parent), from an EKS provider with subject system:serviceaccount:NS:SA it is IRSA, whose
 *   parent is the Kubernetes service account when the case holds that cluster's audit log;
 * - CreateAccessKey: responseElements.accessKey.accessKeyId = userIdentity.accessKeyId of its uses;
 * - CreateUser / CreateRole: the created ARN (responseElements.user.arn / role.arn) acting afterwards;
 *   CreateLoginProfile: that user's console use afterwards;
 * - Kubernetes: impersonation (user.username acting as impersonatedUser.username, on the same record) and
 *   TokenRequest (create serviceaccounts/token), whose token the audit log does not name: the service account's
 *   later requests are its likely use, with a lower confidence.
 * Only successful issuing calls count. The ingest runs it inside its final transaction. One statement per db.run:
 * the node binding binds values to the last statement of a string only.
 * Returns how many edges the case now has.
 */
export async function buildLineage(db: Duck): Promise<number> {
  for (const step of [...ISSUED, ...USES, ...EDGES]) await db.run(step);
  await buildEntraLineage(db);
  await buildGithubLineage(db);
  await buildGithubWorkflowRuns(db);
  await buildVaultLineage(db);
  await buildGcpLineage(db);
  await buildLineageLinks(db);
  await db.run(sql`INSERT OR REPLACE INTO case_meta VALUES (${param(LINEAGE_BUILT_KEY)}, ${param(LINEAGE_VERSION)})`);
  await db.run(
    lit(
      'DROP TABLE IF EXISTS lineage_records; DROP TABLE IF EXISTS lineage_raw; DROP TABLE IF EXISTS lineage_issued; DROP TABLE IF EXISTS lineage_uses;',
    ),
  );
  return Number(await db.scalar(lit('SELECT count(*) FROM lineage_edges')));
}

/**
 * The case_meta key saying the lineage was built, and by which version of its rules: a case can hold no edge at
 * all, so an empty lineage_edges tells nothing. A case whose marker is missing or older gets its lineage built when
 * it is opened (lineage-on-open.ts). Raise the version when a change of the rules gives other edges.
 */
export const LINEAGE_BUILT_KEY = 'lineage_built';
export const LINEAGE_VERSION = '5';

/** The CloudTrail operations that issue a credential or create an identity. */
export const ISSUING_OPERATIONS = [
  'AssumeRole',
  'AssumeRoleWithWebIdentity',
  'AssumeRoleWithSAML',
  'GetSessionToken',
  'GetFederationToken',
  'CreateAccessKey',
  'CreateUser',
  'CreateRole',
  'CreateLoginProfile',
] as const;

/** The issuing operations whose record names the key they issued (responseElements): no key, no hop. */
const KEY_OPERATIONS = ISSUING_OPERATIONS.filter(
  (o) => o.startsWith('AssumeRole') || o.startsWith('Get') || o === 'CreateAccessKey',
);

const GITHUB_OIDC = 'token.actions.githubusercontent.com';

/**
 * Every issuing record with the key or identity it issued, the kind of hop, its parent and its child. Two steps:
 * the records' fields first (the only read of `raw`, for the few issuing records), then the names resolved with
 * plain joins (a correlated lookup per record cost seconds on a 100k-event case):
 * - a role named by an AssumeRole's roleArn or a CreateRole, or a created user: its merged key (actor_aliases);
 * - an IAM user named by userName alone: the ARN with its path that the case shows, else one without a path;
 * - an IRSA subject: the Kubernetes service account's key when the case holds that identity.
 */
const ISSUED: Sql[] = [
  // The issuing records first, with no JSON read: a filter DuckDB applies after extracting the fields (as it did
  // when the operations were an IN list it turned into a join) parsed every successful call's record, 0.6-1.3 s of
  // a 100k-event case against 0.1-0.3 s for the few issuing ones.
  sql`
CREATE OR REPLACE TEMP TABLE lineage_records AS
SELECT event_uid, time, actor_uid, actor_type, api_operation AS op, account_uid AS acct, resource_uid, raw
FROM events
WHERE source = 'cloudtrail' AND outcome = 'success' AND api_operation IN ${list([...ISSUING_OPERATIONS])}`,
  sql`
CREATE OR REPLACE TEMP TABLE lineage_raw AS
WITH e AS (
  SELECT * EXCLUDE (raw),
    json_extract_string(raw, [
      '$.responseElements.credentials.accessKeyId', '$.responseElements.accessKey.accessKeyId',
      '$.responseElements.accessKey.userName', '$.requestParameters.userName', '$.responseElements.user.arn',
      '$.responseElements.role.arn', '$.responseElements.subjectFromWebIdentityToken',
      '$.responseElements.provider', '$.userIdentity.identityProvider', '$.userIdentity.userName',
      '$.responseElements.federatedUser.arn', '$.requestParameters.roleName']) AS x
  FROM lineage_records
)
SELECT event_uid, time, actor_uid, actor_type, op, acct, resource_uid,
  coalesce(x[1], x[2]) AS k, coalesce(x[3], x[4]) AS user_name,
  x[5] AS user_arn,
  coalesce(x[6], CASE WHEN op = 'CreateRole' THEN 'arn:aws:iam::' || acct || ':role/' || x[12] END) AS role_arn,
  coalesce(x[7], x[10]) AS subject, coalesce(x[8], x[9]) AS provider, x[11] AS federated_arn
FROM e
WHERE coalesce(x[1], x[2]) IS NOT NULL OR op NOT IN ${list(KEY_OPERATIONS)}`,
  sql`
CREATE OR REPLACE TEMP TABLE lineage_issued AS
WITH users AS (
  SELECT split_part(actor_uid, ':', 5) AS acct, split_part(actor_uid, '/', -1) AS name, min(actor_uid) AS uid
  FROM identities WHERE actor_uid LIKE 'arn:%:iam::%:user/%' GROUP BY ALL
), named AS (
  SELECT r.*,
    CASE
      WHEN op LIKE 'AssumeRole%' THEN resource_uid
      WHEN op = 'GetSessionToken' THEN actor_uid
      WHEN op = 'GetFederationToken' THEN federated_arn
      WHEN op = 'CreateUser' THEN user_arn
      WHEN op = 'CreateRole' THEN role_arn
      WHEN op IN ('CreateAccessKey', 'CreateLoginProfile') AND user_name IS NULL THEN actor_uid
    END AS named_uid
  FROM lineage_raw r
)
SELECT n.event_uid AS issue_event_uid, n.time AS issued_at, n.k, n.subject, n.provider,
  CASE n.op
    WHEN 'AssumeRoleWithWebIdentity' THEN CASE
      WHEN contains(n.provider, ${param(GITHUB_OIDC)}) THEN 'oidc_federation'
      WHEN n.subject LIKE 'system:serviceaccount:%' THEN 'irsa'
      ELSE 'web_identity' END
    WHEN 'AssumeRoleWithSAML' THEN 'saml_federation'
    WHEN 'AssumeRole' THEN CASE WHEN n.actor_type = 'AssumedRole' THEN 'role_chain' ELSE 'sts_session' END
    WHEN 'GetSessionToken' THEN 'session_token'
    WHEN 'GetFederationToken' THEN 'federation_token'
    WHEN 'CreateAccessKey' THEN 'access_key'
    WHEN 'CreateUser' THEN 'created_user'
    WHEN 'CreateRole' THEN 'created_role'
    WHEN 'CreateLoginProfile' THEN 'login_profile' END AS kind,
  coalesce(sa.actor_uid, n.actor_uid) AS parent_uid,
  coalesce(a.to_uid, n.named_uid, u.uid, 'arn:aws:iam::' || n.acct || ':user/' || n.user_name) AS child_uid
FROM named n
LEFT JOIN actor_aliases a ON a.from_uid = n.named_uid
LEFT JOIN users u ON n.named_uid IS NULL AND u.acct = n.acct AND u.name = n.user_name
LEFT JOIN identities sa ON n.op = 'AssumeRoleWithWebIdentity' AND n.subject LIKE 'system:serviceaccount:%'
  AND sa.actor_uid = 'k8s:' || n.subject`,
];

/**
 * The use of each issued key (one pass over the calls signed with those keys), and of each created identity: its
 * own calls from its creation on; for a login profile, its console use.
 */
const USES: Sql[] = [
  lit(`
CREATE OR REPLACE TEMP TABLE lineage_uses AS
SELECT i.issue_event_uid, count(*) AS n, min(e.time) AS first_use, max(e.time) AS last_use,
  arg_min(e.event_uid, (e.time, e.event_uid)) AS first_uid, mode(e.actor_uid) AS actor
FROM lineage_issued i JOIN events e ON e.credential_uid = i.k AND e.source = 'cloudtrail'
WHERE i.k IS NOT NULL
GROUP BY i.issue_event_uid
UNION ALL
SELECT i.issue_event_uid, count(*), min(e.time), max(e.time), arg_min(e.event_uid, (e.time, e.event_uid)), any_value(e.actor_uid)
FROM lineage_issued i JOIN events e ON e.actor_uid = i.child_uid AND e.time >= i.issued_at
  AND e.event_uid <> i.issue_event_uid AND (i.kind <> 'login_profile' OR e.interactive)
WHERE i.k IS NULL
GROUP BY i.issue_event_uid`),
];

/** The fields that joined the two ends; never NULL, whatever a record left out. */
const MATCHED = sql`coalesce(CASE i.kind
  WHEN 'access_key' THEN 'responseElements.accessKey.accessKeyId = userIdentity.accessKeyId (' || i.k || ')'
  WHEN 'created_user' THEN 'responseElements.user.arn of CreateUser = the acting identity (' || i.child_uid || ')'
  WHEN 'created_role' THEN 'responseElements.role.arn of CreateRole = the acting identity (' || i.child_uid || ')'
  WHEN 'login_profile' THEN 'requestParameters.userName of CreateLoginProfile = the user signing in to the console (' || i.child_uid || ')'
  WHEN 'oidc_federation' THEN 'identityProvider ' || ${param(GITHUB_OIDC)} || ', subject ' || coalesce(i.subject, '?')
    || '; responseElements.credentials.accessKeyId = userIdentity.accessKeyId (' || i.k || ')'
  WHEN 'irsa' THEN 'subject ' || i.subject || CASE WHEN i.parent_uid LIKE 'k8s:%'
      THEN ' = the Kubernetes service account ' || i.parent_uid || ' of the audit log (by name: the OIDC issuer ' || coalesce(i.provider, '?') || ' is not in that log)'
      ELSE ' (no Kubernetes audit log of that service account in the case)' END
    || '; responseElements.credentials.accessKeyId = userIdentity.accessKeyId (' || i.k || ')'
  ELSE 'responseElements.credentials.accessKeyId = userIdentity.accessKeyId (' || i.k || ')' END,
  i.kind || ' recorded by event ' || i.issue_event_uid)`;

const EDGES: Sql[] = [
  lit('DELETE FROM lineage_edges'),
  sql`
INSERT INTO lineage_edges
SELECT i.kind, 'cloudtrail', i.parent_uid, coalesce(u.actor, i.child_uid), i.k, i.issue_event_uid, i.issued_at,
  u.first_uid, u.first_use, u.last_use, coalesce(u.n, 0),
  CASE WHEN i.kind = 'irsa' AND i.parent_uid LIKE 'k8s:%' THEN 0.8 ELSE 1.0 END, ${MATCHED}
FROM lineage_issued i LEFT JOIN lineage_uses u USING (issue_event_uid)
WHERE i.parent_uid IS NOT NULL`,
  // Kubernetes impersonation: one edge per impersonator and impersonated user, its events the evidence.
  lit(`
INSERT INTO lineage_edges
SELECT 'k8s_impersonation', 'k8s_audit', credential_uid, actor_uid, NULL, arg_min(event_uid, (time, event_uid)), min(time),
  arg_min(event_uid, (time, event_uid)), min(time), max(time), count(*), 1.0,
  'user.username ' || credential_uid || ' sent the request with impersonatedUser.username ' || actor_uid
FROM events WHERE source = 'k8s_audit' AND credential_uid IS NOT NULL AND actor_uid IS NOT NULL
GROUP BY credential_uid, actor_uid`),
  // Kubernetes TokenRequest: the token is not in the audit log, so its use is the service account's next requests.
  lit(`
INSERT INTO lineage_edges
WITH t AS (
  SELECT event_uid, time, actor_uid,
    'k8s:system:serviceaccount:' || json_extract_string(raw, '$.objectRef.namespace') || ':'
      || json_extract_string(raw, '$.objectRef.name') AS sa
  FROM events
  WHERE source = 'k8s_audit' AND outcome = 'success' AND api_operation = 'create'
    AND json_extract_string(raw, '$.objectRef.resource') = 'serviceaccounts'
    AND json_extract_string(raw, '$.objectRef.subresource') = 'token'
), nxt AS (
  SELECT t.event_uid, t.time, t.actor_uid, t.sa, lead(t.time) OVER (PARTITION BY t.sa ORDER BY t.time) AS next_issue
  FROM t
)
SELECT 'k8s_token', 'k8s_audit', n.actor_uid, n.sa, NULL, n.event_uid, n.time,
  arg_min(e.event_uid, (e.time, e.event_uid)), min(e.time), max(e.time), count(e.event_uid), 0.6,
  'TokenRequest for ' || n.sa || ' by ' || n.actor_uid || '; the token is not named in the audit log: the requests of ' || n.sa || ' after it (until the next TokenRequest) are its likely use'
FROM nxt n LEFT JOIN events e ON e.source = 'k8s_audit' AND e.actor_uid = n.sa AND e.time > n.time
  AND (n.next_issue IS NULL OR e.time < n.next_issue)
GROUP BY n.event_uid, n.time, n.actor_uid, n.sa`),
];
