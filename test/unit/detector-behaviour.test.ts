import { afterEach, describe, expect, it } from 'vitest';
import { failureBurst } from '../../main/core/analysis/detectors/failure-burst';
import { offHours } from '../../main/core/analysis/detectors/off-hours';
import { volumeSpike } from '../../main/core/analysis/detectors/volume-spike';
import type { CaseFile } from '../../main/core/case/case-file';
import { analyse, at, crafted, routine, type Ev } from './detector-fixture';

let c: CaseFile | null = null;
afterEach(() => c?.close());

describe('off-hours detector', () => {
  it('fires on calls at an hour the identity never used, citing its usual hours', async () => {
    c = await crafted([...routine(21, 12), { time: at(2, 3, 10) }, { time: at(2, 3, 20) }]);
    const r = await analyse(c, [offHours]);
    expect(r.signals).toHaveLength(1);
    expect(r.signals[0]!.explanation).toMatch(
      /^2 calls in 10 minutes at 03h UTC, never used in 10 days of history; usual hours: 13–16h UTC/,
    );
  });

  it('stays quiet within usual hours and for identities active around the clock', async () => {
    const clock: Ev[] = Array.from({ length: 21 * 24 }, (_, h) => ({
      time: Date.UTC(2026, 9, 1) + h * 3_600_000,
      actor: 'lambda',
    }));
    c = await crafted([...routine(21, 12), ...clock, { time: at(2, 3), actor: 'lambda' }]);
    const r = await analyse(c, [offHours]);
    expect(r.signals).toEqual([]);
  });
});

describe('volume spike detector', () => {
  it('fires when an operation class far exceeds its hourly median and worst hour (robust z)', async () => {
    const bulk: Ev[] = Array.from({ length: 200 }, (_, i) => ({
      time: at(1, 14) + i * 5000,
      op: 'GetObject',
      service: 's3.amazonaws.com',
    }));
    c = await crafted([...routine(21, 12, { service: 's3.amazonaws.com' }), ...bulk]);
    const r = await analyse(c, [volumeSpike]);
    expect(r.signals).toHaveLength(1);
    const s = r.signals[0]!;
    // The 200 bulk reads plus the routine calls of that hour.
    expect(s.title).toMatch(/^Volume spike: 20\d s3\.amazonaws\.com:read calls in an hour$/);
    expect(s.explanation).toMatch(
      /against a median of \d+(\.\d+)? per active hour \(MAD [\d.]+\) and at most \d+ in any hour of its history; robust z = \d+/,
    );
    expect(s.event_uids.length).toBeGreaterThanOrEqual(200);
  });

  it('stays quiet on the usual volume', async () => {
    c = await crafted(routine(21, 40));
    expect((await analyse(c, [volumeSpike])).signals).toEqual([]);
  });
});

describe('failure burst detector', () => {
  const denied = (t: number, op: string): Ev => ({
    time: t,
    op,
    outcome: 'failure',
    error: 'AccessDenied',
    ip: '103.4.5.6',
  });

  it('fires on a burst of denied calls across operations', async () => {
    const probe = ['ListUsers', 'ListRoles', 'ListBuckets', 'ListSecrets', 'DescribeVpcs'].flatMap((op, i) => [
      denied(at(3, 11, i), op),
      denied(at(3, 11, i) + 20_000, op),
    ]);
    c = await crafted([...routine(21, 12), ...probe]);
    const r = await analyse(c, [failureBurst]);
    expect(r.signals).toHaveLength(1);
    expect(r.signals[0]!.explanation).toBe(
      '10 denied calls (AccessDenied) across 5 operations (DescribeVpcs, ListBuckets, ListRoles, ListSecrets and 1 more) in 4 minutes from 103.4.5.6; at most 0 denied in any hour of its history',
    );
    expect(r.signals[0]!.severity).toBe('medium');
  });

  it('stays quiet on the occasional denial the identity always had', async () => {
    const usual = routine(21, 12).map((e, i) =>
      i % 10 === 0 ? { ...e, outcome: 'failure' as const, error: 'AccessDenied' } : e,
    );
    c = await crafted([...usual, denied(at(2, 14), 'ListUsers'), denied(at(2, 14, 5), 'ListUsers')]);
    expect((await analyse(c, [failureBurst])).signals).toEqual([]);
  });
});
