import { lit, sql, type Sql } from '../../db/sql';
import type { SniffInput } from '../sources/types';
import { utc } from '../sources/readers';

/**
 * SQL over one exported row that rebuilds the native record. The row (`rec`, a JSON object keyed by column name,
 * read from a CSV or a JSON array) is parsed once, by json_transform, into the struct `t` of every column these
 * helpers were asked for (under its name and with the " [UTC]" the Log Analytics portal adds to datetimes), each as
 * text (objects and arrays as their JSON text). Column names come from this code only, never from the files.
 */
const NAMES = new Set<string>();

/** The struct type json_transform parses each row into: every column named so far, as text. */
export function rowShape(): string {
  const shape: Record<string, string> = {};
  for (const n of NAMES) shape[n] = shape[`${n} [UTC]`] = 'VARCHAR';
  return JSON.stringify(shape);
}

/** The query's rows with their row parsed into `t` (see rowShape); call after the record's SQL is built. */
export const parsedRows = (rows: Sql): Sql =>
  sql`SELECT read_path, position, rec, json_transform(rec, ${lit(`'${rowShape()}'`)}) AS t FROM (${rows})`;

/** A column as text ('' read as missing), under its name or with the portal's " [UTC]". */
export function col(name: string): string {
  NAMES.add(name);
  return `coalesce(nullif(struct_extract(t, '${name}'), ''), nullif(struct_extract(t, '${name} [UTC]'), ''))`;
}

/**
 * A dynamic (JSON) column as JSON: an object or array, as the JSON export gives it or as the JSON text a CSV cell
 * (or a string-typed column such as AADNonInteractiveUserSignInLogs' Status) holds. Text that is not a JSON object
 * or array gives NULL, so a cut-off value costs that field, not the record.
 */
export function dyn(name: string): string {
  const text = col(name);
  return `(CASE WHEN regexp_matches(${text}, '^\\s*[\\[{]') AND json_valid(${text}) THEN CAST(${text} AS JSON) END)`;
}

/** A true/false column (True, true, 1) as a JSON boolean. */
export const bool = (name: string) =>
  `(CASE WHEN lower(${col(name)}) IN ('true', '1') THEN true WHEN lower(${col(name)}) IN ('false', '0') THEN false END)`;

/**
 * A time as ISO 8601 text in UTC with milliseconds, from ISO 8601 (with or without an offset; none is UTC) or the
 * display formats exports write: the Log Analytics portal's CSV ("5/4/2024, 7:00:00.000 AM", UTC per its
 * column's " [UTC]") and Kibana's default dateFormat ("May 4, 2024 @ 07:00:00.000", in the exporting browser's
 * zone, which the file does not say: read as UTC). NULL when none fits: the ingest then quarantines the record.
 */
export function isoTime(expr: string): string {
  const formats = `['%m/%d/%Y, %I:%M:%S.%g %p', '%m/%d/%Y, %I:%M:%S %p', '%b %d, %Y @ %H:%M:%S.%g', '%b %d, %Y @ %H:%M:%S']`;
  return `strftime(coalesce(timezone('UTC', ${utc(expr)}), try_strptime(${expr}, ${formats})), '%Y-%m-%dT%H:%M:%S.%gZ')`;
}

/** The object without its NULL members, at any depth (JSON merge patch drops them), so absent columns stay absent. */
export const compact = (obj: string) => `json_merge_patch('{}', ${obj})`;

const COLUMNS = new WeakMap<SniffInput, Set<string> | null>();
/** A table column's name as a JSON key: Log Analytics names start with a capital or an underscore. */
const JSON_COLUMN = /"([A-Z_][A-Za-z0-9_]*)(?: \[UTC\])?"\s*:/g;
/** A column's name in the query API's column list ({"name": "TimeGenerated", "type": "datetime"}). */
const API_COLUMN = /"name"\s*:\s*"([A-Z_][A-Za-z0-9_]*)"/g;

/** The Log Analytics query API's response: {"tables": [{"name", "columns": [{name, type}], "rows": [[...]]}]}. */
export const isQueryApiShape = (s: SniffInput) => /^\{\s*"tables"\s*:\s*\[/.test(s.start);

/**
 * The head's column names, worked out once per head: a CSV header's cells, the query API's column list, or the
 * capitalised keys of JSON rows (an array or lines of objects), with the portal's " [UTC]" taken off; null when
 * the head is none of these.
 */
function columnsOf(s: SniffInput): Set<string> | null {
  if (!COLUMNS.has(s)) {
    let cols: Set<string> | null = null;
    if (s.csvHeader) cols = new Set(s.csvHeader.map((c) => c.replace(/ \[UTC\]$/, '')));
    else if (isQueryApiShape(s)) cols = new Set(Array.from(s.text.matchAll(API_COLUMN), (m) => m[1]!));
    else if (s.start.startsWith('[') || s.start.startsWith('{'))
      cols = new Set(Array.from(s.text.matchAll(JSON_COLUMN), (m) => m[1]!));
    COLUMNS.set(s, cols);
  }
  return COLUMNS.get(s)!;
}

/**
 * The rows of query API responses (records of read_path, position, rec) as JSON objects keyed by column name,
 * each value as text (dynamic values are JSON text there); position counts rows across a response's tables.
 */
export function queryApiRows(responses: Sql): Sql {
  const tables = lit(`CAST(rec->'tables' AS JSON[])`);
  const rows = lit(`CAST(tbl->'rows' AS JSON[])`);
  return sql`SELECT read_path, row_number() OVER (PARTITION BY read_path ORDER BY ti, ri) - 1 AS position,
      to_json(map_from_entries(list_zip(names, CAST(row AS VARCHAR[])))) AS rec
    FROM (SELECT read_path, ti, json_extract_string(tbl, '$.columns[*].name') AS names,
        unnest(${rows}) AS row, unnest(range(len(${rows}))) AS ri
      FROM (SELECT read_path, unnest(${tables}) AS tbl, unnest(range(len(${tables}))) AS ti FROM (${responses})))`;
}

/** Whether the head is an exported table with all these columns (see columnsOf). */
export function hasColumns(s: SniffInput, names: readonly string[]): boolean {
  const cols = columnsOf(s);
  return cols !== null && names.every((n) => cols.has(n));
}

/** Whether the head has at least one of these columns (see columnsOf). */
export function hasAnyColumn(s: SniffInput, names: readonly string[]): boolean {
  const cols = columnsOf(s);
  return cols !== null && names.some((n) => cols.has(n));
}
