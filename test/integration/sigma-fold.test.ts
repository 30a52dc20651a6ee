import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseFile } from '../../main/core/case/case-file';
import { compileRuleDocs, runSigmaRules } from '../../main/core/sigma';
import { splitDocuments } from '../../main/core/sigma/rule-doc';
import { insertEvents, openEventCase, type TestEvent } from '../helpers/sigma-events';

// A plain rule that keeps matching one identity (a role assuming roles every few hours for days) is one finding
// that counts its bursts, not one finding per burst: the shipped rules run on every analysis.
const RULE = `title: Assume role
id: 5f0f0a70-0000-4000-8000-000000000001
status: test
level: low
logsource: { product: aws, service: cloudtrail }
detection:
  sel: { eventName: AssumeRole }
  condition: sel
`;

const ROLE = 'arn:aws:iam::111122223333:role/ci';
const OTHER = 'arn:aws:iam::111122223333:role/batch';
const at = (h: number) => new Date(Date.UTC(2026, 9, 1, h)).toISOString();
const call = (uid: string, h: number, actor: string): TestEvent => ({
  uid,
  source: 'cloudtrail',
  time: at(h),
  actor,
  raw: { eventName: 'AssumeRole', eventSource: 'sts.amazonaws.com', eventTime: at(h) },
});

describe('Sigma findings of a rule that keeps matching', () => {
  let c: CaseFile;
  beforeAll(async () => {
    c = await openEventCase();
    // the CI role every 3 hours for two days (16 bursts at the 1-hour gap); the batch role once
    await insertEvents(c.db, [
      ...Array.from({ length: 16 }, (_, i) => call(`ci-${i}`, i * 3, ROLE)),
      call('batch-0', 5, OTHER),
    ]);
  });
  afterAll(() => c.close());

  it('are one finding per identity, its bursts counted, all its matches as evidence', async () => {
    const set = compileRuleDocs(splitDocuments('r.yml', RULE).docs);
    const found = await runSigmaRules(c.db, set.rules);
    expect(found.map((f) => f.actor_uid).sort()).toEqual([OTHER, ROLE].sort());
    const ci = found.find((f) => f.actor_uid === ROLE)!;
    expect(ci.event_uids).toHaveLength(16);
    expect(ci.start).toBe(at(0));
    expect(ci.explanation).toMatch(/matched 16 events of .*role\/ci from .* to .* in 16 separate bursts/);
    expect(found.find((f) => f.actor_uid === OTHER)!.explanation).not.toMatch(/separate bursts/);
  });
});
