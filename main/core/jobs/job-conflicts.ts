import { TrailmarkError } from '../../../shared/errors';
import type { JobKind } from '../../../shared/model';

/**
 * Which jobs may run together on the open case: for each kind, the kinds it may NOT start beside (the table is
 * symmetric, checked below). The rules and why:
 * - ingest and demo write events and identities in one transaction per ingest: a second writer beside them would
 *   race on the staging tables, and anything reading the case would see it before and after the swap;
 * - analysis replaces the findings of the case from its events: it must read them whole, and two runs would
 *   overwrite each other's findings;
 * - a report must describe one state of the case (evidence, findings, custody head): no writer may run beside it,
 *   but reports only read, so several may run together;
 * - the upgrade of a case made by an older Trailmark (pipelines/upgrade.ts) fills request targets and builds lineage,
 *   which ingest, analysis and reports read: none of them may start beside it (nor a second upgrade). The views may:
 *   they show an event without targets until it has them.
 * The free-text index and console queries are not jobs: they run on lanes of their own (db/lanes.ts) and read
 * committed data, so they never conflict with a job.
 */
export const JOB_CONFLICTS = {
  ingest: ['ingest', 'demo', 'analysis', 'report', 'upgrade'],
  demo: ['ingest', 'demo', 'analysis', 'report', 'upgrade'],
  analysis: ['ingest', 'demo', 'analysis', 'report', 'upgrade'],
  report: ['ingest', 'demo', 'analysis', 'upgrade'],
  upgrade: ['ingest', 'demo', 'analysis', 'report', 'upgrade'],
} as const satisfies Record<JobKind, readonly JobKind[]>;

export function conflicts(a: JobKind, b: JobKind): boolean {
  return (JOB_CONFLICTS[a] as readonly JobKind[]).includes(b);
}

const NAMES: Record<JobKind, string> = {
  ingest: 'an ingest',
  demo: 'the demo build',
  analysis: 'an analysis',
  report: 'a report',
  upgrade: 'the upgrade of this case made by an older Trailmark (filling request targets, building lineage)',
};

/** Throws a conflict naming the running job when `kind` may not start beside one of `running`. */
export function refuseConflicts(kind: JobKind, running: readonly JobKind[]): void {
  const other = running.find((r) => conflicts(kind, r));
  if (other === undefined) return;
  throw new TrailmarkError(
    'conflict',
    `${NAMES[other]} is running on this case, so ${NAMES[kind]} cannot start now; wait for it or cancel it`,
    { running: other },
  );
}

/**
 * Throws a conflict when `kind` may not start beside an upgrade and the open case's upgrade stopped before it
 * finished (cancelled, failed, or the app closed): its targets and lineage are partial until it runs again.
 */
export function refuseUnfinishedUpgrade(kind: JobKind): void {
  if (!conflicts(kind, 'upgrade')) return;
  throw new TrailmarkError(
    'conflict',
    `${NAMES.upgrade} stopped before it finished, so ${NAMES[kind]} cannot start now; open the case again to resume it`,
    { running: 'upgrade' },
  );
}
