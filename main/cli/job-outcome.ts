import type { JobState } from '../../shared/jobs';
import { exitCodeOf, isErrorKind } from '../../shared/errors';
import { log } from './output';

/** Exit code and message for a job that did not finish: 130 for a cancel, else its error kind's (shared/errors.ts). */
export function jobOutcome(end: JobState): number {
  if (end.state === 'cancelled') {
    log('cancelled: the case is as it was before');
    return 130;
  }
  log(`trailmark: ${end.error?.message ?? 'failed'}`);
  const kind = end.error?.kind;
  return isErrorKind(kind) ? exitCodeOf(kind) : 1;
}
