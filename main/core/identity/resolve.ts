import type { Source } from '../../../shared/model';
import type { Duck } from '../db/duck';
import { SSO_PERSON_PREFIX } from './aws-keys';
import { learnGithubTokens } from './resolve-github';

/**
 * The identity step after loading, over the whole case: keys that a record alone could not complete are merged
 * into the key the case shows elsewhere, whichever file came first. Each source that has such keys learns its
 * aliases and names the keys it holds (temp table resolve_keys); one merge then moves them all.
 * - CloudTrail: a principal id (AIDA…, AROA…) named alone is the ARN that records carrying both name (exactly one);
 *   a role or user ARN without a path (derived from a session ARN or a userName) is the ARN with a path that the
 *   case shows for the same account, kind and name (exactly one): sessionIssuer.arn, or an AssumeRole's roleArn.
 * - GitHub: a token named by hashed_token alone is the token_id that records carrying both name (exactly one).
 * Each merge is kept in actor_aliases with its rule; the events, the identity rows and what hangs off them
 * (overrides, findings, flags, summaries) move to the merged key, and the merged key is classified again.
 * Then the people behind IAM Identity Center sessions are linked to the permission-set role they used.
 * Runs inside the ingest's final transaction, after the events are in and before identities are classified.
 * Returns how many keys were merged or events re-credentialed: rows the case already had changed, so their
 * digests must be made again.
 */
export async function resolveIdentities(db: Duck, sources: readonly Source[]): Promise<number> {
  const aws = sources.includes('cloudtrail');
  await db.run('CREATE OR REPLACE TEMP TABLE resolve_keys (uid VARCHAR)');
  if (aws) await db.run(LEARN_SQL);
  const recredentialed = sources.includes('github_audit') ? await learnGithubTokens(db) : 0;
  const moved = await db.scalar<number>(
    'SELECT count(*) FROM resolve_keys k JOIN actor_aliases a ON a.from_uid = k.uid',
  );
  if (Number(moved) > 0) await db.run(MERGE_SQL);
  if (aws) {
    await db.run(LINK_SQL);
    await db.run(
      'INSERT INTO ingest_actors SELECT DISTINCT group_uid FROM identity_links WHERE member_uid IN (SELECT actor_uid FROM ingest_actors)',
    );
  }
  await db.run('DROP TABLE IF EXISTS aws_keys; DROP TABLE IF EXISTS resolve_keys; DROP TABLE IF EXISTS merged_keys;');
  return Number(moved) + recredentialed;
}

/** Every key the case's CloudTrail events name, with its principal id, and the role ARNs AssumeRole calls name. */
const LEARN_SQL = `
CREATE OR REPLACE TEMP TABLE aws_keys AS
SELECT actor_uid AS uid, min(principal_id) AS principal_id FROM events
WHERE source = 'cloudtrail' AND actor_uid IS NOT NULL GROUP BY actor_uid
UNION ALL -- a user deleted and made again under its name: a second principal id
SELECT actor_uid, max(principal_id) FROM events
WHERE source = 'cloudtrail' AND actor_uid IS NOT NULL GROUP BY actor_uid HAVING min(principal_id) <> max(principal_id)
UNION ALL
SELECT group_uid, NULL FROM identity_links GROUP BY group_uid
UNION ALL
SELECT resource_uid, NULL FROM events
WHERE api_operation IN ('AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity') AND source = 'cloudtrail'
  AND resource_uid LIKE 'arn:%:iam::%:role/%'
GROUP BY resource_uid;

INSERT OR IGNORE INTO actor_aliases
SELECT k.uid, min(a.uid), 'cloudtrail',
  'userIdentity.principalId = ' || k.uid || ' in records without an ARN; records that carry both show it is ' || min(a.uid)
FROM aws_keys k JOIN aws_keys a ON a.principal_id = k.uid AND a.uid LIKE 'arn:%'
WHERE k.uid = k.principal_id
GROUP BY k.uid HAVING count(DISTINCT a.uid) = 1;

INSERT OR IGNORE INTO actor_aliases
WITH arns AS (
  SELECT DISTINCT uid, split_part(uid, ':', 2) || ':' || split_part(uid, ':', 5) AS scope,
    split_part(split_part(uid, ':', 6), '/', 1) AS kind, split_part(uid, '/', -1) AS name,
    length(split_part(uid, ':', 6)) - length(replace(split_part(uid, ':', 6), '/', '')) AS slashes
  FROM aws_keys WHERE uid LIKE 'arn:%:iam::%:role/%' OR uid LIKE 'arn:%:iam::%:user/%'
)
SELECT p.uid, min(q.uid), 'cloudtrail',
  'the ' || p.kind || ' ' || p.name || ' of account ' || split_part(p.scope, ':', 2) || ' is named with its path as ' || min(q.uid) || ' elsewhere in the case'
FROM arns p JOIN arns q ON q.scope = p.scope AND q.kind = p.kind AND q.name = p.name AND q.slashes > 1
WHERE p.slashes = 1
GROUP BY p.uid, p.kind, p.name, p.scope HAVING count(DISTINCT q.uid) = 1;

-- a principal id merged into an ARN whose path was learned too: straight to the ARN with the path
UPDATE actor_aliases SET to_uid = b.to_uid FROM actor_aliases b WHERE actor_aliases.to_uid = b.from_uid;

INSERT INTO resolve_keys SELECT uid FROM aws_keys;
`;

/**
 * Moves everything keyed by a merged key to its new key, for every source. Only keys the case still uses (those the
 * sources named in resolve_keys) are touched.
 */
const MERGE_SQL = `
CREATE OR REPLACE TEMP TABLE merged_keys AS
SELECT DISTINCT a.from_uid, a.to_uid FROM resolve_keys k JOIN actor_aliases a ON a.from_uid = k.uid;

UPDATE events SET actor_uid = m.to_uid FROM merged_keys m WHERE events.actor_uid = m.from_uid;
DELETE FROM identities WHERE actor_uid IN (SELECT from_uid FROM merged_keys);
UPDATE identity_links SET group_uid = m.to_uid FROM merged_keys m WHERE identity_links.group_uid = m.from_uid;
INSERT INTO ingest_actors SELECT DISTINCT member_uid FROM identity_links WHERE group_uid IN (SELECT to_uid FROM merged_keys);
UPDATE identity_overrides SET actor_uid = m.to_uid FROM merged_keys m
WHERE identity_overrides.actor_uid = m.from_uid AND m.to_uid NOT IN (SELECT actor_uid FROM identity_overrides);
UPDATE findings SET actor_uid = m.to_uid FROM merged_keys m WHERE findings.actor_uid = m.from_uid;
UPDATE annotations SET actor_uid = m.to_uid FROM merged_keys m WHERE annotations.actor_uid = m.from_uid;
UPDATE annotations SET target_id = m.to_uid FROM merged_keys m
WHERE annotations.target_kind = 'identity' AND annotations.target_id = m.from_uid;
UPDATE summary_actor_hour SET actor_uid = m.to_uid FROM merged_keys m WHERE summary_actor_hour.actor_uid = m.from_uid;
DELETE FROM summary_actor_values WHERE actor_uid IN (SELECT from_uid FROM merged_keys UNION SELECT to_uid FROM merged_keys);
DELETE FROM summary_actor_state WHERE actor_uid IN (SELECT from_uid FROM merged_keys UNION SELECT to_uid FROM merged_keys);
DELETE FROM ingest_actors WHERE actor_uid IN (SELECT from_uid FROM merged_keys);
INSERT INTO ingest_actors SELECT DISTINCT to_uid FROM merged_keys;
`;

/**
 * The people behind IAM Identity Center: this ingest's sessions of a permission-set role (`AWSReservedSSO_*`, keyed
 * to the role by the record) go to the person who signed in, `aws-sso-user:` and the session name (the Identity
 * Center user name, often an e-mail). The person is linked to the role with the count of its events there; the
 * role is then classified as the group of its people.
 */
const LINK_SQL = `
CREATE OR REPLACE TEMP TABLE aws_sso AS
SELECT actor_uid AS role_uid, '${SSO_PERSON_PREFIX}' || split_part(actor_name, '/', 2) AS person,
  min(time) AS first_seen, max(time) AS last_seen, count(*) AS n
FROM events
WHERE actor_uid IN (SELECT uid FROM aws_keys WHERE split_part(uid, '/', -1) LIKE 'AWSReservedSSO\\_%' ESCAPE '\\')
  AND evidence_id IN (SELECT evidence_id FROM ingest_evidence) AND source = 'cloudtrail' AND actor_type = 'AssumedRole'
  AND split_part(actor_name, '/', 2) NOT IN ('', '?')
GROUP BY ALL;

UPDATE events SET actor_uid = '${SSO_PERSON_PREFIX}' || split_part(actor_name, '/', 2)
WHERE evidence_id IN (SELECT evidence_id FROM ingest_evidence) AND source = 'cloudtrail' AND actor_type = 'AssumedRole'
  AND actor_uid IN (SELECT role_uid FROM aws_sso) AND split_part(actor_name, '/', 2) NOT IN ('', '?');

INSERT INTO identity_links
SELECT person, role_uid, 'signed in through IAM Identity Center to', first_seen, last_seen, n FROM aws_sso
ON CONFLICT DO UPDATE SET first_seen = least(first_seen, excluded.first_seen),
  last_seen = greatest(last_seen, excluded.last_seen), event_count = event_count + excluded.event_count;

DELETE FROM identities WHERE actor_uid IN (SELECT role_uid FROM aws_sso)
  AND actor_uid NOT IN (SELECT actor_uid FROM events WHERE source = 'cloudtrail' AND actor_uid IN (SELECT role_uid FROM aws_sso));
INSERT INTO ingest_actors SELECT DISTINCT person FROM aws_sso UNION SELECT DISTINCT role_uid FROM aws_sso;
DROP TABLE aws_sso;
`;
