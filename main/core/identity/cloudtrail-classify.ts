/**
 * Who is human and who is a machine, for CloudTrail identities, decided in SQL from what the identity's own
 * events show. Every rule writes a reason that names the field and the value that decided it.
 * Input: the temp table ingest_actors(actor_uid) of identities touched by this ingest; all their events are
 * re-aggregated, so a later file can change an earlier verdict.
 */
export const CLOUDTRAIL_IDENTITIES_SQL = `
INSERT OR REPLACE INTO identities
WITH agg AS (
  SELECT
    actor_uid,
    mode(actor_type) AS actor_type,
    mode(account_uid) AS account_uid,
    min(time) AS first_seen,
    max(time) AS last_seen,
    count(*) AS n,
    count(*) FILTER (WHERE api_operation = 'ConsoleLogin') AS console_logins,
    count(*) FILTER (WHERE interactive) AS interactive_n,
    count(*) FILTER (WHERE user_agent LIKE '%exec-env/AWS_Lambda%') AS lambda_n,
    mode(user_agent) AS top_ua,
    mode(actor_name) AS top_name
  FROM events
  WHERE source = 'cloudtrail' AND actor_uid IN (SELECT actor_uid FROM ingest_actors)
  GROUP BY actor_uid
), sessions AS (
  -- Session names are read once per session, not per event: regular expressions on every event were most of
  -- this statement's time (a million events: 0.22 s against 0.08 s).
  SELECT actor_uid, session_uid, count(*) AS n
  FROM events
  WHERE source = 'cloudtrail' AND session_uid IS NOT NULL AND actor_uid IN (SELECT actor_uid FROM ingest_actors)
  GROUP BY actor_uid, session_uid
), session_names AS (
  SELECT actor_uid, regexp_extract(session_uid, '[^/]+$') AS name, sum(n) AS n FROM sessions GROUP BY ALL
), by_session AS (
  SELECT
    actor_uid,
    sum(n) FILTER (WHERE regexp_full_match(name, 'i-[0-9a-f]{8,17}')) AS instance_n,
    arg_max(name, (n, name)) AS top_session -- the most used session name; the greatest name of those tied
  FROM session_names
  GROUP BY actor_uid
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
  SELECT a.*, coalesce(s.web_n, 0) AS web_n, s.web_provider, coalesce(s.saml_n, 0) AS saml_n,
    coalesce(b.instance_n, 0) AS instance_n, b.top_session, regexp_extract(a.actor_uid, '[^/]+$') AS tail
  FROM agg a LEFT JOIN assumed s USING (actor_uid) LEFT JOIN by_session b USING (actor_uid)
), verdict AS (
  SELECT *,
    CASE
      WHEN actor_type = 'Root' THEN
        {'c': 'human', 'k': 'root', 'r': 'userIdentity.type = Root: the account root user signs in with a password that only people hold'}
      WHEN actor_type = 'AWSService' THEN
        {'c': 'machine', 'k': 'aws_service', 'r': format('userIdentity.type = AWSService, invokedBy = {}: AWS itself acting for the account', actor_uid)}
      WHEN actor_type = 'AssumedRole' AND tail LIKE 'AWSReservedSSO\\_%' ESCAPE '\\' THEN
        {'c': 'human', 'k': 'iam_role', 'r': format('sessionContext.sessionIssuer.userName = {}: an IAM Identity Center permission set, assumed by people signing in through SSO', tail)}
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
      WHEN actor_type = 'AssumedRole' AND interactive_n > 0 THEN
        {'c': 'human', 'k': 'iam_role', 'r': format('{} of {} events came from the AWS console (sessionCredentialFromConsole / browser userAgent): used by a person', interactive_n, n)}
      WHEN actor_type = 'AssumedRole' THEN
        {'c': 'machine', 'k': 'iam_role', 'r': format('all {} events are programmatic (top userAgent = {}), none from the console', n, coalesce(top_ua, 'none'))}
      WHEN actor_type = 'IAMUser' AND console_logins > 0 THEN
        {'c': 'human', 'k': 'iam_user', 'r': format('eventName = ConsoleLogin ({} times): signs in to the console with a password', console_logins)}
      WHEN actor_type = 'IAMUser' AND interactive_n > 0 THEN
        {'c': 'human', 'k': 'iam_user', 'r': format('{} of {} events came from the console or a browser userAgent', interactive_n, n)}
      WHEN actor_type = 'IAMUser' THEN
        {'c': 'machine', 'k': 'iam_user', 'r': format('never signed in to the console; all {} events used access keys from programmatic clients (top userAgent = {})', n, coalesce(top_ua, 'none'))}
      WHEN actor_type = 'FederatedUser' AND interactive_n > 0 THEN
        {'c': 'human', 'k': 'federated_user', 'r': format('userIdentity.type = FederatedUser with {} console events', interactive_n)}
      WHEN actor_type = 'FederatedUser' THEN
        {'c': 'unknown', 'k': 'federated_user', 'r': 'userIdentity.type = FederatedUser (GetFederationToken): issued by a broker to a person or a program; no console use seen'}
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
    WHEN actor_type IN ('WebIdentityUser', 'SAMLUser') THEN coalesce(top_name, actor_uid)
    ELSE coalesce(tail, actor_uid)
  END,
  'cloudtrail', account_uid, v.c, v.k, v.r, first_seen, last_seen, n
FROM verdict`;
