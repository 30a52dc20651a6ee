import type { CaseFile } from '../case/case-file';
import { param, sql } from '../db/sql';
import { buildLineage, LINEAGE_BUILT_KEY, LINEAGE_VERSION } from './lineage';

/**
 * Builds the lineage of a case that has events but whose lineage was never built by these rules (ingested before
 * lineage existed, or by older rules), so its identity pages and detectors do not show an empty lineage until the
 * next ingest. The edges, the marker and the custody entry that records them commit together. The edges are
 * derived from the events and are in no digest, so the case's digests are unchanged. A failure leaves the case
 * as it was and open; the next open tries again. Returns the edges built, or null when nothing was to be done.
 */
export async function buildLineageIfMissing(c: CaseFile): Promise<number | null> {
  const due = await c.db.scalar<boolean>(sql`
    SELECT EXISTS (SELECT 1 FROM events)
      AND coalesce((SELECT value FROM case_meta WHERE key = ${param(LINEAGE_BUILT_KEY)}), '') <> ${param(LINEAGE_VERSION)}`);
  if (!due) return null;
  try {
    const { result } = await c.custody.record({
      change: () => buildLineage(c.db),
      items: (edges: number) => [{ action: 'lineage.built', detail: { edges, rules: LINEAGE_VERSION } }],
    });
    return result;
  } catch {
    // The case opens as it was (a custody line the disk refused is written again by the log's next action).
    return null;
  }
}
