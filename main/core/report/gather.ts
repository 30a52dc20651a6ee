import type { CaseFile } from '../case/case-file';
import { VERSION } from '../version';
import { severityRank, type Cell, type ReportContent, type ReportOptions } from './content';
import { sql } from '../db/sql';
import { QueryRecorder } from './query-pack';
import { caseQueries } from './report-queries';
import { gatherFindings } from './gather-findings';
import { gatherIntegrity } from './gather-integrity';
import { buildNarrative } from './narrative';
import { citedEvidenceIds, gatherAnalysisRuns, gatherCustody, gatherEvidence, optionalTables } from './gather-records';

const iso = (v: unknown) => (v === null || v === undefined ? null : String(v));

const cells = (rows: Record<string, unknown>[]): Cell[][] =>
  rows.map((r) => Object.values(r).map((v) => (v === undefined ? null : (v as Cell))));

/** Everything the report shows, read from the case with SQL (aggregates and pages, never raw event scans in JS). */
export async function gatherReport(c: CaseFile, opts: ReportOptions, signal?: AbortSignal): Promise<ReportContent> {
  const db = c.db;
  // Every table below that comes from the case is run through the recorder, so the query pack holds its SQL.
  const rec = new QueryRecorder(db);
  const q = caseQueries(opts.scope);
  const [range] = await rec.all<{ from: string | null; to: string | null; events: number }>(q.range);
  const categories = await rec.all<{ category: string; n: number }>(q.categories);
  const cat = (k: string) => categories.find((r) => r.category === k)?.n ?? 0;
  const findings = await gatherFindings(db, rec, opts, signal);
  const evidence = await gatherEvidence(db, signal);
  const cited = await citedEvidenceIds(db, [...new Set(findings.flatMap((f) => f.event_uids))]);
  const count = (list: string[]) =>
    [...list.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>())].map(([k, n]) => ({ k, n }));

  const sources = await rec.all<{ source: string; events: number }>(q.sources);
  const accounts = await rec.all<{ account_uid: string; events: number }>(q.accounts);
  const byFormat = await rec.all<ReportContent['evidence_by_format'][number]>(q.evidenceByFormat);
  const reconciliation = await rec.all<ReportContent['reconciliation'][number]>(q.reconciliation);
  const detectors = cells(await rec.all(q.detectors));
  const identities = cells(await rec.all(q.identities));
  const pack = await rec.pack(
    opts.scope,
    opts.sections,
    findings.map((f) => f.id),
  );
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
      sources,
      accounts,
      identities_in_scope: cat('human') + cat('machine') + cat('unknown'),
    },
    evidence: evidence.rows,
    evidence_cited: evidence.rows.filter((r) => cited.has(r.evidence_id)),
    evidence_by_format: byFormat,
    reconciliation,
    rehash: evidence.rehash,
    integrity: await gatherIntegrity(c),
    method: {
      detectors: {
        name: 'findings by detector',
        columns: ['detector', 'findings', 'first stored', 'last stored'],
        rows: detectors,
        total: 0,
      },
      analysis: await gatherAnalysisRuns(db),
      runs: await optionalTables(db, ['sigma_rule', 'baseline']),
    },
    identities,
    findings,
    // What a flag is on, in words: an event by its time, identity and operation; a finding by its title.
    annotations: cells(
      await db.all(sql`SELECT a.recorded_at, a.kind,
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
        ORDER BY a.recorded_at, a.annotation_id`),
    ),
    custody: await gatherCustody(c),
    pack,
  };
}
