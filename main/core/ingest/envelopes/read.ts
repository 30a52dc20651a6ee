import type { EnvelopeDef } from './envelopes';

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
