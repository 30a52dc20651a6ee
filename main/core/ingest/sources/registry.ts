import type { Source } from '../../../../shared/model';
import { CLOUDTRAIL_IDENTITIES_SQL } from '../../identity/cloudtrail-classify';
import { CLOUDTRAIL_FORMATS } from '../cloudtrail/formats';
import { wrappedFormatById } from '../envelopes/wrapped-formats';
import { searchCsvFormats } from '../exports/search-csv';
import { SENTINEL_FORMATS } from '../exports/sentinel';
import { AZURE_ACTIVITY } from './azure-activity';
import { AZURE_IDENTITIES_SQL } from './azure-identities';
import { ENTRA_AUDIT, ENTRA_SIGNIN } from './entra';
import { GCP_AUDIT, GCP_IDENTITIES_SQL } from './gcp';
import { GENERIC_IDENTITIES_SQL } from './generic';
import { GITHUB_CSV, GITHUB_IDENTITIES_SQL, GITHUB_JSON } from './github';
import { K8S_AUDIT, K8S_IDENTITIES_SQL } from './k8s';
import { M365_CSV, M365_IDENTITIES_SQL, M365_JSON } from './m365';
import { OCSF_PARQUET } from './ocsf';
import { OKTA, OKTA_IDENTITIES_SQL } from './okta';
import type { LogFormatDef, TargetsRule } from './types';
import { VAULT_AUDIT, VAULT_IDENTITIES_SQL } from './vault';

/**
 * The native formats but CloudTrail's, in sniff order. More specific rules come first (k8s before GCP for GKE's
 * k8s.io entries, Entra before the Azure Activity Log).
 */
const OTHER_NATIVE_FORMATS: readonly LogFormatDef[] = [
  K8S_AUDIT,
  GCP_AUDIT,
  ENTRA_SIGNIN,
  ENTRA_AUDIT,
  AZURE_ACTIVITY,
  M365_JSON,
  M365_CSV,
  OKTA,
  VAULT_AUDIT,
  GITHUB_JSON,
  GITHUB_CSV,
  OCSF_PARQUET,
];

const NATIVE_FORMATS = [...CLOUDTRAIL_FORMATS, ...OTHER_NATIVE_FORMATS];

/**
 * Each native format's rule for what its calls acted on (exports and wrappers rebuild native records, so these
 * cover them), once each, those with the narrowest `when` first (Entra audit before the Activity Log it shares a
 * source with; OCSF before the sources its rows land in).
 */
export const TARGET_RULES: readonly TargetsRule[] = [
  ...new Set([OCSF_PARQUET, ...NATIVE_FORMATS].map((f) => f.targets).filter((r): r is TargetsRule => !!r)),
];

/**
 * Every format Trailmark recognises, in sniff order: the first whose rule matches a file's first bytes wins.
 * CloudTrail's come first (most files are CloudTrail's; no export's head matches their rules); then SIEM table
 * exports, recognised by their column names, before the native JSON rules (the OfficeActivity table's JSON rows
 * also match the Management API's); Splunk and Kibana CSV exports last, so a native CSV (GitHub's has an
 * @timestamp column) stays native.
 */
export const FORMATS: readonly LogFormatDef[] = [
  ...CLOUDTRAIL_FORMATS,
  ...SENTINEL_FORMATS,
  ...OTHER_NATIVE_FORMATS,
  ...searchCsvFormats(NATIVE_FORMATS),
];

const BY_ID = new Map(FORMATS.map((f) => [f.id, f]));
/** A format by its id, also a source's format inside a wrapper (`<envelope>+<format>`, envelopes/wrapped-formats.ts). */
export const formatById = (id: string): LogFormatDef | undefined =>
  BY_ID.get(id) ?? wrappedFormatById(id, (inner) => BY_ID.get(inner));

/** The classification to run for the events of each source (OCSF files may land in cloudtrail or generic). */
export const IDENTITIES_BY_SOURCE: Record<Source, string> = {
  cloudtrail: CLOUDTRAIL_IDENTITIES_SQL,
  k8s_audit: K8S_IDENTITIES_SQL,
  gcp_audit: GCP_IDENTITIES_SQL,
  azure_activity: AZURE_IDENTITIES_SQL,
  entra_signin: AZURE_IDENTITIES_SQL,
  m365_ual: M365_IDENTITIES_SQL,
  github_audit: GITHUB_IDENTITIES_SQL,
  okta: OKTA_IDENTITIES_SQL,
  vault_audit: VAULT_IDENTITIES_SQL,
  generic: GENERIC_IDENTITIES_SQL,
};
