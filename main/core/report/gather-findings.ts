import type { LineageLink } from '../../../shared/methods/lineage';
import { identityLineage } from '../identity/lineage-query';
import type { Duck } from '../db/duck';
import { param, sql } from '../db/sql';
import type { QueryRecorder } from './query-pack';
import { caseQueries } from './report-queries';
import type { ChartData, ExcerptEvent, FindingItem, ReportOptions } from './content';

export const CHART_BUCKETS = 60;
const DAY_MS = 86_400_000;

/** The findings in scope (confirmed first, then new, then dismissed), each with evidence excerpts and, for the first
 * max_charts, a timeline of its identity around it, aggregated in DuckDB to CHART_BUCKETS bars. The list and each
 * finding's cited events are recorded in the query pack. */
export async function gatherFindings(
  db: Duck,
  rec: QueryRecorder,
  opts: ReportOptions,
  signal?: AbortSignal,
): Promise<FindingItem[]> {
  const rows = await rec.all<Omit<FindingItem, 'excerpts' | 'chart' | 'lineage'>>(caseQueries(opts.scope).findings);
  await rec.findings(rows.map((r) => r.id));
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
