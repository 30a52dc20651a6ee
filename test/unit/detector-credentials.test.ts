import { afterEach, describe, expect, it } from 'vitest';
import { dormantReactivated, newIdentity } from '../../main/core/analysis/detectors/dormant';
import { multiNetwork } from '../../main/core/analysis/detectors/multi-network';
import type { CaseFile } from '../../main/core/case/case-file';
import { analyse, at, crafted, routine, T0, DAY } from './detector-fixture';

let c: CaseFile | null = null;
afterEach(() => c?.close());

describe('one credential from several networks', () => {
  it('fires when a session key is used inside and from an unseen network in the same hour', async () => {
    const key = 'ASIAEXAMPLESESSION01';
    c = await crafted([
      ...routine(21, 12),
      { time: at(2, 14), credential: key, ip: '10.20.1.5' },
      { time: at(2, 14, 10), credential: key, ip: '10.20.1.5' },
      { time: at(2, 14, 20), credential: key, ip: '198.18.4.7' },
    ]);
    const r = await analyse(c, [multiNetwork]);
    expect(r.signals).toHaveLength(1);
    expect(r.signals[0]!.explanation).toBe(
      'credential ASIAEXAMPLESESSION01 used from 2 networks within the same hour: 10.20.0.0/16 (2 calls), 198.18.0.0/16 (1 call); never seen for this identity: 198.18.0.0/16',
    );
  });

  it('stays quiet when a key moves between known networks', async () => {
    c = await crafted([
      ...routine(21, 12, {}, undefined, ['10.20.1.5', '172.16.3.3']),
      { time: at(2, 14), credential: 'AKIA1', ip: '10.20.1.5' },
      { time: at(2, 14, 5), credential: 'AKIA1', ip: '172.16.3.3' },
    ]);
    expect((await analyse(c, [multiNetwork])).signals).toEqual([]);
  });
});

describe('dormant identity reactivated, new identity', () => {
  const legacy = 'arn:aws:iam::444455556666:user/legacy';

  it('fires on the first day back after weeks of silence', async () => {
    c = await crafted([
      ...routine(21, 12),
      ...routine(4, 5, { actor: legacy }),
      { time: at(3, 9), actor: legacy, op: 'ListBuckets', ip: '194.1.2.3' },
      { time: at(3, 10), actor: legacy, op: 'ListRoles', ip: '194.1.2.3' },
    ]);
    const r = await analyse(c, [dormantReactivated]);
    expect(r.signals).toHaveLength(1);
    expect(r.signals[0]!.actor_uid).toBe(legacy);
    expect(r.signals[0]!.explanation).toMatch(
      /^first activity in 1[0-9] days \(last seen 2026-10-0\d 16:\d\d UTC after 10 events\); 2 calls over 1 hour/,
    );
  });

  it('stays quiet for identities that keep working, or act rarely by nature', async () => {
    c = await crafted([...routine(21, 12), { time: T0 + DAY, actor: 'rare' }, { time: at(2, 9), actor: 'rare' }]);
    expect((await analyse(c, [dormantReactivated])).signals).toEqual([]);
  });

  it('reports an identity with no history at all as new (low)', async () => {
    c = await crafted([...routine(21, 12), { time: at(2, 9), actor: 'fresh-role' }]);
    const r = await analyse(c, [newIdentity]);
    expect(r.signals.map((s) => [s.actor_uid, s.severity])).toEqual([['fresh-role', 'low']]);
  });
});
