import { TrailmarkError } from '../../../shared/errors';
import type { Duck } from '../db/duck';
import { sql } from '../db/sql';

/** What an analysis run is given; stored with the run so a report can say how findings were made. */
export interface AnalysisParams {
  /** Events before this instant are the learning window; events from it on are analysed. */
  baselineUntil: string;
  /**
   * The window was not chosen by the user: an identity with no event in it is analysed over its own last
   * DEFAULT_RECENT_DAYS days instead (a multi-year archive would otherwise analyse almost nothing).
   */
  adaptive: boolean;
  /** Flagged events further apart than this start a new finding. */
  burstGapMinutes: number;
  /** An identity needs this much history before novelty (first-seen, hours, volume) is judged. */
  minBaselineEvents: number;
  minBaselineDays: number;
  /** Silence this long before a call makes an identity dormant-then-reactivated. */
  dormantDays: number;
}

export const DEFAULT_RECENT_DAYS = 7;

/**
 * Fills in defaults; the baseline ends 7 days before the last event unless the caller chose a date, and then
 * adapts per identity (see `adaptive`).
 */
export async function resolveParams(db: Duck, given: { baselineUntil?: string | null }): Promise<AnalysisParams> {
  let until = given.baselineUntil ?? null;
  if (until !== null) {
    const t = Date.parse(until);
    if (Number.isNaN(t))
      throw new TrailmarkError('bad_request', `--baseline-until is not a date or ISO-8601 time: "${until}"`);
    until = new Date(t).toISOString();
  } else {
    const last = await db.scalar<string | null>(sql`SELECT max(time) FROM events`);
    if (!last) throw new TrailmarkError('bad_request', 'the case has no events to analyse; ingest evidence first');
    until = new Date(Date.parse(last) - DEFAULT_RECENT_DAYS * 86_400_000).toISOString();
  }
  const adaptive = given.baselineUntil == null;
  return {
    baselineUntil: until,
    adaptive,
    burstGapMinutes: 30,
    minBaselineEvents: 20,
    minBaselineDays: 3,
    dormantDays: 10,
  };
}
