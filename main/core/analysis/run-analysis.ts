import { randomUUID } from 'node:crypto';
import { TrailmarkError } from '../../../shared/errors';
import type { AnalysisSummary } from '../../../shared/model';
import type { CaseFile } from '../case/case-file';
import type { Duck, Row } from '../db/duck';
import type { JobContext } from '../jobs/job-runner';
import { combine, type Signal } from './combine';
import type { Detector } from './detector';
import { DETECTORS } from './detectors';
import type { FindingDraft } from '../case/finding-draft';
import { resolveParams, type AnalysisParams } from './params';
import { param, sql } from '../db/sql';
import { dropWorkingTables, PERSON_LIKE, prepare } from './prepare';
import { logGaps } from '../integrity/gaps';
import { LOG_GAP_DETECTOR, logGapFindings } from './log-gap-findings';
import { sigmaFolders, sigmaFromFolders, type SigmaOutcome, type SigmaStep } from './sigma-step';
import { storeFindings } from './store';

export interface AnalysisOptions {
  baselineUntil?: string | null;
  sigmaDir?: string | null;
  /** Run the SigmaHQ rules that ship with Trailmark (the API and CLI default; the core's is off). */
  defaultRules?: boolean;
  sigmaStep?: SigmaStep | null;
  detectors?: Detector[];
}

export interface DetectionResult {
  params: AnalysisParams;
  signals: Signal[];
  findings: FindingDraft[];
  perDetector: { name: string; version: number; signals: number }[];
  baselineEvents: number;
  analysedEvents: number;
  /** Identities analysed over their own last days (an adaptive window, see AnalysisParams.adaptive). */
  ownWindowIdentities: number;
  /** What the window learned and analysed was too little to trust the novelty detectors' silence. */
  warnings: string[];
}

interface WindowCounts extends Row {
  base: number;
  recent: number;
  own_window: number;
  active: number;
  judged: number;
}

/** Says when the learning window or the analysed window is too thin for "no findings" to mean anything. */
function windowWarnings(c: WindowCounts, p: AnalysisParams): string[] {
  const out: string[] = [];
  const total = c.base + c.recent;
  if (total > 0 && c.recent < total * 0.01)
    out.push(
      `only ${c.recent.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events fall in the analysed ` +
        `window; choose it with --baseline-until`,
    );
  if (c.active > 0 && c.judged < c.active / 2)
    out.push(
      `${(c.active - c.judged).toLocaleString('en-US')} of ${c.active.toLocaleString('en-US')} identities active ` +
        `in the analysed window had too little history (fewer than ${p.minBaselineEvents} events over ` +
        `${p.minBaselineDays} days) for the novelty detectors to judge them`,
    );
  return out;
}

function checkCancel(ctx: JobContext | null): void {
  if (ctx?.signal.aborted) throw new TrailmarkError('cancelled', 'analysis cancelled');
}

/** Runs every detector over the case and merges their signals into findings; stores nothing. */
export async function detect(db: Duck, opts: AnalysisOptions, ctx: JobContext | null = null): Promise<DetectionResult> {
  const given = opts.detectors ?? DETECTORS;
  // Those that judge other detectors' signals run last, whatever the order they were given in.
  const detectors = [...given.filter((d) => !d.readsSignals), ...given.filter((d) => d.readsSignals)];
  const params = await resolveParams(db, { baselineUntil: opts.baselineUntil });
  ctx?.progress({ phase: 'learning baselines', unit: 'steps', done: 0, total: detectors.length + 2 });
  await prepare(db, params);
  const counts = (await db.one<WindowCounts>(
    sql`SELECT count(*) FILTER (WHERE NOT recent) AS base, count(*) FILTER (WHERE recent) AS recent,
           count(DISTINCT actor) FILTER (WHERE own_window) AS own_window,
           count(DISTINCT actor) FILTER (WHERE recent) AS active,
           count(DISTINCT actor) FILTER (WHERE recent AND actor IN (SELECT actor FROM tm_base WHERE eligible)) AS judged
        FROM tm_ev`,
  )) ?? { base: 0, recent: 0, own_window: 0, active: 0, judged: 0 };
  const signals: Signal[] = [];
  const perDetector: DetectionResult['perDetector'] = [];
  try {
    for (const [i, d] of detectors.entries()) {
      checkCancel(ctx);
      ctx?.progress({ phase: `detector ${d.name}`, done: i + 1 });
      const drafts = await d.run(db, params, signals);
      perDetector.push({ name: d.name, version: d.version, signals: drafts.length });
      for (const s of drafts) signals.push({ ...s, novelty: d.novelty });
    }
    const categories = new Map(
      (await db.all<{ actor: string; person: boolean }>(sql`SELECT actor, person FROM ${PERSON_LIKE}`)).map((r) => [
        r.actor,
        r.person ? 'human' : 'machine',
      ]),
    );
    // Info-level findings (a routine secret read, say) are signals, not something to review: not kept.
    const findings = combine(signals, categories, params.burstGapMinutes * 60_000).filter((f) => f.severity !== 'info');
    return {
      params,
      signals,
      findings,
      perDetector,
      baselineEvents: Number(counts.base),
      analysedEvents: Number(counts.recent),
      ownWindowIdentities: Number(counts.own_window),
      warnings: windowWarnings(
        {
          base: Number(counts.base),
          recent: Number(counts.recent),
          own_window: Number(counts.own_window),
          active: Number(counts.active),
          judged: Number(counts.judged),
        },
        params,
      ),
    };
  } finally {
    await dropWorkingTables(db);
  }
}

/** The analysis job: detectors (+ Sigma rules when asked), stored as findings with the run and in custody. */
export async function runAnalysis(
  c: CaseFile,
  opts: AnalysisOptions,
  ctx: JobContext | null,
): Promise<AnalysisSummary> {
  const runId = randomUUID();
  const startedAt = new Date().toISOString();
  const result = await detect(c.db, opts, ctx);
  let sigma: SigmaOutcome | null = null;
  const folders = sigmaFolders({ defaultRules: opts.defaultRules ?? false, sigmaDir: opts.sigmaDir ?? null });
  if (folders.length) {
    checkCancel(ctx);
    ctx?.progress({ phase: 'Sigma rules', message: folders.map((f) => f.dir).join(', ') });
    sigma = await (opts.sigmaStep ?? sigmaFromFolders)(c.db, folders);
  }
  checkCancel(ctx);
  ctx?.progress({ phase: 'log gaps', message: '' });
  const gaps = logGapFindings(await logGaps(c));
  checkCancel(ctx);
  ctx?.progress({ phase: 'saving findings', message: '' });
  const all = [...result.findings, ...gaps, ...(sigma?.drafts ?? [])];
  const bySeverity: Record<string, number> = {};
  for (const f of all) bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  const detectors = [
    ...result.perDetector,
    { ...LOG_GAP_DETECTOR, signals: gaps.length },
    ...(sigma ? [{ name: 'sigma', version: 1, signals: sigma.drafts.length }] : []),
  ];
  // The findings, the run and its custody entry commit together or not at all.
  const { result: kept } = await c.custody.record({
    change: async () => {
      const carried = await storeFindings(c.db, runId, all);
      await c.db.run(
        sql`INSERT INTO analysis_runs (run_id, started_at, finished_at, baseline_until, parameters, detectors, findings)
         VALUES (${param(runId)}, ${param(startedAt)}, now(), ${param(result.params.baselineUntil)},
           ${param(JSON.stringify({ ...result.params, sigmaDir: opts.sigmaDir ?? null, defaultRules: opts.defaultRules ?? false }))}, ${param(JSON.stringify(detectors))},
           ${param(all.length)})`,
      );
      return carried;
    },
    items: (carried) => [
      {
        action: 'analysis.run',
        detail: {
          run_id: runId,
          baseline_until: result.params.baselineUntil,
          analysed_events: result.analysedEvents,
          own_window_identities: result.ownWindowIdentities,
          ...(result.warnings.length ? { warnings: result.warnings } : {}),
          sigma_dir: opts.sigmaDir ?? null,
          default_rules: opts.defaultRules ?? false,
          findings: all.length,
          by_severity: bySeverity,
          kept_decisions: carried,
        },
      },
    ],
    touches: { tables: ['findings'] },
  });
  return {
    kind: 'analysis',
    run_id: runId,
    baseline_until: result.params.baselineUntil,
    baseline_events: result.baselineEvents,
    analysed_events: result.analysedEvents,
    own_window_identities: result.ownWindowIdentities,
    warnings: result.warnings,
    findings: all.length,
    by_severity: bySeverity,
    kept_decisions: kept,
    detectors,
    sigma: sigma
      ? {
          rules: sigma.rules,
          findings: sigma.drafts.length,
          unsupported: sigma.unsupported,
          no_events: sigma.noEvents,
        }
      : null,
  };
}
