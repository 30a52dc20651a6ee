import { TrailmarkError } from '../../../shared/errors';
import type { Sql } from '../db/sql';

/**
 * A value as a SQL literal a person can read: strings single-quoted with quotes doubled (DuckDB's string literals
 * have no backslash escapes, so nothing else is special), numbers and booleans as written, null as NULL. Anything
 * else is refused rather than guessed at.
 */
export function sqlLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TrailmarkError('internal', `cannot write ${v} as a SQL literal`);
    return String(v);
  }
  if (typeof v === 'string') {
    if (v.includes('\0'))
      throw new TrailmarkError('bad_request', 'a value with a NUL character cannot be shown as SQL');
    return `'${v.replaceAll("'", "''")}'`;
  }
  throw new TrailmarkError('internal', `cannot write a ${typeof v} as a SQL literal`);
}

/**
 * The text of a query with each bound `?` replaced by its value as a literal: Show SQL hands the console one
 * self-contained statement a person can read, edit, save and run again (`trailmark sql` takes text only). The
 * query's own quoted strings, quoted names and comments are copied as they are, so a `?` inside them is never
 * taken for a parameter.
 */
export function inlineParams(q: Sql): string {
  const { text, params } = q;
  let out = '';
  let next = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const close =
      ch === "'" || ch === '"' ? ch : text.startsWith('--', i) ? '\n' : text.startsWith('/*', i) ? '*/' : null;
    if (close) {
      // Quotes close at the next quote; a doubled quote inside is two such runs back to back, copied the same way.
      const end = text.indexOf(close, i + (close === '*/' ? 2 : 1));
      const stop = end < 0 ? text.length : end + close.length;
      out += text.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === '?') {
      if (next >= params.length) throw new TrailmarkError('internal', 'more ? in the query than parameters');
      out += sqlLiteral(params[next++]);
    } else out += ch;
    i++;
  }
  if (next !== params.length) throw new TrailmarkError('internal', 'more parameters than ? in the query');
  return out;
}
