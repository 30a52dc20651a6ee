import type { Statement } from '../db/duck';
import { lit, param, sql } from '../db/sql';
import { REJECTS, splitPartsSql } from './cloudtrail/read';
import { MAX_DEPTH, MAX_RECORD_BYTES, tooDeepSql } from './record-limits';

/**
 * Per-ingest temp tables. Reading happens outside any transaction, because DuckDB aborts a whole transaction on
 * the first failed statement and a bad file must only quarantine itself. Events go straight into `events` under
 * this ingest's new evidence ids (one INSERT per batch, so DuckDB writes them in parallel and skips the WAL);
 * evidence, issues and identities are written in one short transaction at the end. Until then no evidence row
 * names those ids, so a failed or cancelled ingest deletes its events by id (and a crash leaves orphans that the
 * next open removes): the case is as it was.
 */
export const CREATE_STAGE_TABLES_SQL = `
CREATE OR REPLACE TEMP TABLE ingest_evidence AS SELECT * FROM evidence_files LIMIT 0;
ALTER TABLE ingest_evidence ALTER records SET DEFAULT 0;
ALTER TABLE ingest_evidence ALTER loaded SET DEFAULT 0;
ALTER TABLE ingest_evidence ALTER quarantined SET DEFAULT 0;
ALTER TABLE ingest_evidence ALTER added_at SET DEFAULT now();
CREATE OR REPLACE TEMP TABLE ingest_new_issues AS SELECT * FROM ingest_issues LIMIT 0;
CREATE OR REPLACE TEMP TABLE ingest_files (
  read_path VARCHAR, evidence_id INTEGER, sha256 VARCHAR, display VARCHAR, position_base BIGINT NOT NULL DEFAULT 0);
CREATE OR REPLACE TEMP TABLE ingest_actors (actor_uid VARCHAR);
`;

/** The columns of ingest_new_issues, for Duck.insertRows: a row without position or excerpt stores NULL there. */
export const INGEST_ISSUE_COLUMNS = {
  ingest_id: 'VARCHAR',
  evidence_id: 'INTEGER',
  file: 'VARCHAR',
  position: 'VARCHAR',
  reason: 'VARCHAR',
  excerpt: 'VARCHAR',
};

export const DROP_STAGE_TABLES_SQL = `
DROP TABLE IF EXISTS ingest_evidence; DROP TABLE IF EXISTS ingest_new_issues; DROP TABLE IF EXISTS ingest_files;
DROP TABLE IF EXISTS ingest_actors; DROP TABLE IF EXISTS ingest_counts; DROP TABLE IF EXISTS ingest_rejected;
DROP TABLE IF EXISTS ingest_not_json; DROP TABLE IF EXISTS ingest_csv_rejected;
DROP TABLE IF EXISTS ${REJECTS.table}; DROP TABLE IF EXISTS ${REJECTS.scans};`;

export const CLEAR_BATCH_SQL = 'DELETE FROM ingest_files;';

/**
 * After the last batch: count per file, quarantine records without a usable time, note the identities touched.
 * One statement each, so the ingest id is bound (the node binding binds only a string's last statement).
 */
export const finishLoadStatements = (ingestId: string): Statement[] => [
  `CREATE OR REPLACE TEMP TABLE ingest_counts AS
SELECT evidence_id, count(*) AS seen, count(time) AS ok
FROM events WHERE evidence_id IN (SELECT evidence_id FROM ingest_evidence) GROUP BY evidence_id`,
  `UPDATE ingest_evidence SET records = ingest_evidence.records + c.seen, loaded = ingest_evidence.loaded + c.ok,
  quarantined = ingest_evidence.quarantined + c.seen - c.ok
FROM ingest_counts c WHERE ingest_evidence.evidence_id = c.evidence_id`,
  sql`INSERT INTO ingest_new_issues
SELECT ${param(ingestId)}, e.evidence_id,
  CASE WHEN f.member_path IS NULL THEN f.path ELSE f.path || '!/' || f.member_path END,
  'record ' || e.position,
  CASE WHEN NOT json_valid(e.raw) THEN 'not valid JSON (the record could not be parsed)'
    WHEN ${lit(tooDeepSql('CAST(e.raw AS VARCHAR)'))}
    THEN ${lit(`'nested more than ${MAX_DEPTH} levels deep (the limit for one record); not read'`)}
    WHEN e.source = 'cloudtrail'
    THEN 'no valid eventTime (' || coalesce(json_extract_string(e.raw, '$.eventTime'), 'missing') || ')'
    ELSE 'no valid timestamp in this ' || e.source || ' record' END,
  left(CAST(e.raw AS VARCHAR), 300)
FROM events e JOIN ingest_evidence f USING (evidence_id)
WHERE e.time IS NULL`,
  `DELETE FROM events WHERE time IS NULL`,
  `INSERT INTO ingest_actors
SELECT DISTINCT actor_uid FROM events
WHERE evidence_id IN (SELECT evidence_id FROM ingest_evidence) AND actor_uid IS NOT NULL
UNION
SELECT DISTINCT resource_uid FROM events
WHERE evidence_id IN (SELECT evidence_id FROM ingest_evidence)
  AND api_operation IN ('AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML') AND resource_uid IS NOT NULL
UNION
SELECT DISTINCT credential_uid FROM events -- Kubernetes impersonators (see sources/k8s.ts)
WHERE evidence_id IN (SELECT evidence_id FROM ingest_evidence) AND source = 'k8s_audit' AND credential_uid IS NOT NULL`,
];

/**
 * After a batch of split parts: each line DuckDB could not read (stored in the rejects tables, see splitPartsSql)
 * is one quarantined record of its evidence file, at the index the line starts with.
 */
export const quarantineRejectsStatements = (ingestId: string): Statement[] => [
  `CREATE OR REPLACE TEMP TABLE ingest_rejected AS
SELECT f.evidence_id, f.display, regexp_extract(r.csv_line, '^([0-9]+)\t', 1) AS idx, r.error_type, r.error_message,
  r.csv_line
FROM ${REJECTS.table} r JOIN ${REJECTS.scans} s USING (scan_id, file_id) JOIN ingest_files f ON f.read_path = s.file_path`,
  sql`INSERT INTO ingest_new_issues
SELECT ${param(ingestId)}, evidence_id, display, CASE WHEN idx <> '' THEN 'record ' || idx END,
  CASE error_type
    WHEN 'INVALID ENCODING' THEN 'not valid UTF-8 (the record could not be read)'
    WHEN 'LINE SIZE OVER MAXIMUM' THEN ${lit(`'over the limit of ${MAX_RECORD_BYTES} bytes for one record; not read'`)}
    WHEN 'TOO MANY COLUMNS' THEN 'a raw tab inside the record (the record could not be read)'
    ELSE 'record could not be read: ' || error_message END,
  left(csv_line, 300)
FROM ingest_rejected`,
  `UPDATE ingest_evidence SET records = ingest_evidence.records + n, quarantined = ingest_evidence.quarantined + n
FROM (SELECT evidence_id, count(*) AS n FROM ingest_rejected GROUP BY ALL) q
WHERE ingest_evidence.evidence_id = q.evidence_id`,
  `DROP TABLE ingest_rejected; DROP TABLE ${REJECTS.table}; DROP TABLE ${REJECTS.scans};`,
];

/**
 * After a batch of parts of salvaged files read by a JSON format (whose reader keeps only the lines that are
 * JSON): each line that is not JSON is one quarantined record, at its index. Lines DuckDB could not read at all
 * are the rejects' (above), so this reader skips them.
 */
export const QUARANTINE_NOT_JSON_SQL = (ingestId: string, files: string[], longest: number): Statement[] => [
  sql`CREATE OR REPLACE TEMP TABLE ingest_not_json AS
   SELECT f.evidence_id, f.display, r.position, r.rec
   FROM (${splitPartsSql(files, longest, { rejects: false })}) r JOIN ingest_files f ON f.read_path = r.read_path
   WHERE NOT json_valid(r.rec)`,
  sql`INSERT INTO ingest_new_issues
   SELECT ${param(ingestId)}, evidence_id, display, 'record ' || position,
     ${lit("'not valid JSON (the record could not be parsed)'")}, left(rec, 300)
   FROM ingest_not_json`,
  `UPDATE ingest_evidence SET records = ingest_evidence.records + n, quarantined = ingest_evidence.quarantined + n
   FROM (SELECT evidence_id, count(*) AS n FROM ingest_not_json GROUP BY ALL) q
   WHERE ingest_evidence.evidence_id = q.evidence_id`,
  'DROP TABLE ingest_not_json',
];

export const DROP_REJECTS_SQL = `DROP TABLE IF EXISTS ${REJECTS.table}; DROP TABLE IF EXISTS ${REJECTS.scans};`;

/** The one transaction that changes the case. */
export const COMMIT_INGEST_SQL = `
INSERT INTO evidence_files SELECT * FROM ingest_evidence;
INSERT INTO ingest_issues SELECT * FROM ingest_new_issues;
`;

/** Events of an ingest that did not finish: its evidence ids were never committed. */
export const DROP_UNCOMMITTED_EVENTS_SQL =
  'DELETE FROM events WHERE evidence_id IN (SELECT evidence_id FROM ingest_evidence)';
