import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

const HOUR = 3600_000;
const START = Date.UTC(2026, 8, 7); // a Monday

/** One CloudTrail file holding one event at minute 17 of each given hour (hours since START). */
async function stream(dir: string, name: string, account: string, region: string, hours: number[]): Promise<string> {
  const records = hours.map((h, i) => ({
    eventVersion: '1.09',
    eventTime: new Date(START + h * HOUR + 17 * 60_000).toISOString().replace('.000Z', 'Z'),
    eventSource: 'sts.amazonaws.com',
    eventName: 'GetCallerIdentity',
    awsRegion: region,
    eventID: `${name}-${i}`,
    recipientAccountId: account,
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${account}:user/${name}`, accountId: account },
  }));
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify({ Records: records }));
  return file;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** Weekday working hours 09:00-17:59 over `days` days, leaving out the days listed. */
const workingHours = (days: number, skipDays: number[] = []) =>
  range(days * 24).filter((h) => {
    const day = Math.floor(h / 24);
    return day % 7 < 5 && h % 24 >= 9 && h % 24 < 18 && !skipDays.includes(day);
  });

describe('log gap detection', () => {
  let core: CoreService | undefined;
  afterEach(() => core?.close());

  it('finds a silent stretch in a continuous stream and a missing working day, and nothing in regular streams', async () => {
    const dir = await tempDir();
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const files = [
      // every hour for 3 weeks except 5 hours on day 10 from 08:00
      await stream(
        dir,
        'pipeline',
        '111122223333',
        'us-east-1',
        range(21 * 24).filter((h) => h < 248 || h >= 253),
      ),
      // every hour, no gap
      await stream(dir, 'backup', '111122223333', 'eu-west-1', range(21 * 24)),
      // working hours for 4 weeks, but not on Wednesday of the third week (day 16)
      await stream(dir, 'etl', '444455556666', 'us-east-1', workingHours(28, [16])),
      // working hours for 4 weeks, complete: nights and weekends are its pattern, not gaps
      await stream(dir, 'office', '777788889999', 'us-east-1', workingHours(28)),
      // busy about 60% of hours at random: silence is part of its pattern
      await stream(
        dir,
        'noisy',
        '777788889999',
        'eu-west-1',
        range(21 * 24).filter(() => rand() < 0.6),
      ),
    ];
    ({ core } = await openTempCase());
    await ingest(core, files);
    const { gaps } = await core.api.caseInfo({});
    expect(gaps.streams).toBe(5);
    expect(gaps.gaps).toEqual([
      {
        source: 'cloudtrail',
        account_uid: '444455556666',
        region: 'us-east-1',
        start: '2026-09-23T09:00:00Z',
        end: '2026-09-23T18:00:00Z',
        hours: 9,
        rule: 'weekly',
        reason: expect.stringMatching(/^9 silent hours fall on hours of the week with events in every other week/),
      },
      {
        source: 'cloudtrail',
        account_uid: '111122223333',
        region: 'us-east-1',
        start: '2026-09-17T08:00:00Z',
        end: '2026-09-17T13:00:00Z',
        hours: 5,
        rule: 'continuous',
        reason: expect.stringMatching(/^events in 99% of its 504 hours; 3\+ silent hours/),
      },
    ]);
    expect(gaps.total).toBe(2);
  });

  it('reports no gaps for a case too short to have a pattern', async () => {
    const dir = await tempDir();
    ({ core } = await openTempCase());
    await ingest(core, [await stream(dir, 'short', '111122223333', 'us-east-1', [0, 1, 5, 9])]);
    const { gaps } = await core.api.caseInfo({});
    expect(gaps).toEqual({ streams: 0, total: 0, gaps: [] });
  });
});
