import { MAX_EVIDENCE_LISTED, type CaseInfo, type EvidenceFile } from '../../../shared/model';
import type { CaseFile } from '../case/case-file';
import { logGaps } from '../integrity/gaps';
import { param, sql } from '../db/sql';
import { listIngestIssues } from './ingest-issues';

/** The case's summary; the session adds its upgrade job (api/handlers.ts). */
export async function caseInfo(c: CaseFile): Promise<Omit<CaseInfo, 'upgrade_job'>> {
  const db = c.db;
  const evidence = await db.all<EvidenceFile>(
    sql`SELECT evidence_id, path, member_path, sha256, size, format, records, loaded, quarantined, skipped_reason, added_at
     FROM evidence_files ORDER BY evidence_id LIMIT ${param(MAX_EVIDENCE_LISTED)}`,
  );
  const counts = await db.one<{ files: number; events: number; from: string | null; to: string | null }>(
    sql`SELECT (SELECT count(*) FROM evidence_files) AS files, count(*) AS events, min(time) AS "from", max(time) AS "to" FROM events`,
  );
  const sources = await db.all<{ source: string; events: number }>(
    sql`SELECT source, count(*) AS events FROM events GROUP BY source ORDER BY events DESC`,
  );
  const cats = await db.all<{ category: 'human' | 'machine' | 'unknown'; n: number }>(
    sql`SELECT category, count(*) AS n FROM effective_identities GROUP BY 1`,
  );
  const issues = await listIngestIssues(db, { offset: 0, limit: 50 });
  const identities = { human: 0, machine: 0, unknown: 0 };
  for (const r of cats) identities[r.category] = r.n;
  return {
    path: c.dir,
    name: c.name,
    created_at: (await c.meta('created_at')) ?? '',
    investigator: c.custody.investigator,
    evidence,
    evidence_total: counts?.files ?? 0,
    sources,
    events: counts?.events ?? 0,
    identities,
    time_range: { from: counts?.from ?? null, to: counts?.to ?? null },
    custody: c.custody.lastStatus,
    issues: { count: issues.total, first: issues.rows },
    gaps: await logGaps(c),
  };
}
