// A CSV read again by its header after a bad row (csv-salvage.ts) names its columns as the header does, in its
// order, whatever the names: read_csv takes the columns by position, and a name that reads as an integer ("2024")
// would go first in a JavaScript object, putting every value after it under the wrong name. Names with a quote are
// bound, never SQL.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import type { IngestSummary } from '../../shared/model';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';
import { byFile } from './by-file';

const HEADER = "@timestamp,action,actor,org,repo,2024,it's,user_agent";
const BAD = 7;
const row = (i: number) => `${1714900400000 + i * 1000},git.push,deploy-bot[bot],acme,acme/app,n${i},q${i},git/2.44.0`;

describe("a salvaged CSV's columns keep the header's names and order", () => {
  let core: CoreService;
  let dir: string;
  let summary: IngestSummary;
  beforeAll(async () => {
    dir = await tempDir();
    await mkdir(path.join(dir, 'evidence'));
    const lines = [HEADER, ...Array.from({ length: 20 }, (_, i) => (i === BAD ? `${row(i)},one-too-many` : row(i)))];
    await writeFile(path.join(dir, 'evidence', 'github-names.csv'), lines.join('\n') + '\n');
    ({ core } = await openTempCase());
    summary = await ingest(core, [path.join(dir, 'evidence')]);
  });
  afterAll(async () => {
    core?.close();
    await rm(dir, { recursive: true, force: true });
  });
  const { file } = byFile(() => summary);

  it('loads the good rows with each value under its own column', async () => {
    expect(file('github-names.csv')).toMatchObject({
      format: 'github_audit_csv',
      records: 20,
      loaded: 19,
      quarantined: 1,
    });
    const db = core.session.requireCase().db;
    const rows = await db.all<{ p: number; action: string; year: string; quoted: string; ua: string }>(
      `SELECT CAST(position AS BIGINT) AS p, raw->>'action' AS action, raw->>'$."2024"' AS year,
         json_extract_string(raw, ?) AS quoted, raw->>'user_agent' AS ua
       FROM events ORDER BY p`,
      [`$."it's"`],
    );
    expect(rows).toHaveLength(19);
    for (const r of rows)
      expect(r).toEqual({ p: r.p, action: 'git.push', year: `n${r.p}`, quoted: `q${r.p}`, ua: 'git/2.44.0' });
  });
});
