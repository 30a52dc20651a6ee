import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Duck } from '../../main/core/db/duck';
import { expandTarget, parseCondition, printCondition, type Cond } from '../../main/core/sigma/condition';
import { conditionSql } from '../../main/core/sigma/detection';
import { param, sql, type Sql } from '../../main/core/db/sql';
import { SigmaUnsupported } from '../../main/core/sigma/unsupported';

const NAMES = ['sel_a', 'sel_b', 'filter_a', 'filter_b', '_hidden'];

const ref = (name: string): Cond => ({ t: 'ref', name });
const and = (...args: Cond[]): Cond => ({ t: 'and', args });
const or = (...args: Cond[]): Cond => ({ t: 'or', args });
const not = (arg: Cond): Cond => ({ t: 'not', arg });

/** Random condition trees over NAMES, in the parser's normal form (no and directly under and, no or under or). */
const condArb: fc.Arbitrary<Cond> = fc.letrec<{ cond: Cond }>((tie) => ({
  cond: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...NAMES).map(ref),
    fc
      .record({
        quant: fc.constantFrom<'all' | 1>('all', 1),
        target: fc.constantFrom('sel_*', 'filter_*', '*_a', 'them'),
      })
      .map(({ quant, target }): Cond => ({ t: 'of', quant, target })),
    tie('cond').map(not),
    fc.array(tie('cond'), { minLength: 2, maxLength: 4 }).map((args) => flat('and', args)),
    fc.array(tie('cond'), { minLength: 2, maxLength: 4 }).map((args) => flat('or', args)),
  ),
})).cond;

function flat(t: 'and' | 'or', args: Cond[]): Cond {
  const out = args.flatMap((a) => (a.t === t ? a.args : [a]));
  return out.length === 1 ? out[0]! : { t, args: out };
}

/** The reference: plain boolean evaluation of the tree the generator built. */
function evaluate(c: Cond, env: Record<string, boolean>): boolean {
  switch (c.t) {
    case 'ref':
      return env[c.name]!;
    case 'not':
      return !evaluate(c.arg, env);
    case 'and':
      return c.args.every((a) => evaluate(a, env));
    case 'or':
      return c.args.some((a) => evaluate(a, env));
    case 'of': {
      const names = expandTarget(c.target, NAMES);
      return c.quant === 'all' ? names.every((n) => env[n]) : names.some((n) => env[n]);
    }
  }
}

/** Fully parenthesised text, with redundant parentheses where `extra` says so. */
function printParens(c: Cond, extra: () => boolean): string {
  const wrap = (s: string): string => (extra() ? `(${s})` : s);
  switch (c.t) {
    case 'ref':
      return wrap(c.name);
    case 'of':
      return wrap(`${c.quant} of ${c.target}`);
    case 'not':
      return wrap(`not (${printParens(c.arg, extra)})`);
    default:
      return `(${c.args.map((a) => printParens(a, extra)).join(` ${c.t} `)})`;
  }
}

const envArb = fc.record(
  Object.fromEntries(NAMES.map((n) => [n, fc.boolean()])) as Record<string, fc.Arbitrary<boolean>>,
);

describe('Sigma condition parser', () => {
  let db: Duck;
  beforeAll(async () => {
    db = await Duck.open(':memory:');
  });
  afterAll(() => db.close());

  /** Evaluates the compiled SQL of a parsed condition in DuckDB, selections bound as boolean parameters. */
  async function evalSql(c: Cond, env: Record<string, boolean>): Promise<boolean> {
    const sels = new Map<string, Sql>(NAMES.map((n) => [n, sql`${param(env[n]!)}::BOOLEAN`]));
    const q = conditionSql(c, sels);
    return (await db.scalar<boolean>(`SELECT ${q.text} AS v`, q.params)) === true;
  }

  it('parses what it prints back to the same tree', () => {
    fc.assert(
      fc.property(condArb, (c) => {
        expect(parseCondition(printCondition(c))).toEqual(c);
      }),
      { numRuns: 500 },
    );
  });

  it('gives random expressions, however parenthesised, the value of the reference evaluator, in DuckDB', async () => {
    await fc.assert(
      fc.asyncProperty(condArb, envArb, fc.infiniteStream(fc.boolean()), async (c, env, coins) => {
        const it = coins[Symbol.iterator]();
        const text = printParens(c, () => it.next().value as boolean);
        const parsed = parseCondition(text);
        expect(parsed).toEqual(c);
        expect(await evalSql(parsed, env)).toBe(evaluate(c, env));
      }),
      { numRuns: 300 },
    );
  });

  it('binds not tighter than and, and and tighter than or, without parentheses', async () => {
    // Reference for flat expressions: split on or, then on and, then count leading nots.
    const flatArb = fc.array(fc.tuple(fc.nat(2), fc.constantFrom(...NAMES.slice(0, 4)), fc.constantFrom('and', 'or')), {
      minLength: 1,
      maxLength: 7,
    });
    await fc.assert(
      fc.asyncProperty(flatArb, envArb, async (terms, env) => {
        const text = terms
          .map(([nots, name, op], i) => `${'not '.repeat(nots)}${name}${i < terms.length - 1 ? ` ${op}` : ''}`)
          .join(' ');
        const groups: boolean[][] = [[]];
        terms.forEach(([nots, name, op], i) => {
          groups[groups.length - 1]!.push(nots % 2 === 1 ? !env[name] : env[name]!);
          if (op === 'or' && i < terms.length - 1) groups.push([]);
        });
        const expected = groups.some((g) => g.every(Boolean));
        expect(await evalSql(parseCondition(text), env)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('reads the forms the SigmaHQ rules use', () => {
    expect(parseCondition('selection and not 1 of filter_main_*')).toEqual(
      and(ref('selection'), not({ t: 'of', quant: 1, target: 'filter_main_*' })),
    );
    expect(parseCondition('a or b and c')).toEqual(or(ref('a'), and(ref('b'), ref('c'))));
    expect(parseCondition('not a and b')).toEqual(and(not(ref('a')), ref('b')));
    expect(parseCondition('not (a and b)')).toEqual(not(and(ref('a'), ref('b'))));
    expect(parseCondition('all of them')).toEqual({ t: 'of', quant: 'all', target: 'them' });
    expect(parseCondition('(a or b) and (c)')).toEqual(and(or(ref('a'), ref('b')), ref('c')));
    expect(parseCondition('a AND NOT b')).toEqual(and(ref('a'), not(ref('b'))));
  });

  it('leaves _names out of "them" and expands patterns', () => {
    expect(expandTarget('them', NAMES)).toEqual(['sel_a', 'sel_b', 'filter_a', 'filter_b']);
    expect(expandTarget('filter_*', NAMES)).toEqual(['filter_a', 'filter_b']);
    expect(expandTarget('*_a', NAMES)).toEqual(['sel_a', 'filter_a']);
  });

  it('reports what it cannot read instead of guessing', () => {
    for (const bad of ['selection | count() > 5', 'a and', '(a or b', 'a b', 'sel* and a', '1 of', 'a or or b', ')']) {
      expect(() => parseCondition(bad), bad).toThrow(SigmaUnsupported);
    }
  });
});
