import type { CaseVerification } from '../../../shared/model';
import type { CaseFile } from './case-file';
import { onLane } from '../db/lanes';
import { checkDigests } from './digest';

/**
 * Reads the whole case again: the custody chain against its anchor, and every covered table against the digest
 * kept with the anchor (a direct edit of case.duckdb: a renamed operation, a deleted event, a zeroed hash).
 */
export async function verifyCase(c: CaseFile): Promise<CaseVerification> {
  const started = performance.now();
  const custody = await c.custody.verify();
  // On a connection of its own, in one snapshot: actions committing meanwhile are not half seen.
  const tables = await onLane(c.db, 'verify-case', 'verify', (side) => side.transaction(() => checkDigests(side)));
  return {
    ok: custody.ok && tables.every((t) => t.ok),
    custody,
    tables,
    seconds: Math.round(performance.now() - started) / 1000,
  };
}
