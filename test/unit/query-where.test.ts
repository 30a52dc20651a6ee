import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Duck } from '../../main/core/db/duck';
import { param, sql } from '../../main/core/db/sql';
import { allOf, isSet, where } from '../../main/core/query/where';

describe('where(): the conditions that are present', () => {
  let db: Duck;
  beforeAll(async () => {
    db = await Duck.open(':memory:');
    await db.run(sql`CREATE TABLE t AS SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'b')) v(id, name)`);
  });
  afterAll(() => db.close());

  it('is no text at all when nothing is set, and binds each value of what is', async () => {
    const unset = undefined as string | undefined;
    expect(where([isSet(unset) && sql`name = ${param(unset)}`, null, false]).text).toBe('');
    expect(allOf([]).text).toBe('true');
    const w = where([sql`name = ${param('b')}`, isSet(2) && sql`id > ${param(2)}`, isSet('') && sql`never`]);
    expect(w).toEqual({ text: 'WHERE (name = ? AND id > ?)', params: ['b', 2] });
    expect(await db.all(sql`SELECT id FROM t ${w}`)).toEqual([{ id: 3 }]);
  });

  it('keeps a hostile value a value', async () => {
    const w = where([sql`name = ${param("b' OR '1'='1")}`]);
    expect(await db.scalar(sql`SELECT count(*) FROM t ${w}`)).toBe(0);
  });
});
