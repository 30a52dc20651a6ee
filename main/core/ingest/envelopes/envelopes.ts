import { lit, type Sql } from '../../db/sql';
import { at, isObject, type Json } from '../head-records';

/**
 * A wrapper that a SIEM, an API or a delivery service puts around the records of a source: an Elasticsearch hit, a
 * Splunk result, an Azure REST page, an Event Hub message, a CloudWatch Logs payload. The wrapper is recognised on
 * the file's first whole record (`is`), the records it carries are taken out for sniffing in JavaScript (`inner`)
 * and for reading in SQL, by DuckDB, over `rec` (the wrapper as JSON): either one record per wrapper (`one`, which
 * keeps the wrapper's position) or a list of them (`many`, a JSON[]; `each` then turns an element into the record).
 * The records come out in the shape the source writes them, and go through that source's own normalisation.
 */
export interface EnvelopeDef {
  id: string;
  /** A few words naming the wrapper, shown with the format ("…, in <label>"). */
  label: string;
  is(rec: Json): boolean;
  inner(rec: Json): Json[];
  /** One record per wrapper: an SQL expression over `rec`. */
  one?: Sql;
  /** Several records per wrapper: an SQL JSON[] expression over `rec`. */
  many?: Sql;
  /** The record an element of `many` carries: an SQL expression over `item` (default: the element itself). */
  each?: Sql;
  /** One wrapper per line (Elasticsearch `_source` lines, Splunk result lines): read as JSON lines when its source does. */
  lines?: boolean;
  /**
   * A text file whose lines are this prefix then a record (CloudWatch Logs' S3 export): the lines are read as text
   * (`rec` is then the line) and `is`/`inner` are not used; the prefix is matched on the head's first line.
   */
  linePrefix?: RegExp;
}

/**
 * A JSON text field parsed (one parse: the cast checks it); text that isn't JSON stays a JSON string, so its
 * record has no time and is quarantined with its position.
 */
export const parsedSql = (expr: string) => lit(`coalesce(try_cast(${expr} AS JSON), to_json(${expr}))`);

/** A JSON text in JavaScript, or the text itself when it isn't JSON. */
function parsed(v: Json | undefined): Json[] {
  if (typeof v !== 'string') return [];
  try {
    return [JSON.parse(v) as Json];
  } catch {
    return [v];
  }
}

const list = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);
const keysWithin = (rec: Json, allowed: string[]) =>
  isObject(rec) && Object.keys(rec).every((k) => allowed.includes(k));
/** `rec->'key'` as a JSON[] when it is an array, else `orElse`. */
const arrayAt = (path: string, orElse = '[rec]') =>
  `(CASE WHEN json_type(rec->'${path}') = 'ARRAY' THEN CAST(rec->'${path}' AS JSON[]) ELSE ${orElse} END)`;

/** An Elasticsearch/OpenSearch search response (_search, scroll): hits.hits[]._source. */
const ES_HITS: EnvelopeDef = {
  id: 'es_hits',
  label: 'an Elasticsearch/OpenSearch search response (hits.hits[]._source)',
  is: (r) => Array.isArray(at(r, ['hits', 'hits'])),
  inner: (r) => list(at(r, ['hits', 'hits'])).map((h) => at(h, ['_source']) ?? h),
  many: lit(arrayAt('$.hits.hits')),
  each: lit(`coalesce(item->'_source', item)`),
};

/** Elasticsearch/OpenSearch documents one per line as elasticdump or a scroll script writes them: {"_index","_id","_source"}. */
const ES_SOURCE: EnvelopeDef = {
  id: 'es_source',
  label: 'Elasticsearch/OpenSearch documents (_source lines)',
  is: (r) => isObject(at(r, ['_source'])) && isObject(r) && ('_index' in r || '_id' in r),
  inner: (r) => [at(r, ['_source'])!],
  one: lit(`coalesce(rec->'_source', rec)`),
  lines: true,
};

/** Splunk's JSON export and `output_mode=json` streaming: one {"preview":…,"result":{"_raw":…,"_time":…}} per line. */
const SPLUNK_RESULT: EnvelopeDef = {
  id: 'splunk_result',
  label: 'a Splunk JSON export (result._raw lines)',
  is: (r) => typeof at(r, ['result', '_raw']) === 'string',
  inner: (r) => parsed(at(r, ['result', '_raw'])),
  one: parsedSql(`(rec->'result'->>'_raw')`),
  lines: true,
};

/** Splunk's REST results page: {"results":[{"_raw":…,"_time":…}, …]}. */
const SPLUNK_RESULTS: EnvelopeDef = {
  id: 'splunk_results',
  label: 'Splunk search results (results[]._raw)',
  is: (r) => list(at(r, ['results'])).some((x) => typeof at(x, ['_raw']) === 'string'),
  inner: (r) => list(at(r, ['results'])).flatMap((x) => parsed(at(x, ['_raw']))),
  many: lit(arrayAt('results')),
  each: parsedSql(`(item->>'_raw')`),
};

/** An Azure Resource Manager or Microsoft Graph page: {"value":[…],"nextLink"|"@odata.nextLink":…}. */
const AZURE_PAGE: EnvelopeDef = {
  id: 'azure_page',
  label: 'an Azure REST or Microsoft Graph page (value[])',
  is: (r) =>
    Array.isArray(at(r, ['value'])) &&
    keysWithin(r, ['value', 'nextLink', '@odata.context', '@odata.nextLink', '@odata.deltaLink', '@odata.count']),
  inner: (r) => list(at(r, ['value'])),
  many: lit(arrayAt('value')),
};

/** Azure Monitor diagnostic settings streamed to an Event Hub (or archived from one): {"records":[…]}. */
const EVENT_HUB: EnvelopeDef = {
  id: 'event_hub',
  label: 'Azure Event Hub diagnostic records (records[])',
  is: (r) => Array.isArray(at(r, ['records'])) && keysWithin(r, ['records']),
  inner: (r) => list(at(r, ['records'])),
  many: lit(arrayAt('records')),
};

/**
 * CloudWatch Logs: a subscription filter's payload to Lambda, Kinesis or Firehose ({"messageType":"DATA_MESSAGE",
 * "logEvents":[{"message":…}]}, gzip, concatenated by Firehose), or `aws logs filter-log-events` /
 * `get-log-events` output ({"events":[{"message":…}]}). Each message is one record; a CONTROL_MESSAGE (the
 * service's health check) carries none.
 */
const CLOUDWATCH_LOGS: EnvelopeDef = {
  id: 'cloudwatch_logs',
  label: 'CloudWatch Logs events (logEvents[].message)',
  is: (r) =>
    (Array.isArray(at(r, ['logEvents'])) &&
      (at(r, ['messageType']) !== undefined || at(r, ['logGroup']) !== undefined)) ||
    list(at(r, ['events'])).some((e) => typeof at(e, ['message']) === 'string' && at(e, ['timestamp']) !== undefined),
  inner: (r) =>
    at(r, ['messageType']) === 'CONTROL_MESSAGE'
      ? []
      : [...list(at(r, ['logEvents'])), ...list(at(r, ['events']))].flatMap((e) => parsed(at(e, ['message']))),
  many: lit(`(CASE WHEN (rec->>'messageType') = 'CONTROL_MESSAGE' THEN []::JSON[]
    ELSE ${arrayAt('logEvents', arrayAt('events'))} END)`),
  each: parsedSql(`(item->>'message')`),
};

/** The Cloud Logging API's entries.list response: {"entries":[LogEntry…],"nextPageToken":…}. */
const GCP_ENTRIES: EnvelopeDef = {
  id: 'gcp_entries',
  label: 'a Cloud Logging entries.list page (entries[])',
  is: (r) => Array.isArray(at(r, ['entries'])) && keysWithin(r, ['entries', 'nextPageToken']),
  inner: (r) => list(at(r, ['entries'])),
  many: lit(arrayAt('entries')),
};

/**
 * CloudWatch Logs exported to S3 (CreateExportTask, the console's "Export data to Amazon S3"): gzip text files
 * whose every line is the event's ISO 8601 timestamp, a space, then the message (here a CloudTrail or EKS audit
 * record). The message is the record; a line whose message is not JSON is quarantined with its line index.
 */
const CLOUDWATCH_EXPORT: EnvelopeDef = {
  id: 'cloudwatch_export',
  label: 'a CloudWatch Logs export to S3 (timestamp, space, message lines)',
  is: () => false,
  inner: () => [],
  linePrefix: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z /,
  // the prefix only where a line has it: the salvaged parts of a file whose read failed hold the bare records
  one: parsedSql(`regexp_replace(CAST(rec AS VARCHAR), '^\\d{4}-\\d\\d-\\d\\dT\\S+Z ', '')`),
  lines: true,
};

/** Every wrapper Trailmark takes records out of, in the order they are tried on a file's first record. */
export const ENVELOPES: readonly EnvelopeDef[] = [
  ES_HITS,
  ES_SOURCE,
  SPLUNK_RESULT,
  SPLUNK_RESULTS,
  AZURE_PAGE,
  EVENT_HUB,
  CLOUDWATCH_LOGS,
  GCP_ENTRIES,
  CLOUDWATCH_EXPORT,
];

const BY_ID = new Map(ENVELOPES.map((e) => [e.id, e]));
export const envelopeById = (id: string): EnvelopeDef | undefined => BY_ID.get(id);
