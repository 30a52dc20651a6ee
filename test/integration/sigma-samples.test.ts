import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingDraft } from '../../main/core/case/finding-draft';
import type { CoreService } from '../../main/core/api/service';
import { loadSigmaRules, runSigmaRules, shippedRulesDir } from '../../main/core/sigma';
import { ingest, openTempCase } from '../helpers/core';
import { HAVE_SAMPLES, SAMPLES } from '../helpers/paths';

// Real CloudTrail (Apache-2.0: DataDog/stratus-red-team detonations, flosell/trailscraper) through the real
// ingest, checked with the SigmaHQ rules (DRL 1.1) shipped in rules/sigma.
describe.skipIf(!HAVE_SAMPLES)('Sigma rules on the real CloudTrail samples', () => {
  let core: CoreService;
  let findings: FindingDraft[];

  beforeAll(async () => {
    ({ core } = await openTempCase());
    await ingest(core, [path.join(SAMPLES, 'aws_cloudtrail')]);
    const set = await loadSigmaRules(shippedRulesDir()!);
    findings = await runSigmaRules(core.session.requireCase().db, set.rules);
  });
  afterAll(() => core.close());

  it('flags the detonated techniques, each on the identity that ran it', () => {
    const seen = findings.map((f) => [f.title, f.actor_uid, f.event_uids.length]);
    expect(seen).toContainEqual(['AWS CloudTrail Important Change', 'arn:aws:iam::143434273843:user/christophe', 1]);
    expect(seen).toContainEqual([
      'AWS Successful Console Login Without MFA',
      'arn:aws:iam::562283505220:user/stratus-red-team-nmfalu-jfzdtsvchl',
      1,
    ]);
    expect(seen).toContainEqual(['AWS Root Credentials', 'arn:aws:iam::123456789012:root', 1]);
    expect(seen).toContainEqual([
      'Potential Malicious Usage of CloudTrail System Manager',
      'arn:aws:iam::017622104382:user/christophe',
      1,
    ]);
  });

  it('explains each finding with the rule, its author and the matched values', () => {
    const stop = findings.find((f) => f.title === 'AWS CloudTrail Important Change')!;
    expect(stop).toMatchObject({
      detector: 'sigma:4db60cc0-36fb-42b7-9b58-a5b53019fb74',
      severity: 'medium',
      start: '2024-07-31T13:06:24.000Z',
    });
    expect(stop.explanation).toContain('by vitaliy0x1');
    expect(stop.explanation).toContain('eventName=StopLogging');
  });
});
