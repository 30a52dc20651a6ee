import type { EventRow } from '../../../shared/model';
import { loadPages } from './load-pages';
import { emptyPaged, resetPaged, type Paged } from './paged';
import type { SliceCreator } from './slice';

export interface EventFilter {
  actor_uid: string | null;
  /** Free text, matched by the core against the whole raw record. */
  search: string;
  /** Exact api_operation. */
  operation: string | null;
}

export interface EventSlice {
  eventFilter: EventFilter;
  events: Paged<EventRow>;
  setEventFilter(patch: Partial<EventFilter>): void;
  loadEvents(first: number, last: number): void;
  reloadEvents(): void;
}

export const createEventSlice: SliceCreator<EventSlice> = (set, get, conn) => ({
  eventFilter: { actor_uid: null, search: '', operation: null },
  events: emptyPaged(),

  setEventFilter: (patch) => {
    set((s) => ({ eventFilter: { ...s.eventFilter, ...patch }, events: resetPaged(s.events) }));
    get().selectEvent(null);
  },

  loadEvents: (first, last) => {
    if (!get().caseInfo) return;
    const { actor_uid, search, operation } = get().eventFilter;
    loadPages(
      {
        read: () => get().events,
        write: (events) => set({ events }),
        fetch: (offset, limit) =>
          conn.api.listEvents({
            ...(actor_uid ? { actor_uid } : {}),
            ...(operation ? { operation } : {}),
            ...(search.trim() ? { search: search.trim() } : {}),
            offset,
            limit,
          }),
        onError: (err) => get().reportError('Loading events', err),
      },
      first,
      last,
    );
  },

  reloadEvents: () => set((s) => ({ events: resetPaged(s.events) })),
});
