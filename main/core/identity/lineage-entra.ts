import type { Duck } from '../db/duck';
import { caseHasSource } from './lineage-gate';

/** A field of an Entra record: diagnostic exports wrap it in `properties`, Graph exports don't. */
const e = (path: string) => `coalesce(nullif(raw->>'$.properties.${path}', ''), nullif(raw->>'$.${path}', ''))`;
const TARGET = `coalesce(raw->'$.properties.targetResources[0]', raw->'$.targetResources[0]')`;
const DETAILS = `coalesce(raw->'$.properties.additionalDetails', raw->'$.additionalDetails')`;
/** The value of one entry of a [{key|displayName, value|newValue}] list, or NULL. */
const entry = (list: string, keyField: string, name: string, valueField: string) =>
  `CASE WHEN json_type(${list}) = 'ARRAY' THEN nullif(list_filter(CAST(${list} AS JSON[]),
    x -> (x->>'${keyField}') = '${name}')[1]->>'${valueField}', '') END`;
const modified = (name: string, valueField: string) =>
  entry(`(${TARGET}->'modifiedProperties')`, 'displayName', name, valueField);
const KEY_IDS = (text: string) =>
  `regexp_extract_all(lower(coalesce(${text}, '')), 'keyidentifier=([0-9a-f-]{36})', 1)`;
/** An Activity Log claim, at claims or identity.claims. */
const claim = (name: string) => `nullif(coalesce(raw->'claims', raw->'$.identity.claims')->>'$."${name}"', '')`;
const OID = `lower(coalesce(${claim('http://schemas.microsoft.com/identity/claims/objectidentifier')}, ${claim('oid')}))`;

/**
 * Entra lineage, from the audit log, the sign-in logs and the Azure Activity Log:
 * - entra_credential: "Add service principal credentials" / "Update application – Certificates and secrets
 *   management" adds a secret or certificate; each key id new in targetResources[0].modifiedProperties KeyDescription
 *   (KeyIdentifier=…) → the service principal sign-ins whose servicePrincipalCredentialKeyId is that key (1.0). When
 *   the record names no new key, the target's sign-ins afterwards that name no key (by servicePrincipalId or appId),
 *   0.6;
 * - entra_consent: "Consent to application" by a user or app → the consented service principal's activity from then
 *   on (0.8: it may also act under other grants);
 * - entra_token: a service principal or managed identity sign-in → the Activity Log operations made with its token:
 *   claims.uti = uniqueTokenIdentifier (1.0), else claims.oid = servicePrincipalId (or claims.appid = appId) with a
 *   token issued (claims.iat) within five minutes of the sign-in, the nearest one (0.8). Sign-ins without such
 *   operations make no edge (a managed identity signs in every few hours).
 * Plain SQL with no values; appends to lineage_edges.
 */
export async function buildEntraLineage(db: Duck): Promise<void> {
  if (await caseHasSource(db, 'azure_activity')) await db.run(ENTRA_LINEAGE_SQL);
}

const ENTRA_LINEAGE_SQL = `
CREATE OR REPLACE TEMP TABLE entra_signins AS
SELECT event_uid, time, actor_uid, lower(credential_uid) AS key_id, lower(${e('servicePrincipalId')}) AS sp_id,
  lower(${e('appId')}) AS app_id, ${e('uniqueTokenIdentifier')} AS uti
FROM events
WHERE source = 'entra_signin' AND outcome = 'success'
  AND actor_type IN ('signin:ServicePrincipalSignInLogs', 'signin:ManagedIdentitySignInLogs');

-- Credentials added to an application or service principal: one row per new key id (or one with none).
INSERT INTO lineage_edges BY NAME
WITH a AS (
  SELECT event_uid, time, actor_uid, api_operation AS op, lower(${TARGET}->>'id') AS target_id, (${TARGET}->>'type') AS target_type,
    lower(coalesce(${entry(DETAILS, 'key', 'AppId', 'value')},
      regexp_extract(coalesce(${modified('AppId', 'newValue')}, ''), '([0-9A-Fa-f-]{36})', 1))) AS app_id,
    ${KEY_IDS(modified('KeyDescription', 'newValue'))} AS new_ids, ${KEY_IDS(modified('KeyDescription', 'oldValue'))} AS old_ids
  FROM events
  WHERE source = 'azure_activity' AND actor_type LIKE 'audit:%' AND outcome = 'success'
    AND (api_operation = 'Add service principal credentials'
      OR api_operation LIKE 'Update application _ Certificates and secrets management%')
), c AS (
  SELECT event_uid, time, actor_uid, op, target_id, target_type, nullif(app_id, '') AS app_id,
    unnest(CASE WHEN len(list_filter(new_ids, k -> NOT list_contains(old_ids, k))) > 0
      THEN list_filter(new_ids, k -> NOT list_contains(old_ids, k)) ELSE [NULL] END) AS key_id
  FROM a
), u AS (
  SELECT c.event_uid, c.key_id, count(*) AS n, min(s.time) AS first_use, max(s.time) AS last_use,
    arg_min(s.event_uid, (s.time, s.event_uid)) AS first_uid, mode(s.actor_uid) AS actor
  FROM c JOIN entra_signins s ON s.time >= c.time AND (
    (c.key_id IS NOT NULL AND s.key_id = c.key_id)
    OR (c.key_id IS NULL AND s.key_id IS NULL
      AND ((c.target_type = 'ServicePrincipal' AND s.sp_id = c.target_id) OR s.app_id = c.app_id)))
  GROUP BY c.event_uid, c.key_id
), apps AS (
  -- An application's service principal, from any sign-in of its app id: an Application object's change names only
  -- the app, and a credential not used yet still belongs to that service principal
  SELECT app_id, min(actor_uid) AS actor FROM entra_signins WHERE app_id IS NOT NULL GROUP BY app_id
)
SELECT 'entra_credential' AS kind, 'azure_activity' AS source, c.actor_uid AS parent_uid,
  coalesce(u.actor, CASE WHEN c.target_type = 'ServicePrincipal' THEN 'azure:sp:' || c.target_id END, apps.actor,
    'azure:app:' || c.app_id) AS child_uid,
  c.key_id AS credential_uid, c.event_uid AS issue_event_uid, c.time AS issued_at, u.first_uid AS first_use_event_uid,
  u.first_use, u.last_use, coalesce(u.n, 0) AS use_count, CASE WHEN c.key_id IS NULL THEN 0.6 ELSE 1.0 END AS confidence,
  CASE WHEN c.key_id IS NOT NULL
    THEN 'KeyIdentifier ' || c.key_id || ' new in KeyDescription of ' || c.op || ' = servicePrincipalCredentialKeyId of the sign-ins'
    ELSE c.op || ' names no new KeyIdentifier: the sign-ins of ' || coalesce(c.target_type || ' ' || c.target_id, 'appId ' || c.app_id, '?')
      || ' afterwards (servicePrincipalId / appId) that name no key'
  END AS matched
FROM c LEFT JOIN u ON u.event_uid = c.event_uid AND u.key_id IS NOT DISTINCT FROM c.key_id
  LEFT JOIN apps ON apps.app_id = c.app_id
WHERE c.actor_uid IS NOT NULL AND (c.target_id IS NOT NULL OR c.app_id IS NOT NULL);

-- Consent to an application: the service principal's activity from then on, in any log.
INSERT INTO lineage_edges BY NAME
WITH g AS (
  SELECT event_uid, time, actor_uid, 'azure:sp:' || lower(${TARGET}->>'id') AS sp
  FROM events
  WHERE source = 'azure_activity' AND actor_type LIKE 'audit:%' AND outcome = 'success'
    AND api_operation = 'Consent to application' AND (${TARGET}->>'id') IS NOT NULL
)
SELECT 'entra_consent' AS kind, 'azure_activity' AS source, g.actor_uid AS parent_uid, g.sp AS child_uid,
  NULL AS credential_uid, g.event_uid AS issue_event_uid, g.time AS issued_at,
  arg_min(x.event_uid, (x.time, x.event_uid)) AS first_use_event_uid, min(x.time) AS first_use, max(x.time) AS last_use,
  count(x.event_uid) AS use_count, 0.8 AS confidence,
  'targetResources[0].id of Consent to application = the service principal acting afterwards (' || g.sp
    || '); the consent is not named by its calls, which may use other grants' AS matched
FROM g LEFT JOIN events x ON x.actor_uid = g.sp AND x.time >= g.time AND x.event_uid <> g.event_uid
WHERE g.actor_uid IS NOT NULL
GROUP BY g.event_uid, g.time, g.actor_uid, g.sp;

-- Tokens from service principal and managed identity sign-ins, to the Activity Log operations made with them.
INSERT INTO lineage_edges BY NAME
WITH ops AS (
  SELECT event_uid, time, actor_uid, ${claim('uti')} AS uti, ${OID} AS oid, lower(${claim('appid')}) AS appid,
    -- a token's issue time in seconds; a value outside 2000..2100 is no time at all
    CASE WHEN try_cast(${claim('iat')} AS BIGINT) BETWEEN 946684800 AND 4102444800
      THEN to_timestamp(try_cast(${claim('iat')} AS BIGINT)) END AS iat
  FROM events
  WHERE source = 'azure_activity' AND actor_type LIKE 'activity:%'
), exact AS (
  SELECT s.event_uid AS signin_uid, o.event_uid, o.time, o.actor_uid, 1.0 AS confidence
  FROM ops o JOIN entra_signins s ON s.uti = o.uti
), near AS (
  SELECT s.event_uid AS signin_uid, o.event_uid, o.time, o.actor_uid, 0.8 AS confidence
  FROM ops o JOIN entra_signins s ON (o.oid = s.sp_id OR (o.oid IS NULL AND o.appid = s.app_id))
    AND o.iat BETWEEN s.time - INTERVAL 5 MINUTE AND s.time + INTERVAL 5 MINUTE
  WHERE o.event_uid NOT IN (SELECT event_uid FROM exact)
  QUALIFY row_number() OVER (PARTITION BY o.event_uid ORDER BY abs(epoch(o.iat) - epoch(s.time)), s.event_uid) = 1
), uses AS (SELECT * FROM exact UNION ALL SELECT * FROM near)
SELECT 'entra_token' AS kind, 'entra_signin' AS source, s.actor_uid AS parent_uid, mode(u.actor_uid) AS child_uid,
  NULL AS credential_uid, s.event_uid AS issue_event_uid, s.time AS issued_at,
  arg_min(u.event_uid, (u.time, u.event_uid)) AS first_use_event_uid, min(u.time) AS first_use, max(u.time) AS last_use,
  count(*) AS use_count, min(u.confidence) AS confidence,
  CASE WHEN min(u.confidence) = 1.0
    THEN 'uniqueTokenIdentifier of the sign-in (' || s.uti || ') = claims.uti of the Activity Log operations'
    ELSE 'claims.oid = servicePrincipalId (' || coalesce(s.sp_id, '?') || ') or claims.appid = appId (' || coalesce(s.app_id, '?')
      || '), the token issued (claims.iat) within five minutes of the sign-in' END AS matched
FROM uses u JOIN entra_signins s ON s.event_uid = u.signin_uid
WHERE s.actor_uid IS NOT NULL
GROUP BY s.event_uid, s.time, s.actor_uid, s.uti, s.sp_id, s.app_id;

DROP TABLE entra_signins;
`;
