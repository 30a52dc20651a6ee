import type { FieldMapping } from '../../../../shared/model';
import { classifySql, verdict } from '../../identity/classify';
import { lit, param, sql, type Sql } from '../../db/sql';
import { insertEventsSql } from './normalize';
import { csvRecords, utcOf, jsonRecords } from './readers';
import type { ReadOptions } from './types';

/** A mapped field by its JSON path, bound: dotted names reach into nested objects; each part is quoted. */
function field(name: string): Sql {
  const parts = name.split('.').map((p) => `"${p}"`);
  return sql`nullif(rec->>${param('$.' + parts.join('.'))}, '')`;
}

/**
 * Generic JSON lines or CSV, read with the user's saved mapping (which field is time, actor, action, IP, outcome).
 * Field names and the mapping's name are the user's, so they are bound parameters, never SQL text.
 */
export function genericInsertSql(m: FieldMapping, o: ReadOptions): Sql {
  const read = m.kind === 'csv' ? csvRecords(o) : jsonRecords(o, 'newline_delimited');
  const outcome = m.outcome ? field(m.outcome) : lit('NULL');
  return insertEventsSql('generic', read, {
    time: utcOf(field(m.time)),
    api_operation: field(m.action),
    api_service: sql`${param(`mapping:${m.name}`)}`,
    outcome: sql`CASE WHEN lower(${outcome}) IN ('success', 'succeeded', 'ok', 'true', 'allow', 'allowed', '1', 'pass')
        THEN 'success'
      WHEN lower(${outcome}) IN ('failure', 'failed', 'fail', 'error', 'false', 'deny', 'denied', '0') THEN 'failure' END`,
    error_code: sql`CASE WHEN lower(${outcome}) IN ('failure', 'failed', 'fail', 'error', 'false', 'deny', 'denied', '0') THEN ${outcome} END`,
    src_ip: m.ip ? field(m.ip) : 'NULL',
    actor_uid: sql`'generic:' || ${field(m.actor)}`,
    actor_name: field(m.actor),
    actor_type: sql`${param(`${m.name}:${m.actor}`)}`,
  });
}

/** True when every field the mapping names is a top-level key / column of the file (dotted names: their first part). */
export function mappingFits(m: FieldMapping, fields: string[]): boolean {
  const have = new Set(fields);
  return [m.time, m.actor, m.action, m.ip, m.outcome]
    .filter((x): x is string => !!x)
    .every((f) => have.has(f) || have.has(f.split('.')[0]!));
}

export const GENERIC_IDENTITIES_SQL = classifySql({
  sources: ['generic'],
  verdict: `CASE
    WHEN lower(coalesce(actor_type, '')) IN ('system', 'service', 'awsservice', 'application', 'serviceaccount') THEN ${verdict('machine', 'service', `format('actor.user.type = {}: a service or system principal', actor_type)`)}
    WHEN lower(coalesce(actor_type, '')) IN ('user', 'admin') THEN ${verdict('human', 'person', `format('actor.user.type = {} ({}): a user account', actor_type, name)`)}
    WHEN regexp_matches(lower(name), '(\\[bot\\]$|^svc[-_]|[-_]svc$|^system:|serviceaccount|@.*\\.gserviceaccount\\.com$)') THEN ${verdict('machine', 'service_account', `format('mapped actor field {} = {}: the name follows a service-account pattern ([bot], svc-, system:, serviceaccount)', coalesce(nullif(split_part(actor_type, ':', 2), ''), actor_type), name)`)}
    ELSE ${verdict('unknown', 'unknown', `format('{} = {}: a generic log names the actor but nothing tells a person from a program', coalesce(actor_type, 'actor'), name)`)}
  END`,
});
