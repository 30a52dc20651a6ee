import type { IngestIssue } from '../../../shared/model';
import type { Duck } from '../db/duck';
import { lit, param, sql } from '../db/sql';

/**
 * Issues by file, then by where in the file: positions are text ("record 116", "line 3", "byte 2048"), so they are
 * ordered by their kind and then by their number as a number (record 30 before record 116), not as text.
 */
const ORDER = lit(`evidence_id NULLS FIRST, regexp_extract(position, '^[^0-9]*') NULLS FIRST,
  try_cast(regexp_extract(position, '[0-9]+') AS BIGINT) NULLS FIRST, position, reason`);

/** A page of the case's ingest issues, with their total, as queryEvents pages events. */
export async function listIngestIssues(
  db: Duck,
  q: { offset: number; limit: number },
): Promise<{ rows: IngestIssue[]; total: number; offset: number }> {
  const total = await db.scalar<number>(sql`SELECT count(*) FROM ingest_issues`);
  const rows = await db.all<IngestIssue>(
    sql`SELECT evidence_id, file, position, reason, excerpt FROM ingest_issues
      ORDER BY ${ORDER} LIMIT ${param(q.limit)} OFFSET ${param(q.offset)}`,
  );
  return { rows, total: Number(total ?? 0), offset: q.offset };
}
