import { classifySql, verdict } from '../../identity/classify';

/**
 * Azure Activity, Entra audit and Entra sign-in events name applications by the same app id ('azure:app:<appId>')
 * and users by UPN, so they are classified together. actor_type holds the record kind and the deciding category.
 */
export const AZURE_IDENTITIES_SQL = classifySql({
  sources: ['azure_activity', 'entra_signin'],
  extraAgg: [
    `mode(coalesce(raw->>'$.properties.servicePrincipalId', (raw->>'$.servicePrincipalId'))) AS sp_id`,
    `mode(coalesce(raw->>'$.properties.managedIdentityType', (raw->>'$.managedIdentityType'))) AS mi_type`,
    `mode(coalesce(raw->'claims', (raw->'$.identity.claims'))->>'xms_mirid') AS mirid`,
    `count(*) FILTER (WHERE actor_type LIKE 'signin:%' AND NOT interactive) AS noninteractive_n`,
  ],
  verdict: `CASE
    WHEN actor_type = 'signin:ManagedIdentitySignInLogs' THEN ${verdict('machine', 'azure_managed_identity', `format('category = ManagedIdentitySignInLogs, servicePrincipalId = {} (managedIdentityType = {}): a managed identity, credentials held by Azure for a resource', coalesce(sp_id, '?'), coalesce(mi_type, 'not given'))`)}
    WHEN actor_type = 'activity:managed_identity' THEN ${verdict('machine', 'azure_managed_identity', `format('claims.xms_mirid = {}: the caller is a managed identity of that resource', mirid)`)}
    WHEN actor_type = 'signin:ServicePrincipalSignInLogs' THEN ${verdict('machine', 'azure_service_principal', `format('category = ServicePrincipalSignInLogs, servicePrincipalId = {}: an application signing in with its own secret or certificate (credential {})', coalesce(sp_id, '?'), coalesce(top_credential, 'not given'))`)}
    WHEN actor_type = 'activity:app' THEN ${verdict('machine', 'azure_service_principal', `format('claims.appid = {} with claims.idtyp = app and no user principal name: a service principal calling Azure Resource Manager', regexp_replace(actor_uid, '^azure:app:', ''))`)}
    WHEN actor_type = 'audit:app' THEN ${verdict('machine', 'azure_service_principal', `format('initiatedBy.app.appId = {}: a directory change made by an application', regexp_replace(actor_uid, '^azure:app:', ''))`)}
    WHEN actor_type = 'signin:SignInLogs' OR interactive_n > 0 THEN ${verdict('human', 'person', `format('category = SignInLogs (isInteractive = true, {} sign-ins): a person signing in', interactive_n)`)}
    WHEN actor_type = 'signin:NonInteractiveUserSignInLogs' THEN ${verdict('human', 'person', `format('category = NonInteractiveUserSignInLogs, userPrincipalName = {}: token refreshes of a person''s session by a client app', name)`)}
    WHEN actor_type IN ('activity:user', 'audit:user') AND name LIKE '%@%' THEN ${verdict('human', 'person', `format('{} = {}: a user principal name, a person''s account', CASE WHEN actor_type = 'audit:user' THEN 'initiatedBy.user.userPrincipalName' ELSE 'caller' END, name)`)}
    ELSE ${verdict('unknown', 'unknown', `format('caller = {} ({}): not enough to tell a person from a program', coalesce(name, actor_uid), coalesce(actor_type, 'no type'))`)}
  END`,
});
