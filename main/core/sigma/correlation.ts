import { compileDetection } from './detection';
import { fieldCandidates, stringValues } from './fields';
import { mapLogsource, type Logsource } from './logsource';
import type { RuleDoc } from './rule-doc';
import { and, ident, join, lit, param, sql, type Sql } from '../db/sql';
import type { CompiledRule } from './types';
import { unsupported } from './unsupported';
import { ruleHeader, str } from './compile-rule';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const OPS = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '=' } as const;

export function parseTimespan(v: unknown): number {
  const m = typeof v === 'string' ? /^(\d+)([smhdw])$/.exec(v.trim()) : null;
  if (!m || Number(m[1]) === 0) return unsupported(`timespan "${String(v)}" is not a number with s/m/h/d/w`);
  return Number(m[1]) * (UNITS[m[2] ?? ''] ?? 0);
}

/**
 * The numeric correlations (value_sum, value_avg, value_percentile, value_median): an aggregate of the field's
 * values, read as numbers (a value that is not a number counts as missing), over the group's matches in the window.
 */
const NUMERIC: Record<string, (percentile: number | null) => Sql> = {
  value_sum: () => lit('sum(TRY_CAST(val AS DOUBLE))'),
  value_avg: () => lit('avg(TRY_CAST(val AS DOUBLE))'),
  value_median: () => lit('quantile_cont(TRY_CAST(val AS DOUBLE), 0.5)'),
  value_percentile: (p) => sql`quantile_cont(TRY_CAST(val AS DOUBLE), ${param((p ?? 50) / 100)})`,
};

/** condition.percentile of a value_percentile correlation: a number from 0 to 100. */
function percentileOf(v: unknown): number {
  if (typeof v !== 'number' || !(v >= 0 && v <= 100))
    return unsupported(`value_percentile needs condition.percentile from 0 to 100, not "${String(v)}"`);
  return v;
}

interface Referenced {
  doc: RuleDoc;
  rule: CompiledRule;
}

/**
 * event_count, value_count and temporal correlations as sliding windows: for every matching event, the
 * aggregate over the same group's matches in the `timespan` before it; where the condition holds, the events
 * in that window are the evidence.
 */
export function compileCorrelation(d: RuleDoc, lookup: (ref: string) => Referenced): CompiledRule {
  const header = ruleHeader(d);
  const c = d.doc.correlation as Record<string, unknown>;
  if (!c || typeof c !== 'object') return unsupported('correlation is not a map');
  const type = String(c.type);
  if (!['event_count', 'value_count', 'temporal', 'temporal_ordered', ...Object.keys(NUMERIC)].includes(type)) {
    unsupported(`unknown correlation type "${type}"`);
  }
  const temporal = type === 'temporal' || type === 'temporal_ordered';
  const refs = Array.isArray(c.rules) ? c.rules.map(String) : typeof c.rules === 'string' ? [c.rules] : [];
  if (refs.length === 0) unsupported('correlation lists no rules');
  const used = refs.map(lookup);
  const span = parseTimespan(c.timespan);
  const groupBy =
    c['group-by'] === undefined
      ? []
      : Array.isArray(c['group-by'])
        ? c['group-by'].map(String)
        : [String(c['group-by'])];
  const aliases = (c.aliases ?? {}) as Record<string, Record<string, string>>;
  const cond = (c.condition ?? (temporal ? { gte: used.length } : undefined)) as Record<string, unknown> | undefined;
  if (!cond || typeof cond !== 'object') unsupported('correlation has no condition');
  const numeric = NUMERIC[type];
  const valueField =
    type === 'value_count' || numeric ? (str(cond.field) ?? unsupported(`${type} needs condition.field`)) : null;
  const percentile = type === 'value_percentile' ? percentileOf(cond.percentile) : null;
  const tests = Object.entries(cond).filter(([k]) => k !== 'field' && k !== 'percentile');
  if (tests.length === 0) unsupported('correlation condition has no gt/gte/lt/lte/eq');
  const nTest = and(
    tests.map(([k, v]) => {
      if (!(k in OPS) || typeof v !== 'number')
        return unsupported(`correlation condition "${k}: ${String(v)}" is not supported`);
      return sql`n ${lit(OPS[k as keyof typeof OPS])} ${param(v)}`;
    }),
  );

  const parts: Sql[] = used.map(({ doc, rule }, i) => {
    const source = mapLogsource((doc.doc.logsource ?? {}) as Logsource) as string;
    const det = compileDetection(source, doc.doc.detection);
    const fieldFor = (f: string): string => (rule.name && aliases[f]?.[rule.name]) || aliases[f]?.[rule.id] || f;
    const firstValue = (f: string): Sql => sql`${stringValues(fieldCandidates(source, fieldFor(f)))}[1]`;
    // An event without a value for a group-by field belongs to no group (as in a SIEM's `stats ... by`).
    const keys = groupBy.map(firstValue);
    const grp = groupBy.length
      ? sql`CASE WHEN ${join(
          keys.map((k) => sql`${k} IS NULL`),
          ' OR ',
        )} THEN NULL ELSE CAST(to_json([${join(keys, ', ')}]) AS VARCHAR) END`
      : lit("''");
    const val = valueField ? firstValue(valueField) : lit('NULL');
    return sql`SELECT event_uid, time, actor_uid, ${lit(String(i))} AS sigma_rule, ${grp} AS grp, ${val} AS val FROM ${det.from()} WHERE ${det.where}`;
  });
  const agg =
    type === 'event_count'
      ? lit('count(*)')
      : type === 'value_count'
        ? lit('count(DISTINCT val)')
        : numeric
          ? numeric(percentile)
          : lit('count(DISTINCT sigma_rule)');
  const hits = type === 'temporal_ordered' ? orderedHits(used.length, span, tests) : windowHits(agg, span, nTest);
  const q = sql`WITH base AS (${join(parts, ' UNION ALL ')}),
${hits}
SELECT DISTINCT b.event_uid, b.time, b.actor_uid, b.grp FROM base b JOIN hit h ON b.grp = h.grp AND b.time BETWEEN h.t_start AND h.t_end`;
  const measured = !valueField
    ? ''
    : type === 'value_count'
      ? `distinct ${valueField} `
      : `${type.slice('value_'.length)}${percentile === null ? '' : ` ${percentile}`} of ${valueField} `;
  const summary = `${type} of ${refs.join(', ')} within ${String(c.timespan)}${groupBy.length ? ` by ${groupBy.join(', ')}` : ''} where ${tests.map(([k, v]) => `${measured}${k} ${String(v)}`).join(' and ')}`;
  return {
    ...header,
    kind: 'correlation',
    sources: [...new Set(used.flatMap((u) => u.rule.sources))],
    sql: q.text,
    params: q.params,
    match: null,
    fields: [...new Set([...used.flatMap((u) => u.rule.fields), ...groupBy, ...(valueField ? [valueField] : [])])],
    condition: summary,
    standalone: true,
    burstSeconds: span,
  };
}

/** Sliding windows: where the aggregate over the group's matches in the timespan up to an event holds. */
function windowHits(agg: Sql, span: number, nTest: Sql): Sql {
  return sql`win AS (SELECT grp, time AS t_end, ${agg} OVER (PARTITION BY grp ORDER BY time RANGE BETWEEN to_seconds(${param(span)}) PRECEDING AND CURRENT ROW) AS n FROM base WHERE grp IS NOT NULL),
hit AS (SELECT DISTINCT grp, t_end - to_seconds(${param(span)}) AS t_start, t_end FROM win WHERE ${nTest})`;
}

/**
 * temporal_ordered: for each match of the last rule, the latest match of the rule before it at or before
 * that time, and so on back to the first (ASOF joins); choosing the latest predecessor each time leaves the
 * most room, so the chain fits the timespan if any does.
 */
function orderedHits(n: number, span: number, tests: [string, unknown][]): Sql {
  const all = tests.length === 1 && (tests[0]![0] === 'gte' || tests[0]![0] === 'eq') && tests[0]![1] === n;
  if (!all) unsupported('temporal_ordered is supported with its default condition (all rules, in order) only');
  const step = (k: number) => ident(`c${k}`);
  const steps: Sql[] = [
    sql`${step(n - 1)} AS (SELECT grp, time AS t_end, time AS t_at FROM base
                           WHERE sigma_rule = ${param(n - 1)} AND grp IS NOT NULL)`,
  ];
  for (let k = n - 2; k >= 0; k--) {
    steps.push(
      sql`${step(k)} AS (SELECT c.grp, c.t_end, b.time AS t_at FROM ${step(k + 1)} c
                         ASOF JOIN (SELECT grp, time FROM base WHERE sigma_rule = ${param(k)}) b
                         ON c.grp = b.grp AND c.t_at >= b.time)`,
    );
  }
  return sql`${join(steps, ',\n')},
hit AS (SELECT DISTINCT grp, t_at AS t_start, t_end FROM c0 WHERE t_at >= t_end - to_seconds(${param(span)}))`;
}
