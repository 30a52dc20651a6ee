import { parseTime } from '../query/time-text';
import type { CaseFile } from '../case/case-file';
import type { Duck } from '../db/duck';
import { and, ident, param, sql, type Sql } from '../db/sql';
import { VERSION } from '../version';
import { severityRank, type Cell, type ReportContent, type ReportOptions, type ReportScope } from './content';
import { gatherFindings } from './gather-findings';
import { gatherIntegrity } from './gather-integrity';
import { buildNarrative } from './narrative';
import {
  citedEvidenceIds,
  evidenceByFormat,
  gatherAnalysisRuns,
  gatherCustody,
  gatherEvidence,
  optionalTables,
} from './gather-records';

/** An events filter for the report's scope (identities and time range), over `events` or the alias given. */
export function scopeWhere(scope: ReportScope, alias?: string): Sql {
  const col = (name: string) => (alias ? sql`${ident(alias)}.${ident(name)}` : ident(name));
  const parts: Sql[] = [];
  if (scope.actor_uids)
    parts.push(
      sql`list_contains(from_json(${param(JSON.stringify(scope.actor_uids))}, '["VARCHAR"]'), ${col('actor_uid')})`,
    );
  if (scope.from) parts.push(sql`${col('time')} >= ${param(parseTime(scope.from, 'from'))}::TIMESTAMPTZ`);
  if (scope.to) parts.push(sql`${col('time')} <= ${param(parseTime(scope.to, 'to'))}::TIMESTAMPTZ`);
  return and(parts);
}

const iso = (v: unknown) => (v === null || v === undefined ? null : String(v));

async function rowsOf(db: Duck, query: Sql): Promise<Cell[][]> {
  const rows = await db.all(query);
  return rows.map((r) => Object.values(r).map((v) => (v === undefined ? null : (v as Cell))));
}

/** Everything the report shows, read from the case with SQL (aggregates and pages, never raw event scans in JS). */
export async function gatherReport(c: CaseFile, opts: ReportOptions, signal?: AbortSignal): Promise<ReportContent> {
  const db = c.db;
  const w = scopeWhere(opts.scope);
  const range = await db.one<{ from: string | null; to: string | null; events: number }>(
    sql`SELECT min(time) AS "from", max(time) AS "to", count(*) AS events FROM events WHERE ${w}`,
  );
  const idScope = sql`actor_uid IN (SELECT DISTINCT actor_uid FROM events WHERE ${w})`;
  const categories = await db.all<{ category: string; n: number }>(
    sql`SELECT category, count(*) AS n FROM effective_identities i WHERE i.${idScope} GROUP BY 1`,
  );
  const cat = (k: string) => categories.find((r) => r.category === k)?.n ?? 0;
  const findings = await gatherFindings(db, opts, signal);
  const evidence = await gatherEvidence(db, signal);
  const cited = await citedEvidenceIds(db, [...new Set(findings.flatMap((f) => f.event_uids))]);
  const count = (list: string[]) =>
    [...list.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>())].map(([k, n]) => ({ k, n }));

  const period = { from: opts.scope.from ?? iso(range?.from), to: opts.scope.to ?? iso(range?.to) };
  return {
    meta: {
      case_name: c.name,
      case_path: c.dir,
      title: opts.title ?? `Audit report: ${c.name}`,
      investigator: opts.investigator,
      organization: opts.organization,
      generated_at: new Date().toISOString(),
      version: VERSION,
      period,
      paper: opts.paper,
      scope: opts.scope,
      sections: opts.sections,
      signed: opts.signed,
    },
    conclusion: opts.conclusion,
    summary: {
      narrative: await buildNarrative(db, findings, period, range?.events ?? 0),
      events: range?.events ?? 0,
      evidence_files: evidence.rows.length,
      identities: { human: cat('human'), machine: cat('machine'), unknown: cat('unknown') },
      findings: count(findings.map((f) => f.status)).map(({ k, n }) => ({ status: k, count: n })),
      severities: count(findings.map((f) => f.severity))
        .map(({ k, n }) => ({ severity: k, count: n }))
        .sort((a, b) => severityRank(a.severity) - severityRank(b.severity)),
    },
    scope: {
      sources: await db.all(sql`SELECT source, count(*) AS events FROM events WHERE ${w} GROUP BY 1 ORDER BY 2 DESC`),
      accounts: await db.all(
        sql`SELECT coalesce(account_uid, '(none)') AS account_uid, count(*) AS events FROM events WHERE ${w}
          GROUP BY 1 ORDER BY 2 DESC LIMIT 200`,
      ),
      identities_in_scope: cat('human') + cat('machine') + cat('unknown'),
    },
    evidence: evidence.rows,
    evidence_cited: evidence.rows.filter((r) => cited.has(r.evidence_id)),
    evidence_by_format: await evidenceByFormat(db),
    rehash: evidence.rehash,
    integrity: await gatherIntegrity(c),
    method: {
      detectors: {
        name: 'findings by detector',
        columns: ['detector', 'findings', 'first stored', 'last stored'],
        rows: await rowsOf(
          db,
          sql`SELECT detector, count(*), min(created_at), max(created_at) FROM findings GROUP BY 1 ORDER BY 1`,
        ),
        total: 0,
      },
      analysis: await gatherAnalysisRuns(db),
      runs: await optionalTables(db, ['sigma_rule', 'baseline']),
    },
    identities: await rowsOf(
      db,
      sql`SELECT i.display_name || chr(10) || i.actor_uid, coalesce(i.account_uid, '—'), category, kind, source, event_count,
              CASE WHEN NOT overridden THEN auto_reason
                   ELSE 'override by ' || override_by || ': ' || override_note || ' (was ' || auto_category || ')' END AS reason
         FROM effective_identities i
        WHERE i.${idScope}
        ORDER BY CASE category WHEN 'machine' THEN 0 WHEN 'unknown' THEN 1 ELSE 2 END, event_count DESC`,
    ),
    findings,
    // What a flag is on, in words: an event by its time, identity and operation; a finding by its title.
    annotations: await rowsOf(
      db,
      sql`SELECT a.recorded_at, a.kind,
              CASE a.target_kind
                WHEN 'event' THEN coalesce(
                  'event ' || strftime(e.time AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S') || ' UTC · ' ||
                    coalesce(e.actor_name, e.actor_uid, 'no identity') || ' · ' ||
                    coalesce(e.api_service || ' ', '') || coalesce(e.api_operation, '?'),
                  'event ' || a.target_id || ' (not in the case)')
                WHEN 'finding' THEN 'finding ' || coalesce('“' || f.title || '”', a.target_id)
                WHEN 'identity' THEN 'identity ' || coalesce(i.display_name || ' (' || a.target_id || ')', a.target_id)
                ELSE a.target_kind || ' ' || a.target_id END,
              coalesce(a.severity, ''), coalesce(array_to_string(a.tags, ', '), ''), coalesce(a.note, ''), a.by_user
         FROM annotations a
         LEFT JOIN events e ON a.target_kind = 'event' AND e.event_uid = a.target_id
         LEFT JOIN findings f ON a.target_kind = 'finding' AND f.id = a.target_id
         LEFT JOIN effective_identities i ON a.target_kind = 'identity' AND i.actor_uid = a.target_id
        ORDER BY a.recorded_at, a.annotation_id`,
    ),
    custody: await gatherCustody(c),
  };
}
