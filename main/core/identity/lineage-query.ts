import type { LineageLink } from '../../../shared/methods/lineage';
import type { Duck } from '../db/duck';
import { lit, param, sql, type Sql } from '../db/sql';

/** A time as the API gives it (ISO 8601, seconds, UTC), from a column or aggregate named by code. */
export const iso = (expr: string): Sql => lit(`strftime(${expr}, '%Y-%m-%dT%H:%M:%SZ')`);

/**
 * The lineage around one identity, `depth` hops each way: upward along child → parent (who obtained its
 * credentials, and who obtained theirs), downward along parent → child (what it issued or created, and what those
 * did in turn). Each link groups the issuances between one parent and one child of one kind, with its evidence.
 * A hop from an identity to itself (GetSessionToken) is listed but not followed. Most used links first per depth.
 * It reads lineage_links (one row per link, written with the edges), so its cost does not grow with the issuances.
 */
export function identityLineage(db: Duck, actorUid: string, depth: number, limit: number): Promise<LineageLink[]> {
  return db.all<LineageLink>(identityLineageSql(actorUid, depth, limit, 'case'));
}

/**
 * The lineage query, over the case's tables or (its Show SQL) the console's views: the same text but for the
 * identities, whose overrides the case reads from effective_identities and the console from q.identities.
 */
export function identityLineageSql(actorUid: string, depth: number, limit: number, over: 'case' | 'views'): Sql {
  const uid = param(actorUid);
  const d = param(depth);
  const identities = lit(over === 'case' ? 'effective_identities' : 'identities');
  return sql`
    WITH RECURSIVE down(uid, d) AS (
      SELECT CAST(${uid} AS VARCHAR), 0
      UNION
      SELECT p.child_uid, down.d + 1 FROM down JOIN lineage_links p
        ON p.parent_uid = down.uid AND p.child_uid <> p.parent_uid WHERE down.d + 1 < ${d}
    ), up(uid, d) AS (
      SELECT CAST(${uid} AS VARCHAR), 0
      UNION
      SELECT p.parent_uid, up.d + 1 FROM up JOIN lineage_links p
        ON p.child_uid = up.uid AND p.child_uid <> p.parent_uid WHERE up.d + 1 < ${d}
    ), reach AS (
      SELECT 'child' AS direction, uid, min(d) + 1 AS depth FROM down GROUP BY uid
      UNION ALL
      SELECT 'parent', uid, min(d) + 1 FROM up GROUP BY uid
    ), links AS (
      SELECT r.direction, r.depth, l.*
      FROM reach r JOIN lineage_links l
        ON (r.direction = 'child' AND l.parent_uid = r.uid) OR (r.direction = 'parent' AND l.child_uid = r.uid)
    )
    SELECT g.direction, g.depth, g.kind, g.source, g.parent_uid, p.display_name AS parent_name, g.child_uid,
      c.display_name AS child_name, g.issuances, ${iso('g.first_issued')} AS first_issued,
      ${iso('g.last_issued')} AS last_issued, g.credentials, g.issue_event_uids,
      g.first_use_event_uids, g.use_count, ${iso('g.first_use')} AS first_use,
      ${iso('g.last_use')} AS last_use, g.confidence, g.matched
    FROM links g
    LEFT JOIN ${identities} p ON p.actor_uid = g.parent_uid
    LEFT JOIN ${identities} c ON c.actor_uid = g.child_uid
    ORDER BY g.direction DESC, g.depth, g.use_count DESC, g.issuances DESC, g.parent_uid, g.child_uid, g.kind
    LIMIT ${param(limit)}`;
}
