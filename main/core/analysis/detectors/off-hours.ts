import type { Duck } from '../../db/duck';
import { param, sql } from '../../db/sql';
import { bursts, list, plural, span, type BurstRow, type Detector } from '../detector';
import type { FindingDraft } from '../../case/finding-draft';
import type { AnalysisParams } from '../params';
import { severityOf } from '../severity';

interface Row extends BurstRow {
  hours: number[];
  days: number[];
  usual_hours: number[];
  usual_days: number[];
  base_days: number;
  new_hour: boolean;
  new_day: boolean;
}

const MIN_HOURS_AWAY = 2;
const DAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** [1,2,3,7,8] → "01–03, 07–08 UTC". */
export function hourRanges(hours: number[]): string {
  const sorted = [...new Set(hours)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    const a = String(sorted[i]).padStart(2, '0');
    const b = String(sorted[j]).padStart(2, '0');
    parts.push(i === j ? `${a}h` : `${a}–${b}h`);
    i = j + 1;
  }
  return `${parts.join(', ')} UTC`;
}

/**
 * Calls at an hour of the day at least two hours from any hour the identity used in its learning window (or on a
 * weekday it never used). Identities
 * active around the clock (more than 18 distinct hours) have no usual hours and are skipped; weekdays are only
 * judged with at least two weeks of history.
 */
export const offHours: Detector = {
  name: 'off_hours',
  version: 1,
  novelty: true,
  description: 'activity 2+ hours away from any hour (or on a weekday) the identity used in its learning window',
  async run(db: Duck, p: AnalysisParams): Promise<FindingDraft[]> {
    await db.run(sql`CREATE OR REPLACE TEMP TABLE tm_hours AS
      SELECT actor, list(DISTINCT hr ORDER BY hr) AS hours, list(DISTINCT dow ORDER BY dow) AS dows FROM tm_ev WHERE NOT recent GROUP BY actor`);
    // Hours away from every usual hour (on the 24-hour circle): a quiet hour between two busy ones is not odd.
    const away = sql`list_min(list_transform(h.hours, x -> least(abs(x - e.hr), 24 - abs(x - e.hr)))) >= ${param(MIN_HOURS_AWAY)}`;
    const flagged = sql`
      SELECT e.*, ${away} AS new_hour, b.days >= 14 AND NOT list_contains(h.dows, e.dow) AS new_day
      FROM tm_ev e JOIN tm_base b ON b.actor = e.actor AND b.eligible JOIN tm_hours h ON h.actor = e.actor
      WHERE e.recent AND len(h.hours) <= 18
        AND (${away} OR (b.days >= 14 AND NOT list_contains(h.dows, e.dow)))`;
    const rows = await bursts<Row>(
      db,
      p,
      flagged,
      `list(DISTINCT hr ORDER BY hr) AS hours, list(DISTINCT dow ORDER BY dow) AS days, bool_or(new_hour) AS new_hour, bool_or(new_day) AS new_day`,
      `(SELECT hours FROM tm_hours h WHERE h.actor = g.actor) AS usual_hours,
       (SELECT dows FROM tm_hours h WHERE h.actor = g.actor) AS usual_days,
       (SELECT days FROM tm_base b WHERE b.actor = g.actor) AS base_days`,
    );
    return rows.map((r) => {
      const score = r.new_hour && r.new_day ? 40 : 30;
      const when = [
        r.new_hour ? `at ${hourRanges(r.hours)}` : '',
        r.new_day ? `on ${list(r.days.map((d) => DAY_NAMES[d]))}` : '',
      ]
        .filter(Boolean)
        .join(' ');
      return {
        detector: 'off_hours',
        severity: severityOf(score),
        score,
        actor_uid: r.actor,
        start: r.start,
        end: r.end,
        title: `Activity outside usual hours`,
        explanation:
          `${plural(r.n, 'call')} ${span(r.start, r.end)} ${when}, never used in ${plural(r.base_days, 'day')} of history; ` +
          `usual hours: ${hourRanges(r.usual_hours)}, days: ${list(
            [...r.usual_days].sort().map((d) => DAY_NAMES[d]),
            7,
          )}`,
        event_uids: r.uids,
      };
    });
  },
};
