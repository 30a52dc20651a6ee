import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

/** A CSV cell: quoted, its quotes doubled. */
const cell = (s: string) => `"${s.replaceAll('"', '""')}"`;

describe('a CSV export bigger than the ingest memory allows one row to be', () => {
  it('is read row by row (read_csv sized for a record, not for the file), every row loaded', async () => {
    const dir = await tempDir();
    // 50,000 rows of about 1.1 KB: a 56 MB file, whose size read_csv took for the longest line, asking 16 times
    // that (896 MB) of the ingest's 768 MB: the ingest failed.
    const n = 50_000;
    const lines = ['_time,_raw,sourcetype'];
    for (let i = 0; i < n; i++) {
      const rec = {
        eventVersion: '1.09',
        eventTime: new Date(Date.UTC(2024, 4, 8) + i * 1000).toISOString(),
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketPolicy',
        awsRegion: 'us-east-1',
        sourceIPAddress: '192.0.2.10',
        userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/deployer', accountId: '111122223333' },
        requestParameters: { bucketPolicy: 'x'.repeat(800) },
        eventID: `e-${i}`,
      };
      lines.push([rec.eventTime, cell(JSON.stringify(rec)), 'aws:cloudtrail'].join(','));
    }
    const file = path.join(dir, 'splunk-big.csv');
    await writeFile(file, lines.join('\n') + '\n');
    const { core } = await openTempCase('big-csv');
    const s = await ingest(core, [file]);
    expect(s.files[0]).toMatchObject({ format: 'splunk_cloudtrail_lines_csv', records: n, loaded: n, quarantined: 0 });
    await core.close();
  });
});
