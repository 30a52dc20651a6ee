import { sqlString } from '../../db/duck';
import type { ReadOptions } from '../sources/types';
import type { EnvelopeDef } from './envelopes';

/**
 * The lines of text files as (read_path, position, rec): rec the line as text, position its index in the file
 * (blank lines skipped but counted). Read by DuckDB's CSV reader as one column: its delimiter is a control
 * character, which JSON never holds raw, and it neither quotes nor escapes.
 */
export function textLinesSql(o: ReadOptions): string {
  return `SELECT read_path, position, rec FROM (
    SELECT filename AS read_path, ordinality - min(ordinality) OVER (PARTITION BY filename) AS position, line AS rec
    FROM read_csv([${o.files.map(sqlString).join(', ')}], columns = {'line': 'VARCHAR'}, delim = '\u001f', quote = '',
      escape = '', header = false, auto_detect = false, filename = true,
      compression = '${o.gzip ? 'gzip' : 'uncompressed'}', max_line_size = ${o.maxObjectBytes}) WITH ORDINALITY)
    WHERE rec IS NOT NULL`;
}

/**
 * The records a wrapper carries, as (read_path, position, rec), from the wrappers read by `wrappersSql` (same
 * columns). One record per wrapper keeps the wrapper's position; several get their index among the file's records,
 * in file order, so a quarantined record is named by the position of the record itself. All in one statement:
 * DuckDB unnests the lists, no record passes through JavaScript.
 */
export function envelopeRecordsSql(e: EnvelopeDef, wrappersSql: string): string {
  if (e.one) return `SELECT read_path, position, ${e.one} AS rec FROM (${wrappersSql})`;
  return `SELECT read_path, row_number() OVER (PARTITION BY read_path ORDER BY position, i) - 1 AS position, ${e.each ?? 'item'} AS rec
    FROM (SELECT read_path, position, unnest(items) AS item, unnest(range(len(items))) AS i
      FROM (SELECT read_path, position, ${e.many} AS items FROM (${wrappersSql})))`;
}
