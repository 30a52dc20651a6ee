import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineParams, sqlLiteral } from '../../main/core/console/inline-sql';
import { Duck } from '../../main/core/db/duck';
import { lit, list, param, sql } from '../../main/core/db/sql';

// Show SQL writes a query's bound values into its text: the text must mean exactly what the bound query meant.
describe('inlining parameters as literals', () => {
  let db: Duck;
  beforeAll(async () => {
    db = await Duck.open(':memory:');
  });
  afterAll(() => db.close());

  const hostile = ["o'brien", "'; DROP TABLE t; --", "back\\slash \\' end", '?', '"quoted"', 'ünï \n line', ''];

  it('gives the same rows as the bound query, for hostile strings, numbers, booleans, null and lists', async () => {
    for (const v of hostile) {
      const q = sql`SELECT ${param(v)} AS v, length(${param(v)}) AS n`;
      const text = inlineParams(q);
      expect(await db.all(lit(text))).toEqual(await db.all(q));
      expect((await db.one<{ v: string }>(lit(text)))!.v).toBe(v);
    }
    const q = sql`SELECT ${param(42)} + ${param(0.5)} AS a, ${param(true)} AS b, ${param(null)} IS NULL AS c,
      2 IN ${list([1, 2])} AS d, ${param(-7n)} AS e`;
    expect(await db.all(lit(inlineParams(q)))).toEqual(await db.all(q));
  });

  it("leaves a ? inside the query text's own strings, quoted names and comments alone", () => {
    const q = sql`SELECT '?' AS "what?", ${param('x')} AS v -- why?
      /* and ? here */ WHERE 'it''s ?' <> ${param(1)}`;
    expect(inlineParams(q)).toBe(`SELECT '?' AS "what?", 'x' AS v -- why?
      /* and ? here */ WHERE 'it''s ?' <> 1`);
  });

  it('refuses what it cannot write faithfully', () => {
    expect(() => sqlLiteral(Number.NaN)).toThrow();
    expect(() => sqlLiteral('a\0b')).toThrow(/NUL/);
    expect(() => inlineParams({ text: 'SELECT ?, ?', params: [1] })).toThrow(/more \?/);
    expect(() => inlineParams({ text: 'SELECT ?', params: [1, 2] })).toThrow(/more parameters/);
  });
});
