/**
 * Summaries that let the workspace answer case-wide views without scanning every event: event counts per hour,
 * source and identity (the case timeline), and each identity's values per dimension (its top-N panels). Both are
 * filled on demand from committed evidence only; case_meta records which evidence they cover.
 */
export const sql = `
CREATE TABLE summary_actor_hour (
  hour INTEGER NOT NULL,
  source VARCHAR NOT NULL,
  actor_uid VARCHAR,
  n BIGINT NOT NULL
);

CREATE TABLE summary_actor_values (
  actor_uid VARCHAR NOT NULL,
  dim VARCHAR NOT NULL,
  value VARCHAR NOT NULL,
  n BIGINT NOT NULL,
  failures BIGINT NOT NULL,
  first_seen TIMESTAMPTZ NOT NULL,
  last_seen TIMESTAMPTZ NOT NULL
);

CREATE TABLE summary_actor_state (
  actor_uid VARCHAR PRIMARY KEY,
  evidence_top INTEGER NOT NULL
);
`;
