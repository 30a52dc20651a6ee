import { IDENTITY_CENTER_USER_PREFIX, SSO_PERSON_PREFIX } from './aws-keys';
import { behaviourVerdict, nfmt } from './classify';

/**
 * Who is human and who is a machine, for CloudTrail identities, decided in SQL from what the identity's own
 * events show: the type fields first (root, AWS services, service-linked roles, SAML and web-identity federation,
 * instance profiles, Lambda execution roles, IAM Identity Center sessions), then the weight of its behaviour, console
 * against programmatic calls (classify.ts behaviourVerdict), so that a handful of console events never turns a
 * machine into a person. Every reason names the fields and the counts that decided it, computed from the
 * identity's records. Input: the temp table ingest_actors(actor_uid) of identities touched by this ingest; all
 * their events are re-aggregated, so a later file can change an earlier verdict. Copies of one call delivered to
 * several accounts (the same sharedEventID) count once.
 */
export const CLOUDTRAIL_IDENTITIES_SQL = `
INSERT OR REPLACE INTO identities
WITH members AS (
  SELECT l.group_uid, l.member_uid, l.first_seen, l.last_seen, l.event_count FROM identity_links l
  WHERE l.group_uid IN (SELECT actor_uid FROM ingest_actors)
)
SELECT group_uid, split_part(group_uid, '/', -1), 'cloudtrail', split_part(group_uid, ':', 5), 'human', 'iam_role',
  format('role name = {}: an IAM Identity Center permission set, used by people who signed in through SSO; {} events by {} people: {}',
    split_part(group_uid, '/', -1), ${nfmt('sum(event_count)')}, ${nfmt('count(*)')},
    string_agg(replace(member_uid, '${SSO_PERSON_PREFIX}', '') || ' (' || ${nfmt('event_count')} || ' events)', ', ' ORDER BY event_count DESC, member_uid)),
  min(first_seen), max(last_seen), sum(event_count)
FROM members GROUP BY group_uid;

INSERT OR REPLACE INTO identities
WITH ev AS NOT MATERIALIZED (
  SELECT actor_uid, actor_type, account_uid, time, shared_event_id, interactive, api_operation, user_agent,
    actor_name, session_uid
  FROM events WHERE source = 'cloudtrail' AND actor_uid IN (SELECT actor_uid FROM ingest_actors)
), base AS (
  SELECT
    actor_uid,
    mode(actor_type) AS actor_type,
    mode(account_uid) AS account_uid,
    min(time) AS first_seen,
    max(time) AS last_seen,
    count(*) - count(shared_event_id) + count(DISTINCT shared_event_id) AS n,
    count(*) FILTER (WHERE interactive) AS console_n,
    mode(user_agent) FILTER (WHERE NOT interactive) AS prog_ua,
    count(*) FILTER (WHERE user_agent LIKE '%exec-env/AWS_Lambda%') AS lambda_n,
    mode(actor_name) AS top_name
  FROM ev
  GROUP BY actor_uid
), console AS (
  -- the interactive side, from its own (few) events: per-event date arithmetic over every call cost seconds
  SELECT
    actor_uid,
    count(*) FILTER (WHERE api_operation = 'ConsoleLogin') AS console_logins,
    count(DISTINCT CAST(epoch_ms(time) // 86400000 AS BIGINT)) AS console_days,
    min(time) AS console_first,
    max(time) AS console_last,
    mode(user_agent) FILTER (WHERE api_operation <> 'ConsoleLogin') AS console_ua
  FROM ev WHERE interactive
  GROUP BY actor_uid
), agg AS (
  SELECT b.*, coalesce(c.console_logins, 0) AS console_logins, coalesce(c.console_days, 0) AS console_days,
    c.console_first, c.console_last, c.console_ua
  FROM base b LEFT JOIN console c USING (actor_uid)
), sessions AS (
  -- Session names are read once per session, not per event: regular expressions on every event were most of
  -- this statement's time (a million events: 0.22 s against 0.08 s).
  SELECT actor_uid, session_uid, count(*) AS n FROM ev WHERE session_uid IS NOT NULL GROUP BY actor_uid, session_uid
), session_names AS (
  SELECT actor_uid, regexp_extract(session_uid, '[^/]+$') AS name,
sum(n) AS n
  FROM sessions GROUP BY ALL
), by_session AS (
  SELECT
    actor_uid,
    sum(n) FILTER (WHERE regexp_full_match(name, 'i-[0-9a-f]{8,17}')) AS instance_n,
    arg_max(name, (n, name)) AS top_session -- the most used session name; the greatest name of those tied
  FROM session_names
  GROUP BY actor_uid
), person_roles AS (
  SELECT member_uid AS actor_uid, string_agg(split_part(group_uid, '/', -1), ', ' ORDER BY group_uid) AS roles
  FROM identity_links WHERE member_uid IN (SELECT actor_uid FROM ingest_actors) GROUP BY member_uid
), assumed AS (
  SELECT
    resource_uid AS actor_uid,
    count(*) FILTER (WHERE api_operation = 'AssumeRoleWithWebIdentity') AS web_n,
    mode(actor_uid) FILTER (WHERE api_operation = 'AssumeRoleWithWebIdentity') AS web_provider,
    count(*) FILTER (WHERE api_operation = 'AssumeRoleWithSAML') AS saml_n
  FROM events
  WHERE source = 'cloudtrail' AND api_operation IN ('AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML')
    AND resource_uid IN (SELECT actor_uid FROM ingest_actors)
  GROUP BY resource_uid
), facts AS (
  SELECT a.*, a.n - a.console_n AS prog_n, coalesce(s.web_n, 0) AS web_n, s.web_provider, coalesce(s.saml_n, 0) AS saml_n,
    coalesce(b.instance_n, 0) AS instance_n, b.top_session, p.roles, split_part(a.actor_uid, '/', -1) AS tail
  FROM agg a LEFT JOIN assumed s USING (actor_uid) LEFT JOIN by_session b USING (actor_uid)
    LEFT JOIN person_roles p USING (actor_uid)
), verdict AS (
  SELECT *,
    CASE
      WHEN actor_type = 'Root' THEN
        {'c': 'human', 'k': 'root', 'r': 'userIdentity.type = Root: the account root user signs in with a password that only people hold'}
      WHEN actor_type = 'AWSService' THEN
        {'c': 'machine', 'k': 'aws_service', 'r': format('userIdentity.type = AWSService, invokedBy = {}: AWS itself acting for the account', actor_uid)}
      WHEN actor_uid LIKE '${SSO_PERSON_PREFIX}%' THEN
        {'c': 'human', 'k': 'person', 'r': format('signed in through IAM Identity Center as {} (the session name on permission-set role {}): a person ({} events)', replace(actor_uid, '${SSO_PERSON_PREFIX}', ''), coalesce(roles, '?'), ${nfmt('n')})}
      WHEN actor_type = 'AssumedRole' AND tail LIKE 'AWSReservedSSO\\_%' ESCAPE '\\' THEN
        {'c': 'human', 'k': 'iam_role', 'r': format('role name = {}: an IAM Identity Center permission set, assumed by people signing in through SSO', tail)}
      WHEN actor_type = 'AssumedRole' AND actor_uid LIKE '%:role/aws-service-role/%' THEN
        {'c': 'machine', 'k': 'iam_role', 'r': format('sessionContext.sessionIssuer.arn = {}: a service-linked role that only an AWS service can assume', actor_uid)}
      WHEN actor_type = 'AssumedRole' AND saml_n > 0 THEN
        {'c': 'human', 'k': 'iam_role', 'r': format('eventName = AssumeRoleWithSAML for this role ({} times): sessions come from a person''s SAML sign-in', saml_n)}
      WHEN actor_type = 'AssumedRole' AND web_n > 0 THEN
        {'c': 'machine', 'k': 'iam_role', 'r': format('eventName = AssumeRoleWithWebIdentity for this role ({} times, via {}): OIDC federation as used by CI and workloads', web_n, coalesce(web_provider, 'an OIDC provider'))}
      WHEN actor_type = 'AssumedRole' AND instance_n > 0 THEN
        {'c': 'machine', 'k': 'iam_role', 'r': format('userIdentity.arn session name = {} ({} events): sessions named after EC2 instances, an instance profile', top_session, instance_n)}
      WHEN actor_type = 'AssumedRole' AND lambda_n > 0 THEN
        {'c': 'machine', 'k': 'iam_role', 'r': format('userAgent contains exec-env/AWS_Lambda ({} events): a Lambda function''s execution role', lambda_n)}
      WHEN actor_type = 'AssumedRole' THEN ${behaviourVerdict('iam_role')}
      WHEN actor_type = 'IAMUser' THEN ${behaviourVerdict('iam_user')}
      WHEN actor_type = 'FederatedUser' AND console_n = 0 THEN
        {'c': 'unknown', 'k': 'federated_user', 'r': format('userIdentity.type = FederatedUser (GetFederationToken): issued by a broker to a person or a program; all {} calls programmatic (top userAgent = {})', ${nfmt('n')}, coalesce(prog_ua, 'none'))}
      WHEN actor_type = 'FederatedUser' THEN ${behaviourVerdict('federated_user')}
      WHEN actor_type = 'IdentityCenterUser' THEN
        {'c': 'human', 'k': 'person', 'r': format('userIdentity.type = IdentityCenterUser, onBehalfOf.userId = {}: a request made for a person signed in to IAM Identity Center', replace(actor_uid, '${IDENTITY_CENTER_USER_PREFIX}', ''))}
      WHEN actor_type = 'SAMLUser' THEN
        {'c': 'human', 'k': 'person', 'r': 'userIdentity.type = SAMLUser: a person signing in through a SAML identity provider'}
      WHEN actor_type = 'WebIdentityUser' THEN
        {'c': 'machine', 'k': 'web_identity', 'r': format('userIdentity.type = WebIdentityUser ({}): an OIDC token presented by a workload or CI job', actor_uid)}
      ELSE
        {'c': 'unknown', 'k': 'unknown', 'r': format('userIdentity.type = {}: not enough to tell a person from a program', coalesce(actor_type, 'missing'))}
    END AS v
  FROM facts
)
SELECT
  actor_uid,
  CASE
    WHEN actor_type = 'Root' THEN 'root (' || coalesce(account_uid, '?') || ')'
    WHEN actor_uid LIKE '${SSO_PERSON_PREFIX}%' THEN replace(actor_uid, '${SSO_PERSON_PREFIX}', '')
    WHEN actor_type IN ('WebIdentityUser', 'SAMLUser') THEN coalesce(top_name, actor_uid)
    ELSE coalesce(nullif(tail, ''), actor_uid)
  END,
  'cloudtrail', account_uid, v.c, v.k, v.r, first_seen, last_seen, n
FROM verdict`;
