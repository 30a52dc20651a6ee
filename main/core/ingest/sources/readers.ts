import { lit, listParam, param, sql, type Sql } from '../../db/sql';
import { REJECTS, splitPartsSql } from '../cloudtrail/read';
import { envelopeById } from '../envelopes/envelopes';
import { envelopeRecordsSql, textLinesSql } from '../envelopes/read';
import type { ReadOptions } from './types';

/** The compression option of DuckDB's readers, fixed text chosen by the file's sniffed gzip magic. */
export function compression(gzip: boolean): Sql {
  return lit(gzip ? "compression = 'gzip'" : "compression = 'uncompressed'");
}

/**
 * Every JSON value of the files as one record each, whether a file holds JSON lines, one (pretty-printed) object
 * or a top-level array: DuckDB's read_json_objects with format 'auto' unnests arrays and reads lines. position is
 * the record's index within its file (ordinality follows the reader's output order, which keeps file order).
 */
export function jsonRecords(o: ReadOptions, format: 'auto' | 'newline_delimited' | 'array' = 'auto'): Sql {
  if (o.records) return o.records;
  // Records inside a wrapper: the wrappers read as JSON values (JSON lines only when the wrapper is one per line)
  const envelope = o.envelope ? envelopeById(o.envelope) : undefined;
  if (envelope?.linePrefix && !o.parts) return envelopeRecordsSql(envelope, textLinesSql(o));
  if (envelope)
    return envelopeRecordsSql(envelope, jsonRecords({ ...o, envelope: undefined }, envelope.lines ? format : 'auto'));
  // Lines of a salvaged file (load-files.ts): the ones that are JSON; the others are quarantined on their own.
  if (o.parts)
    return sql`SELECT read_path, position, CAST(rec AS JSON) AS rec
      FROM (${splitPartsSql(o.files, o.maxObjectBytes)}) WHERE json_valid(rec)`;
  return sql`SELECT filename AS read_path, ordinality - min(ordinality) OVER (PARTITION BY filename) AS position, json AS rec
    FROM read_json_objects(${listParam(o.files)}, format = ${lit(`'${format}'`)}, filename = true, ${compression(o.gzip)},
      maximum_object_size = ${param(o.maxObjectBytes)}) WITH ORDINALITY`;
}

/** The longest CSV row read (a longer one fails its file, which is then quarantined whole, saying why). */
export const MAX_CSV_ROW_BYTES = 16 * 2 ** 20;

/**
 * Each CSV row as a JSON object keyed by the header's column names, every value as text. The dialect is the one
 * the sniff recognised (commas, double quotes): left to DuckDB's sniffer, one row with a column too many made it
 * read every row as one column, and the whole file was quarantined. A row that does not fit then fails the read,
 * and the file takes the slow path (csv-salvage.ts), read with its header's columns and no detection (the sniffer
 * gives up on such a file): `rejects` 'store' sets the rows that do not fit aside in DuckDB's rejects tables (it
 * stores them only without union_by_name), 'skip' reads without the rows listed in ingest_csv_rejected, each
 * row's position counting the rows left out before it, so it stays the row's index in the file. read_csv sizes its
 * buffers from max_line_size (16 times it unless told): a row may be MAX_CSV_ROW_BYTES, never the file's size.
 */
export function csvRecords(o: ReadOptions, rejects: 'store' | 'skip' = 'skip'): Sql {
  const salvage = o.csvSalvage;
  const maxLine = Math.min(o.maxObjectBytes, MAX_CSV_ROW_BYTES);
  const how = !salvage
    ? lit('union_by_name = true')
    : sql`auto_detect = false, columns = ${headerColumns(salvage.columns)}, ${
        rejects === 'store' ? storeRejects() : lit('ignore_errors = true')
      }`;
  const rows = sql`SELECT filename AS read_path, ordinality - min(ordinality) OVER (PARTITION BY filename) AS position,
      json_merge_patch(to_json(c), '{"filename": null, "ordinality": null}') AS rec
    FROM (SELECT * FROM read_csv(${listParam(o.files)}, header = true, delim = ',', quote = '"', escape = '"',
      all_varchar = true, filename = true, ${compression(o.gzip)}, max_line_size = ${param(maxLine)},
      buffer_size = ${param(Math.max(2 ** 25, 2 * maxLine))}, ${how})
      WITH ORDINALITY) c`;
  if (!salvage || rejects === 'store') return rows;
  const skipped = lit(
    '(SELECT count(*) FROM ingest_csv_rejected s WHERE s.read_path = r.read_path AND s.good_before <= r.position)',
  );
  return sql`SELECT read_path, position + ${skipped} AS position, rec FROM (${rows}) r`;
}

/**
 * read_csv's `columns` for a header's names, in the header's order, every one VARCHAR: a STRUCT made by
 * json_transform from one bound JSON object text (the names are the file's, so they are bound, never in the SQL).
 * Not a bound STRUCT value: a JavaScript object puts names that read as integers first ("b,2,1" became
 * {1, 2, b}), and read_csv names the columns by position, so values would land under another column's name.
 */
function headerColumns(names: string[]): Sql {
  const shape = `{${names.map((n) => `${JSON.stringify(n)}: "VARCHAR"`).join(', ')}}`;
  return sql`json_transform(${param(shape)}, ${param(shape)})`;
}

/** read_csv's options that set aside the lines it cannot read in the rejects tables (see REJECTS). */
export function storeRejects(): Sql {
  return sql`store_rejects = true, rejects_table = ${lit(`'${REJECTS.table}'`)}, rejects_scan = ${lit(`'${REJECTS.scans}'`)}`;
}

/** Each Parquet row as a JSON object (nested structs stay nested). */
export function parquetRecords(o: ReadOptions): Sql {
  return sql`SELECT filename AS read_path, file_row_number AS position,
      json_merge_patch(to_json(p), '{"filename": null, "file_row_number": null}') AS rec
    FROM (SELECT * FROM read_parquet(${listParam(o.files)}, filename = true, file_row_number = true)) p`;
}

/**
 * A record's time as TIMESTAMPTZ, whichever way the vendor wrote it: a number (or text of digits, with a fraction
 * or an exponent) is epoch time, in milliseconds from 1e11 up (1e11 seconds would be the year 5138, 1e11 ms is
 * 1973) and in seconds below (down to 1e8, 1973: smaller numbers are no plausible log time and stay unread); text
 * with an offset (±hh:mm, ±hhmm or ±hh, as DuckDB writes a TIMESTAMPTZ) or Z is that instant, text without one is
 * UTC (never the machine's zone). `utc` for an expression written in code, `utcOf` for one that binds values.
 */
export function utcOf(expr: Sql): Sql {
  const n = sql`try_cast(${expr} AS DOUBLE)`;
  return sql`(CASE WHEN regexp_matches(${expr}, '^\\d+(\\.\\d*)?([eE]\\+?\\d+)?$') THEN
      CASE WHEN ${n} >= 1e11 THEN make_timestamptz(CAST(round(${n} * 1000) AS BIGINT))
        WHEN ${n} >= 1e8 THEN make_timestamptz(CAST(round(${n} * 1000000) AS BIGINT)) END
    WHEN regexp_matches(${expr}, '\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?\\s*(Z|[+-]\\d\\d(:?\\d\\d)?)$') THEN try_cast(${expr} AS TIMESTAMPTZ)
    ELSE timezone('UTC', try_cast(${expr} AS TIMESTAMP)) END)`;
}

export function utc(expr: string): string {
  return utcOf(lit(expr)).text;
}
