/** Events left by an ingest that died mid-way (crash, power loss): ids above every committed evidence id. */
export const DROP_ORPHAN_EVENTS_SQL =
  'DELETE FROM events WHERE evidence_id > (SELECT coalesce(max(evidence_id), 0) FROM evidence_files)';
