import type { CustodyEntry } from '../case/custody-chain';
import { sha256 } from '../case/custody-chain';
import type { Duck } from '../db/duck';
import { sql } from '../db/sql';

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
 * Loads custody.jsonl into a temporary table of the console's connection, before each query, so it shows every
 * action up to that query. The log lives outside the database (it is the database's witness), so no view can read
 * it; a temporary table is seen by this connection alone and written nowhere in the case.
 */
export async function loadCustodyTable(db: Duck, text: string): Promise<void> {
  const rows = text
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim())
    .flatMap((line) => {
      try {
        const e = JSON.parse(line) as CustodyEntry;
        return [
          {
            seq: e.seq,
            recorded_at: e.at,
            by_user: e.by,
            action: e.action,
            detail: JSON.stringify(e.detail),
            prev: e.prev,
            line_sha256: sha256(line),
          },
        ];
      } catch {
        return []; // a broken line is the chain's problem, reported by the custody check on open
      }
    });
  await db.run(sql`CREATE OR REPLACE TEMP TABLE custody (seq BIGINT, recorded_at TIMESTAMPTZ, by_user VARCHAR, action VARCHAR,
    detail JSON, prev VARCHAR, line_sha256 VARCHAR)`);
  await db.insertRows(
    'temp.main.custody',
    { ...Object.fromEntries(Object.entries(CUSTODY_COLUMNS).map(([k, v]) => [k, v.type])) },
    rows,
  );
}
