import type { Duck } from '../db/duck';
import { lit, sql, type Sql } from '../db/sql';

/**
 * The columns of one link (the issuances between one parent and one child of one kind, grouped from
 * lineage_edges, with their evidence), shared by lineage_links and the case-wide graph (which groups only the edges
 * in a finding's window); `time` wraps each time aggregate (the graph formats it in place). The first 20 of each
 * evidence list come from a top-N aggregate (min_by … 20), not a sort of every issuance.
 */
export function linkColumns(time: (agg: string) => string): Sql {
  return lit(`count(*) AS issuances,
        ${time('min(issued_at)')} AS first_issued, ${time('max(issued_at)')} AS last_issued,
        coalesce(min_by(credential_uid, (issued_at, credential_uid), 20) FILTER (WHERE credential_uid IS NOT NULL), []) AS credentials,
        min_by(issue_event_uid, (issued_at, issue_event_uid), 20) AS issue_event_uids,
        coalesce(min_by(first_use_event_uid, (issued_at, issue_event_uid), 20) FILTER (WHERE first_use_event_uid IS NOT NULL), []) AS first_use_event_uids,
        sum(use_count) AS use_count, ${time('min(first_use)')} AS first_use, ${time('max(last_use)')} AS last_use,
        min(confidence) AS confidence, arg_min(matched, (issued_at, issue_event_uid)) AS matched`);
}

/**
 * Writes lineage_links from lineage_edges: one row per link, so the lineage panel reads a few rows where an instance
 * role of the 10M-event bench case has 317,345 issuances. Runs wherever the edges are written, in their transaction.
 */
export async function buildLineageLinks(db: Duck): Promise<void> {
  await db.run(lit('DELETE FROM lineage_links'));
  await db.run(
    sql`INSERT INTO lineage_links BY NAME
        SELECT kind, source, parent_uid, child_uid, ${linkColumns((agg) => agg)}
        FROM lineage_edges GROUP BY kind, source, parent_uid, child_uid`,
  );
}
