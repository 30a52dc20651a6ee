import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { MAX_DEPTH, MAX_RECORD_BYTES } from '../../main/core/ingest/record-limits';
import type { IngestSummary } from '../../shared/model';
import { cloudTrailRecords } from '../helpers/archives';
import { ingest, openTempCase } from '../helpers/core';
import { byFile } from './by-file';
import { tempDir } from '../helpers/paths';

/** A CloudTrail record (as JSON text) whose requestParameters hold `inner`. */
const recordWith = (inner: string) =>
  JSON.stringify((JSON.parse(cloudTrailRecords(1)) as { Records: object[] }).Records[0]).replace(
    /}$/,
    `,"requestParameters":${inner}}`,
  );

describe('a file nested too deep or with a record too big costs only that record', () => {
  let core: CoreService;
  let dir: string;
  let summary: IngestSummary;
  let issues: { file: string; position: string | null; reason: string }[];
  let hugeLine = 0;

  beforeAll(async () => {
    dir = await tempDir();
    const ev = path.join(dir, 'evidence');
    await mkdir(ev);
    const good = (JSON.parse(cloudTrailRecords(10)) as { Records: object[] }).Records.map((r) => JSON.stringify(r));
    // 70,000 levels killed the process (SIGSEGV in DuckDB's read_json); arrays and objects, just past the limit too
    const deep = (n: number) => `${'[{"a":'.repeat(n >> 1)}1${'}]'.repeat(n >> 1)}`;
    const records = (odd: string) => `{"Records":[${[...good.slice(0, 5), odd, ...good.slice(5)].join(',')}]}`;
    await writeFile(path.join(ev, 'deep-70000.json'), records(recordWith(deep(70_000))));
    await writeFile(path.join(ev, 'deep-over-limit.json'), records(recordWith(deep(MAX_DEPTH + 2))));
    await writeFile(path.join(ev, 'deep-lines.jsonl'), [...good.slice(0, 5), recordWith(deep(70_000))].join('\n'));
    // a record of 100 MB (over the 64 MiB limit) in a {"Records":[...]} file: read through the splitter
    await writeFile(path.join(ev, 'huge-record.json'), records(recordWith(JSON.stringify('x'.repeat(100 * 1e6)))));
    // the same in a file of JSON lines of another source (read whole by DuckDB, not split)
    const k8s = (user: string) =>
      JSON.stringify({
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        stage: 'ResponseComplete',
        requestReceivedTimestamp: '2026-10-01T10:00:00.000000Z',
        verb: 'get',
        user: { username: user },
        objectRef: { resource: 'secrets', namespace: 'ns1' },
      });
    const k8sLines = Array.from({ length: 6 }, (_, i) => k8s(`system:serviceaccount:ns1:sa${i}`));
    k8sLines[3] = k8sLines[3]!.replace('"ns1"}', `"ns1","x":${JSON.stringify('y'.repeat(100 * 1e6))}}`);
    hugeLine = Buffer.byteLength(k8sLines[3]);
    await writeFile(path.join(ev, 'huge-line.jsonl'), k8sLines.join('\n') + '\n');
    // nesting within the limit loads
    await writeFile(path.join(ev, 'nested-ok.json'), records(recordWith(deep(100))));
    await writeFile(path.join(ev, 'good.json'), cloudTrailRecords(7));
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

  it('quarantines a record nested beyond the limit alone, naming the limit, and loads its neighbours', () => {
    for (const name of ['deep-70000.json', 'deep-over-limit.json']) {
      expect(file(name), name).toMatchObject({ records: 11, loaded: 10, quarantined: 1 });
      expect(issuesOf(name).map((i) => `${i.position}: ${i.reason}`)).toEqual([
        `record 5: nested more than ${MAX_DEPTH} levels deep (the limit for one record); not read`,
      ]);
    }
    expect(file('deep-lines.jsonl')).toMatchObject({ records: 6, loaded: 5, quarantined: 1 });
    expect(issuesOf('deep-lines.jsonl').map((i) => i.position)).toEqual(['record 5']);
    expect(file('nested-ok.json')).toMatchObject({ records: 11, loaded: 11, quarantined: 0 });
  });

  it('quarantines a 100 MB record alone, naming the limit, and loads its neighbours', () => {
    expect(file('huge-record.json')).toMatchObject({ records: 11, loaded: 10, quarantined: 1 });
    const [issue, ...more] = issuesOf('huge-record.json');
    expect(more).toEqual([]);
    expect(issue!.position).toBe('record 5');
    expect(issue!.reason).toContain(String(MAX_RECORD_BYTES));
  });

  it('quarantines a 100 MB line of JSON lines alone, naming the limit, and loads its neighbours', () => {
    expect(file('huge-line.jsonl')).toMatchObject({ format: 'k8s_audit', records: 6, loaded: 5, quarantined: 1 });
    expect(issuesOf('huge-line.jsonl').map((i) => `${i.position}: ${i.reason}`)).toEqual([
      `record 3: record of ${hugeLine} bytes is over the limit of ${MAX_RECORD_BYTES} bytes for one record; not read`,
    ]);
  });

  it('goes on with the rest of the ingest', () => {
    expect(file('good.json')).toMatchObject({ records: 7, loaded: 7, quarantined: 0 });
    for (const f of summary.files) expect(f.records, f.path).toBe(f.loaded + f.quarantined);
  });
});
