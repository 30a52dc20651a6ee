/** The case schema as DESIGN §2 describes it. Column names follow OCSF where it has one. */
export const sql = `
CREATE TABLE case_meta (
  key VARCHAR PRIMARY KEY,
  value VARCHAR NOT NULL
);

CREATE SEQUENCE evidence_seq START 1;
CREATE TABLE evidence_files (
  evidence_id INTEGER PRIMARY KEY DEFAULT nextval('evidence_seq'),
  ingest_id VARCHAR NOT NULL,
  path VARCHAR NOT NULL,
  member_path VARCHAR,
  sha256 VARCHAR NOT NULL,
  size BIGINT NOT NULL,
  format VARCHAR NOT NULL,
  records BIGINT NOT NULL DEFAULT 0,
  loaded BIGINT NOT NULL DEFAULT 0,
  quarantined BIGINT NOT NULL DEFAULT 0,
  skipped_reason VARCHAR,
  added_at TIMESTAMPTZ NOT NULL
);

-- time is NULL only for a moment: records without a usable time are moved to ingest_issues by the ingest that read them.
CREATE TABLE events (
  event_uid VARCHAR NOT NULL,
  time TIMESTAMPTZ,
  source VARCHAR NOT NULL,
  evidence_id INTEGER NOT NULL,
  position VARCHAR NOT NULL,
  api_operation VARCHAR,
  api_service VARCHAR,
  resource_uid VARCHAR,
  resource_type VARCHAR,
  outcome VARCHAR NOT NULL,
  error_code VARCHAR,
  src_ip VARCHAR,
  user_agent VARCHAR,
  region VARCHAR,
  account_uid VARCHAR,
  actor_uid VARCHAR,
  actor_name VARCHAR,
  actor_type VARCHAR,
  interactive BOOLEAN NOT NULL DEFAULT false,
  credential_uid VARCHAR,
  session_uid VARCHAR,
  -- The record's JSON text. zstd: about 7x smaller than DuckDB's own choice (FSST), and cheaper to write. VARCHAR, not
  -- JSON: every reader already checks a record is valid JSON while parsing it, and a JSON column parsed it once more
  -- (see README). Cases created before this keep their raw column as it was.
  raw VARCHAR NOT NULL USING COMPRESSION zstd
);

CREATE TABLE identities (
  actor_uid VARCHAR PRIMARY KEY,
  display_name VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  account_uid VARCHAR,
  category VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  reason VARCHAR NOT NULL,
  first_seen TIMESTAMPTZ,
  last_seen TIMESTAMPTZ,
  event_count BIGINT NOT NULL
);

CREATE TABLE identity_overrides (
  actor_uid VARCHAR PRIMARY KEY,
  category VARCHAR NOT NULL,
  note VARCHAR NOT NULL,
  by_user VARCHAR NOT NULL,
  recorded_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE findings (
  id VARCHAR PRIMARY KEY,
  detector VARCHAR NOT NULL,
  severity VARCHAR NOT NULL,
  score DOUBLE NOT NULL,
  actor_uid VARCHAR,
  start_time TIMESTAMPTZ,
  end_time TIMESTAMPTZ,
  title VARCHAR NOT NULL,
  explanation VARCHAR NOT NULL,
  event_uids VARCHAR[] NOT NULL,
  status VARCHAR NOT NULL DEFAULT 'new',
  status_note VARCHAR,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE SEQUENCE annotation_seq START 1;
CREATE TABLE annotations (
  annotation_id INTEGER PRIMARY KEY DEFAULT nextval('annotation_seq'),
  target_kind VARCHAR NOT NULL,
  target_id VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  severity VARCHAR,
  tags VARCHAR[],
  note VARCHAR,
  by_user VARCHAR NOT NULL,
  recorded_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE ingest_issues (
  ingest_id VARCHAR NOT NULL,
  evidence_id INTEGER,
  file VARCHAR NOT NULL,
  position VARCHAR,
  reason VARCHAR NOT NULL,
  excerpt VARCHAR
);
`;
