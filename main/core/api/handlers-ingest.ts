import type { ingestMethods } from '../../../shared/methods/ingest';
import { exportParquet } from '../export/parquet';
import { listMappings, saveMapping } from '../ingest/mappings';
import { listIngestIssues } from '../query/ingest-issues';
import { validateDigests } from '../integrity/validate-digests';
import type { Session } from '../session';
import type { HandlersFor } from './handler-types';

/** Handlers for shared/methods/ingest.ts. */
export function ingestHandlers(session: Session): HandlersFor<typeof ingestMethods> {
  return {
    saveIngestMapping: async (m) => saveMapping(session.requireCase(), m),
    listIngestMappings: async () => listMappings(session.requireCase().db),
    listIngestIssues: async (q) => listIngestIssues(session.requireCase().db, q),
    validateDigests: async ({ public_keys }) => validateDigests(session.requireCase(), public_keys),
    exportParquet: async ({ dir }) => exportParquet(session.requireCase(), dir),
  };
}
