import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreService } from '../../main/core/api/service';
import { ingest } from '../helpers/core';
import { REPO } from '../helpers/paths';
import { robustCase } from './robust-case';
import { copyCase, editDatabase, trailmark, closeAndRelease } from './tamper';

/** Direct edits of case.duckdb (a DuckDB shell on a closed case): `info --verify-case` names the table, exit 1. */
describe('case digests against direct database edits', () => {
  let c: Awaited<ReturnType<typeof robustCase>>;
  beforeAll(async () => {
    c = await robustCase({ analyse: true });
    const f = await c.core.api.listFindings({ limit: 1 });
    await c.core.api.setFindingStatus({ id: f.rows[0]!.id, status: 'confirmed', note: 'seen' });
    await c.core.api.addAnnotation({ target_kind: 'finding', target_id: f.rows[0]!.id, note: 'look here' });
    await closeAndRelease(c.core, c.caseDir);
  });
  afterAll(() => c?.cleanup());

  const changed = (dir: string, table: string) => {
    const r = trailmark('info', dir, '--verify-case', '--json');
    expect(r.code, r.out + r.err).toBe(1);
    const v = JSON.parse(r.out).verification;
    expect(v.ok).toBe(false);
    expect(v.tables.filter((t: { ok: boolean }) => !t.ok).map((t: { table: string }) => t.table)).toEqual([table]);
    const text = trailmark('info', dir, '--verify-case');
    expect(text.out).toContain('case data CHANGED OUTSIDE TRAILMARK');
    expect(text.out).toContain(`  ${table}: `);
  };

  it('an untouched case verifies, every table matching its digest', async () => {
    const dir = await copyCase(c.caseDir, 'clean');
    const r = trailmark('info', dir, '--verify-case', '--json');
    expect(r.code, r.out + r.err).toBe(0);
    const v = JSON.parse(r.out).verification;
    expect(v.tables.map((t: { table: string; ok: boolean }) => [t.table, t.ok])).toEqual([
      ['evidence_files', true],
      ['events', true],
      ['ingest_issues', true],
      ['findings', true],
      ['annotations', true],
      ['identity_overrides', true],
    ]);
  });

  it.each([
    [
      'an operation renamed',
      'events',
      "UPDATE events SET api_operation = 'ListBuckets' WHERE api_operation = 'StopLogging'",
    ],
    ['an event deleted', 'events', 'DELETE FROM events WHERE event_uid = (SELECT min(event_uid) FROM events)'],
    [
      'a raw record edited',
      'events',
      `UPDATE events SET raw = replace(raw, '"eventName"', '"eventname"') WHERE rowid = 5`,
    ],
    [
      'an evidence hash zeroed',
      'evidence_files',
      `UPDATE evidence_files SET sha256 = '${'0'.repeat(64)}' WHERE evidence_id = 3`,
    ],
    ['findings deleted', 'findings', "DELETE FROM findings WHERE severity IN ('high', 'critical')"],
    ['a finding decision changed', 'findings', "UPDATE findings SET status = 'dismissed' WHERE status = 'confirmed'"],
    ['an annotation removed', 'annotations', 'DELETE FROM annotations'],
  ])('%s', async (name, table, statement) => {
    const dir = await copyCase(c.caseDir, name.replaceAll(' ', '-'));
    await editDatabase(dir, statement);
    changed(dir, table);
  });

  it('an edit with the digest recomputed by hand still shows: the log recorded the digests', async () => {
    const dir = await copyCase(c.caseDir, 'recomputed');
    await editDatabase(
      dir,
      "DELETE FROM findings WHERE severity IN ('high', 'critical')",
      "UPDATE case_digests SET row_count = (SELECT count(*) FROM findings), sum_hi = 0, sum_lo = 0 WHERE name = 'findings'",
    );
    const r = trailmark('info', dir);
    expect(r.code, r.out + r.err).toBe(1);
    expect(r.out).toMatch(/!! CUSTODY LOG BROKEN: .*case.duckdb was changed outside Trailmark/);
  });

  it.each([
    [
      'an evidence hash zeroed',
      'evidence_files',
      `UPDATE evidence_files SET sha256 = '${'0'.repeat(64)}' WHERE evidence_id = 3`,
    ],
    ['an event deleted', 'events', 'DELETE FROM events WHERE event_uid = (SELECT min(event_uid) FROM events)'],
  ])(
    '%s, then another ingest: the later ingest adds to the digest, it does not take the edit in',
    async (name, table, statement) => {
      const dir = await copyCase(c.caseDir, `${name.replaceAll(' ', '-')}-then-ingest`);
      await editDatabase(dir, statement);
      const more = path.join(path.dirname(dir), `more-${table}`);
      await mkdir(more, { recursive: true });
      await copyFile(path.join(REPO, 'test/fixtures/sources/okta-machines.jsonl'), path.join(more, 'okta.jsonl'));
      const core = createCoreService('cli');
      await core.api.openCase({ path: dir });
      expect((await ingest(core, [more])).loaded).toBeGreaterThan(0);
      await closeAndRelease(core, dir);
      changed(dir, table);
    },
  );
});
