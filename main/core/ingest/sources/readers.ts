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
  if (o.records) return o.records;
  // Lines of a salvaged file (load-files.ts): the ones that are JSON; the others are quarantined on their own.
  if (o.parts)
    return `SELECT read_path, position, CAST(rec AS JSON) AS rec
      FROM (${splitPartsSql(o.files, o.maxObjectBytes)}) WHERE json_valid(rec)`;
  return `SELECT filename AS read_path, ordinality - min(ordinality) OVER (PARTITION BY filename) AS position, json AS rec
    FROM read_json_objects(${list(o.files)}, format = '${format}', filename = true, ${compression(o.gzip)},
      maximum_object_size = ${o.maxObjectBytes}) WITH ORDINALITY`;
}

/** The longest CSV row read (a longer one fails its file, which is then quarantined whole, saying why). */
export const MAX_CSV_ROW_BYTES = 16 * 2 ** 20;

/**
 * Each CSV row as a JSON object keyed by the header's column names, every value as text. read_csv sizes its
 * buffers from max_line_size (16 times it unless told), which was the file's size: a 56 MB CSV asked for a block
 * of 896 MB, over the ingest's memory limit, and failed the ingest. A row may now be MAX_CSV_ROW_BYTES.
 */
export function csvRecords(o: ReadOptions): string {
  const maxLine = Math.min(o.maxObjectBytes, MAX_CSV_ROW_BYTES);
  return `SELECT filename AS read_path, ordinality - min(ordinality) OVER (PARTITION BY filename) AS position,
      json_merge_patch(to_json(c), '{"filename": null, "ordinality": null}') AS rec
    FROM (SELECT * FROM read_csv(${list(o.files)}, header = true, all_varchar = true, union_by_name = true,
      filename = true, ${compression(o.gzip)}, max_line_size = ${maxLine},
      buffer_size = ${Math.max(2 ** 25, 2 * maxLine)}) WITH ORDINALITY) c`;
}

/** Each Parquet row as a JSON object (nested structs stay nested). */
export function parquetRecords(o: ReadOptions): string {
  return `SELECT filename AS read_path, file_row_number AS position,
      json_merge_patch(to_json(p), '{"filename": null, "file_row_number": null}') AS rec
    FROM (SELECT * FROM read_parquet(${list(o.files)}, filename = true, file_row_number = true)) p`;
}

/** A text timestamp as TIMESTAMPTZ: with an offset or Z as given, without one as UTC (never the machine's zone). */
export function utc(expr: string): string {
  return `(CASE WHEN regexp_matches(${expr}, '(Z|[+-]\\d\\d:?\\d\\d)$') THEN try_cast(${expr} AS TIMESTAMPTZ)
    ELSE timezone('UTC', try_cast(${expr} AS TIMESTAMP)) END)`;
}

/** Epoch milliseconds (number or digits) as TIMESTAMPTZ, or a text timestamp. */
export function epochMsOrText(expr: string): string {
  return `(CASE WHEN regexp_matches(${expr}, '^\\d{11,}$') THEN make_timestamptz(CAST(${expr} AS BIGINT) * 1000)
    ELSE ${utc(expr)} END)`;
}
