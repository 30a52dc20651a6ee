import type { lineageMethods } from '../../../shared/methods/lineage';
import { getFinding } from '../analysis/store';
import { lineageGraph } from '../identity/lineage-graph';
import { identityLineage } from '../identity/lineage-query';
import type { Session } from '../session';
import type { HandlersFor } from './handler-types';

/** Handlers for shared/methods/lineage.ts. */
export function lineageHandlers(session: Session): HandlersFor<typeof lineageMethods> {
  const db = () => session.requireCase().db;
  return {
    identityLineage: async ({ actor_uid, depth, limit }) => identityLineage(db(), actor_uid, depth, limit),
    lineageGraph: async (q) => lineageGraph(db(), q, q.finding ? await getFinding(db(), q.finding) : null),
  };
}
