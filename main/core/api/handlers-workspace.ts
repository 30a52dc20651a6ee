import type { workspaceMethods } from '../../../shared/methods/workspace';
import { queryEvents } from '../query/event-page';
import { countEvents } from '../query/event-count';
import { textIndexStatus } from '../query/text-index';
import { withTextFilter } from '../query/raw-lane';
import { identityFacets, listIdentities } from '../query/identity-explorer';
import { eventHeatmap, eventTimeline } from '../query/timeline';
import { topValues } from '../query/top-values';
import type { Session } from '../session';
import { addAnnotation, listAnnotations, timelineMarkers } from '../workspace/annotations';
import { listCustody } from '../workspace/custody-view';
import { setIdentityCategory } from '../workspace/overrides';
import { getViewState, saveViewState } from '../workspace/view-state';
import type { HandlersFor } from './handler-types';

/** Handlers for shared/methods/workspace.ts. */
export function workspaceHandlers(session: Session): HandlersFor<typeof workspaceMethods> {
  const db = () => session.requireCase().db;
  return {
    queryEvents: async (q) => withTextFilter(db(), q.filter, (conn) => queryEvents(conn, q)),
    countEvents: async ({ filter }) => ({ total: await countEvents(db(), filter) }),
    textIndexStatus: async () => textIndexStatus(db()),
    listIdentities: async (q) => listIdentities(db(), q),
    identityFacets: async (q) => identityFacets(db(), q),
    setIdentityCategory: async ({ actor_uid, category, note }) =>
      setIdentityCategory(session.requireCase(), actor_uid, category, note),
    eventTimeline: async (q) => withTextFilter(db(), q.filter, (conn) => eventTimeline(conn, q)),
    eventHeatmap: async ({ filter }) => withTextFilter(db(), filter, (conn) => eventHeatmap(conn, filter)),
    topValues: async (q) => withTextFilter(db(), q.filter, (conn) => topValues(conn, q)),
    timelineMarkers: async (q) => timelineMarkers(session.requireCase(), q),
    addAnnotation: async (a) => addAnnotation(session.requireCase(), a),
    listAnnotations: async (q) => listAnnotations(session.requireCase(), q),
    saveViewState: async ({ state }) => saveViewState(session.requireCase(), state),
    getViewState: async () => getViewState(session.requireCase()),
    listCustody: async ({ limit }) => listCustody(session.requireCase(), limit),
  };
}
