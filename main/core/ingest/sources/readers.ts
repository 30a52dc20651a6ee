import { sqlString } from '../../db/duck';
import { splitPartsSql } from '../cloudtrail/read';
import type { ReadOptions } from './types';

const list = (files: string[]) => `[${files.map(sqlString).join(', ')}]`;
const compression = (gzip: boolean) => `compression = '${gzip ? 'gzip' : 'uncompressed'}'`;

/**
 * Every JSON value of the files as one record each, whether a file holds JSON lines, one (pretty-printed) object
 * or a top-level array: DuckDB's read_json_objects with format 'auto' unnests arrays and reads lines. position is
 * the record's index within its file (ordinality follows the reader's output order, which keeps file order).
 */
export function jsonRecords(o: ReadOptions, format: 'auto' | 'newline_delimited' | 'array' = 'auto'): string {
  // Lines of a salvaged file (load-files.ts): the ones that are JSON; the others are quarantined on their own.
  if (o.parts)
    return `SELECT read_path, position, CAST(rec AS JSON) AS rec
      FROM (${splitPartsSql(o.files, o.maxObjectBytes)}) WHERE json_valid(rec)`;
  return `SELECT filename AS read_path, ordinality - min(ordinality) OVER (PARTITION BY filename) AS position, json AS rec
    FROM read_json_objects(${list(o.files)}, format = '${format}', filename = true, ${compression(o.gzip)},
      maximum_object_size = ${o.maxObjectBytes}) WITH ORDINALITY`;
}

/** Each CSV row as a JSON object keyed by the header's column names, every value as text. */
export function csvRecords(o: ReadOptions): string {
  return `SELECT filename AS read_path, ordinality - min(ordinality) OVER (PARTITION BY filename) AS position,
      json_merge_patch(to_json(c), '{"filename": null, "ordinality": null}') AS rec
    FROM (SELECT * FROM read_csv(${list(o.files)}, header = true, all_varchar = true, union_by_name = true,
      filename = true, ${compression(o.gzip)}, max_line_size = ${o.maxObjectBytes}) WITH ORDINALITY) c`;
}

/** Each Parquet row as a JSON object (nested structs stay nested). */
export function parquetRecords(o: ReadOptions): string {
  return `SELECT filename AS read_path, file_row_number AS position,
      json_merge_patch(to_json(p), '{"filename": null, "file_row_number": null}') AS rec
    FROM (SELECT * FROM read_parquet(${list(o.files)}, filename = true, file_row_number = true)) p`;
}

/**
 * A record's time as TIMESTAMPTZ, whichever way the vendor wrote it: a number (or text of digits, with a fraction
 * or an exponent) is epoch time, in milliseconds from 1e11 up (1e11 seconds would be the year 5138, 1e11 ms is
 * 1973) and in seconds below (down to 1e8, 1973: smaller numbers are no plausible log time and stay unread); text
 * with an offset (±hh:mm, ±hhmm or ±hh, as DuckDB writes a TIMESTAMPTZ) or Z is that instant, text without one is
 * UTC (never the machine's zone).
 */
export function utc(expr: string): string {
  const n = `try_cast(${expr} AS DOUBLE)`;
  return `(CASE WHEN regexp_matches(${expr}, '^\\d+(\\.\\d*)?([eE]\\+?\\d+)?$') THEN
      CASE WHEN ${n} >= 1e11 THEN make_timestamptz(CAST(round(${n} * 1000) AS BIGINT))
        WHEN ${n} >= 1e8 THEN make_timestamptz(CAST(round(${n} * 1000000) AS BIGINT)) END
    WHEN regexp_matches(${expr}, '\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?\\s*(Z|[+-]\\d\\d(:?\\d\\d)?)$') THEN try_cast(${expr} AS TIMESTAMPTZ)
    ELSE timezone('UTC', try_cast(${expr} AS TIMESTAMP)) END)`;
}
