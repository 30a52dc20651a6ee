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
    expect(ev).toMatchObject({ total: 4, offset: 0, next_offset: null });
    expect(ev.rows).toHaveLength(4);
    const limited = JSON.parse(trailmark('events', caseDir, '--limit', '7', '--json').out);
    expect(limited.rows).toHaveLength(7);
    const info = JSON.parse(trailmark('info', caseDir, '--json').out);
    expect(info.custody).toMatchObject({ ok: true });
    expect(info.events).toBeGreaterThan(100);
  });

  it('events --json says the total and where the next page starts; --offset reads it', () => {
    const all = JSON.parse(trailmark('events', caseDir, '--json').out);
    expect(all.total).toBeGreaterThan(100);
    expect(all).toMatchObject({ offset: 0, limit: 100, next_offset: 100 });
    expect(all.rows).toHaveLength(100);
    const next = JSON.parse(
      trailmark('events', caseDir, '--offset', String(all.next_offset), '--limit', '3', '--json').out,
    );
    expect(next).toMatchObject({ total: all.total, offset: 100, next_offset: 103 });
    const both = JSON.parse(trailmark('events', caseDir, '--limit', '103', '--json').out);
    expect(next.rows.map((e: { event_uid: string }) => e.event_uid)).toEqual(
      both.rows.slice(100).map((e: { event_uid: string }) => e.event_uid),
    );
    const text = trailmark('events', caseDir, '--limit', '5');
    expect(text.out).toContain(`1-5 of ${all.total} events; the next page: --offset 5`);
  });

  it('identities shows account and the full id, and that id or an unambiguous name is taken back by --identity', () => {
    const rows = JSON.parse(trailmark('identities', caseDir, '--json').out) as {
      actor_uid: string;
      display_name: string;
      account_uid: string | null;
    }[];
    const table = trailmark('identities', caseDir).out;
    expect(table.split('\n')[0]).toMatch(/account .*id \(pass to --identity\)/);
    for (const r of rows) expect(table).toContain(r.actor_uid);
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.display_name, (counts.get(r.display_name) ?? 0) + 1);
    const unique = rows.find((r) => counts.get(r.display_name) === 1 && r.display_name !== r.actor_uid)!;
    const byName = JSON.parse(trailmark('events', caseDir, '--identity', unique.display_name, '--json').out);
    const byId = JSON.parse(trailmark('events', caseDir, '--identity', unique.actor_uid, '--json').out);
    expect(byName.total).toBeGreaterThan(0);
    expect(byName.total).toBe(byId.total);
    expect(new Set(byName.rows.map((e: { actor_uid: string }) => e.actor_uid))).toEqual(new Set([unique.actor_uid]));

    // The demo has github-actions-deploy in two accounts: the name alone is refused, listing both ids.
    const twice = trailmark('events', caseDir, '--identity', 'github-actions-deploy');
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('arn:aws:iam::111122223333:role/github-actions-deploy');
    expect(twice.err).toContain('arn:aws:iam::444455556666:role/github-actions-deploy');
    expect(twice.out).toBe('');
    const unknown = trailmark('events', caseDir, '--identity', 'deploy');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/no identity "deploy"[^]*role\/github-actions-deploy/);
    expect(trailmark('findings', caseDir, '--identity', 'github-actions-deploy').code).toBe(2);
  });

  it('a reader that stops early (| head) ends the command quietly, not with an unhandled EPIPE', () => {
    const r = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" "${bin}" events "${caseDir}" --limit 3000 | head -n 1; exit \${PIPESTATUS[0]}`],
      { encoding: 'utf8', cwd: REPO },
    );
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^time\s+identity/);
  });

  it('--help shows every command’s usage exactly as its usage error does (one source)', () => {
    const help = trailmark('--help').out;
    const names = [...help.matchAll(/^ {2}trailmark (\w+) /gm)].map((m) => m[1]!);
    expect(names).toEqual(expect.arrayContaining(['ingest', 'events', 'timeline', 'findings', 'report', 'export']));
    for (const name of names) {
      const r = trailmark(name, '--no-such-option');
      expect(r.code, name).toBe(2);
      const usage = r.err.slice(r.err.indexOf('usage: ') + 'usage: '.length).split('\n')[0]!;
      expect(help, name).toContain(usage);
    }
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
    expect(trailmark('events', caseDir, '--offset', '-1').code).toBe(2);
  });
});
