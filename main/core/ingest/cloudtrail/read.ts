import { lit, listParam, param, sql, type Sql } from '../../db/sql';
import { tooDeepSql } from '../record-limits';
import { awsActorSql, awsConsoleSql } from '../../identity/aws-keys';
import { failureMessage, targetList } from '../sources/normalize';
import { compression, storeRejects, utc } from '../sources/readers';
import type { ReadOptions, TargetsRule } from '../sources/types';

/**
 * The request parameters that name what a call acted on, in the order they are listed as its targets: the IAM
 * principal (CreateUser's userName), then the policy, key, secret, function, table, log, trail... S3's bucketName
 * and key are read together (s3://bucket/key), EC2's instancesSet as its instance ids.
 */
const TARGET_PARAMETERS = [
  'userName',
  'roleName',
  'groupName',
  'instanceProfileName',
  'policyArn',
  'policyName',
  'roleArn',
  'accessKeyId',
  'serialNumber',
  'secretId',
  'name',
  'functionName',
  'keyId',
  'tableName',
  'logGroupName',
  'trailName',
  'dBInstanceIdentifier',
  'dBSnapshotIdentifier',
  'snapshotId',
  'imageId',
  'instanceId',
  'groupId',
  'repositoryName',
  'clusterName',
  'stackName',
  'topicArn',
  'queueUrl',
  'samlProviderArn',
  'openIDConnectProviderArn',
] as const;

/** The fields Trailmark reads from a CloudTrail record; json_transform parses each record once into this struct. */
const RECORD_SHAPE = JSON.stringify({
  eventTime: 'VARCHAR',
  '@timestamp': 'VARCHAR',
  eventName: 'VARCHAR',
  eventSource: 'VARCHAR',
  eventType: 'VARCHAR',
  awsRegion: 'VARCHAR',
  sourceIPAddress: 'VARCHAR',
  userAgent: 'VARCHAR',
  errorCode: 'VARCHAR',
  errorMessage: 'VARCHAR',
  recipientAccountId: 'VARCHAR',
  sessionCredentialFromConsole: 'VARCHAR',
  sharedEventID: 'VARCHAR',
  additionalEventData: { sessionCredentialFromConsole: 'VARCHAR' },
  responseElements: { ConsoleLogin: 'VARCHAR', accessKey: { accessKeyId: 'VARCHAR' } },
  requestParameters: {
    ...Object.fromEntries(TARGET_PARAMETERS.map((k) => [k, 'VARCHAR'])),
    bucketName: 'VARCHAR',
    key: 'VARCHAR',
    instancesSet: { items: [{ instanceId: 'VARCHAR' }] },
  },
  resources: [{ ARN: 'VARCHAR', type: 'VARCHAR' }],
  userIdentity: {
    type: 'VARCHAR',
    principalId: 'VARCHAR',
    arn: 'VARCHAR',
    accountId: 'VARCHAR',
    accessKeyId: 'VARCHAR',
    userName: 'VARCHAR',
    invokedBy: 'VARCHAR',
    identityProvider: 'VARCHAR',
    onBehalfOf: { userId: 'VARCHAR' },
    sessionContext: { sessionIssuer: { type: 'VARCHAR', arn: 'VARCHAR', userName: 'VARCHAR' } },
  },
});

/**
 * The raw records of a batch of files of one format, as (read_path, position, rec), read by DuckDB's own JSON
 * reader; position is the record's index in its file. The file list and sizes are bound parameters (DuckDB binds
 * them in table functions' arguments as it does anywhere). Files known to hold one {"Records":[...]} per line
 * (ReadOptions.oneLine) are read as newline-delimited, which skips DuckDB's layout detection.
 */
export function recordsWrapperSql(o: ReadOptions): Sql {
  const format = lit(o.oneLine ? "'newline_delimited'" : "'auto'");
  // Not read_json with a typed Records column: its reader overflows the stack on deep nesting (record-limits.ts).
  // json_extract parses each object once, as fast (277,227 records: 6.6 s against 6.5 s, three runs each).
  return sql`SELECT read_path, unnest(range(len(recs))) AS position, unnest(recs) AS rec
      FROM (SELECT filename AS read_path, json_extract(json, '$.Records[*]') AS recs
        FROM read_json_objects(${listParam(o.files)}, format = ${format}, filename = true, ${compression(o.gzip)},
          maximum_object_size = ${param(o.maxObjectBytes)}))`;
}

/** Where DuckDB puts the lines of split parts it could not read (temp tables; see QUARANTINE_REJECTS_SQL). */
export const REJECTS = { table: 'ingest_rejects', scans: 'ingest_reject_scans' };

/**
 * The parts of a split file (split-records.ts): lines of `index<TAB>record`, read as plain text, so each record
 * is parsed once (by json_transform) instead of also by a JSON reader. The index is the record's position in its
 * file. The read buffer is sized to the longest record, not the part. A line DuckDB can't read as two columns
 * (a raw tab or invalid UTF-8 inside a record) is stored in the rejects tables instead of failing the statement,
 * so it alone is quarantined.
 */
export function splitPartsSql(files: string[], longestRecordBytes: number, opts: { rejects?: boolean } = {}): Sql {
  const maxLine = Math.max(2 ** 21, longestRecordBytes + 1024);
  const rejects = opts.rejects === false ? lit('ignore_errors = true') : storeRejects();
  return sql`SELECT filename AS read_path, position, rec
    FROM read_csv(${listParam(files)}, columns = {'position': 'BIGINT', 'rec': 'VARCHAR'}, delim = '	', quote = '', escape = '',
      header = false, auto_detect = false, filename = true, max_line_size = ${param(maxLine)},
      buffer_size = ${param(Math.max(2 ** 25, 2 * maxLine))}, ${rejects})`;
}

export function bareArraySql(files: string[], gzip: boolean, maxObjectBytes: number): Sql {
  return sql`SELECT filename AS read_path, unnest(range(len(arr))) AS position, unnest(arr) AS rec
      FROM (SELECT filename, json::JSON[] AS arr FROM read_json_objects(${listParam(files)}, format = 'unstructured',
        filename = true, ${compression(gzip)}, maximum_object_size = ${param(maxObjectBytes)}))`;
}

/**
 * One statement per batch: normalise every CloudTrail record of `raw` (read_path, position, rec) straight into
 * events (time NULL where it can't be read; the ingest then quarantines those), parsing each record once with
 * json_transform. That parse is also the check that rec is JSON, so raw needs no cast of its own. Malformed text
 * fails the batch, which is then read by halves down to the bad file (load-files.ts); with `tolerant` (the parts
 * of split files, where one bad record must not cost its neighbours) it gives NULL instead, and the record alone
 * is quarantined with its position.
 */
export function cloudtrailInsertSql(raw: Sql, opts: { tolerant?: boolean } = {}): Sql {
  return sql`${NORMALIZE_HEAD}${opts.tolerant ? PARSE_TOLERANT : PARSE} AS j
  FROM (${raw}) r JOIN ingest_files f ON f.read_path = r.read_path
${NORMALIZE_TAIL}`;
}

/**
 * What a call acted on, over the record parsed into RECORD_SHAPE (`j`): the request parameters above, the access
 * key a CreateAccessKey made (responseElements), then every ARN of resources[].
 */
export const CLOUDTRAIL_TARGETS: TargetsRule = {
  sources: ['cloudtrail'],
  when: `(rec->'eventSource') IS NOT NULL OR (rec->'eventName') IS NOT NULL`,
  unwrap: `json_transform(rec, '${RECORD_SHAPE}')`,
  errorMessage: `j.errorMessage`,
  sql: targetList([
    ...TARGET_PARAMETERS.map((k) => `j.requestParameters.${k}`),
    `'s3://' || j.requestParameters.bucketName || coalesce('/' || j.requestParameters.key, '')`,
    { many: `list_transform(j.requestParameters.instancesSet.items, x -> x.instanceId)` },
    `j.responseElements.accessKey.accessKeyId`,
    { many: `list_transform(j.resources, x -> x.ARN)` },
  ]),
};

const ACTOR = awsActorSql({
  type: 'ui.type',
  arn: 'ui.arn',
  principalId: 'ui.principalId',
  accountId: 'ui.accountId',
  userName: 'ui.userName',
  invokedBy: 'ui.invokedBy',
  issuerArn: 'ui.sessionContext.sessionIssuer.arn',
  issuerUserName: 'ui.sessionContext.sessionIssuer.userName',
  identityProvider: 'ui.identityProvider',
  onBehalfOfUserId: 'ui.onBehalfOf.userId',
});
const CONSOLE = awsConsoleSql({
  eventName: 'j.eventName',
  userAgent: 'j.userAgent',
  fromConsole: ['j.sessionCredentialFromConsole', 'j.additionalEventData.sessionCredentialFromConsole'],
});

/**
 * eventTime as CloudTrail writes it ("…Z") cast directly; in any other form (CloudTrail Lake's "2024-05-06
 * 11:00:00.000", a re-shipped epoch) read as every source's time is (utc()), so never in the machine's zone. A
 * record re-shipped by Logstash or an Elastic agent whose pipeline dropped or renamed eventTime has the time of the
 * event in @timestamp (their CloudTrail pipelines set it from eventTime), which is taken then.
 */
const TIME = `CASE WHEN ends_with(j.eventTime, 'Z') THEN try_cast(j.eventTime AS TIMESTAMPTZ)
  ELSE coalesce(${utc('j.eventTime')}, ${utc('j."@timestamp"')}) END`;

/** A call failed when it has an errorCode, or is a console sign-in whose response says Failure. */
const OUTCOME = `CASE WHEN nullif(j.errorCode, '') IS NOT NULL OR j.responseElements.ConsoleLogin = 'Failure'
  THEN 'failure' ELSE 'success' END`;

const PARSE = lit(`json_transform(r.rec, '${RECORD_SHAPE}')`);
const PARSE_TOLERANT = lit(`try(json_transform(r.rec, '${RECORD_SHAPE}'))`);

/** The statement around the batch's records (cloudtrailInsertSql): fixed text of this module. */
const NORMALIZE_HEAD = lit(`
INSERT INTO events BY NAME
WITH parsed AS (
  SELECT f.evidence_id, f.sha256, f.position_base + r.position AS position, r.rec, `);
const NORMALIZE_TAIL = sql`${lit(`), shaped AS (
  SELECT *, j.userIdentity AS ui FROM parsed
)
SELECT
  md5(sha256 || ':' || position) AS event_uid,
  CASE WHEN NOT ${tooDeepSql('rec')} THEN ${TIME} END AS time,
  'cloudtrail' AS source,
  evidence_id,
  CAST(position AS VARCHAR) AS position,
  j.eventName AS api_operation,
  j.eventSource AS api_service,
  coalesce(j.requestParameters.roleArn, j.resources[1].ARN) AS resource_uid,
  CASE WHEN j.requestParameters.roleArn IS NOT NULL THEN 'AWS::IAM::Role' ELSE j.resources[1].type END AS resource_type,
  ${CLOUDTRAIL_TARGETS.sql} AS targets,
  ${OUTCOME} AS outcome,
  coalesce(nullif(j.errorCode, ''), CASE WHEN j.responseElements.ConsoleLogin = 'Failure' THEN 'ConsoleLoginFailure' END) AS error_code,
  `)}${failureMessage(lit(OUTCOME), lit(CLOUDTRAIL_TARGETS.errorMessage!))}${lit(` AS error_message,
  j.sourceIPAddress AS src_ip,
  j.userAgent AS user_agent,
  j.awsRegion AS region,
  coalesce(j.recipientAccountId, ui.accountId) AS account_uid,
  ${ACTOR.uid} AS actor_uid,
  ${ACTOR.name} AS actor_name,
  ui.type AS actor_type,
  ${CONSOLE} AS interactive,
  ui.accessKeyId AS credential_uid,
  CASE WHEN ui.type IN ('AssumedRole', 'FederatedUser') THEN ui.arn END AS session_uid,
  ${ACTOR.principalId} AS principal_id,
  j.sharedEventID AS shared_event_id,
  rec AS raw
FROM shaped`)}`;
