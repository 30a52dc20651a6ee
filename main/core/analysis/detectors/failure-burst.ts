import type { Duck } from '../../db/duck';
import { lit, sql } from '../../db/sql';
import { bursts, clampScore, list, plural, span, type BurstRow, type Detector } from '../detector';
import type { FindingDraft } from '../../case/finding-draft';
import type { AnalysisParams } from '../params';
import { severityOf } from '../severity';

const MIN_DENIED = 5;
export const DENIED_SQL = `outcome = 'failure' AND (error_code ILIKE '%denied%' OR error_code ILIKE '%unauthori%'
  OR error_code ILIKE '%forbidden%' OR error_code IN ('401', '403'))`;

interface Row extends BurstRow {
  ops: string[];
  codes: string[];
  ips: string[];
  base_max: number;
}

/**
 * Denied calls in a burst (10-minute gaps), many more than the identity ever had in an hour of its learning
 * window: what an intruder probing a stolen credential's permissions leaves behind.
 */
export const failureBurst: Detector = {
  name: 'failure_burst',
  version: 1,
  novelty: false,
  description: `a burst of at least ${MIN_DENIED} denied calls (AccessDenied, Unauthorized, Forbidden), beyond 2x the identity's worst hour`,
  async run(db: Duck, p: AnalysisParams): Promise<FindingDraft[]> {
    await db.run(sql`CREATE OR REPLACE TEMP TABLE tm_denied AS
      SELECT actor, max(c) AS mx FROM (SELECT actor, date_trunc('hour', time) AS h, count(*) AS c FROM tm_ev
        WHERE NOT recent AND ${lit(DENIED_SQL)} GROUP BY ALL) GROUP BY actor`);
    const rows = await bursts<Row>(
      db,
      p,
      sql`SELECT * FROM tm_ev WHERE recent AND ${lit(DENIED_SQL)}`,
      `list(DISTINCT operation ORDER BY operation) AS ops, list(DISTINCT error_code ORDER BY error_code) AS codes,
       list(DISTINCT src_ip ORDER BY src_ip) AS ips`,
      `coalesce((SELECT mx FROM tm_denied d WHERE d.actor = g.actor), 0) AS base_max`,
      10,
    );
    return rows
      .filter((r) => r.n >= MIN_DENIED && r.n > 2 * r.base_max + 2)
      .map((r) => {
        const score = clampScore(40 + 3 * Math.min(8, r.ops.length) + Math.min(10, r.n / 10));
        return {
          detector: 'failure_burst',
          severity: severityOf(score),
          score,
          actor_uid: r.actor,
          start: r.start,
          end: r.end,
          title: `Burst of ${r.n} denied calls`,
          explanation:
            `${plural(r.n, 'denied call')} (${list(r.codes, 2)}) across ${plural(r.ops.length, 'operation')} ` +
            `(${list(r.ops, 4)}) ${span(r.start, r.end)} from ${list(r.ips, 2)}; at most ${r.base_max} denied ` +
            `in any hour of its history`,
          event_uids: r.uids,
        };
      });
  },
};
