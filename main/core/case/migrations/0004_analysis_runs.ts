/** Analysis runs (parameters and detector versions, for the report's method section) and the findings' provenance. */
export const sql = `
CREATE TABLE analysis_runs (
  run_id VARCHAR PRIMARY KEY,
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ,
  baseline_until TIMESTAMPTZ,
  parameters JSON NOT NULL,
  detectors JSON NOT NULL,
  findings BIGINT NOT NULL DEFAULT 0
);

ALTER TABLE findings ADD COLUMN run_id VARCHAR;
ALTER TABLE findings ADD COLUMN detectors VARCHAR[];
ALTER TABLE findings ADD COLUMN status_by VARCHAR;
ALTER TABLE findings ADD COLUMN status_at TIMESTAMPTZ;
`;
