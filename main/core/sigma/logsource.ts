import { param, sql, type Sql } from '../db/sql';

/** A Sigma logsource as a rule writes it. */
export interface Logsource {
  product?: string;
  service?: string;
  category?: string;
}

/**
 * The events one Sigma logsource reads. Several logsources can share an `events.source`: Entra audit records are
 * stored as `azure_activity` beside the Azure Activity Log, told apart by the format their file was read with.
 * `raw` is the record as the rules see it: the stored record, plus derived fields where the rules' field names
 * have no counterpart in the vendor JSON.
 */
export interface EventSet {
  /** Stable key, also what the field mapping (fieldCandidates) is chosen by. */
  key: string;
  /** `product/service` as rules write it, for messages. */
  label: string;
  where: Sql;
  raw: Sql;
}

const ENTRA_AUDIT_FILES = sql`evidence_id IN (SELECT evidence_id FROM evidence_files WHERE format = ${param('entra_audit')})`;
const RAW = sql`raw`;
const ofSource = (source: string): Sql => sql`source = ${param(source)}`;

/**
 * M365 `threat_management` rules come from Elastic's o365 module (event.provider / rule.name / event.outcome).
 * Their `status` is the outcome Trailmark read from the record (ResultStatus Succeeded → success); eventSource and
 * eventName are mapped onto Workload and the alert's Name by fieldCandidates.
 */
const M365_OUTCOME = sql`CAST(json_merge_patch(raw, json_object('status', CASE outcome WHEN 'unknown' THEN NULL ELSE outcome END)) AS VARCHAR)`;

const SETS: Record<string, EventSet> = {
  cloudtrail: { key: 'cloudtrail', label: 'aws/cloudtrail', where: ofSource('cloudtrail'), raw: RAW },
  azure_activity: {
    key: 'azure_activity',
    label: 'azure/activitylogs',
    where: sql`(source = ${param('azure_activity')} AND NOT ${ENTRA_AUDIT_FILES})`,
    raw: RAW,
  },
  entra_audit: {
    key: 'entra_audit',
    label: 'azure/auditlogs',
    where: sql`(source = ${param('azure_activity')} AND ${ENTRA_AUDIT_FILES})`,
    raw: RAW,
  },
  entra_signin: { key: 'entra_signin', label: 'azure/signinlogs', where: ofSource('entra_signin'), raw: RAW },
  gcp_audit: { key: 'gcp_audit', label: 'gcp/gcp.audit', where: ofSource('gcp_audit'), raw: RAW },
  github_audit: { key: 'github_audit', label: 'github/audit', where: ofSource('github_audit'), raw: RAW },
  okta: { key: 'okta', label: 'okta/okta', where: ofSource('okta'), raw: RAW },
  m365_ual: { key: 'm365_ual', label: 'm365/audit', where: ofSource('m365_ual'), raw: RAW },
  m365_threat_management: {
    key: 'm365_threat_management',
    label: 'm365/threat_management',
    where: ofSource('m365_ual'),
    raw: M365_OUTCOME,
  },
  k8s_audit: { key: 'k8s_audit', label: 'kubernetes/audit', where: ofSource('k8s_audit'), raw: RAW },
};

/** The key of the event set a logsource reads, or null when Trailmark reads no such log. */
export function mapLogsource(ls: Logsource): string | null {
  const product = ls.product?.toLowerCase();
  const service = ls.service?.toLowerCase();
  switch (product) {
    case 'aws':
      return service === 'cloudtrail' ? 'cloudtrail' : null;
    case 'azure':
      return service === 'activitylogs'
        ? 'azure_activity'
        : service === 'signinlogs'
          ? 'entra_signin'
          : service === 'auditlogs'
            ? 'entra_audit'
            : null;
    case 'gcp':
      return service === 'gcp.audit' ? 'gcp_audit' : null;
    case 'github':
      return service === 'audit' ? 'github_audit' : null;
    case 'okta':
      return service === 'okta' ? 'okta' : null;
    case 'm365':
      return service === 'threat_management' ? 'm365_threat_management' : 'm365_ual';
    case 'kubernetes':
      return service === 'audit' ? 'k8s_audit' : null;
    default:
      return null;
  }
}

export function eventSet(key: string): EventSet {
  const set = SETS[key];
  if (!set) throw new Error(`no Sigma event set "${key}"`);
  return set;
}

/** The events of a set as (event_uid, time, actor_uid, raw), raw as the rules see it. */
export function eventRows(key: string): Sql {
  const s = eventSet(key);
  return sql`(SELECT event_uid, time, actor_uid, ${s.raw} AS raw FROM events WHERE ${s.where})`;
}

export function describeLogsource(ls: Logsource): string {
  return (['product', 'service', 'category'] as const)
    .filter((k) => ls[k] !== undefined)
    .map((k) => `${k}=${ls[k]}`)
    .join(', ');
}
