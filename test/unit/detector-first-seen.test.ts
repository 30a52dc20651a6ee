import { afterEach, describe, expect, it } from 'vitest';
import { firstSeenDetectors } from '../../main/core/analysis/detectors/first-seen';
import type { CaseFile } from '../../main/core/case/case-file';
import { analyse, at, crafted, routine } from './detector-fixture';

const byName = (n: string) => firstSeenDetectors.filter((d) => d.name === n);
let c: CaseFile | null = null;
afterEach(() => c?.close());

describe('first-seen detectors', () => {
  it('flag a new network, with the usual sources in the explanation', async () => {
    c = await crafted([
      ...routine(21, 12),
      ...Array.from({ length: 40 }, (_, i) => ({
        time: at(2, 3, 0) + i * 4000,
        op: 'GetSecretValue',
        ip: '45.137.21.9',
      })),
    ]);
    const r = await analyse(c, byName('first_seen_network'));
    expect(r.signals).toHaveLength(1);
    const s = r.signals[0]!;
    expect(s.detector).toBe('first_seen_network');
    expect(s.event_uids).toHaveLength(40);
    expect(s.explanation).toContain('40 calls in 3 minutes from 45.137.21.9 (45.137.0.0/16)');
    expect(s.explanation).toContain('usual: 10.20.0.0/16');
    expect(s.severity).toBe('low');
  });

  it('flag a first-seen operation and service and user agent family, one finding per burst', async () => {
    c = await crafted([
      ...routine(21, 12),
      { time: at(1, 14), op: 'GetSecretValue', service: 'secretsmanager.amazonaws.com', ua: 'python-requests/2.32' },
      { time: at(1, 14, 1), op: 'GetSecretValue', service: 'secretsmanager.amazonaws.com', ua: 'python-requests/2.32' },
      { time: at(4, 14), op: 'ListSecrets', service: 'secretsmanager.amazonaws.com' },
    ]);
    const r = await analyse(c, firstSeenDetectors);
    const names = r.signals.map((s) => s.detector).sort();
    expect(names).toEqual([
      'first_seen_operation',
      'first_seen_operation',
      'first_seen_service',
      'first_seen_user_agent',
    ]);
    expect(r.signals.find((s) => s.detector === 'first_seen_operation')!.explanation).toMatch(
      /^first GetSecretValue by this identity \(2 calls in 1 minute\), not in 120 events over 10 days of history; usual: DescribeInstances \(60\)/,
    );
    // Merged: day 1 (operation + service + agent) and day 4 (a new operation; its service was first seen on day 1)
    // are two findings.
    expect(r.findings.map((f) => f.detectors?.length ?? 1).sort()).toEqual([1, 3]);
  });

  it('fire once per new value: a new operation repeated every hour is one finding that counts the repeats', async () => {
    c = await crafted([
      ...routine(21, 12),
      // 24 hourly DescribeTable calls on day 15, and a ListTables on day 16 among more DescribeTable calls
      ...Array.from({ length: 24 }, (_, h) => ({ time: at(1, h), op: 'DescribeTable' })),
      { time: at(2, 9), op: 'DescribeTable' },
      { time: at(2, 9, 1), op: 'ListTables' },
    ]);
    const r = await analyse(c, byName('first_seen_operation'));
    expect(r.signals.map((s) => s.title)).toEqual([
      'First-seen operation: DescribeTable',
      'First-seen operation: ListTables',
    ]);
    const first = r.signals[0]!;
    expect(first.event_uids).toHaveLength(1);
    expect(first.explanation).toMatch(
      /^first DescribeTable by this identity \(1 call within a minute\).*; seen again 24 times until /,
    );
    // the day-16 burst keeps only its own new value: DescribeTable there was already claimed
    expect(r.signals[1]!.event_uids).toHaveLength(1);
  });

  it('stay quiet on normal data, including new addresses inside the usual networks', async () => {
    c = await crafted([
      ...routine(21, 12, {}, undefined, ['10.20.1.5', '10.20.2.9']),
      { time: at(3, 15), ip: '10.20.7.77' },
    ]);
    const r = await analyse(c, firstSeenDetectors);
    expect(r.signals).toEqual([]);
    expect(r.findings).toEqual([]);
  });
});
