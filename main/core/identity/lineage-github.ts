import type { Duck } from '../db/duck';
import { caseHasSource } from './lineage-gate';

const g = (k: string, rec = 'raw') => `nullif(${rec}->>'${k}', '')`;
/** Actions that manage a token rather than use it (see ingest/sources/github.ts). */
const MANAGES_TOKEN = `'^(personal_access_token|oauth_access|oauth_authorization|programmatic_access)\\.'`;

/**
 * GitHub lineage, from the audit log:
 * - github_token: a personal access token (classic or fine-grained) or OAuth token created or regenerated
 *   (personal_access_token.create, oauth_access.create / .regenerate, oauth_authorization.create) → the events
 *   made with that token, 1.0, joined on the field both records carry: hashed_token (the SHA-256 of the token, the
 *   field GitHub documents on every event made with a token) when both have one, else token_id; `matched` says
 *   which field joined how many of its events; the edge's credential is the creation's credential_uid: its
 *   token_id, also when the creation carries only hashed_token and the case shows the pair (identity/resolve-github.ts),
 *   so it is the credential the token's own events name;
 * - github_app_install: integration_installation.create of an app (integration) in an organization → the app's bot
 *   (actor INTEGRATION[bot], spaces as hyphens) acting in that organization afterwards; by name, 0.7;
 * - github_deploy_key: a deploy key added to a repository (public_key.create / deploy_key.create with a repo) → the
 *   git events on that repository whose programmatic_access_type is a deploy key; the key is not named on them, 0.6.
 * Plain SQL with no values; appends to lineage_edges.
 */
export async function buildGithubLineage(db: Duck): Promise<void> {
  if (await caseHasSource(db, 'github_audit')) await db.run(GITHUB_LINEAGE_SQL);
}

/**
 * oidc_workflow_run, across sources: the GitHub Actions run behind each AWS session obtained with a GitHub OIDC
 * token. CloudTrail names the token's subject (repo:ORG/REPO:ref:refs/heads/BRANCH), never the run, so the join is
 * the organization audit log's workflows.completed_workflow_run of that repository and branch whose run
 * (started_at to completed_at, a minute each way) holds the AssumeRoleWithWebIdentity: parent the run's actor (who
 * pushed or dispatched), child the subject's web identity, the session key as credential, the run record as
 * issuance and the AssumeRoleWithWebIdentity as its use. 1.0 when the session name carries the run's
 * workflow_run_id (a role-session-name of gha-RUN_ID, as many workflows set it; it also decides between runs that
 * overlap); else 0.8, 0.6 when the subject names no branch (an environment or a pull request), 0.5 when runs of
 * that repository and branch overlapped (the latest started is taken). Reads lineage_issued, so it runs inside buildLineage before that table is dropped.
 */
export async function buildGithubWorkflowRuns(db: Duck): Promise<void> {
  if (await caseHasSource(db, 'github_audit')) await db.run(WORKFLOW_RUNS_SQL);
}

const WORKFLOW_RUNS_SQL = `
INSERT INTO lineage_edges BY NAME
WITH o AS (
  SELECT i.issue_event_uid AS assume_uid, i.issued_at AS assumed_at, i.k, i.subject, i.parent_uid AS web_identity,
    regexp_extract(i.subject, '^repo:([^:]+):', 1) AS repo,
    nullif(regexp_extract(i.subject, ':ref:refs/heads/(.+)$', 1), '') AS branch,
    nullif(e.raw->>'$.requestParameters.roleSessionName', '') AS session_name
  FROM lineage_issued i JOIN events e ON e.event_uid = i.issue_event_uid
  WHERE i.kind = 'oidc_federation' AND i.subject LIKE 'repo:%'
), r AS (
  SELECT event_uid AS run_uid, actor_uid AS run_actor, ${g('repo')} AS repo, ${g('head_branch')} AS run_branch,
    ${g('workflow_run_id')} AS run_id, ${g('name')} AS workflow,
    coalesce(try_cast(${g('started_at')} AS TIMESTAMPTZ), time) AS started,
    coalesce(try_cast(${g('completed_at')} AS TIMESTAMPTZ), time) AS completed
  FROM events
  WHERE source = 'github_audit' AND api_operation = 'workflows.completed_workflow_run' AND actor_uid IS NOT NULL
), j AS (
  SELECT o.*, r.* EXCLUDE (repo), coalesce(contains(o.session_name, r.run_id), false) AS by_run_id
  FROM o JOIN r ON r.repo = o.repo AND (o.branch IS NULL OR o.branch = r.run_branch)
    AND o.assumed_at BETWEEN r.started - INTERVAL 1 MINUTE AND r.completed + INTERVAL 1 MINUTE
), m AS (
  SELECT *, count(*) OVER (PARTITION BY assume_uid) AS candidates FROM j
  QUALIFY row_number() OVER (PARTITION BY assume_uid ORDER BY by_run_id DESC, started DESC, run_uid) = 1
)
SELECT 'oidc_workflow_run' AS kind, 'github_audit' AS source, run_actor AS parent_uid, web_identity AS child_uid,
  k AS credential_uid, run_uid AS issue_event_uid, started AS issued_at, assume_uid AS first_use_event_uid,
  assumed_at AS first_use, assumed_at AS last_use, 1 AS use_count,
  CASE WHEN by_run_id THEN 1.0 WHEN candidates > 1 THEN 0.5 WHEN branch IS NULL THEN 0.6 ELSE 0.8 END AS confidence,
  'repo ' || repo || coalesce(' and head_branch ' || run_branch, '') || ' of workflows.completed_workflow_run (run '
    || coalesce(run_id, '?') || coalesce(', workflow ' || workflow, '') || ', '
    || strftime(started, '%Y-%m-%dT%H:%M:%SZ') || ' to ' || strftime(completed, '%Y-%m-%dT%H:%M:%SZ')
    || ') = the subject ' || subject || ' of AssumeRoleWithWebIdentity at ' || strftime(assumed_at, '%Y-%m-%dT%H:%M:%SZ')
    || ', within the run'
    || CASE WHEN by_run_id THEN '; its roleSessionName ' || session_name || ' names workflow_run_id ' || run_id
      ELSE ' (by repository, branch and time: the token names no run in CloudTrail)'
        || CASE WHEN candidates > 1 THEN '; ' || candidates || ' runs of that repository and branch held that time, the latest started is taken' ELSE '' END
      END AS matched
FROM m;
`;

const GITHUB_LINEAGE_SQL = `
INSERT INTO lineage_edges BY NAME
WITH t AS (
  SELECT event_uid, time, actor_uid, api_operation AS op, ${g('hashed_token')} AS hashed, ${g('token_id')} AS token_id,
    credential_uid AS credential,
    ${g('programmatic_access_type')} AS access_type, ${g('user_programmatic_access_name')} AS token_name
  FROM events
  WHERE source = 'github_audit' AND outcome = 'success'
    AND api_operation IN ('personal_access_token.create', 'oauth_access.create', 'oauth_access.regenerate',
      'oauth_authorization.create')
    AND (${g('hashed_token')} IS NOT NULL OR ${g('token_id')} IS NOT NULL)
), j AS (
  -- whichever field both ends carry: hashed_token when both have one (a different hash is another token, whatever
  -- its token_id says), else token_id
  SELECT t.event_uid, e.event_uid AS use_uid, e.time, e.actor_uid,
    t.hashed IS NOT NULL AND ${g('hashed_token', 'e.raw')} IS NOT NULL AS by_hash
  FROM t JOIN events e ON e.source = 'github_audit' AND e.time >= t.time AND e.event_uid <> t.event_uid
    AND CASE WHEN t.hashed IS NOT NULL AND ${g('hashed_token', 'e.raw')} IS NOT NULL
      THEN ${g('hashed_token', 'e.raw')} = t.hashed
      ELSE t.token_id IS NOT NULL AND ${g('token_id', 'e.raw')} = t.token_id END
    AND NOT regexp_matches(coalesce(e.api_operation, ''), ${MANAGES_TOKEN})
), u AS (
  SELECT event_uid, count(*) AS n, min(time) AS first_use, max(time) AS last_use,
    arg_min(use_uid, (time, use_uid)) AS first_uid, mode(actor_uid) AS actor,
    count(*) FILTER (WHERE by_hash) AS n_hash, count(*) FILTER (WHERE NOT by_hash) AS n_id
  FROM j GROUP BY event_uid
)
SELECT 'github_token' AS kind, 'github_audit' AS source, t.actor_uid AS parent_uid,
  coalesce(u.actor, 'github:token:' || t.credential) AS child_uid, t.credential AS credential_uid, t.event_uid AS issue_event_uid, t.time AS issued_at,
  u.first_uid AS first_use_event_uid, u.first_use, u.last_use, coalesce(u.n, 0) AS use_count, 1.0 AS confidence,
  CASE
    WHEN coalesce(u.n, 0) = 0 THEN 'no event carries the ' || concat_ws(' or ', 'hashed_token ' || t.hashed,
      'token_id ' || t.token_id) || ' of ' || t.op
    ELSE concat_ws('; ',
      CASE WHEN u.n_hash > 0 THEN 'hashed_token of ' || t.op || ' = hashed_token of ' || u.n_hash
        || CASE WHEN u.n_hash = 1 THEN ' event' ELSE ' events' END || ' made with it (' || t.hashed || ')' END,
      CASE WHEN u.n_id > 0 THEN 'token_id of ' || t.op || ' = token_id of ' || u.n_id
        || CASE WHEN u.n_id = 1 THEN ' event' ELSE ' events' END || ' made with it (' || t.token_id || ')'
        || CASE WHEN t.hashed IS NOT NULL THEN ', which carry no hashed_token' ELSE '' END END) END
    || coalesce('; programmatic_access_type = ' || t.access_type, '') || coalesce(', token name ' || t.token_name, '') AS matched
FROM t LEFT JOIN u USING (event_uid)
WHERE t.actor_uid IS NOT NULL;

INSERT INTO lineage_edges BY NAME
WITH i AS (
  SELECT event_uid, time, actor_uid, ${g('integration')} AS app, account_uid AS org,
    'github:' || lower(replace(${g('integration')}, ' ', '-')) || '[bot]' AS bot
  FROM events
  WHERE source = 'github_audit' AND outcome = 'success' AND api_operation = 'integration_installation.create'
    AND ${g('integration')} IS NOT NULL
)
SELECT 'github_app_install' AS kind, 'github_audit' AS source, i.actor_uid AS parent_uid,
  coalesce(any_value(e.actor_uid), i.bot) AS child_uid, NULL AS credential_uid, i.event_uid AS issue_event_uid,
  i.time AS issued_at, arg_min(e.event_uid, (e.time, e.event_uid)) AS first_use_event_uid, min(e.time) AS first_use,
  max(e.time) AS last_use, count(e.event_uid) AS use_count, 0.7 AS confidence,
  'integration ' || i.app || ' of integration_installation.create = the actor ' || replace(i.bot, 'github:', '')
    || ' acting in ' || coalesce(i.org, 'the same organization') || ' afterwards (by name: its events do not name the installation)' AS matched
FROM i LEFT JOIN events e ON e.source = 'github_audit' AND lower(e.actor_uid) = i.bot AND e.time >= i.time
  AND e.account_uid IS NOT DISTINCT FROM i.org
WHERE i.actor_uid IS NOT NULL
GROUP BY i.event_uid, i.time, i.actor_uid, i.app, i.org, i.bot;

INSERT INTO lineage_edges BY NAME
WITH k AS (
  SELECT event_uid, time, actor_uid, api_operation AS op, resource_uid AS repo,
    coalesce(${g('fingerprint')}, ${g('title')}, ${g('key')}) AS key_name
  FROM events
  WHERE source = 'github_audit' AND outcome = 'success' AND api_operation IN ('public_key.create', 'deploy_key.create')
    AND resource_type = 'repository'
), n AS (
  SELECT k.*, lead(k.time) OVER (PARTITION BY k.repo ORDER BY k.time) AS next_key FROM k
)
SELECT 'github_deploy_key' AS kind, 'github_audit' AS source, n.actor_uid AS parent_uid,
  coalesce(any_value(e.actor_uid), 'github:deploy-key:' || n.repo) AS child_uid, n.key_name AS credential_uid,
  n.event_uid AS issue_event_uid, n.time AS issued_at, arg_min(e.event_uid, (e.time, e.event_uid)) AS first_use_event_uid,
  min(e.time) AS first_use, max(e.time) AS last_use, count(e.event_uid) AS use_count, 0.6 AS confidence,
  'deploy key added to ' || n.repo || ' by ' || n.op || '; its use is the git events on that repository with '
    || 'programmatic_access_type deploy key until the next key is added (the key is not named on them)' AS matched
FROM n LEFT JOIN events e ON e.source = 'github_audit' AND e.resource_uid = n.repo AND e.time >= n.time
  AND (n.next_key IS NULL OR e.time < n.next_key) AND e.api_operation LIKE 'git.%'
  AND (e.raw->>'programmatic_access_type') ILIKE '%deploy key%'
WHERE n.actor_uid IS NOT NULL
GROUP BY n.event_uid, n.time, n.actor_uid, n.op, n.repo, n.key_name;
`;
