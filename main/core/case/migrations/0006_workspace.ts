/**
 * The workspace: where a flag sits on a timeline is kept with it (an event's time and identity, a range's ends),
 * so timelines draw flags without joining millions of events; and the view last open, to reopen it exactly.
 */
export const sql = `
ALTER TABLE annotations ADD COLUMN at_time TIMESTAMPTZ;
ALTER TABLE annotations ADD COLUMN until_time TIMESTAMPTZ;
ALTER TABLE annotations ADD COLUMN actor_uid VARCHAR;

CREATE TABLE view_state (
  name VARCHAR PRIMARY KEY,
  state VARCHAR NOT NULL,
  saved_at TIMESTAMPTZ NOT NULL
);
`;
