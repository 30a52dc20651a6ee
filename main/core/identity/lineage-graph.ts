import type {
  LineageGraph,
  LineageGraphEdge,
  LineageGraphNode,
  LineageGraphQuery,
} from '../../../shared/methods/lineage';
import { TrailmarkError } from '../../../shared/errors';
import { SEVERITY_LEVELS, type Finding } from '../../../shared/model';
import type { Duck } from '../db/duck';
import { lit, list, param, sql, TRUE, type Sql } from '../db/sql';
import { linkColumns } from './lineage-links';
import { iso } from './lineage-query';

/** Severities in rising order, as an SQL list: a finding's rank is its position in it. */
const SEVERITIES = lit(`[${SEVERITY_LEVELS.map((s) => `'${s}'`).join(', ')}]`);

/**
 * The lineage edges the graph may use. With a window, the root's own edges are kept only where they were active
 * in it (issued before its end and last used, or issued, at or after its start): a finding's chain is the session
 * or key it acted with and what it issued then, not every session the identity was ever given.
 */
function keepEdge(root: string, window: Window | null): Sql {
  if (!window) return TRUE;
  return sql`((parent_uid <> ${param(root)} AND child_uid IS DISTINCT FROM ${param(root)})
    OR (issued_at <= CAST(${param(window.to)} AS TIMESTAMPTZ)
      AND coalesce(last_use, issued_at) >= CAST(${param(window.from)} AS TIMESTAMPTZ)))`;
}

type Window = { from: string; to: string };

/**
 * The identities within `depth` hops of the root, up along child → parent and down along parent → child (a hop
 * from an identity to itself is not followed), each at its shortest distance. Past `max` the nearest are kept, then
 * those whose links carried the most calls, so every kept identity keeps the path that reached it.
 */
function nodesSql(scoped: Sql, root: string, depth: number, max: number): Sql {
  return sql`
    WITH RECURSIVE scoped AS (${scoped}), pairs AS (
      SELECT DISTINCT parent_uid, child_uid FROM scoped WHERE child_uid IS NOT NULL AND child_uid <> parent_uid
    ), down(uid, d) AS (
      SELECT CAST(${param(root)} AS VARCHAR), 0
      UNION
      SELECT p.child_uid, down.d + 1 FROM down JOIN pairs p ON p.parent_uid = down.uid WHERE down.d < ${param(depth)}
    ), up(uid, d) AS (
      SELECT CAST(${param(root)} AS VARCHAR), 0
      UNION
      SELECT p.parent_uid, up.d + 1 FROM up JOIN pairs p ON p.child_uid = up.uid WHERE up.d < ${param(depth)}
    ), reach AS (
      SELECT uid, min(d) AS hops, bool_or(side = 'up') AS up, bool_or(side = 'down') AS down
      FROM (SELECT uid, d, 'down' AS side FROM down UNION ALL SELECT uid, d, 'up' FROM up)
      GROUP BY uid
    ), weight AS (
      SELECT uid, sum(use_count) + count(*) AS w
      FROM (SELECT parent_uid AS uid, use_count FROM scoped UNION ALL SELECT child_uid, use_count FROM scoped)
      WHERE uid IN (SELECT uid FROM reach)
      GROUP BY uid
    ), ranked AS (
      SELECT r.*, row_number() OVER (ORDER BY r.hops, coalesce(w.w, 0) DESC, r.uid) AS rank, count(*) OVER () AS reached
      FROM reach r LEFT JOIN weight w USING (uid)
    ), marks AS (
      SELECT actor_uid, count(*) AS n, max(list_position(${SEVERITIES}, severity)) AS sev
      FROM findings WHERE status <> 'dismissed' AND actor_uid IN (SELECT uid FROM ranked WHERE rank <= ${param(max)})
      GROUP BY actor_uid
    )
    SELECT r.uid AS actor_uid, i.display_name AS name, i.category, i.kind, i.account_uid, r.hops, r.up, r.down,
      coalesce(m.n, 0) AS findings, ${SEVERITIES}[m.sev] AS max_severity, r.reached
    FROM ranked r
    LEFT JOIN effective_identities i ON i.actor_uid = r.uid
    LEFT JOIN marks m ON m.actor_uid = r.uid
    WHERE r.rank <= ${param(max)}
    ORDER BY r.rank`;
}

/**
 * Every hop between two kept identities (the chains, and any other link between them), one per kind, parent and
 * child, with its evidence; a hop to no known identity only below an identity reached going down.
 */
function edgesSql(scoped: Sql, kept: string[], below: string[]): Sql {
  return sql`
    WITH scoped AS (${scoped})
    SELECT kind, source, parent_uid, child_uid, ${linkColumns((agg) => iso(agg).text)}
    FROM scoped
    WHERE (parent_uid IN ${list(kept)} AND child_uid IN ${list(kept)})
      OR (child_uid IS NULL AND parent_uid IN ${list(below)})
    GROUP BY kind, source, parent_uid, child_uid
    ORDER BY use_count DESC, issuances DESC, parent_uid, child_uid, kind`;
}

/**
 * The graph of the chains around an identity, or around a finding (read by the caller, from the floor above): its
 * identity is the root and, unless `all_time`, its window scopes the root's own links.
 */
export async function lineageGraph(
  db: Duck,
  q: Omit<LineageGraphQuery, 'finding'>,
  finding: Finding | null,
): Promise<LineageGraph> {
  const root = finding ? finding.actor_uid : q.actor_uid;
  if (!root) throw new TrailmarkError('bad_request', `finding ${finding?.id} names no identity`);
  const window = finding?.start && finding.end && !q.all_time ? { from: finding.start, to: finding.end } : null;
  const scoped = sql`SELECT * FROM lineage_edges WHERE ${keepEdge(root, window)}`;
  const rows = await db.all<LineageGraphNode & { reached: number }>(nodesSql(scoped, root, q.depth, q.max_nodes));
  const nodes = rows.map(({ reached: _, ...n }) => n);
  if (nodes.length === 1 && nodes[0]!.name === null)
    throw new TrailmarkError('not_found', `no identity ${root} in this case, and no lineage link names it`);
  const kept = nodes.map((n) => n.actor_uid);
  const below = nodes.filter((n) => n.down).map((n) => n.actor_uid);
  const edges = await db.all<LineageGraphEdge>(edgesSql(scoped, kept, below));
  const outside = window
    ? Number(
        await db.scalar(sql`SELECT count(*) FROM lineage_edges WHERE (parent_uid = ${param(root)} OR child_uid = ${param(root)})
          AND NOT ${keepEdge(root, window)}`),
      )
    : 0;
  const reached = rows[0]?.reached ?? 1;
  return {
    root,
    finding: finding && { id: finding.id, title: finding.title, start: finding.start, end: finding.end },
    window,
    outside_window: outside,
    depth: q.depth,
    nodes,
    edges,
    reached,
    max_nodes: q.max_nodes,
    capped: reached > nodes.length,
  };
}
