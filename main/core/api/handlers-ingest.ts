import type { ingestMethods } from '../../../shared/methods/ingest';
import type { Session } from '../session';
import type { HandlersFor } from './handler-types';

/** Handlers for shared/methods/ingest.ts. */
export function ingestHandlers(_session: Session): HandlersFor<typeof ingestMethods> {
  return {};
}
