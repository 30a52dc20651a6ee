import type { Duck } from '../db/duck';
import { caseHasSource } from './lineage-gate';

const v = (path: string) => `nullif(raw->>'$.${path}', '')`;
const ct = (path: string) => `nullif(raw->>'$.${path}', '')`;

/**
 * Vault lineage, from the audit device and CloudTrail:
 * - vault_login: a successful login (auth/…/login, an OIDC or JWT callback) whose response carries the new token's
 *   auth.accessor → the requests made with that token (auth.accessor), 1.0. The accessor is HMAC'd like every
 *   secret, but the same way on every record of one audit device, so equal values are the same token;
 * - vault_token: auth/token/create by a token → the child token's requests (response.auth.accessor), 1.0;
 * - vault_aws_creds: a read of an AWS secrets engine's creds or sts path → the cloud identity the lease minted, seen
 *   in CloudTrail: by response.data.access_key = userIdentity.accessKeyId when the mount logs it in clear
 *   (audit_non_hmac_response_keys), 1.0; else by the CloudTrail record that issued a key to a name Vault's
 *   username template made (vault-…-UNIXTIME-…) within two minutes of the lease, the nearest, 0.7, and that key's use.
 * Plain SQL with no values; appends to lineage_edges.
 */
export async function buildVaultLineage(db: Duck): Promise<void> {
  if (!(await caseHasSource(db, 'vault_audit'))) return;
  await db.run(TOKENS_SQL);
  await db.run(LEASES_SQL);
  // Without a lease, CloudTrail's issuing records are not read at all.
  if (Number(await db.scalar('SELECT count(*) FROM vault_leases')) > 0) await db.run(MINTED_SQL);
  await db.run('DROP TABLE vault_leases');
}

const TOKENS_SQL = `
-- Logins and child tokens: the accessor of the token the response hands out.
INSERT INTO lineage_edges BY NAME
WITH l AS (
  SELECT event_uid, time, actor_uid, session_uid, ${v('request.path')} AS path,
    CASE WHEN ${v('request.path')} LIKE 'auth/token/create%' THEN 'vault_token' ELSE 'vault_login' END AS kind,
    CASE WHEN ${v('request.path')} LIKE 'auth/token/create%' THEN ${v('response.auth.accessor')}
      ELSE coalesce(${v('response.auth.accessor')}, ${v('auth.accessor')}) END AS accessor,
    coalesce(${v('response.auth.display_name')}, ${v('auth.display_name')}) AS display_name
  FROM events
  WHERE source = 'vault_audit' AND outcome = 'success' AND ${v('type')} = 'response'
    AND regexp_matches(coalesce(${v('request.path')}, ''), '^auth/(token/create|.+/login(/.*)?$|.+/callback$)')
), u AS (
  SELECT l.event_uid, count(*) AS n, min(e.time) AS first_use, max(e.time) AS last_use,
    arg_min(e.event_uid, (e.time, e.event_uid)) AS first_uid, mode(e.actor_uid) AS actor
  FROM l JOIN events e ON e.source = 'vault_audit' AND e.credential_uid = l.accessor AND e.time >= l.time
    AND e.session_uid IS DISTINCT FROM l.session_uid
  GROUP BY l.event_uid
)
SELECT l.kind, 'vault_audit' AS source, l.actor_uid AS parent_uid, coalesce(u.actor, l.actor_uid) AS child_uid,
  l.accessor AS credential_uid, l.event_uid AS issue_event_uid, l.time AS issued_at, u.first_uid AS first_use_event_uid,
  u.first_use, u.last_use, coalesce(u.n, 0) AS use_count, 1.0 AS confidence,
  CASE l.kind WHEN 'vault_token' THEN 'response.auth.accessor of ' ELSE 'auth.accessor of the response to ' END
    || l.path || coalesce(' (display name ' || l.display_name || ')', '')
    || ' = auth.accessor of the requests made with the token (' || l.accessor || ')' AS matched
FROM l LEFT JOIN u USING (event_uid)
WHERE l.accessor IS NOT NULL AND l.actor_uid IS NOT NULL;
`;

/** AWS secrets engine leases. */
const LEASES_SQL = `
CREATE OR REPLACE TEMP TABLE vault_leases AS
SELECT event_uid, time, actor_uid, ${v('request.path')} AS path, ${v('response.secret.lease_id')} AS lease,
  CASE WHEN ${v('response.data.access_key')} NOT LIKE 'hmac-%' THEN ${v('response.data.access_key')} END AS access_key
FROM events
WHERE source = 'vault_audit' AND outcome = 'success' AND ${v('type')} = 'response'
  AND regexp_matches(coalesce(${v('request.path')}, ''), '^([^/]+/)+(creds|sts)/[^/]+$')
  AND (${v('request.mount_type')} = 'aws' OR ${v('response.data.access_key')} IS NOT NULL);
`;

/**
 * The CloudTrail records that issued a key within two minutes of a lease (Vault creates the user or session as it
 * answers), and the edges from each lease to the key it minted and that key's use.
 */
const MINTED_SQL = `
CREATE OR REPLACE TEMP TABLE vault_ct_keys AS
WITH i AS (
  SELECT event_uid, time, api_operation AS op, account_uid AS acct, resource_uid,
    coalesce(${ct('responseElements.accessKey.accessKeyId')}, ${ct('responseElements.credentials.accessKeyId')}) AS k,
    coalesce(${ct('responseElements.accessKey.userName')}, ${ct('requestParameters.roleSessionName')},
      ${ct('requestParameters.name')}) AS name
  FROM events e
  WHERE source = 'cloudtrail' AND outcome = 'success'
    AND api_operation IN ('CreateAccessKey', 'AssumeRole', 'GetFederationToken')
    AND EXISTS (SELECT 1 FROM vault_leases l
      WHERE e.time BETWEEN l.time - INTERVAL 2 MINUTE AND l.time + INTERVAL 2 MINUTE)
)
SELECT *, to_timestamp(try_cast(regexp_extract(name, '-([0-9]{10})-', 1) AS BIGINT)) AS name_time
FROM i WHERE k IS NOT NULL;

INSERT INTO lineage_edges BY NAME
WITH m AS (
  SELECT l.event_uid, c.event_uid AS ct_uid, c.k, c.op, c.name, c.acct, c.resource_uid, 1.0 AS confidence
  FROM vault_leases l JOIN vault_ct_keys c ON c.k = l.access_key
  UNION ALL
  SELECT l.event_uid, c.event_uid, c.k, c.op, c.name, c.acct, c.resource_uid, 0.7
  FROM vault_leases l JOIN vault_ct_keys c ON l.access_key IS NULL AND c.name LIKE 'vault-%'
    AND c.time BETWEEN l.time - INTERVAL 2 MINUTE AND l.time + INTERVAL 2 MINUTE
    AND (c.name_time IS NULL OR c.name_time BETWEEN l.time - INTERVAL 2 MINUTE AND l.time + INTERVAL 2 MINUTE)
  QUALIFY row_number() OVER (PARTITION BY l.event_uid ORDER BY abs(epoch(c.time) - epoch(l.time)), c.event_uid) = 1
), x AS (
  SELECT l.*, m.ct_uid, coalesce(m.k, l.access_key) AS k, m.op, m.name, m.acct, m.resource_uid,
    coalesce(m.confidence, 1.0) AS confidence
  FROM vault_leases l LEFT JOIN m USING (event_uid)
), u AS (
  SELECT x.event_uid, count(*) AS n, min(e.time) AS first_use, max(e.time) AS last_use,
    arg_min(e.event_uid, (e.time, e.event_uid)) AS first_uid, mode(e.actor_uid) AS actor
  FROM x JOIN events e ON e.source = 'cloudtrail' AND e.credential_uid = x.k AND e.time >= x.time
  GROUP BY x.event_uid
)
SELECT 'vault_aws_creds' AS kind, 'vault_audit' AS source, x.actor_uid AS parent_uid,
  coalesce(u.actor, CASE x.op WHEN 'CreateAccessKey' THEN 'arn:aws:iam::' || x.acct || ':user/' || x.name
    WHEN 'AssumeRole' THEN x.resource_uid END) AS child_uid,
  x.k AS credential_uid, x.event_uid AS issue_event_uid, x.time AS issued_at, u.first_uid AS first_use_event_uid,
  u.first_use, u.last_use, coalesce(u.n, 0) AS use_count, x.confidence,
  CASE WHEN x.access_key IS NOT NULL
    THEN 'response.data.access_key of the Vault lease on ' || x.path || ' = userIdentity.accessKeyId in CloudTrail (' || x.access_key || ')'
      || coalesce('; issued by ' || x.op || ' event ' || x.ct_uid, '')
    ELSE 'the Vault lease on ' || x.path || ' (access_key HMAC''d) and CloudTrail ' || x.op || ' event ' || x.ct_uid
      || ' issuing ' || x.k || ' to ' || x.name || ' (Vault''s vault-… name template) within two minutes of it; then userIdentity.accessKeyId = ' || x.k
  END AS matched
FROM x LEFT JOIN u USING (event_uid)
WHERE x.actor_uid IS NOT NULL AND x.k IS NOT NULL;

DROP TABLE vault_ct_keys;
`;
