import type { Sql } from '../../db/sql';
import { classifySql, verdict } from '../../identity/classify';
import { insertEventsSql, targetList } from './normalize';
import { jsonRecords, utc } from './readers';
import type { LogFormatDef, ReadOptions, TargetsRule } from './types';

const q = (k: string) => `nullif(j->>'$.${k}', '')`;

/** Every entry of target[]: the user, app, group or policy acted on, by its login name, else its name or id. */
const TARGETS: TargetsRule = {
  sources: ['okta'],
  when: `(rec->'eventType') IS NOT NULL`,
  errorMessage: `j->>'$.outcome.reason'`,
  sql: targetList([
    {
      many: `list_transform(CAST(coalesce(j->'target', '[]') AS JSON[]),
        t -> coalesce(nullif(t->>'alternateId', ''), nullif(t->>'displayName', ''), nullif(t->>'id', '')))`,
    },
  ]),
};

function insertSql(o: ReadOptions): Sql {
  return insertEventsSql('okta', jsonRecords(o), {
    time: utc(q('published')),
    api_operation: q('eventType'),
    api_service: `split_part(${q('eventType')}, '.', 1)`,
    resource_uid: `coalesce(${q('target[0].alternateId')}, ${q('target[0].id')})`,
    resource_type: q('target[0].type'),
    targets: TARGETS.sql,
    error_message: TARGETS.errorMessage,
    outcome: `CASE upper(${q('outcome.result')}) WHEN 'SUCCESS' THEN 'success' WHEN 'ALLOW' THEN 'success'
      WHEN 'FAILURE' THEN 'failure' WHEN 'DENY' THEN 'failure' END`,
    error_code: `CASE WHEN upper(${q('outcome.result')}) IN ('FAILURE', 'DENY') THEN coalesce(${q('outcome.reason')}, ${q('outcome.result')}) END`,
    src_ip: `coalesce(${q('client.ipAddress')}, ${q('request.ipChain[0].ip')})`,
    user_agent: q('client.userAgent.rawUserAgent'),
    region: q('client.geographicalContext.country'),
    account_uid: `regexp_extract(${q('debugContext.debugData.url')}, '^https?://([^/]+)', 1)`,
    actor_uid: `'okta:' || coalesce(${q('actor.id')}, ${q('actor.alternateId')})`,
    actor_name: `coalesce(${q('actor.alternateId')}, ${q('actor.displayName')}, ${q('actor.id')})`,
    actor_type: q('actor.type'),
    interactive: `coalesce(${q('client.userAgent.rawUserAgent')}, '') LIKE 'Mozilla/%'`,
    credential_uid: `coalesce(${q('authenticationContext.credentialType')}, ${q('debugContext.debugData.clientId')})`,
    session_uid: `coalesce(${q('authenticationContext.externalSessionId')}, ${q('transaction.id')})`,
  });
}

export const OKTA_IDENTITIES_SQL = classifySql({
  sources: ['okta'],
  verdict: `CASE
    WHEN actor_type IN ('PublicClientApp', 'AppInstance', 'Application', 'Client', 'ClientApp') THEN ${verdict('machine', 'okta_app', `format('actor.type = {} ({}): an application or OAuth client acting with its own credentials', actor_type, name)`)}
    WHEN actor_type = 'SystemPrincipal' THEN ${verdict('machine', 'okta_system', `format('actor.type = SystemPrincipal ({}): Okta itself acting (scheduled jobs, automations, system processes)', name)`)}
    WHEN actor_type = 'User' THEN ${verdict('human', 'person', `format('actor.type = User ({}): an Okta user account', name)`)}
    ELSE ${verdict('unknown', 'unknown', `format('actor.type = {}: not enough to tell a person from a program', coalesce(actor_type, 'missing'))`)}
  END`,
});

export const OKTA: LogFormatDef = {
  id: 'okta_system',
  source: 'okta',
  label: 'Okta System Log (LogEvent)',
  sniff: ({ text }) => /"eventType"\s*:/.test(text) && /"actor"\s*:/.test(text) && /"published"\s*:/.test(text),
  insertSql,
  targets: TARGETS,
  identitiesSql: OKTA_IDENTITIES_SQL,
};
