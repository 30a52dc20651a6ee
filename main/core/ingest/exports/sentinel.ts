import { lit, sql, type Sql } from '../../db/sql';
import { CLOUDTRAIL_IDENTITIES_SQL } from '../../identity/cloudtrail-classify';
import { cloudtrailInsertSql } from '../cloudtrail/read';
import { AZURE_ACTIVITY } from '../sources/azure-activity';
import { AZURE_IDENTITIES_SQL } from '../sources/azure-identities';
import { ENTRA_AUDIT, ENTRA_SIGNIN } from '../sources/entra';
import { GCP_AUDIT, GCP_IDENTITIES_SQL } from '../sources/gcp';
import { M365_IDENTITIES_SQL, M365_JSON } from '../sources/m365';
import { csvRecords, jsonRecords } from '../sources/readers';
import type { LogFormatDef, ReadOptions, SniffInput } from '../sources/types';
import type { Source } from '../../../../shared/model';
import {
  bool,
  col,
  compact,
  dyn,
  hasAnyColumn,
  hasColumns,
  isQueryApiShape,
  isoTime,
  parsedRows,
  queryApiRows,
} from './columns';

/**
 * Microsoft Sentinel / Log Analytics tables exported from a query: the portal's CSV (datetime columns named
 * "X [UTC]"), JSON rows keyed by column name, or the query API's tables of columns and rows. Each row is rebuilt
 * into the record the vendor's own delivery writes (CloudTrail event, Entra diagnostic sign-in / audit record,
 * Activity Log event, Office 365 Management API record, GCP LogEntry), with its dynamic columns parsed in SQL, and
 * normalised by that source's own rules, so one event gives the same row and identity whether it came from the
 * vendor or through Sentinel. `raw` holds the rebuilt record (what Sigma rules and the record view read).
 */
interface SentinelTable {
  /** Format id stem and the table name(s) in the label. */
  id: string;
  tables: string;
  source: Source;
  sniff(s: SniffInput): boolean;
  /** SQL over `rec` (one exported row) giving the native record as JSON. */
  record: Sql;
  /** Normalises the rebuilt records (a query of read_path, position, rec). */
  insert(rows: Sql, o: ReadOptions): Sql;
  identitiesSql: string;
}

/** Through a native format's insertSql, with the rebuilt records in place of its own read. */
const via = (native: LogFormatDef) => (rows: Sql, o: ReadOptions) => native.insertSql!({ ...o, records: rows });

const AWS_CLOUDTRAIL = compact(`json_object(
  'eventVersion', ${col('EventVersion')},
  'eventTime', ${isoTime(col('TimeGenerated'))},
  'eventSource', ${col('EventSource')},
  'eventName', ${col('EventName')},
  'awsRegion', ${col('AWSRegion')},
  'sourceIPAddress', ${col('SourceIpAddress')},
  'userAgent', ${col('UserAgent')},
  'errorCode', ${col('ErrorCode')},
  'errorMessage', ${col('ErrorMessage')},
  'requestParameters', ${dyn('RequestParameters')},
  'responseElements', ${dyn('ResponseElements')},
  'additionalEventData', ${dyn('AdditionalEventData')},
  'serviceEventDetails', ${dyn('ServiceEventDetails')},
  'resources', ${dyn('Resources')},
  'eventID', ${col('AwsEventId')},
  'requestID', coalesce(${col('AwsRequestId_')}, ${col('AwsRequestId')}),
  'eventType', ${col('EventTypeName')},
  'eventCategory', ${col('Category')},
  'apiVersion', ${col('APIVersion')},
  'readOnly', ${bool('ReadOnly')},
  'managementEvent', ${bool('ManagementEvent')},
  'recipientAccountId', ${col('RecipientAccountId')},
  'sharedEventID', ${col('SharedEventId')},
  'vpcEndpointId', ${col('VpcEndpointId')},
  'userIdentity', json_object(
    'type', ${col('UserIdentityType')},
    'principalId', ${col('UserIdentityPrincipalid')},
    'arn', ${col('UserIdentityArn')},
    'accountId', ${col('UserIdentityAccountId')},
    'accessKeyId', ${col('UserIdentityAccessKeyId')},
    'userName', ${col('UserIdentityUserName')},
    'invokedBy', ${col('UserIdentityInvokedBy')},
    'sessionContext', json_object(
      'sessionIssuer', json_object(
        'type', ${col('SessionIssuerType')},
        'principalId', ${col('SessionIssuerPrincipalId')},
        'arn', ${col('SessionIssuerArn')},
        'accountId', ${col('SessionIssuerAccountId')},
        'userName', ${col('SessionIssuerUserName')}),
      'attributes', json_object(
        'mfaAuthenticated', lower(${col('SessionMfaAuthenticated')}),
        'creationDate', ${isoTime(col('SessionCreationDate'))}))))`);

/** The diagnostic-settings category of a sign-in row: its Category column, else the table's name (Type). */
const SIGNIN_CATEGORY = `coalesce(${col('Category')}, CASE ${col('Type')}
  WHEN 'SigninLogs' THEN 'SignInLogs' WHEN 'AADNonInteractiveUserSignInLogs' THEN 'NonInteractiveUserSignInLogs'
  WHEN 'AADServicePrincipalSignInLogs' THEN 'ServicePrincipalSignInLogs'
  WHEN 'AADManagedIdentitySignInLogs' THEN 'ManagedIdentitySignInLogs' END)`;
const SIGNIN_TIME = isoTime(`coalesce(${col('CreatedDateTime')}, ${col('TimeGenerated')})`);

/**
 * A sign-in row as the diagnostic-settings record ({time, category, properties: {...}}). TenantId is the
 * workspace's, so the tenant is AADTenantId. The service principal and managed identity tables carry no Status
 * object: their ResultType is the error code (0 for success), as in status.errorCode.
 */
const SIGNIN = compact(`json_object(
  'time', ${SIGNIN_TIME},
  'category', ${SIGNIN_CATEGORY},
  'operationName', ${col('OperationName')},
  'tenantId', ${col('AADTenantId')},
  'resultType', ${col('ResultType')},
  'resultSignature', ${col('ResultSignature')},
  'resultDescription', ${col('ResultDescription')},
  'callerIpAddress', ${col('IPAddress')},
  'correlationId', ${col('CorrelationId')},
  'identity', ${col('Identity')},
  'properties', json_object(
    'id', ${col('Id')},
    'createdDateTime', ${SIGNIN_TIME},
    'userPrincipalName', ${col('UserPrincipalName')},
    'userId', ${col('UserId')},
    'userDisplayName', ${col('UserDisplayName')},
    'userType', ${col('UserType')},
    'appId', ${col('AppId')},
    'appDisplayName', ${col('AppDisplayName')},
    'ipAddress', ${col('IPAddress')},
    'status', coalesce(${dyn('Status')}, json_object('errorCode', try_cast(${col('ResultType')} AS INTEGER),
      'failureReason', ${col('ResultDescription')})),
    'isInteractive', ${bool('IsInteractive')},
    'userAgent', ${col('UserAgent')},
    'clientAppUsed', ${col('ClientAppUsed')},
    'resourceDisplayName', ${col('ResourceDisplayName')},
    'resourceId', ${col('ResourceIdentity')},
    'resourceServicePrincipalId', ${col('ResourceServicePrincipalId')},
    'location', ${dyn('LocationDetails')},
    'deviceDetail', ${dyn('DeviceDetail')},
    'servicePrincipalId', ${col('ServicePrincipalId')},
    'servicePrincipalName', ${col('ServicePrincipalName')},
    'servicePrincipalCredentialKeyId', ${col('ServicePrincipalCredentialKeyId')},
    'servicePrincipalCredentialThumbprint', ${col('ServicePrincipalCredentialThumbprint')},
    'federatedCredentialId', ${col('FederatedCredentialId')},
    'conditionalAccessStatus', ${col('ConditionalAccessStatus')},
    'authenticationRequirement', ${col('AuthenticationRequirement')},
    'homeTenantId', ${col('HomeTenantId')},
    'resourceTenantId', ${col('ResourceTenantId')},
    'sessionId', ${col('SessionId')},
    'correlationId', ${col('CorrelationId')}))`);

/** An AuditLogs row as the diagnostic record: its Category (e.g. ApplicationManagement) is the properties' one. */
const AUDIT = compact(`json_object(
  'time', ${isoTime(`coalesce(${col('ActivityDateTime')}, ${col('TimeGenerated')})`)},
  'category', 'AuditLogs',
  'operationName', ${col('OperationName')},
  'tenantId', ${col('AADTenantId')},
  'resultType', ${col('ResultType')},
  'correlationId', ${col('CorrelationId')},
  'properties', json_object(
    'id', ${col('Id')},
    'activityDateTime', ${isoTime(`coalesce(${col('ActivityDateTime')}, ${col('TimeGenerated')})`)},
    'activityDisplayName', ${col('ActivityDisplayName')},
    'category', ${col('Category')},
    'operationType', ${col('AADOperationType')},
    'loggedByService', ${col('LoggedByService')},
    'result', ${col('Result')},
    'resultReason', ${col('ResultReason')},
    'initiatedBy', ${dyn('InitiatedBy')},
    'targetResources', ${dyn('TargetResources')},
    'additionalDetails', ${dyn('AdditionalDetails')},
    'correlationId', ${col('CorrelationId')}))`);

/** An AzureActivity row as the Activity Log's export record; the *Value columns hold what the record's fields hold. */
const ACTIVITY = compact(`json_object(
  'time', ${isoTime(col('TimeGenerated'))},
  'operationName', coalesce(${col('OperationNameValue')}, ${col('OperationName')}),
  'category', coalesce(${col('CategoryValue')}, ${col('Category')}),
  'resultType', coalesce(${col('ActivityStatusValue')}, ${col('ActivityStatus')}),
  'subStatus', coalesce(${col('ActivitySubstatusValue')}, ${col('ActivitySubstatus')}),
  'caller', ${col('Caller')},
  'callerIpAddress', ${col('CallerIpAddress')},
  'correlationId', ${col('CorrelationId')},
  'eventDataId', ${col('EventDataId')},
  'level', ${col('Level')},
  'resourceId', coalesce(${col('ResourceId')}, ${col('_ResourceId')}),
  'resourceProviderName', coalesce(${col('ResourceProviderValue')}, ${col('ResourceProvider')}),
  'subscriptionId', ${col('SubscriptionId')},
  'identity', json_object(
    'claims', coalesce(${dyn('Claims_d')}, ${dyn('Claims')}),
    'authorization', coalesce(${dyn('Authorization_d')}, ${dyn('Authorization')})),
  'httpRequest', ${dyn('HTTPRequest')},
  'properties', coalesce(${dyn('Properties_d')}, ${dyn('Properties')}))`);

/** An OfficeActivity row is the Management API record already, but for its time's column name and format. */
const OFFICE = `json_merge_patch(rec, json_object('TimeGenerated', ${isoTime(col('TimeGenerated'))}, 'TimeGenerated [UTC]', NULL))`;

/** A GCPAuditLogs row as the LogEntry with its AuditLog protoPayload. */
const GCP = compact(`json_object(
  'timestamp', ${isoTime(`coalesce(${col('Timestamp')}, ${col('TimeGenerated')})`)},
  'insertId', ${col('InsertId')},
  'logName', ${col('LogName')},
  'severity', ${col('Severity')},
  'resource', json_object('type', ${col('GCPResourceType')}, 'labels', json_object('project_id', ${col('ProjectId')})),
  'protoPayload', json_object(
    '@type', 'type.googleapis.com/google.cloud.audit.AuditLog',
    'serviceName', ${col('ServiceName')},
    'methodName', ${col('MethodName')},
    'resourceName', ${col('GCPResourceName')},
    'authenticationInfo', coalesce(${dyn('AuthenticationInfo')}, json_object('principalEmail', ${col('PrincipalEmail')})),
    'authorizationInfo', ${dyn('AuthorizationInfo')},
    'requestMetadata', ${dyn('RequestMetadata')},
    'status', ${dyn('Status')},
    'request', ${dyn('Request')},
    'response', ${dyn('Response')},
    'metadata', ${dyn('Metadata')},
    'serviceData', ${dyn('ServiceData')},
    'resourceLocation', ${dyn('ResourceLocation')}))`);

const TABLES: SentinelTable[] = [
  {
    id: 'sentinel_awscloudtrail',
    tables: 'AWSCloudTrail',
    source: 'cloudtrail',
    sniff: (s) =>
      hasColumns(s, ['EventName', 'EventSource', 'AWSRegion']) &&
      hasAnyColumn(s, ['UserIdentityType', 'UserIdentityArn', 'UserIdentityPrincipalid']),
    record: lit(AWS_CLOUDTRAIL),
    insert: (rows) => cloudtrailInsertSql(rows),
    identitiesSql: CLOUDTRAIL_IDENTITIES_SQL,
  },
  {
    id: 'sentinel_signin',
    tables: 'SigninLogs, AADNonInteractiveUserSignInLogs, AADServicePrincipalSignInLogs, AADManagedIdentitySignInLogs',
    source: 'entra_signin',
    sniff: (s) =>
      hasColumns(s, ['AppId', 'ResultType']) && hasAnyColumn(s, ['UserPrincipalName', 'ServicePrincipalId']),
    record: lit(SIGNIN),
    insert: via(ENTRA_SIGNIN),
    identitiesSql: AZURE_IDENTITIES_SQL,
  },
  {
    id: 'sentinel_auditlogs',
    tables: 'AuditLogs',
    source: 'azure_activity',
    sniff: (s) => hasColumns(s, ['ActivityDisplayName', 'InitiatedBy', 'TargetResources']),
    record: lit(AUDIT),
    insert: via(ENTRA_AUDIT),
    identitiesSql: AZURE_IDENTITIES_SQL,
  },
  {
    id: 'sentinel_azureactivity',
    tables: 'AzureActivity',
    source: 'azure_activity',
    sniff: (s) =>
      hasColumns(s, ['OperationNameValue', 'Caller']) && hasAnyColumn(s, ['ActivityStatusValue', 'ActivityStatus']),
    record: lit(ACTIVITY),
    insert: via(AZURE_ACTIVITY),
    identitiesSql: AZURE_IDENTITIES_SQL,
  },
  {
    id: 'sentinel_officeactivity',
    tables: 'OfficeActivity',
    source: 'm365_ual',
    sniff: (s) => hasColumns(s, ['Operation', 'OfficeWorkload', 'UserId', 'TimeGenerated']),
    record: lit(OFFICE),
    insert: via(M365_JSON),
    identitiesSql: M365_IDENTITIES_SQL,
  },
  {
    id: 'sentinel_gcpauditlogs',
    tables: 'GCPAuditLogs',
    source: 'gcp_audit',
    sniff: (s) =>
      hasColumns(s, ['MethodName', 'ServiceName']) && hasAnyColumn(s, ['PrincipalEmail', 'AuthenticationInfo']),
    record: lit(GCP),
    insert: via(GCP_AUDIT),
    identitiesSql: GCP_IDENTITIES_SQL,
  },
];

/** Each exported row rebuilt into its native record, keeping its position (the row's index in its file). */
const rebuilt = (t: SentinelTable, rows: Sql): Sql =>
  sql`SELECT read_path, position, ${t.record} AS rec FROM (${parsedRows(rows)})`;

/**
 * Three formats per table: its CSV export (ids ending in _csv: not salvaged as JSON), its JSON rows, and the query
 * API's response (tables of columns and rows).
 */
export const SENTINEL_FORMATS: LogFormatDef[] = TABLES.flatMap((t): LogFormatDef[] => [
  {
    id: `${t.id}_csv`,
    source: t.source,
    label: `Microsoft Sentinel / Log Analytics ${t.tables} (CSV export)`,
    sniff: (s) => s.csvHeader !== null && t.sniff(s),
    insertSql: (o) => t.insert(rebuilt(t, csvRecords(o)), o),
    identitiesSql: t.identitiesSql,
  },
  {
    id: `${t.id}_json`,
    source: t.source,
    label: `Microsoft Sentinel / Log Analytics ${t.tables} (JSON rows)`,
    sniff: (s) => s.csvHeader === null && !isQueryApiShape(s) && t.sniff(s),
    insertSql: (o) => t.insert(rebuilt(t, jsonRecords(o)), o),
    identitiesSql: t.identitiesSql,
  },
  {
    id: `${t.id}_api`,
    source: t.source,
    label: `Microsoft Sentinel / Log Analytics ${t.tables} (query API response)`,
    sniff: (s) => isQueryApiShape(s) && t.sniff(s),
    insertSql: (o) => t.insert(rebuilt(t, queryApiRows(jsonRecords(o))), o),
    identitiesSql: t.identitiesSql,
  },
]);
