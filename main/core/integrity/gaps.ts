import { LogGapReport, MAX_GAPS_LISTED, type LogGap } from '../../../shared/model';
import type { CaseFile } from '../case/case-file';
import { GAPS_SQL, STREAMS_SQL } from './gaps-sql';
import { param, sql } from '../db/sql';

const META_KEY = 'integrity.gaps';

/**
 * Hours with no events where each stream's own pattern says there should be some (see gaps-sql.ts). Events
 * change only by ingest, so the report is kept in case_meta with the evidence state it was computed for: a scan
 * of every event (seconds at 10 million) runs once per ingest, not on every `info`.
 */
export async function logGaps(c: CaseFile): Promise<LogGapReport> {
  const state = await c.db.one<{ n: number; top: number | null }>(
    sql`SELECT count(*) AS n, max(evidence_id) AS top FROM evidence_files`,
  );
  const key = `${state?.n}:${state?.top}`;
  const kept = await c.meta(META_KEY);
  if (kept) {
    const parsed = safeParse(kept);
    if (parsed?.key === key) return parsed.report;
  }
  const gaps = await c.db.all<LogGap>(GAPS_SQL);
  const streams = await c.db.scalar<number>(STREAMS_SQL);
  const report = { streams, total: gaps.length, gaps: gaps.slice(0, MAX_GAPS_LISTED) };
  await c.db.run(
    sql`INSERT OR REPLACE INTO case_meta VALUES (${param(META_KEY)}, ${param(JSON.stringify({ key, report }))})`,
  );
  return report;
}

function safeParse(text: string): { key: string; report: LogGapReport } | null {
  try {
    const v = JSON.parse(text) as { key?: unknown; report?: unknown };
    const report = LogGapReport.safeParse(v.report);
    return typeof v.key === 'string' && report.success ? { key: v.key, report: report.data } : null;
  } catch {
    return null;
  }
}
