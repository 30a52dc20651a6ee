import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { cloudTrailRecords, gz } from '../helpers/archives';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';
import { isSql } from '../../main/core/db/sql';

/** The same records pretty-printed: a line break after every token, as `jq .` writes them. */
const pretty = (oneLine: string) => JSON.stringify(JSON.parse(oneLine), null, 2);

describe('CloudTrail files that look one-line are read as newline-delimited, and re-read when they are not', () => {
  let core: CoreService | undefined;
  afterEach(() => core?.close());

  it('loads minified, pretty-printed and late-broken files alike, with the same raw records', async () => {
    const dir = path.join(await tempDir(), 'evidence');
    await mkdir(dir, { recursive: true });
    const records = cloudTrailRecords(200);
    // Minified through the sniffed head (16 KiB), then a line break between records: only reading finds it.
    let seen = 0;
    const lateBreak = records.replace(/\},\{"eventVersion"/g, (m) => (++seen === 100 ? '},\n{"eventVersion"' : m));
    expect(lateBreak.indexOf('\n')).toBeGreaterThan(16 * 1024);
    await writeFile(path.join(dir, 'a-minified.json.gz'), gz(records));
    await writeFile(path.join(dir, 'b-pretty.json.gz'), gz(pretty(records)));
    await writeFile(path.join(dir, 'c-late-break.json.gz'), gz(lateBreak));
    await writeFile(path.join(dir, 'd-minified-plain.json'), records + '\n');

    ({ core } = await openTempCase());
    const db = core.session.requireCase().db;
    const run = vi.spyOn(db, 'run');
    const summary = await ingest(core, [dir]);
    const statements = run.mock.calls
      .map(([q]) => (isSql(q) ? q.text : q))
      .filter((s) => s.includes('INSERT INTO events'));
    run.mockRestore();

    expect(summary.files.map((f) => [path.basename(f.path), f.records, f.loaded, f.quarantined])).toEqual([
      ['a-minified.json.gz', 200, 200, 0],
      ['b-pretty.json.gz', 200, 200, 0],
      ['c-late-break.json.gz', 200, 200, 0],
      ['d-minified-plain.json', 200, 200, 0],
    ]);
    const info = await core.api.caseInfo({});
    expect(info.issues.first).toEqual([]);

    // The gzip one-line batch (a, c) failed on c's line break and was read again as a whole with DuckDB's layout
    // detection; the pretty file had a batch of its own in that mode; d, alone, stayed newline-delimited.
    const modes = statements.map((s) => /format = '(\w+)'/.exec(s)?.[1]);
    expect(modes).toEqual(['newline_delimited', 'auto', 'auto', 'newline_delimited']);

    // Every layout gives the same raw records at the same positions.
    const byFile = await db.all<{ name: string; records: string }>(
      `SELECT regexp_extract(f.path, '[^/]+$') AS name, string_agg(e.position || ' ' || e.raw, '\n' ORDER BY e.position::INT) AS records
       FROM events e JOIN evidence_files f USING (evidence_id) GROUP BY ALL ORDER BY name`,
    );
    expect(byFile.map((r) => r.name)).toEqual([
      'a-minified.json.gz',
      'b-pretty.json.gz',
      'c-late-break.json.gz',
      'd-minified-plain.json',
    ]);
    for (const r of byFile) expect(r.records).toBe(byFile[0]!.records);
  });

  it('numbers the records of a file of several {"Records"} objects across the file, one event id each', async () => {
    const dir = path.join(await tempDir(), 'evidence');
    await mkdir(dir, { recursive: true });
    // CloudTrail files put end to end: one object a line (the head shows the break), and the same with a first
    // object longer than the head, so the file is read as newline-delimited and every line parses.
    const joined = [cloudTrailRecords(3), cloudTrailRecords(4), cloudTrailRecords(2)].join('\n') + '\n';
    const lateJoined = [cloudTrailRecords(200), cloudTrailRecords(5)].join('\n');
    expect(lateJoined.indexOf('\n')).toBeGreaterThan(16 * 1024);
    await writeFile(path.join(dir, 'joined.json'), joined);
    await writeFile(path.join(dir, 'late-joined.json.gz'), gz(lateJoined));
    const arrays = [cloudTrailRecords(2), cloudTrailRecords(3)].map((t) => JSON.stringify(JSON.parse(t).Records));
    await writeFile(path.join(dir, 'arrays.json'), arrays.join('\n'));

    ({ core } = await openTempCase());
    const summary = await ingest(core, [dir]);
    expect(summary.files.map((f) => [path.basename(f.path), f.records, f.loaded, f.quarantined])).toEqual([
      ['arrays.json', 5, 5, 0],
      ['joined.json', 9, 9, 0],
      ['late-joined.json.gz', 205, 205, 0],
    ]);
    const rows = await core.session.requireCase().db.all<{ name: string; n: number; ids: number; positions: string }>(
      `SELECT regexp_extract(f.path, '[^/]+$') AS name, count(*)::INT AS n, count(DISTINCT e.event_uid)::INT AS ids,
         string_agg(e.position || '=' || (e.raw->>'eventID'), ' ' ORDER BY e.position::INT) AS positions
       FROM events e JOIN evidence_files f USING (evidence_id) GROUP BY ALL ORDER BY name`,
    );
    expect(rows.map((r) => [r.name, r.n, r.ids])).toEqual([
      ['arrays.json', 5, 5],
      ['joined.json', 9, 9],
      ['late-joined.json.gz', 205, 205],
    ]);
    // Positions follow the file's order: the second object's first record is record 3 of joined.json.
    const ids = (r: (typeof rows)[number]) => r.positions.split(' ').map((p) => p.split('=')[1]);
    const joinedIds = JSON.parse(`[${joined.trim().split('\n').join(',')}]`).flatMap(
      (o: { Records: { eventID: string }[] }) => o.Records.map((x) => x.eventID),
    );
    expect(ids(rows[1]!)).toEqual(joinedIds);
    expect(rows[1]!.positions.split(' ').map((p) => p.split('=')[0])).toEqual(
      joinedIds.map((_: string, i: number) => String(i)),
    );
    expect(new Set(ids(rows[2]!)).size).toBe(205);
    expect((await core.api.caseInfo({})).issues.first).toEqual([]);
  });
});
