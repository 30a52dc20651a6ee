/**
 * The custody log's anchor in the database: its head and entry count, written in the same transaction as the change
 * each entry records, with that action's lines (to write them again if a crash lost them), the first break found
 * (kept, so it is reported on every later open) and digests of the evidence tables (see case/digest.ts).
 */
export const sql = `
CREATE TABLE custody_anchor (
  id INTEGER PRIMARY KEY,      -- always 1: one row
  entries BIGINT NOT NULL,     -- lines in custody.jsonl once the last action is written
  head VARCHAR NOT NULL,       -- SHA-256 of the last line
  prev_entries BIGINT NOT NULL, -- the same before the last action
  prev_head VARCHAR NOT NULL,
  pending VARCHAR NOT NULL,    -- the last action's lines, exactly as written
  problem VARCHAR,             -- the first break found in the log, reported until the case is recreated
  updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE case_digests (
  name VARCHAR PRIMARY KEY,    -- the table
  row_count BIGINT NOT NULL,
  sum_hi HUGEINT NOT NULL,     -- sums of the two halves of each row's MD5: independent of row order
  sum_lo HUGEINT NOT NULL,
  engine VARCHAR NOT NULL      -- the DuckDB version that computed it (events use its hash(), see digest.ts)
);
`;
