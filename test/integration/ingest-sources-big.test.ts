import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { splitBigCloudTrail, type Readable } from '../../main/core/ingest/batches';
import { formatById } from '../../main/core/ingest/sources/registry';
import { cloudTrailRecords, gz } from '../helpers/archives';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

describe("CloudTrail files past DuckDB's 16 MB maximum_object_size", () => {
  it('are split into lines in staging and read whole, plain and gzip, keeping record positions', async () => {
    const dir = await tempDir();
    const n = 45_000; // about 20 MB of {"Records":[...]}
    const text = cloudTrailRecords(n, (i) => (i === 777 ? { eventTime: 'not a time' } : {}));
    expect(text.length).toBeGreaterThan(16 * 2 ** 20);
    await writeFile(path.join(dir, 'big.json'), text);
    const other = cloudTrailRecords(n, (i) => ({ eventName: i % 2 ? 'PutObject' : 'GetObject' }));
    await writeFile(path.join(dir, 'big.json.gz'), gz(other));
    const bare = JSON.stringify(JSON.parse(cloudTrailRecords(n)).Records, null, 1); // pretty-printed bare array
    await writeFile(path.join(dir, 'big-array.json'), bare);

    const { core } = await openTempCase('big');
    // The memory limits the ingest sets, seen on their way to DuckDB (the statements still run).
    const db = core.session.requireCase().db;
    const run = db.run.bind(db);
    const limits: string[] = [];
    vi.spyOn(db, 'run').mockImplementation((sql, params) => {
      const m = /^SET memory_limit = '(.+)'$/.exec(typeof sql === 'string' ? sql : sql.text);
      if (m) limits.push(m[1]!);
      return run(sql, params);
    });
    const s = await ingest(core, [dir]);
    // 768 MB while files are read as they are, 400 MB for the parts of split files, then the case's own limit.
    expect(limits.slice(0, 2)).toEqual(['768MB', '400MB']);
    expect(limits).toHaveLength(3);
    const f = (name: string) => s.files.find((x) => x.path.endsWith(name));
    expect(f('big.json')).toMatchObject({ format: 'cloudtrail_records', records: n, loaded: n - 1, quarantined: 1 });
    expect(f('big.json.gz')).toMatchObject({ format: 'cloudtrail_records', records: n, loaded: n, quarantined: 0 });
    expect(f('big-array.json')).toMatchObject({ format: 'cloudtrail_array', records: n, loaded: n, quarantined: 0 });
    const info = await core.api.caseInfo({});
    expect(info.issues.first.map((i) => `${i.position} ${i.reason}`)).toContain(
      'record 777 no valid eventTime (not a time)',
    );
    const put = await core.api.queryEvents({ filter: { operation: 'PutObject' }, limit: 1 });
    expect(put.total).toBe(n / 2);
    core.close();
  });

  it('quarantines only the broken records of a split file, each at its index, naming the file', async () => {
    const dir = await tempDir();
    const n = 45_000; // about 20 MB: split, into one part of up to 32 MiB
    const good = cloudTrailRecords(n);
    await writeFile(path.join(dir, 'good.json'), good);
    // Record 7 gets a raw tab inside a string (its line then has three columns), record 100 a bare word, record
    // 101 invalid UTF-8: none of them is JSON. Their neighbours in the same part must still load.
    const marked = cloudTrailRecords(n, (i) =>
      i === 7
        ? { userAgent: 'TAB_ME' }
        : i === 100
          ? { eventName: 'BARE_ME' }
          : i === 101
            ? { userAgent: 'UTF_ME' }
            : {},
    );
    const [before, after] = marked
      .replace('"userAgent":"TAB_ME"', '"userAgent":"TAB\tME"')
      .replace('"eventName":"BARE_ME"', '"eventName":BARE_ME')
      .split('UTF_ME');
    await writeFile(
      path.join(dir, 'broken.json'),
      Buffer.concat([Buffer.from(before!), Buffer.from([0xc3, 0x28]), Buffer.from(after!)]),
    );

    const { core } = await openTempCase('big-broken');
    const s = await ingest(core, [dir]);
    const f = (name: string) => s.files.find((x) => x.path.endsWith(name))!;
    expect(f('good.json')).toMatchObject({ records: n, loaded: n, quarantined: 0 });
    expect(f('broken.json')).toMatchObject({ records: n, loaded: n - 3, quarantined: 3 });
    const info = await core.api.caseInfo({});
    const reasons = info.issues.first.map((i) => `${i.file.split('/').pop()} ${i.position} ${i.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^broken\.json record 7 a raw tab inside the record \(the record could not be read\)$/),
        expect.stringMatching(/^broken\.json record 100 not valid JSON/),
        expect.stringMatching(/^broken\.json record 101 not valid UTF-8/),
      ]),
    );
    expect(reasons.join('\n')).not.toContain('staging'); // the evidence is named, not the part
    expect((await core.api.queryEvents({ limit: 1 })).total).toBe(2 * n - 3);
    core.close();
  });

  it('hands DuckDB a copy in the staging folder, one record per line after its index, instead of the big object', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'big.json.gz');
    const n = 40_000;
    const text = cloudTrailRecords(n);
    await writeFile(file, gz(text));
    const def = formatById('cloudtrail_records')!;
    const small = path.join(dir, 'small.json');
    await writeFile(small, cloudTrailRecords(3));
    const entry = (p: string, gzip: boolean, size: number): Readable => ({
      kind: 'file',
      origin: p,
      memberPath: null,
      readPath: p,
      gzip,
      sha256: 'x',
      size,
      format: 'cloudtrail_records',
      formatNote: '',
      transcoded: null,
      hashed: { path: p, identity: '' },
      evidenceId: 1,
      display: p,
      insertSql: def.insertSql!,
      batchKey: 'cloudtrail_records:true',
    });
    const failed: { file: Readable; err: Error }[] = [];
    const staging = path.join(dir, 'staging');
    const out = await splitBigCloudTrail(
      [entry(file, true, (await stat(file)).size), entry(small, false, (await stat(small)).size)],
      staging,
      new AbortController().signal,
      failed,
    );
    expect(failed).toEqual([]);
    expect(out[0]).toMatchObject({ gzip: false, batchKey: 'split:cloudtrail', positionBase: 0 });
    expect(out[0]!.readPath.startsWith(staging)).toBe(true);
    const lines = (await readFile(out[0]!.readPath, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(n);
    const records = (JSON.parse(text) as { Records: unknown[] }).Records;
    expect(lines[123]!.startsWith('123\t')).toBe(true);
    expect(JSON.parse(lines[123]!.slice(4))).toEqual(records[123]);
    expect(out[0]!.longestRecord).toBe(Math.max(...records.map((r) => Buffer.byteLength(JSON.stringify(r)))));
    // In parts (4 MiB here, 32 MiB in an ingest), each line carries its record's index in the file.
    const parts = await splitBigCloudTrail(
      [entry(file, true, (await stat(file)).size)],
      path.join(dir, 'parts'),
      new AbortController().signal,
      failed,
      4 * 2 ** 20,
    );
    expect(parts.length).toBeGreaterThan(3);
    let next = 0;
    for (const p of parts) {
      const partLines = (await readFile(p.readPath, 'utf8')).trimEnd().split('\n');
      const [index, first] = partLines[0]!.split('\t');
      expect(Number(index)).toBe(next);
      expect(JSON.parse(first!)).toEqual(records[next]);
      next += partLines.length;
    }
    expect(next).toBe(n);
    expect(out[1]!.readPath).toBe(small); // small files are read as they are
  });
});
