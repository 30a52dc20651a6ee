import type { LogGapReport } from '../../../shared/model';
import type { FindingDraft } from '../case/finding-draft';

export const LOG_GAP_DETECTOR = { name: 'log_gap', version: 1 };

/**
 * Log gaps found at ingest (main/core/integrity/gaps.ts) as findings: a silent stream may be an outage or an
 * exporter's filter, or logging that was stopped, so an investigator should see it beside the rest. They belong to
 * a stream, not an identity, and have no events to cite: the gap is the evidence.
 */
export function logGapFindings(report: LogGapReport): FindingDraft[] {
  return report.gaps.map((g) => {
    const where = [g.source, g.account_uid, g.region].filter(Boolean).join(' / ');
    const score = Math.min(40, 15 + Math.round(g.hours / 6));
    return {
      detector: LOG_GAP_DETECTOR.name,
      severity: 'low',
      score,
      actor_uid: null,
      start: g.start,
      end: g.end,
      title: `Log gap: no ${where} events for ${g.hours} hours`,
      explanation: g.reason,
      event_uids: [],
    };
  });
}
