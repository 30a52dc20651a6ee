import type { ingestMethods } from '../../../shared/methods/ingest';
import { validateDigests } from '../integrity/validate-digests';
import type { Session } from '../session';
import type { HandlersFor } from './handler-types';

/** Handlers for shared/methods/ingest.ts. */
export function ingestHandlers(session: Session): HandlersFor<typeof ingestMethods> {
  return {
    validateDigests: async ({ public_keys }) => validateDigests(session.requireCase(), public_keys),
  };
}
