import { insertEventsSql } from './normalize';
import { parquetRecords, utc } from './readers';
import type { LogFormatDef, ReadOptions } from './types';
import { GENERIC_IDENTITIES_SQL } from './generic';
import { awsActorSql, awsConsoleSql } from '../../identity/aws-keys';

const q = (k: string) => `nullif(j->>'$.${k}', '')`;
const PRODUCT = `lower(coalesce(${q('metadata.product.name')}, ''))`;
/** Security Lake's CloudTrail keeps CloudTrail's identity types, so those events get CloudTrail's classification. */
const IS_CLOUDTRAIL = `(${PRODUCT} = 'cloudtrail')`;
const USER_TYPE = q('actor.user.type');
const UID = q('actor.user.uid');
/** Security Lake writes the principal id in actor.user.uid and the ARN beside it (uuid, or uid_alt in OCSF 1.1). */
const ARN = `CASE WHEN ${q('actor.user.uuid')} LIKE 'arn:%' THEN ${q('actor.user.uuid')}
  WHEN ${q('actor.user.uid_alt')} LIKE 'arn:%' THEN ${q('actor.user.uid_alt')} WHEN ${UID} LIKE 'arn:%' THEN ${UID} END`;
/** The same key as raw CloudTrail gives the same principal (identity/aws-keys.ts). */
const AWS_ACTOR = awsActorSql({
  type: USER_TYPE,
  arn: ARN,
  principalId: `CASE WHEN ${UID} NOT LIKE 'arn:%' THEN ${UID} END`,
  accountId: `coalesce(${q('actor.user.account.uid')}, ${q('cloud.account.uid')})`,
  userName: q('actor.user.name'),
  invokedBy: q('actor.invoked_by'),
  issuerArn: q('actor.session.issuer'),
  issuerUserName: 'NULL',
  identityProvider: q('actor.idp.name'),
});
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
      actor_uid: `CASE WHEN ${IS_CLOUDTRAIL} THEN ${AWS_ACTOR.uid}
        ELSE 'generic:' || coalesce(${q('actor.user.uid')}, ${q('actor.user.name')}, ${q('actor.user.email_addr')}) END`,
      actor_name: `CASE WHEN ${IS_CLOUDTRAIL} THEN ${AWS_ACTOR.name} ELSE coalesce(${q('actor.user.name')}, ${q('actor.user.uid')}) END`,
      principal_id: `CASE WHEN ${IS_CLOUDTRAIL} THEN ${AWS_ACTOR.principalId} END`,
      actor_type: `CASE WHEN ${IS_CLOUDTRAIL} THEN ${USER_TYPE} ELSE coalesce(${USER_TYPE}, 'actor.user') END`,
      interactive: `CASE WHEN ${IS_CLOUDTRAIL}
        THEN ${awsConsoleSql({ eventName: q('api.operation'), userAgent: q('http_request.user_agent'), fromConsole: [] })}
        ELSE coalesce(${q('http_request.user_agent')}, '') LIKE 'Mozilla/%' END`,
      credential_uid: q('actor.user.credential_uid'),
      session_uid: `CASE WHEN ${IS_CLOUDTRAIL} AND ${ARN} LIKE 'arn:%:sts::%' THEN ${ARN} ELSE ${q('actor.session.uid')} END`,
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
