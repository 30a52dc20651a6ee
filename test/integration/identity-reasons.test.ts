import { describe, expect, it } from 'vitest';
import { loadCorpus, observe, runnable, type ObservedEvent } from '../helpers/identity-corpus';
import { checkReason, statedFacts } from '../helpers/reason-check';

/**
 * Reasons that are true: for every identity of every corpus case (all shared samples and the fixtures), each
 * "field = value" its reason states is read back from the identity's own raw records, with any count beside it.
 * Reasons written by the CloudTrail classifier are another branch's (identity-aws): their problems are listed in
 * KNOWN_AWS and checked to still fail, so that the list is emptied when that branch fixes them.
 */
const KNOWN_AWS = new Set<string>([]);

describe('reason check', () => {
  it('reads fields, values and counts from a reason', () => {
    expect(statedFacts('category = ManagedIdentitySignInLogs (2 sign-ins), servicePrincipalId = 9d37: x')).toEqual([
      { field: 'category', value: 'ManagedIdentitySignInLogs', count: 2 },
      { field: 'servicePrincipalId', value: '9d37', count: null },
    ]);
    expect(statedFacts('isInteractive = true (1 of 2 sign-ins)')).toEqual([
      { field: 'isInteractive', value: 'true', count: 1 },
    ]);
  });

  it('finds a false value, an absent field and a wrong count', () => {
    const raw = [JSON.stringify({ properties: { isInteractive: false, category: 'SignInLogs' } })];
    expect(checkReason('isInteractive = true (0 of 1 sign-ins)', raw)).toHaveLength(1);
    expect(checkReason('initiatedBy.app.appId = abc: x', raw)).toHaveLength(1);
    expect(checkReason('category = SignInLogs (2 sign-ins)', raw)).toHaveLength(1);
    expect(checkReason('category = SignInLogs (1 sign-ins), isInteractive = false', raw)).toEqual([]);
  });
});

/** Each identity's reason and raw records: those it acted in, and those made with it as credential (impersonation). */
const byIdentity = (events: ObservedEvent[]) => {
  const m = new Map<string, { reason: string; raws: string[] }>();
  const add = (uid: string | null, reason: string | null, raw: string) => {
    if (!uid || !reason) return;
    const x = m.get(uid) ?? { reason, raws: [] };
    x.raws.push(raw);
    m.set(uid, x);
  };
  for (const e of events) {
    add(e.actor_uid, e.reason, e.raw);
    if (e.credential_uid !== e.actor_uid) add(e.credential_uid, e.credential_reason, e.raw);
  }
  return m;
};

for (const c of loadCorpus()) {
  describe.skipIf(!runnable(c))(`reasons of ${c.source}: ${c.name}`, () => {
    it('state only what the records hold', async () => {
      const problems: string[] = [];
      for (const [uid, { reason, raws }] of byIdentity(await observe(c)))
        for (const p of checkReason(reason, raws)) problems.push(`${uid}: ${p} (reason: ${reason})`);
      const known = problems.filter((p) => KNOWN_AWS.has(p));
      expect(problems.filter((p) => !known.includes(p))).toEqual([]);
    });
  });
}
