import type { Duck } from '../db/duck';

/**
 * The keys GitHub tokens learn over the whole case. An event made with a token is keyed by its token_id when the
 * record carries one, else by its hashed_token (ingest/sources/github.ts). GitHub documents hashed_token on every
 * event made with a token; token_id is on some (API requests, token management) and not on others, so one token
 * would be two identities. A record that carries both proves the pair: the hashed_token key is an alias of the
 * token_id key when the case shows exactly one token_id for that hash (a hash seen with two token_ids is left as it
 * is: nothing says which one it is). The events of a merged hash then name the token_id as their credential too.
 * Fills resolve_keys with the case's token keys, for the one merge (resolve.ts).
 * Returns how many events the case had were given the token_id as credential: their digests must be made again.
 */
export async function learnGithubTokens(db: Duck): Promise<number> {
  await db.run(LEARN_SQL);
  const recredential = Number(await db.scalar<number>(COUNT_RECREDENTIAL_SQL));
  if (recredential > 0) await db.run(RECREDENTIAL_SQL);
  await db.run('DROP TABLE IF EXISTS github_token_pairs');
  return recredential;
}

const LEARN_SQL = `
CREATE OR REPLACE TEMP TABLE github_token_pairs AS
SELECT nullif(raw->>'$.hashed_token', '') AS hashed, nullif(raw->>'$.token_id', '') AS token_id, count(*) AS n
FROM events
-- credential_uid is set on every record that names a token: the raw JSON is read only for those
WHERE source = 'github_audit' AND credential_uid IS NOT NULL AND nullif(raw->>'$.hashed_token', '') IS NOT NULL
  AND nullif(raw->>'$.token_id', '') IS NOT NULL
GROUP BY ALL;

INSERT OR IGNORE INTO actor_aliases
SELECT 'github:token:' || hashed, 'github:token:' || min(token_id), 'github_audit',
  'hashed_token = ' || hashed || ' in records without token_id; ' || sum(n)
    || CASE WHEN sum(n) = 1 THEN ' record that carries' ELSE ' records that carry' END
    || ' both show it is token_id ' || min(token_id) || ' (no other token_id has that hashed_token)'
FROM github_token_pairs
GROUP BY hashed HAVING count(DISTINCT token_id) = 1;

INSERT INTO resolve_keys
SELECT DISTINCT actor_uid FROM events WHERE source = 'github_audit' AND actor_uid LIKE 'github:token:%';
`;

/** Events whose credential is a hashed_token merged into a token_id. */
const RECREDENTIAL_FROM = `
FROM actor_aliases a
WHERE a.source = 'github_audit' AND events.source = 'github_audit'
  AND a.from_uid = 'github:token:' || events.credential_uid`;

const COUNT_RECREDENTIAL_SQL = `SELECT count(*) FROM events WHERE EXISTS (SELECT 1 ${RECREDENTIAL_FROM})`;

const RECREDENTIAL_SQL = `
UPDATE events SET credential_uid = substr(a.to_uid, length('github:token:') + 1)
${RECREDENTIAL_FROM}`;
