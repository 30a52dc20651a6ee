import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Duck } from '../../main/core/db/duck';
import { FieldSlots } from '../../main/core/sigma/fields';
import { param, sql } from '../../main/core/db/sql';
import { compileFieldEntry } from '../../main/core/sigma/values';
import {
  escapeSigmaLiteral,
  normalizeParts,
  parseSigmaString,
  printSigmaString,
  toLikePattern,
  toRegExp,
  type Part,
} from '../../main/core/sigma/wildcard';

// Characters that matter to Sigma (\ * ?), to LIKE (% _ \) and to case folding.
const charArb = fc.constantFrom('a', 'B', 'c', '\\', '*', '?', '%', '_', '.', ' ', 'é', 'Ä');
const textArb = fc.array(charArb, { maxLength: 10 }).map((a) => a.join(''));
const partsArb: fc.Arbitrary<Part[]> = fc
  .array(
    fc.oneof(
      textArb.map((lit) => ({ lit }) as Part),
      fc.constantFrom<Part>({ wild: '*' }, { wild: '?' }),
    ),
    { maxLength: 6 },
  )
  .map(normalizeParts);

describe('Sigma wildcards and escapes', () => {
  let db: Duck;
  beforeAll(async () => {
    db = await Duck.open(':memory:');
  });
  afterAll(() => db.close());

  it('follows the escaping examples of the specification', () => {
    expect(parseSigmaString('prog?.exe')).toEqual([{ lit: 'prog' }, { wild: '?' }, { lit: '.exe' }]);
    // A backslash before a non-wildcard stays; `\*` is a plain star.
    expect(parseSigmaString('C:\\Windows\\*')).toEqual([{ lit: 'C:\\Windows*' }]);
    expect(parseSigmaString('\\\\*')).toEqual([{ lit: '\\' }, { wild: '*' }]);
    expect(parseSigmaString('\\\\\\*')).toEqual([{ lit: '\\*' }]);
    expect(parseSigmaString('\\\\\\\\')).toEqual([{ lit: '\\\\' }]);
    expect(parseSigmaString('\\\\\\')).toEqual([{ lit: '\\\\' }]);
    expect(parseSigmaString('a\\b')).toEqual([{ lit: 'a\\b' }]);
    expect(parseSigmaString('\\?')).toEqual([{ lit: '?' }]);
  });

  it('an escaped literal parses back to exactly that literal', () => {
    fc.assert(
      fc.property(textArb, (s) => {
        expect(parseSigmaString(escapeSigmaLiteral(s))).toEqual(s ? [{ lit: s }] : []);
      }),
    );
  });

  it('printing and parsing pattern parts is a round trip', () => {
    fc.assert(
      fc.property(partsArb, (parts) => {
        expect(normalizeParts(parseSigmaString(printSigmaString(parts)))).toEqual(parts);
      }),
    );
  });

  it('the ILIKE / LIKE pattern DuckDB runs agrees with a reference matcher', async () => {
    await fc.assert(
      fc.asyncProperty(partsArb, fc.array(textArb, { minLength: 1, maxLength: 6 }), async (parts, candidates) => {
        // Candidates include the pattern's own text so that matches are common, not only misses.
        const cands = [...candidates, parts.map((p) => ('lit' in p ? p.lit : 'x')).join('')];
        const pattern = toLikePattern(parts);
        const rows = await db.all<{ i: number; ci: boolean; cs: boolean }>(
          `SELECT i, c ILIKE ? ESCAPE '\\' AS ci, c LIKE ? ESCAPE '\\' AS cs
           FROM (SELECT unnest(from_json(?::JSON, '["VARCHAR"]')) AS c, generate_subscripts(from_json(?::JSON, '["VARCHAR"]'), 1) AS i)`,
          [pattern, pattern, JSON.stringify(cands), JSON.stringify(cands)],
        );
        for (const r of rows) {
          const c = cands[r.i - 1]!;
          expect(r.ci, `${JSON.stringify(c)} ILIKE ${JSON.stringify(pattern)}`).toBe(toRegExp(parts).test(c));
          expect(r.cs, `${JSON.stringify(c)} LIKE ${JSON.stringify(pattern)}`).toBe(toRegExp(parts, true).test(c));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a field value written with wildcards and escapes matches as the reference says, scalar or in an array', async () => {
    await fc.assert(
      fc.asyncProperty(
        partsArb,
        textArb,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        async (parts, other, self, cased, inArray) => {
          // The pattern's own text (wildcards as 'x') matches often; a random text rarely.
          const candidate = self ? parts.map((p) => ('lit' in p ? p.lit : 'x')).join('') : other;
          const slots = new FieldSlots();
          const pred = compileFieldEntry('cloudtrail', cased ? 'f|cased' : 'f', printSigmaString(parts), slots);
          const record = { f: inArray ? ['unrelated', candidate] : candidate };
          const q = sql`SELECT ${pred} AS v FROM ${slots.project(sql`(SELECT ${param(JSON.stringify(record))}::JSON AS raw)`)}`;
          const got = await db.scalar<boolean>(q.text, q.params);
          const want = toRegExp(parts, cased).test(candidate) || (inArray && toRegExp(parts, cased).test('unrelated'));
          expect(got, `${JSON.stringify(candidate)} vs ${printSigmaString(parts)}`).toBe(want);
        },
      ),
      { numRuns: 300 },
    );
  });
});
