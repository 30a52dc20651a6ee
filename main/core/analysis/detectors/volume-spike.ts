import type { Duck, Row } from '../../db/duck';
import { param, sql } from '../../db/sql';
import { clampScore, list, plural, type Detector } from '../detector';
import type { FindingDraft } from '../../case/finding-draft';
import type { AnalysisParams } from '../params';
import { severityOf } from '../severity';

const READ = '^(Get|List|Describe|Head|Lookup|Search|Query|Scan|BatchGet|Select|get|list|watch)';
const MIN_CALLS = 20;
const MIN_Z = 6;

interface SpikeRow extends Row {
  actor: string;
  cls: string;
  c: number;
  start: string;
  end: string;
  uids: string[];
  ops: string[];
  med: number;
  mad: number;
  mx: number;
}

/**
 * Calls per hour per operation class (service + read/write) against the identity's own hours of activity in
 * the learning window: the median and MAD (zero-filled over its active hours) give a robust z-score; a spike
 * must also pass MIN_CALLS and exceed 1.5x the busiest hour ever seen for that class.
 */
export const volumeSpike: Detector = {
  name: 'volume_spike',
  version: 1,
  novelty: true,
  description: `hourly calls per operation class far above the identity's own median (robust z >= ${MIN_Z}, MAD)`,
  async run(db: Duck, _p: AnalysisParams): Promise<FindingDraft[]> {
    const rows = await db.all<SpikeRow>(sql`
      WITH c AS (SELECT *, service || ':' || CASE WHEN regexp_matches(operation, ${param(READ)}) THEN 'read' ELSE 'write' END AS cls
                 FROM tm_ev),
      h AS (SELECT actor, cls, date_trunc('hour', time) AS hour, recent, count(*) AS c, min(time) AS start,
                   max(time) AS "end", list(event_uid ORDER BY time)[1:500] AS uids, list(DISTINCT operation ORDER BY operation) AS ops
            FROM c GROUP BY actor, cls, hour, recent),
      active AS (SELECT DISTINCT actor, date_trunc('hour', time) AS hour FROM tm_ev WHERE NOT recent),
      classes AS (SELECT DISTINCT actor, cls FROM h WHERE NOT recent),
      grid AS (SELECT a.actor, k.cls, coalesce(h.c, 0) AS c FROM active a JOIN classes k ON k.actor = a.actor
               LEFT JOIN h ON h.actor = a.actor AND h.cls = k.cls AND h.hour = a.hour AND NOT h.recent),
      med AS (SELECT actor, cls, median(c) AS med, max(c) AS mx FROM grid GROUP BY ALL),
      stats AS (SELECT g.actor, g.cls, m.med, m.mx, median(abs(g.c - m.med)) AS mad
                FROM grid g JOIN med m ON m.actor = g.actor AND m.cls = g.cls GROUP BY ALL)
      SELECT h.actor, h.cls, h.c, h.start, h."end", h.uids, h.ops,
             coalesce(s.med, 0) AS med, coalesce(s.mad, 0) AS mad, coalesce(s.mx, 0) AS mx
      FROM h JOIN tm_base b ON b.actor = h.actor AND b.eligible
      LEFT JOIN stats s ON s.actor = h.actor AND s.cls = h.cls
      WHERE h.recent AND h.c >= ${param(MIN_CALLS)}
        AND (h.c - coalesce(s.med, 0)) / (1.4826 * greatest(coalesce(s.mad, 0), 1)) >= ${param(MIN_Z)}
        AND h.c > 1.5 * coalesce(s.mx, 0)
      ORDER BY h.actor, h.start`);
    return rows.map((r) => {
      const z = (r.c - r.med) / (1.4826 * Math.max(r.mad, 1));
      const ratio = r.c / Math.max(1, r.mx);
      const score = clampScore(35 + 5 * Math.log2(ratio));
      return {
        detector: 'volume_spike',
        severity: severityOf(score),
        score,
        actor_uid: r.actor,
        start: r.start,
        end: r.end,
        title: `Volume spike: ${r.c} ${r.cls} calls in an hour`,
        explanation:
          `${plural(r.c, 'call')} of class ${r.cls} (${list(r.ops, 3)}) in one hour, against a median of ${r.med} per ` +
          `active hour (MAD ${r.mad}) and at most ${r.mx} in any hour of its history; robust z = ${z.toFixed(1)}`,
        event_uids: r.uids,
      };
    });
  },
};
