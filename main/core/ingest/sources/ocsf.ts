import { insertEventsSql } from './normalize';
import { parquetRecords, utc } from './readers';
import type { LogFormatDef, ReadOptions } from './types';
import { GENERIC_IDENTITIES_SQL } from './generic';

const q = (k: string) => `nullif(j->>'$.${k}', '')`;
const PRODUCT = `lower(coalesce(${q('metadata.product.name')}, ''))`;
/** Security Lake's CloudTrail keeps CloudTrail's identity types, so those events get CloudTrail's classification. */
const IS_CLOUDTRAIL = `(${PRODUCT} = 'cloudtrail')`;
const USER_TYPE = q('actor.user.type');
const TIME = `CASE WHEN json_type(j->'time') IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN make_timestamptz(CAST(j->>'time' AS BIGINT) * 1000)
  ELSE ${utc(`coalesce(${q('time_dt')}, ${q('time')})`)} END`;

function insertSql(o: ReadOptions): string {
  return insertEventsSql(
    'generic',
    parquetRecords(o),
    {
      time: TIME,
      api_operation: `coalesce(${q('api.operation')}, ${q('activity_name')})`,
      api_service: `coalesce(${q('api.service.name')}, ${q('metadata.product.name')})`,
      resource_uid: `coalesce(${q('resources[0].uid')}, ${q('resources[0].name')})`,
      resource_type: q('resources[0].type'),
      outcome: `CASE lower(${q('status')}) WHEN 'success' THEN 'success' WHEN 'failure' THEN 'failure' END`,
      error_code: `coalesce(${q('api.response.error')}, CASE WHEN lower(${q('status')}) = 'failure' THEN ${q('status_code')} END)`,
      src_ip: q('src_endpoint.ip'),
      user_agent: `coalesce(${q('http_request.user_agent')}, ${q('src_endpoint.domain')})`,
      region: q('cloud.region'),
      account_uid: `coalesce(${q('cloud.account.uid')}, ${q('actor.user.account.uid')})`,
      actor_uid: `CASE WHEN ${IS_CLOUDTRAIL} AND ${USER_TYPE} = 'AssumedRole' THEN coalesce(${q('actor.session.issuer')}, ${q('actor.user.uid')})
        WHEN ${IS_CLOUDTRAIL} THEN coalesce(${q('actor.user.uid')}, ${q('actor.invoked_by')}, ${q('actor.user.name')})
        ELSE 'generic:' || coalesce(${q('actor.user.uid')}, ${q('actor.user.name')}, ${q('actor.user.email_addr')}) END`,
      actor_name: `coalesce(${q('actor.user.name')}, ${q('actor.user.uid')})`,
      actor_type: `CASE WHEN ${IS_CLOUDTRAIL} THEN ${USER_TYPE} ELSE coalesce(${USER_TYPE}, 'actor.user') END`,
      interactive: `coalesce(${q('http_request.user_agent')}, '') LIKE 'Mozilla/%'`,
      credential_uid: q('actor.user.credential_uid'),
      session_uid: q('actor.session.uid'),
    },
    { source: `CASE WHEN ${IS_CLOUDTRAIL} THEN 'cloudtrail' ELSE 'generic' END` },
  );
}

export const OCSF_PARQUET: LogFormatDef = {
  id: 'ocsf_parquet',
  source: 'generic',
  label: 'OCSF Parquet (e.g. an Amazon Security Lake export)',
  sniff: ({ parquet }) => parquet,
  insertSql,
  identitiesSql: GENERIC_IDENTITIES_SQL,
};
