import { lit, listParam, param, sql, type Sql } from '../../db/sql';
import { compression } from '../sources/readers';
import type { ReadOptions } from '../sources/types';
import type { EnvelopeDef } from './envelopes';

/**
 * The lines of text files as (read_path, position, rec): rec the line as text, position its index in the file
 * (blank lines skipped but counted). Read by DuckDB's CSV reader as one column: its delimiter is a control
 * character, which JSON never holds raw, and it neither quotes nor escapes.
 */
export function textLinesSql(o: ReadOptions): Sql {
  return sql`SELECT read_path, position, rec FROM (
    SELECT filename AS read_path, ordinality - min(ordinality) OVER (PARTITION BY filename) AS position, line AS rec
    FROM read_csv(${listParam(o.files)}, columns = {'line': 'VARCHAR'}, delim = '\u001f', quote = '',
      escape = '', header = false, auto_detect = false, filename = true,
      ${compression(o.gzip)}, max_line_size = ${param(o.maxObjectBytes)}) WITH ORDINALITY)
    WHERE rec IS NOT NULL`;
}

/**
 * The records a wrapper carries, as (read_path, position, rec), from the wrappers read by `wrappers` (same
 * columns). One record per wrapper keeps the wrapper's position; several get their index among the file's records,
 * in file order, so a quarantined record is named by the position of the record itself. All in one statement:
 * DuckDB unnests the lists, no record passes through JavaScript.
 */
export function envelopeRecordsSql(e: EnvelopeDef, wrappers: Sql): Sql {
  if (e.one) return sql`SELECT read_path, position, ${e.one} AS rec FROM (${wrappers})`;
  return sql`SELECT read_path, row_number() OVER (PARTITION BY read_path ORDER BY position, i) - 1 AS position, ${e.each ?? lit('item')} AS rec
    FROM (SELECT read_path, position, unnest(items) AS item, unnest(range(len(items))) AS i
      FROM (SELECT read_path, position, ${e.many ?? lit('NULL')} AS items FROM (${wrappers})))`;
}
