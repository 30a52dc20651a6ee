import { lit, sql, type Sql } from '../../db/sql';
import { parquetRecords } from '../sources/readers';
import type { ReadOptions } from '../sources/types';
import { cloudtrailInsertSql } from './read';

/**
 * A CloudTrail record's documented contents (CloudTrail record contents, userIdentity element), as json_transform
 * types. Fields whose value is any JSON (requestParameters...) are JSON.
 */
const SESSION_ISSUER = {
  type: 'VARCHAR',
  principalId: 'VARCHAR',
  arn: 'VARCHAR',
  accountId: 'VARCHAR',
  userName: 'VARCHAR',
};
const CLOUDTRAIL_RECORD: Shape = {
  eventVersion: 'VARCHAR',
  eventTime: 'VARCHAR',
  eventSource: 'VARCHAR',
  eventName: 'VARCHAR',
  awsRegion: 'VARCHAR',
  sourceIPAddress: 'VARCHAR',
  userAgent: 'VARCHAR',
  errorCode: 'VARCHAR',
  errorMessage: 'VARCHAR',
  requestParameters: 'JSON',
  responseElements: 'JSON',
  additionalEventData: 'JSON',
  requestID: 'VARCHAR',
  eventID: 'VARCHAR',
  readOnly: 'VARCHAR',
  resources: [{ ARN: 'VARCHAR', accountId: 'VARCHAR', type: 'VARCHAR' }],
  eventType: 'VARCHAR',
  apiVersion: 'VARCHAR',
  managementEvent: 'VARCHAR',
  recipientAccountId: 'VARCHAR',
  serviceEventDetails: 'JSON',
  sharedEventID: 'VARCHAR',
  vpcEndpointId: 'VARCHAR',
  vpcEndpointAccountId: 'VARCHAR',
  eventCategory: 'VARCHAR',
  sessionCredentialFromConsole: 'VARCHAR',
  tlsDetails: { tlsVersion: 'VARCHAR', cipherSuite: 'VARCHAR', clientProvidedHostHeader: 'VARCHAR' },
  userIdentity: {
    type: 'VARCHAR',
    principalId: 'VARCHAR',
    arn: 'VARCHAR',
    accountId: 'VARCHAR',
    accessKeyId: 'VARCHAR',
    userName: 'VARCHAR',
    invokedBy: 'VARCHAR',
    identityProvider: 'VARCHAR',
    credentialId: 'VARCHAR',
    onBehalfOf: { userId: 'VARCHAR', identityStoreArn: 'VARCHAR' },
    sessionContext: {
      attributes: { creationDate: 'VARCHAR', mfaAuthenticated: 'VARCHAR' },
      sessionIssuer: SESSION_ISSUER,
      webIdFederationData: { federatedProvider: 'VARCHAR', attributes: 'JSON' },
      sourceIdentity: 'VARCHAR',
      ec2RoleDelivery: 'VARCHAR',
    },
  },
};

type Shape = string | Shape[] | { [key: string]: Shape };

/** The same shape with every key lower-cased: Athena and Glue write CloudTrail's columns and struct fields so. */
const lowered = (s: Shape): Shape =>
  typeof s === 'string'
    ? s
    : Array.isArray(s)
      ? s.map(lowered)
      : Object.fromEntries(Object.entries(s).map(([k, v]) => [k.toLowerCase(), lowered(v)]));

/** The shape as a DuckDB type, to rename a lower-cased struct's fields by a cast (struct fields match by name, any case). */
const duckType = (s: Shape): string =>
  typeof s === 'string'
    ? s
    : Array.isArray(s)
      ? `${duckType(s[0]!)}[]`
      : `STRUCT(${Object.entries(s)
          .map(([k, v]) => `"${k}" ${duckType(v)}`)
          .join(', ')})`;

/** Structs an export may hold as JSON text (as CloudTrail Lake does): parsed back before shaping (rare: a merge). */
const STRUCT_TEXT = ['userIdentity', 'resources'];
/** Fields of any JSON that Athena's table holds as text (requestparameters...): parsed back after shaping. */
const JSON_FIELDS = ['requestParameters', 'responseElements', 'additionalEventData', 'serviceEventDetails'];

/** rec with its field f parsed when it is JSON text (rec is named four times: pass a column, not an expression). */
const parseText = (rec: string, f: string) =>
  lit(`CASE WHEN json_type(${rec}->'${f}') = 'VARCHAR' AND json_valid(${rec}->>'${f}')
    THEN json_merge_patch(${rec}, json_object('${f}', CAST(${rec}->>'${f}' AS JSON))) ELSE ${rec} END`);

/** The row `t` as a struct of CLOUDTRAIL_RECORD, whether its columns are camelCase or lower-cased. */
const CAMEL = lit(`CASE WHEN (t->'eventTime') IS NOT NULL OR (t->'eventName') IS NOT NULL
      THEN json_transform(t, '${JSON.stringify(CLOUDTRAIL_RECORD)}')
      ELSE CAST(json_transform(t, '${JSON.stringify(lowered(CLOUDTRAIL_RECORD))}') AS ${duckType(CLOUDTRAIL_RECORD)}) END`);

/** The JSON_FIELDS of the struct `s` parsed back from JSON text, as struct_update's arguments. */
const PARSED_FIELDS = lit(
  JSON_FIELDS.map(
    (f) =>
      `${f} := CASE WHEN json_type(s.${f}) = 'VARCHAR' AND json_valid(s.${f}->>'$') THEN CAST(s.${f}->>'$' AS JSON) ELSE s.${f} END`,
  ).join(', '),
);

/**
 * Raw CloudTrail in Parquet (an Athena CTAS or Glue job over the trail's S3 files): each row made back into a
 * CloudTrail record and normalised by the CloudTrail rules, so it gives the same event as the JSON it came from.
 * Columns may be camelCase (as the JSON) or lower-cased (Athena, Glue); eventTime a TIMESTAMP or text. The stored
 * record holds the documented fields under their CloudTrail names; columns outside them are not kept.
 */
export function cloudtrailParquetSql(o: ReadOptions): Sql {
  // One subquery per field, so each step names the record once.
  const rows = STRUCT_TEXT.flatMap((k) => [k, k.toLowerCase()]).reduce(
    (from, f) => sql`SELECT read_path, position, ${parseText('t', f)} AS t FROM (${from})`,
    sql`SELECT read_path, position, rec AS t FROM (${parquetRecords(o)})`,
  );
  // A TIMESTAMP column comes out of to_json without a zone, which the CloudTrail rules read as UTC (read.ts).
  // The record is the documented fields alone, with nulls where the table had none: merging it back onto the row
  // (json_merge_patch) ran out of a 700 MB limit on 200,000 rows, as DuckDB's JSON functions hold what they make.
  return cloudtrailInsertSql(sql`SELECT read_path, position, to_json(struct_update(s, ${PARSED_FIELDS})) AS rec
    FROM (SELECT read_path, position, ${CAMEL} AS s FROM (${rows}))`);
}
