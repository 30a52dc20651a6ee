import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../helpers/paths';

const bin = path.join(REPO, 'bin/trailmark.mjs');
function trailmark(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: REPO });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const ROLE = 'arn:aws:iam::111122223333:role/github-actions-deploy';
/** The README's question: distinct access keys per source address in this role's sessions, in one month. */
const QUESTION = `SELECT src_ip, count(DISTINCT credential_uid) AS access_keys
FROM events
WHERE session_uid IN (SELECT session_uid FROM sessions WHERE actor_uid = '${ROLE}')
  AND time >= TIMESTAMPTZ '2026-10-01 00:00:00+00' AND time < TIMESTAMPTZ '2026-11-01 00:00:00+00'
GROUP BY src_ip ORDER BY access_keys DESC, src_ip`;

/** The same question asked of the case's tables directly, in bare DuckDB (the case closed). */
async function bare(caseDir: string, text: string): Promise<unknown[][]> {
  const db = await DuckDBInstance.create(path.join(caseDir, 'case.duckdb'), { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  try {
    return (await conn.runAndReadAll(text))
      .getRowsJS()
      .map((r) => r.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

describe('trailmark sql', () => {
  let dir: string;
  let caseDir: string;
  beforeAll(async () => {
    dir = await tempDir();
    caseDir = path.join(dir, 'sql.trailmark');
    const r = trailmark('demo', caseDir, '--days', '4', '--scale', '0.3', '--json');
    expect(r.code, r.err).toBe(0);
  });

  it('answers the README question as bare DuckDB does over the tables, saves it and finds it again', async () => {
    const span = await bare(caseDir, 'SELECT min(time)::DATE::VARCHAR, max(time)::DATE::VARCHAR FROM events');
    // The demo covers the days before it was built: ask about the month of its last day.
    const month = String(span[0]![1]).slice(0, 7);
    const next = new Date(`${month}-01T00:00:00Z`);
    next.setUTCMonth(next.getUTCMonth() + 1);
    const q = QUESTION.replace('2026-10-01', `${month}-01`).replace('2026-11-01', next.toISOString().slice(0, 10));
    const r = trailmark('sql', caseDir, q, '--json', '--save', 'keys per ip');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as { rows: unknown[][]; columns: { name: string }[]; sha256: string };
    expect(out.columns.map((c) => c.name)).toEqual(['src_ip', 'access_keys']);
    expect(out.rows.length).toBeGreaterThan(0);
    const direct = await bare(
      caseDir,
      q.replace('FROM sessions', 'FROM q.sessions').replace('FROM events', 'FROM main.events'),
    );
    expect(out.rows).toEqual(direct);

    const saved = JSON.parse(trailmark('sql', caseDir, '--saved', '--json').out) as { name: string; sql: string }[];
    expect(saved).toEqual([expect.objectContaining({ name: 'keys per ip', sql: q })]);
    const again = trailmark('sql', caseDir, '--saved', 'keys per ip', '--json');
    expect(JSON.parse(again.out).rows).toEqual(out.rows);

    const custody = (await readFile(path.join(caseDir, 'custody.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const runs = custody.filter((e) => e.action === 'query.run');
    expect(runs.at(-2).detail).toMatchObject({ sql: q, outcome: 'ok', result_sha256: out.sha256 });
    expect(custody.some((e) => e.action === 'query.saved' && e.detail.name === 'keys per ip')).toBe(true);

    expect(trailmark('sql', caseDir, '--delete', 'keys per ip').code).toBe(0);
    expect(JSON.parse(trailmark('sql', caseDir, '--saved', '--json').out)).toEqual([]);
  });

  it('reads a query from a file, prints CSV, and refuses a write with exit 2 and the reason', async () => {
    const file = path.join(dir, 'q.sql');
    await writeFile(file, 'SELECT source, count(*) AS n FROM q.events GROUP BY source ORDER BY source;\n');
    const r = trailmark('sql', caseDir, '-f', file, '--csv');
    expect(r.code, r.err).toBe(0);
    const direct = await bare(caseDir, 'SELECT source, count(*) FROM events GROUP BY source ORDER BY source');
    expect(r.out).toBe(['source,n', ...direct.map((row) => row.join(','))].join('\n') + '\n');
    const bad = trailmark('sql', caseDir, 'DELETE FROM events');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/DELETE statements are not allowed in the query console/);
  });

  it('--sigma shows the events a rule matches, through the Sigma compiler', async () => {
    const rule = path.join(dir, 'assume-role.yml');
    await writeFile(
      rule,
      `title: Role assumed
id: 0b8e7f3c-5a51-4c0e-9b57-2a1f6f0c0001
logsource:
  product: aws
  service: cloudtrail
detection:
  sel:
    eventName: AssumeRole
  condition: sel
level: low
`,
    );
    const r = trailmark('sql', caseDir, '--sigma', rule, '--limit', '10000', '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as {
      rules: { sql: string }[];
      result: { rows: unknown[][]; columns: { name: string }[] };
    };
    const uid = out.result.columns.findIndex((c) => c.name === 'event_uid');
    const direct = await bare(
      caseDir,
      "SELECT event_uid FROM events WHERE source = 'cloudtrail' AND api_operation = 'AssumeRole' ORDER BY event_uid",
    );
    expect(direct.length).toBeGreaterThan(0);
    expect(out.result.rows.map((row) => [row[uid]]).sort()).toEqual(direct);
    expect(out.rules[0]!.sql).toMatch(/SELECT/);
  });

  it('--parquet writes the whole result as a new Parquet file, in custody with its SHA-256, and never overwrites', async () => {
    const out = path.join(dir, 'per-source.parquet');
    const q = 'SELECT source, api_operation, count(*) AS n, min(time) AS first FROM events GROUP BY ALL ORDER BY ALL';
    const r = trailmark('sql', caseDir, q, '--parquet', out, '--json');
    expect(r.code, r.err).toBe(0);
    const x = JSON.parse(r.out) as { path: string; rows: number; sha256: string };
    expect(x.path).toBe(out);
    const direct = await bare(caseDir, q.replace('FROM events', 'FROM main.events'));
    expect(x.rows).toBe(direct.length);
    const read = await bare(caseDir, `SELECT * FROM read_parquet('${out.replaceAll("'", "''")}') ORDER BY ALL`);
    expect(read.map(String)).toEqual(direct.map(String));
    const bytes = await readFile(out);
    expect(x.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const custody = (await readFile(path.join(caseDir, 'custody.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(custody.at(-1)).toMatchObject({
      action: 'query.exported',
      detail: { format: 'parquet', sql: q, path: out, rows: x.rows, sha256: x.sha256 },
    });
    const again = trailmark('sql', caseDir, 'SELECT 1 AS one', '--parquet', out);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/exists already/);
    expect((await readFile(out)).equals(bytes)).toBe(true);
    const refused = trailmark(
      'sql',
      caseDir,
      "COPY events TO '/tmp/x.parquet'",
      '--parquet',
      path.join(dir, 'no.parquet'),
    );
    expect(refused.code).toBe(2);
    expect(existsSync(path.join(dir, 'no.parquet'))).toBe(false);
    expect(existsSync(path.join(dir, 'no.parquet.partial'))).toBe(false);
  });
});
