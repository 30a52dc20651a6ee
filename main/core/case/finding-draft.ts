import { SEVERITY_LEVELS } from '../../../shared/model';

export const SEVERITIES = SEVERITY_LEVELS;
export type Severity = (typeof SEVERITIES)[number];

/**
 * What a detector or a Sigma rule produces before it is stored as a finding (the `findings` table).
 * Times are ISO-8601 UTC strings; event_uids are the evidence, in time order.
 */
export interface FindingDraft {
  detector: string; // e.g. 'first_seen_operation', or 'sigma:<rule id>'
  severity: Severity;
  score: number; // 0..100, for ranking
  actor_uid: string | null;
  start: string;
  end: string;
  title: string;
  explanation: string; // one sentence that cites the numbers
  event_uids: string[];
  /** When several detectors' signals were merged into this finding: all of them, strongest first. */
  detectors?: string[];
}
