/** Sigma logsource → the `events.source` values Trailmark's readers write. */
export interface Logsource {
  product?: string;
  service?: string;
  category?: string;
}

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
      return 'm365_ual';
    case 'kubernetes':
      return service === 'audit' ? 'k8s_audit' : null;
    default:
      return null;
  }
}

export function describeLogsource(ls: Logsource): string {
  return (['product', 'service', 'category'] as const)
    .filter((k) => ls[k] !== undefined)
    .map((k) => `${k}=${ls[k]}`)
    .join(', ');
}
