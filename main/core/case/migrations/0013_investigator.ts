/**
 * The investigator of a case: the person named as the actor in custody entries, flags, decisions and the report.
 * One row per setting, never updated: the latest is the investigator now, the earlier ones stay as the record of
 * who held the case before. The OS account that made each setting is kept beside it as a detail.
 */
export const sql = `
CREATE TABLE case_investigator (
  set_at TIMESTAMPTZ NOT NULL,
  name VARCHAR NOT NULL,
  organisation VARCHAR,
  os_user VARCHAR NOT NULL
);
`;
