import { listValue, type DuckDBValue } from '@duckdb/node-api';
import { TrailmarkError } from '../../../shared/errors';

/*
 * The one SQL idiom of the core: values are bound as `?` parameters (`sql\`… ${param(v)} …\``), fixed text
 * from code is `lit()`, identifiers go through `ident()`, and `Duck` runs an `Sql` as it is. A value never goes
 * into the text, table functions' arguments included (`read_json(${listParam(files)}, maximum_object_size =
 * ${param(n)})`). DuckDB binds only the last statement of a multi-statement string: one statement per `Sql`.
 */

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

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A table, view or column name from code, double-quoted. Anything but a plain name is refused, so an
 * identifier that reached here from input can never become SQL.
 */
export function ident(name: string): Sql {
  if (!IDENT.test(name)) throw new TrailmarkError('bad_input', `not a plain SQL identifier: ${JSON.stringify(name)}`);
  return lit(`"${name}"`);
}

/** `(?, ?, ?)`: a list of bound values for `IN`; an empty list is `(NULL)`, which matches nothing. */
export function list(values: DuckDBValue[]): Sql {
  if (values.length === 0) return lit('(NULL)');
  return sql`(${join(
    values.map((v) => sql`${param(v)}`),
    ', ',
  )})`;
}

/** A LIST bound as one parameter: a table function's file list (`read_csv(${listParam(files)}, …)`). */
export function listParam(values: DuckDBValue[]): Param {
  return param(listValue(values));
}

export function isSql(v: unknown): v is Sql {
  return typeof v === 'object' && v !== null && typeof (v as Sql).text === 'string' && Array.isArray((v as Sql).params);
}
