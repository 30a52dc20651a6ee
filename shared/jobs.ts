import { z } from 'zod';
import { ERROR_KINDS } from './errors';
import { AnalysisSummary, IngestSummary, JobProgress, ReportResult, UpgradeSummary, type JobKind } from './model';

export const JobError = z.object({ kind: z.enum(ERROR_KINDS), message: z.string() });
export type JobError = z.infer<typeof JobError>;

const stateOf = <K extends JobKind, R extends z.ZodType>(kind: K, result: R) =>
  JobProgress.extend({ kind: z.literal(kind), result: result.nullable(), error: JobError.nullable() });

/**
 * A job's state with its result or error, tagged with its kind: `kind` says which schema `result` has once done.
 * A new kind of job adds its line here (and to JOB_KINDS).
 */
export const JobState = z.discriminatedUnion('kind', [
  stateOf('ingest', IngestSummary),
  stateOf('demo', IngestSummary),
  stateOf('analysis', AnalysisSummary),
  stateOf('report', ReportResult),
  stateOf('upgrade', UpgradeSummary),
]);
export type JobState = z.infer<typeof JobState>;
export type JobResultOf<K extends JobKind> = NonNullable<Extract<JobState, { kind: K }>['result']>;

/** The result of a job of this kind that finished well; null while it runs, when it failed, or for another kind. */
export function resultOf<K extends JobKind>(s: JobState, kind: K): JobResultOf<K> | null {
  if (s.kind !== kind || s.state !== 'done') return null;
  return s.result as JobResultOf<K> | null;
}
