import type { Sql } from '../../db/sql';
import { classifySql, verdict } from '../../identity/classify';
import { insertEventsSql, targetList } from './normalize';
import { jsonRecords, utc } from './readers';
import type { LogFormatDef, ReadOptions, TargetsRule } from './types';

const q = (k: string) => `nullif(j->>'$.${k}', '')`;
const DISPLAY = q('auth.display_name');
/** The auth method, from the token's display name prefix (approle, kubernetes-ns-sa, jwt-sub, oidc-sub, token-name). */
const METHOD = `CASE
  WHEN ${DISPLAY} IS NOT NULL THEN lower(regexp_extract(${DISPLAY}, '^([A-Za-z]+)', 1))
  WHEN ${q('auth.metadata.role_name')} IS NOT NULL THEN 'approle'
  WHEN ${q('auth.metadata.service_account_name')} IS NOT NULL THEN 'kubernetes'
  WHEN ${q('auth.accessor')} IS NOT NULL OR ${q('auth.entity_id')} IS NOT NULL THEN 'token'
  WHEN coalesce(${q('request.client_token_accessor')}, ${q('request.client_token')}) IS NOT NULL THEN 'bare_token' END`;
/**
 * Who: the entity Vault resolved the login to; without one, an AppRole by its role_name (every AppRole token has the
 * display name "approle", so that name would put all roles on one identity), else the token's display name,
 * accessor, or the (HMAC'd) client token itself.
 */
const APPROLE = `CASE WHEN ${METHOD} = 'approle' AND ${q('auth.metadata.role_name')} IS NOT NULL THEN 'approle:' || ${q('auth.metadata.role_name')} END`;

/** The path a request acted on (secret/data/payments/db, auth/approle/login, sys/policies/acl/...). */
const TARGETS: TargetsRule = {
  sources: ['vault_audit'],
  when: `(rec->'request') IS NOT NULL`,
  errorMessage: `j->>'$.error'`,
  sql: targetList([q('request.path')]),
};

/**
 * One event per audit line: a request and its response are two records (the response carries the outcome); both
 * have the same request.id in session_uid, so a pair is one query away. Values Vault HMAC'd stay as they are.
 */
function insertSql(o: ReadOptions): Sql {
  return insertEventsSql('vault_audit', jsonRecords(o), {
    time: utc(q('time')),
    api_operation: `coalesce(${q('request.operation')}, ${q('type')})`,
    api_service: `coalesce(${q('request.mount_type')}, split_part(${q('request.path')}, '/', 1))`,
    resource_uid: q('request.path'),
    resource_type: `'vault ' || coalesce(${q('type')}, 'record')`,
    targets: TARGETS.sql,
    error_message: TARGETS.errorMessage,
    outcome: `CASE WHEN ${q('error')} IS NOT NULL THEN 'failure' WHEN ${q('type')} = 'response' THEN 'success' END`,
    error_code: q('error'),
    src_ip: q('request.remote_address'),
    user_agent: `(j->'request'->'headers'->'user-agent'->>0)`,
    account_uid: q('request.namespace.id'),
    actor_uid: `'vault:' || coalesce(${q('auth.entity_id')}, ${APPROLE}, ${DISPLAY}, ${q('auth.accessor')}, ${q('auth.client_token')}, ${q('request.client_token_accessor')}, ${q('request.client_token')})`,
    actor_name: `coalesce(${DISPLAY}, ${q('auth.metadata.role_name')}, ${q('auth.entity_id')}, ${q('auth.accessor')}, ${q('request.client_token')})`,
    actor_type: METHOD,
    credential_uid: `coalesce(${q('auth.accessor')}, ${q('request.client_token_accessor')}, ${q('request.client_token')})`,
    session_uid: q('request.id'),
  });
}

const meta = (k: string) => `mode(nullif(raw->>'$.auth.metadata.${k}', ''))`;
/** ", field = value" when the records carry the field, else nothing: a reason names only what is there. */
const opt = (field: string, value: string) => `coalesce(', ' || '${field} = ' || ${value}, '')`;

export const VAULT_IDENTITIES_SQL = classifySql({
  sources: ['vault_audit'],
  extraAgg: [
    `${meta('role_name')} AS role_name`,
    `${meta('role')} AS role`,
    `${meta('service_account_name')} AS sa_name`,
    `${meta('service_account_namespace')} AS sa_ns`,
    `mode(nullif(raw->>'$.auth.display_name', '')) AS display_name`,
    `mode(nullif(raw->>'$.auth.token_type', '')) AS token_type`,
    `mode(nullif(raw->>'$.request.client_token', '')) AS client_token`,
  ],
  verdict: `CASE
    WHEN actor_type = 'approle' THEN ${verdict('machine', 'vault_approle', `format('auth.display_name = {}{}: AppRole login, a role id and secret id held by a program', display_name, ${opt('metadata.role_name', 'role_name')})`)}
    WHEN actor_type = 'kubernetes' THEN ${verdict('machine', 'vault_kubernetes', `format('auth.display_name = {}{}{}: Kubernetes auth, a pod''s service account token', display_name, ${opt('metadata.service_account_name', 'sa_name')}, ${opt('metadata.service_account_namespace', 'sa_ns')})`)}
    WHEN actor_type = 'jwt' THEN ${verdict('machine', 'vault_jwt', `format('auth.display_name = {}{}: JWT auth, a workload''s or CI job''s signed token', display_name, ${opt('metadata.role', 'role')})`)}
    WHEN actor_type IN ('aws', 'gcp', 'azure', 'cert', 'nomad') THEN {'c': 'machine', 'k': 'vault_' || actor_type, 'r': format('auth.display_name = {}: {} auth, a cloud or workload identity', display_name, actor_type)}
    WHEN actor_type = 'root' THEN ${verdict('unknown', 'vault_token', `format('auth.display_name = {}: the root token, used by operators and bootstrap scripts alike', display_name)`)}
    WHEN actor_type = 'token' THEN ${verdict('machine', 'vault_token', `format('{}: a token issued directly (token auth, no login method), as handed to programs', coalesce('auth.display_name = ' || display_name, 'auth.accessor = ' || top_credential))`)}
    WHEN actor_type IN ('oidc', 'userpass', 'ldap', 'okta', 'github', 'radius') THEN ${verdict('human', 'person', `format('auth.display_name = {}{}: {} login, a person signing in', display_name, ${opt('metadata.role', 'role')}, actor_type)`)}
    WHEN actor_type = 'bare_token' THEN ${verdict('unknown', 'vault_token', `format('request.client_token = {}{}: the records carry no auth.display_name, accessor or entity, so nothing tells who holds the token', client_token, ${opt('auth.token_type', 'token_type')})`)}
    ELSE ${verdict('unknown', 'unknown', `format('{} ({} records): no auth method or display name to tell a person from a program', actor_uid, n)`)}
  END`,
});

export const VAULT_AUDIT: LogFormatDef = {
  id: 'vault_audit',
  source: 'vault_audit',
  label: 'HashiCorp Vault audit device (request/response pairs)',
  sniff: ({ text }) => /"type"\s*:\s*"(request|response)"/.test(text) && /"(auth|request)"\s*:\s*\{/.test(text),
  insertSql,
  targets: TARGETS,
  identitiesSql: VAULT_IDENTITIES_SQL,
};
