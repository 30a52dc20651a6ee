import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
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

describe('trailmark timeline and export (DESIGN §6)', () => {
  let dir: string;
  let caseDir: string;
  let roleEvents: number;
  beforeAll(async () => {
    dir = await tempDir();
    caseDir = path.join(dir, 'te.trailmark');
    const r = trailmark('demo', caseDir, '--days', '4', '--scale', '0.3', '--json');
    expect(r.code, r.err).toBe(0);
    const ids = JSON.parse(trailmark('identities', caseDir, '--json').out) as {
      actor_uid: string;
      event_count: number;
    }[];
    roleEvents = ids.find((i) => i.actor_uid === ROLE)!.event_count;
    expect(roleEvents).toBeGreaterThan(0);
  });

  it('timeline buckets one identity’s events in DuckDB; the buckets add up to its event count', () => {
    const r = trailmark('timeline', caseDir, '--identity', ROLE, '--buckets', '24', '--json');
    expect(r.code, r.err).toBe(0);
    const t = JSON.parse(r.out) as { points: { t: number; n: number }[]; total: number; bucket_seconds: number };
    expect(t.total).toBe(roleEvents);
    expect(t.points.reduce((a, p) => a + p.n, 0)).toBe(roleEvents);
    expect(new Set(t.points.map((p) => p.t)).size).toBeLessThanOrEqual(24);
    const text = trailmark('timeline', caseDir, '--identity', ROLE, '--by', 'outcome');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(new RegExp(`${roleEvents} events from`));
  });

  it('timeline --rare names the least frequent operations first, and takes the display name', () => {
    const ev = JSON.parse(trailmark('events', caseDir, '--identity', ROLE, '--limit', '5000', '--json').out) as {
      rows: { api_operation: string | null }[];
    };
    const counts = new Map<string, number>();
    for (const e of ev.rows)
      counts.set(e.api_operation ?? '(none)', (counts.get(e.api_operation ?? '(none)') ?? 0) + 1);
    const rarest = [...counts.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).map(([k]) => k);
    const r = trailmark('timeline', caseDir, '--identity', ROLE, '--rare', '--series', '2', '--json');
    expect(r.code, r.err).toBe(0);
    const t = JSON.parse(r.out) as { series: string[]; total: number };
    expect(t.series.slice(0, 2)).toEqual(rarest.slice(0, 2));
    expect(t.total).toBe(roleEvents);
    const text = trailmark('timeline', caseDir, '--identity', ROLE, '--rare', '--series', '2');
    expect(text.out).toContain('series: the 2 least frequent by operation, rarest first');
    // The demo has this role's name in two accounts: the name alone is refused with both ids.
    const byName = trailmark('timeline', caseDir, '--identity', 'github-actions-deploy');
    expect(byName.code).toBe(2);
    expect(byName.err).toContain(ROLE);
  });

  it('timeline names an unknown identity and a bad --by, exit 2', () => {
    const unknown = trailmark('timeline', caseDir, '--identity', 'arn:aws:iam::1:role/nope');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/nope/);
    expect(trailmark('timeline', caseDir, '--identity', ROLE, '--by', 'colour').code).toBe(2);
  });

  it('export --parquet writes every event, partitioned by source and day, readable by DuckDB', async () => {
    const out = path.join(dir, 'parquet');
    const r = trailmark('export', caseDir, '--parquet', out, '--json');
    expect(r.code, r.err).toBe(0);
    const e = JSON.parse(r.out) as { events: number; files: number; partitions: { source: string; days: number }[] };
    const info = JSON.parse(trailmark('info', caseDir, '--json').out) as { events: number };
    expect(e.events).toBe(info.events);
    expect(e.partitions).toEqual([{ source: 'cloudtrail', days: expect.any(Number) }]);
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const read = await db.runAndReadAll(
      `SELECT count(*)::INTEGER AS n, count(DISTINCT day)::INTEGER AS days, count(DISTINCT event_uid)::INTEGER AS uids,
              bool_and(json_valid(raw)) AS raw_ok
       FROM read_parquet('${out.replaceAll("'", "''")}/**/*.parquet', hive_partitioning = true)`,
    );
    const [row] = read.getRowObjectsJS() as { n: number; days: number; uids: number; raw_ok: boolean }[];
    expect(row).toEqual({ n: info.events, days: e.partitions[0]!.days, uids: info.events, raw_ok: true });
    db.closeSync();
  });

  it('export refuses a folder that is not empty, naming it, exit 2', async () => {
    const busy = path.join(dir, 'busy');
    await mkdir(busy);
    await writeFile(path.join(busy, 'keep.txt'), 'mine');
    const r = trailmark('export', caseDir, '--parquet', busy);
    expect(r.code).toBe(2);
    expect(r.err).toContain(busy);
  });
});
