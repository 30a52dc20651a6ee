import type { CredentialRow, IdentityLink } from '../../../shared/methods/identity';
import type { Duck } from '../db/duck';
import { lit, param, sql, type Sql } from '../db/sql';

/**
 * The identity's own events and, for a group (a permission-set role), its members' events in that role only: a
 * person may sign in to several roles, and the record's actor_name is ROLE/SESSION.
 */
const actorScope = (actorUid: string): Sql =>
  sql`(actor_uid = ${param(actorUid)}
    OR (actor_uid IN (SELECT member_uid FROM identity_links WHERE group_uid = ${param(actorUid)})
        AND split_part(actor_name, '/', 1) = split_part(${param(actorUid)}, '/', -1)))`;

/** One row per value of a column (credential or session) of the identity's events. */
const byValue = (column: 'credential_uid' | 'session_uid', kind: Sql): Sql => sql`
  SELECT ${kind} AS kind, ${lit(column)} AS id, any_value(actor_uid) AS actor_uid,
    min(time) AS first_seen, max(time) AS last_seen, count(*) AS events,
    list(DISTINCT src_ip ORDER BY src_ip) FILTER (WHERE src_ip IS NOT NULL)[1:10] AS src_ips,
    count(DISTINCT src_ip) AS src_ip_count,
    list(DISTINCT user_agent ORDER BY user_agent) FILTER (WHERE user_agent IS NOT NULL)[1:5] AS user_agents,
    count(DISTINCT user_agent) AS user_agent_count
  FROM e WHERE ${lit(column)} IS NOT NULL AND ${lit(column)} <> '' GROUP BY ${lit(column)}`;

/**
 * The credentials (access keys, tokens, client ids) and sessions an identity used, each with its first and last
 * use, its events, the source addresses (first 10) and user agents (first 5) it was used from, most recent first.
 * AWS keys are told apart by prefix: AKIA… long-term access keys, ASIA… temporary (STS) keys.
 */
export async function listCredentials(db: Duck, actorUid: string, limit: number): Promise<CredentialRow[]> {
  const credentialKind = lit(`CASE WHEN credential_uid LIKE 'AKIA%' THEN 'access_key'
    WHEN credential_uid LIKE 'ASIA%' THEN 'temporary_key' ELSE 'credential' END`);
  const rows = await db.all<CredentialRow>(sql`
    WITH e AS (SELECT actor_uid, time, credential_uid, session_uid, src_ip, user_agent FROM events
               WHERE ${actorScope(actorUid)})
    SELECT * FROM (${byValue('credential_uid', sql`any_value(${credentialKind})`)}
                   UNION ALL ${byValue('session_uid', lit(`'session'`))})
    ORDER BY last_seen DESC, id LIMIT ${param(limit)}`);
  return rows.map((r) => ({ ...r, src_ips: r.src_ips ?? [], user_agents: r.user_agents ?? [] }));
}

/** The groups an identity acted through, and the members of a group. */
export function listIdentityLinks(db: Duck, actorUid: string): Promise<IdentityLink[]> {
  return db.all<IdentityLink>(sql`
    SELECT member_uid, group_uid, relation, first_seen, last_seen, event_count FROM identity_links
    WHERE member_uid = ${param(actorUid)} OR group_uid = ${param(actorUid)}
    ORDER BY event_count DESC, member_uid, group_uid`);
}
