// A CSV file with one row DuckDB cannot read (more columns than the header, or bytes that are not UTF-8): that row
// alone is quarantined, at its line in the file; the other rows load, each at its own index.
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import type { IngestSummary } from '../../shared/model';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';
import { byFile } from './by-file';

const HEADER = '@timestamp,action,actor,org,repo,created_at,programmatic_access_type,token_id,hashed_token,user_agent';
const BAD = 40; // data row index of the bad row: line 42 of the file (the header is line 1)

const row = (i: number) =>
  `${1714900400000 + i * 1000},git.push,deploy-bot[bot],acme,acme/app${i % 3},2024-05-05T09:13:20Z,,,,git/2.44.0`;

const breakers: Record<string, { bad: (i: number) => Buffer; reason: RegExp }> = {
  'extra-columns': {
    bad: (i) => Buffer.from(`${row(i)},one-too-many`),
    reason: /^the row has more columns than the header; not read$/,
  },
  'not-utf8': {
    bad: (i) => Buffer.concat([Buffer.from(row(i).replace('git.push', 'git.')), Buffer.from([0xc3, 0x28, 0xff])]),
    reason: /^not valid UTF-8 \(the row could not be read\)$/,
  },
};

function csv(bad: (i: number) => Buffer): Buffer {
  const lines: Buffer[] = [Buffer.from(HEADER)];
  for (let i = 0; i < 100; i++) lines.push(i === BAD ? bad(i) : Buffer.from(row(i)));
  return Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]));
}

describe('one bad CSV row costs only itself', () => {
  let core: CoreService;
  let dir: string;
  let summary: IngestSummary;
  beforeAll(async () => {
    dir = await tempDir();
    await mkdir(path.join(dir, 'evidence'));
    for (const [name, b] of Object.entries(breakers))
      await writeFile(path.join(dir, 'evidence', `github-${name}.csv`), csv(b.bad));
    await writeFile(
      path.join(dir, 'evidence', 'github-good.csv'),
      csv((i) => Buffer.from(row(i))),
    );
    ({ core } = await openTempCase());
    summary = await ingest(core, [path.join(dir, 'evidence')]);
  });
  afterAll(async () => {
    core?.close();
    await rm(dir, { recursive: true, force: true });
  });
  const { file } = byFile(() => summary);

  it.each(Object.keys(breakers))('%s: 99 rows load, the bad one is quarantined at its line', async (name) => {
    const f = file(`github-${name}.csv`);
    const issues = (await core.api.caseInfo({})).issues.first.filter((i) => i.file.endsWith(`/github-${name}.csv`));
    expect(f, JSON.stringify(issues)).toMatchObject({
      format: 'github_audit_csv',
      records: 100,
      loaded: 99,
      quarantined: 1,
    });
    expect(issues.map((i) => i.position)).toEqual([`line ${BAD + 2}`]);
    expect(issues[0]!.reason).toMatch(breakers[name]!.reason);
    // Every good row keeps its index in the file: the rows after the bad one are not moved up.
    const db = core.session.requireCase().db;
    const positions = await db.all<{ p: number }>(
      `SELECT CAST(e.position AS BIGINT) AS p FROM events e JOIN evidence_files f USING (evidence_id)
       WHERE f.path LIKE ? ORDER BY p`,
      [`%/github-${name}.csv`],
    );
    expect(positions.map((r) => r.p)).toEqual([...Array(100).keys()].filter((i) => i !== BAD));
  });

  it('a good CSV beside them loads whole by the fast path; the evidence read again in place is left as it was', async () => {
    expect(file('github-good.csv')).toMatchObject({ records: 100, loaded: 100, quarantined: 0 });
    for (const name of Object.keys(breakers))
      expect((await stat(path.join(dir, 'evidence', `github-${name}.csv`))).size).toBe(csv(breakers[name]!.bad).length);
  });
});
