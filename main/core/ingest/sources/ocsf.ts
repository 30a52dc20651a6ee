import type { Sql } from '../../db/sql';
import { insertEventsSql, targetList } from './normalize';
import { parquetRecords, utc } from './readers';
import type { LogFormatDef, ReadOptions, TargetsRule } from './types';
import { GENERIC_IDENTITIES_SQL } from './generic';
import { awsActorSql, awsConsoleSql } from '../../identity/aws-keys';
import { k8sUserKeySql } from './k8s';

const q = (k: string) => `nullif(j->>'$.${k}', '')`;
const PRODUCT = `lower(coalesce(${q('metadata.product.name')}, ''))`;
/** Security Lake's CloudTrail keeps CloudTrail's identity types, so those events get CloudTrail's classification. */
const IS_CLOUDTRAIL = `(${PRODUCT} = 'cloudtrail')`;
/**
 * Security Lake's EKS audit (OCSF's EKS mapping: actor.user.name is user.username, api.response.code is
 * responseStatus.code) is Kubernetes audit: its users get the keys the native audit events give them.
 */
const IS_K8S = `(${PRODUCT} IN ('amazon eks', 'eks') OR ${PRODUCT} LIKE '%kubernetes%')`;
const K8S_USER = q('actor.user.name');
const SOURCE = `CASE WHEN ${IS_CLOUDTRAIL} THEN 'cloudtrail' WHEN ${IS_K8S} THEN 'k8s_audit' ELSE 'generic' END`;
const CODE = `try_cast(${q('api.response.code')} AS INTEGER)`;
/** status (Success / Failure), else status_id (1 / 2), else the API's HTTP response code. */
const OUTCOME = `CASE WHEN lower(${q('status')}) = 'success' OR ${q('status_id')} = '1' THEN 'success'
  WHEN lower(${q('status')}) = 'failure' OR ${q('status_id')} = '2' THEN 'failure'
  WHEN ${CODE} >= 400 THEN 'failure' WHEN ${CODE} >= 100 THEN 'success' END`;
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
/** time is epoch milliseconds; time_dt (the datetime profile) the same instant as text. */
const TIME = utc(`coalesce(${q('time')}, ${q('time_dt')})`);

/** Every entry of resources[]: its uid (an ARN), else its name. */
const TARGETS: TargetsRule = {
  sources: ['cloudtrail', 'k8s_audit', 'generic'],
  when: `(rec->'class_uid') IS NOT NULL AND (rec->'metadata') IS NOT NULL`,
  errorMessage: `coalesce(j->>'$.status_detail', j->>'$.api.response.error_message')`,
  sql: targetList([
    {
      many: `CASE WHEN json_type(j->'resources') = 'ARRAY' THEN list_transform(CAST(j->'resources' AS JSON[]),
        r -> coalesce(nullif(r->>'uid', ''), nullif(r->>'name', ''))) END`,
    },
  ]),
};

function insertSql(o: ReadOptions): Sql {
  return insertEventsSql(
    'generic',
    parquetRecords(o),
    {
      time: TIME,
      api_operation: `coalesce(${q('api.operation')}, ${q('activity_name')})`,
      api_service: `CASE WHEN ${IS_K8S} THEN coalesce(${q('api.group.name')}, 'core')
        ELSE coalesce(${q('api.service.name')}, ${q('metadata.product.name')}) END`,
      resource_uid: `CASE WHEN ${IS_K8S} THEN coalesce(${q('http_request.url.path')}, ${q('resources[0].name')})
        ELSE coalesce(${q('resources[0].uid')}, ${q('resources[0].name')}) END`,
      resource_type: q('resources[0].type'),
      targets: TARGETS.sql,
      error_message: TARGETS.errorMessage,
      outcome: OUTCOME,
      error_code: `CASE WHEN ${OUTCOME} = 'failure' THEN coalesce(${q('api.response.error')}, ${q('status_code')},
        CAST(${CODE} AS VARCHAR), ${q('status_detail')}) END`,
      src_ip: q('src_endpoint.ip'),
      user_agent: `coalesce(${q('http_request.user_agent')}, ${q('src_endpoint.domain')})`,
      region: q('cloud.region'),
      account_uid: `coalesce(${q('cloud.account.uid')}, ${q('actor.user.account.uid')})`,
      actor_uid: `CASE WHEN ${IS_CLOUDTRAIL} THEN ${AWS_ACTOR.uid}
        WHEN ${IS_K8S} THEN ${k8sUserKeySql(K8S_USER, 'NULL::JSON')}
        ELSE 'generic:' || coalesce(${q('actor.user.uid')}, ${q('actor.user.name')}, ${q('actor.user.email_addr')}) END`,
      actor_name: `CASE WHEN ${IS_CLOUDTRAIL} THEN ${AWS_ACTOR.name} WHEN ${IS_K8S} THEN ${K8S_USER} ELSE coalesce(${q('actor.user.name')}, ${q('actor.user.uid')}) END`,
      principal_id: `CASE WHEN ${IS_CLOUDTRAIL} THEN ${AWS_ACTOR.principalId} END`,
      actor_type: `CASE WHEN ${IS_CLOUDTRAIL} THEN ${USER_TYPE}
        WHEN ${IS_K8S} THEN array_to_string(CAST(json_extract_string(j, '$.actor.user.groups[*].name') AS VARCHAR[]), ',') ELSE coalesce(${USER_TYPE}, 'actor.user') END`,
      interactive: `CASE WHEN ${IS_CLOUDTRAIL}
        THEN ${awsConsoleSql({ eventName: q('api.operation'), userAgent: q('http_request.user_agent'), fromConsole: [] })}
        WHEN ${IS_K8S} THEN coalesce(${q('http_request.user_agent')}, '') SIMILAR TO '(kubectl/|Mozilla/).*'
        ELSE coalesce(${q('http_request.user_agent')}, '') LIKE 'Mozilla/%' END`,
      credential_uid: q('actor.user.credential_uid'),
      session_uid: `CASE WHEN ${IS_CLOUDTRAIL} AND ${ARN} LIKE 'arn:%:sts::%' THEN ${ARN}
        WHEN ${IS_K8S} THEN ${q('api.request.uid')} ELSE ${q('actor.session.uid')} END`,
    },
    { source: SOURCE },
  );
}

export const OCSF_PARQUET: LogFormatDef = {
  id: 'ocsf_parquet',
  source: 'generic',
  label: 'OCSF Parquet (e.g. an Amazon Security Lake export)',
  // OCSF's required attributes; raw CloudTrail in Parquet has its own format (cloudtrail/formats.ts).
  sniff: ({ parquet, columns }) =>
    parquet && !!columns?.includes('metadata') && (columns.includes('class_uid') || columns.includes('type_uid')),
  insertSql,
  targets: TARGETS,
  identitiesSql: GENERIC_IDENTITIES_SQL,
};
