import path from 'node:path';
import { Duck } from '../../main/core/db/duck';
import type { Sql } from '../../main/core/db/sql';

/**
 * Edits a closed case's database directly, as an older Trailmark left it (no background work of an open case, such
 * as the text index, runs beside the edit).
 */
export async function editClosed(caseDir: string, ...steps: Sql[]): Promise<void> {
  const db = await Duck.open(path.join(caseDir, 'case.duckdb'), { storage_compatibility_version: 'v1.2.0' });
  try {
    for (const s of steps) await db.run(s);
  } finally {
    await db.close();
  }
}
