/**
 * The query console's views: a stable, documented surface over the case in its own schema `q`, so the tables under
 * it can change without breaking a user's saved query, and user names never clash with the core's tables. Each
 * view and column carries its description (COMMENT ON): docs/query-views.md is generated from them
 * (build/query-docs.mjs) and the schema API reads them for completion. `custody` is not here: it lives in
 * custody.jsonl, and the console loads it into a temporary table of its own connection (console/custody-table.ts).
 * `saved_queries` holds the console's named queries.
 */
export const sql = `
CREATE SCHEMA q;

CREATE VIEW q.events AS
SELECT event_uid, time, source, evidence_id, position, api_operation, api_service, resource_uid, resource_type,
  outcome, error_code, src_ip, user_agent, region, account_uid, actor_uid, actor_name, actor_type, interactive,
  credential_uid, session_uid, principal_id, shared_event_id, raw
FROM main.events;
COMMENT ON VIEW q.events IS 'One row per normalised event, with the original record in raw.';
COMMENT ON COLUMN q.events.event_uid IS 'Stable id: a hash of the source file and the record''s position in it.';
COMMENT ON COLUMN q.events.time IS 'When it happened (UTC).';
COMMENT ON COLUMN q.events.source IS 'cloudtrail, k8s_audit, gcp_audit, azure_activity, entra_signin, m365_ual, github_audit, okta, vault_audit or generic.';
COMMENT ON COLUMN q.events.evidence_id IS 'The evidence file it was read from (evidence.evidence_id).';
COMMENT ON COLUMN q.events.position IS 'Where in that file: line, record index or byte offset.';
COMMENT ON COLUMN q.events.api_operation IS 'The operation: eventName, verb, action.';
COMMENT ON COLUMN q.events.api_service IS 'The service: eventSource, apiGroup, serviceName.';
COMMENT ON COLUMN q.events.resource_uid IS 'The resource acted on, when the record names one.';
COMMENT ON COLUMN q.events.resource_type IS 'Its type.';
COMMENT ON COLUMN q.events.outcome IS 'success, failure or unknown.';
COMMENT ON COLUMN q.events.error_code IS 'The error the record gave (AccessDenied, 403, ...).';
COMMENT ON COLUMN q.events.src_ip IS 'Source address.';
COMMENT ON COLUMN q.events.user_agent IS 'User agent.';
COMMENT ON COLUMN q.events.region IS 'Cloud region or location.';
COMMENT ON COLUMN q.events.account_uid IS 'Account, project, subscription or organisation.';
COMMENT ON COLUMN q.events.actor_uid IS 'The canonical identity key (identities.actor_uid).';
COMMENT ON COLUMN q.events.actor_name IS 'The actor''s name as the record gave it (ROLE/SESSION for a role session).';
COMMENT ON COLUMN q.events.actor_type IS 'The actor''s type as the record gave it (AssumedRole, ServiceAccount, ...).';
COMMENT ON COLUMN q.events.interactive IS 'The record shows an interactive sign-in or console use.';
COMMENT ON COLUMN q.events.credential_uid IS 'Access key id, token id or hash, client id (credentials.credential_uid).';
COMMENT ON COLUMN q.events.session_uid IS 'Session id (sessions.session_uid).';
COMMENT ON COLUMN q.events.principal_id IS 'The principal''s unique id as the record gave it (AIDA..., AROA...).';
COMMENT ON COLUMN q.events.shared_event_id IS 'CloudTrail sharedEventID: one call delivered to several accounts.';
COMMENT ON COLUMN q.events.raw IS 'The original record, JSON text: raw->>''$.userIdentity.arn''.';

CREATE VIEW q.identities AS
SELECT actor_uid, display_name, source, account_uid, category, kind, reason, first_seen, last_seen, event_count,
  overridden, auto_category, auto_reason, override_by, override_note
FROM main.effective_identities;
COMMENT ON VIEW q.identities IS 'One row per canonical identity, with the investigator''s override applied.';
COMMENT ON COLUMN q.identities.actor_uid IS 'The canonical identity key.';
COMMENT ON COLUMN q.identities.display_name IS 'Name shown for it.';
COMMENT ON COLUMN q.identities.source IS 'The log source it was seen in.';
COMMENT ON COLUMN q.identities.account_uid IS 'Account, project, subscription or organisation.';
COMMENT ON COLUMN q.identities.category IS 'human, machine or unknown (the override when there is one).';
COMMENT ON COLUMN q.identities.kind IS 'iam_role, access_key, k8s_service_account, github_app, person, ...';
COMMENT ON COLUMN q.identities.reason IS 'The field and value that decided the category.';
COMMENT ON COLUMN q.identities.first_seen IS 'Its first event.';
COMMENT ON COLUMN q.identities.last_seen IS 'Its last event.';
COMMENT ON COLUMN q.identities.event_count IS 'Its events.';
COMMENT ON COLUMN q.identities.overridden IS 'The investigator set the category.';
COMMENT ON COLUMN q.identities.auto_category IS 'The category Trailmark decided.';
COMMENT ON COLUMN q.identities.auto_reason IS 'Why Trailmark decided it.';
COMMENT ON COLUMN q.identities.override_by IS 'Who set the override.';
COMMENT ON COLUMN q.identities.override_note IS 'Their note.';

CREATE VIEW q.credentials AS
SELECT credential_uid,
  any_value(CASE WHEN credential_uid LIKE 'AKIA%' THEN 'access_key' WHEN credential_uid LIKE 'ASIA%' THEN 'temporary_key'
    ELSE 'credential' END) AS kind,
  count(DISTINCT actor_uid) AS actor_count, min(actor_uid) AS actor_uid, min(time) AS first_seen,
  max(time) AS last_seen, count(*) AS event_count, count(DISTINCT src_ip) AS src_ip_count,
  count(DISTINCT user_agent) AS user_agent_count
FROM main.events WHERE credential_uid IS NOT NULL AND credential_uid <> '' GROUP BY credential_uid;
COMMENT ON VIEW q.credentials IS 'One row per credential (access key, token, client id) seen in the events.';
COMMENT ON COLUMN q.credentials.credential_uid IS 'The credential''s id as the events give it.';
COMMENT ON COLUMN q.credentials.kind IS 'access_key (AKIA...), temporary_key (ASIA...) or credential.';
COMMENT ON COLUMN q.credentials.actor_count IS 'Identities that used it.';
COMMENT ON COLUMN q.credentials.actor_uid IS 'The identity that used it (the first by name when several did).';
COMMENT ON COLUMN q.credentials.first_seen IS 'First use.';
COMMENT ON COLUMN q.credentials.last_seen IS 'Last use.';
COMMENT ON COLUMN q.credentials.event_count IS 'Events that used it.';
COMMENT ON COLUMN q.credentials.src_ip_count IS 'Distinct source addresses it was used from.';
COMMENT ON COLUMN q.credentials.user_agent_count IS 'Distinct user agents it was used with.';

CREATE VIEW q.sessions AS
SELECT session_uid, count(DISTINCT actor_uid) AS actor_count, min(actor_uid) AS actor_uid,
  count(DISTINCT credential_uid) AS credential_count, min(time) AS first_seen, max(time) AS last_seen,
  count(*) AS event_count, count(DISTINCT src_ip) AS src_ip_count
FROM main.events WHERE session_uid IS NOT NULL AND session_uid <> '' GROUP BY session_uid;
COMMENT ON VIEW q.sessions IS 'One row per session seen in the events.';
COMMENT ON COLUMN q.sessions.session_uid IS 'The session''s id as the events give it.';
COMMENT ON COLUMN q.sessions.actor_count IS 'Identities seen in it.';
COMMENT ON COLUMN q.sessions.actor_uid IS 'Its identity (the first by name when several).';
COMMENT ON COLUMN q.sessions.credential_count IS 'Distinct credentials used in it.';
COMMENT ON COLUMN q.sessions.first_seen IS 'Its first event.';
COMMENT ON COLUMN q.sessions.last_seen IS 'Its last event.';
COMMENT ON COLUMN q.sessions.event_count IS 'Its events.';
COMMENT ON COLUMN q.sessions.src_ip_count IS 'Distinct source addresses in it.';

CREATE VIEW q.findings AS
SELECT id AS finding_id, detector, severity, score, actor_uid, start_time, end_time, title, explanation, status,
  status_note, created_at, len(event_uids) AS event_count
FROM main.findings;
COMMENT ON VIEW q.findings IS 'One row per finding of the detectors and Sigma rules.';
COMMENT ON COLUMN q.findings.finding_id IS 'The finding''s id.';
COMMENT ON COLUMN q.findings.detector IS 'The detector or Sigma rule that raised it.';
COMMENT ON COLUMN q.findings.severity IS 'info, low, medium, high or critical.';
COMMENT ON COLUMN q.findings.score IS 'Its score.';
COMMENT ON COLUMN q.findings.actor_uid IS 'The identity (identities.actor_uid).';
COMMENT ON COLUMN q.findings.start_time IS 'Start of its time window.';
COMMENT ON COLUMN q.findings.end_time IS 'End of its time window.';
COMMENT ON COLUMN q.findings.title IS 'Its title.';
COMMENT ON COLUMN q.findings.explanation IS 'Why it was raised.';
COMMENT ON COLUMN q.findings.status IS 'new, confirmed or dismissed.';
COMMENT ON COLUMN q.findings.status_note IS 'The investigator''s note on its status.';
COMMENT ON COLUMN q.findings.created_at IS 'When it was raised.';
COMMENT ON COLUMN q.findings.event_count IS 'Its evidence events (finding_events).';

CREATE VIEW q.finding_events AS
SELECT id AS finding_id, unnest(event_uids) AS event_uid FROM main.findings;
COMMENT ON VIEW q.finding_events IS 'The evidence events of each finding: join events on event_uid.';
COMMENT ON COLUMN q.finding_events.finding_id IS 'The finding (findings.finding_id).';
COMMENT ON COLUMN q.finding_events.event_uid IS 'One of its evidence events (events.event_uid).';

CREATE VIEW q.annotations AS
SELECT annotation_id, target_kind, target_id, kind, severity, tags, note, by_user, recorded_at FROM main.annotations;
COMMENT ON VIEW q.annotations IS 'The investigator''s flags, notes and tags on events, identities and findings.';
COMMENT ON COLUMN q.annotations.annotation_id IS 'Its id.';
COMMENT ON COLUMN q.annotations.target_kind IS 'event, identity or finding.';
COMMENT ON COLUMN q.annotations.target_id IS 'The event_uid, actor_uid or finding_id.';
COMMENT ON COLUMN q.annotations.kind IS 'flag, note or tag.';
COMMENT ON COLUMN q.annotations.severity IS 'A flag''s severity.';
COMMENT ON COLUMN q.annotations.tags IS 'Tags.';
COMMENT ON COLUMN q.annotations.note IS 'The note.';
COMMENT ON COLUMN q.annotations.by_user IS 'Who wrote it.';
COMMENT ON COLUMN q.annotations.recorded_at IS 'When.';

CREATE VIEW q.evidence AS
SELECT evidence_id, ingest_id, path, member_path, sha256, size, format, records, loaded, quarantined, skipped_reason,
  added_at
FROM main.evidence_files;
COMMENT ON VIEW q.evidence IS 'One row per evidence file (and member of an archive) read into the case.';
COMMENT ON COLUMN q.evidence.evidence_id IS 'Its id (events.evidence_id).';
COMMENT ON COLUMN q.evidence.ingest_id IS 'The ingest that read it.';
COMMENT ON COLUMN q.evidence.path IS 'The file given to the ingest.';
COMMENT ON COLUMN q.evidence.member_path IS 'The path inside the archive, for a member.';
COMMENT ON COLUMN q.evidence.sha256 IS 'SHA-256 of the bytes read.';
COMMENT ON COLUMN q.evidence.size IS 'Size in bytes.';
COMMENT ON COLUMN q.evidence.format IS 'The format recognised from its content.';
COMMENT ON COLUMN q.evidence.records IS 'Records seen (= loaded + quarantined).';
COMMENT ON COLUMN q.evidence.loaded IS 'Records loaded as events.';
COMMENT ON COLUMN q.evidence.quarantined IS 'Records set aside in ingest_issues.';
COMMENT ON COLUMN q.evidence.skipped_reason IS 'Why it was not read, when it was not.';
COMMENT ON COLUMN q.evidence.added_at IS 'When it was added.';

CREATE VIEW q.ingest_issues AS
SELECT ingest_id, evidence_id, file, position, reason, excerpt FROM main.ingest_issues;
COMMENT ON VIEW q.ingest_issues IS 'Records an ingest could not load, with where and why.';
COMMENT ON COLUMN q.ingest_issues.ingest_id IS 'The ingest.';
COMMENT ON COLUMN q.ingest_issues.evidence_id IS 'The evidence file (evidence.evidence_id).';
COMMENT ON COLUMN q.ingest_issues.file IS 'The file.';
COMMENT ON COLUMN q.ingest_issues.position IS 'Line, record index or byte offset.';
COMMENT ON COLUMN q.ingest_issues.reason IS 'Why it was set aside.';
COMMENT ON COLUMN q.ingest_issues.excerpt IS 'The start of the record.';

CREATE TABLE saved_queries (
  name VARCHAR PRIMARY KEY,
  sql VARCHAR NOT NULL,
  saved_by VARCHAR NOT NULL,
  saved_at TIMESTAMPTZ NOT NULL
);
`;
