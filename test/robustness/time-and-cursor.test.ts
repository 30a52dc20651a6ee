import { spawnSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTime } from '../../main/core/query/time-text';
import { cloudTrailRecords } from '../helpers/archives';
import { openTempCase } from '../helpers/core';
import { REPO, tempDir } from '../helpers/paths';

const bin = path.join(REPO, 'bin/trailmark.mjs');
const trailmark = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: REPO });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('strict time parsing', () => {
  it('takes ISO 8601 dates and times, with or without an offset (UTC without one)', () => {
    expect(parseTime('2026-10-03', 'from')).toBe('2026-10-03T00:00:00.000Z');
    expect(parseTime('2026-10-03T14:00', 'from')).toBe('2026-10-03T14:00:00.000Z');
    expect(parseTime('2026-10-03T14:00:05.25Z', 'from')).toBe('2026-10-03T14:00:05.250Z');
    expect(parseTime('2026-10-03 16:00:00+02:00', 'from')).toBe('2026-10-03T14:00:00.000Z');
    expect(parseTime('2026-10-03T09:00:00-0500', 'from')).toBe('2026-10-03T14:00:00.000Z');
  });

  it('refuses what Date.parse would guess at', () => {
    for (const bad of ['10/3', 'Oct 3', '2026', '2026-10', '2026-02-30', '2026-10-03T25:00', '1e12', '', 'now'])
      expect(() => parseTime(bad, 'from'), bad).toThrow(/from: ".*" is not an ISO 8601 date or time/);
  });
});

describe('bad time and cursor input through the shells', () => {
  let dir: string;
  let caseDir: string;
  beforeAll(async () => {
    dir = await tempDir();
    const file = path.join(dir, 'a.json');
    await writeFile(file, cloudTrailRecords(3));
    caseDir = path.join(dir, 'times.trailmark');
    const r = trailmark('ingest', caseDir, file);
    expect(r.code, r.err).toBe(0);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('`events --from 10/3` is bad input (exit 2), not 2001', () => {
    const r = trailmark('events', caseDir, '--from', '10/3');
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/from: "10\/3" is not an ISO 8601 date or time/);
    const ok = trailmark('events', caseDir, '--from', '2026-10-01', '--json');
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ total: 3, rows: expect.any(Array) });
    expect(JSON.parse(ok.out).rows).toHaveLength(3);
  });

  it('a bad keyset cursor is bad_request with a clear message, not an internal error quoting SQL', async () => {
    const { core: again, dir: scratch } = await openTempCase();
    try {
      await again.api.openCase({ path: caseDir });
      const page = await again.api.queryEvents({ limit: 2 });
      const last = page.rows[1]!;
      const next = await again.api.queryEvents({ limit: 2, after: { time: last.time, event_uid: last.event_uid } });
      expect(next.rows).toHaveLength(1);
      for (const time of ["x' OR 1=1 --", '10/3', '2026-13-01T00:00:00Z']) {
        const reply = await again.dispatch('queryEvents', { limit: 2, after: { time, event_uid: 'e' } });
        expect(reply.ok).toBe(false);
        if (reply.ok) continue;
        expect(reply.error.kind).toBe('bad_request');
        expect(reply.error.message).toMatch(/is not a page cursor/);
        expect(reply.error.message).not.toMatch(/SELECT|TIMESTAMPTZ/);
      }
      const badFilter = await again.dispatch('queryEvents', { filter: { from: '10/3' } });
      expect(badFilter.ok || badFilter.error.kind).toBe('bad_request');
    } finally {
      again.close();
      await rm(path.dirname(scratch), { recursive: true, force: true });
    }
  });
});
