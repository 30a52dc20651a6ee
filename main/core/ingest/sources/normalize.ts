import type { Source } from '../../../../shared/model';
import { isSql, lit, sql, type Sql } from '../../db/sql';
import { tooDeepSql } from '../record-limits';

/**
 * A column's SQL expression over the unwrapped record `j`: text written in a source's module, or an `Sql` that
 * binds values (a user's mapping names its fields: generic.ts).
 */
export type ColumnExpr = string | Sql;

/** The columns of `events` a source fills from its records (the rest are derived or defaulted). */
export type EventColumns = {
  time: ColumnExpr;
  api_operation?: ColumnExpr;
  api_service?: ColumnExpr;
  resource_uid?: ColumnExpr;
  resource_type?: ColumnExpr;
  /** What the call acted on (targetList): the users, roles, keys, policies, secrets, objects... it names. */
  targets?: ColumnExpr;
  outcome?: ColumnExpr;
  error_code?: ColumnExpr;
  /** What a failed call's record says went wrong (TargetsRule.errorMessage); kept for failed calls only. */
  error_message?: ColumnExpr;
  src_ip?: ColumnExpr;
  user_agent?: ColumnExpr;
  region?: ColumnExpr;
  account_uid?: ColumnExpr;
  actor_uid?: ColumnExpr;
  actor_name?: ColumnExpr;
  actor_type?: ColumnExpr;
  interactive?: ColumnExpr;
  credential_uid?: ColumnExpr;
  session_uid?: ColumnExpr;
  /** The principal's unique id (AWS: AIDA…, AROA…), which identity resolution matches to an ARN seen elsewhere. */
  principal_id?: ColumnExpr;
  /** One call delivered to several accounts (CloudTrail's sharedEventID), counted once. */
  shared_event_id?: ColumnExpr;
};

const asSql = (e: ColumnExpr | undefined): Sql => (e === undefined ? lit('NULL') : isSql(e) ? e : lit(e));

/**
 * One INSERT per batch: records (read_path, position, rec) from `read`, joined to the batch's files, the record
 * unwrapped into `j` (e.g. a JSON string inside a vendor wrapper), then every column as a SQL expression over j.
 * A record whose time can't be read gets time NULL; the ingest then quarantines it with its position.
 * `raw` is the record as the source wrote it (the unwrapped one when the wrapper only carried it as a string),
 * cast to JSON so that text which isn't JSON fails the batch (a no-op for what a JSON reader already parsed).
 */
export function insertEventsSql(
  source: Source,
  read: Sql,
  cols: EventColumns,
  opts: { unwrap?: string; raw?: string; source?: string } = {},
): Sql {
  const c = (name: keyof EventColumns) => sql`${asSql(cols[name])} AS ${lit(name)}`;
  const optional = (name: 'principal_id' | 'shared_event_id') => (cols[name] ? sql` ${c(name)},` : lit(''));
  return sql`
INSERT INTO events BY NAME
WITH recs AS (
  SELECT f.evidence_id, f.sha256, f.position_base + r.position AS position, r.rec
  FROM (${read}) r JOIN ingest_files f ON f.read_path = r.read_path
), u AS (
  SELECT *, ${lit(opts.unwrap ?? 'rec')} AS j FROM recs
)
SELECT
  md5(sha256 || ':' || position) AS event_uid,
  ${lit(opts.source ?? `'${source}'`)} AS source,
  evidence_id,
  CAST(position AS VARCHAR) AS position,
  CASE WHEN NOT ${lit(tooDeepSql('rec'))} THEN CAST(${asSql(cols.time)} AS TIMESTAMPTZ) END AS time,
  ${c('api_operation')}, ${c('api_service')}, ${c('resource_uid')}, ${c('resource_type')}, ${c('targets')},
  coalesce(${asSql(cols.outcome)}, 'unknown') AS outcome,
  ${c('error_code')}, ${failureMessage(asSql(cols.outcome), asSql(cols.error_message))} AS error_message,
  ${c('src_ip')}, ${c('user_agent')}, ${c('region')}, ${c('account_uid')},
  ${c('actor_uid')}, ${c('actor_name')}, ${c('actor_type')},
  coalesce(${asSql(cols.interactive)}, false) AS interactive,
  ${c('credential_uid')}, ${c('session_uid')},${optional('principal_id')}${optional('shared_event_id')}
  CAST(coalesce(${lit(opts.raw ?? 'rec')}, rec) AS JSON) AS raw
FROM u`;
}

/**
 * A failed call's error message: read only when the call failed (CASE evaluates it for those rows alone), empty
 * text taken as missing.
 */
export const failureMessage = (outcome: Sql, message: Sql): Sql =>
  sql`CASE WHEN ${outcome} = 'failure' THEN nullif(CAST(${message} AS VARCHAR), '') END`;

/** (j->>'path') for a JSON path under the unwrapped record, with '' read as missing. */
export const s = (path: string) => `nullif(j->>'$.${path}', '')`;

/**
 * The value of the entry named `name` in a list of name/value objects under the unwrapped record (M365's
 * ExtendedProperties [{Name, Value}], Entra audit's additionalDetails [{key, value}]), or NULL.
 */
export const namedValue = (list: string, name: string, keyField = 'Name', valueField = 'Value') =>
  `CASE WHEN json_type(j->'${list}') = 'ARRAY' THEN nullif(list_filter(CAST(j->'${list}' AS JSON[]),
    e -> (e->>'${keyField}') = '${name}')[1]->>'${valueField}', '') END`;

/**
 * An address as the vendor wrote it, without the client port some append (M365's Exchange ClientIP
 * "203.0.113.7:53422", "[2001:db8::1]:443"): the IPv4 or bracketed IPv6 address alone; other text as it is.
 */
export const ipOnly = (expr: string) =>
  `regexp_replace(regexp_replace(${expr}, '^(\\d{1,3}(\\.\\d{1,3}){3}):\\d+$', '\\1'), '^\\[([0-9A-Fa-f:.]+)\\](:\\d+)?$', '\\1')`;

/**
 * What a call acted on, as one VARCHAR[] (a call may name several: the user and the policy attached to it, the
 * instances it stopped): the values in the order given, empty ones and repeats left out, NULL when none. Each item
 * is a SQL expression for one value, or `{ many }` for a list of them. Most of a record's candidates are missing,
 * so the missing are dropped first and repeats looked for only among the few left (a lambda's parameter binds the
 * list once): about 4 times cheaper than deduplicating the whole candidate list.
 */
export function targetList(items: Array<string | { many: string }>): string {
  const one = items.filter((i): i is string => typeof i === 'string').map((i) => `CAST(${i} AS VARCHAR)`);
  const many = items
    .filter((i): i is { many: string } => typeof i !== 'string')
    .map((i) => `coalesce(CAST(${i.many} AS VARCHAR[]), [])`);
  const all = many.length
    ? `list_concat([${one.join(', ')}]::VARCHAR[], ${many.join(', ')})`
    : `[${one.join(', ')}]::VARCHAR[]`;
  return `list_transform([list_filter(${all}, x -> x <> '')], l -> CASE WHEN len(l) > 0
    THEN list_filter(l, (x, i) -> i = 1 OR NOT list_contains(l[:i - 1], x)) END)[1]`;
}
