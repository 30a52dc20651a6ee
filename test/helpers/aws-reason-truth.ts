import { expect } from 'vitest';

/**
 * Checks that the numbers and user agents a CloudTrail behaviour reason cites are what the identity's raw records
 * say, recomputed here from the records with an implementation of console use of its own (AWS's documented forms),
 * not the one the classifier uses. Returns false when the reason is not a behaviour reason (a type rule).
 */
export function checkBehaviourReason(reason: string, raws: string[]): boolean {
  const recs = raws.map((r) => JSON.parse(r) as Record<string, unknown>);
  const shared = new Set<string>();
  let n = 0;
  for (const r of recs) {
    const id = r.sharedEventID;
    if (typeof id === 'string') {
      if (shared.has(id)) continue;
      shared.add(id);
    }
    n++;
  }
  const consoleRecs = recs.filter(isConsole);
  const prog = recs.filter((r) => !isConsole(r));
  const signIns = consoleRecs.filter((r) => r.eventName === 'ConsoleLogin').length;
  const num = (s: string) => Number(s.replaceAll(',', ''));
  const topOf = (rs: Record<string, unknown>[]) => {
    const counts = new Map<string, number>();
    for (const r of rs)
      if (typeof r.userAgent === 'string') counts.set(r.userAgent, (counts.get(r.userAgent) ?? 0) + 1);
    const max = Math.max(0, ...counts.values());
    return [...counts].filter(([, c]) => c === max).map(([ua]) => ua);
  };

  const all = /^machine: all ([\d,]+) calls programmatic(?: \(top userAgent = (.*)\))?, none from the console$/.exec(
    reason,
  );
  if (all) {
    expect(num(all[1]!), reason).toBe(n);
    expect(consoleRecs, reason).toHaveLength(0);
    if (all[2]) expect(topOf(prog), reason).toContain(all[2]);
    return true;
  }
  const progSide = /([\d,]+) of ([\d,]+) calls programmatic(?: \(top userAgent = ([^;]*?)\))?(;|$)/.exec(reason);
  const humanAll = /^human: all ([\d,]+) events from the console: /.exec(reason);
  if (!progSide && !humanAll) return false;
  if (progSide) {
    expect(num(progSide[2]!), reason).toBe(n);
    expect(num(progSide[1]!), reason).toBe(n - consoleRecs.length);
    if (progSide[3]) expect(topOf(prog), reason).toContain(progSide[3]);
  } else {
    expect(num(humanAll![1]!), reason).toBe(n);
    expect(prog, reason).toHaveLength(0);
  }
  const onlySignIns = /(?:^|; |: )([\d,]+) console sign-ins? (?:on|from) /.exec(reason);
  const calls =
    /([\d,]+) calls? from the console \(([\d,]+) console sign-ins?(?:, top userAgent = (.*?))?\) (?:on|from) /.exec(
      reason,
    );
  if (onlySignIns) {
    expect(num(onlySignIns[1]!), reason).toBe(signIns);
    expect(consoleRecs.length, reason).toBe(signIns);
  } else {
    expect(calls, reason).not.toBeNull();
    expect(num(calls![1]!), reason).toBe(consoleRecs.length);
    expect(num(calls![2]!), reason).toBe(signIns);
    if (calls![3])
      expect(topOf(consoleRecs.filter((r) => r.eventName !== 'ConsoleLogin')), reason).toContain(calls![3]);
  }
  return true;
}

/** Console use as AWS documents it in CloudTrail records. */
function isConsole(r: Record<string, unknown>): boolean {
  const ua = typeof r.userAgent === 'string' ? r.userAgent : '';
  const extra = r.additionalEventData as Record<string, unknown> | undefined;
  return (
    r.eventName === 'ConsoleLogin' ||
    r.sessionCredentialFromConsole === 'true' ||
    extra?.sessionCredentialFromConsole === 'true' ||
    ua.startsWith('Mozilla/') ||
    ua.startsWith('[Mozilla/') ||
    ua === 'console.amazonaws.com' ||
    ua === 'signin.amazonaws.com' ||
    /^console\.[a-z0-9-]+\.amazonaws\.com$/.test(ua) ||
    /\.console\.amazonaws\.com$/.test(ua) ||
    /^\[?S3Console\//.test(ua)
  );
}
