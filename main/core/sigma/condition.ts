import { unsupported } from './unsupported';

/**
 * Sigma detection conditions. Precedence, least to most binding: or, and, not, `x of`, parentheses.
 * and/or are n-ary and flattened, so a parsed tree has one shape per meaning of the text.
 */
export type Cond =
  | { t: 'ref'; name: string }
  | { t: 'of'; quant: 'all' | number; target: string } // target: a name pattern with `*`, or 'them'
  | { t: 'not'; arg: Cond }
  | { t: 'and'; args: Cond[] }
  | { t: 'or'; args: Cond[] };

const TOKEN = /\s*(\(|\)|[^\s()]+)/y;
const IDENT = /^[A-Za-z0-9_*.-]+$/;

function tokenize(text: string): string[] {
  const out: string[] = [];
  let pos = 0;
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text))) {
    out.push(m[1] ?? '');
    pos = TOKEN.lastIndex;
  }
  if (text.slice(pos).trim()) unsupported(`condition "${text}" cannot be read`);
  return out;
}

function nary(t: 'and' | 'or', args: Cond[]): Cond {
  const flat = args.flatMap((a) => (a.t === t ? a.args : [a]));
  return flat.length === 1 && flat[0] ? flat[0] : { t, args: flat };
}

export function parseCondition(text: string): Cond {
  if (text.includes('|'))
    unsupported(`aggregation in condition ("${text.trim()}") is deprecated Sigma; use a correlation rule`);
  const toks = tokenize(text);
  let i = 0;
  const peek = (): string | undefined => toks[i]?.toLowerCase();
  const fail = (what: string): never => unsupported(`condition "${text}": ${what}`);

  const parseOr = (): Cond => {
    const args = [parseAnd()];
    while (peek() === 'or') {
      i++;
      args.push(parseAnd());
    }
    return nary('or', args);
  };
  const parseAnd = (): Cond => {
    const args = [parseNot()];
    while (peek() === 'and') {
      i++;
      args.push(parseNot());
    }
    return nary('and', args);
  };
  const parseNot = (): Cond => {
    if (peek() === 'not') {
      i++;
      return { t: 'not', arg: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): Cond => {
    const tok = toks[i];
    if (tok === undefined) return fail('ends too early');
    if (tok === '(') {
      i++;
      const e = parseOr();
      if (toks[i] !== ')') fail('missing ")"');
      i++;
      return e;
    }
    const low = tok.toLowerCase();
    if (toks[i + 1]?.toLowerCase() === 'of' && (low === 'all' || low === 'any' || /^[1-9][0-9]*$/.test(low))) {
      const target = toks[i + 2] ?? '';
      if (!IDENT.test(target)) fail(`"${tok} of" needs a name pattern or "them"`);
      i += 3;
      const quant = low === 'all' ? 'all' : low === 'any' ? 1 : Number(low);
      return { t: 'of', quant, target: target.toLowerCase() === 'them' ? 'them' : target };
    }
    if (['and', 'or', 'not', 'of', ')'].includes(low) || !IDENT.test(tok)) fail(`unexpected "${tok}"`);
    if (tok.includes('*')) fail(`wildcard name "${tok}" outside "1 of"/"all of"`);
    i++;
    return { t: 'ref', name: tok };
  };

  const e = parseOr();
  if (i < toks.length) fail(`unexpected "${toks[i]}"`);
  return e;
}

const RANK = { or: 1, and: 2, not: 3, of: 4, ref: 4 } as const;

/** Text that parses back to the same tree, with parentheses only where precedence needs them. */
export function printCondition(c: Cond): string {
  const wrap = (child: Cond, min: number): string => {
    const s = printCondition(child);
    return RANK[child.t] < min ? `(${s})` : s;
  };
  switch (c.t) {
    case 'ref':
      return c.name;
    case 'of':
      return `${c.quant} of ${c.target}`;
    case 'not':
      return `not ${wrap(c.arg, RANK.not)}`;
    case 'and':
      return c.args.map((a) => wrap(a, RANK.and + 1)).join(' and ');
    case 'or':
      return c.args.map((a) => wrap(a, RANK.or + 1)).join(' or ');
  }
}

/** Names a `x of` target stands for: `them` is every name not starting with `_`; `*` matches any run of characters. */
export function expandTarget(target: string, names: string[]): string[] {
  if (target === 'them') return names.filter((n) => !n.startsWith('_'));
  const re = new RegExp(
    `^${target
      .split('*')
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return names.filter((n) => re.test(n));
}

/** Every selection name the condition uses (after expanding `x of`). */
export function referencedNames(c: Cond, names: string[]): string[] {
  switch (c.t) {
    case 'ref':
      return [c.name];
    case 'of':
      return expandTarget(c.target, names);
    case 'not':
      return referencedNames(c.arg, names);
    default:
      return c.args.flatMap((a) => referencedNames(a, names));
  }
}
