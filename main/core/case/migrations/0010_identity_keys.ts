/**
 * Identity resolution: what lets one principal keep one key however its records name it.
 * - events.principal_id: the principal's unique id as the record gave it (AIDA…, AROA… without the session), so a
 *   record that names a principal only by that id meets the ARN seen elsewhere in the case;
 * - events.shared_event_id: CloudTrail's sharedEventID, the same call delivered to several accounts, counted once;
 * - actor_aliases: every key merged into another (a principal id into its ARN, a role ARN without its path into the
 *   one with it), with the rule that merged it, so the merge can be shown and defended;
 * - identity_links: a member identity and the group it acted through (a person behind an IAM Identity Center
 *   permission-set role), with the events that link them;
 * - effective_identities: identities as every view reads them, with the investigator's override applied. The one
 *   place that rule is written.
 */
export const sql = `
ALTER TABLE events ADD COLUMN principal_id VARCHAR;
ALTER TABLE events ADD COLUMN shared_event_id VARCHAR;

CREATE TABLE actor_aliases (
  from_uid VARCHAR PRIMARY KEY,
  to_uid VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  rule VARCHAR NOT NULL
);

CREATE TABLE identity_links (
  member_uid VARCHAR NOT NULL,
  group_uid VARCHAR NOT NULL,
  relation VARCHAR NOT NULL,
  first_seen TIMESTAMPTZ,
  last_seen TIMESTAMPTZ,
  event_count BIGINT NOT NULL,
  PRIMARY KEY (member_uid, group_uid)
);

CREATE VIEW effective_identities AS
SELECT i.actor_uid, i.display_name, i.source, i.account_uid,
  coalesce(o.category, i.category) AS category, i.kind,
  CASE WHEN o.actor_uid IS NULL THEN i.reason
       ELSE 'set to ' || o.category || ' by ' || o.by_user || ': ' || o.note || ' (automatic: ' || i.category || ', ' || i.reason || ')'
  END AS reason,
  i.first_seen, i.last_seen, i.event_count, o.actor_uid IS NOT NULL AS overridden,
  i.category AS auto_category, i.reason AS auto_reason, o.by_user AS override_by, o.note AS override_note
FROM identities i LEFT JOIN identity_overrides o USING (actor_uid);
`;
