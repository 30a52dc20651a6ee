import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cloudTrailRecords } from '../helpers/archives';
import { REPO, tempDir } from '../helpers/paths';

const bin = path.join(REPO, 'bin/trailmark.mjs');
function trailmark(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: REPO });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the trailmark command', () => {
  let dir: string;
  let caseDir: string;
  beforeAll(async () => {
    dir = await tempDir();
    caseDir = path.join(dir, 'cli.trailmark');
    const r = trailmark('demo', caseDir, '--days', '4', '--scale', '0.3', '--json');
    expect(r.code, r.err).toBe(0);
  });

  it('demo builds a case with both kinds of identity, listed with --json', () => {
    const r = trailmark('identities', caseDir, '--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as { category: string; reason: string; actor_uid: string }[];
    expect(rows.some((x) => x.category === 'machine')).toBe(true);
    expect(rows.some((x) => x.category === 'human')).toBe(true);
    for (const x of rows) expect(x.reason).toBeTruthy();
    const machines = JSON.parse(trailmark('identities', caseDir, '--machine', '--json').out) as typeof rows;
    expect(machines.length).toBeGreaterThan(0);
    expect(machines.every((x) => x.category === 'machine')).toBe(true);
    expect(machines.map((x) => x.actor_uid).join(' ')).toMatch(/role\/github-actions-deploy/);
  });

  it('ingest --json has the contract shape and reconciles records', async () => {
    const file = path.join(dir, 'extra.json');
    await writeFile(file, cloudTrailRecords(4));
    const r = trailmark('ingest', caseDir, file, '--json');
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out);
    expect(Object.keys(s).sort()).toEqual(['case', 'files', 'identities', 'loaded', 'quarantined', 'records']);
    expect(s.files[0]).toMatchObject({
      path: file,
      format: 'cloudtrail_records',
      records: 4,
      loaded: 4,
      quarantined: 0,
    });
    expect(s.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('events filters by identity and limit; info reports an intact custody chain', () => {
    const ev = JSON.parse(
      trailmark('events', caseDir, '--identity', 'arn:aws:iam::111122223333:user/svc-test', '--json').out,
    );
    expect(ev).toHaveLength(4);
    const limited = JSON.parse(trailmark('events', caseDir, '--limit', '7', '--json').out);
    expect(limited).toHaveLength(7);
    const info = JSON.parse(trailmark('info', caseDir, '--json').out);
    expect(info.custody).toMatchObject({ ok: true });
    expect(info.events).toBeGreaterThan(100);
  });

  it('exits 2 with a message naming the file on bad input and bad usage', () => {
    const missing = trailmark('ingest', caseDir, path.join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.json');
    const noCase = trailmark('info', path.join(dir, 'absent.trailmark'));
    expect(noCase.code).toBe(2);
    expect(noCase.err).toContain('absent.trailmark');
    expect(trailmark('events', caseDir, '--limit', 'many').code).toBe(2);
    expect(trailmark('frobnicate').code).toBe(2);
  });
});
