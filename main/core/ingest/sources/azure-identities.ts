import { classifySql, verdict } from '../../identity/classify';

/** A field of a raw record: Entra diagnostic exports wrap it in `properties`, Graph exports and the Activity Log don't. */
const raw = (path: string) => `coalesce(nullif(raw->>'$.properties.${path}', ''), nullif(raw->>'$.${path}', ''))`;
/** An Activity Log claim, at claims or identity.claims. */
const claim = (name: string) => `nullif(coalesce(raw->'claims', raw->'$.identity.claims')->>'$."${name}"', '')`;
const EVIDENCE_TYPE = `nullif(coalesce(raw->'$.authorization.evidence', raw->'$.identity.authorization.evidence')->>'principalType', '')`;
/** Counts over the identity's own records (not those where it impersonated someone in AKS, see k8s.ts). */
const count = (cond: string) => `count(*) FILTER (WHERE NOT via_other AND ${cond})`;
const signins = (category: string) => count(`actor_type = 'signin:${category}'`);
/** ", field = value" when the records carry the field, else nothing: a reason names only what is there. */
const opt = (field: string, value: string) => `coalesce(', ${field} = ' || ${value}, '')`;

/** The Activity Log records that name it only by authorization.evidence (no claims), counted apart. */
const EVIDENCE_NOTE = `CASE WHEN evidence_sp_n > idtyp_app_n THEN format('; authorization.evidence.principalType = ServicePrincipal ({} records)', evidence_sp_n) ELSE '' END`;

/**
 * Azure Activity, Entra audit, Entra sign-in and AKS audit events name one application by the same key
 * ('azure:sp:<service principal object id>') and users by their principal name, so they are classified together,
 * from counts over all of an identity's records: a managed identity's sign-ins make it a managed identity even when
 * most of its records are Activity Log calls. Every field, value and count in a reason is read from the records.
 */
export const AZURE_IDENTITIES_SQL = classifySql({
  sources: ['azure_activity', 'entra_signin', 'k8s_audit'],
  actors: `actor_uid LIKE 'azure:%'`,
  alsoAttributeTo: 'credential_uid',
  extraAgg: [
    `${signins('ManagedIdentitySignInLogs')} AS mi_signins`,
    `${signins('ServicePrincipalSignInLogs')} AS sp_signins`,
    `${signins('SignInLogs')} AS user_signins`,
    `${signins('NonInteractiveUserSignInLogs')} AS noninteractive_signins`,
    `${count(`actor_type LIKE 'signin:%'`)} AS all_signins`,
    `${count(`actor_type LIKE 'signin:%' AND interactive`)} AS interactive_signins`,
    `${count(`actor_type = 'activity:managed_identity'`)} AS mirid_n`,
    `${count(`actor_type = 'activity:app'`)} AS activity_app_n`,
    `${count(`actor_type = 'activity:app' AND ${claim('idtyp')} = 'app'`)} AS idtyp_app_n`,
    `${count(`actor_type = 'activity:app' AND ${EVIDENCE_TYPE} = 'ServicePrincipal'`)} AS evidence_sp_n`,
    `${count(`actor_type = 'audit:app'`)} AS audit_app_n`,
    `${count(`actor_type = 'activity:user'`)} AS activity_user_n`,
    `${count(`actor_type = 'audit:user'`)} AS audit_user_n`,
    `${count(`source = 'k8s_audit'`)} AS aks_n`,
    `mode(${raw('servicePrincipalId')}) FILTER (WHERE actor_type LIKE 'signin:%') AS sp_id`,
    `mode(${raw('managedIdentityType')}) AS mi_type`,
    `mode(${raw('servicePrincipalCredentialKeyId')}) AS sp_key`,
    `mode(${raw('userPrincipalName')}) FILTER (WHERE actor_type LIKE 'signin:%') AS signin_upn`,
    `mode(${claim('xms_mirid')}) AS mirid`,
    `mode(${claim('appid')}) FILTER (WHERE actor_type = 'activity:app') AS claims_appid`,
    `mode(${raw('initiatedBy.app.appId')}) FILTER (WHERE actor_type = 'audit:app') AS audit_app_id`,
    `mode(${raw('initiatedBy.app.servicePrincipalId')}) FILTER (WHERE actor_type = 'audit:app') AS audit_sp_id`,
    `mode(${raw('initiatedBy.user.userPrincipalName')}) FILTER (WHERE actor_type = 'audit:user') AS audit_upn`,
    `mode(nullif(raw->>'caller', '')) FILTER (WHERE actor_type = 'activity:user') AS caller`,
    `mode(coalesce(${claim('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn')}, ${claim('upn')})) FILTER (WHERE actor_type = 'activity:user') AS claims_upn`,
    `mode(${claim('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name')}) FILTER (WHERE actor_type = 'activity:user') AS claims_name`,
    `mode(actor_name) FILTER (WHERE source = 'k8s_audit' AND NOT via_other) AS aks_user`,
    `mode(raw->>'$.user.username') FILTER (WHERE via_other) AS impersonator`,
  ],
  verdict: `CASE
    WHEN mi_signins > 0 THEN ${verdict('machine', 'azure_managed_identity', `format('category = ManagedIdentitySignInLogs ({} sign-ins), servicePrincipalId = {}{}: a managed identity, credentials held by Azure for a resource', mi_signins, sp_id, ${opt('managedIdentityType', 'mi_type')})`)}
    WHEN mirid_n > 0 THEN ${verdict('machine', 'azure_managed_identity', `format('claims.xms_mirid = {} ({} Activity Log records): the caller is a managed identity of that resource', mirid, mirid_n)`)}
    WHEN sp_signins > 0 THEN ${verdict('machine', 'azure_service_principal', `format('category = ServicePrincipalSignInLogs ({} sign-ins), servicePrincipalId = {}{}: an application signing in with its own secret or certificate', sp_signins, sp_id, ${opt('servicePrincipalCredentialKeyId', 'sp_key')})`)}
    WHEN idtyp_app_n > 0 THEN ${verdict('machine', 'azure_service_principal', `format('claims.idtyp = app ({} Activity Log records){}{}: a service principal calling Azure Resource Manager', idtyp_app_n, ${opt('claims.appid', 'claims_appid')}, ${EVIDENCE_NOTE})`)}
    WHEN evidence_sp_n > 0 THEN ${verdict('machine', 'azure_service_principal', `format('authorization.evidence.principalType = ServicePrincipal ({} Activity Log records): a service principal calling Azure Resource Manager', evidence_sp_n)`)}
    WHEN activity_app_n > 0 THEN ${verdict('machine', 'azure_service_principal', `format('claims.appid = {} with no upn claim and a caller that is not a principal name ({} Activity Log records): an application''s own token', claims_appid, activity_app_n)`)}
    WHEN audit_app_n > 0 AND audit_app_id IS NOT NULL THEN ${verdict('machine', 'azure_service_principal', `format('initiatedBy.app.appId = {} ({} audit records): a directory change made by an application', audit_app_id, audit_app_n)`)}
    WHEN audit_app_n > 0 THEN ${verdict('machine', 'azure_service_principal', `format('initiatedBy.app.servicePrincipalId = {} ({} audit records; initiatedBy.app.appId is not given): a directory change made by an application', audit_sp_id, audit_app_n)`)}
    WHEN interactive_signins > 0 THEN ${verdict('human', 'person', `format('isInteractive = true ({} of {} sign-ins): a person signing in', interactive_signins, all_signins)`)}
    WHEN user_signins > 0 THEN ${verdict('human', 'person', `format('category = SignInLogs ({} sign-ins), userPrincipalName = {}: a user''s own sign-ins (isInteractive is not true in any)', user_signins, signin_upn)`)}
    WHEN noninteractive_signins > 0 THEN ${verdict('human', 'person', `format('category = NonInteractiveUserSignInLogs ({} sign-ins), userPrincipalName = {}: token refreshes of a person''s session by a client app', noninteractive_signins, signin_upn)`)}
    WHEN audit_user_n > 0 AND contains(coalesce(audit_upn, ''), '@') THEN ${verdict('human', 'person', `format('initiatedBy.user.userPrincipalName = {} ({} audit records): a person''s account', audit_upn, audit_user_n)`)}
    WHEN activity_user_n > 0 AND contains(coalesce(caller, ''), '@') THEN ${verdict('human', 'person', `format('caller = {} ({} Activity Log records): a user principal name, a person''s account', caller, activity_user_n)`)}
    WHEN activity_user_n > 0 AND contains(coalesce(claims_upn, ''), '@') THEN ${verdict('human', 'person', `format('claims.upn = {} ({} Activity Log records): a user principal name, a person''s account', claims_upn, activity_user_n)`)}
    WHEN activity_user_n > 0 AND contains(coalesce(claims_name, ''), '@') THEN ${verdict('human', 'person', `format('claims.name = {} ({} Activity Log records): a user principal name, a person''s account', claims_name, activity_user_n)`)}
    WHEN aks_n > 0 AND contains(coalesce(aks_user, ''), '@') THEN ${verdict('human', 'person', `format('user.username = {} ({} AKS audit records): an Entra user principal name, a person''s account', aks_user, aks_n)`)}
    WHEN via_other_n > 0 AND contains(coalesce(impersonator, ''), '@') THEN ${verdict('human', 'person', `format('user.username = {} ({} AKS audit records in which it impersonated another user): an Entra user principal name, a person''s account', impersonator, via_other_n)`)}
    ELSE ${verdict('unknown', 'unknown', `format('{}: {} records ({}) and nothing in them tells a person from a program', actor_uid, n, coalesce(actor_type, 'no type'))`)}
  END`,
});
