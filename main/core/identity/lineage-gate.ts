import type { Source } from '../../../shared/model';
import type { Duck } from '../db/duck';
import { param, sql } from '../db/sql';

/** Whether the case holds any event of `source`: a source's lineage reads nothing in a case without it. */
export async function caseHasSource(db: Duck, source: Source): Promise<boolean> {
  return Boolean(await db.scalar(sql`SELECT EXISTS (SELECT 1 FROM events WHERE source = ${param(source)})`));
}
