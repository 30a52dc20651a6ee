import { TrailmarkError } from '../../../shared/errors';
import type { CaseFile } from '../case/case-file';
import type { Duck } from '../db/duck';
import { param, sql } from '../db/sql';
import { buildLineage, LINEAGE_BUILT_KEY, LINEAGE_VERSION } from './lineage';

/** Whether the case has events but its lineage was never built by these rules (ingested before, or by older rules). */
export async function lineageDue(db: Duck): Promise<boolean> {
  return Boolean(
    await db.scalar<boolean>(sql`
      SELECT EXISTS (SELECT 1 FROM events)
        AND coalesce((SELECT value FROM case_meta WHERE key = ${param(LINEAGE_BUILT_KEY)}), '') <> ${param(LINEAGE_VERSION)}`),
  );
}

/**
 * Builds the lineage of a case whose lineage is due (lineageDue), so its identity pages and detectors do not show
 * an empty lineage until the next ingest. The edges, the marker and the custody entry that records them commit
 * together, in one transaction: a failure or a cancel (which interrupts the statement running) leaves the case as
 * it was, and the next open tries again. The edges are derived from the events and are in no digest, so the
 * case's digests are unchanged. Returns the edges built, or null when nothing was to be done.
 */
export async function buildMissingLineage(c: CaseFile, signal?: AbortSignal): Promise<number | null> {
  if (!(await lineageDue(c.db))) return null;
  const cancelled = () => new TrailmarkError('cancelled', 'building lineage was cancelled');
  if (signal?.aborted) throw cancelled();
  // Interrupts the case's connection only while this change runs on it, not while it waits for the custody queue.
  let running = false;
  const interrupt = () => running && c.db.interrupt();
  signal?.addEventListener('abort', interrupt);
  try {
    const { result } = await c.custody.record({
      change: async () => {
        if (signal?.aborted) throw cancelled();
        running = true;
        try {
          return await buildLineage(c.db);
        } finally {
          running = false;
        }
      },
      items: (edges: number) => [{ action: 'lineage.built', detail: { edges, rules: LINEAGE_VERSION } }],
    });
    return result;
  } finally {
    signal?.removeEventListener('abort', interrupt);
  }
}
