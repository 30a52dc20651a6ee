import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { CaseFile } from '../../main/core/case/case-file';
import { openTempCase } from '../helpers/core';

// DuckDB (1.5) cannot replay a write-ahead log holding an ALTER TABLE on a table with a nextval() default; a case
// left that way (a crash after such a change, before a checkpoint) must still open, with the log kept beside it.
describe('a write-ahead log DuckDB cannot replay', () => {
  it('is set aside (kept, hashed, in custody) and the case opens as of its last checkpoint', async () => {
    const { core, dir } = await openTempCase('wal');
    await core.api.addAnnotation({
      target_kind: 'range',
      target_id: '2026-10-01T00:00:00Z/2026-10-02T00:00:00Z',
      note: 'kept',
    });
    core.close();

    // What a crash leaves: a committed ALTER TABLE on `annotations` (its id defaults to nextval) in the log only.
    const dbFile = path.join(dir, 'case.duckdb');
    const raw = await DuckDBInstance.create(dbFile);
    const conn = await raw.connect();
    await conn.run("PRAGMA disable_checkpoint_on_shutdown; SET wal_autocheckpoint = '1TB'");
    await conn.run('ALTER TABLE annotations ADD COLUMN lost_in_the_log VARCHAR');
    conn.closeSync();
    raw.closeSync();
    const wal = await readFile(`${dbFile}.wal`);
    await expect(DuckDBInstance.create(dbFile)).rejects.toThrow(/replaying WAL/);

    const c = await CaseFile.open(dir, { create: false });
    try {
      const cols = await c.db.all<{ name: string }>("SELECT name FROM pragma_table_info('annotations')");
      expect(cols.map((r) => r.name)).not.toContain('lost_in_the_log');
      expect(await c.db.scalar('SELECT count(*) FROM annotations')).toBe(1);
    } finally {
      c.close();
    }
    const kept = (await readdir(dir)).filter((f) => f.startsWith('case.duckdb.wal.unreplayable-'));
    expect(kept).toHaveLength(1);
    expect(await readFile(path.join(dir, kept[0]!))).toEqual(wal);
    const custody = (await readFile(path.join(dir, 'custody.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const entry = custody.find((e) => e.action === 'case.wal_set_aside');
    expect(entry.detail.sha256).toBe(createHash('sha256').update(wal).digest('hex'));
    expect(entry.detail.kept_as).toBe(path.join(dir, kept[0]!));
    expect(entry.detail.error).toMatch(/replaying WAL/);
  });
});
