import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Duck } from '../../main/core/db/duck';
import { ident, list, lit, param, sql } from '../../main/core/db/sql';

describe('the SQL idiom', () => {
  let db: Duck;
  beforeAll(async () => {
    db = await Duck.open(':memory:');
    await db.run(sql`CREATE TABLE ${ident('t')} (id INTEGER, name VARCHAR)`);
    await db.run(sql`INSERT INTO t VALUES (1, ${param("o'brien")}), (2, ${param('a;DROP TABLE t')})`);
  });
  afterAll(() => db.close());

  it('binds values as parameters, never as text', async () => {
    const q = sql`SELECT id FROM t WHERE name = ${param("o'brien")}`;
    expect(q.text).toBe('SELECT id FROM t WHERE name = ?');
    expect(await db.scalar(q)).toBe(1);
    expect(await db.scalar(sql`SELECT count(*) FROM t WHERE name = ${param('a;DROP TABLE t')}`)).toBe(1);
  });

  it('lists bind each value, and an empty list matches nothing', async () => {
    expect(await db.scalar(sql`SELECT count(*) FROM t WHERE id IN ${list([1, 2, 3])}`)).toBe(2);
    expect(await db.scalar(sql`SELECT count(*) FROM t WHERE id IN ${list([])}`)).toBe(0);
  });

  it('refuses any identifier that is not a plain name', () => {
    expect(ident('events').text).toBe('"events"');
    for (const bad of ['a b', 'x"; DROP TABLE t; --', '', '1abc', 'a.b', 'é'])
      expect(() => ident(bad)).toThrow(/identifier/);
  });

  it('refuses params beside a fragment that carries its own', async () => {
    await expect(db.all(lit('SELECT 1'), [1])).rejects.toThrow(/own params/);
  });
});
