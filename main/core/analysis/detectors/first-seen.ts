import type { Duck } from '../../db/duck';
import { ident, lit, param, sql } from '../../db/sql';
import { bursts, clampScore, list, plural, span, type BurstRow, type Detector } from '../detector';
import type { FindingDraft } from '../../case/finding-draft';
import type { AnalysisParams } from '../params';
import { usualSql } from '../prepare';
import { severityOf } from '../severity';

interface Spec {
  name: string;
  /** tm_seen kind and the tm_ev column it holds. */
  kind: 'operation' | 'service' | 'network' | 'user agent' | 'region';
  column: string;
  /** Extra condition on the flagged events (alias e = tm_ev, b = tm_base). */
  where?: string;
  score: number;
  noun: string;
}

const SPECS: Spec[] = [
  { name: 'first_seen_operation', kind: 'operation', column: 'operation', score: 20, noun: 'operation' },
  { name: 'first_seen_service', kind: 'service', column: 'service', score: 25, noun: 'service' },
  {
    name: 'first_seen_network',
    kind: 'network',
    column: 'net',
    // An identity that roams (CI runners get a new address each run) is only judged on wider networks (/8).
    where: `e.is_ip AND (b.nets <= 8 OR NOT EXISTS (SELECT 1 FROM tm_seen s8 WHERE s8.actor = e.actor
                 AND s8.kind = 'net8' AND s8.value = e.net8))`,
    score: 40,
    noun: 'network',
  },
  {
    name: 'first_seen_user_agent',
    kind: 'user agent',
    column: 'ua_family',
    where: `e.ua_family <> ''`,
    score: 30,
    noun: 'user agent family',
  },
  { name: 'first_seen_region', kind: 'region', column: 'region', where: `e.region <> ''`, score: 25, noun: 'region' },
];

interface Row extends BurstRow {
  values: string[];
  ips: string[];
  agents: string[];
  base_n: number;
  base_days: number;
  usual: string | null;
  later_n: number;
  last_seen: string | null;
}

function explain(s: Spec, r: Row): string {
  const what = `${plural(r.n, 'call')} ${span(r.start, r.end)}`;
  const history = `${plural(r.base_n, 'event')} over ${plural(r.base_days, 'day')} of history`;
  const usual = r.usual ? `; usual: ${r.usual}` : '';
  const later =
    r.later_n > 0 && r.last_seen ? `; seen again ${plural(Number(r.later_n), 'time')} until ${r.last_seen}` : '';
  switch (s.kind) {
    case 'network':
      return `${what} from ${list(r.ips)} (${list(r.values)}), a network never seen for this identity in ${history}${usual}${later}`;
    case 'user agent':
      return `${what} with a user agent never seen for this identity in ${history}: ${list(r.agents, 2)}${usual}${later}`;
    default:
      return `first ${list(r.values)} by this identity (${what}), not in ${history}${usual}${later}`;
  }
}

function detector(s: Spec): Detector {
  return {
    name: s.name,
    version: 1,
    novelty: true,
    description: `a ${s.noun} the identity never used in its learning window`,
    async run(db: Duck, p: AnalysisParams): Promise<FindingDraft[]> {
      const column = ident(s.column);
      const flagged = sql`
        SELECT e.* FROM tm_ev e JOIN tm_base b ON b.actor = e.actor AND b.eligible
        WHERE e.recent AND ${lit(s.where ?? 'true')}
          AND NOT EXISTS (SELECT 1 FROM tm_seen s WHERE s.actor = e.actor AND s.kind = ${param(s.kind)} AND s.value = e.${column})`;
      const rows = await bursts<Row>(
        db,
        p,
        flagged,
        sql`list(DISTINCT ${column} ORDER BY ${column}) AS "values", list(DISTINCT src_ip ORDER BY src_ip) AS ips, list(DISTINCT user_agent ORDER BY user_agent) AS agents`,
        sql`(SELECT n FROM tm_base WHERE tm_base.actor = g.actor) AS base_n,
         (SELECT days FROM tm_base WHERE tm_base.actor = g.actor) AS base_days,
         ${usualSql(s.kind)} AS usual`,
        p.burstGapMinutes,
        // a value is first seen once: later bursts of the same value add to this finding's count, not a new one
        column,
      );
      return rows.map((r) => {
        const score = clampScore(s.score + (s.kind === 'operation' ? 4 * Math.min(5, r.values.length - 1) : 0));
        return {
          detector: s.name,
          severity: severityOf(score),
          score,
          actor_uid: r.actor,
          start: r.start,
          end: r.end,
          title: `First-seen ${s.noun}: ${list(r.values, 2)}`,
          explanation: explain(s, r),
          event_uids: r.uids,
        };
      });
    },
  };
}

export const firstSeenDetectors: Detector[] = SPECS.map(detector);
