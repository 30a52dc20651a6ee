// Files over the size where Trailmark stops reading a file whole (16 MiB uncompressed): a truncated big gzip that
// goes through the splitter loads what decompresses, and a big JSON-lines CloudTrail file is read line by line,
// in parts, instead of in one read whose buffers are the size of the file (issue 25: 1.1 GB ran out of memory).
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { duckFaults } from '../../main/core/db/duck';
import { needsLineSplit, needsSplit, type Readable } from '../../main/core/ingest/batches';
import { type IngestSummary } from '../../shared/model';
import { cloudTrailRecords } from '../helpers/archives';
import { openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';
import { byFile } from './by-file';

const MiB = 2 ** 20;
const N = 42_000; // about 18 MiB of records

const ctLines = (n: number) =>
  (
    JSON.parse(cloudTrailRecords(n, (i) => ({ requestID: `${i * 7919}-${(i * 104729) % 9973}` }))) as {
      Records: object[];
    }
  ).Records.map((r) => JSON.stringify(r));

/** What the ingest would make of a file, enough for the size rules. */
const asReadable = async (file: string, format: string, gzip: boolean) =>
  ({ readPath: file, format, gzip, size: (await stat(file)).size }) as Readable;

describe('files too big to read whole', () => {
  let core: CoreService;
  let dir: string;
  let summary: IngestSummary;
  let issues: { file: string; position: string | null; reason: string }[];
  const readsOfBigLines: string[] = [];
  let cut = 0;

  beforeAll(async () => {
    dir = await tempDir();
    const ev = path.join(dir, 'evidence');
    await mkdir(ev);
    const lines = ctLines(N);
    const text = lines.join('\n') + '\n';
    expect(text.length).toBeGreaterThan(16 * MiB);
    await writeFile(path.join(ev, 'big-lines.json'), text);
    expect(needsLineSplit(await asReadable(path.join(ev, 'big-lines.json'), 'cloudtrail_lines', false))).toBe(true);

    // Cut a little past half, where the last four bytes (read as the gzip trailer's size) say over 16 MiB: the
    // file then goes to the splitter, as a real truncated big file would.
    const gz = gzipSync(`{"Records":[\n${ctLines(N).join(',\n')}\n]}`);
    for (cut = gz.length >> 1; gz.readUInt32LE(cut - 4) <= 16 * MiB; cut++);
    const truncated = path.join(ev, 'big-truncated.json.gz');
    await writeFile(truncated, gz.subarray(0, cut));
    expect(needsSplit(await asReadable(truncated, 'cloudtrail_records', true))).toBe(true);

    ({ core } = await openTempCase());
    duckFaults.before = (text) => void (text.includes('big-lines.json') && readsOfBigLines.push(text.slice(0, 300)));
    const { job } = await core.api.startIngest({ paths: [ev] });
    const end = await core.session.jobs.wait(job);
    delete duckFaults.before;
    if (end.state !== 'done' || end.kind !== 'ingest' || !end.result) throw new Error(`ingest ${end.state}`);
    summary = end.result;
    issues = (await core.api.caseInfo({})).issues.first;
  });
  afterAll(async () => {
    delete duckFaults.before;
    core?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const { file, issuesOf } = byFile(
    () => summary,
    () => issues,
  );

  it('a truncated big .json.gz through the splitter loads what decompresses and quarantines the rest at its byte', () => {
    const f = file('big-truncated.json.gz');
    expect(f.format).toBe('cloudtrail_records');
    expect(f.loaded).toBeGreaterThan(N / 3);
    expect(f.loaded).toBeLessThan(N);
    expect(f.quarantined).toBe(1);
    const [issue, ...more] = issuesOf('big-truncated.json.gz');
    expect(more).toEqual([]);
    expect(issue!.position).toMatch(/^byte \d+$/);
    expect(Number(issue!.position!.slice(5))).toBeLessThanOrEqual(cut);
    expect(issue!.reason).toMatch(/^the compressed data breaks off at byte \d+/);
  });

  it('a big JSON-lines CloudTrail file is read line by line, every record at its index', async () => {
    expect(file('big-lines.json')).toMatchObject({ format: 'cloudtrail_lines', records: N, loaded: N, quarantined: 0 });
    // DuckDB never opened the file itself: it read the parts the line-by-line reader wrote.
    expect(readsOfBigLines).toEqual([]);
    const db = core.session.requireCase().db;
    const span = await db.one<{ n: number; lo: number; hi: number }>(
      `SELECT count(DISTINCT position) AS n, min(CAST(position AS BIGINT)) AS lo, max(CAST(position AS BIGINT)) AS hi
       FROM events e JOIN evidence_files f USING (evidence_id) WHERE f.path LIKE '%/big-lines.json'`,
    );
    expect(span).toEqual({ n: N, lo: 0, hi: N - 1 });
  });

  it('accounts for every record: seen = loaded + quarantined', () => {
    for (const f of summary.files) expect(f.records, f.path).toBe(f.loaded + f.quarantined);
  });
});
