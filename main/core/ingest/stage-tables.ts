/**
 * Per-ingest temp tables. Reading happens outside any transaction (DuckDB aborts a whole transaction on the
 * first failed statement, and a bad file must only quarantine itself); the case tables are then changed in
 * one short transaction that copies these in, so a failed or cancelled ingest leaves the case untouched.
 */
export const CREATE_STAGE_TABLES_SQL = `
CREATE OR REPLACE TEMP TABLE ingest_evidence AS SELECT * FROM evidence_files LIMIT 0;
ALTER TABLE ingest_evidence ALTER records SET DEFAULT 0;
ALTER TABLE ingest_evidence ALTER loaded SET DEFAULT 0;
ALTER TABLE ingest_evidence ALTER quarantined SET DEFAULT 0;
ALTER TABLE ingest_evidence ALTER added_at SET DEFAULT now();
CREATE OR REPLACE TEMP TABLE ingest_new_issues AS SELECT * FROM ingest_issues LIMIT 0;
CREATE OR REPLACE TEMP TABLE ingest_files (read_path VARCHAR, evidence_id INTEGER, sha256 VARCHAR, display VARCHAR);
CREATE OR REPLACE TEMP TABLE ingest_raw (read_path VARCHAR, position BIGINT, rec JSON);
CREATE OR REPLACE TEMP TABLE ingest_batch AS SELECT * FROM events LIMIT 0;
ALTER TABLE ingest_batch ALTER time DROP NOT NULL;
CREATE OR REPLACE TEMP TABLE ingest_events AS SELECT * FROM events LIMIT 0;
CREATE OR REPLACE TEMP TABLE ingest_actors (actor_uid VARCHAR);
`;

export const DROP_STAGE_TABLES_SQL = `
DROP TABLE IF EXISTS ingest_evidence; DROP TABLE IF EXISTS ingest_new_issues; DROP TABLE IF EXISTS ingest_files;
DROP TABLE IF EXISTS ingest_raw; DROP TABLE IF EXISTS ingest_batch; DROP TABLE IF EXISTS ingest_events;
DROP TABLE IF EXISTS ingest_actors;`;

export const CLEAR_BATCH_SQL = 'DELETE FROM ingest_files; DELETE FROM ingest_raw; DELETE FROM ingest_batch;';

/** Moves one normalised batch on: records without a usable time are quarantined, counts kept per file. */
export const FLUSH_BATCH_SQL = (ingestId: string) => `
INSERT INTO ingest_new_issues
SELECT '${ingestId}', e.evidence_id, f.display, 'record ' || e.position,
  'no valid eventTime (' || coalesce(json_extract_string(e.raw, '$.eventTime'), 'missing') || ')',
  left(CAST(e.raw AS VARCHAR), 300)
FROM ingest_batch e JOIN (SELECT DISTINCT evidence_id, display FROM ingest_files) f USING (evidence_id)
WHERE e.time IS NULL;

UPDATE ingest_evidence SET records = ingest_evidence.records + c.seen, loaded = ingest_evidence.loaded + c.ok,
  quarantined = ingest_evidence.quarantined + c.seen - c.ok
FROM (SELECT evidence_id, count(*) AS seen, count(time) AS ok FROM ingest_batch GROUP BY evidence_id) c
WHERE ingest_evidence.evidence_id = c.evidence_id;

INSERT INTO ingest_events SELECT * FROM ingest_batch WHERE time IS NOT NULL;
`;

/** The one transaction that changes the case. */
export const COMMIT_INGEST_SQL = `
INSERT INTO evidence_files SELECT * FROM ingest_evidence;
INSERT INTO ingest_issues SELECT * FROM ingest_new_issues;
INSERT INTO events SELECT * FROM ingest_events;
`;
