import type { JobState } from '../../shared/jobs';
import { log } from './output';

/** Exit code and message for a job that did not finish: 2 for bad input, 130 for a cancel, 1 otherwise. */
export function jobOutcome(end: JobState): number {
  if (end.state === 'cancelled') {
    log('cancelled: the case is as it was before');
    return 130;
  }
  log(`trailmark: ${end.error?.message ?? 'failed'}`);
  return end.error?.kind === 'bad_input' || end.error?.kind === 'bad_request' || end.error?.kind === 'not_found'
    ? 2
    : 1;
}
