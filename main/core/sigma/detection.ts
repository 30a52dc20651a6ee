import { expandTarget, parseCondition, type Cond } from './condition';
import { FieldSlots } from './fields';
import { and, not, or, param, sql, type Sql } from '../db/sql';
import { eventRows } from './logsource';
import { unsupported } from './unsupported';
import { compileFieldEntry, keywordPredicate } from './values';

type Detection = Record<string, unknown>;

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface Ctx {
  source: string;
  fields: Set<string>;
  slots: FieldSlots;
}

function compileMap(ctx: Ctx, m: Record<string, unknown>): Sql {
  const entries = Object.entries(m);
  if (entries.length === 0) unsupported('empty selection map');
  return and(
    entries.map(([spec, value]) => {
      if (spec.startsWith('|')) {
        // `'|all': [kw, kw]`: keywords that must all appear.
        const kws = Array.isArray(value) ? value : [value];
        const mods = spec.slice(1).split('|');
        const parts = kws.map((k) => keywordPredicate(k, mods, ctx.slots));
        return mods.includes('all') ? and(parts) : or(parts);
      }
      ctx.fields.add(spec.split('|')[0] ?? '');
      return compileFieldEntry(ctx.source, spec, value, ctx.slots);
    }),
  );
}

/** One search identifier: a map (AND of fields), a list of maps (OR), or a list of keywords (OR). */
function compileSelection(ctx: Ctx, name: string, value: unknown): Sql {
  if (isMap(value)) return compileMap(ctx, value);
  if (Array.isArray(value)) {
    if (value.length === 0) unsupported(`selection "${name}" is an empty list`);
    if (value.every(isMap)) return or(value.map((m) => compileMap(ctx, m)));
    if (value.some(isMap)) unsupported(`selection "${name}" mixes maps and keywords`);
    return or(value.map((k) => keywordPredicate(k, [], ctx.slots)));
  }
  if (typeof value === 'string' || typeof value === 'number') return keywordPredicate(value, [], ctx.slots);
  return unsupported(`selection "${name}" is empty or not a map/list`);
}

/** Compiles a parsed condition given SQL per search identifier. */
export function conditionSql(c: Cond, selections: Map<string, Sql>): Sql {
  const names = [...selections.keys()];
  const get = (n: string): Sql => selections.get(n) ?? unsupported(`condition refers to unknown selection "${n}"`);
  switch (c.t) {
    case 'ref':
      return get(c.name);
    case 'not':
      return not(conditionSql(c.arg, selections));
    case 'and':
      return and(c.args.map((a) => conditionSql(a, selections)));
    case 'or':
      return or(c.args.map((a) => conditionSql(a, selections)));
    case 'of': {
      const hit = expandTarget(c.target, names);
      if (hit.length === 0) unsupported(`"${c.quant} of ${c.target}" matches no selection`);
      if (c.quant === 'all') return and(hit.map(get));
      if (c.quant === 1) return or(hit.map(get));
      const sum = hit.map((n) => sql`CAST(${get(n)} AS INTEGER)`).reduce((a, b) => sql`${a} + ${b}`);
      return sql`((${sum}) >= ${param(c.quant)})`;
    }
  }
}

export interface CompiledDetection {
  /**
   * The events of the logsource with the paths the detection reads extracted once per record. A function:
   * slots may be shared by all rules of a source and only complete once they are all compiled.
   */
  from: () => Sql;
  where: Sql;
  fields: string[];
  condition: string;
}

export function compileDetection(source: string, detection: unknown, slots = new FieldSlots()): CompiledDetection {
  if (!isMap(detection)) return unsupported('detection is missing or not a map');
  const { condition, timeframe, ...rest } = detection as Detection;
  if (timeframe !== undefined) unsupported('detection timeframe (deprecated aggregation); use a correlation rule');
  if (condition === undefined) unsupported('detection has no condition');
  const conds = Array.isArray(condition) ? condition : [condition];
  if (conds.some((c) => typeof c !== 'string')) unsupported('condition is not text');
  const ctx: Ctx = { source, fields: new Set<string>(), slots };
  const selections = new Map<string, Sql>();
  for (const [name, value] of Object.entries(rest)) selections.set(name, compileSelection(ctx, name, value));
  const where = or(conds.map((c) => conditionSql(parseCondition(c as string), selections)));
  const from = (): Sql => slots.project(eventRows(source));
  return { from, where, fields: [...ctx.fields], condition: (conds as string[]).join(' OR ') };
}
