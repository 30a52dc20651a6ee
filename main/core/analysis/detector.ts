import type { Duck, Row } from '../db/duck';
import { isSql, lit, param, sql, type Sql } from '../db/sql';
import type { FindingDraft } from '../case/finding-draft';
import type { AnalysisParams } from './params';

export interface Detector {
  name: string;
  version: number;
  /** One line for the report's method section. */
  description: string;
  /**
   * Novelty detectors judge an identity against its own history; people are less predictable than
   * machines, so their novelty counts for less when findings are ranked.
   */
  novelty: boolean;
  /**
   * It judges what other detectors found (an identity under a finding): detect() runs it after every detector
   * without this mark and hands it their signals as `earlier`.
   */
  readsSignals?: boolean;
  run(db: Duck, p: AnalysisParams, earlier: readonly FindingDraft[]): Promise<FindingDraft[]>;
}

/** A burst of flagged events of one identity: the columns every detector's query returns. */
export interface BurstRow extends Row {
  actor: string;
  category: string;
  start: string;
  end: string;
  n: number;
  uids: string[];
}

/** SQL from code: an Sql fragment, or fixed text that takes no values. */
export type SqlText = Sql | string;
const asSql = (q: SqlText): Sql => (isSql(q) ? q : lit(q));

/**
 * Groups flagged events into bursts per identity (a gap longer than p.burstGapMinutes starts a new one) and
 * aggregates each burst. `flagged` selects from tm_ev (alias-free) and must return actor, category, time and
 * event_uid plus whatever `aggregates` use; `extras` are computed per burst afterwards and may refer to
 * the burst as g (g.actor, g.start...).
 *
 * With `claimBy` (a column of `flagged`), a value belongs to the first burst it appears in: later bursts keep
 * only values not claimed before, and a burst left empty is no finding. Each burst then says how often its
 * values came back afterwards (later_n, last_seen): a new operation that a role repeats every hour is one
 * finding, not one per hour.
 */
export async function bursts<T extends BurstRow>(
  db: Duck,
  p: AnalysisParams,
  flagged: SqlText,
  aggregates: SqlText,
  extras: SqlText = '',
  gapMinutes = p.burstGapMinutes,
  claimBy?: SqlText,
): Promise<T[]> {
  const agg = asSql(aggregates);
  const ext = asSql(extras);
  const claim = claimBy === undefined ? null : asSql(claimBy);
  const kept = claim
    ? sql`, c AS (SELECT *, min(burst) OVER (PARTITION BY actor, ${claim}) AS first_burst FROM b),
          later AS (SELECT actor, first_burst AS burst, count(*) AS later_n, max(time) AS last_seen
                    FROM c WHERE burst > first_burst GROUP BY ALL),
          k AS (SELECT * EXCLUDE (first_burst) FROM c WHERE burst = first_burst)`
    : sql`, k AS (SELECT * FROM b)`;
  const laterCols = claim
    ? sql`, coalesce((SELECT later.later_n FROM later WHERE later.actor = g.actor AND later.burst = g.burst), 0) AS later_n,
           (SELECT later.last_seen FROM later WHERE later.actor = g.actor AND later.burst = g.burst) AS last_seen`
    : lit('');
  return db.all<T>(sql`
    WITH f AS (${asSql(flagged)}),
    l AS (SELECT *, lag(time) OVER (PARTITION BY actor ORDER BY time) AS prev FROM f),
    b AS (SELECT *, sum(CASE WHEN prev IS NULL OR time - prev > INTERVAL (${param(gapMinutes)}) MINUTE THEN 1 ELSE 0 END)
                   OVER (PARTITION BY actor ORDER BY time ROWS UNBOUNDED PRECEDING) AS burst FROM l)${kept},
    g AS (SELECT actor, burst, any_value(category) AS category, min(time) AS start, max(time) AS "end", count(*) AS n,
                 list(event_uid ORDER BY time)[1:500] AS uids${agg.text ? sql`, ${agg}` : lit('')}
          FROM k GROUP BY actor, burst)
    SELECT g.* EXCLUDE (burst)${laterCols}${ext.text ? sql`, ${ext}` : lit('')} FROM g ORDER BY g.actor, g.start`);
}

export const plural = (n: number, one: string, many = one + 's') =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "in 3 minutes" / "over 2 hours" / "over 3 days", for explanations. */
export function span(start: string, end: string): string {
  const ms = Date.parse(end) - Date.parse(start);
  if (ms < 60_000) return 'within a minute';
  if (ms < 3_600_000) return `in ${plural(Math.round(ms / 60_000), 'minute')}`;
  if (ms < 2 * 86_400_000) return `over ${plural(Math.round(ms / 3_600_000), 'hour')}`;
  return `over ${plural(Math.round(ms / 86_400_000), 'day')}`;
}

export const list = (values: unknown, max = 4): string => {
  const arr = (Array.isArray(values) ? values : []).filter((v) => v !== null && v !== '').map(String);
  return arr.length > max ? `${arr.slice(0, max).join(', ')} and ${arr.length - max} more` : arr.join(', ');
};

export const clampScore = (s: number) => Math.max(0, Math.min(100, Math.round(s)));
