import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import type { IngestSummary } from '../../shared/model';
import { cloudTrailRecords } from '../helpers/archives';
import { ingest, openTempCase } from '../helpers/core';
import { byFile } from './by-file';
import { tempDir } from '../helpers/paths';

/** n CloudTrail records, one JSON object a line; varied enough that gzip can't shrink them to nothing. */
const ctLines = (n: number) =>
  (
    JSON.parse(cloudTrailRecords(n, (i) => ({ requestID: `${i * 7919}-${(i * 104729) % 9973}` }))) as {
      Records: object[];
    }
  ).Records.map((r) => JSON.stringify(r));

describe('a damaged gzip loads what decompresses, and says where the rest was lost', () => {
  let core: CoreService;
  let dir: string;
  let summary: IngestSummary;
  let issues: { file: string; position: string | null; reason: string }[];
  const cutAt = new Map<string, number>();

  beforeAll(async () => {
    dir = await tempDir();
    const ev = path.join(dir, 'evidence');
    await mkdir(ev);
    const lines = ctLines(2000);
    const whole = gzipSync(lines.join('\n') + '\n');
    const records = gzipSync(`{"Records":[\n${lines.join(',\n')}\n]}`);
    for (const [name, gz] of [
      ['truncated-lines.json.gz', whole],
      ['truncated-records.json.gz', records],
    ] as const) {
      cutAt.set(name, gz.length >> 1);
      await writeFile(path.join(ev, name), gz.subarray(0, gz.length >> 1));
    }
    const hundred = ctLines(100);
    await writeFile(
      path.join(ev, 'trailing-garbage.json.gz'),
      Buffer.concat([gzipSync(hundred.join('\n') + '\n'), Buffer.from('garbage after the gzip data\n')]),
    );
    await writeFile(
      path.join(ev, 'trailing-garbage-records.json.gz'),
      Buffer.concat([gzipSync(cloudTrailRecords(100)), Buffer.from([0, 0, 0, 0, 0x41, 0x42])]),
    );
    // two members end to end are one valid gzip file (what `cat a.gz b.gz` gives)
    await writeFile(
      path.join(ev, 'two-members.json.gz'),
      Buffer.concat([gzipSync(ctLines(30).join('\n') + '\n'), gzipSync(ctLines(20).join('\n') + '\n')]),
    );
    ({ core } = await openTempCase());
    summary = await ingest(core, [ev]);
    issues = (await core.api.caseInfo({})).issues.first;
  });
  afterAll(async () => {
    core?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const { file, issuesOf } = byFile(
    () => summary,
    () => issues,
  );

  it('loads the lines before the break of a truncated .json.gz and quarantines the rest at its byte offset', () => {
    for (const name of ['truncated-lines.json.gz', 'truncated-records.json.gz']) {
      const f = file(name);
      expect(f.format, name).toMatch(/^cloudtrail_/);
      expect(f.loaded, name).toBeGreaterThan(900); // about half of the 2,000 records were compressed before the cut
      expect(f.loaded, name).toBeLessThan(2000);
      expect(f.quarantined, name).toBe(1);
      const [issue, ...more] = issuesOf(name);
      expect(more).toEqual([]);
      expect(issue!.position).toMatch(/^byte \d+$/);
      const at = Number(issue!.position!.slice(5));
      expect(at).toBeGreaterThan(0);
      expect(at).toBeLessThanOrEqual(cutAt.get(name)!);
      expect(issue!.reason).toMatch(
        /^the compressed data breaks off at byte \d+ \(.+\); the \d+ bytes before it were read/,
      );
    }
  });

  it('loads every record of a gzip with bytes after its end, and notes those bytes as an issue', () => {
    for (const name of ['trailing-garbage.json.gz', 'trailing-garbage-records.json.gz']) {
      const f = file(name);
      expect(f.skipped_reason, name).toBeUndefined();
      expect(f, name).toMatchObject({ records: 101, loaded: 100, quarantined: 1 });
      const [issue, ...more] = issuesOf(name);
      expect(more).toEqual([]);
      expect(issue!.reason).toMatch(/^\d+ bytes after the end of the gzip data are not gzip and were not read$/);
    }
  });

  it('reads every member of a multi-member gzip', () => {
    expect(file('two-members.json.gz')).toMatchObject({ records: 50, loaded: 50, quarantined: 0 });
  });

  it('accounts for every record: seen = loaded + quarantined', () => {
    for (const f of summary.files) expect(f.records, f.path).toBe(f.loaded + f.quarantined);
    expect(summary.loaded).toBe(
      file('truncated-lines.json.gz').loaded + file('truncated-records.json.gz').loaded + 250,
    );
  });
});
