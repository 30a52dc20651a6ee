import { lit, sql, type Sql } from '../../db/sql';
import { CLOUDTRAIL_IDENTITIES_SQL } from '../../identity/cloudtrail-classify';
import { isObject, type Json } from '../head-records';
import { csvRecords, jsonRecords } from '../sources/readers';
import type { LogFormatDef, ReadOptions } from '../sources/types';
import { cloudtrailParquetSql } from './parquet';
import { bareArraySql, CLOUDTRAIL_TARGETS, cloudtrailInsertSql, recordsWrapperSql } from './read';

/** Records nested in a list field of each JSON value (e.g. {"Events":[...]}), one record per element. */
function unnestField(o: ReadOptions, field: 'Events' | 'QueryResultRows'): Sql {
  const items = lit(
    `CASE WHEN json_type(rec->'${field}') = 'ARRAY' THEN CAST(rec->'${field}' AS JSON[]) ELSE [rec] END`,
  );
  return sql`SELECT read_path, row_number() OVER (PARTITION BY read_path ORDER BY position, i) - 1 AS position, item AS rec
    FROM (SELECT read_path, position, unnest(items) AS item, unnest(range(len(items))) AS i FROM (
      SELECT read_path, position, ${items} AS items
      FROM (${jsonRecords(o)})))`;
}

/** A JSON text field parsed, or the text itself as a JSON string when it is not JSON (its record then has no time). */
const parsed = (expr: string) => `CASE WHEN json_valid(${expr}) THEN CAST(${expr} AS JSON) ELSE to_json(${expr}) END`;

/** `aws cloudtrail lookup-events`: Events[] (or one Event per line) with the full record as the CloudTrailEvent string. */
function lookupSql(o: ReadOptions): Sql {
  const rec = lit(parsed(`(rec->>'CloudTrailEvent')`));
  return cloudtrailInsertSql(sql`SELECT read_path, position, ${rec} AS rec FROM (${unnestField(o, 'Events')})`);
}

/**
 * CloudTrail Lake query results (`aws cloudtrail get-query-results`): QueryResultRows is a list of rows, each a
 * list of one-key objects; a row's objects merged make the record. Nested columns that came back as JSON text
 * (userIdentity...) are parsed back.
 */
function lakeSql(o: ReadOptions): Sql {
  const merged = lit(`list_reduce(CAST(rec AS JSON[]), (a, b) -> json_merge_patch(a, b))`);
  return cloudtrailInsertSql(sql`SELECT read_path, position, ${LAKE_RECORD} AS rec FROM (
      SELECT read_path, position, ${merged} AS m FROM (${unnestField(o, 'QueryResultRows')}))`);
}

/** A Lake row's merged record `m` with its nested columns that came back as JSON text parsed back. */
const LAKE_RECORD = lit(
  ['userIdentity', 'requestParameters', 'responseElements', 'resources'].reduce(
    (rec, f) => `CASE WHEN json_type(${rec}->'${f}') = 'VARCHAR' AND json_valid(${rec}->>'${f}')
      THEN json_merge_patch(${rec}, json_object('${f}', CAST(${rec}->>'${f}' AS JSON))) ELSE ${rec} END`,
    'm',
  ),
);

/**
 * The console's Event history CSV download: one row per event with the main fields as columns (and, in newer
 * exports, the whole record in "CloudTrail event"). Rows without that column become a CloudTrail-shaped record.
 */
function consoleCsvSql(o: ReadOptions): Sql {
  return cloudtrailInsertSql(sql`SELECT read_path, position, ${CONSOLE_CSV_RECORD} AS rec FROM (${csvRecords(o)})`);
}

/** A console CSV row (`rec`) as its CloudTrail record: the "CloudTrail event" column, else one built from the columns. */
const CONSOLE_CSV_RECORD = lit(consoleCsvRecord());

function consoleCsvRecord(): string {
  const c = (name: string) => `nullif(rec->>'$."${name}"', '')`;
  const time = c('Event time');
  // Written in UTC whatever the session's zone (strftime of a TIMESTAMPTZ writes that zone).
  const iso = `coalesce(strftime(timezone('UTC', try_cast(${time} AS TIMESTAMPTZ)), '%Y-%m-%dT%H:%M:%SZ'),
    strftime(timezone('UTC', try_strptime(regexp_replace(${time}, '\\s*\\(UTC([+-]\\d\\d):(\\d\\d)\\)$', ' \\1\\2'), '%B %d, %Y, %H:%M:%S %z')), '%Y-%m-%dT%H:%M:%SZ'))`;
  const built = `json_object('eventTime', ${iso}, 'eventName', ${c('Event name')}, 'eventSource', ${c('Event source')},
    'awsRegion', ${c('AWS region')}, 'sourceIPAddress', ${c('Source IP address')}, 'errorCode', ${c('Error code')},
    'eventID', ${c('Event ID')}, 'readOnly', ${c('Read-only')},
    'userIdentity', json_object('principalId', ${c('User name')}, 'userName', ${c('User name')}, 'accessKeyId', ${c('AWS access key')}),
    'resources', CASE WHEN ${c('Resource name')} IS NOT NULL THEN json_array(json_object('ARN', ${c('Resource name')}, 'type', ${c('Resource type')})) END)`;
  const full = c('CloudTrail event');
  return `CASE WHEN json_valid(${full}) THEN CAST(${full} AS JSON) ELSE ${built} END`;
}

const CT_KEYS = (t: string) => /"eventSource"\s*:/.test(t) && /"eventName"\s*:/.test(t) && /"eventTime"\s*:/.test(t);

/**
 * A CloudTrail record by its keys, in any order and whatever a shipper added (@timestamp, @version, host…) or took
 * away (eventTime, when a pipeline renamed it): the event's name and source, and one of the keys every CloudTrail
 * record has beside them.
 */
const isCloudTrailRecord = (r: Json) =>
  isObject(r) &&
  'eventSource' in r &&
  'eventName' in r &&
  ('eventVersion' in r || 'userIdentity' in r || 'awsRegion' in r);

export const CLOUDTRAIL_FORMATS: LogFormatDef[] = [
  {
    id: 'cloudtrail_records',
    // Every CloudTrail format's records are normalised by cloudtrailInsertSql, so by this one rule.
    targets: CLOUDTRAIL_TARGETS,
    source: 'cloudtrail',
    label: 'CloudTrail {"Records":[...]}',
    sniff: ({ start, records }) =>
      /^\{\s*"Records"\s*:\s*\[/.test(start) || (isObject(records[0]) && Array.isArray(records[0].Records)),
    insertSql: (o) => cloudtrailInsertSql(recordsWrapperSql(o)),
    identitiesSql: CLOUDTRAIL_IDENTITIES_SQL,
    readsOneLineFaster: true,
  },
  {
    id: 'cloudtrail_digest',
    source: null,
    label: 'CloudTrail digest file',
    sniff: ({ start, text }) =>
      start.startsWith('{') && /"digestStartTime"\s*:/.test(text) && /"logFiles"\s*:/.test(text),
    notRead: 'CloudTrail digest file (kept for integrity checks)',
  },
  {
    id: 'cloudtrail_lookup',
    source: 'cloudtrail',
    label: 'CloudTrail event history (aws cloudtrail lookup-events, CloudTrailEvent strings)',
    sniff: ({ text }) => /"CloudTrailEvent"\s*:/.test(text) && /"(EventId|EventName)"\s*:/.test(text),
    insertSql: lookupSql,
    identitiesSql: CLOUDTRAIL_IDENTITIES_SQL,
  },
  {
    id: 'cloudtrail_lake',
    source: 'cloudtrail',
    label: 'CloudTrail Lake query results (QueryResultRows)',
    sniff: ({ text }) => /"QueryResultRows"\s*:/.test(text),
    insertSql: lakeSql,
    identitiesSql: CLOUDTRAIL_IDENTITIES_SQL,
  },
  {
    id: 'cloudtrail_array',
    source: 'cloudtrail',
    label: 'JSON array of CloudTrail records',
    sniff: ({ start, text, records }) =>
      start.startsWith('[') && (CT_KEYS(text) || records.slice(0, 20).some(isCloudTrailRecord)),
    insertSql: (o) => cloudtrailInsertSql(bareArraySql(o.files, o.gzip, o.maxObjectBytes)),
    identitiesSql: CLOUDTRAIL_IDENTITIES_SQL,
  },
  {
    id: 'cloudtrail_lines',
    source: 'cloudtrail',
    label: 'CloudTrail records, one JSON object per line',
    sniff: ({ start, text, records }) =>
      start.startsWith('{') &&
      ((CT_KEYS(text) && /"eventVersion"\s*:/.test(text)) || records.slice(0, 20).some(isCloudTrailRecord)),
    insertSql: (o) => cloudtrailInsertSql(jsonRecords(o, 'newline_delimited')),
    identitiesSql: CLOUDTRAIL_IDENTITIES_SQL,
  },
  {
    id: 'cloudtrail_parquet',
    source: 'cloudtrail',
    label:
      'CloudTrail records in Parquet (Athena CTAS or Glue: eventTime, eventName, eventSource, userIdentity columns)',
    sniff: ({ parquet, columns }) =>
      parquet && !!columns && ['eventtime', 'eventname', 'eventsource'].every((c) => columns.includes(c)),
    insertSql: cloudtrailParquetSql,
    identitiesSql: CLOUDTRAIL_IDENTITIES_SQL,
  },
  {
    id: 'cloudtrail_csv',
    source: 'cloudtrail',
    label: 'CloudTrail event history CSV (console download)',
    sniff: ({ csvHeader }) =>
      csvHeader !== null && csvHeader.includes('Event name') && csvHeader.includes('Event time'),
    insertSql: consoleCsvSql,
    identitiesSql: CLOUDTRAIL_IDENTITIES_SQL,
  },
];
