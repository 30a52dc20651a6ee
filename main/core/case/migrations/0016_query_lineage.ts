/**
 * The query console's view of identity lineage (q.lineage_edges), so the lineage panel's links have a Show SQL like
 * every other view; and q.findings gains `detectors`, every detector that agreed on a finding (the list filters by
 * any of them). Replacing q.findings drops its descriptions, so they are written again here, as 0012 wrote them.
 */
export const sql = `
CREATE OR REPLACE VIEW q.findings AS
SELECT id AS finding_id, detector, severity, score, actor_uid, start_time, end_time, title, explanation, status,
  status_note, created_at, len(event_uids) AS event_count, coalesce(detectors, [detector]) AS detectors
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
COMMENT ON COLUMN q.findings.detectors IS 'Every detector or rule that agreed on it (the main one first when alone).';

CREATE VIEW q.lineage_edges AS
SELECT kind, source, parent_uid, child_uid, credential_uid, issue_event_uid, issued_at, first_use_event_uid,
  first_use, last_use, use_count, confidence, matched
FROM main.lineage_edges;
COMMENT ON VIEW q.lineage_edges IS 'Identity lineage: one row per hop from an identity to a credential or identity it obtained, issued or created, and the use made of it.';
COMMENT ON COLUMN q.lineage_edges.kind IS 'What the hop is: sts_session, role_chain, oidc_federation, irsa, access_key, created_user, k8s_token, entra_credential, vault_login, gcp_key...';
COMMENT ON COLUMN q.lineage_edges.source IS 'The log source of the issuing record.';
COMMENT ON COLUMN q.lineage_edges.parent_uid IS 'The identity that obtained, issued or created it (identities.actor_uid).';
COMMENT ON COLUMN q.lineage_edges.child_uid IS 'The identity that then acted with it.';
COMMENT ON COLUMN q.lineage_edges.credential_uid IS 'The key or token, when the hop is a credential.';
COMMENT ON COLUMN q.lineage_edges.issue_event_uid IS 'The record that issued or created it (events.event_uid).';
COMMENT ON COLUMN q.lineage_edges.issued_at IS 'When it was issued.';
COMMENT ON COLUMN q.lineage_edges.first_use_event_uid IS 'Its first use (events.event_uid).';
COMMENT ON COLUMN q.lineage_edges.first_use IS 'When it was first used.';
COMMENT ON COLUMN q.lineage_edges.last_use IS 'When it was last used.';
COMMENT ON COLUMN q.lineage_edges.use_count IS 'The calls made with it.';
COMMENT ON COLUMN q.lineage_edges.confidence IS '1 when a field both records carry joins them; lower when inferred.';
COMMENT ON COLUMN q.lineage_edges.matched IS 'The fields that joined the two ends, as a sentence.';
`;
