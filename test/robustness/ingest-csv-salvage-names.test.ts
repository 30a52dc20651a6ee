// A CSV read again by its header after a bad row (csv-salvage.ts) names its columns as the header does, in its
// order, whatever the names: read_csv takes the columns by position, and a name that reads as an integer ("2024")
// would go first in a JavaScript object, putting every value after it under the wrong name. Names with a quote are
// bound, never SQL.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

const HEADER = "@timestamp,action,actor,org,repo,2024,it's,user_agent";
const BAD = 7;
const row = (i: number) => `${1714900400000 + i * 1000},git.push,deploy-bot[bot],acme,acme/app,n${i},q${i},git/2.44.0`;

describe("a salvaged CSV's columns keep the header's names and order", () => {
  let core: CoreService | undefined;
  afterEach(() => core?.close());

  it('loads the good rows with each value under its own column', async () => {
    const dir = await tempDir();
    const lines = [HEADER, ...Array.from({ length: 20 }, (_, i) => (i === BAD ? `${row(i)},one-too-many` : row(i)))];
    const csv = path.join(dir, 'github-names.csv');
    await writeFile(csv, lines.join('\n') + '\n');
    ({ core } = await openTempCase());
    const [file] = (await ingest(core, [csv])).files;
    expect(file).toMatchObject({ format: 'github_audit_csv', records: 20, loaded: 19, quarantined: 1 });
    const rows = await core.session.requireCase().db.all<{ p: number; action: string; year: string; quoted: string }>(
      `SELECT CAST(position AS BIGINT) AS p, raw->>'action' AS action, raw->>'$."2024"' AS year,
         json_extract_string(raw, ?) AS quoted FROM events ORDER BY p`,
      [`$."it's"`],
    );
    expect(rows.map((r) => r.p)).toEqual([...Array(20).keys()].filter((i) => i !== BAD));
    for (const r of rows) expect(r).toEqual({ p: r.p, action: 'git.push', year: `n${r.p}`, quoted: `q${r.p}` });
  });
});
