import { MAX_GAPS_LISTED, type LogGap, type LogGapReport } from '../../../shared/model';
import type { CaseFile } from '../case/case-file';
import { GAPS_SQL } from './gaps-sql';

/** Events change only by ingest, so a report is good until the evidence list changes. */
const cache = new WeakMap<CaseFile, { key: string; report: LogGapReport }>();

/** Hours with no events where each stream's own pattern says there should be some (see gaps-sql.ts). */
export async function logGaps(c: CaseFile): Promise<LogGapReport> {
  const state = await c.db.one<{ n: number; top: number | null }>(
    'SELECT count(*) AS n, max(evidence_id) AS top FROM evidence_files',
  );
  const key = `${state?.n}:${state?.top}`;
  const hit = cache.get(c);
  if (hit?.key === key) return hit.report;
  const gaps = await c.db.all<LogGap>(GAPS_SQL);
  const streams = await c.db.scalar<number>(`
    SELECT count(*) FROM (
      SELECT 1 FROM events WHERE time IS NOT NULL GROUP BY source, account_uid, region
      HAVING date_diff('hour', min(time), max(time)) + 1 >= 48
        AND count(DISTINCT date_trunc('hour', time AT TIME ZONE 'UTC')) >= 24)`);
  const report = { streams, total: gaps.length, gaps: gaps.slice(0, MAX_GAPS_LISTED) };
  cache.set(c, { key, report });
  return report;
}
