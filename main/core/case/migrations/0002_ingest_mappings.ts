/** Field mappings the investigator saves for generic JSON lines / CSV logs (see ingest/sources/generic.ts). */
export const sql = `
CREATE TABLE ingest_mappings (
  name VARCHAR PRIMARY KEY,
  kind VARCHAR NOT NULL,
  time_field VARCHAR NOT NULL,
  actor_field VARCHAR NOT NULL,
  action_field VARCHAR NOT NULL,
  ip_field VARCHAR,
  outcome_field VARCHAR,
  saved_at TIMESTAMPTZ NOT NULL
);
`;
