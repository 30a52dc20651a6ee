import { lit, sql, type Sql } from '../../db/sql';
import { cloudtrailInsertSql } from '../cloudtrail/read';
import { csvRecords } from '../sources/readers';
import type { LogFormatDef, ReadOptions, SniffInput } from '../sources/types';
import { firstCsvRecord } from './csv-head';
import { sniffInput } from '../sniff';
import { isoTime } from './columns';

/**
 * CSV exports of search tools that carry another format's records: Splunk (the `_raw` column is the record as
 * indexed) and Kibana / Discover (one column per field, named by its dotted path). Each is read by DuckDB's
 * read_csv, its record taken out or rebuilt in SQL, then normalised by the native format the first row's record
 * is recognised as, so it gives the same events and identities as the native file.
 */

/** Native formats that read their records through jsonRecords, so they can be fed records from a wrapper. */
const WRAPPABLE = new Set([
  'cloudtrail_lines',
  'k8s_audit',
  'gcp_audit',
  'entra_signin',
  'entra_audit',
  'azure_activity',
  'm365_ual',
  'okta_system',
  'vault_audit',
  'github_audit',
]);

/** What the native sniff rules see of one record given as JSON text: the same input a file of it would give. */
const recordInput = (json: string): SniffInput => sniffInput(Buffer.from(json, 'utf8'));

/** A row's `_raw` as the record: JSON text parsed, anything else a JSON string (no time: quarantined alone). */
const SPLUNK_ROWS = (o: ReadOptions): Sql => sql`SELECT read_path, position,
    CASE WHEN json_valid(rec->>'_raw') THEN CAST(rec->>'_raw' AS JSON) ELSE to_json(rec->>'_raw') END AS rec
  FROM (${csvRecords(o)})`;

/** The first row's record, worked out once per head (every wrapped format's rule asks for it). */
function memo(fn: (s: SniffInput) => SniffInput | null): (s: SniffInput) => SniffInput | null {
  const seen = new WeakMap<SniffInput, SniffInput | null>();
  return (s) => {
    if (!seen.has(s)) seen.set(s, fn(s));
    return seen.get(s)!;
  };
}

const splunkInner = memo((s) => {
  if (!s.csvHeader?.includes('_raw')) return null;
  const raw = firstCsvRecord(s.start)?._raw;
  return raw ? recordInput(raw.trim()) : null;
});

/** Kibana's default date format ("May 4, 2024 @ 07:00:00.000"), which its CSV writes for date fields. */
const KIBANA_DATE = `'^[A-Z][a-z]{2} \\d{1,2}, \\d{4} @ \\d{2}:\\d{2}:\\d{2}(\\.\\d+)?$'`;

/**
 * A row of dotted columns rebuilt into the nested record: each non-empty cell becomes {"a":{"b":{"c":value}}}
 * (names JSON-quoted part by part) and the cells are merged. Kibana-formatted dates are turned back into ISO 8601.
 * A CloudTrail record whose eventTime was not exported gets the shipper's @timestamp.
 */
function kibanaRows(o: ReadOptions): Sql {
  return sql`SELECT read_path, position, ${KIBANA_RECORD} AS rec FROM (${csvRecords(o)})`;
}

/** A Kibana row (`rec`, its cells by dotted name) as the nested record. */
const KIBANA_RECORD = lit(kibanaRecord());

function kibanaRecord(): string {
  const value = `CASE WHEN regexp_matches(e.value, ${KIBANA_DATE}) THEN ${isoTime('e.value')} ELSE e.value END`;
  const patch = `CAST('{' || array_to_string(list_transform(string_split(e.key, '.'), p -> CAST(to_json(p) AS VARCHAR)), ':{')
    || ':' || CAST(to_json(${value}) AS VARCHAR) || repeat('}', len(string_split(e.key, '.'))) AS JSON)`;
  const merged = `list_reduce(list_prepend(CAST('{}' AS JSON), list_transform(
      list_filter(map_entries(CAST(rec AS MAP(VARCHAR, VARCHAR))), e -> nullif(e.value, '') IS NOT NULL), e -> ${patch})),
    (a, b) -> json_merge_patch(a, b))`;
  return merged;
}

const withTimestamp = (rows: Sql): Sql => sql`SELECT read_path, position,
    CASE WHEN (rec->>'eventTime') IS NULL AND (rec->>'$."@timestamp"') IS NOT NULL
      THEN json_merge_patch(rec, json_object('eventTime', rec->>'$."@timestamp"')) ELSE rec END AS rec
  FROM (${rows})`;

/** A Kibana row's cells as the nested record, for sniffing (dates left as written: sniff rules look at keys). */
const kibanaInner = memo((s) => {
  const header = s.csvHeader;
  if (!header?.some((c) => c.includes('.') || c === '@timestamp')) return null;
  const flat = firstCsvRecord(s.start);
  if (!flat) return null;
  const rec: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(flat)) {
    const parts = key.split('.');
    let at = rec;
    for (const p of parts.slice(0, -1)) {
      if (typeof at[p] !== 'object' || at[p] === null) at[p] = {};
      at = at[p] as Record<string, unknown>;
    }
    at[parts[parts.length - 1]!] = v;
  }
  return recordInput(JSON.stringify(rec));
});

/** CloudTrail from Kibana: the fields Trailmark needs, even without eventVersion or eventTime (then @timestamp). */
const kibanaCloudTrail = (s: SniffInput) =>
  s.csvHeader !== null &&
  s.csvHeader.includes('eventName') &&
  s.csvHeader.includes('eventSource') &&
  (s.csvHeader.includes('eventTime') || s.csvHeader.includes('@timestamp'));

/** The wrapper formats over the given native ones: a Splunk and a Kibana CSV format for each wrappable one. */
export function searchCsvFormats(natives: readonly LogFormatDef[]): LogFormatDef[] {
  const inner = natives.filter((f) => WRAPPABLE.has(f.id) && f.insertSql);
  const splunk = inner.map((f): LogFormatDef => ({
    id: `splunk_${f.id}_csv`,
    source: f.source,
    label: `Splunk CSV export (_raw): ${f.label}`,
    sniff: (s) => {
      const i = splunkInner(s);
      return i !== null && f.sniff(i);
    },
    insertSql: (o) => f.insertSql!({ ...o, records: SPLUNK_ROWS(o) }),
    identitiesSql: f.identitiesSql,
  }));
  const kibana = inner.map((f): LogFormatDef => ({
    id: `kibana_${f.id}_csv`,
    source: f.source,
    label: `Kibana / Discover CSV export (dotted field columns): ${f.label}`,
    sniff:
      f.id === 'cloudtrail_lines'
        ? kibanaCloudTrail
        : (s) => {
            const i = kibanaInner(s);
            return i !== null && f.sniff(i);
          },
    insertSql:
      f.id === 'cloudtrail_lines'
        ? (o) => cloudtrailInsertSql(withTimestamp(kibanaRows(o)))
        : (o) => f.insertSql!({ ...o, records: kibanaRows(o) }),
    identitiesSql: f.identitiesSql,
  }));
  return [...splunk, ...kibana];
}
