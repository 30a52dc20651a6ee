import type { DuckDBValue } from '@duckdb/node-api';

/** A piece of SQL with its bound parameters, in the order their `?` appear in the text. */
export interface Sql {
  text: string;
  params: DuckDBValue[];
}

interface Param {
  param: DuckDBValue;
}

/** A value that goes into the query as a bound `?` parameter, never into the text. */
export function param(value: DuckDBValue): Param {
  return { param: value };
}

function isSql(v: Sql | Param): v is Sql {
  return typeof (v as Sql).text === 'string';
}

/** Tagged template: `${sqlPiece}` splices a fragment with its params, `${param(v)}` becomes `?`. */
export function sql(strings: TemplateStringsArray, ...vals: (Sql | Param)[]): Sql {
  let text = strings[0] ?? '';
  const params: DuckDBValue[] = [];
  vals.forEach((v, i) => {
    if (isSql(v)) {
      text += v.text;
      params.push(...v.params);
    } else {
      text += '?';
      params.push(v.param);
    }
    text += strings[i + 1] ?? '';
  });
  return { text, params };
}

/** Fixed SQL text from code (never from a rule). */
export function lit(text: string): Sql {
  return { text, params: [] };
}

export function join(parts: Sql[], sep: string): Sql {
  return { text: parts.map((p) => p.text).join(sep), params: parts.flatMap((p) => p.params) };
}

export const TRUE = lit('true');
export const FALSE = lit('false');

export function and(parts: Sql[]): Sql {
  if (parts.length === 0) return TRUE;
  return parts.length === 1 && parts[0] ? parts[0] : sql`(${join(parts, ' AND ')})`;
}

export function or(parts: Sql[]): Sql {
  if (parts.length === 0) return FALSE;
  return parts.length === 1 && parts[0] ? parts[0] : sql`(${join(parts, ' OR ')})`;
}

export function not(part: Sql): Sql {
  return sql`(NOT ${part})`;
}
