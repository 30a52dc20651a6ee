import { cidrPredicate } from './cidr';
import { base64, base64OffsetVariants, windashVariants } from './encodings';
import {
  fieldCandidates,
  fieldExists,
  fieldIsNull,
  fieldMatch,
  stringValues,
  type FieldSlots,
  type Value,
} from './fields';
import { and, not, or, param, sql, type Sql } from '../db/sql';
import { unsupported } from './unsupported';
import { hasWildcard, literalText, normalizeParts, parseSigmaString, toLikePattern, type Part } from './wildcard';

const POSITION = ['contains', 'startswith', 'endswith'] as const;
const NUMERIC = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;
const TYPE_MODS = ['re', 'cidr', 'exists', 'fieldref', 'lt', 'lte', 'gt', 'gte'];
const KNOWN = new Set([
  ...POSITION,
  'all',
  'cased',
  'windash',
  'base64',
  'base64offset',
  'neq',
  'i',
  'm',
  's',
  ...TYPE_MODS,
]);
const WHY_NOT: Record<string, string> = {
  utf16le: 'UTF-16 encodings only make sense on binary/base64 Windows fields',
  utf16be: 'UTF-16 encodings only make sense on binary/base64 Windows fields',
  utf16: 'UTF-16 encodings only make sense on binary/base64 Windows fields',
  wide: 'UTF-16 encodings only make sense on binary/base64 Windows fields',
  expand: 'placeholders need environment-specific values',
};

type Scalar = string | number | boolean | null;

function asScalar(v: unknown, field: string): Scalar {
  if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return v as Scalar;
  return unsupported(`field "${field}" has a nested value that is not a string, number, boolean or null`);
}

/** RE2 (DuckDB) lacks some PCRE features; a rule relying on them is reported, not run with other meaning. */
function checkRegex(pattern: string, field: string): void {
  try {
    new RegExp(pattern);
  } catch {
    unsupported(`field "${field}": invalid regular expression "${pattern}"`);
  }
  if (/\(\?<?[=!]|\\[1-9]/.test(pattern))
    unsupported(`field "${field}": regex lookaround/backreference is not supported by DuckDB (RE2)`);
}

/** A string value after the transformation modifiers: one or more patterns, any of which may match. */
function stringPatterns(value: string, mods: string[], field: string): Part[][] {
  let parts = [parseSigmaString(value)];
  if (mods.includes('windash')) {
    parts = parts.flatMap((p) => {
      const vars = windashVariants(literalText(p));
      if (!vars) return unsupported(`field "${field}": windash on a value with too many dashes`);
      return hasWildcard(p) ? vars.map(parseSigmaString) : vars.map((v) => [{ lit: v }]);
    });
  }
  const enc = mods.filter((m) => m === 'base64' || m === 'base64offset');
  if (enc.length) {
    if (enc.length > 1 || parts.some(hasWildcard))
      unsupported(`field "${field}": base64 modifiers need one plain value`);
    const text = parts.map(literalText);
    parts = text.flatMap((t) => (enc[0] === 'base64' ? [base64(t)] : base64OffsetVariants(t))).map((t) => [{ lit: t }]);
  }
  const pos = mods.find((m) => (POSITION as readonly string[]).includes(m));
  const star: Part = { wild: '*' };
  return parts.map((p) =>
    normalizeParts(
      pos === 'contains'
        ? [star, ...p, star]
        : pos === 'startswith'
          ? [...p, star]
          : pos === 'endswith'
            ? [star, ...p]
            : p,
    ),
  );
}

/** Predicate on the text value x (a parameter-free expression) for one rule value. */
function valuePredicate(v: Scalar, mods: string[], field: string, value: Value): Sql {
  const { x } = value;
  const cased = mods.includes('cased');
  if (mods.includes('re')) {
    if (typeof v !== 'string') unsupported(`field "${field}": |re needs a string`);
    checkRegex(v, field);
    const flags = ['i', 'm', 's'].filter((f) => mods.includes(f)).join('');
    return sql`regexp_matches(${x}, ${param(flags ? `(?${flags})${v}` : v)})`;
  }
  if (mods.includes('cidr')) return cidrPredicate(String(v), x);
  const numeric = mods.find((m): m is keyof typeof NUMERIC => m in NUMERIC);
  if (numeric) {
    if (typeof v !== 'number') unsupported(`field "${field}": |${numeric} needs a number`);
    const op = NUMERIC[numeric];
    return sql`TRY_CAST(${x} AS DOUBLE) ${{ text: op, params: [] }} ${param(v)}`;
  }
  const text = typeof v === 'string' ? v : String(v);
  const patterns = typeof v === 'string' ? stringPatterns(text, mods, field) : [[{ lit: text }]];
  return or(patterns.map((p) => patternPredicate(p, cased, value)));
}

/** Plain, contains, startswith and endswith shapes use string functions; other wildcard shapes use (I)LIKE. */
function patternPredicate(p: Part[], cased: boolean, value: Value): Sql {
  const subject = cased ? value.x : value.lower;
  const arg = (text: string): Sql => (cased ? sql`${param(text)}` : sql`lower(${param(text)})`);
  const [a, b, c] = p;
  const isLit = (q: Part | undefined): q is { lit: string } => q !== undefined && 'lit' in q;
  const isStar = (q: Part | undefined): boolean => q !== undefined && 'wild' in q && q.wild === '*';
  if (p.length === 0) return sql`${value.x} = ''`;
  if (p.length === 1 && isLit(a)) return sql`${subject} = ${arg(a.lit)}`;
  if (p.length === 3 && isStar(a) && isLit(b) && isStar(c)) return sql`contains(${subject}, ${arg(b.lit)})`;
  if (p.length === 2 && isLit(a) && isStar(b)) return sql`starts_with(${subject}, ${arg(a.lit)})`;
  if (p.length === 2 && isStar(a) && isLit(b)) return sql`ends_with(${subject}, ${arg(b.lit)})`;
  return cased
    ? sql`${value.x} LIKE ${param(toLikePattern(p))} ESCAPE '\\'`
    : sql`${value.x} ILIKE ${param(toLikePattern(p))} ESCAPE '\\'`;
}

/** `field|mod|mod: value(s)` inside a selection, for events of `source`. */
export function compileFieldEntry(source: string, spec: string, rawValue: unknown, slots: FieldSlots): Sql {
  const [field, ...mods] = spec.split('|');
  for (const m of mods) {
    if (WHY_NOT[m]) unsupported(`unsupported modifier "${m}" (${WHY_NOT[m]})`);
    if (!KNOWN.has(m)) unsupported(`unsupported modifier "${m}"`);
  }
  if (!field) unsupported(`modifiers without a field name ("${spec}") outside a keyword list`);
  const types = mods.filter((m) => TYPE_MODS.includes(m));
  if (
    types.length > 1 ||
    (types.length && types[0] !== 'fieldref' && mods.some((m) => (POSITION as readonly string[]).includes(m)))
  ) {
    unsupported(`field "${field}": modifiers ${mods.join('|')} cannot be combined`);
  }
  if (['i', 'm', 's'].some((f) => mods.includes(f)) && !mods.includes('re'))
    unsupported(`field "${field}": i/m/s without |re`);
  const list = Array.isArray(rawValue) ? rawValue : [rawValue];
  if (list.length === 0) unsupported(`field "${field}" has an empty value list`);
  const values = list.map((v) => asScalar(v, field));
  if (mods.includes('all') && values.length < 2) unsupported(`field "${field}": |all needs a list of values`);
  const paths = fieldCandidates(source, field);

  if (mods.includes('exists')) {
    if (values.length !== 1 || typeof values[0] !== 'boolean')
      unsupported(`field "${field}": |exists needs true or false`);
    return values[0] ? fieldExists(slots, paths) : not(fieldExists(slots, paths));
  }
  if (mods.includes('fieldref')) return fieldRef(source, field, values, mods, stringValues(paths));

  const nonNull = values.filter((v): v is Exclude<Scalar, null> => v !== null);
  const nullTest = values.length > nonNull.length ? fieldIsNull(slots, paths) : null;
  if (nullTest && mods.length) unsupported(`field "${field}": null with modifiers`);
  let out: Sql;
  if (mods.includes('all')) {
    out = and(nonNull.map((v) => fieldMatch(slots, paths, (x) => valuePredicate(v, mods, field, x))));
    if (nullTest) out = and([out, nullTest]);
  } else {
    const parts = nonNull.length
      ? [fieldMatch(slots, paths, (x) => or(nonNull.map((v) => valuePredicate(v, mods, field, x))))]
      : [];
    out = or(nullTest ? [...parts, nullTest] : parts);
  }
  return mods.includes('neq') ? not(out) : out;
}

function fieldRef(source: string, field: string, values: Scalar[], mods: string[], sv: Sql): Sql {
  const pos = mods.find((m) => (POSITION as readonly string[]).includes(m));
  const test =
    pos === 'contains' ? 'contains' : pos === 'startswith' ? 'starts_with' : pos === 'endswith' ? 'ends_with' : null;
  const cased = mods.includes('cased');
  const parts = values.map((other) => {
    if (typeof other !== 'string') return unsupported(`field "${field}": |fieldref needs a field name`);
    const ov = stringValues(fieldCandidates(source, other));
    const a = cased ? sql`sv` : sql`lower(sv)`;
    const b = cased ? sql`ov` : sql`lower(ov)`;
    const cmp = test ? sql`${{ text: test, params: [] }}(${a}, ${b})` : sql`${a} = ${b}`;
    return sql`(len(list_filter(${sv}, sv -> len(list_filter(${ov}, ov -> ${cmp})) > 0)) > 0)`;
  });
  const out = mods.includes('all') ? and(parts) : or(parts);
  return mods.includes('neq') ? not(out) : out;
}

/**
 * A keyword (a value without a field): matched, case-insensitively, against every value of the record at any
 * depth, never against its key names or its JSON escaping.
 */
export function keywordPredicate(v: unknown, mods: string[], slots: FieldSlots): Sql {
  const value = asScalar(v, '(keyword)');
  if (value === null) unsupported('null keyword');
  for (const m of mods) if (m !== 'all') unsupported(`unsupported modifier "${m}" on keywords`);
  const parts = normalizeParts([{ wild: '*' }, ...parseSigmaString(String(value)), { wild: '*' }]);
  return sql`(len(list_filter(${slots.keywordValues()}, kv -> kv ILIKE ${param(toLikePattern(parts))} ESCAPE '\\')) > 0)`;
}
