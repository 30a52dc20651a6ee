import type { Duck, Row } from '../../db/duck';
import { param, sql } from '../../db/sql';
import { list, plural, span, type Detector } from '../detector';
import type { FindingDraft } from '../../case/finding-draft';
import type { AnalysisParams } from '../params';
import { severityOf } from '../severity';

interface WakeRow extends Row {
  actor: string;
  category: string;
  wake: string;
  prev: string;
  before: number;
  start: string;
  end: string;
  n: number;
  ops: string[];
  ips: string[];
  uids: string[];
}

/** Events an identity needs before its silence means something (a service that acts once a month does not). */
const MIN_HISTORY = 5;

/**
 * An identity silent for p.dormantDays or more that acts again in the analysed window (its first day back).
 * AWS service principals act on their own schedules and are not credentials: they are left out.
 */
export const dormantReactivated: Detector = {
  name: 'dormant_reactivated',
  version: 1,
  novelty: true,
  description: 'an identity silent for 10 days or more that acts again (its first day back)',
  async run(db: Duck, p: AnalysisParams): Promise<FindingDraft[]> {
    const rows = await db.all<WakeRow>(
      sql`WITH l AS (SELECT actor, time, recent, lag(time) OVER (PARTITION BY actor ORDER BY time) AS prev,
                         row_number() OVER (PARTITION BY actor ORDER BY time) - 1 AS before FROM tm_ev),
       w AS (SELECT actor, min(time) AS wake, arg_min(prev, time) AS prev, arg_min(before, time) AS before FROM l
             WHERE recent AND prev IS NOT NULL AND time - prev >= INTERVAL (${param(p.dormantDays)}) DAY
               AND before >= ${param(MIN_HISTORY)} GROUP BY actor)
       SELECT w.actor, any_value(e.category) AS category, w.wake, any_value(w.prev) AS prev, any_value(w.before) AS before,
              min(e.time) AS start, max(e.time) AS "end", count(*) AS n, list(DISTINCT e.operation ORDER BY e.operation) AS ops,
              list(DISTINCT e.src_ip ORDER BY e.src_ip) AS ips, list(e.event_uid ORDER BY e.time)[1:500] AS uids
       FROM w JOIN tm_ev e ON e.actor = w.actor AND e.time >= w.wake AND e.time < w.wake + INTERVAL 1 DAY
       WHERE e.kind <> 'aws_service'
       GROUP BY w.actor, w.wake ORDER BY w.actor`,
    );
    return rows.map((r) => {
      const days = Math.floor((Date.parse(r.wake) - Date.parse(r.prev)) / 86_400_000);
      return {
        detector: 'dormant_reactivated',
        severity: severityOf(45),
        score: 45,
        actor_uid: r.actor,
        start: r.start,
        end: r.end,
        title: `Dormant identity reactivated after ${days} days`,
        explanation:
          `first activity in ${plural(days, 'day')} (last seen ${r.prev.slice(0, 16).replace('T', ' ')} UTC after ` +
          `${plural(r.before, 'event')}); ${plural(r.n, 'call')} ${span(r.start, r.end)} (${list(r.ops, 3)}) from ${list(r.ips, 2)}`,
        event_uids: r.uids,
      };
    });
  },
};

/** An identity with no history at all before the analysed window: nothing to compare it with. */
export const newIdentity: Detector = {
  name: 'new_identity',
  version: 1,
  novelty: true,
  description: 'an identity first seen in the analysed window (no learning history)',
  async run(db: Duck, _p: AnalysisParams): Promise<FindingDraft[]> {
    const rows = await db.all<WakeRow>(
      sql`WITH n AS (SELECT actor, min(time) AS first FROM tm_ev GROUP BY actor HAVING bool_and(recent))
       SELECT e.actor, min(e.time) AS start, max(e.time) AS "end", count(*) AS n,
              list(DISTINCT e.operation ORDER BY e.operation) AS ops, list(DISTINCT e.src_ip ORDER BY e.src_ip) AS ips,
              list(e.event_uid ORDER BY e.time)[1:500] AS uids
       FROM n JOIN tm_ev e ON e.actor = n.actor AND e.time < n.first + INTERVAL 1 DAY
       GROUP BY e.actor ORDER BY e.actor`,
    );
    return rows.map((r) => ({
      detector: 'new_identity',
      severity: severityOf(20),
      score: 20,
      actor_uid: r.actor,
      start: r.start,
      end: r.end,
      title: 'New identity',
      explanation: `identity first seen in the analysed window: ${plural(r.n, 'call')} on its first day ${span(r.start, r.end)} (${list(r.ops, 3)}) from ${list(r.ips, 2)}`,
      event_uids: r.uids,
    }));
  },
};
