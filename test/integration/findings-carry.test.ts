import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseFile } from '../../main/core/case/case-file';
import type { FindingDraft } from '../../main/core/case/finding-draft';
import { findingId, storeFindings } from '../../main/core/analysis/store';
import { openEventCase } from '../helpers/sigma-events';

const draft = (detector: string, score: number, event_uids: string[]): FindingDraft => ({
  detector,
  severity: 'high',
  score,
  actor_uid: 'aws:role:ci',
  start: '2026-03-01T12:00:00.000Z',
  end: '2026-03-01T12:05:00.000Z',
  title: detector,
  explanation: detector,
  event_uids,
});

/** A decision goes to one finding of the next run, not to every finding on the same events. */
describe('investigator decisions across analysis runs', () => {
  let kase: CaseFile;
  beforeAll(async () => {
    kase = await openEventCase();
  });
  afterAll(() => kase.close());

  const statuses = async () =>
    kase.db.all<{ detector: string; status: string }>('SELECT detector, status FROM findings ORDER BY detector');

  it('a confirmed finding hands its decision to one new finding sharing its evidence: itself, else the strongest', async () => {
    const tamper = draft('sensitive_operation', 80, ['e1', 'e2']);
    await storeFindings(kase.db, 'run-1', [tamper]);
    await kase.db.run(`UPDATE findings SET status = 'confirmed', status_note = 'intruder' WHERE id = ?`, [
      findingId(tamper),
    ]);
    // Run 2 makes the same finding again and a Sigma finding on one of its events.
    const sigma = draft('sigma:4db60cc0', 90, ['e1']);
    expect(await storeFindings(kase.db, 'run-2', [tamper, sigma])).toBe(1);
    expect(await statuses()).toEqual([
      { detector: 'sensitive_operation', status: 'confirmed' },
      { detector: 'sigma:4db60cc0', status: 'new' },
    ]);
    // Run 3 no longer makes it: the strongest finding on its evidence inherits the decision, the other stays new.
    const weak = draft('first_seen_operation', 40, ['e2']);
    expect(await storeFindings(kase.db, 'run-3', [sigma, weak])).toBe(1);
    expect(await statuses()).toEqual([
      { detector: 'first_seen_operation', status: 'new' },
      { detector: 'sigma:4db60cc0', status: 'confirmed' },
    ]);
  });
});
