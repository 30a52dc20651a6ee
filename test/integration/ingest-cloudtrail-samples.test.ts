import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import type { IngestSummary } from '../../shared/model';
import { ingest, openTempCase } from '../helpers/core';
import { HAVE_SAMPLES, SAMPLES } from '../helpers/paths';

// Real CloudTrail from ../shared/samples/aws_cloudtrail (Apache-2.0: DataDog/stratus-red-team, flosell/trailscraper).
describe.skipIf(!HAVE_SAMPLES)('ingest of the real CloudTrail samples', () => {
  let core: CoreService;
  let summary: IngestSummary;
  const folder = path.join(SAMPLES, 'aws_cloudtrail');

  beforeAll(async () => {
    ({ core } = await openTempCase());
    summary = await ingest(core, [folder]);
  });
  afterAll(() => core.close());

  it('reads the Records wrapper and bare arrays, and reconciles every file', () => {
    const byName = (n: string) => summary.files.find((f) => f.path.endsWith(n));
    expect(byName('events-for-smoke-test.json')).toMatchObject({ format: 'cloudtrail_records', records: 3, loaded: 3 });
    expect(byName('aws.credential-access.ec2-steal-instance-credentials.json')).toMatchObject({
      format: 'cloudtrail_array',
      records: 45,
      loaded: 45,
    });
    for (const f of summary.files) expect(f.records).toBe(f.loaded + f.quarantined);
    expect(summary.loaded).toBe(45 + 21 + 1 + 29 + 1 + 4 + 3 + 1 + 2 + 3 + 2);
  });

  it('reads the lookup-events JSON lines file through its CloudTrailEvent strings', () => {
    const f = summary.files.find((x) => x.path.endsWith('aws_cloudtrail_lookup_events.part1.jsonl'));
    expect(f).toMatchObject({ format: 'cloudtrail_lookup', records: 2, loaded: 2, quarantined: 0 });
  });

  it('classifies the CloudTrail identity types with reasons', async () => {
    const { rows } = await core.api.listIdentities({ limit: 100 });
    const find = (pred: (uid: string) => boolean) => rows.find((r) => pred(r.actor_uid));
    expect(find((u) => u.endsWith(':root'))).toMatchObject({ category: 'human', kind: 'root' });
    expect(find((u) => u === 'ec2.amazonaws.com' || u.endsWith('.amazonaws.com'))).toMatchObject({
      category: 'machine',
      kind: 'aws_service',
    });
    // the IAM Identity Center session goes to its person (the session name, from principalId here, as the
    // sample's ARN was scrubbed); the permission-set role, with its path, is the group of its people
    const sso = find((u) => u.endsWith('/AWSReservedSSO_account-admin_599c9e90e350d2ff'));
    expect(sso).toMatchObject({ category: 'human', kind: 'iam_role', event_count: 4 });
    expect(sso?.actor_uid).toBe(
      'arn:aws:iam::844015365555:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_account-admin_599c9e90e350d2ff',
    );
    expect(sso?.reason).toContain('randomca0L529zwNAY@gmail.com (4 events)');
    const person = find((u) => u === 'aws-sso-user:randomca0L529zwNAY@gmail.com');
    expect(person).toMatchObject({ category: 'human', kind: 'person', event_count: 4 });
    expect(person?.reason).toContain('AWSReservedSSO_account-admin_599c9e90e350d2ff');
    const christophe = find((u) => u.endsWith(':user/christophe'));
    expect(christophe?.kind).toBe('iam_user');
    expect(christophe?.reason).toMatch(/ConsoleLogin|programmatic|console/);
    for (const r of rows) expect(r.reason.length).toBeGreaterThan(20);
  });

  it('re-ingesting the same files adds no events', async () => {
    const before = (await core.api.caseInfo({})).events;
    const again = await ingest(core, [folder]);
    expect(again.loaded).toBe(0);
    expect(again.files.every((f) => f.skipped_reason)).toBe(true);
    expect((await core.api.caseInfo({})).events).toBe(before);
  });

  it('pages events and returns the raw record exactly', async () => {
    const page = await core.api.queryEvents({ filter: { operation: 'StopLogging' }, limit: 10 });
    expect(page.total).toBe(1);
    const ev = await core.api.getEvent({ event_uid: page.rows[0]!.event_uid });
    expect(JSON.parse(ev.raw).eventName).toBe('StopLogging');
    expect(ev.evidence_path).toContain('aws.defense-evasion.cloudtrail-stop.json');
  });
});
