import type { LineageLink } from '../../../shared/methods/lineage';
import { identityLineage } from '../identity/lineage-query';
import { parseTime } from '../query/time-text';
import type { Duck } from '../db/duck';
import { and, lit, param, sql, type Sql } from '../db/sql';
import type { ChartData, ExcerptEvent, FindingItem, ReportOptions } from './content';

export const CHART_BUCKETS = 60;
const DAY_MS = 86_400_000;

const STATUS_ORDER = lit(`CASE f.status WHEN 'confirmed' THEN 0 WHEN 'new' THEN 1 ELSE 2 END`);
const SEVERITY_ORDER = lit(
  `CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END`,
);

/** The findings in scope (confirmed first, then new, then dismissed), each with evidence excerpts and, for the first
 * max_charts, a timeline of its identity around it, aggregated in DuckDB to CHART_BUCKETS bars. */
export async function gatherFindings(db: Duck, opts: ReportOptions, signal?: AbortSignal): Promise<FindingItem[]> {
  const { scope } = opts;
  const where: Sql[] = [];
  if (scope.actor_uids)
    where.push(sql`list_contains(from_json(${param(JSON.stringify(scope.actor_uids))}, '["VARCHAR"]'), f.actor_uid)`);
  if (scope.from)
    where.push(sql`coalesce(f.end_time, f.start_time) >= ${param(parseTime(scope.from, 'from'))}::TIMESTAMPTZ`);
  if (scope.to) where.push(sql`coalesce(f.start_time, f.end_time) <= ${param(parseTime(scope.to, 'to'))}::TIMESTAMPTZ`);
  if (scope.confirmed_only) where.push(lit(`f.status = 'confirmed'`));
  const rows = await db.all<Omit<FindingItem, 'excerpts' | 'chart' | 'lineage'>>(
    sql`SELECT f.id, f.detector, f.severity, f.score, f.actor_uid, i.display_name AS actor_name,
            f.start_time AS start, f.end_time  AS "end", f.title, f.explanation, f.event_uids,
            f.status, f.status_note, f.created_at  AS created_at
       FROM findings f LEFT JOIN identities i USING (actor_uid)
      WHERE ${and(where)}
      ORDER BY ${STATUS_ORDER}, ${SEVERITY_ORDER}, f.score DESC, f.start_time, f.id`,
  );
  if (signal?.aborted) return [];
  const excerpts = await gatherExcerpts(db, rows, opts.excerpts_per_finding);
  const charted = rows.filter((r) => r.status !== 'dismissed' && r.actor_uid && r.start).slice(0, opts.max_charts);
  const charts = await gatherCharts(db, charted);
  const chains = await gatherChains(db, rows);
  return rows.map((r) => ({
    ...r,
    excerpts: excerpts.get(r.id) ?? [],
    chart: charts.get(r.id) ?? null,
    lineage: (r.actor_uid && chains.get(r.actor_uid)) || [],
  }));
}

/** Findings whose chain the report prints, and the links each shows (most used first). */
export const CHAINED_FINDINGS = 50;
export const CHAIN_LINKS = 12;

/** The credential chain of each identity under one of the first CHAINED_FINDINGS findings in scope (not dismissed). */
async function gatherChains(
  db: Duck,
  rows: { status: string; actor_uid: string | null }[],
): Promise<Map<string, LineageLink[]>> {
  const actors = [
    ...new Set(
      rows
        .filter((r) => r.status !== 'dismissed' && r.actor_uid)
        .slice(0, CHAINED_FINDINGS)
        .map((r) => r.actor_uid!),
    ),
  ];
  const out = new Map<string, LineageLink[]>();
  for (const a of actors) out.set(a, await identityLineage(db, a, 2, CHAIN_LINKS));
  return out;
}

async function gatherExcerpts(
  db: Duck,
  rows: { id: string; event_uids: string[] }[],
  perFinding: number,
): Promise<Map<string, ExcerptEvent[]>> {
  const wanted = rows.flatMap((r) => r.event_uids.slice(0, perFinding).map((uid) => ({ id: r.id, uid })));
  const out = new Map<string, ExcerptEvent[]>();
  if (!wanted.length) return out;
  const found = await db.all<ExcerptEvent & { id: string; [k: string]: unknown }>(
    sql`WITH w AS (SELECT unnest(from_json(${param(JSON.stringify(wanted))}::JSON, '[{"id":"VARCHAR","uid":"VARCHAR"}]'),
                          recursive := true))
     SELECT w.id, e.time AS time, e.api_operation AS operation, e.api_service AS service,
            e.src_ip AS ip, e.outcome
       FROM w JOIN events e ON e.event_uid = w.uid
      ORDER BY w.id, e.time`,
  );
  for (const { id, ...e } of found) out.set(id, [...(out.get(id) ?? []), e]);
  return out;
}

/** The window a chart shows: the finding's span with as much again either side, at least three days. */
export function chartWindow(start: string, end: string | null): { lo: number; hi: number } {
  const s = Date.parse(start);
  const e = Math.max(s, end ? Date.parse(end) : s);
  const pad = Math.max(e - s, 1.5 * DAY_MS);
  return { lo: s - pad, hi: e + pad };
}

async function gatherCharts(
  db: Duck,
  rows: { id: string; actor_uid: string | null; start: string | null; end: string | null; event_uids: string[] }[],
): Promise<Map<string, ChartData>> {
  const out = new Map<string, ChartData>();
  if (!rows.length) return out;
  const windows = rows.map((r) => ({ id: r.id, actor: r.actor_uid!, ...chartWindow(r.start!, r.end) }));
  const bars = await db.all<{ id: string; b: number; n: number; failures: number }>(
    sql`WITH w AS (SELECT unnest(from_json(${param(JSON.stringify(windows))}::JSON,
                                     '[{"id":"VARCHAR","actor":"VARCHAR","lo":"BIGINT","hi":"BIGINT"}]'),
                       recursive := true))
     SELECT w.id, least(${param(CHART_BUCKETS - 1)},
                  floor((epoch_ms(e.time) - w.lo) * ${param(CHART_BUCKETS)} / (w.hi - w.lo)))::INTEGER AS b,
            count(*) AS n, count(*) FILTER (WHERE e.outcome = 'failure') AS failures
       FROM w JOIN events e ON e.actor_uid = w.actor
        AND e.time >= make_timestamptz(w.lo * 1000) AND e.time < make_timestamptz(w.hi * 1000)
      GROUP BY 1, 2`,
  );
  const cited = rows.flatMap((r) => r.event_uids.map((uid) => ({ id: r.id, uid })));
  const marks = await db.all<{ id: string; b: number; n: number }>(
    sql`WITH w AS (SELECT unnest(from_json(${param(JSON.stringify(windows))}::JSON,
                                     '[{"id":"VARCHAR","actor":"VARCHAR","lo":"BIGINT","hi":"BIGINT"}]'),
                       recursive := true)),
          c AS (SELECT unnest(from_json(${param(JSON.stringify(cited))}::JSON, '[{"id":"VARCHAR","uid":"VARCHAR"}]'),
                       recursive := true))
     SELECT w.id, least(${param(CHART_BUCKETS - 1)},
                  floor((epoch_ms(e.time) - w.lo) * ${param(CHART_BUCKETS)} / (w.hi - w.lo)))::INTEGER AS b,
            count(*) AS n
       FROM c JOIN w ON w.id = c.id JOIN events e ON e.event_uid = c.uid
      WHERE e.time >= make_timestamptz(w.lo * 1000) AND e.time < make_timestamptz(w.hi * 1000)
      GROUP BY 1, 2`,
  );
  for (const w of windows) {
    const r = rows.find((x) => x.id === w.id)!;
    out.set(w.id, {
      from: new Date(w.lo).toISOString(),
      to: new Date(w.hi).toISOString(),
      buckets: Array.from({ length: CHART_BUCKETS }, () => ({ n: 0, failures: 0 })),
      mark_from: r.start,
      mark_to: r.end,
      evidence: Array.from({ length: CHART_BUCKETS }, () => 0),
    });
  }
  for (const m of marks) {
    const chart = out.get(m.id);
    if (chart && m.b >= 0) chart.evidence[m.b] = m.n;
  }
  for (const b of bars) {
    const cell = out.get(b.id)?.buckets[b.b];
    if (cell) {
      cell.n = b.n;
      cell.failures = b.failures;
    }
  }
  return out;
}
