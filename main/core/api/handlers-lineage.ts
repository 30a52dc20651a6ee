import type { lineageMethods } from '../../../shared/methods/lineage';
import { identityLineage } from '../identity/lineage-query';
import type { Session } from '../session';
import type { HandlersFor } from './handler-types';

/** Handlers for shared/methods/lineage.ts. */
export function lineageHandlers(session: Session): HandlersFor<typeof lineageMethods> {
  const db = () => session.requireCase().db;
  return {
    identityLineage: async ({ actor_uid, depth, limit }) => identityLineage(db(), actor_uid, depth, limit),
  };
}
