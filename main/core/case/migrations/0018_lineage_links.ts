/**
 * Identity lineage by link: one row per parent, child, kind and source, summing that link's issuances in
 * lineage_edges with the first of its evidence (identity/lineage-links.ts). Written with the edges, in the same
 * transaction, so the lineage panel reads one row per link instead of grouping every issuance on each view: an
 * instance role of the 10M-event bench case has 317,345. Derived, so in no digest; a case built before it gets it
 * when its lineage is next built (LINEAGE_VERSION). q.lineage_links is the console's view of it, for Show SQL.
 */
export const sql = `
CREATE TABLE lineage_links (
  kind VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  parent_uid VARCHAR NOT NULL,
  child_uid VARCHAR,
  issuances BIGINT NOT NULL,
  first_issued TIMESTAMPTZ,
  last_issued TIMESTAMPTZ,
  credentials VARCHAR[] NOT NULL,
  issue_event_uids VARCHAR[] NOT NULL,
  first_use_event_uids VARCHAR[] NOT NULL,
  use_count BIGINT NOT NULL,
  first_use TIMESTAMPTZ,
  last_use TIMESTAMPTZ,
  confidence DOUBLE NOT NULL,
  matched VARCHAR NOT NULL
);

CREATE VIEW q.lineage_links AS
SELECT kind, source, parent_uid, child_uid, issuances, first_issued, last_issued, credentials, issue_event_uids,
  first_use_event_uids, use_count, first_use, last_use, confidence, matched
FROM main.lineage_links;
COMMENT ON VIEW q.lineage_links IS 'Identity lineage by link: one row per parent, child and kind of hop, summing its issuances in lineage_edges.';
COMMENT ON COLUMN q.lineage_links.kind IS 'What the hop is (as lineage_edges.kind).';
COMMENT ON COLUMN q.lineage_links.source IS 'The log source of the issuing records.';
COMMENT ON COLUMN q.lineage_links.parent_uid IS 'The identity that obtained, issued or created it (identities.actor_uid).';
COMMENT ON COLUMN q.lineage_links.child_uid IS 'The identity that then acted with it.';
COMMENT ON COLUMN q.lineage_links.issuances IS 'Its issuances (rows of lineage_edges).';
COMMENT ON COLUMN q.lineage_links.first_issued IS 'When it was first issued.';
COMMENT ON COLUMN q.lineage_links.last_issued IS 'When it was last issued.';
COMMENT ON COLUMN q.lineage_links.credentials IS 'The first 20 keys or tokens issued, in order of issue.';
COMMENT ON COLUMN q.lineage_links.issue_event_uids IS 'The first 20 issuing records (events.event_uid), in order of issue.';
COMMENT ON COLUMN q.lineage_links.first_use_event_uids IS 'The first use of each of those that was used (events.event_uid).';
COMMENT ON COLUMN q.lineage_links.use_count IS 'The calls made with all of them.';
COMMENT ON COLUMN q.lineage_links.first_use IS 'When any of them was first used.';
COMMENT ON COLUMN q.lineage_links.last_use IS 'When any of them was last used.';
COMMENT ON COLUMN q.lineage_links.confidence IS 'The lowest confidence of its issuances.';
COMMENT ON COLUMN q.lineage_links.matched IS 'The fields that joined the two ends of its first issuance, as a sentence.';
`;
