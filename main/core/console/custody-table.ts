import type { Duck } from '../db/duck';
import { param, sql } from '../db/sql';

/** The console's `custody` table: its columns and their descriptions (documented beside the `q` views). */
export const CUSTODY_COLUMNS = {
  seq: { type: 'BIGINT', comment: 'Line number in custody.jsonl, from 1.' },
  recorded_at: { type: 'TIMESTAMPTZ', comment: 'When the action was recorded.' },
  by_user: { type: 'VARCHAR', comment: 'Who did it (user@host).' },
  action: { type: 'VARCHAR', comment: 'What was done: ingest.finished, finding.status, query.run, ...' },
  detail: { type: 'JSON', comment: "The action's detail: detail->>'$.sha256'." },
  prev: { type: 'VARCHAR', comment: 'SHA-256 of the line before (the chain).' },
  line_sha256: { type: 'VARCHAR', comment: "SHA-256 of this line: the next line's prev." },
} as const;
export const CUSTODY_COMMENT = 'The custody log, one row per line of custody.jsonl, as read when the query ran.';

/**
 * Loads custody.jsonl into a temporary table of the console's connection, before a query that reads it, so it shows
 * every action up to that query. The log lives outside the database (it is the database's witness), so no view can
 * read it; a temporary table is seen by this connection alone and written nowhere in the case. The text travels as
 * one parameter and is split and parsed by DuckDB (4,600 lines: 0.8 s as rows from JavaScript).
 */
export async function loadCustodyTable(db: Duck, text: string): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE custody AS
    SELECT CAST(line->>'$.seq' AS BIGINT) AS seq, CAST(line->>'$.at' AS TIMESTAMPTZ) AS recorded_at,
      line->>'$.by' AS by_user, line->>'$.action' AS action, CAST(line->'$.detail' AS JSON) AS detail,
      line->>'$.prev' AS prev, sha256(line) AS line_sha256
    FROM (SELECT rtrim(l, chr(13)) AS line FROM unnest(string_split(${param(text)}, chr(10))) AS t(l))
    -- a broken line is the chain's problem, reported by the custody check on open
    WHERE line <> '' AND json_valid(line)`);
}
