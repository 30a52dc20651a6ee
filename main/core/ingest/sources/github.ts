import type { Sql } from '../../db/sql';
import { classifySql, verdict } from '../../identity/classify';
import { insertEventsSql, targetList } from './normalize';
import { csvRecords, utc, jsonRecords } from './readers';
import type { LogFormatDef, ReadOptions, TargetsRule } from './types';

const q = (k: string) => `nullif(j->>'$.${k}', '')`;
const ACCESS = q('programmatic_access_type');
const TOKEN = `coalesce(${q('token_id')}, ${q('hashed_token')})`;
/**
 * An event done WITH a token (api.request, git pushes through a PAT...) is the token's, not the person's: tokens
 * are the machine identities GitHub has. Events that manage a token (personal_access_token.create...) name it as
 * their subject while a person acts, so they stay with the actor.
 */
const BY_TOKEN = `(${TOKEN} IS NOT NULL AND NOT regexp_matches(coalesce(${q('action')}, ''), '^(personal_access_token|oauth_access|oauth_authorization|programmatic_access)\\.')
  AND NOT coalesce(${q('actor')}, '') LIKE '%[bot]')`;

/**
 * The repository, then the user and team acted on (org.add_member's user, team.add_repository's team), then what
 * the token or app an action on one names (personal_access_token.*, oauth_application.*, integration_installation.*);
 * a request merely made with a token names it as its credential, not its target.
 */
const TARGETS: TargetsRule = {
  sources: ['github_audit'],
  when: `(rec->'action') IS NOT NULL`,
  sql: targetList([
    `coalesce(${q('repo')}, ${q('repository')})`,
    q('user'),
    q('team'),
    `CASE WHEN regexp_matches(${q('action')}, '^(personal_access_token|programmatic_access)\\.') THEN ${q('programmatic_access_name')}
      WHEN regexp_matches(${q('action')}, '^oauth_(application|access|authorization)\\.') THEN ${q('oauth_application_name')}
      WHEN regexp_matches(${q('action')}, '^integration') THEN coalesce(${q('integration')}, ${q('name')}) END`,
  ]),
};

function insertFrom(read: (o: ReadOptions) => Sql) {
  return (o: ReadOptions) =>
    insertEventsSql('github_audit', read(o), {
      time: utc(`coalesce(${q('"@timestamp"')}, ${q('created_at')}, ${q('timestamp')})`),
      api_operation: q('action'),
      api_service: `split_part(${q('action')}, '.', 1)`,
      resource_uid: `coalesce(${q('repo')}, ${q('repository')}, ${q('org')}, ${q('business')}, ${q('user')})`,
      targets: TARGETS.sql,
      resource_type: `CASE WHEN ${q('repo')} IS NOT NULL OR ${q('repository')} IS NOT NULL THEN 'repository'
        WHEN ${q('org')} IS NOT NULL THEN 'organization' WHEN ${q('business')} IS NOT NULL THEN 'enterprise' END`,
      outcome: `CASE WHEN try_cast(${q('status_code')} AS INTEGER) >= 400 THEN 'failure' ELSE 'success' END`,
      error_code: `CASE WHEN try_cast(${q('status_code')} AS INTEGER) >= 400 THEN ${q('status_code')} END`,
      src_ip: q('actor_ip'),
      user_agent: q('user_agent'),
      region: q('actor_location.country_code'),
      account_uid: `coalesce(${q('org')}, ${q('business')})`,
      actor_uid: `CASE WHEN ${BY_TOKEN} THEN 'github:token:' || ${TOKEN} ELSE 'github:' || coalesce(${q('actor')}, ${q('actor_id')}) END`,
      actor_name: `CASE WHEN ${BY_TOKEN} THEN coalesce(${q('actor')}, '?') || ' via ' || coalesce(${q('user_programmatic_access_name')}, ${q('oauth_application_name')}, 'token ' || ${TOKEN}) ELSE ${q('actor')} END`,
      actor_type: `CASE WHEN ${BY_TOKEN} THEN coalesce(${ACCESS}, CASE WHEN ${q('oauth_application_id')} IS NOT NULL THEN 'OAuth access token' WHEN ${q('token_scopes')} IS NOT NULL THEN 'token_scopes' ELSE 'token' END)
        WHEN coalesce(${q('actor')}, '') LIKE '%[bot]' AND ${ACCESS} LIKE 'GitHub App%' THEN ${ACCESS}
        WHEN coalesce(${q('actor')}, '') LIKE '%[bot]' THEN 'bot' WHEN ${q('actor_is_bot')} = 'true' THEN 'actor_is_bot' ELSE 'user' END`,
      interactive: `coalesce(${q('user_agent')}, '') LIKE 'Mozilla/%'`,
      credential_uid: TOKEN,
      session_uid: q('request_id'),
    });
}

const ACCESS_AGG = `mode(coalesce(raw->>'programmatic_access_type', (raw->>'oauth_application_name'), (raw->>'token_scopes'))) AS access_detail`;
/**
 * The fields that name the token, both when the records carry both: token_id and hashed_token (a token keyed by its
 * hashed_token alone is merged into its token_id once a record shows both, identity/resolve-github.ts).
 */
const TOKEN_AGG = `nullif(concat_ws(' and ', 'token_id ' || mode(nullif(raw->>'$.token_id', '')),
  'hashed_token ' || mode(nullif(raw->>'$.hashed_token', '')) || CASE WHEN count(DISTINCT nullif(raw->>'$.hashed_token', '')) > 1
    THEN ' (and ' || (count(DISTINCT nullif(raw->>'$.hashed_token', '')) - 1) || ' other)' ELSE '' END), '') AS token_fields`;

export const GITHUB_IDENTITIES_SQL = classifySql({
  sources: ['github_audit'],
  extraAgg: [ACCESS_AGG, TOKEN_AGG, `mode(raw->>'oauth_application_name') AS oauth_app`],
  verdict: `CASE
    WHEN actor_type = 'GitHub App server-to-server token' THEN ${verdict('machine', 'github_app', `format('programmatic_access_type = GitHub App server-to-server token, {}: a GitHub App installation acting on its own', coalesce(token_fields, 'token not named'))`)}
    WHEN actor_type = 'GitHub App user-to-server token' THEN ${verdict('machine', 'github_app', `format('programmatic_access_type = GitHub App user-to-server token, {}: a GitHub App acting for a user', coalesce(token_fields, 'token not named'))`)}
    WHEN actor_type = 'OAuth access token' THEN ${verdict('machine', 'github_oauth_app', `format('programmatic_access_type = OAuth access token (OAuth app {}), {}: an OAuth app acting for a user', coalesce(oauth_app, '?'), coalesce(token_fields, 'token ' || top_credential))`)}
    WHEN actor_type ILIKE '%personal access token%' THEN ${verdict('machine', 'github_token', `format('programmatic_access_type = {}, {}: requests made with a personal access token, i.e. a script or tool', actor_type, coalesce(token_fields, 'token ' || top_credential))`)}
    WHEN actor_type IN ('token_scopes', 'token') THEN ${verdict('machine', 'github_token', `format('{} (token_scopes = {}): requests made with a classic personal access token or OAuth token', coalesce(token_fields, 'token ' || top_credential), coalesce(access_detail, 'none'))`)}
    WHEN actor_type = 'bot' THEN ${verdict('machine', 'github_bot', `format('actor = {}: the [bot] suffix marks a GitHub App''s bot account', name)`)}
    WHEN actor_type = 'actor_is_bot' THEN ${verdict('machine', 'github_bot', `format('actor_is_bot = true for actor {}', name)`)}
    WHEN interactive_n > 0 THEN ${verdict('human', 'person', `format('actor = {}: a user account, and {} of {} events came from a browser (user_agent)', name, interactive_n, n)`)}
    ELSE ${verdict('unknown', 'github_user', `format('actor = {}: a user account, and none of its {} events came from a browser{}', name, n, coalesce(' (top user_agent = ' || top_ua || ')', ''))`)}
  END`,
});

const GITHUB_KEYS = /"action"\s*:/;
export const GITHUB_JSON: LogFormatDef = {
  id: 'github_audit',
  source: 'github_audit',
  label: 'GitHub audit log (JSON export or streaming)',
  sniff: ({ text }) =>
    GITHUB_KEYS.test(text) &&
    /"actor"\s*:/.test(text) &&
    /"(@timestamp|created_at)"\s*:/.test(text) &&
    !/"eventType"\s*:/.test(text),
  insertSql: insertFrom((o) => jsonRecords(o)),
  targets: TARGETS,
  identitiesSql: GITHUB_IDENTITIES_SQL,
};

export const GITHUB_CSV: LogFormatDef = {
  id: 'github_audit_csv',
  source: 'github_audit',
  label: 'GitHub audit log (CSV export)',
  sniff: ({ csvHeader }) =>
    csvHeader !== null &&
    csvHeader.includes('action') &&
    csvHeader.includes('actor') &&
    (csvHeader.includes('@timestamp') || csvHeader.includes('created_at')),
  insertSql: insertFrom(csvRecords),
  targets: TARGETS,
  identitiesSql: GITHUB_IDENTITIES_SQL,
};
