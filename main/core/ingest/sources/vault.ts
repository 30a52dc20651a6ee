import { classifySql, verdict } from '../../identity/classify';
import { insertEventsSql } from './normalize';
import { jsonRecords, utc } from './readers';
import type { LogFormatDef, ReadOptions } from './types';

const q = (k: string) => `nullif(j->>'$.${k}', '')`;
const DISPLAY = q('auth.display_name');
/** The auth method, from the token's display name prefix (approle, kubernetes-ns-sa, jwt-sub, oidc-sub, token-name). */
const METHOD = `CASE
  WHEN ${DISPLAY} IS NOT NULL THEN lower(regexp_extract(${DISPLAY}, '^([A-Za-z]+)', 1))
  WHEN ${q('auth.metadata.role_name')} IS NOT NULL THEN 'approle'
  WHEN ${q('auth.metadata.service_account_name')} IS NOT NULL THEN 'kubernetes'
  WHEN coalesce(${q('auth.accessor')}, ${q('request.client_token')}) IS NOT NULL THEN 'token' END`;

/**
 * One event per audit line: a request and its response are two records (the response carries the outcome); both
 * have the same request.id in session_uid, so a pair is one query away. Values Vault HMAC'd stay as they are.
 */
function insertSql(o: ReadOptions): string {
  return insertEventsSql('vault_audit', jsonRecords(o), {
    time: utc(q('time')),
    api_operation: `coalesce(${q('request.operation')}, ${q('type')})`,
    api_service: `coalesce(${q('request.mount_type')}, split_part(${q('request.path')}, '/', 1))`,
    resource_uid: q('request.path'),
    resource_type: `'vault ' || coalesce(${q('type')}, 'record')`,
    outcome: `CASE WHEN ${q('error')} IS NOT NULL THEN 'failure' WHEN ${q('type')} = 'response' THEN 'success' END`,
    error_code: q('error'),
    src_ip: q('request.remote_address'),
    user_agent: `(j->'request'->'headers'->'user-agent'->>0)`,
    account_uid: q('request.namespace.id'),
    actor_uid: `'vault:' || coalesce(${q('auth.entity_id')}, ${DISPLAY}, ${q('auth.accessor')}, ${q('auth.client_token')}, ${q('request.client_token_accessor')}, ${q('request.client_token')})`,
    actor_name: `coalesce(${DISPLAY}, ${q('auth.metadata.role_name')}, ${q('auth.entity_id')}, ${q('auth.accessor')}, ${q('request.client_token')})`,
    actor_type: METHOD,
    credential_uid: `coalesce(${q('auth.accessor')}, ${q('request.client_token_accessor')}, ${q('request.client_token')})`,
    session_uid: q('request.id'),
  });
}

export const VAULT_IDENTITIES_SQL = classifySql({
  sources: ['vault_audit'],
  extraAgg: [
    `mode(raw->>'$.auth.metadata.role_name') AS role_name`,
    `mode(raw->>'$.auth.metadata.service_account_name') AS sa_name`,
    `mode(raw->>'$.auth.metadata.service_account_namespace') AS sa_ns`,
  ],
  verdict: `CASE
    WHEN actor_type = 'approle' THEN ${verdict('machine', 'vault_approle', `format('auth.display_name = {}, metadata.role_name = {}: AppRole login, a role id and secret id held by a program', name, coalesce(role_name, '?'))`)}
    WHEN actor_type = 'kubernetes' THEN ${verdict('machine', 'vault_kubernetes', `format('auth.display_name = {} (metadata.service_account_name = {}, namespace {}): Kubernetes auth, a pod''s service account token', name, coalesce(sa_name, '?'), coalesce(sa_ns, '?'))`)}
    WHEN actor_type = 'jwt' THEN ${verdict('machine', 'vault_jwt', `format('auth.display_name = {}: JWT auth, a workload''s or CI job''s signed token (metadata.role_name = {})', name, coalesce(role_name, '?'))`)}
    WHEN actor_type IN ('aws', 'gcp', 'azure', 'cert', 'nomad') THEN {'c': 'machine', 'k': 'vault_' || actor_type, 'r': format('auth.display_name = {}: {} auth, a cloud or workload identity', name, actor_type)}
    WHEN actor_type = 'root' THEN ${verdict('unknown', 'vault_token', `format('auth.display_name = {}: the root token, used by operators and bootstrap scripts alike', name)`)}
    WHEN actor_type = 'token' THEN ${verdict('machine', 'vault_token', `format('auth.display_name = {}: a token issued directly (token auth, no login method), as handed to programs (accessor {})', coalesce(name, 'none'), coalesce(top_credential, '?'))`)}
    WHEN actor_type IN ('oidc', 'userpass', 'ldap', 'okta', 'github', 'radius') THEN ${verdict('human', 'person', `format('auth.display_name = {}: {} login, a person signing in', name, actor_type)`)}
    ELSE ${verdict('unknown', 'unknown', `format('auth.display_name = {}: not enough to tell a person from a program', coalesce(name, 'none'))`)}
  END`,
});

export const VAULT_AUDIT: LogFormatDef = {
  id: 'vault_audit',
  source: 'vault_audit',
  label: 'HashiCorp Vault audit device (request/response pairs)',
  sniff: ({ text }) => /"type"\s*:\s*"(request|response)"/.test(text) && /"(auth|request)"\s*:\s*\{/.test(text),
  insertSql,
  identitiesSql: VAULT_IDENTITIES_SQL,
};
