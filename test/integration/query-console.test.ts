import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { exportQueryCsv } from '../../main/core/console/export-csv';
import { queryConsole } from '../../main/core/console/runner';
import { sigmaSearch } from '../../main/core/console/sigma-search';
import type { CoreService } from '../../main/core/api/service';
import { TrailmarkError } from '../../shared/errors';
import { ingest, openTempCase } from '../helpers/core';
import { REPO } from '../helpers/paths';

let core: CoreService;
let dir: string;
const fixture = path.join(REPO, 'test/fixtures/sources/cloudtrail-org-trail.json');

beforeAll(async () => {
  ({ core, dir } = await openTempCase('console'));
  await ingest(core, [fixture]);
});
afterAll(() => core.session.close());

const qc = () => queryConsole(core.session.requireCase());
const custodyLines = async () =>
  (await readFile(path.join(dir, 'custody.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { action: string; detail: Record<string, unknown> });

async function refusal(text: string): Promise<string> {
  try {
    await qc().run({ sql: text });
  } catch (err) {
    expect(err).toBeInstanceOf(TrailmarkError);
    return (err as Error).message;
  }
  throw new Error(`not refused: ${text}`);
}

describe('query console', () => {
  it('reads the views, plain or in q, pages them and records each run in custody with its hash', async () => {
    const total = await core.session.requireCase().db.scalar<number>('SELECT count(*) FROM events');
    expect(total).toBeGreaterThan(2);
    const all = await qc().run({ sql: 'SELECT event_uid FROM events ORDER BY event_uid', limit: 1000 });
    expect(all.rows.length).toBe(total);
    expect(all.more).toBe(false);
    const page = await qc().run({ sql: 'SELECT event_uid FROM q.events ORDER BY event_uid;', offset: 1, limit: 2 });
    expect(page.rows).toEqual(all.rows.slice(1, 3));
    expect(page.more).toBe(total > 3);
    expect(page.columns).toEqual([{ name: 'event_uid', type: 'VARCHAR' }]);
    const last = (await custodyLines()).at(-1)!;
    expect(last.action).toBe('query.run');
    expect(last.detail).toMatchObject({ outcome: 'ok', result_sha256: page.sha256, offset: 1, rows: 2 });
    expect(last.detail.sql).toContain('FROM q.events');
  });

  it('reads every documented view, custody included, and DESCRIBE, SUMMARIZE, EXPLAIN, WITH', async () => {
    for (const v of ['identities', 'credentials', 'sessions', 'findings', 'finding_events', 'annotations']) {
      await qc().run({ sql: `SELECT * FROM ${v}` });
    }
    for (const v of ['evidence', 'ingest_issues']) await qc().run({ sql: `SELECT * FROM q.${v}` });
    const custody = await qc().run({ sql: "SELECT action FROM custody WHERE action = 'query.run' LIMIT 1" });
    expect(custody.rows).toEqual([['query.run']]);
    // Each line's hash, computed by DuckDB, is the next line's prev: the table is the chain as written.
    const chain = await qc().run({
      sql: 'SELECT count(*) AS lines, count(n.seq) AS linked FROM custody c LEFT JOIN custody n ON n.prev = c.line_sha256',
    });
    const [lines, linked] = chain.rows[0] as number[];
    expect(lines).toBe((await custodyLines()).length - 1); // the run being recorded comes after it
    expect(linked).toBe(lines! - 1);
    expect((await qc().run({ sql: 'DESCRIBE events' })).rows.length).toBeGreaterThan(10);
    await qc().run({ sql: 'SUMMARIZE SELECT src_ip FROM events' });
    await qc().run({ sql: 'EXPLAIN SELECT count(*) FROM events' });
    const w = await qc().run({ sql: 'WITH x AS (SELECT 1 AS n) SELECT n FROM x, range(2)' });
    expect(w.rows).toEqual([[1], [1]]);
  });

  it.each([
    ['INSERT INTO events SELECT * FROM events', /INSERT statements are not allowed/],
    ["UPDATE events SET src_ip = '1.2.3.4'", /UPDATE statements are not allowed/],
    ['DELETE FROM events', /DELETE statements are not allowed/],
    ['CREATE TABLE x AS SELECT 1', /CREATE statements are not allowed/],
    ["COPY events TO '/tmp/x.csv'", /COPY statements are not allowed/],
    ["ATTACH '/tmp/other.duckdb' AS o", /ATTACH statements are not allowed/],
    ['INSTALL httpfs', /INSTALL statements are not allowed/],
    ['LOAD httpfs', /LOAD statements are not allowed/],
    ['SET enable_external_access = true', /SET statements are not allowed/],
    ['PRAGMA database_list', /PRAGMA statements are not allowed/],
    ["SELECT * FROM read_csv('/etc/passwd')", /table function read_csv\(\) is not allowed/],
    ["SELECT * FROM read_parquet('/tmp/x.parquet')", /table function read_parquet\(\) is not allowed/],
    ["SELECT * FROM '/etc/passwd'", /"\/etc\/passwd" is not one of the query console's views/],
    ['SELECT * FROM main.events', /"main.events" is not one of the query console's views/],
    ['SELECT * FROM identity_overrides', /"identity_overrides" is not one of/],
    ['SELECT * FROM q.custody', /custody is read without a schema: FROM custody/],
    ["SELECT current_setting('temp_directory')", /function current_setting\(\) is not allowed/],
    ['SELECT * FROM duckdb_settings()', /table function duckdb_settings\(\) is not allowed/],
    ["SELECT * FROM query('DELETE FROM events')", /table function query\(\) is not allowed/],
    ["SELECT nextval('evidence_seq')", /function nextval\(\) is not allowed/],
    ['SELECT 1; SELECT 2', /one statement at a time: this holds 2/],
    ['SELECT 1; DELETE FROM events', /one read-only statement at a time/],
    ['EXPLAIN ANALYZE DELETE FROM events', /DELETE statements are not allowed/],
  ])('refuses %s with a clear message, and records the refusal', async (text, message) => {
    expect(await refusal(text)).toMatch(message);
    const last = (await custodyLines()).at(-1)!;
    expect(last.detail).toMatchObject({ sql: text, outcome: 'refused' });
  });

  it('left the case as it was', async () => {
    const r = await qc().run({ sql: 'SELECT count(*) FROM events' });
    const total = await core.session.requireCase().db.scalar<number>('SELECT count(*) FROM events');
    expect(r.rows).toEqual([[total]]);
  });

  it('stops a query past its time limit, and one that is cancelled', async () => {
    const slow = 'SELECT count(*) FROM range(1000000) a, range(1000000) b WHERE a.range * b.range = 7';
    await expect(qc().run({ sql: slow, timeout_s: 1 })).rejects.toThrow(/past its time limit \(1 s\)/);
    expect((await custodyLines()).at(-1)!.detail).toMatchObject({ outcome: 'cancelled' });
    const running = qc().run({ sql: slow, timeout_s: 600 });
    const stop = setInterval(() => qc().cancel() && clearInterval(stop), 50);
    await expect(running).rejects.toThrow(/was cancelled/);
    clearInterval(stop);
    // The console still answers after both.
    expect((await qc().run({ sql: 'SELECT 42' })).rows).toEqual([[42]]);
  });

  it("runs every query the README's Query section shows", async () => {
    const readme = await readFile(path.join(REPO, 'README.md'), 'utf8');
    const queries = [...readme.matchAll(/npx trailmark sql \/tmp\/x\.trailmark "([^"]+)"/g)].map((m) => m[1]!);
    expect(queries.length).toBeGreaterThanOrEqual(4);
    for (const q of queries) await qc().run({ sql: q });
  });

  it('exports a result as CSV and records the export with the SHA-256 of the CSV', async () => {
    const c = core.session.requireCase();
    const r = await exportQueryCsv(c, "SELECT 'a,b' AS x, 'say \"hi\"' AS y, NULL AS z, [1, 2] AS l", 10);
    expect(r.csv).toBe('x,y,z,l\r\n"a,b","say ""hi""",,"[1,2]"\r\n');
    expect(r.sha256).toBe(createHash('sha256').update(r.csv).digest('hex'));
    const last = (await custodyLines()).at(-1)!;
    expect(last.action).toBe('query.exported');
    expect(last.detail).toMatchObject({ format: 'csv', rows: 1, truncated: false, sha256: r.sha256 });
  });

  it('searches with a bare detection and logsource (no id, no title) through the Sigma compiler', async () => {
    const c = core.session.requireCase();
    const rule =
      'logsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  sel:\n    eventName: GetObject\n  condition: sel\n';
    const r = await sigmaSearch(c, rule, 100);
    const expected = await c.db.scalar<number>(
      "SELECT count(*) FROM events WHERE source = 'cloudtrail' AND api_operation = 'GetObject'",
    );
    expect(expected).toBeGreaterThan(0);
    expect(r.result.rows.length).toBe(expected);
    expect(r.rules[0]!.title).toBe('console rule 1');
    expect((await custodyLines()).at(-1)!).toMatchObject({ action: 'query.sigma', detail: { rule, rows: expected } });
  });
});
