import { describe, expect, it } from 'vitest';
import { jobOutcome } from '../../main/cli/job-outcome';
import type { JobState } from '../../shared/jobs';
import { ERROR_EXITS, ERROR_KINDS, exitCodeOf, httpStatusOf, type ErrorKind } from '../../shared/errors';

// A kind without its row is refused by the compiler (tsc -b checks this file): the one table covers every kind.
// @ts-expect-error 'internal' and the others have no exit code and HTTP status here
const missing: Record<ErrorKind, { exit: 1 | 2; http: number }> = { bad_request: { exit: 2, http: 400 } };
void missing;

const failed = (kind: string): JobState => ({
  job: 'j1',
  kind: 'ingest',
  state: 'failed',
  phase: 'read',
  done: 0,
  total: null,
  unit: 'files',
  message: '',
  result: null,
  // A kind this version does not know (from a newer host) is typed away here but can still arrive.
  error: { kind, message: 'it went wrong' } as JobState['error'],
});

describe('error kind -> CLI exit code and HTTP status, mapped once (shared/errors.ts)', () => {
  it('every kind has a row, and only kinds do', () => {
    expect(Object.keys(ERROR_EXITS).sort()).toEqual([...ERROR_KINDS].sort());
  });

  it('bad usage or bad input is exit 2 and a 4xx; the rest is exit 1, an internal error a 500', () => {
    for (const kind of ['bad_request', 'bad_input', 'not_found', 'no_case'] as const) {
      expect(exitCodeOf(kind), kind).toBe(2);
      expect(httpStatusOf(kind), kind).toBeGreaterThanOrEqual(400);
      expect(httpStatusOf(kind), kind).toBeLessThan(500);
    }
    for (const kind of ['conflict', 'cancelled', 'internal'] as const) expect(exitCodeOf(kind), kind).toBe(1);
    expect(httpStatusOf('internal')).toBe(500);
    expect(httpStatusOf('not_found')).toBe(404);
  });

  it("a failed job's exit code is its error kind's, and 1 for a kind no table knows", () => {
    for (const kind of ERROR_KINDS) expect(jobOutcome(failed(kind)), kind).toBe(exitCodeOf(kind));
    expect(jobOutcome(failed('disk_on_fire'))).toBe(1);
    expect(jobOutcome({ ...failed('internal'), state: 'cancelled', error: null })).toBe(130);
  });
});
