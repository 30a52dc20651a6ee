// Duck.insertRows on a real in-memory DuckDB: plain columns go through the appender and a temp table, others as
// one JSON parameter. Both must give the same rows: nulls, defaults for columns left out, values coerced alike.
import { afterEach, describe, expect, it } from 'vitest';
import { Duck } from '../../main/core/db/duck';

let db: Duck | null = null;
afterEach(() => db?.close());

const TABLE = `CREATE TABLE t (
  id INTEGER, name VARCHAR, size BIGINT, ok BOOLEAN, score DOUBLE, seen TIMESTAMPTZ,
  added VARCHAR NOT NULL DEFAULT 'by default')`;
const rows = [
  { id: 1, name: 'plain', size: 2 ** 40, ok: true, score: 0.5 },
  { id: 2, name: null, size: undefined, ok: false, score: 3 },
  { id: 3, name: 42, size: 0, ok: null, score: null },
];
const plain = { id: 'INTEGER', name: 'VARCHAR', size: 'BIGINT', ok: 'BOOLEAN', score: 'DOUBLE' };

describe('Duck.insertRows', () => {
  it('appends plain columns, with nulls, numbers as text, and defaults for the columns left out', async () => {
    db = await Duck.open(':memory:');
    await db.run(TABLE);
    await db.insertRows('t', plain, rows);
    expect(await db.all('SELECT id, name, size, ok, score, added FROM t ORDER BY id')).toEqual([
      { id: 1, name: 'plain', size: 2 ** 40, ok: true, score: 0.5, added: 'by default' },
      { id: 2, name: null, size: null, ok: false, score: 3, added: 'by default' },
      { id: 3, name: '42', size: 0, ok: null, score: null, added: 'by default' },
    ]);
    // The temp table it went through is gone.
    expect(await db.scalar("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'insert_rows_%'")).toBe(0);
  });

  it('gives the same rows through JSON when a column is not plain', async () => {
    db = await Duck.open(':memory:');
    await db.run(TABLE);
    const at = '2026-10-01T10:00:00Z';
    await db.insertRows(
      't',
      { ...plain, seen: 'TIMESTAMPTZ' },
      rows.map((r) => ({ ...r, seen: at })),
    );
    expect(await db.all('SELECT id, name, size, ok, score, added FROM t ORDER BY id')).toEqual([
      { id: 1, name: 'plain', size: 2 ** 40, ok: true, score: 0.5, added: 'by default' },
      { id: 2, name: null, size: null, ok: false, score: 3, added: 'by default' },
      { id: 3, name: '42', size: 0, ok: null, score: null, added: 'by default' },
    ]);
    expect(await db.scalar('SELECT count(*) FROM t WHERE seen = ?::TIMESTAMPTZ', [at])).toBe(3);
  });

  it('inserts nothing, and leaves no temp table, when a value does not fit its column', async () => {
    db = await Duck.open(':memory:');
    await db.run(TABLE);
    await expect(db.insertRows('t', plain, [rows[0]!, { ...rows[1]!, size: 1.5 }])).rejects.toThrow();
    expect(await db.scalar('SELECT count(*) FROM t')).toBe(0);
    expect(await db.scalar("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'insert_rows_%'")).toBe(0);
  });
});
