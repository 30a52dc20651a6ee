import { afterEach, describe, expect, it } from 'vitest';
import { firstSeenDetectors } from '../../main/core/analysis/detectors/first-seen';
import { detect } from '../../main/core/analysis/run-analysis';
import type { CaseFile } from '../../main/core/case/case-file';
import { CI, crafted, DAY, routine, T0 } from './detector-fixture';

// The default learning window ends 7 days before the case's last event. On an archive whose identities stop at
// different times, that window would hold nothing of most of them: each is analysed over its own last days.
const OTHER = 'arn:aws:iam::111122223333:role/nightly-report';
const THIRD = 'arn:aws:iam::111122223333:role/billing-export';
let c: CaseFile | null = null;
afterEach(() => c?.close());

describe('the learning window', () => {
  it('analyses an identity that went quiet early over its own last days, and says so', async () => {
    c = await crafted([
      // the CI role works 3 weeks, then on its last day calls DeleteTrail, and is never seen again
      ...routine(21, 12),
      { time: T0 + 20 * DAY + 15 * 3_600_000, op: 'DeleteTrail', service: 'cloudtrail.amazonaws.com' },
      // two other roles keep working for two more months, one stopping each day an hour before the other: both are
      // analysed over the case's window, not their own
      ...routine(90, 4, { actor: OTHER }),
      ...routine(90, 2, { actor: THIRD }),
    ]);
    const chosen = await detect(c.db, {
      baselineUntil: new Date(T0 + 83 * DAY).toISOString(),
      detectors: firstSeenDetectors,
    });
    expect(chosen.signals.filter((s) => s.actor_uid === CI)).toEqual([]);

    const adaptive = await detect(c.db, { baselineUntil: null, detectors: firstSeenDetectors });
    expect(adaptive.params.adaptive).toBe(true);
    expect(adaptive.ownWindowIdentities).toBe(1);
    const ci = adaptive.signals.filter((s) => s.actor_uid === CI);
    expect(ci.map((s) => s.title)).toContain('First-seen operation: DeleteTrail');
  });

  it('warns when the analysed window holds almost nothing', async () => {
    c = await crafted([
      ...routine(60, 40),
      // one call in the last week
      { time: T0 + 200 * DAY, op: 'GetObject' },
    ]);
    const r = await detect(c.db, {
      baselineUntil: new Date(T0 + 199 * DAY).toISOString(),
      detectors: firstSeenDetectors,
    });
    expect(r.analysedEvents).toBe(1);
    expect(r.warnings.join('\n')).toMatch(/^only 1 of [\d,]+ events fall in the analysed window/);
  });

  it('says nothing when the window is well filled', async () => {
    c = await crafted(routine(28, 12));
    const r = await detect(c.db, { baselineUntil: null, detectors: firstSeenDetectors });
    expect(r.ownWindowIdentities).toBe(0);
    expect(r.warnings).toEqual([]);
  });
});
