/**
 * The order of every event by one sortable column of the events table (query/sort-ranks.ts): rank → row id, one
 * block of rows per column, written in rank order so a page's ranks are read from one row group. Derived from the
 * events and rebuilt when they change, so in no digest.
 */
export const sql = `
CREATE TABLE sort_ranks (
  sort_column VARCHAR NOT NULL,
  rank BIGINT NOT NULL,
  rid BIGINT NOT NULL
);
`;
